"""One retention run at a time, across processes and machines; freed when its holder dies.

On PostgreSQL a session advisory lock (held by one connection for the whole run); on the
embedded SQLite store an exclusive ``flock`` on a file in the data folder. Both disappear with
the process, so a killed run never blocks the run that resumes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from personvern.db.database import Database
from personvern.errors import Conflict

LOCK_NAMESPACE = 0x5056  # "PV", as the requests package's locks
RETENTION_LOCK = 0x52544E  # "RTN"


class RunLock:
    def __init__(self, database: Database, lock_dir: Path) -> None:
        self.database = database
        self.lock_dir = lock_dir

    @contextmanager
    def hold(self) -> Iterator[None]:
        if self.database.engine.dialect.name == "postgresql":
            with self._advisory():
                yield
        else:
            with self._file():
                yield

    @contextmanager
    def _advisory(self) -> Iterator[None]:
        with self.database.engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"),
                               {"ns": LOCK_NAMESPACE, "id": RETENTION_LOCK}).scalar()
            conn.commit()
            if not got:
                raise _busy()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"),
                             {"ns": LOCK_NAMESPACE, "id": RETENTION_LOCK})
                conn.commit()

    @contextmanager
    def _file(self) -> Iterator[None]:
        import fcntl

        self.lock_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_dir / "retention.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise _busy() from None
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _busy() -> Conflict:
    return Conflict("a retention run is in progress in another process; it resumes where it is "
                    "if that process stops")
