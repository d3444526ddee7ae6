from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from personvern.accounts.entities import ApiToken
from personvern.accounts.models import ApiTokenRow


class TokenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, *, name: str, role: str, prefix: str, token_hash: str, created_at: datetime,
        created_by: str,
    ) -> ApiToken:
        row = ApiTokenRow(
            name=name, role=role, prefix=prefix, token_hash=token_hash, created_at=created_at,
            created_by=created_by,
        )
        self.session.add(row)
        self.session.flush()
        return _entity(row)

    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self.session.execute(
            select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)
        ).scalar_one_or_none()
        return None if row is None else _entity(row)

    def get(self, token_id: int) -> ApiToken | None:
        row = self.session.get(ApiTokenRow, token_id)
        return None if row is None else _entity(row)

    def all(self) -> list[ApiToken]:
        rows = self.session.execute(select(ApiTokenRow).order_by(ApiTokenRow.id)).scalars()
        return [_entity(row) for row in rows]

    def revoke(self, token_id: int, at: datetime) -> None:
        row = self.session.get(ApiTokenRow, token_id)
        if row is not None:
            row.revoked_at = at
            self.session.flush()


def _entity(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        id=row.id, name=row.name, role=row.role, prefix=row.prefix,  # type: ignore[arg-type]
        created_at=row.created_at, created_by=row.created_by, revoked_at=row.revoked_at,
    )
