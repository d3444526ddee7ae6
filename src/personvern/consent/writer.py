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

import asyncio
import logging
import os
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from personvern.consent.repository import ConsentRepository, CounterKey
from personvern.db.database import Database
from personvern.errors import DomainError

log = logging.getLogger("personvern.consent")
LINGER_SECONDS = float(os.environ.get("PV_LINGER", "0.002"))


class Overloaded(DomainError):
    status_code = 503


@dataclass
class _Item:
    rows: list[dict[str, Any]]
    counts: dict[CounterKey, int]
    future: Future[None] | asyncio.Future[None]
    loop: asyncio.AbstractEventLoop | None = None  # set when an event loop waits for it


class GroupCommitWriter:
    def __init__(
        self, database: Database, *, max_batch: int = 256, threads: int | None = None,
        max_pending: int = 20_000, idle_seconds: float = 10.0, linger_seconds: float = LINGER_SECONDS,
    ) -> None:
        self.database = database
        self.max_batch = max_batch
        self.threads = threads or int(os.environ.get("PV_THREADS", "0")) or (1 if database.is_sqlite else 2)
        self.max_pending = max_pending
        self.idle_seconds = idle_seconds
        self.linger_seconds = linger_seconds
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = 0

    def submit(self, rows: list[dict[str, Any]], counts: dict[CounterKey, int]) -> Future[None]:
        """Queues rows and counter increments; the future is done once they are committed."""
        future: Future[None] = Future()
        self._put(_Item(rows, counts, future))
        return future

    async def submit_async(self, rows: list[dict[str, Any]], counts: dict[CounterKey, int]) -> None:
        """``submit`` for a coroutine: returns once committed (one loop wake-up per group)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._put(_Item(rows, counts, future, loop))
        return await future

    def write(self, rows: list[dict[str, Any]], counts: dict[CounterKey, int], timeout: float = 60) -> None:
        """``submit`` and wait: for callers that are not async."""
        return self.submit(rows, counts).result(timeout)

    def _put(self, item: _Item) -> None:
        with self._lock:
            if self._queue.qsize() >= self.max_pending:
                raise Overloaded("too many consents are waiting to be stored; try again shortly")
            self._queue.put(item)
            while self._running < self.threads:
                self._running += 1
                threading.Thread(target=self._run, name="personvern-consent-writer", daemon=True).start()

    def _run(self) -> None:
        busy = False
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
            self._drain(batch)
            if busy and len(batch) < self.max_batch:
                # Under load: let more requests arrive (one sleep, not one wake-up per request).
                time.sleep(self.linger_seconds)
                self._drain(batch)
            busy = len(batch) > 1
            self._settle(self._outcomes(batch))

    def _drain(self, batch: list[_Item]) -> None:
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                return

    def _outcomes(self, batch: list[_Item]) -> list[tuple[_Item, BaseException | None]]:
        try:
            self._commit(batch)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the waiting requests
            if len(batch) > 1:
                return [outcome for item in batch for outcome in self._outcomes([item])]
            log.error("storing a consent failed: %s", type(exc).__name__)
            return [(batch[0], exc)]
        return [(item, None) for item in batch]

    def _settle(self, outcomes: list[tuple[_Item, BaseException | None]]) -> None:
        """Hands the results over: one call per event loop, directly for other waiters."""
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Item, BaseException | None]]] = {}
        for item, outcome in outcomes:
            if item.loop is None:
                _set(item.future, outcome)
            else:
                by_loop.setdefault(item.loop, []).append((item, outcome))
        for loop, mine in by_loop.items():
            try:
                loop.call_soon_threadsafe(_set_all, mine)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                pass

    def _commit(self, batch: list[_Item]) -> None:
        rows = [row for item in batch for row in item.rows]
        counts: dict[CounterKey, int] = {}
        for item in batch:
            for key, value in item.counts.items():
                counts[key] = counts.get(key, 0) + value
        with self.database.write() as session:
            repo = ConsentRepository(session)
            if rows:
                repo.insert_records(rows)
            repo.add_counts(counts)


def _set(future: Future[None] | asyncio.Future[None], outcome: BaseException | None) -> None:
    if future.done():  # cancelled: the request went away (its record is stored all the same)
        return
    if outcome is None:
        future.set_result(None)
    else:
        future.set_exception(outcome)


def _set_all(outcomes: list[tuple[_Item, BaseException | None]]) -> None:
    for item, outcome in outcomes:
        _set(item.future, outcome)
