"""Reading the consent log for people: daily statistics and the auditor's export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import IO, Literal

from personvern.consent.entities import ConsentRecord, DayStats
from personvern.consent.repository import ConsentRepository
from personvern.db.database import Database

ExportFormat = Literal["csv", "jsonl"]
CSV_COLUMNS = (
    "record_id", "record", "consent_id", "recorded_at", "expires_at", "property", "page_url", "language",
    "declaration_version", "banner_hash", "method", "gpc", "categories", "services", "ip",
    "user_agent", "seal",
)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def stats(database: Database, start: date, end: date, property: str | None = None) -> list[DayStats]:
    """One entry per day from ``start`` to ``end`` (both included), also for empty days."""
    with database.read() as session:
        rows = ConsentRepository(session).counts(start, end + timedelta(days=1), property)
    by_day: dict[date, dict[str, int]] = {}
    for day, metric, count in rows:
        by_day.setdefault(day, {})[metric] = count
    result = []
    day = start
    while day <= end:
        metrics = by_day.get(day, {})
        granted = {m.split(":", 1)[1]: n for m, n in metrics.items() if m.startswith("granted:")}
        result.append(DayStats(
            day=day, impressions=metrics.get("impressions", 0), decisions=metrics.get("decisions", 0),
            withdrawals=metrics.get("withdrawals", 0), granted=dict(sorted(granted.items())),
        ))
        day += timedelta(days=1)
    return result


def records_between(
    database: Database, start: date | None, end: date | None, property: str | None
) -> Iterator[ConsentRecord]:
    """Records with start <= day of recording <= end, in id order."""
    with database.read() as session:
        yield from ConsentRepository(session).iterate(
            start=day_start(start) if start else None,
            end=day_start(end + timedelta(days=1)) if end else None,
            property=property,
        )


def write_export(records: Iterator[ConsentRecord], out: IO[str], fmt: ExportFormat) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            row = record.as_export()
            row["categories"] = json.dumps(row["categories"], sort_keys=True)
            row["services"] = json.dumps(row["services"], sort_keys=True)
            writer.writerow(row)
            count += 1
    else:
        for record in records:
            out.write(json.dumps(record.as_export(), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count
