from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class DeclarationVersion:
    id: int
    content_hash: str
    loaded_at: datetime
    loaded_by: str
    source_path: str
    controller: str
    files: dict[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class LoadOutcome:
    version: DeclarationVersion
    created: bool
