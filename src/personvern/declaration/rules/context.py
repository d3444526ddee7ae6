"""What every rule gets: the valid parts of the declaration, the raw data and positions.

Rules run also when some of the file does not fit the model: every list item (activity,
processor, ...) and the controller are validated on their own, and rules see those that
are valid. Keys are taken from the raw data too, so that an activity with an error of its
own does not also make every reference to it "unknown".
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from personvern.declaration.model import (
    Activity,
    Client,
    Controller,
    CookieService,
    CustomCategory,
    DatasetRef,
    Lang,
    Processor,
)
from personvern.declaration.paths import PathKey, describe, get
from personvern.declaration.problems import Problem
from personvern.declaration.taxonomy import Taxonomy
from personvern.declaration.yamlsource import NodeInfo, Position

M = TypeVar("M", bound=BaseModel)

SECTIONS: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {
    "activities": (("activities",), Activity),
    "processors": (("processors",), Processor),
    "clients": (("clients",), Client),
    "datasets": (("datasets",), DatasetRef),
    "categories": (("taxonomy", "data_categories"), CustomCategory),
    "services": (("cookies", "services"), CookieService),
}


@dataclass(frozen=True)
class Item(Generic[M]):
    path: PathKey
    model: M

    def at(self, *steps: str | int) -> PathKey:
        return (*self.path, *steps)


@dataclass
class Parts:
    controller: Controller | None = None
    items: dict[str, list[Item]] = field(default_factory=dict)
    keys: dict[str, list[tuple[PathKey, str]]] = field(default_factory=dict)
    languages: list[str] = field(default_factory=lambda: ["en"])

    def declared(self, section: str) -> set[str]:
        return {key for _, key in self.keys.get(section, [])}


def validate_part(model: type[M], raw: object) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def build_parts(data: dict) -> Parts:
    parts = Parts()
    parts.controller = validate_part(Controller, data.get("controller"))
    for section, (path, model) in SECTIONS.items():
        raw = get(data, path)
        items: list[Item] = []
        keys: list[tuple[PathKey, str]] = []
        for index, entry in enumerate(raw if isinstance(raw, list) else []):
            valid = validate_part(model, entry)
            if valid is not None:
                items.append(Item((*path, index), valid))
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                keys.append(((*path, index, "key"), entry["key"]))
        parts.items[section] = items
        parts.keys[section] = keys
    if parts.controller is not None:
        parts.languages = list(parts.controller.languages)
    else:
        raw_languages = get(data, ("controller", "languages"))
        if (
            isinstance(raw_languages, list)
            and raw_languages
            and all(x in typing.get_args(Lang) for x in raw_languages)
        ):
            parts.languages = list(raw_languages)
    return parts


@dataclass
class RuleContext:
    data: dict
    parts: Parts
    positions: dict[PathKey, NodeInfo]
    filename: str
    taxonomy: Taxonomy

    def items(self, section: str) -> list[Item]:
        return self.parts.items.get(section, [])

    @property
    def activities(self) -> list[Item[Activity]]:
        return self.items("activities")

    def info(self, path: Sequence[str | int]) -> NodeInfo:
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path) or NodeInfo(Position(1, 1), Position(1, 1), "mapping")

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        """A problem at the value of ``path`` (or at its key / list item start with ``key``)."""
        info = self.info(path)
        where = info.key if key else info.value
        return Problem(self.filename, where.line, where.column, message)

    def name(self, path: Sequence[str | int]) -> str:
        return describe(self.data, path)

    def line_of(self, path: Sequence[str | int]) -> int:
        return self.info(path).value.line


Rule = Callable[[RuleContext], Iterator[Problem]]
