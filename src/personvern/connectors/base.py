"""What every connector offers: plain data in, plain data out.

A connector reaches one company database for one dataset. Collections are tables; rows are
dicts of column name to value, typed as the database driver returns them. Nothing here knows
about requests, policies or the ORM of personvern's own store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from personvern.errors import DomainError

Row = dict[str, Any]
Values = Mapping[str, Any] | Callable[[Row], Mapping[str, Any]]

# Coarse kinds of column types, used to pick a masking value that the column accepts.
KINDS = (
    "string", "integer", "decimal", "float", "boolean", "date", "datetime", "time", "interval",
    "json", "bytes", "uuid", "ip", "array", "enum", "other",
)


class ConnectorError(DomainError):
    """A database could not be reached or refused an operation. The message names the dataset
    and never carries a password or a stack trace."""

    status_code = 502

    def __init__(self, dataset: str, message: str) -> None:
        self.dataset = dataset
        super().__init__(f"dataset '{dataset}': {message}")
        self.reason = message


@dataclass(frozen=True)
class ColumnInfo:
    """What masking needs to know about a column to write a value the database accepts."""

    name: str
    kind: str = "other"
    nullable: bool = True
    length: int | None = None  # characters for strings
    unique: bool = False  # part of a primary key or a unique constraint
    primary_key: bool = False
    timezone: bool = False  # datetime columns that keep a time zone
    enum_values: tuple[str, ...] = ()
    bits: int | None = None  # integer size: 16, 32, 64
    precision: int | None = None  # decimals: total digits
    scale: int | None = None
    foreign_key: bool = False  # the database checks it against another table


@runtime_checkable
class Connector(Protocol):
    dataset: str

    def retrieve(self, collection: str, values: Mapping[str, Collection[Any]], *,
                 casefold: Collection[str] = ()) -> list[Row]:
        """Rows where any of the given fields equals any of its values (all columns).
        Fields named in ``casefold`` are compared case-insensitively."""
        ...

    def update(self, collection: str, keys: list[Row], values: Values) -> int:
        """Updates the rows identified by ``keys`` (dicts holding at least the primary key; full
        rows are fine). ``values`` is one mapping for every row, or a function of the key dict
        giving each row its own values. One transaction; returns the number of rows updated."""
        ...

    def delete(self, collection: str, keys: list[Row]) -> int:
        """Deletes the rows identified by ``keys``; one transaction; returns the count."""
        ...

    def columns(self, collection: str) -> dict[str, ColumnInfo]:
        """The table's columns, in table order."""
        ...

    def primary_key(self, collection: str) -> tuple[str, ...]:
        """The table's primary key columns (empty when it has none)."""
        ...

    def test_connection(self) -> str:
        """Connects and runs a trivial query; returns the server's name and version."""
        ...

    def close(self) -> None:
        ...

    def __enter__(self) -> Connector:
        ...

    def __exit__(self, *exc: object) -> None:
        ...
