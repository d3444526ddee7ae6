from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Role = Literal["admin", "dpo", "viewer"]
ROLES: tuple[Role, ...] = ("admin", "dpo", "viewer")


@dataclass(frozen=True)
class ApiToken:
    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None

    @property
    def actor(self) -> str:
        """How this token appears in the audit log."""
        return f"token:{self.id}:{self.name}"


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str
