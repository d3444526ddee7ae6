"""The demo folder: the declaration, its data map, the company database and its URL.

``prepare_demo_folder`` is idempotent: it adds what is missing and never overwrites what
is there (an edited declaration or a demo database that requests and retention runs have
changed stay as they are). Only ``demo.env`` is rewritten, because it holds the absolute
path of the database, which changes when the folder is moved.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from personvern.config import render as render_config
from personvern.demo.company import create_company_database
from personvern.demo.summary import CompanySummary, sqlite_url, summarize_company_database

CONNECTION_ENV = "NORDLYS_DB_URL"
DECLARATION = "personvern.yaml"
DATABASE = "company.sqlite3"
ENV_FILE = "demo.env"
TOKEN_FILE = "admin-token.txt"
CONFIG = "personvern.toml"


@dataclass(frozen=True)
class DemoFolder:
    root: Path
    declaration: Path
    datasets: Path
    database: Path
    env_file: Path
    config: Path
    token_file: Path
    database_url: str
    summary: CompanySummary
    created_database: bool

    @property
    def environment(self) -> dict[str, str]:
        """The variables the declaration's datasets need (as written to ``demo.env``)."""
        return {CONNECTION_ENV: self.database_url}


def package_files() -> Traversable:
    return files("personvern.demo").joinpath("files")


def prepare_demo_folder(
    dir: Path, *, today: date, host: str = "127.0.0.1", port: int = 8000
) -> DemoFolder:
    root = dir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    _copy_missing(package_files(), root)
    database = root / DATABASE
    created = not database.exists()
    if created:
        _create_database(database, today)
    url = sqlite_url(database)
    env_file = root / ENV_FILE
    content = (
        "# The demo company's database (personvern.yaml, datasets: nordlys)\n"
        f"{CONNECTION_ENV}={url}\n"
    )
    if not env_file.exists() or env_file.read_text(encoding="utf-8") != content:
        _write_atomically(env_file, content.encode("utf-8"))
    config = root / CONFIG
    if not config.exists():  # an edited configuration stays as it is
        text = render_config(
            declaration=DECLARATION, env_file=ENV_FILE, jobs_file="jobs.sqlite3",
            public_url=f"http://{host}:{port}", host=host, port=port,
        )
        _write_atomically(config, text.encode("utf-8"))
    return DemoFolder(
        root=root,
        config=config,
        declaration=root / DECLARATION,
        datasets=root / "datasets",
        database=database,
        env_file=env_file,
        token_file=root / TOKEN_FILE,
        database_url=url,
        summary=summarize_company_database(database),
        created_database=created,
    )


def _copy_missing(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.name.startswith((".", "__")):
            continue
        destination = target / entry.name
        if entry.is_dir():
            destination.mkdir(exist_ok=True)
            _copy_missing(entry, destination)
        elif not destination.exists():
            _write_atomically(destination, entry.read_bytes())


def _create_database(path: Path, today: date) -> None:
    """Build the database under a temporary name and move it in place when complete."""
    handle, temporary = tempfile.mkstemp(prefix=".company-", suffix=".sqlite3", dir=path.parent)
    os.close(handle)
    scratch = Path(temporary)
    try:
        scratch.unlink()
        create_company_database(scratch, today=today)
        try:
            os.link(scratch, path)  # fails if a database appeared meanwhile: never overwrite
        except FileExistsError:
            pass
    finally:
        scratch.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; these are ordinary, editable files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
