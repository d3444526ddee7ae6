"""The TLS status of the scanned site: is it encrypted, and is its certificate good?"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

from personvern.scan.entities import TlsStatus


def check_tls(url: str, timeout_s: float) -> TlsStatus:
    parts = urlsplit(url)
    if parts.scheme != "https":
        return TlsStatus(scheme=parts.scheme, ok=False,
                         detail="served over plain HTTP: nothing between visitor and site is "
                         "encrypted")
    host, port = parts.hostname or "", parts.port or 443
    context = ssl.create_default_context()
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                cert = tls.getpeercert() or {}
                return TlsStatus(scheme="https", ok=True, detail="valid certificate",
                                 not_after=str(cert.get("notAfter", "")),
                                 protocol=tls.version() or "")
    except ssl.SSLCertVerificationError as exc:
        return TlsStatus(scheme="https", ok=False,
                         detail=f"certificate refused: {exc.verify_message}")
    except (OSError, ssl.SSLError) as exc:
        return TlsStatus(scheme="https", ok=False, detail=f"no TLS connection: {exc}")
