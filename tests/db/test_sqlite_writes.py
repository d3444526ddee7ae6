"""The embedded store serialises writes: concurrent writers never see 'database is locked'."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import text

from personvern.container import Container

WRITER = """
import sys
from personvern.clock import Clock
from personvern.audit.service import AuditService
from personvern.db.database import Database
db = Database(sys.argv[1])
audit = AuditService(db, Clock())
for i in range(40):
    with db.write() as session:
        audit.record(session, actor="proc", action="proc.write", details={"i": i})
"""


def test_threads_and_processes_write_without_locking_errors(container: Container, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [subprocess.Popen([sys.executable, str(script), container.db.url]) for _ in range(2)]

    def write(i: int) -> None:
        with container.db.write() as session:
            container.audit.record(session, actor="thread", action="thread.write", details={"i": i})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(80)))
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    result = container.audit.verify()
    assert (result.ok, result.checked) == (True, 160)
    with container.db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
