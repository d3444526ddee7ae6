"""Small signed things: one-time codes, status links, CSRF tokens, keyed hashes of IPs and identities.

Every signature is an HMAC-SHA256 under a key derived for its purpose (``Keys.sign``), so a
value signed for one purpose is worthless for another.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from personvern.keys import Keys, same_digest
from personvern.requests.sealing import normalise

CODE_DIGITS = 6
CODE_VALIDITY = timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5
STATUS_LINK_VALIDITY = timedelta(days=30)
CSRF_COOKIE = "personvern_csrf"


def new_code() -> str:
    """A uniformly random code of six digits (leading zeros kept)."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def new_ref() -> str:
    """The random name of a submission in the verification page's URL (not personal data)."""
    return secrets.token_urlsafe(24)


def code_hash(keys: Keys, submission_ref: str, code: str) -> str:
    return keys.sign("verification-code", f"{submission_ref}:{code}".encode())


def code_matches(keys: Keys, submission_ref: str, code: str, stored: str | None) -> bool:
    if stored is None:
        return False
    return same_digest(code_hash(keys, submission_ref, code.strip()), stored)


def identity_hash(keys: Keys, identity_type: str, value: str) -> str:
    """One person's key for duplicates and rate limits (never the address itself)."""
    return keys.sign("privacy-center-identity", f"{identity_type}:{normalise(identity_type, value)}".encode())


def client_hash(keys: Keys, address: str) -> str:
    return keys.sign("privacy-center-client", address.encode())


# --- status links ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkCheck:
    request_id: int
    genuine: bool
    expired: bool

    @property
    def ok(self) -> bool:
        return self.genuine and not self.expired


class StatusLinks:
    """``/privacy-center/status/{id}?expires=..&sig=..``: bound to one request, expiring."""

    PURPOSE = "status-link"

    def __init__(self, keys: Keys, public_url: str) -> None:
        self._keys = keys
        self._base = public_url.rstrip("/")

    def path(self, request_id: int, now: datetime, lang: str | None = None) -> str:
        expires = int((now + STATUS_LINK_VALIDITY).timestamp())
        query = {"expires": expires, "sig": self._sign(request_id, expires)}
        if lang:
            query["lang"] = lang
        return f"/privacy-center/status/{request_id}?{urlencode(query)}"

    def url(self, request_id: int, now: datetime, lang: str | None = None) -> str:
        return self._base + self.path(request_id, now, lang)

    def check(self, request_id: int, expires: int, signature: str, now: datetime) -> LinkCheck:
        if not 0 <= expires < 2**40:  # out of any date's range: not a link we made
            return LinkCheck(request_id, False, True)
        genuine = same_digest(self._sign(request_id, expires), signature)
        expired = now >= datetime.fromtimestamp(expires, UTC)
        return LinkCheck(request_id, genuine, expired)

    def _sign(self, request_id: int, expires: int) -> str:
        return self._keys.sign(self.PURPOSE, f"request:{request_id}:expires:{expires}".encode())


# --- CSRF: a signed double-submit token -------------------------------------------------------

class CsrfTokens:
    """The cookie holds ``nonce.signature``; every form posts the same value back.

    A forged cross-site form cannot read the cookie (and SameSite=Strict keeps the browser
    from sending it), so its field never matches; a value not signed by us is refused even
    when an attacker managed to set the cookie.
    """

    PURPOSE = "csrf"

    def __init__(self, keys: Keys) -> None:
        self._keys = keys

    def new(self) -> str:
        nonce = secrets.token_urlsafe(18)
        return f"{nonce}.{self._keys.sign(self.PURPOSE, nonce.encode())}"

    def genuine(self, token: str | None) -> bool:
        if not token or "." not in token:
            return False
        nonce, _, signature = token.partition(".")
        return self._keys.verify(self.PURPOSE, nonce.encode(), signature)

    def accepts(self, cookie: str | None, field: str | None) -> bool:
        return bool(cookie) and bool(field) and same_digest(str(cookie), str(field)) and self.genuine(cookie)
