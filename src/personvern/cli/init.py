"""`personvern init`: a new personvern folder (config file, store, secret)."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern.cli.common import fail, load_settings, open_container
from personvern.config import CONFIG_FILE, render


def init(
    folder: Path = typer.Argument(Path("."), help="The folder to set up (created if missing)."),
    declaration: str = typer.Option(
        "personvern.yaml", help="The declaration's file name, relative to the folder."
    ),
    database_url: str = typer.Option(
        "sqlite:///personvern.sqlite3",
        help="personvern's own store: the embedded SQLite file, or postgresql+psycopg://user@host/db.",
    ),
    env_file: str | None = typer.Option(
        None, help="A file of VAR=value lines with the datasets' connection URLs, loaded by every command."
    ),
    public_url: str = typer.Option("http://127.0.0.1:8000", help="Base of the links sent to people."),
) -> None:
    """Create a personvern folder: personvern.toml, the store and its secret. Refuses an existing one."""
    folder = folder.resolve()
    config = folder / CONFIG_FILE
    if config.exists():
        raise fail(f"{config} exists already; nothing was changed")
    folder.mkdir(parents=True, exist_ok=True)
    config.write_text(
        render(declaration=declaration, env_file=env_file, database_url=database_url, public_url=public_url),
        encoding="utf-8",
    )
    if env_file and not (folder / env_file).exists():
        (folder / env_file).write_text("# DATASET_URL_VAR=postgresql+psycopg://user@host/db\n", encoding="utf-8")
    settings = load_settings(config)
    container = open_container(settings, create=True)
    container.close()
    typer.echo(f"created {config}")
    typer.echo(f"store: {settings.database.url.split('@')[-1]}; data folder: {settings.data_dir}")
    typer.echo(f"next: write {folder / declaration}, then `personvern check {declaration}` and "
               f"`personvern serve` in {folder}")
