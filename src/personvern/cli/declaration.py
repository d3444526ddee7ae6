from __future__ import annotations

from pathlib import Path

import typer

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.declaration.problems import DeclarationInvalid
from personvern.errors import DomainError

app = typer.Typer(help="Load the declaration into the store and list its versions.", no_args_is_help=True)


@app.command("load")
def load(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="personvern.yaml")) -> None:
    """Validate and store the declaration; an unchanged file makes no new version."""
    container = open_container(load_settings(path))
    try:
        outcome = container.declarations.load_file(path, actor=cli_actor())
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem))
        raise fail(f"{len(exc.problems)} problems found; nothing was stored") from None
    version = outcome.version
    if outcome.created:
        typer.echo(f"stored as version {version.id} ({version.content_hash[:12]})")
    else:
        typer.echo(f"unchanged: version {version.id} ({version.content_hash[:12]}) is current")


@app.command("history")
def history() -> None:
    """List every stored version, oldest first."""
    container = open_container(load_settings())
    versions = container.declarations.history()
    if not versions:
        typer.echo("no declaration loaded yet; run `personvern declaration load personvern.yaml`")
    for v in versions:
        typer.echo(f"{v.id}\t{v.loaded_at:%Y-%m-%d %H:%M:%S}\t{v.content_hash[:12]}\t{v.loaded_by}\t{v.controller}")


@app.command("show")
def show(version: int = typer.Argument(..., help="Version id from `history`.")) -> None:
    """Print the declaration file exactly as stored in a version."""
    container = open_container(load_settings())
    try:
        stored = container.declarations.version(version)
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(stored.files["personvern.yaml"], nl=False)
