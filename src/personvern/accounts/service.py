"""API tokens: issued once, stored as a SHA-256 hash (they carry 256 random bits)."""

from __future__ import annotations

import hashlib
import secrets

from personvern.accounts.entities import ROLES, ApiToken, IssuedToken
from personvern.accounts.repository import TokenRepository
from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.errors import Conflict, Invalid, NotFound

TOKEN_PREFIX = "pv_"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenService:
    def __init__(self, database: Database, audit: AuditService, clock: Clock) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock

    def create(self, *, name: str, role: str, actor: str) -> IssuedToken:
        if role not in ROLES:
            raise Invalid(f"unknown role '{role}': choose one of {', '.join(ROLES)}")
        name = name.strip()
        if not name or len(name) > 100:
            raise Invalid("a token needs a name of 1 to 100 characters")
        prefix = secrets.token_hex(4)
        secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        with self.database.write() as session:
            token = TokenRepository(session).add(
                name=name, role=role, prefix=prefix, token_hash=hash_token(secret),
                created_at=self.clock.now(), created_by=actor,
            )
            self.audit.record(
                session, actor=actor, action="token.created", target=f"token:{token.id}",
                details={"name": name, "role": role, "prefix": prefix},
            )
        return IssuedToken(token=token, secret=secret)

    def authenticate(self, secret: str) -> ApiToken | None:
        if not secret.startswith(TOKEN_PREFIX):
            return None
        with self.database.read() as session:
            token = TokenRepository(session).by_hash(hash_token(secret))
        if token is None or token.revoked_at is not None:
            return None
        return token

    def list(self) -> list[ApiToken]:
        with self.database.read() as session:
            return TokenRepository(session).all()

    def revoke(self, token_id: int, *, actor: str) -> ApiToken:
        with self.database.write() as session:
            repo = TokenRepository(session)
            token = repo.get(token_id)
            if token is None:
                raise NotFound(f"no token with id {token_id}")
            if token.revoked_at is None:
                if token.role == "admin" and not any(
                    t.role == "admin" and t.revoked_at is None and t.id != token_id for t in repo.all()
                ):
                    raise Conflict(
                        f"token {token_id} is the last admin token; create another admin token "
                        "first (`personvern token create --role admin`), or nobody could manage the API"
                    )
                repo.revoke(token_id, self.clock.now())
                self.audit.record(
                    session, actor=actor, action="token.revoked", target=f"token:{token_id}"
                )
            return repo.get(token_id)  # type: ignore[return-value]
