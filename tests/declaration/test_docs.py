"""docs/declaration.md documents every key of the format (it fails when a field is added
without being documented)."""

from __future__ import annotations

import typing
from pathlib import Path

from pydantic import BaseModel

from personvern.declaration.model import Declaration

DOC = Path(__file__).resolve().parents[2] / "docs" / "declaration.md"


def models(root: type[BaseModel]) -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    todo: list[object] = [root]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item in found:
                continue
            found.add(item)
            todo.extend(field.annotation for field in item.model_fields.values())
        else:
            todo.extend(typing.get_args(item))
    return found


def test_every_key_of_the_format_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(
        f"{model.__name__}.{name}"
        for model in models(Declaration)
        for name in model.model_fields
        if f"`{name}`" not in text
    )
    assert missing == []
