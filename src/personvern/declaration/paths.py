"""Paths into a declaration (tuples of keys and list indexes): naming them and their model."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Union

from pydantic import BaseModel

from personvern.declaration.model import Declaration

PathKey = tuple[str | int, ...]

# List sections whose items are named by their ``key`` (or ``name``) in messages.
ENTITIES: dict[tuple[str, ...], tuple[str, str]] = {
    ("activities",): ("activity", "key"),
    ("processors",): ("processor", "key"),
    ("clients",): ("client", "key"),
    ("datasets",): ("dataset", "key"),
    ("taxonomy", "data_categories"): ("custom category", "key"),
    ("cookies", "services"): ("cookie service", "key"),
    ("cookies", "services", "*", "cookies"): ("cookie", "name"),
}


def get(data: object, path: Sequence[str | int]) -> object:
    """The raw value at ``path``, or None when it is not there."""
    for step in path:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _pattern(path: Sequence[str | int]) -> tuple[str, ...]:
    return tuple("*" if isinstance(step, int) else step for step in path)


def dotted(path: Sequence[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def entity_label(data: object, path: Sequence[str | int]) -> str | None:
    """ "activity 'newsletter'" for the path of a list item of a named section, else None."""
    if not path or not isinstance(path[-1], int):
        return None
    found = ENTITIES.get(_pattern(path[:-1]))
    if found is None:
        return None
    noun, key_field = found
    item = get(data, path)
    key = item.get(key_field) if isinstance(item, dict) else None
    if isinstance(key, str) and key:
        return f"{noun} '{key}'"
    return f"{noun} #{path[-1] + 1}"


def describe(data: object, path: Sequence[str | int]) -> str:
    """A reader's name for ``path``.

    E.g. "'retention.period' of activity 'newsletter'" or "'controller.email'".
    """
    for cut in range(len(path), 0, -1):
        label = entity_label(data, path[:cut])
        if label is not None:
            rest = dotted(path[cut:])
            return f"'{rest}' of {label}" if rest else label
    return f"'{dotted(path)}'" if path else "the top level"


def where_in(data: object, path: Sequence[str | int]) -> str:
    return f"in {describe(data, path)}" if path else "at the top level"


def did_you_mean(word: object, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    if not isinstance(word, str):
        return None
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _fits(kind: Any, value: object) -> bool:
    if isinstance(value, list):
        return kind is list
    if isinstance(value, dict):
        return kind is dict or (isinstance(kind, type) and issubclass(kind, BaseModel))
    return False


def _unwrap(annotation: Any, value: object) -> Any:
    """Strips Annotated/Optional and picks the union member that fits ``value``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            pick = None
            for member in members:
                if _fits(typing.get_origin(member) or member, value):
                    pick = member
            annotation = pick if pick is not None else members[0]
        else:
            return annotation


def model_at(data: object, path: Sequence[str | int]) -> Any:
    """The model class (or type) that validates the value at ``path``."""
    annotation: Any = Declaration
    for depth, step in enumerate(path):
        annotation = _unwrap(annotation, get(data, path[:depth]))
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(step))
            if field is None:
                return None
            annotation = field.annotation
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return None
    return _unwrap(annotation, get(data, path))
