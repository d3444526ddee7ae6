"""`personvern check PATH`: validate a declaration without touching the store."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid
from personvern.declaration.summary import summarise


def check_command(path: Path) -> int:
    """Prints the summary and returns 0, or prints every problem and returns 1."""
    try:
        loaded = load(path)
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem))
        count = len(exc.problems)
        typer.echo(f"{count} problem{'' if count == 1 else 's'} found")
        return 1
    typer.echo(summarise(loaded))
    return 0
