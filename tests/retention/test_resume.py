"""Interruption and resume: every row acted on once, counted once, the same end state."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sqlalchemy import create_engine

from personvern.container import Container
from personvern.retention.entities import ActResult, Key
from personvern.retention.service import RetentionService
from personvern.retention.target import RetentionTarget
from tests.conftest import create_store, make_settings
from tests.retention import shop
from tests.retention.shop import DECLARATION, URL_ENV, snapshot

SECRET = "test-secret-key-0123456789abcdef0123456789"


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler catches it."""


class CrashAfter:
    """A sweep that dies right after its n-th batch was committed, before it was recorded."""

    def __init__(self, sweep: Any, batches: int) -> None:
        self._sweep, self._left = sweep, batches

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sweep, name)

    def act(self, keys: list[Key]) -> ActResult:
        return self._count(self._sweep.act(keys))

    def act_range(self, after: Key | None, last: Key) -> ActResult:
        return self._count(self._sweep.act_range(after, last))

    def _count(self, result: ActResult) -> ActResult:
        self._left -= 1
        if self._left == 0:
            raise Killed
        return result


def more_visits(url: str, count: int) -> None:
    engine = create_engine(url)
    start = datetime(2025, 6, 1, 10, 0)
    with engine.begin() as conn:
        conn.execute(shop.visits.insert(), [
            {"id": 100 + n, "ts": start + timedelta(minutes=n), "ip": f"10.{n % 250}.{n % 7}.{n % 200 + 1}",
             "path": "/sykler", "user_agent": "Mozilla/5.0", "customer_id": 1 if n % 3 == 0 else None}
            for n in range(count)
        ])
    engine.dispose()


def copy_of(url: str, tmp_path: Path) -> str:
    source = Path(url.removeprefix("sqlite:///"))
    target = tmp_path / "copy" / source.name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(source, target)
    return f"sqlite:///{target}"


@pytest.mark.parametrize("victim", ["shop:visits", "shop:orders", "shop:messages"])
def test_a_run_killed_after_a_commit_resumes_and_ends_like_an_uninterrupted_one(
    sqlite_shop: str, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch, victim: str,
) -> None:
    more_visits(sqlite_shop, 40)
    twin_url = copy_of(sqlite_shop, tmp_path)

    def container(where: str) -> Container:
        from personvern.db.migrate import upgrade

        built = Container(make_settings(tmp_path / where), clock=clock)
        upgrade(built.db)
        return built

    # the uninterrupted run, on the copy
    monkeypatch.setenv(URL_ENV, twin_url)
    twin = container("twin").retention
    whole = twin.run(twin.target_from(DECLARATION), actor="test", batch_size=3)
    from personvern.connectors.factory import dispose_all

    dispose_all()
    monkeypatch.setenv(URL_ENV, sqlite_shop)
    service = container("main").retention
    target = service.target_from(DECLARATION)
    real_sweeps = RetentionService.sweeps

    def crashing(self: RetentionService, target: RetentionTarget, now: datetime) -> list[Any]:
        return [CrashAfter(s, 1) if s.key == victim else s for s in real_sweeps(self, target, now)]

    monkeypatch.setattr(RetentionService, "sweeps", crashing)
    with pytest.raises(Killed):
        service.run(target, actor="test", batch_size=3)
    monkeypatch.setattr(RetentionService, "sweeps", real_sweeps)
    interrupted = service.runs()[0]
    assert interrupted.state == "running"
    _, progress = service.report(interrupted.id)
    assert next(p for p in progress if p.key == victim).pending  # the open batch is known

    resumed = service.run(target, actor="test", batch_size=3)
    assert resumed.id == interrupted.id and resumed.state == "finished"
    assert snapshot(sqlite_shop) == snapshot(twin_url)
    counts = {p.key: (p.affected, p.skipped, p.failed) for p in service.report(resumed.id)[1]}
    assert counts == {p.key: (p.affected, p.skipped, p.failed) for p in twin.report(whole.id)[1]}
    assert service.run(target, actor="test").totals["affected"] == 0
    actions = [e.action for e in service.audit.list(action="retention.run.*", limit=10)]
    assert "retention.run.resumed" in actions


def _progress(store: Path) -> tuple[str | None, int]:
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute(
                "SELECT r.state, COALESCE(SUM(s.batches), 0) FROM retention_runs r "
                "LEFT JOIN retention_sweeps s ON s.run_id = r.id GROUP BY r.id ORDER BY r.id DESC LIMIT 1"
            ).fetchone()
    except sqlite3.Error:
        return None, 0
    return (row[0], row[1]) if row else (None, 0)


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONVERN__")}
    env.update({"PERSONVERN__SECURITY__SECRET_KEY": SECRET, "PERSONVERN__JOBS__BACKEND": "memory"})
    yield env


def _cli(env: dict[str, str], data: Path, url: str) -> list[str]:
    env.update({"PERSONVERN__DATA_DIR": str(data), "PERSONVERN__DATABASE__URL": f"sqlite:///{data / 'pv.sqlite3'}",
                URL_ENV: url})
    create_store(data, f"sqlite:///{data / 'pv.sqlite3'}", env["PERSONVERN__SECURITY__SECRET_KEY"])
    return [sys.executable, "-m", "personvern", "retention", "run", "--config", str(DECLARATION),
            "--batch-size", "2"]


def test_a_killed_process_resumes_where_it_was(sqlite_shop: str, tmp_path: Path, cli_env: dict[str, str]) -> None:
    """`personvern retention run` killed with SIGKILL in the middle, then run again, leaves the
    shop exactly as an uninterrupted run on a copy does."""
    more_visits(sqlite_shop, 100)
    twin_url = copy_of(sqlite_shop, tmp_path)
    main, twin = tmp_path / "main", tmp_path / "twin"
    main.mkdir()
    twin.mkdir()

    twin_env = dict(cli_env)
    done = subprocess.run(_cli(twin_env, twin, twin_url), env=twin_env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr

    env = dict(cli_env)
    process = subprocess.Popen(_cli(env, main, sqlite_shop), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _progress(main / "pv.sqlite3")[1] < 10 and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed; give it more rows"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    state, batches = _progress(main / "pv.sqlite3")
    assert state == "running" and batches >= 10

    again = subprocess.run(_cli(env, main, sqlite_shop), env=env, capture_output=True, text=True,
                           timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert _progress(main / "pv.sqlite3")[0] == "finished"
    assert snapshot(sqlite_shop) == snapshot(twin_url)
    total = [line for line in done.stdout.splitlines() if line.startswith("Total:")]
    assert total and total == [line for line in again.stdout.splitlines() if line.startswith("Total:")]
