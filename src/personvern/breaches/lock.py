"""One notice run per breach at a time, across processes and machines; freed when its holder dies.

PostgreSQL: a session advisory lock. SQLite (one machine): an flock on a file in the data folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from personvern.db.database import Database
from personvern.errors import Conflict

NAMESPACE = 0x0B4EAC  # advisory-lock namespace of the breach register


def _busy(breach_id: int) -> Conflict:
    return Conflict(f"a notice run for breach {breach_id} is already running; it will finish the rest")


class RunLock:
    def __init__(self, database: Database, lock_dir: Path) -> None:
        self.database = database
        self.lock_dir = lock_dir

    @contextmanager
    def hold(self, breach_id: int) -> Iterator[None]:
        if self.database.engine.dialect.name == "postgresql":
            with self._advisory(breach_id):
                yield
        else:
            with self._file(breach_id):
                yield

    @contextmanager
    def _advisory(self, breach_id: int) -> Iterator[None]:
        with self.database.engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"),
                               {"ns": NAMESPACE, "id": breach_id}).scalar()
            conn.commit()
            if not got:
                raise _busy(breach_id)
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), {"ns": NAMESPACE, "id": breach_id})
                conn.commit()

    @contextmanager
    def _file(self, breach_id: int) -> Iterator[None]:
        import fcntl

        self.lock_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_dir / f"breach-notices-{breach_id}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise _busy(breach_id) from None
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
