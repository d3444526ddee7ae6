"""`personvern retention`: plan, run, report, holds."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.declaration.problems import DeclarationInvalid
from personvern.errors import DomainError
from personvern.retention import report
from personvern.retention.entities import Progress
from personvern.retention.schemas import HoldOut, RunOut
from personvern.retention.service import RetentionService
from personvern.retention.target import RetentionTarget

app = typer.Typer(help="Retention: delete or anonymise what has expired; legal holds.", no_args_is_help=True)
holds_app = typer.Typer(help="Legal holds: data excluded from retention until lifted.", no_args_is_help=True)
app.add_typer(holds_app, name="holds")

CONFIG = typer.Option(None, "--config", "-c", help="The declaration (personvern.yaml); default: the "
                      "version loaded into the store.")
BATCH = typer.Option(None, "--batch-size", min=1, max=100_000, help="Rows per batch (one transaction each).")
JSON = typer.Option(False, "--json", help="JSON instead of text.")


def _service() -> RetentionService:
    return open_container(load_settings()).retention


def _target(service: RetentionService, config: Path | None) -> RetentionTarget:
    try:
        return service.target_from(config) if config else service.current_target()
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} problems in the declaration") from None
    except DomainError as exc:
        raise fail(exc.message) from None


@app.command("plan")
def plan(config: Path | None = CONFIG, batch_size: int | None = BATCH, as_json: bool = JSON) -> None:
    """Dry run: per sweep, how many rows would be deleted or anonymised, the cutoffs, examples."""
    service = _service()
    result = service.plan(_target(service, config), batch_size=batch_size)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, default=str))
        return
    for line in report.plan_lines(result):
        typer.echo(line)


@app.command("run")
def run(config: Path | None = CONFIG, batch_size: int | None = BATCH,
        dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would be done (the plan)."),
        as_json: bool = JSON) -> None:
    """Delete / anonymise what has expired, in batches; resumes a run that was interrupted."""
    if dry_run:
        plan(config, batch_size, as_json)
        return
    service = _service()
    target = _target(service, config)

    def progress(step: Progress) -> None:
        if not as_json:
            typer.echo(report.progress_line(step))

    try:
        done = service.run(target, actor=cli_actor(), trigger="cli", batch_size=batch_size, progress=progress)
    except DomainError as exc:
        raise fail(exc.message) from None
    _show_run(service, done.id, as_json)


@app.command("report")
def show_report(run_id: int = typer.Argument(..., help="The run's id."), as_json: bool = JSON) -> None:
    """The report of one run: per sweep rows affected, skipped, time and errors."""
    _show_run(_service(), run_id, as_json)


@app.command("runs")
def runs(limit: int = typer.Option(20, min=1, max=500, help="How many, newest first.")) -> None:
    """The latest runs."""
    for item in _service().runs(limit):
        totals = item.totals
        typer.echo(f"{item.id}\t{item.started_at:%Y-%m-%d %H:%M:%S}\t{item.state}\t{item.trigger}\t"
                   f"deleted {totals.get('deleted', 0)}\tanonymised {totals.get('anonymised', 0)}")


def _show_run(service: RetentionService, run_id: int, as_json: bool) -> None:
    try:
        found, sweeps = service.report(run_id)
    except DomainError as exc:
        raise fail(exc.message) from None
    if as_json:
        typer.echo(RunOut.of(found, sweeps).model_dump_json(indent=2))
        return
    for line in report.run_lines(found, sweeps):
        typer.echo(line)


@holds_app.command("list")
def holds_list(all_: bool = typer.Option(False, "--all", help="Also lifted holds."), as_json: bool = JSON) -> None:
    """Legal holds and release decisions."""
    holds = _service().holds(active_only=not all_)
    if as_json:
        typer.echo(json.dumps([HoldOut.of(h).model_dump(mode="json") for h in holds], indent=2))
        return
    if not holds:
        typer.echo("no holds")
    for hold in holds:
        state = "active" if hold.active else f"lifted {hold.lifted_at:%Y-%m-%d}"
        typer.echo(f"{hold.id}\t{hold.decision}\t{hold.label}\t{state}\t{hold.set_by}\t{hold.reason}")


@holds_app.command("add")
def holds_add(
    reason: str = typer.Option(..., help="Why (the case, the law)."),
    person: str | None = typer.Option(None, help="A person by one identity: TYPE=VALUE, e.g. email=kari@example.com."),
    dataset: str | None = typer.Option(None, help="A dataset key."),
    activity: str | None = typer.Option(None, help="An activity key."),
    decision: str = typer.Option("keep", help="'keep' (legal hold) or 'release' (a restricted person's "
                                 "expired data may be swept)."),
) -> None:
    """Set a legal hold on a person, a dataset or an activity."""
    chosen = [(s, v) for s, v in (("person", person), ("dataset", dataset), ("activity", activity)) if v]
    if len(chosen) != 1:
        raise fail("give exactly one of --person, --dataset, --activity")
    scope, value = chosen[0]
    identity = None
    if scope == "person":
        kind, sep, given = value.partition("=")
        if not sep or not kind or not given:
            raise fail("--person takes TYPE=VALUE, e.g. email=kari@example.com")
        identity = (kind.strip(), given.strip())
    try:
        hold = _service().add_hold(scope=scope, reason=reason, actor=cli_actor(), decision=decision,
                                   target=None if identity else value, identity=identity)
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"hold {hold.id}: {hold.decision} {hold.label}")


@holds_app.command("lift")
def holds_lift(hold_id: int = typer.Argument(..., help="The hold's id."),
               reason: str = typer.Option(..., help="Why it is lifted.")) -> None:
    """Lift a hold: its data is swept again when it has expired."""
    try:
        hold = _service().lift_hold(hold_id, reason=reason, actor=cli_actor())
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"hold {hold.id} lifted")
