"""The only code that touches the consent tables. SQLAlchemy Core throughout: the write
path inserts plain dicts, with no ORM objects."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from personvern.consent.entities import Checkpoint, ConsentRecord
from personvern.consent.models import (
    ConsentBannerRow,
    ConsentCheckpointRow,
    ConsentCounterRow,
    ConsentRecordRow,
)

records = ConsentRecordRow.__table__
counters = ConsentCounterRow.__table__
banners = ConsentBannerRow.__table__
checkpoints = ConsentCheckpointRow.__table__

_INSERT_RECORDS = insert(records)
CounterKey = tuple[date, str, str]


def _insert_for(dialect: str, table: Any) -> Any:
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


@lru_cache(maxsize=4)
def _add_counts_statement(dialect: str) -> Any:
    """Built once: constructing ``excluded`` is far more costly than executing the upsert."""
    stmt = _insert_for(dialect, counters)
    return stmt.on_conflict_do_update(
        index_elements=[counters.c.day, counters.c.property, counters.c.metric, counters.c.shard],
        set_={"count": counters.c.count + stmt.excluded["count"]},
    )


class ConsentRepository:
    def __init__(self, session: Session | Connection) -> None:
        self.session = session

    def _dialect(self) -> str:
        session = self.session
        return (session.get_bind() if isinstance(session, Session) else session).dialect.name

    # --- writes ------------------------------------------------------------------------

    def insert_records(self, rows: list[dict[str, Any]]) -> None:
        """Appends records with one multi-row statement (no RETURNING: records are named
        by their seal, so no generated id has to come back)."""
        self.session.execute(_INSERT_RECORDS, rows)

    def add_counts(self, counts: dict[CounterKey, int], shard: int = 0) -> None:
        """Adds to daily counters in one shard, in key order (so writers cannot deadlock)."""
        if not counts:
            return
        stmt = _add_counts_statement(self._dialect())
        values = [{"day": day, "property": prop, "metric": metric, "shard": shard, "count": count}
                  for (day, prop, metric), count in sorted(counts.items())]
        self.session.execute(stmt, values)  # executemany: the compiled statement is cached

    def store_banner(self, text_hash: str, version: int, language: str, content: str, at: datetime) -> None:
        stmt = _insert_for(self._dialect(), banners).on_conflict_do_nothing(index_elements=[banners.c.text_hash])
        self.session.execute(stmt, {
            "text_hash": text_hash, "declaration_version": version, "language": language,
            "content": content, "stored_at": at,
        })

    def add_checkpoint(self, **values: Any) -> int:
        return self.session.execute(insert(checkpoints).returning(checkpoints.c.id), values).scalar_one()

    # --- reads -------------------------------------------------------------------------

    def get(self, record_id: int) -> ConsentRecord | None:
        row = self.session.execute(select(records).where(records.c.id == record_id)).mappings().first()
        return None if row is None else ConsentRecord(**row)

    def for_consent(self, consent_id: str) -> list[ConsentRecord]:
        rows = self.session.execute(
            select(records).where(records.c.consent_id == consent_id).order_by(records.c.id)
        ).mappings()
        return [ConsentRecord(**row) for row in rows]

    def banner(self, text_hash: str) -> str | None:
        return self.session.execute(
            select(banners.c.content).where(banners.c.text_hash == text_hash)
        ).scalar()

    def iterate(
        self, *, start: datetime | None = None, end: datetime | None = None,
        property: str | None = None, batch: int = 2000,
    ) -> Iterator[ConsentRecord]:
        """Records in id order, fetched in batches (memory stays flat on a large log)."""
        conditions = []
        if start is not None:
            conditions.append(records.c.recorded_at >= start)
        if end is not None:
            conditions.append(records.c.recorded_at < end)
        if property is not None:
            conditions.append(records.c.property == property)
        last = 0
        while True:
            rows = self.session.execute(
                select(records).where(and_(records.c.id > last, *conditions))
                .order_by(records.c.id).limit(batch)
            ).mappings().all()
            if not rows:
                return
            for row in rows:
                yield ConsentRecord(**row)
            last = rows[-1]["id"]

    def seals(self, first: int, last: int | None = None, batch: int = 10_000) -> Iterator[tuple[int, str]]:
        """(id, seal) of the records with first <= id (<= last), in id order."""
        position = first - 1
        while True:
            query = select(records.c.id, records.c.seal).where(records.c.id > position)
            if last is not None:
                query = query.where(records.c.id <= last)
            rows = self.session.execute(query.order_by(records.c.id).limit(batch)).all()
            if not rows:
                return
            yield from ((row.id, row.seal) for row in rows)
            position = rows[-1].id

    def max_id_recorded_before(self, cutoff: datetime) -> int | None:
        return self.session.execute(
            select(func.max(records.c.id)).where(records.c.recorded_at <= cutoff)
        ).scalar()

    def count_after(self, record_id: int) -> int:
        return self.session.execute(
            select(func.count()).select_from(records).where(records.c.id > record_id)
        ).scalar_one()

    def last_checkpoint(self) -> Checkpoint | None:
        row = self.session.execute(
            select(checkpoints).order_by(checkpoints.c.id.desc()).limit(1)
        ).mappings().first()
        return None if row is None else Checkpoint(**row)

    def checkpoints(self) -> list[Checkpoint]:
        rows = self.session.execute(select(checkpoints).order_by(checkpoints.c.id)).mappings()
        return [Checkpoint(**row) for row in rows]

    def counts(self, start: date, end: date, property: str | None) -> list[tuple[date, str, int]]:
        """(day, metric, count) summed over properties (or for one), start <= day < end."""
        query = (
            select(counters.c.day, counters.c.metric, func.sum(counters.c.count))
            .where(counters.c.day >= start, counters.c.day < end)
            .group_by(counters.c.day, counters.c.metric)
            .order_by(counters.c.day, counters.c.metric)
        )
        if property is not None:
            query = query.where(counters.c.property == property)
        return [(row[0], row[1], int(row[2])) for row in self.session.execute(query)]

    def properties(self) -> list[str]:
        return list(self.session.execute(select(counters.c.property).distinct().order_by(counters.c.property)).scalars())
