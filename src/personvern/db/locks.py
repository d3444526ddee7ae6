"""Named locks across processes and machines, freed when their holder dies.

On PostgreSQL a session advisory lock (``pg_try_advisory_lock(namespace, number)``, the namespace
derived from the name); on MariaDB/MySQL a named lock (``GET_LOCK``); both are held by one
connection for as long as the block runs. On the embedded SQLite store an exclusive ``flock``
on a file in the lock folder. All of them disappear with the process, so a killed run never
blocks the run that resumes it. A lock that is taken raises ``Conflict`` at once (no waiting).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from personvern.db.database import Database
from personvern.errors import Conflict


def namespace(name: str) -> int:
    """A stable 31-bit number for a lock name (the first key of PostgreSQL's two-key locks)."""
    return zlib.crc32(f"personvern:{name}".encode()) & 0x7FFFFFFF


class DatabaseLocks:
    def __init__(self, database: Database, lock_dir: Path) -> None:
        self.database = database
        self.lock_dir = lock_dir

    @contextmanager
    def hold(self, name: str, number: int = 0, *, busy: str) -> Iterator[None]:
        """Holds the lock ``name`` (and ``number``, e.g. a request id) for the block; raises
        ``Conflict(busy)`` when another process holds it."""
        dialect = self.database.engine.dialect.name
        if dialect == "postgresql":
            with self._advisory(name, number, busy):
                yield
        elif dialect in ("mysql", "mariadb"):
            with self._named(name, number, busy):
                yield
        else:
            with self._file(name, number, busy):
                yield

    @contextmanager
    def _advisory(self, name: str, number: int, busy: str) -> Iterator[None]:
        keys = {"ns": namespace(name), "id": number}
        with self.database.engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"), keys).scalar()
            conn.commit()
            if not got:
                raise Conflict(busy)
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), keys)
                conn.commit()

    @contextmanager
    def _named(self, name: str, number: int, busy: str) -> Iterator[None]:
        key = {"name": f"personvern:{name}:{number}"[:64]}
        with self.database.engine.connect() as conn:
            got = conn.execute(text("SELECT GET_LOCK(:name, 0)"), key).scalar()
            conn.commit()
            if got != 1:
                raise Conflict(busy)
            try:
                yield
            finally:
                conn.execute(text("SELECT RELEASE_LOCK(:name)"), key)
                conn.commit()

    @contextmanager
    def _file(self, name: str, number: int, busy: str) -> Iterator[None]:
        import fcntl

        self.lock_dir.mkdir(parents=True, exist_ok=True)
        filename = f"{name}-{number}.lock" if number else f"{name}.lock"
        fd = os.open(self.lock_dir / filename, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Conflict(busy) from None
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
