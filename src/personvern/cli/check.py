"""`personvern check PATH`: validate a declaration without touching the store."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid
from personvern.declaration.summary import summarise


def check_command(path: Path, *, discover: bool = False) -> int:
    """Prints the summary and returns 0, or prints every problem and returns 1. With
    ``discover``, the declared databases are scanned and discovery's problems are added."""
    try:
        loaded = load(path)
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem))
        count = len(exc.problems)
        typer.echo(f"{count} problem{'' if count == 1 else 's'} found")
        return 1
    typer.echo(summarise(loaded))
    if discover:
        from personvern.cli.common import load_settings

        load_settings(path)  # the folder's env file holds the datasets' connection URLs
        return _discover(loaded)
    return 0


def _discover(loaded: object) -> int:
    from personvern.cli.discover import run_discovery
    from personvern.errors import DomainError

    try:
        result, _ = run_discovery(loaded)
    except DomainError as exc:
        typer.echo(f"discover: {exc.message}")
        typer.echo("1 problem found")
        return 1
    for problem in result.problems:
        typer.echo(f"discover: {problem}")
    errors = len(result.errors)
    count = len(result.problems)
    typer.echo(f"{count} problem{'' if count == 1 else 's'} found by discovery ({errors} error"
               f"{'' if errors == 1 else 's'})")
    return 1 if errors else 0
