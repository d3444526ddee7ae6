"""Reminders go through the job queue and the mail backend, once per point before each deadline."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import personvern.demo
from personvern.breaches.facts import BreachFacts
from personvern.breaches.tasks import REMIND
from personvern.mail.outbox import list_outbox
from tests.breaches.conftest import oslo, record

DEMO = Path(personvern.demo.__file__).parent / "files" / "personvern.yaml"


def test_reminders_before_the_deadline_and_when_overdue(container) -> None:  # type: ignore[no-untyped-def]
    container.declarations.load_file(DEMO, actor="test")
    aware = oslo(2026, 1, 16, 17, 0)
    container.clock.at = (aware + timedelta(hours=1)).astimezone(container.clock.at.tzinfo)
    container.breaches.create(BreachFacts.model_validate(record(aware_at=aware.isoformat())), actor="dpo")
    outbox = container.settings.resolve(container.settings.mail.outbox_dir)

    def tick(hours_after_awareness: float) -> list[str]:
        container.clock.at = (aware + timedelta(hours=hours_after_awareness)).astimezone(container.clock.at.tzinfo)
        before = {m.name for m in list_outbox(outbox)}
        container.jobs.enqueue(REMIND)
        return sorted(m.to for m in list_outbox(outbox) if m.name not in before)

    assert tick(2) == []  # 70 hours left: no point passed yet
    both = ["dpo@nordlys-sykkel.example", "personvern@nordlys-sykkel.example"]
    assert tick(25) == both  # 47 hours left: the 48-hour point
    assert tick(26) == []  # the same point again: nothing
    assert tick(50) == both  # 22 hours left: the 24-hour point
    assert tick(67) == both  # 5 hours left: the 6-hour point
    assert tick(73) == both  # overdue
    assert tick(80) == []
    mails = list_outbox(outbox)
    assert any("OVERSKREDET" in m.text and m.language == "nb" for m in mails)
    assert [e.details["point"] for e in reversed(container.audit.list()) if e.action == "breach.reminder"] == [
        "art33:48h", "art33:24h", "art33:6h", "art33:overdue"]
