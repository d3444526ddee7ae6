"""Group commit: concurrent writers, one commit for many requests, failures stay alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import text

from personvern.consent.schemas import ConsentIn
from personvern.consent.service import Visitor, service_for
from personvern.consent.writer import GroupCommitWriter, Overloaded
from tests.consent.conftest import choice

VISITOR = Visitor(ip="192.0.2.10", user_agent="Test/1.0")


def test_concurrent_records_are_all_committed(any_loaded) -> None:
    consent = service_for(any_loaded)
    body = ConsentIn.model_validate(choice(consent.config()))

    async def many() -> list[str]:
        receipts = await asyncio.gather(*(consent.record_async(body, VISITOR) for _ in range(150)))
        return [r.record for r in receipts]

    keys = asyncio.run(many())
    with ThreadPoolExecutor(8) as pool:
        keys += [r.record for r in pool.map(lambda _: consent.record(body, VISITOR), range(50))]
    assert len(set(keys)) == 200
    with any_loaded.db.read() as session:
        stored = {s[:16] for s in session.execute(text("SELECT seal FROM consent_records")).scalars()}
        decisions = session.execute(
            text("SELECT count FROM consent_counters WHERE metric = 'decisions'")).scalar_one()
    assert stored == set(keys) and decisions == 200


def test_a_failing_item_fails_alone(any_loaded) -> None:
    writer = GroupCommitWriter(any_loaded.db, max_batch=50)
    consent = service_for(any_loaded)
    good = consent._prepare(consent.config(), ConsentIn.model_validate(choice(consent.config())), VISITOR)
    broken = {**good.row, "seal": None}  # violates NOT NULL
    futures = [writer.submit([good.row], {}) for _ in range(3)]
    futures.insert(1, writer.submit([broken], {}))
    futures.append(writer.submit([], {(date(2026, 1, 15), "https://shop.example.com", "impressions"): 2}))
    results = []
    for future in futures:
        try:
            results.append(future.result(timeout=30))
        except Exception as exc:  # noqa: BLE001
            results.append(type(exc).__name__)
    assert results == [None, "IntegrityError", None, None, None]
    with any_loaded.db.read() as session:
        assert session.execute(text("SELECT count(*) FROM consent_records")).scalar() == 3


def test_overload_is_refused_not_queued_forever(loaded) -> None:
    writer = GroupCommitWriter(loaded.db, max_pending=0)
    with pytest.raises(Overloaded):
        writer.submit([], {})
