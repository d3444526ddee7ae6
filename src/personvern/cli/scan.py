"""`personvern scan URL --config personvern.yaml`: the website scan (``personvern.scan``)."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid
from personvern.errors import Invalid
from personvern.scan.config import ScanOptions, load_site_config, parse_states
from personvern.scan.entities import PageVisit
from personvern.scan.report import terminal, write_all
from personvern.scan.scanner import Scanner
from personvern.scan.trackers import TrackerList

BAD_INPUT = 2


def scan(
    url: str = typer.Argument(..., help="Start page of the site, http://… or https://…"),
    config: Path = typer.Option(..., "--config", help="The declaration (personvern.yaml)."),
    pages: int = typer.Option(20, "--pages", help="Page budget for each state."),
    out: Path = typer.Option(Path("scan-report"), "--out", help="Folder for the reports."),
    states: str = typer.Option(
        "none,reject,accept", "--states",
        help="Comma-separated: none, reject, accept, only:preferences|statistics|marketing.",
    ),
    site_config: Path | None = typer.Option(
        None, "--site-config", help="YAML: another banner's selectors, hosts of services."
    ),
    trackers: Path | None = typer.Option(
        None, "--trackers", help="A CSV of extra tracker entries (columns as the shipped list)."
    ),
    scope: str = typer.Option(
        "path", "--scope", help="Which links to follow: path (under the start URL's folder), "
        "origin, or site (the registrable domain).",
    ),
    timeout: float = typer.Option(15.0, "--timeout", help="Seconds allowed for each navigation."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress lines."),
) -> None:
    """Scan a website before and after consent and hold it against the declaration.

    Exit code: 0 no violations, 1 violations, 2 bad input, 3 the site could not be scanned
    in every state (the partial report is still written)."""
    try:
        loaded = load(config)
        options = ScanOptions(pages=pages, states=parse_states(states), timeout_s=timeout,
                              scope=scope)
        site = load_site_config(site_config)
        tracker_list = TrackerList.load(trackers)
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(BAD_INPUT) from None
    except Invalid as exc:
        typer.secho(f"error: {exc.message}", err=True, fg=typer.colors.RED)
        raise typer.Exit(BAD_INPUT) from None

    def progress(state: str, number: int, budget: int, visit: PageVisit) -> None:
        if not quiet:
            note = f"  ! {visit.error}" if visit.error else ""
            typer.echo(f"[{state} {number}/{budget}] {visit.url} ({visit.seconds:.1f} s){note}",
                       err=True)

    scanner = Scanner(loaded.declaration, tracker_list, site)
    try:
        report = scanner.run(url, options, out, progress)
    except Invalid as exc:
        typer.secho(f"error: {exc.message}", err=True, fg=typer.colors.RED)
        raise typer.Exit(BAD_INPUT) from None
    paths = write_all(report, out)
    for line in terminal(report):
        typer.echo(line)
    typer.echo(f"reports: {paths['html']}, {paths['json']}, {paths['har']}")
    raise typer.Exit(report.exit_code())
