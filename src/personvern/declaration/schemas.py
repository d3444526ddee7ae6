from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from personvern.declaration.entities import DeclarationVersion


class VersionOut(BaseModel):
    id: int
    content_hash: str
    loaded_at: datetime
    loaded_by: str
    controller: str

    @classmethod
    def of(cls, version: DeclarationVersion) -> VersionOut:
        return cls(
            id=version.id, content_hash=version.content_hash, loaded_at=version.loaded_at,
            loaded_by=version.loaded_by, controller=version.controller,
        )


class LoadResult(BaseModel):
    version: VersionOut
    created: bool


class ProblemOut(BaseModel):
    file: str
    line: int
    column: int
    message: str
