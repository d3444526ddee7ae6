"""An independent, simple reading of the demo declaration's retention rules.

Used to check that the demo data has rows on both sides of every rule; it is not the
retention engine. Rows closer than MARGIN to their expiry count on neither side, so the
checks do not depend on how the engine rounds a boundary.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from fideslang.models import Dataset

from personvern.declaration.model import Declaration, Retention

FILES = Path(__file__).resolve().parents[2] / "src" / "personvern" / "demo" / "files"
MARGIN = timedelta(days=2)
Rows = dict[str, list[dict[str, object]]]


@cache
def load_declaration() -> Declaration:
    with (FILES / "personvern.yaml").open(encoding="utf-8") as stream:
        return Declaration.model_validate(yaml.safe_load(stream))


@cache
def load_dataset() -> Dataset:
    with (FILES / "datasets" / "nordlys.yml").open(encoding="utf-8") as stream:
        (raw,) = yaml.safe_load(stream)["dataset"]
    return Dataset.model_validate(raw)


def references(dataset: Dataset) -> dict[tuple[str, str], str]:
    """(collection, referenced collection) -> the field of collection that holds the reference."""
    found: dict[tuple[str, str], str] = {}
    for collection in dataset.collections:
        for field in collection.fields:
            for ref in (field.fides_meta.references or []) if field.fides_meta else []:
                found[(collection.name, ref.field.split(".")[0])] = field.name
    return found


def add_period(day: date, period: str) -> date:
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", period)
    assert match, period
    years, months, weeks, days = (int(part or 0) for part in match.groups())
    index = day.month - 1 + months + 12 * years
    year, month = day.year + index // 12, index % 12 + 1
    moved = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return moved + timedelta(weeks=weeks, days=days)


def as_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    assert isinstance(value, date), value
    return value


def end_of_fiscal_year(day: date, start: str) -> date:
    month, dom = (int(part) for part in start.split("-"))
    next_start = date(day.year, month, dom)
    if next_start <= day:
        next_start = date(day.year + 1, month, dom)
    return next_start - timedelta(days=1)


@dataclass
class Split:
    expired: int = 0
    kept: int = 0


def date_field(rule: Retention, collection: str) -> str | None:
    if rule.fields is not None:
        return rule.fields.get(f"nordlys.{collection}")
    return rule.field


def anchor_values(
    rule: Retention, collection: str, rows: Rows, refs: dict[tuple[str, str], str]
) -> list[object]:
    """The anchor field's value for each row of ``collection`` (following one reference)."""
    spec = date_field(rule, collection)
    assert spec is not None
    if "." not in spec:
        return [row[spec] for row in rows[collection]]
    parent, parent_field = spec.split(".")
    link = refs[(collection, parent)]
    by_id = {row["id"]: row[parent_field] for row in rows[parent]}
    return [by_id.get(row[link]) for row in rows[collection]]


def excluded_by_condition(rule: Retention, collection: str, rows: Rows) -> list[bool]:
    if rule.condition is None or rule.condition.unless_exists is None:
        return [False] * len(rows[collection])
    exists = rule.condition.unless_exists
    other = exists.collection.split(".")[1]
    ((here, there),) = exists.match.items()
    values = {row[there] for row in rows[other]}
    return [row[here] in values for row in rows[collection]]


def split(rule: Retention, collection: str, rows: Rows, refs: dict[tuple[str, str], str],
          *, today: date, fiscal_year_start: str) -> Split:
    result = Split()
    values = anchor_values(rule, collection, rows, refs)
    for value, excluded in zip(values, excluded_by_condition(rule, collection, rows), strict=True):
        anchor = as_date(value)
        if rule.anchor == "until_consent_withdrawn":
            expired = anchor is not None
        elif anchor is None or excluded:
            expired = False
        else:
            if rule.anchor == "end_of_calendar_year":
                anchor = date(anchor.year, 12, 31)
            elif rule.anchor == "end_of_fiscal_year":
                anchor = end_of_fiscal_year(anchor, fiscal_year_start)
            period = rule.period or rule.review_every
            assert period is not None
            due = add_period(anchor, period)
            if today - MARGIN < due < today + MARGIN:
                continue
            expired = due <= today - MARGIN
        if expired:
            result.expired += 1
        else:
            result.kept += 1
    return result
