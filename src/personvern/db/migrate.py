"""Alembic, driven from code: `personvern db upgrade` and the service's start-up call this."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import traceback
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
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
    if revision == "heads" and is_current(database):
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


def is_current(database: Database) -> bool:
    """Every shipped revision is applied (Alembic's table lists only the tips it reached)."""
    applied = applied_revisions(database)
    parents = revision_graph()
    reached: set[str] = set()
    todo = list(applied)
    while todo:
        revision = todo.pop()
        if revision not in reached:
            reached.add(revision)
            todo.extend(parents.get(revision, ()))
    return set(parents) <= reached


@cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> its down_revisions and depends_on, read from the shipped migration files."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        values: dict[str, object] = {}
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id in ("revision", "down_revision", "depends_on"):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
        links: list[str] = []
        for key in ("down_revision", "depends_on"):
            value = values.get(key)
            links.extend([value] if isinstance(value, str) else list(value or ()))  # type: ignore[arg-type]
        graph[str(values["revision"])] = tuple(links)
    return graph


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def upgrade_in_child_process(database: Database) -> None:
    """Migrate in a short-lived child process, so a long-running server never keeps Alembic
    (and Mako) in memory. On POSIX the child is forked (it shares the modules already loaded);
    elsewhere it is a new interpreter that gets the URL through the environment."""
    if is_current(database):
        return
    if hasattr(os, "fork"):
        pid = os.fork()
        if pid == 0:  # the child: its own connections, never the parent's pooled sockets
            code = 1
            try:
                database.engine.dispose(close=False)
                upgrade(database)
                code = 0
            except BaseException:  # noqa: BLE001 - reported, then the child exits
                traceback.print_exc()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("migrating the store failed (see the error above)")
        return
    env = {**os.environ, MIGRATE_URL_VARIABLE: database.url}
    subprocess.run([sys.executable, "-m", "personvern.db.migrate"], env=env, check=True)


MIGRATE_URL_VARIABLE = "PERSONVERN_MIGRATE_URL"

if __name__ == "__main__":
    upgrade(Database(os.environ[MIGRATE_URL_VARIABLE]))
