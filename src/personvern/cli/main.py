"""The `personvern` command."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern import __version__
from personvern.cli import audit, consent, declaration, jobs, notice, tokens
from personvern.cli import datamap
from personvern.cli import discover as discover_cli
from personvern.cli import dsr
from personvern.cli import retention
from personvern.cli import policy as policy_cli
from personvern.cli import breach
from personvern.cli import scan as scan_cli
from personvern.cli import requests as requests_cli
from personvern.cli.check import check_command
from personvern.cli.common import load_settings, open_container, set_global_config
from personvern.cli.init import init
from personvern.cli.serve import demo, serve, worker

app = typer.Typer(
    name="personvern",
    help="Privacy operations: a declaration file made into running GDPR machinery.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    config: Path | None = typer.Option(
        None, "--config", envvar="PERSONVERN_CONFIG", show_envvar=True,
        help="The folder's personvern.toml (or its folder, or the declaration beside it). "
        "Default: personvern.toml in the current folder.",
    ),
) -> None:
    """Privacy operations: a declaration file made into running GDPR machinery."""
    set_global_config(config)


app.add_typer(declaration.app, name="declaration")
app.add_typer(tokens.app, name="token")
app.add_typer(audit.app, name="audit")
app.add_typer(dsr.app, name="dsr")
app.add_typer(datamap.app, name="datamap")
app.add_typer(consent.app, name="consent")
app.add_typer(requests_cli.app, name="requests")
app.add_typer(notice.app, name="notice")
app.add_typer(retention.app, name="retention")
app.add_typer(jobs.app, name="jobs")
app.add_typer(policy_cli.app, name="policy")
app.add_typer(breach.app, name="breach")
app.command("ropa")(notice.ropa)
app.command("serve")(serve)
app.command("demo")(demo)
app.command("worker")(worker)
app.command("init")(init)
app.command("discover")(discover_cli.discover)
app.command("scan")(scan_cli.scan)

db_app = typer.Typer(help="personvern's own store.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.command("check")
def check(
    path: Path = typer.Argument(..., help="The declaration file (personvern.yaml)."),
    discover: bool = typer.Option(False, "--discover", help="Also scan the declared databases and "
                                  "add what `personvern discover` finds to the problems."),
) -> None:
    """Validate a declaration: a summary and exit 0, or every problem as file:line:column and exit 1."""
    raise typer.Exit(check_command(path, discover=discover))


@app.command("version")
def version() -> None:
    """Print personvern's version."""
    typer.echo(__version__)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration to the configured store (also done by every command)."""
    settings = load_settings()
    open_container(settings)
    typer.echo(f"store is at the newest schema ({settings.database.url.split('@')[-1]})")


def main() -> None:
    app()
