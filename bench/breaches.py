"""Breach notices: finding the people of a selection, and the resumable mail run, at scale.

A company database with the demo shop's tables (``personvern.demo.schema``) is filled with
``--customers`` fictional customers (@example.com), each with two orders; a breach names the
orders of a time window holding about ``--share`` of them. Measured on personvern's embedded
store (SQLite) with the outbox mail backend (one fsynced .eml per mail):

- find: the range query on ``orders`` and the hop to ``customers`` through the data map;
- prepare: storing the recipients (address encrypted, keyed hash);
- run: mailing each recipient (claim, deliver, record: two write transactions per mail);
- and the same baseline without personvern: rendering + writing each mail to the outbox alone,
  so the ratio shows what "each person exactly once, recorded" costs per mail.

Usage:
    .venv/bin/python bench/breaches.py [--customers 5000] [--share 0.5]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from personvern.breaches.decision import Decision  # noqa: E402
from personvern.breaches.facts import BreachFacts  # noqa: E402
from personvern.breaches.notify import build_notice_service  # noqa: E402
from personvern.breaches.severity import Assessment  # noqa: E402
from personvern.clock import FrozenClock  # noqa: E402
from personvern.container import Container  # noqa: E402
from personvern.db.migrate import upgrade  # noqa: E402
from personvern.demo import schema  # noqa: E402
from personvern.demo.setup import prepare_demo_folder  # noqa: E402
from tests.conftest import make_settings  # noqa: E402

START = datetime(2026, 1, 1)


def fill(path: Path, customers: int) -> None:
    engine = create_engine(f"sqlite:///{path}")
    schema.metadata.drop_all(engine)
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(schema.customers), [
            {"id": i, "email": f"kunde{i}@example.com", "first_name": "Kari", "last_name": f"Nordmann {i}",
             "created_at": START, "marketing_opt_in": False} for i in range(1, customers + 1)])
        conn.execute(insert(schema.orders), [
            {"id": n, "customer_id": (n - 1) % customers + 1, "placed_at": START + timedelta(minutes=n),
             "total": 100, "status": "delivered", "delivery_name": "Kari", "delivery_street": "Gate 1",
             "delivery_postal_code": "0150", "delivery_city": "Oslo"} for n in range(1, 2 * customers + 1)])
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--share", type=float, default=0.5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="pv-bench-breaches-"))
    folder = prepare_demo_folder(root / "demo", today=date(2026, 1, 15))
    fill(folder.database, args.customers)
    container = Container(make_settings(root / "data"), clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)))
    upgrade(container.db)
    container.declarations.load_file(folder.declaration, actor="bench")
    window = timedelta(minutes=int(2 * args.customers * args.share))
    breach = container.breaches.create(BreachFacts.model_validate({
        "title": "Bench: misdirected export", "aware_at": "2026-02-27T17:00:00+01:00",
        "people": {"value": args.customers, "estimate": True}, "records": {"value": 2 * args.customers},
        "data_categories": ["user.name", "user.contact.address"],
        "selection": {"collection": "nordlys.orders", "field": "placed_at",
                      "start": START.replace(tzinfo=UTC).isoformat(),
                      "end": (START + window).replace(tzinfo=UTC).isoformat()}}), actor="bench")
    container.breaches.assess(breach.id, Assessment(dpc_base="financial", confidentiality="disclosed"), actor="b")
    container.breaches.decide(breach.id, Decision(notify_authority=True, inform_people=True,
                                                  reasoning="bench: inform everyone"), actor="bench")
    container.breaches.approve_notices(breach.id, actor="bench")
    notices = build_notice_service(container)
    notices.environ = folder.environment

    t = time.perf_counter()
    found = notices.find(breach.id)
    find_s = time.perf_counter() - t
    t = time.perf_counter()
    notices.prepare(breach.id, actor="bench")
    prepare_s = time.perf_counter() - t
    t = time.perf_counter()
    result = notices.run(breach.id, actor="bench")
    run_s = time.perf_counter() - t
    people = len(found.addresses)
    assert result.sent == people and notices.counts(breach.id) == {"sent": people}

    # baseline: the same mails rendered and written to an outbox, nothing recorded
    draft_breach = container.breaches.get(breach.id)
    base_outbox = root / "baseline-outbox"
    from personvern.mail.backends import OutboxBackend

    backend = OutboxBackend(base_outbox)
    t = time.perf_counter()
    for address in found.addresses:
        mail = notices.renderer.render("breach_notice", "nb", address, **notices.context(draft_breach, "nb"))
        backend.deliver(mail.to_message(container.mailer.sender, container.clock.now()), container.clock.now())
    base_s = time.perf_counter() - t

    print(f"machine: {platform.machine()} {platform.system()}, python {platform.python_version()}, "
          f"store SQLite, outbox backend")
    print(f"selection: {found.rows} order rows -> {people} people (of {args.customers} customers)")
    print(f"find (range query + data-map hop): {find_s * 1000:.0f} ms")
    print(f"prepare (store {people} sealed recipients): {prepare_s * 1000:.0f} ms")
    print(f"run: {people} mails in {run_s:.2f} s = {people / run_s:.0f} mails/s "
          f"({run_s / people * 1000:.2f} ms per mail)")
    print(f"baseline (render + outbox only): {people / base_s:.0f} mails/s "
          f"({base_s / people * 1000:.2f} ms per mail)")
    print(f"ratio run/baseline time per mail: {run_s / base_s:.2f}x")


if __name__ == "__main__":
    main()
