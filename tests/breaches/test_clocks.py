"""The 72 hours are hours: Friday 17:00 -> Monday 17:00; across DST; a late report needs reasons."""

from __future__ import annotations

from datetime import timedelta

from personvern.breaches.clocks import clocks
from personvern.breaches.facts import BreachFacts
from personvern.declaration.model import BreachDuties
from tests.breaches.conftest import OSLO, oslo, record


def facts(**over):  # type: ignore[no-untyped-def]
    return BreachFacts.model_validate(record(**over))


def test_friday_evening_ends_monday_evening_local() -> None:
    aware = oslo(2026, 1, 16, 17, 0)  # a Friday
    assert aware.weekday() == 4
    [art33] = clocks(facts(aware_at=aware.isoformat()), None, aware, authority_notified_at=None,
                     notify_authority=None)
    due = art33.due_at.astimezone(OSLO)
    assert (due.weekday(), due.hour, due.minute, due.date().isoformat()) == (0, 17, 0, "2026-01-19")
    assert art33.due_at - art33.starts_at == timedelta(hours=72)


def test_across_the_change_to_summer_time_it_is_72_elapsed_hours() -> None:
    aware = oslo(2026, 3, 27, 17, 0)  # Friday; clocks go forward Sunday 29 March 02:00
    [art33] = clocks(facts(aware_at=aware.isoformat()), None, aware, authority_notified_at=None,
                     notify_authority=None)
    due = art33.due_at.astimezone(OSLO)
    assert art33.due_at - art33.starts_at == timedelta(hours=72)
    assert (due.date().isoformat(), due.hour, due.utcoffset()) == ("2026-03-30", 18, timedelta(hours=2))


def test_overdue_and_late() -> None:
    aware = oslo(2026, 1, 16, 17, 0)
    f = facts(aware_at=aware.isoformat())
    [open_] = clocks(f, None, aware + timedelta(hours=73), authority_notified_at=None, notify_authority=True)
    assert open_.overdue and not open_.late
    [done] = clocks(f, None, aware + timedelta(hours=80), authority_notified_at=aware + timedelta(hours=75),
                    notify_authority=True)
    assert done.late and done.overdue
    assert clocks(f, None, aware, authority_notified_at=None, notify_authority=False) == []


def test_parallel_clocks_only_where_declared() -> None:
    aware = oslo(2026, 1, 16, 17, 0)
    f = facts(aware_at=aware.isoformat(), nis2_notification_at=(aware + timedelta(hours=50)).isoformat())
    assert [c.key for c in clocks(f, BreachDuties(), aware, authority_notified_at=None,
                                  notify_authority=None)] == ["art33"]
    found = {c.key: c for c in clocks(f, BreachDuties(nis2=True), aware, authority_notified_at=None,
                                      notify_authority=None)}
    assert set(found) == {"art33", "nis2_early_warning", "nis2_notification", "nis2_final"}
    assert found["nis2_early_warning"].due_at - f.aware_at == timedelta(hours=24)
    assert found["nis2_final"].due_at.astimezone(OSLO).date().isoformat() == "2026-02-18"
    processor = facts(aware_at=aware.isoformat(), role="processor")
    [p] = clocks(processor, BreachDuties(processor_notice_hours=12), aware, authority_notified_at=None,
                 notify_authority=None)
    assert p.key == "processor" and p.due_at - p.starts_at == timedelta(hours=12)
