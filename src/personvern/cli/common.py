"""What every command needs: settings from the environment, a migrated store, output."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern.container import Container
from personvern.db.migrate import upgrade, upgrade_in_child_process
from personvern.errors import DomainError
from personvern.settings import Settings

CLI_ACTOR = "cli"


def load_settings(config: Path | None = None, **overrides: object) -> Settings:
    settings = Settings()
    if config is not None:
        settings = settings.model_copy(update={"declaration": config})
    if overrides:
        settings = settings.model_copy(update=overrides)
    return settings


def open_container(settings: Settings, *, long_running: bool = False) -> Container:
    """A container on a migrated store. Long-running commands migrate in a child process."""
    container = Container(settings)
    if long_running:
        upgrade_in_child_process(container.db)
    else:
        upgrade(container.db)
    return container


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def cli_actor() -> str:
    import getpass

    try:
        return f"{CLI_ACTOR}:{getpass.getuser()}"
    except (KeyError, OSError):
        return CLI_ACTOR


def handle_domain_error(exc: DomainError) -> typer.Exit:
    return fail(exc.message)
