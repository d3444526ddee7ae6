"""`personvern requests`: the privacy officer's workflow (list, show, approve, refuse, extend)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from personvern.jobs.queue import queue_location
from personvern.privacy_center.context import EXECUTE as CENTER_EXECUTE
from personvern.requests.tasks import EXECUTE as ENGINE_EXECUTE

REQUEST_JOBS = (CENTER_EXECUTE, ENGINE_EXECUTE)
from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.errors import DomainError

app = typer.Typer(
    help="Data-subject requests from the privacy center: deadlines, approval, refusal, extension.",
    no_args_is_help=True,
)


def _center():  # type: ignore[no-untyped-def]

    return open_container(load_settings()).privacy_center


def _show_jobs(request_id: int) -> None:
    """The request's jobs that have not simply finished: waiting, running, retrying or failed."""
    ledger = open_container(load_settings()).jobs.ledger
    if ledger is None:
        return
    for job in ledger.for_ref(request_id, REQUEST_JOBS):
        if job.state != "done":
            error = f" ({job.error})" if job.error else ""
            typer.echo(f"job {job.name}: {job.state.upper() if job.state == 'failed' else job.state} "
                       f"after {job.attempts} attempt(s){error}; queued {job.queued_at:%Y-%m-%d %H:%M} UTC")


def _say_where_queued() -> None:
    settings = load_settings()
    where = queue_location(settings)
    if settings.jobs.backend == "memory":
        typer.echo(f"its work ran in {where}", err=True)
    else:
        typer.echo(f"its work (execution, mail) is queued on the {settings.jobs.backend} queue at {where}; "
                   "the running service or `personvern worker` carries it out "
                   "(`personvern jobs status` shows it)", err=True)


def _changes(pairs: list[str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise fail(f"'{pair}' is not FIELD=VALUE (e.g. customers.phone=+4791234567)")
        changes[name.strip()] = value
    return changes


@app.command("list")
def list_requests(
    state: str | None = typer.Option(None, help="received, verified, approved, executing, completed, refused, referred."),
    kind: str | None = typer.Option(None, help="access, portability, erasure, rectification, restriction, objection, withdrawal."),
    due_before: str | None = typer.Option(None, help="Only those due on or before this date (YYYY-MM-DD)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only requests past their deadline."),
    limit: int = typer.Option(200, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Requests with their state and deadline, newest first; overdue ones are flagged."""
    from personvern.privacy_center.schemas import WorkflowOut

    try:
        before = date.fromisoformat(due_before) if due_before else None
    except ValueError:
        raise fail(f"--due-before {due_before!r} is not a date (YYYY-MM-DD)") from None
    rows = _center().views.list(state=state, kind=kind, due_before=before, overdue=True if overdue else None,
                                limit=limit)
    for row in rows:
        out = WorkflowOut.of(row)
        if as_json:
            typer.echo(out.model_dump_json())
            continue
        due = out.due_on.isoformat() if out.due_on else "-"
        flag = "OVERDUE" if out.overdue else (f"{out.days_left}d left" if out.days_left is not None else "")
        extended = " (extended)" if out.extended else ""
        typer.echo(f"{out.id}\t{out.asked}\t{out.state}\tdue {due}{extended}\t{flag}")


@app.command("show")
def show(request_id: int = typer.Argument(..., help="The request's number.")) -> None:
    """One request: identity, what was asked, deadline, result, and its audit trail."""
    from personvern.privacy_center.schemas import WorkflowDetailOut

    try:
        detail = WorkflowDetailOut.of_detail(_center().views.detail(request_id))
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"request {detail.id}: {detail.asked} ({detail.kind}), {detail.state}")
    typer.echo(f"identity: {', '.join(f'{k}={v}' for k, v in detail.identity.items())}")
    typer.echo(f"received: {detail.received_at:%Y-%m-%d %H:%M} UTC; verified: "
               f"{detail.verified_at.strftime('%Y-%m-%d %H:%M') + ' UTC' if detail.verified_at else '-'}")
    due = detail.due_on.isoformat() if detail.due_on else "-"
    extended = f", extended by {detail.extension_months} month(s)" if detail.extended else ""
    typer.echo(f"due: {due}{extended}{'  OVERDUE' if detail.overdue else ''}")
    if detail.needs_review and detail.state == "verified":
        typer.echo(f"waits for approval: {detail.needs_review}")
    if detail.details:
        typer.echo("details: " + json.dumps(detail.details, ensure_ascii=False, sort_keys=True))
    if detail.result:
        typer.echo("result: " + json.dumps(detail.result, ensure_ascii=False, sort_keys=True, default=str))
    _show_jobs(request_id)
    typer.echo("audit trail:")
    for entry in detail.audit:
        typer.echo(f"  {entry.id}\t{entry.at:%Y-%m-%d %H:%M:%S}\t{entry.actor}\t{entry.action}\t"
                   + json.dumps(entry.details, ensure_ascii=False, sort_keys=True, default=str))


@app.command("approve")
def approve(
    request_id: int = typer.Argument(..., help="The request's number."),
    change: list[str] = typer.Option([], "--change", help="For a correction: FIELD=VALUE, e.g. customers.phone=+4791234567 (repeatable)."),
) -> None:
    """Approve a verified request; it is carried out by the job worker."""
    try:
        request = _center().workflow.approve(request_id, actor=cli_actor(), changes=_changes(change) or None)
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"request {request.id} approved ({request.state})")
    _say_where_queued()


@app.command("refuse")
def refuse(
    request_id: int = typer.Argument(..., help="The request's number."),
    reason: str = typer.Option(..., help="Why, written for the person; it is mailed to them with their rights."),
) -> None:
    """Refuse a request not yet carried out; the person is told why and how to complain."""
    try:
        request = _center().workflow.refuse(request_id, actor=cli_actor(), reason=reason)
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"request {request.id} refused; the person has been told why")
    _say_where_queued()


@app.command("extend")
def extend(
    request_id: int = typer.Argument(..., help="The request's number."),
    reason: str = typer.Option(..., help="Why more time is needed; it is mailed to the person."),
    months: int = typer.Option(2, min=1, max=2, help="Further months (at most 2, GDPR Art. 12(3))."),
) -> None:
    """Extend the deadline once, while the first month runs; the person is told why."""
    try:
        case = _center().workflow.extend(request_id, actor=cli_actor(), months=months, reason=reason)
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"request {request_id}: the deadline is now {case.due_on}; the person has been told why")
    _say_where_queued()
