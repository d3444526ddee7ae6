"""Group commit for the consent write path.

Requests hand their rows to a writer thread and wait. The writer takes everything that
is waiting (up to ``max_batch``), inserts it with one multi-row statement, adds the daily
counters, commits once, and only then releases the waiting requests: a 2xx answer
always follows a finished commit. Under load many requests share one commit (PostgreSQL
and SQLite each do one WAL flush per commit); with a single client each request still
gets its own commit straight away (no waiting for a batch to fill).

Nothing is shared between processes: several API processes each run their own writers
against the same database. Writer threads start on demand and end after a while idle.
If a group fails, its items are retried one by one, so one bad item fails alone.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from personvern.consent.repository import ConsentRepository, CounterKey
from personvern.db.database import Database
from personvern.errors import DomainError

log = logging.getLogger("personvern.consent")


class Overloaded(DomainError):
    status_code = 503


@dataclass
class _Item:
    rows: list[dict[str, Any]]
    counts: dict[CounterKey, int]
    future: Future[list[int]] = field(default_factory=Future)


class GroupCommitWriter:
    def __init__(
        self, database: Database, *, max_batch: int = 256, threads: int | None = None,
        max_pending: int = 20_000, idle_seconds: float = 10.0,
    ) -> None:
        self.database = database
        self.max_batch = max_batch
        self.threads = threads or (1 if database.is_sqlite else 2)
        self.max_pending = max_pending
        self.idle_seconds = idle_seconds
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = 0

    def submit(self, rows: list[dict[str, Any]], counts: dict[CounterKey, int]) -> Future[list[int]]:
        """Queues rows and counter increments; the future gives the new record ids after commit."""
        item = _Item(rows, counts)
        with self._lock:
            if self._queue.qsize() >= self.max_pending:
                raise Overloaded("too many consents are waiting to be stored; try again shortly")
            self._queue.put(item)
            while self._running < self.threads:
                self._running += 1
                threading.Thread(target=self._run, name="personvern-consent-writer", daemon=True).start()
        return item.future

    def write(self, rows: list[dict[str, Any]], counts: dict[CounterKey, int], timeout: float = 60) -> list[int]:
        """``submit`` and wait: for callers that are not async."""
        return self.submit(rows, counts).result(timeout)

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self.idle_seconds)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._running -= 1
                        return
                continue
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._flush(batch)

    def _flush(self, batch: list[_Item]) -> None:
        try:
            ids = self._commit(batch)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the waiting requests
            if len(batch) > 1:
                for item in batch:
                    self._flush([item])
                return
            log.error("storing a consent failed: %s", type(exc).__name__)
            _resolve(batch[0].future, lambda f: f.set_exception(exc))
            return
        position = 0
        for item in batch:
            mine = ids[position:position + len(item.rows)]
            position += len(item.rows)
            _resolve(item.future, lambda f, mine=mine: f.set_result(mine))

    def _commit(self, batch: list[_Item]) -> list[int]:
        rows = [row for item in batch for row in item.rows]
        counts: dict[CounterKey, int] = {}
        for item in batch:
            for key, value in item.counts.items():
                counts[key] = counts.get(key, 0) + value
        with self.database.write() as session:
            repo = ConsentRepository(session)
            ids = repo.insert_records(rows) if rows else []
            repo.add_counts(counts)
        return ids


def _resolve(future: Future[list[int]], action: Callable[[Future[list[int]]], None]) -> None:
    if future.set_running_or_notify_cancel():
        action(future)
