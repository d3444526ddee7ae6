"""The cryptographic side of proof of consent: record seals, the signed cookie, digests.

- Every stored record carries a *seal*: HMAC-SHA256 (key ``consent-record`` derived from
  the master secret) over its canonical content. Changing any field of a stored record
  breaks its seal.
- The visitor's cookie holds the choice and an HMAC (key ``consent-cookie``) over it, so
  the server can tell whether a cookie value is one it issued, unaltered.
- Checkpoints chain a SHA-256 digest over the seals of consecutive records; the digest
  goes into the audit chain, so deleting or inserting records afterwards is detected.

Both HMACs are exactly ``Keys.sign(purpose, message)``; the derived key is kept instead
of being derived again per request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from personvern.keys import Keys, same_digest

RECORD_PURPOSE = "consent-record"
COOKIE_PURPOSE = "consent-cookie"
GENESIS_DIGEST = "0" * 64
RECORD_KEY_LENGTH = 16  # hex characters of the seal that name a record to its visitor
MAX_COOKIE_LENGTH = 4096


class Signer:
    """HMAC-SHA256 with one purpose's key, same output as ``Keys.sign(purpose, ...)``."""

    def __init__(self, keys: Keys, purpose: str) -> None:
        self._key = keys.derive(purpose)

    def sign(self, message: bytes) -> str:
        return hmac.digest(self._key, message, "sha256").hex()

    def verify(self, message: bytes, signature: str) -> bool:
        return same_digest(self.sign(message), signature)


class ConsentIds:
    """Consent ids: unique and unguessable without a system call per id. Each is a keyed
    BLAKE2b of a counter, with a random key drawn once per process (a PRF in counter mode);
    ids of different processes collide with probability about 2^-128."""

    def __init__(self) -> None:
        self._key = os.urandom(32)
        self._counter = itertools.count()

    def new(self) -> str:
        counter = next(self._counter).to_bytes(8, "big")
        return hashlib.blake2b(counter, key=self._key, digest_size=16).hexdigest()


def stamp(moment: datetime) -> str:
    """A UTC timestamp as text with microseconds, the same before and after storage
    (the store keeps microseconds; every timestamp here is in UTC)."""
    return moment.isoformat(timespec="microseconds")


_SORTED = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def canonical_choices(categories: dict[str, bool], services: dict[str, bool]) -> str:
    return _SORTED.encode({"categories": categories, "services": services})


def record_content(row: dict[str, Any]) -> bytes:
    """The canonical bytes a record's seal covers (every stored field but id and seal)."""
    return _COMPACT.encode([
        row["consent_id"], stamp(row["recorded_at"]), stamp(row["expires_at"]), row["property"],
        row["page_url"], row["language"], row["declaration_version"], row["banner_hash"],
        row["choices"], row["method"], bool(row["gpc"]), row["ip"], row["user_agent"],
    ]).encode()


@dataclass(frozen=True)
class CookieValue:
    consent_id: str
    record: str  # the record's key: the start of its seal
    version: int
    consent_hash: str
    expires: int  # Unix seconds
    categories: tuple[str, ...]  # granted
    services: tuple[str, ...]  # granted


def encode_cookie(value: CookieValue, signer: Signer) -> str:
    payload = {
        "i": value.consent_id, "r": value.record, "v": value.version, "h": value.consent_hash,
        "e": value.expires, "c": list(value.categories), "s": list(value.services),
    }
    raw = _SORTED.encode(payload).encode()
    body = base64.urlsafe_b64encode(raw).rstrip(b"=")
    return f"{body.decode()}.{signer.sign(body)}"


class CookieInvalid(ValueError):
    """The value is not a consent cookie issued by this server, or it was altered."""


def decode_cookie(value: str, signer: Signer) -> CookieValue:
    value = value.strip()
    if len(value) > MAX_COOKIE_LENGTH or value.count(".") != 1:
        raise CookieInvalid("not a personvern consent cookie (expected BODY.SIGNATURE)")
    body, signature = value.split(".")
    if not signer.verify(body.encode(), signature):
        raise CookieInvalid(
            "the signature does not match: the value was altered or not issued by this server"
        )
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return CookieValue(
            consent_id=str(payload["i"]), record=str(payload["r"]), version=int(payload["v"]),
            consent_hash=str(payload["h"]), expires=int(payload["e"]),
            categories=tuple(payload["c"]), services=tuple(payload["s"]),
        )
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise CookieInvalid(f"the signed content is not a consent cookie: {exc}") from None


def chain_digest(previous: str, records: Iterable[tuple[int, str]]) -> tuple[str, int]:
    """SHA-256 over the previous digest and each (id, seal), in id order; and the count."""
    digest = hashlib.sha256(previous.encode())
    count = 0
    for record_id, seal in records:
        digest.update(f"\n{record_id}:{seal}".encode())
        count += 1
    return digest.hexdigest(), count
