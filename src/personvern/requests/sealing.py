"""Personal data at rest in the request store: identities, parameters and row snapshots.

Sealed values are AES-256-GCM (key derived from the master secret), bound to what they
belong to through the associated data, so a value copied to another row does not open.
Identities are looked up through a keyed hash of their normalised form, never in plain text.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from personvern.keys import Keys

NONCE_BYTES = 12
SUBJECT_PURPOSE = "subject-identity"


class Sealer:
    def __init__(self, keys: Keys) -> None:
        self._keys = keys
        self._cipher = AESGCM(keys.derive("request-data"))

    def seal(self, value: Any, *, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(encode(value)).encode()  # key order kept: it is the column order
        return base64.b64encode(nonce + self._cipher.encrypt(nonce, plain, context.encode())).decode()

    def open(self, sealed: str, *, context: str) -> Any:
        if not sealed:
            return None
        raw = base64.b64decode(sealed)
        try:
            plain = self._cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
        except InvalidTag:
            raise ValueError(f"sealed value for {context} does not open (altered or moved)") from None
        return decode(json.loads(plain))

    def subject_hash(self, identity_type: str, value: str) -> str:
        """The keyed hash by which a person's flags are found (HMAC-SHA256, hex)."""
        return self._keys.sign(SUBJECT_PURPOSE, f"{identity_type}:{normalise(identity_type, value)}".encode())

    def identities_hash(self, identities: dict[str, str]) -> str:
        """One keyed hash for a whole set of identities (to find a person's earlier requests)."""
        canonical = "\n".join(f"{k}:{normalise(k, v)}" for k, v in sorted(identities.items()))
        return self._keys.sign(SUBJECT_PURPOSE, canonical.encode())


def normalise(identity_type: str, value: str) -> str:
    value = value.strip()
    if identity_type == "email":
        return value.lower()
    if identity_type in {"phone", "phone_number"}:
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return value


TAG = "__pv__"


def encode(value: Any) -> Any:
    """``value`` as JSON data that ``decode`` turns back into the same Python types
    (rows hold dates, decimals, bytes and UUIDs as the database driver returned them)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    for kind, types, dump in _CODECS:
        if isinstance(value, types):
            return {TAG: kind, "v": dump(value)}
    raise TypeError(f"cannot store a {type(value).__name__}")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if TAG in value:
            return _LOADERS[value[TAG]](value["v"])
        return {k: decode(v) for k, v in value.items()}
    return value


_CODECS: list[tuple[str, Any, Any]] = [
    ("datetime", datetime, lambda v: v.isoformat()),
    ("date", date, lambda v: v.isoformat()),
    ("time", time, lambda v: v.isoformat()),
    ("timedelta", timedelta, lambda v: v.total_seconds()),
    ("decimal", Decimal, str),
    ("bytes", (bytes, bytearray, memoryview), lambda v: base64.b64encode(bytes(v)).decode()),
    ("uuid", uuid.UUID, str),
    ("ip_interface", (ipaddress.IPv4Interface, ipaddress.IPv6Interface), str),
    ("ip_address", (ipaddress.IPv4Address, ipaddress.IPv6Address), str),
    ("ip_network", (ipaddress.IPv4Network, ipaddress.IPv6Network), str),
]
_LOADERS = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "timedelta": lambda v: timedelta(seconds=v),
    "decimal": Decimal,
    "bytes": base64.b64decode,
    "uuid": uuid.UUID,
    "ip_interface": ipaddress.ip_interface,
    "ip_address": ipaddress.ip_address,
    "ip_network": ipaddress.ip_network,
}
