"""One notice run per breach at a time, across processes and machines; freed when its holder dies
(the store's named locks, ``personvern.db.locks``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from personvern.db.database import Database
from personvern.db.locks import DatabaseLocks


class RunLock:
    def __init__(self, database: Database, lock_dir: Path) -> None:
        self.locks = DatabaseLocks(database, lock_dir)

    @contextmanager
    def hold(self, breach_id: int) -> Iterator[None]:
        with self.locks.hold("breach-notices", breach_id,
                             busy=f"a notice run for breach {breach_id} is already running; it will finish the rest"):
            yield
