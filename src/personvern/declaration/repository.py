from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from personvern.declaration.entities import DeclarationVersion
from personvern.declaration.models import DeclarationVersionRow


class VersionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self) -> DeclarationVersion | None:
        row = self.session.execute(
            select(DeclarationVersionRow).order_by(DeclarationVersionRow.id.desc()).limit(1)
        ).scalar_one_or_none()
        return None if row is None else _entity(row)

    def get(self, version_id: int) -> DeclarationVersion | None:
        row = self.session.get(DeclarationVersionRow, version_id)
        return None if row is None else _entity(row)

    def all(self) -> list[DeclarationVersion]:
        rows = self.session.execute(
            select(DeclarationVersionRow).order_by(DeclarationVersionRow.id)
        ).scalars()
        return [_entity(row, with_files=False) for row in rows]

    def add(
        self, *, content_hash: str, loaded_at: datetime, loaded_by: str, source_path: str,
        controller: str, files: dict[str, str],
    ) -> DeclarationVersion:
        row = DeclarationVersionRow(
            content_hash=content_hash, loaded_at=loaded_at, loaded_by=loaded_by,
            source_path=source_path, controller=controller, files=json.dumps(files),
        )
        self.session.add(row)
        self.session.flush()
        return _entity(row)


def _entity(row: DeclarationVersionRow, *, with_files: bool = True) -> DeclarationVersion:
    return DeclarationVersion(
        id=row.id, content_hash=row.content_hash, loaded_at=row.loaded_at, loaded_by=row.loaded_by,
        source_path=row.source_path, controller=row.controller,
        files=json.loads(row.files) if with_files else {},
    )
