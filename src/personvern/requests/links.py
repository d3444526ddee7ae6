"""Signed, expiring download links bound to one request.

A link is ``/exports/{request_id}?expires={unix seconds}&sig={hmac}`` where the HMAC
(``Keys.sign("export-link", ...)``) covers the request id and the expiry. Changing the id,
the expiry or the signature breaks it; so does time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from personvern.errors import Forbidden
from personvern.keys import Keys

PURPOSE = "export-link"


class LinkRefused(Forbidden):
    """The link is not valid for this request (or no longer valid)."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired  # genuine but out of date (a forged link is never 'expired')


class ExportLinks:
    def __init__(self, keys: Keys, public_url: str) -> None:
        self._keys = keys
        self._base = public_url.rstrip("/")

    def path(self, request_id: int, expires_at: datetime) -> str:
        expires = int(expires_at.timestamp())
        query = urlencode({"expires": expires, "sig": self._signature(request_id, expires)})
        return f"/exports/{request_id}?{query}"

    def url(self, request_id: int, expires_at: datetime) -> str:
        return self._base + self.path(request_id, expires_at)

    def check(self, request_id: int, expires: int, signature: str, now: datetime) -> datetime:
        """The link's expiry when it is genuine and current; ``LinkRefused`` otherwise."""
        if not 0 <= expires < 2**40 or not self._keys.verify(PURPOSE, _message(request_id, expires), signature):
            raise LinkRefused("this download link is not valid")  # the signature first, then the date
        expires_at = datetime.fromtimestamp(expires, UTC)
        if now >= expires_at:
            raise LinkRefused("this download link has expired; ask for a new one", expired=True)
        return expires_at

    def _signature(self, request_id: int, expires: int) -> str:
        return self._keys.sign(PURPOSE, _message(request_id, expires))


def _message(request_id: int, expires: int) -> bytes:
    return f"request:{request_id}:expires:{expires}".encode()
