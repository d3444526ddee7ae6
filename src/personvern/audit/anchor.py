"""The audit chain's tip, anchored outside the store.

After each transaction that appended entries, a keyed checkpoint of the newest entry (its id and
hash, with an HMAC under a key derived from the master secret) replaces the anchor file in the
data folder and is written to the log. Whoever can rewrite the store cannot forge it without the
secret, so cutting entries off the end of the chain and rewriting its recorded tip is detected:
the anchor names an entry the chain no longer has, or one whose hash differs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger("personvern.audit")


@dataclass(frozen=True)
class Checkpoint:
    id: int
    hash: str
    at: str
    mac: str


class AuditAnchor:
    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key

    def _mac(self, entry_id: int, entry_hash: str, at: str) -> str:
        return hmac.new(self._key, f"{entry_id}:{entry_hash}:{at}".encode(), hashlib.sha256).hexdigest()

    def write(self, entry_id: int, entry_hash: str, now: datetime) -> None:
        """Anchor the tip, unless the file already anchors a later entry (another process)."""
        current = self.read()
        if current is not None and current.id >= entry_id:
            return
        at = now.isoformat()
        point = Checkpoint(entry_id, entry_hash, at, self._mac(entry_id, entry_hash, at))
        data = json.dumps(point.__dict__).encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".audit-anchor-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            log.exception("the audit anchor %s could not be written", self.path)
            return
        log.info("audit checkpoint id=%d hash=%s at=%s mac=%s", entry_id, entry_hash, at, point.mac)

    def read(self) -> Checkpoint | None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return Checkpoint(int(raw["id"]), str(raw["hash"]), str(raw["at"]), str(raw["mac"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return Checkpoint(-1, "", "", "")  # present but unreadable: verify says so

    def genuine(self, point: Checkpoint) -> bool:
        expected = self._mac(point.id, point.hash, point.at)
        return len(point.mac) == len(expected) and hmac.compare_digest(point.mac, expected)
