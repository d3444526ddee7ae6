"""The demo's admin token: created once, kept in the demo folder (mode 0600)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from personvern.container import Container


class HasTokenFile(Protocol):
    token_file: Path


def ensure_demo_token(container: Container, folder: HasTokenFile) -> str:
    path = folder.token_file
    if path.exists():
        secret = path.read_text().strip()
        if container.tokens.authenticate(secret) is not None:
            return secret
    issued = container.tokens.create(name="demo admin", role="admin", actor="cli:demo")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(issued.secret + "\n")
    return issued.secret
