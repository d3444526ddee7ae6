"""`personvern consent ...`: verify a cookie, export the log, statistics, checkpoints."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from enum import Enum
from pathlib import Path

import typer

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.consent.service import ConsentService
from personvern.errors import DomainError

app = typer.Typer(help="Consent records: proof, export, statistics.", no_args_is_help=True)


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


def _service() -> ConsentService:
    return open_container(load_settings()).consent


@app.command("verify")
def verify(value: str = typer.Argument(..., help="The value of a visitor's personvern_consent cookie.")) -> None:
    """Say whether a consent cookie matches a stored record and is unaltered (exit 1 if not)."""
    outcome = _service().verify(value)
    if outcome.valid:
        typer.echo(f"valid: {outcome.reason} (consent {outcome.consent_id}, "
                   f"recorded {outcome.recorded_at:%Y-%m-%d %H:%M:%S} UTC, method {outcome.method})")
        return
    typer.secho(f"NOT valid: {outcome.reason}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@app.command("export")
def export(
    start: str | None = typer.Option(None, "--from", help="First day (YYYY-MM-DD, UTC)."),
    end: str | None = typer.Option(None, "--to", help="Last day, included (YYYY-MM-DD, UTC)."),
    property: str | None = typer.Option(None, "--property", help="One site, e.g. https://shop.example.com"),
    fmt: Format = typer.Option(Format.csv, "--format", help="csv or jsonl (JSON Lines)."),
    out: Path | None = typer.Option(None, "--out", help="Output file (default: standard output)."),
) -> None:
    """Export the consent log for an auditor; the export is recorded in the audit log."""
    first, last = _day(start, "--from"), _day(end, "--to")
    service = _service()
    handle = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        count = service.export(handle, fmt.value, actor=cli_actor(), start=first, end=last, property=property)
    finally:
        if out:
            handle.close()
    typer.echo(f"{count} records exported" + (f" to {out}" if out else ""), err=True)


@app.command("stats")
def stats(
    start: str | None = typer.Option(None, "--from", help="First day (default: 30 days ago)."),
    end: str | None = typer.Option(None, "--to", help="Last day, included (default: today)."),
    property: str | None = typer.Option(None, "--property", help="One site origin."),
) -> None:
    """Impressions, decisions and the consent rate per category, per day."""
    last = _day(end, "--to") or date.today()
    first = _day(start, "--from") or last - timedelta(days=30)
    try:
        days = _service().stats(first, last, property)
    except DomainError as exc:
        raise fail(exc.message) from None
    categories = sorted({c for day in days for c in day.granted})
    typer.echo("\t".join(["day", "impressions", "decisions", "withdrawals", *categories]))
    for day in days:
        rates = day.rates()
        cells = [f"{day.granted.get(c, 0)} ({_percent(rates.get(c))})" for c in categories]
        typer.echo("\t".join([str(day.day), str(day.impressions), str(day.decisions),
                              str(day.withdrawals), *cells]))


@app.command("checkpoint")
def checkpoint() -> None:
    """Seal the records since the last checkpoint into the audit log now."""
    made = _service().ledger.checkpoint(actor=cli_actor())
    if made is None:
        typer.echo("nothing new to checkpoint (records younger than a minute wait for the next one)")
        return
    typer.echo(f"checkpoint {made.id}: records {made.first_record_id}-{made.last_record_id} "
               f"({made.count}), digest {made.digest[:16]}, audit entry {made.audit_entry_id}")


@app.command("integrity")
def integrity() -> None:
    """Check every record's seal and every checkpoint; exit 1 on any problem."""
    report = _service().ledger.integrity()
    for problem in report.problems:
        typer.secho(problem, fg=typer.colors.RED, err=True)
    summary = (f"{report.records} records, {report.checkpoints} checkpoints, "
               f"{report.unchecked_records} records not yet in a checkpoint")
    if not report.ok:
        raise fail(f"consent log NOT intact: {summary}")
    typer.echo(f"consent log intact: {summary}")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} must be a date like 2026-01-31, not {value!r}") from None


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"
