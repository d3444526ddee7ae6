"""Keys derived from one master secret (HKDF-SHA256), one per purpose.

The master secret comes from settings (``PERSONVERN__SECURITY__SECRET_KEY``) or, for the
embedded default, from ``<data_dir>/secret.key``, created with mode 0600 on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from personvern.settings import Settings

SECRET_FILE = "secret.key"
MIN_SECRET_LENGTH = 32


def same_digest(expected: str, given: object) -> bool:
    """Constant-time comparison of an expected hex digest with what a stranger sent: anything
    that is not a string of ASCII characters of the same length is simply not equal (no
    TypeError for 'abc.é', no work for a megabyte)."""
    return (
        isinstance(given, str) and len(given) == len(expected) and given.isascii()
        and hmac.compare_digest(expected, given)
    )


class Keys:
    def __init__(self, master: bytes, export_key: bytes | None = None) -> None:
        if len(master) < MIN_SECRET_LENGTH:
            raise ValueError(f"the secret key must be at least {MIN_SECRET_LENGTH} bytes")
        self._master = master
        self._export_key = export_key

    @classmethod
    def from_settings(cls, settings: Settings) -> Keys:
        configured = settings.security.secret_key.get_secret_value()
        master = configured.encode() if configured else _secret_file(settings.resolve(Path(SECRET_FILE)))
        export_hex = settings.security.export_key.get_secret_value()
        return cls(master, bytes.fromhex(export_hex) if export_hex else None)

    def derive(self, purpose: str, length: int = 32) -> bytes:
        return HKDF(
            algorithm=hashes.SHA256(), length=length, salt=None, info=f"personvern:{purpose}".encode()
        ).derive(self._master)

    def sign(self, purpose: str, message: bytes) -> str:
        return hmac.new(self.derive(purpose), message, hashlib.sha256).hexdigest()

    def verify(self, purpose: str, message: bytes, signature: str) -> bool:
        return same_digest(self.sign(purpose, message), signature)

    def export_cipher(self) -> AESGCM:
        """AES-256-GCM for export packages at rest."""
        return AESGCM(self._export_key or self.derive("export-at-rest"))


def _secret_file(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value
