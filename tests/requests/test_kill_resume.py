"""A worker killed with SIGKILL in the middle of an erasure resumes and finishes: every row is
masked exactly once, nothing outside the plan is touched, and a finished request run again
changes nothing. On PostgreSQL, for the store and the company database alike.

Deterministic, no sleeps to guess timing: the test holds a row lock on one of the person's
visits, so the worker's transaction for the visits collection masks the rows before it and then
waits; the test sees the step running in ``request_steps`` and the worker waiting on the lock,
and kills it there. Every update and delete is counted by a trigger in the company database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import create_store
from tests.requests.shop import ANNA, DECLARATION, URL_ENV, snapshot, touched
from tests.requests.test_erasure import ERASED, _unchanged_outside

pytestmark = pytest.mark.postgres
WAIT_LIMIT = 60.0  # seconds before the test gives up waiting (a failure, not a timing assertion)


def _wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the worker ended before {what}: exit {process.returncode}\n{out}\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "personvern", "dsr", *args]


def test_a_worker_killed_mid_erasure_resumes_and_masks_every_row_exactly_once(
    pg_url, shop_pg, tmp_path: Path, request: pytest.FixtureRequest,
):
    env = {
        **os.environ,
        "PERSONVERN__DATA_DIR": str(tmp_path),
        "PERSONVERN__DATABASE__URL": pg_url,
        "PERSONVERN__SECURITY__SECRET_KEY": "test-secret-key-0123456789abcdef0123456789",
        "PERSONVERN__JOBS__BACKEND": "memory",
        URL_ENV: shop_pg,
    }
    create_store(tmp_path, pg_url)
    erase = _command("erase", "--config", str(DECLARATION), "--identity", f"email={ANNA}")
    before = snapshot(shop_pg)
    store = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    company = create_engine(shop_pg, isolation_level="AUTOCOMMIT")
    request.addfinalizer(store.dispose)
    request.addfinalizer(company.dispose)
    shop_db = make_url(shop_pg).database
    blocking = create_engine(shop_pg)
    blocker = blocking.connect()
    try:
        blocker.begin()
        blocker.execute(text("SELECT id FROM visits WHERE id = 115 FOR UPDATE"))
        blocker_pid = blocker.execute(text("SELECT pg_backend_pid()")).scalar()

        def step_state(key: str) -> str | None:
            with store.connect() as conn:
                try:
                    return conn.execute(text("SELECT state FROM request_steps WHERE key = :k"), {"k": key}).scalar()
                except Exception:  # noqa: BLE001 - the store is still being created
                    return None

        def worker_waits_on_the_lock() -> bool:
            with company.connect() as conn:
                return bool(conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND wait_event_type = 'Lock'"
                ), {"db": shop_db}).scalar())

        worker = subprocess.Popen(erase, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(lambda: step_state("erase:shop:visits") == "running" and worker_waits_on_the_lock(),
                      "the worker to block inside the visits step", worker)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.communicate()
        assert worker.returncode == -signal.SIGKILL

        # The killed worker's connections are cut (the server would notice at its next read),
        # and gone before the row lock is released and before the resume (its advisory lock).
        for engine, database, keep in ((company, shop_db, blocker_pid), (store, make_url(pg_url).database, 0)):
            others = text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid() "
                "AND pid <> :keep AND backend_type = 'client backend'"
            )
            params = {"db": database, "keep": keep}
            with engine.connect() as conn:
                for pid in conn.execute(others, params).scalars().all():
                    conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

            def gone(engine=engine, others=others, params=params) -> bool:
                with engine.connect() as conn:
                    return not conn.execute(others, params).first()

            _wait_for(gone, f"the killed worker's connections to {database} to end")
        blocker.rollback()
    finally:
        blocker.close()
        blocking.dispose()

    with store.connect() as conn:
        steps = dict(conn.execute(text("SELECT key, state FROM request_steps")).all())
    assert steps["collect"] == "done" and steps["erase:shop:invoices"] == "done"
    assert steps["erase:shop:visits"] == "running"
    assert steps["erase:shop:customers"] == "pending"
    assert touched(shop_pg) == {("invoices", 20): 1}  # the visits masked before the kill were rolled back

    resumed = subprocess.run(erase, env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert "request 1 (erasure): resuming" in resumed.stderr
    assert "kept    shop:invoices: 2 rows, GDPR Art. 17(3)(b): legal obligation under bokføringsloven § 13" in resumed.stdout
    assert touched(shop_pg) == {key: 1 for key in ERASED}
    _unchanged_outside(before, snapshot(shop_pg), ERASED)
    with store.connect() as conn:
        attempts = dict(conn.execute(text("SELECT key, attempts FROM request_steps")).all())
        state = conn.execute(text("SELECT state FROM requests WHERE id = 1")).scalar()
    assert state == "completed"
    assert attempts["erase:shop:visits"] == 2
    assert {k: v for k, v in attempts.items() if k != "erase:shop:visits"} == {k: 1 for k in attempts if k != "erase:shop:visits"}

    finished = snapshot(shop_pg), touched(shop_pg)
    again = subprocess.run(_command("run", "1"), env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "request 1: completed" in again.stdout
    assert (snapshot(shop_pg), touched(shop_pg)) == finished
