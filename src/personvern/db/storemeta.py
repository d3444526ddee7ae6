"""Facts about the store itself, written when it is created: the check value of the secret it
was created with, so a store opened with another secret is refused instead of reporting every
signed record as altered."""

from __future__ import annotations

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.database import Database

KEY_CHECK = "key_check"


class StoreMetaRow(Base):
    __tablename__ = "store_meta"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)


def read(database: Database, name: str) -> str | None:
    with database.read() as session:
        return session.scalar(select(StoreMetaRow.value).where(StoreMetaRow.name == name))


def write_once(database: Database, name: str, value: str) -> str:
    """Store ``value`` unless one is there; the stored value either way."""
    with database.write() as session:
        found = session.get(StoreMetaRow, name)
        if found is not None:
            return found.value
        session.add(StoreMetaRow(name=name, value=value))
        return value
