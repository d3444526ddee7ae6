"""One lock module for every engine: advisory on PostgreSQL, GET_LOCK on MariaDB, flock on SQLite."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from personvern.db.database import Database
from personvern.db.locks import DatabaseLocks
from personvern.errors import Conflict


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pv.sqlite3'}"
    elif request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    else:
        url = request.getfixturevalue("mysql_url")
    db = Database(url)
    yield db
    db.dispose()


def test_a_held_lock_refuses_a_second_holder_until_it_is_freed(database: Database, tmp_path: Path) -> None:
    first = DatabaseLocks(database, tmp_path / "locks")
    second = DatabaseLocks(database, tmp_path / "locks")
    with first.hold("retention", busy="a run is in progress"):
        with pytest.raises(Conflict, match="a run is in progress"), second.hold("retention", busy="a run is in progress"):
            pass
        with second.hold("request", 7, busy="busy"):  # another name or number is another lock
            pass
        with second.hold("retention", 7, busy="busy"):
            pass
    with second.hold("retention", busy="busy"):  # freed
        pass


def test_the_lock_of_a_killed_process_is_free(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{tmp_path / 'pv.sqlite3'}"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from personvern.db.database import Database\n"
        "from personvern.db.locks import DatabaseLocks\n"
        f"locks = DatabaseLocks(Database({url!r}), Path({str(tmp_path / 'locks')!r}))\n"
        "with locks.hold('retention', busy='busy'):\n"
        "    print('held', flush=True)\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "held" and done.returncode != 0
    db = Database(url)
    try:
        with DatabaseLocks(db, tmp_path / "locks").hold("retention", busy="busy"):
            pass
    finally:
        db.dispose()
