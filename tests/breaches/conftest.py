from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)  # type: ignore[misc]


def record(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "Order export sent to the wrong partner",
        "cause": "misdirected_email",
        "aware_at": "2026-01-16T17:00:00+01:00",
        "detected_at": "2026-01-16T16:30:00+01:00",
        "description": "A CSV export of orders was emailed to a wrong address.",
        "people": {"value": 3},
        "records": {"value": 5},
        "data_categories": ["user.name", "user.contact.address.street"],
        "subjects": ["customer"],
    }
    base.update(over)
    return base
