from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime


class DeclarationVersionRow(Base):
    __tablename__ = "declaration_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    loaded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    source_path: Mapped[str] = mapped_column(String(1000), nullable=False)
    controller: Mapped[str] = mapped_column(String(200), nullable=False)
    files: Mapped[str] = mapped_column(Text, nullable=False, doc="JSON: relative path -> text")
