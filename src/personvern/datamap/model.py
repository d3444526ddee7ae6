"""The data map as plain, frozen data: datasets, collections, fields and references.

Built by ``loader.py`` from files in the fideslang ``Dataset`` format (the Fides dataset
YAML). Addresses are ``"dataset:collection"``; a field inside a collection is named by its
dotted path (``"id"``, or ``"profile.phone"`` for a nested field).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from personvern.errors import Invalid

PERSONAL_ROOT = "user"


class DatamapError(Invalid):
    """A dataset file that cannot be read or a data map that cannot be planned."""

    def __init__(self, message: str, *, file: str | None = None, line: int = 0) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(where + message)
        self.detail = message


def is_personal_category(category: str) -> bool:
    return category == PERSONAL_ROOT or category.startswith(PERSONAL_ROOT + ".")


def address_of(dataset: str, collection: str) -> str:
    return f"{dataset}:{collection}"


@dataclass(frozen=True)
class FieldRef:
    """A reference from one field to a field of another collection.

    ``direction`` is as in Fides: ``"to"`` means values flow from the field that declares the
    reference to the referenced field (look the other collection up by our values), ``"from"``
    the opposite; ``None`` means both ways.
    """

    dataset: str
    collection: str
    field: str
    direction: str | None = None

    @property
    def address(self) -> str:
        return address_of(self.dataset, self.collection)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    path: tuple[str, ...]
    data_categories: tuple[str, ...] = ()
    identity: str | None = None
    primary_key: bool = False
    data_type: str | None = None
    masking_override: dict | None = field(default=None, hash=False, compare=False)
    references: tuple[FieldRef, ...] = ()
    length: int | None = None
    read_only: bool = False
    # ``fides_meta.relates_to_subject: false`` marks a column that is not about the person
    # (a product's price in an order row); an access copy leaves it out. Fides ignores the key.
    relates_to_subject: bool = True

    @property
    def dotted(self) -> str:
        """The field's name inside its collection (``a.b`` for nested fields)."""
        return ".".join(self.path)

    @property
    def column(self) -> str:
        """The top-level column that holds this field."""
        return self.path[0]

    @property
    def is_personal(self) -> bool:
        """A ``user.*`` category, or an identity: an identity is personal data whatever category
        the dataset gives it (erasure masks it, access exports it)."""
        return bool(self.identity) or any(is_personal_category(c) for c in self.data_categories)


@dataclass(frozen=True)
class CollectionSpec:
    dataset: str
    name: str
    fields: tuple[FieldSpec, ...]
    after: tuple[str, ...] = ()
    erase_after: tuple[str, ...] = ()
    masking_override: dict | None = field(default=None, hash=False, compare=False)
    skip_processing: bool = False

    @property
    def address(self) -> str:
        return address_of(self.dataset, self.name)

    @property
    def primary_keys(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.primary_key)

    @property
    def personal_fields(self) -> tuple[FieldSpec, ...]:
        """Fields with a data category under ``user`` (nested fields included)."""
        return tuple(f for f in self.fields if f.is_personal)

    @property
    def identity_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.identity)

    @property
    def deletes_rows(self) -> bool:
        """The collection's erasure deletes whole rows (``masking_strategy_override: delete``)."""
        strategy = (self.masking_override or {}).get("strategy")
        return strategy in {"delete", "delete_row"}

    def field(self, dotted: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.dotted == dotted), None)


@dataclass(frozen=True)
class DatasetSpec:
    key: str
    name: str | None
    collections: tuple[CollectionSpec, ...]
    description: str | None = None
    source: str | None = None
    namespace: dict | None = field(default=None, hash=False, compare=False)

    @property
    def schema(self) -> str | None:
        """The database schema (``fides_meta.namespace.schema``), when the dataset names one."""
        ns = self.namespace or {}
        value = ns.get("schema") or ns.get("db_schema")
        return str(value) if value else None

    def collection(self, name: str) -> CollectionSpec | None:
        return next((c for c in self.collections if c.name == name), None)


@dataclass(frozen=True)
class DataMap:
    datasets: dict[str, DatasetSpec] = field(hash=False)

    @classmethod
    def of(cls, *datasets: DatasetSpec) -> DataMap:
        found: dict[str, DatasetSpec] = {}
        for dataset in datasets:
            if dataset.key in found:
                raise DatamapError(
                    f"dataset '{dataset.key}' is described twice "
                    f"({found[dataset.key].source or '?'} and {dataset.source or '?'})"
                )
            found[dataset.key] = dataset
        return cls(found)

    def collections(self) -> Iterator[CollectionSpec]:
        for dataset in self.datasets.values():
            yield from dataset.collections

    def collection(self, address: str) -> CollectionSpec | None:
        dataset, _, name = address.partition(":")
        spec = self.datasets.get(dataset)
        return spec.collection(name) if spec else None

    def identities(self) -> list[str]:
        """Every identity name some field declares, in first-seen order."""
        names = [f.identity for c in self.collections() for f in c.fields if f.identity]
        return list(dict.fromkeys(names))

    def problems(self) -> list[str]:
        """References, ``after`` and ``erase_after`` entries that point nowhere."""
        return [message for _, message in self.located_problems()]

    def located_problems(self) -> list[tuple[str, str]]:
        """``problems()`` with the key of the dataset each one is in."""
        problems: list[tuple[str, str]] = []
        for collection in self.collections():
            for spec in collection.fields:
                for ref in spec.references:
                    target = self.collection(ref.address)
                    where = f"field '{collection.address}.{spec.dotted}'"
                    if target is None:
                        problems.append((collection.dataset,
                            f"{where} references '{ref.dataset}.{ref.collection}.{ref.field}', "
                            f"but there is no collection '{ref.collection}' in dataset '{ref.dataset}'"
                        ))
                    elif target.field(ref.field) is None:
                        problems.append((collection.dataset,
                            f"{where} references '{ref.dataset}.{ref.collection}.{ref.field}', "
                            f"but collection '{ref.address}' has no field '{ref.field}'"
                        ))
            for kind, entries in (("after", collection.after), ("erase_after", collection.erase_after)):
                for entry in entries:
                    if self.collection(entry) is None:
                        problems.append((collection.dataset,
                            f"collection '{collection.address}' has {kind} "
                            f"'{entry.replace(':', '.')}', which is not a known collection"
                        ))
        return problems
