"""`personvern discover`: find personal data in the company's databases that the declaration
does not cover (``--config``), or in any database (``--url``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from personvern.cli.common import load_settings, fail
from personvern.clock import Clock
from personvern.connectors.factory import dispose_all
from personvern.errors import DomainError


def _progress(quiet: bool):
    if quiet:
        return None

    def report(table: str, index: int, total: int, result) -> None:
        if result is None:
            if sys.stderr.isatty():
                sys.stderr.write(f"[{index}/{total}] {table} …\r")
        else:
            found = len(result.personal)
            sys.stderr.write(f"[{index}/{total}] {table}: {result.sampled} rows sampled "
                             f"({result.method}, {result.seconds:.2f} s), {found} personal column"
                             f"{'' if found == 1 else 's'}\n")
        sys.stderr.flush()

    return report


def run_discovery(loaded: object, *, sample_size: int = 1000, time_limit: float = 20.0,
                  quiet: bool = True):
    """Scans every dataset of a loaded declaration; returns the result and the data map."""
    from personvern.datamap.declared import datamap_of
    from personvern.discovery.service import DiscoveryService, ScanOptions

    datamap = datamap_of(loaded)
    service = DiscoveryService(Clock(), ScanOptions(sample_size, time_limit))
    try:
        result = service.discover(loaded.declaration, datamap,  # type: ignore[attr-defined]
                                  progress=_progress(quiet))
    finally:
        dispose_all()
    return result, datamap


def discover(
    config: Path | None = typer.Option(None, "--config", "-c", help="The declaration (personvern.yaml): "
                                       "scan every declared dataset and compare with it."),
    url: str | None = typer.Option(None, "--url", help="Scan this database instead (no declaration); "
                                   "e.g. postgresql://user@host/db"),
    schema: str | None = typer.Option(None, "--schema", help="Database schema (with --url)."),
    sample_size: int = typer.Option(1000, "--sample-size", min=1, help="Rows sampled per table."),
    time_limit: float = typer.Option(20.0, "--time-limit", min=0.01, help="Seconds per table."),
    table: list[str] = typer.Option([], "--table", "-t", help="Only this table (repeatable, with --url)."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the report as JSON to this file."),
    html_out: Path | None = typer.Option(None, "--html", help="Write the report as HTML to this file."),
    draft_out: Path | None = typer.Option(None, "--draft", help="Write a Fides dataset draft (YAML) "
                                          "of the undeclared collections and fields to this file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
) -> None:
    """Sample each table, classify each column, and report personal data (masked examples only)."""
    from personvern.datamap.model import DatamapError
    from personvern.discovery import draft, report
    from personvern.discovery.service import DiscoveryService, ScanOptions

    if (config is None) == (url is None):
        raise fail("give either --config personvern.yaml or --url DATABASE_URL")
    specs = []
    try:
        if config is not None:
            loaded = _load(config)
            result, datamap = run_discovery(loaded, sample_size=sample_size, time_limit=time_limit,
                                            quiet=quiet)
            specs = [(d, datamap.datasets.get(d.dataset)) for d in result.databases]
        else:
            service = DiscoveryService(Clock(), ScanOptions(sample_size, time_limit, tuple(table)))
            try:
                result = service.scan_only(url or "", dataset=_name(url or ""), schema=schema,
                                           progress=_progress(quiet))
            finally:
                dispose_all()
            specs = [(d, None) for d in result.databases]
    except DatamapError as exc:
        raise fail(exc.message) from None
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(report.to_text(result))
    for path, text in ((json_out, lambda: report.to_json(result)), (html_out, lambda: report.to_html(result)),
                       (draft_out, lambda: draft.draft_yaml(specs))):
        if path is not None:
            path.write_text(text(), encoding="utf-8")
            typer.echo(f"wrote {path}")
    raise typer.Exit(1 if result.errors else 0)


def _load(config: Path):
    from personvern.declaration.loader import load
    from personvern.declaration.problems import DeclarationInvalid

    load_settings(config)  # the folder's personvern.toml: its env file holds the datasets' URLs
    try:
        return load(config)
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} problems in the declaration; run `personvern check {config}`") from None


def _name(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        database = make_url(url).database or "database"
    except (ArgumentError, ValueError):
        return "database"
    return Path(database).stem or "database"
