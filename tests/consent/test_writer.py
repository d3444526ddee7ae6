"""Group commit: concurrent writers, one commit for many requests, failures stay alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import event, text

from personvern.consent.schemas import ConsentIn
from personvern.consent.service import Visitor
from personvern.consent.writer import GroupCommitWriter, Overloaded
from tests.consent.conftest import choice

VISITOR = Visitor(ip="192.0.2.10", user_agent="Test/1.0")


def run_async(coroutine):  # type: ignore[no-untyped-def]
    """asyncio.run in a thread of its own: the session's Playwright browser keeps an event loop
    running in the main thread once a browser test has run."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_concurrent_records_are_all_committed(any_loaded) -> None:
    consent = any_loaded.consent
    body = ConsentIn.model_validate(choice(consent.config()))

    async def many() -> list[str]:
        receipts = await asyncio.gather(*(consent.record_async(body, VISITOR) for _ in range(150)))
        return [r.record for r in receipts]

    commits = []
    event.listen(any_loaded.db.engine, "commit", lambda conn: commits.append(1))
    keys = run_async(many())
    assert 1 <= len(commits) < 10  # 150 requests share a few commits
    with ThreadPoolExecutor(8) as pool:
        keys += [r.record for r in pool.map(lambda _: consent.record(body, VISITOR), range(50))]
    assert len(set(keys)) == 200
    with any_loaded.db.read() as session:
        stored = {s[:16] for s in session.execute(text("SELECT seal FROM consent_records")).scalars()}
        decisions = session.execute(
            text("SELECT sum(count) FROM consent_counters WHERE metric = 'decisions'")).scalar_one()
    assert stored == set(keys) and decisions == 200


def test_a_failing_item_fails_alone(any_loaded) -> None:
    writer = GroupCommitWriter(any_loaded.db)
    consent = any_loaded.consent
    good = consent._prepare(consent.config(), ConsentIn.model_validate(choice(consent.config())), VISITOR)
    broken = {**good.row, "seal": None}  # violates NOT NULL
    impressions = {(date(2026, 1, 15), "https://shop.example.com", "impressions"): 2}

    async def together() -> list[object]:
        calls = [writer.write_async([row], {}) for row in (good.row, broken, good.row, good.row)]
        calls.append(writer.write_async([], impressions))
        return await asyncio.gather(*calls, return_exceptions=True)

    results = run_async(together())
    assert [type(r).__name__ for r in results] == ["NoneType", "IntegrityError", "NoneType", "NoneType", "NoneType"]
    with any_loaded.db.read() as session:
        assert session.execute(text("SELECT count(*) FROM consent_records")).scalar() == 3
        assert session.execute(text("SELECT sum(count) FROM consent_counters WHERE metric = 'impressions'")).scalar() == 2


def test_overload_is_refused_not_queued_forever(loaded) -> None:
    writer = GroupCommitWriter(loaded.db, max_pending=0)
    with pytest.raises(Overloaded):
        run_async(writer.write_async([], {}))
