"""`personvern breach`: the breach register from the command line (docs/breaches.md)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel, ValidationError

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.declaration.yamlsource import PathKey, parse
from personvern.errors import DomainError

app = typer.Typer(help="The breach register: the 72-hour clock, severity, decision, reports, notices.",
                  no_args_is_help=True)
_QUOTED = re.compile(r"'([^']+)'")


def _container():  # type: ignore[no-untyped-def]
    return open_container(load_settings())


class _Source:
    """A YAML/JSON file with the position of each value, for line-precise messages."""

    def __init__(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise fail(f"{path}: cannot read it ({exc.strerror})") from None
        parsed = parse(text, str(path))
        if parsed.problems:
            raise fail("\n".join(str(p) for p in parsed.problems))
        if not isinstance(parsed.data, dict):
            raise fail(f"{path}:1:1: expected a mapping of fields (title:, aware_at:, people: ...)")
        self.path, self.data, self.positions = path, parsed.data, parsed.positions

    def where(self, loc: PathKey) -> str:
        probe = tuple(loc)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        info = self.positions.get(probe)
        return f"{self.path}:{info.value.line}:{info.value.column}" if info else f"{self.path}"

    def locate(self, message: str) -> str:
        """The position of the first quoted value of ``message`` found in the file."""
        for value in _QUOTED.findall(message):
            for loc, info in self.positions.items():
                if info.source == value:
                    return self.where(loc)
        return str(self.path)


def _validate(model: type[BaseModel], data: dict[str, Any], source: _Source | None) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            field = ".".join(str(p) for p in loc) or "record"
            where = source.where(loc) + ": " if source else ""
            lines.append(f"{where}{field}: {error['msg']}")
        raise fail("the breach record is not valid:\n" + "\n".join(lines)) from None


def _run(call: Any, source: _Source | None = None) -> Any:
    try:
        return call()
    except DomainError as exc:
        raise fail(f"{source.locate(exc.message)}: {exc.message}" if source else exc.message) from None


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _pairs(pairs: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise fail(f"'{pair}' is not FIELD=VALUE (e.g. people='{{\"value\": 12}}' or title=Lost laptop)")
        keys = name.strip().split(".")
        target = found
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        target[keys[-1]] = _value(value)
    return found


@app.command("new")
def new(
    file: Path | None = typer.Option(None, "--file", "-f", help="The record as YAML or JSON (see docs/breaches.md)."),
    set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE (JSON values allowed); repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print the breach as JSON."),
) -> None:
    """Record a breach: its times (aware_at starts the 72 hours), what happened, whom and what it touched."""
    from personvern.breaches.facts import BreachFacts

    source = _Source(file) if file else None
    data = {**(source.data if source else {}), **_pairs(set_)}
    if not data:
        raise fail("give the record: --file record.yaml, or --set FIELD=VALUE for each field")
    facts = _validate(BreachFacts, data, source)
    container = _container()
    breach = _run(lambda: container.breaches.create(facts, actor=cli_actor()), source)
    _show(container, breach.id, as_json)


@app.command("list")
def list_breaches(
    state: str | None = typer.Option(None, help="open or closed."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Every breach with its next deadline (local time); overdue ones are flagged."""
    from personvern.breaches.schemas import BreachOut

    container = _container()
    for breach in container.breaches.list(state=state):
        view = container.breaches.view_of(breach)
        if as_json:
            typer.echo(BreachOut.of(view).model_dump_json())
            continue
        running = [c for c in view.clocks if c.done_at is None]
        clock = "-"
        if running:
            first = min(running, key=lambda c: c.due_at)
            due = container.breaches.local(first.due_at, view.zone).strftime("%Y-%m-%d %H:%M")
            hours = (first.due_at - view.now).total_seconds() / 3600
            clock = f"{first.key} due {due} " + ("OVERDUE" if hours < 0 else f"({hours:.1f} h left)")
        band = view.severity.band if view.severity else "not scored"
        decided = "undecided" if breach.decision is None else (
            "notify" if breach.decision.notify_authority else "register only")
        typer.echo(f"{breach.id}\t{breach.state}\t{clock}\t{band}\t{decided}\t{breach.title}")


def _show(container: Any, breach_id: int, as_json: bool) -> None:
    from personvern.breaches.schemas import BreachOut

    view = _run(lambda: container.breaches.view(breach_id, with_revisions=True))
    if as_json:
        typer.echo(BreachOut.of(view).model_dump_json(indent=2))
        return
    b, f, local = view.breach, view.breach.facts, container.breaches.local
    typer.echo(f"breach {b.id}: {b.title} [{b.state}, revision {b.revision}]")
    typer.echo(f"aware: {local(f.aware_at, view.zone):%Y-%m-%d %H:%M %Z} ({view.zone}); cause: {f.cause}")
    typer.echo(f"people: {f.people.value}{' (estimate)' if f.people.estimate else ''}; "
               f"records: {f.records.value}{' (estimate)' if f.records.estimate else ''}")
    typer.echo(f"data: {', '.join(f.data_categories)}")
    if view.special_categories:
        typer.echo(f"special categories (Art. 9/10): {', '.join(view.special_categories)}")
    for clock in view.clocks:
        due = local(clock.due_at, view.zone)
        if clock.done_at is not None:
            state = f"done {local(clock.done_at, view.zone):%Y-%m-%d %H:%M}" + (" LATE" if clock.late else "")
        else:
            hours = clock.remaining(view.now).total_seconds() / 3600
            state = "OVERDUE" if hours < 0 else f"{hours:.1f} hours left"
        typer.echo(f"clock {clock.key}: due {due:%a %Y-%m-%d %H:%M %Z}: {state}  ({clock.label_en})")
    if view.severity:
        typer.echo(f"severity: {view.severity.band} (SE {view.severity.score:g})")
        for line in view.severity.explanations:
            typer.echo(f"  - {line}")
    if view.proposal:
        typer.echo("proposal: " + "; ".join(view.proposal.reasons))
    if b.decision:
        typer.echo(f"decision: notify authority={'yes' if b.decision.notify_authority else 'no'}, "
                   f"inform people={'yes' if b.decision.inform_people else 'no'} ({b.decision.inform_how}): "
                   f"{b.decision.reasoning}")
    for r in view.revisions:
        typer.echo(f"  rev {r.number} {r.at:%Y-%m-%d %H:%M} UTC {r.actor} {r.kind}"
                   f"{' ' + r.phase if r.phase else ''}: {r.reason}")


@app.command("show")
def show(breach_id: int = typer.Argument(..., help="The breach's number."),
         as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """One breach: its clocks in local time, severity, proposal, decision and every revision."""
    _show(_container(), breach_id, as_json)


@app.command("update")
def update(
    breach_id: int = typer.Argument(..., help="The breach's number."),
    set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE (JSON values allowed); repeatable."),
    file: Path | None = typer.Option(None, "--file", "-f", help="The fields to change, as YAML or JSON."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the revision and the audit trail)."),
) -> None:
    """Change the record: a new revision with who, when and why; the old one stays as it was."""
    source = _Source(file) if file else None
    changes = {**(source.data if source else {}), **_pairs(set_)}
    container = _container()
    breach = _run(lambda: container.breaches.update(breach_id, changes, actor=cli_actor(), reason=reason), source)
    typer.echo(f"breach {breach.id}: revision {breach.revision} ({', '.join(sorted(changes))})")


@app.command("assess")
def assess(
    breach_id: int = typer.Argument(..., help="The breach's number."),
    dpc: str | None = typer.Option(None, help="simple, behavioural, financial or sensitive (default: suggested)."),
    adjust: list[str] = typer.Option([], help="FACTOR:DELTA:REASON, e.g. vulnerable_people:+1:children."),
    ei: str = typer.Option("maximum", help="Ease of identification: negligible, limited, significant, maximum."),
    confidentiality: str = typer.Option("none", help="none, exposed or disclosed."),
    integrity: str = typer.Option("none", help="none, altered_recoverable or altered_unrecoverable."),
    availability: str = typer.Option("none", help="none, temporary or permanent."),
    malicious: bool = typer.Option(False, "--malicious", help="Malicious intent."),
    unintelligible: bool = typer.Option(False, "--unintelligible", help="Securely encrypted; key safe."),
    mitigated: bool = typer.Option(False, "--mitigated", help="Art. 34(3)(b): high risk no longer likely."),
    disproportionate: bool = typer.Option(False, "--disproportionate", help="Art. 34(3)(c): public notice."),
    reason: str = typer.Option("", "--reason", help="Why these factors."),
) -> None:
    """Score the severity (ENISA 2013: SE = DPC x EI + CB); prints the band and the proposal."""
    from personvern.breaches.severity import Assessment

    container = _container()
    base = dpc or _run(lambda: container.breaches.suggested_assessment(breach_id)).dpc_base
    adjustments = []
    for item in adjust:
        factor, _, rest = item.partition(":")
        delta, _, why = rest.partition(":")
        adjustments.append({"factor": factor, "delta": _value(delta.lstrip("+")), "reason": why})
    assessment = _validate(Assessment, {
        "dpc_base": base, "adjustments": adjustments, "ei": ei, "confidentiality": confidentiality,
        "integrity": integrity, "availability": availability, "malicious": malicious,
        "unintelligible": unintelligible, "mitigated": mitigated, "disproportionate": disproportionate}, None)
    _run(lambda: container.breaches.assess(breach_id, assessment, actor=cli_actor(), reason=reason))
    _show(container, breach_id, False)


@app.command("decide")
def decide(
    breach_id: int = typer.Argument(..., help="The breach's number."),
    notify: bool | None = typer.Option(None, "--notify/--no-notify", help="Notify the authority (Art. 33)?"),
    inform: bool | None = typer.Option(None, "--inform/--no-inform", help="Inform the people (Art. 34)?"),
    public: bool = typer.Option(False, "--public", help="A public communication instead (Art. 34(3)(c))."),
    proposal: bool = typer.Option(False, "--as-proposed", help="Take personvern's proposal."),
    reasoning: str = typer.Option(..., "--reasoning", help="The officer's reasoning (kept for Art. 33(5))."),
) -> None:
    """Record the officer's decision with its reasoning; personvern only proposes."""
    from personvern.breaches.decision import Decision

    container = _container()
    view = _run(lambda: container.breaches.view(breach_id))
    if proposal:
        if view.proposal is None:
            raise fail(f"breach {breach_id} has no proposal yet: run `personvern breach assess {breach_id}` first")
        notify = view.proposal.notify_authority if notify is None else notify
        inform = view.proposal.inform_people if inform is None else inform
        public = public or view.proposal.inform_how == "public"
    if notify is None or inform is None:
        raise fail("say --notify or --no-notify, and --inform or --no-inform (or --as-proposed)")
    how = "none" if not inform else ("public" if public else "individual")
    decision = _validate(Decision, {"notify_authority": notify, "inform_people": inform, "inform_how": how,
                                    "reasoning": reasoning}, None)
    _run(lambda: container.breaches.decide(breach_id, decision, actor=cli_actor()))
    _show(container, breach_id, False)


@app.command("report")
def report(
    breach_id: int = typer.Argument(..., help="The breach's number."),
    phase: str | None = typer.Option(None, help="initial, follow_up or final (none: a draft of the record now)."),
    submit: bool = typer.Option(False, "--submit", help="Freeze this phase as sent to the authority now."),
    at: str | None = typer.Option(None, help="With --submit: when it was sent (ISO 8601 with offset)."),
    fmt: str = typer.Option("html", "--format", help="json, html or pdf."),
    lang: str = typer.Option("nb", "--lang", help="nb or en."),
    out: Path | None = typer.Option(None, "--out", help="Write here (pdf needs it); default: print."),
) -> None:
    """The report for Datatilsynet in its form's fields (nb/en), each phase marked."""
    from personvern.breaches.report import ReportBuilder

    if fmt not in ("json", "html", "pdf") or lang not in ("nb", "en"):
        raise fail("--format is json, html or pdf; --lang is nb or en")
    if fmt == "pdf" and out is None:
        raise fail("a PDF needs --out FILE")
    container = _container()
    if submit:
        if phase is None:
            raise fail("--submit needs --phase initial, follow_up or final")
        try:
            when = datetime.fromisoformat(at) if at else None
        except ValueError:
            raise fail(f"--at {at!r} is not an ISO 8601 time (e.g. 2026-01-17T09:30:00+01:00)") from None
        if when is not None and when.tzinfo is None:
            raise fail("--at needs a UTC offset (e.g. +01:00)")
        revision = _run(lambda: container.breaches.report(breach_id, phase, actor=cli_actor(), at=when))  # type: ignore[arg-type]
        typer.echo(f"breach {breach_id}: {phase} report frozen as revision {revision.number}", err=True)
    builder = ReportBuilder(container.breaches)
    document = _run(lambda: builder.document(breach_id, phase))
    if fmt == "json":
        content: str | bytes = builder.json(document)
    elif fmt == "html":
        content = builder.html(document, lang)
    else:
        content = builder.pdf(document, lang)
    if out is None:
        typer.echo(content)
        return
    out.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    typer.echo(f"wrote {out}", err=True)


@app.command("register")
def register_export(
    fmt: str = typer.Option("xlsx", "--format", help="xlsx or csv."),
    lang: str = typer.Option("nb", "--lang", help="nb or en (column headings)."),
    out: Path = typer.Option(..., "--out", help="The file to write."),
) -> None:
    """The Art. 33(5) register: every breach, notified or not, one row each."""
    from personvern.breaches import register

    if fmt not in ("xlsx", "csv"):
        raise fail("--format is xlsx or csv")
    container = _container()
    if fmt == "csv":
        out.write_text(register.to_csv(container.breaches, lang), encoding="utf-8")
    else:
        out.write_bytes(register.to_xlsx(container.breaches, lang))
    typer.echo(f"wrote {out}", err=True)


@app.command("notify")
def notify(
    breach_id: int = typer.Argument(..., help="The breach's number."),
    draft: bool = typer.Option(False, "--draft", help="Print the notice as it will be sent."),
    lang: str = typer.Option("nb", "--lang", help="nb or en (the draft; the language of the notices)."),
    count: bool = typer.Option(False, "--count", help="Count the people the selection reaches."),
    approve: bool = typer.Option(False, "--approve", help="Approve the notices, then send them."),
    send: bool = typer.Option(False, "--send", help="Send (or resume sending) approved notices."),
) -> None:
    """Notices to the people (Art. 34): draft, count, approve and send; each person is mailed once."""
    from personvern.breaches.notify import build_notice_service

    if not (draft or count or approve or send):
        raise fail("say what to do: --draft, --count, --approve or --send")
    container = _container()
    notices = build_notice_service(container)
    if draft:
        mail = _run(lambda: notices.draft(breach_id, lang))
        typer.echo(f"Subject: {mail.subject}\n\n{mail.text}")
    if count:
        found = _run(lambda: notices.find(breach_id))
        typer.echo(f"{len(found.addresses)} people in {found.rows} rows (through {' -> '.join(found.path)})")
    if approve:
        _run(lambda: container.breaches.approve_notices(breach_id, actor=cli_actor()))
        added = _run(lambda: notices.prepare(breach_id, actor=cli_actor(), language=lang))
        typer.echo(f"approved; {added} people to notify")
    if approve or send:
        result = _run(lambda: notices.run(breach_id, actor=cli_actor()))
        typer.echo(f"sent {result.sent}; settled after an interruption {result.settled}; "
                   f"uncertain {result.uncertain}; still pending {result.remaining}; "
                   f"recipients: {json.dumps(notices.counts(breach_id), sort_keys=True)}")
        if result.uncertain:
            raise fail(f"{result.uncertain} notices may or may not have been delivered (SMTP, interrupted): "
                       "check and record them by hand; they are not sent again")
