"""Alembic, driven from code: `personvern db upgrade` and the service's start-up call this."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from personvern.db.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database: Database) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    config.attributes["database"] = database
    return config


def upgrade(database: Database, revision: str = "heads") -> None:
    """Migrate to ``revision``; a store already at the newest heads costs one query, not Alembic."""
    if revision == "heads" and applied_revisions(database) == head_revisions():
        return
    from alembic import command

    with database._lock or _null():
        command.upgrade(alembic_config(database), revision)


def downgrade(database: Database, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database), revision)


def applied_revisions(database: Database) -> frozenset[str]:
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no alembic_version table yet
        return frozenset()
    return frozenset(rows)


@cache
def head_revisions() -> frozenset[str]:
    """The heads of the shipped migrations, read from their ``revision``/``down_revision`` lines."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name, value = node.targets[0].id, node.value
                if name == "revision":
                    revisions.add(ast.literal_eval(value))
                elif name == "down_revision":
                    down = ast.literal_eval(value)
                    parents.update([down] if isinstance(down, str) else (down or ()))
    return frozenset(revisions - parents)


def current_tables(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names())


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
