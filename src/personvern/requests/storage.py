"""Export packages at rest: AES-256-GCM files under ``<data_dir>/exports/``.

The associated data binds each file to its request, so a file renamed to another request's
package does not decrypt. Files are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

EXPORTS_DIR = "exports"


@dataclass(frozen=True)
class StoredFile:
    path: str
    nonce: str
    size: int
    sha256: str


class ExportStorage:
    def __init__(self, root: Path, cipher: AESGCM) -> None:
        self.root = root
        self._cipher = cipher

    def write(self, request_id: int, data: bytes) -> StoredFile:
        self.root.mkdir(parents=True, exist_ok=True)
        nonce = os.urandom(12)
        sealed = self._cipher.encrypt(nonce, data, _aad(request_id))
        target = self.root / f"request-{request_id}.zip.enc"
        temporary = target.with_suffix(f".tmp-{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        return StoredFile(
            path=str(target), nonce=nonce.hex(), size=len(data), sha256=hashlib.sha256(data).hexdigest()
        )

    def read(self, request_id: int, stored_path: str, nonce: str) -> bytes:
        sealed = Path(stored_path).read_bytes()
        try:
            return self._cipher.decrypt(bytes.fromhex(nonce), sealed, _aad(request_id))
        except InvalidTag:
            raise ValueError(f"the export file of request {request_id} does not decrypt") from None

    def delete(self, stored_path: str) -> None:
        Path(stored_path).unlink(missing_ok=True)


def _aad(request_id: int) -> bytes:
    return f"personvern-export:request:{request_id}".encode()
