"""Rate limits kept in the store, so they hold across processes and machines.

Each limit counts events of one bucket for one keyed hash (an IP address or an identity,
never in plain text) in a sliding window. Old events are pruned by the periodic sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from personvern.errors import DomainError
from personvern.privacy_center.repository import CaseRepository


@dataclass(frozen=True)
class Limit:
    bucket: str
    events: int
    window: timedelta


SUBMIT_PER_IP = Limit("submit:ip", 10, timedelta(hours=1))
SUBMIT_PER_IDENTITY = Limit("submit:identity", 5, timedelta(hours=1))
VERIFY_PER_IP = Limit("verify:ip", 30, timedelta(hours=1))
NEW_LINK_PER_IP = Limit("new-link:ip", 10, timedelta(hours=1))
NEW_LINK_PER_REQUEST = Limit("new-link:request", 3, timedelta(days=1))
LONGEST_WINDOW = timedelta(days=1)


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def hit(repo: CaseRepository, limit: Limit, key_hash: str, now: datetime) -> None:
    """Counts one event, or raises ``RateLimited`` when the window is full (nothing counted)."""
    since = now - limit.window
    if repo.count_events(limit.bucket, key_hash, since) >= limit.events:
        oldest = repo.oldest_event(limit.bucket, key_hash, since) or now
        retry = max(1, int((oldest + limit.window - now).total_seconds()))
        raise RateLimited("too many attempts; please wait and try again", retry)
    repo.add_event(limit.bucket, key_hash, now)
