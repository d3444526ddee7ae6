"""Every text given per language has a text for each language the controller publishes in."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from personvern.declaration.model import CategoryText, LocalText
from personvern.declaration.paths import PathKey, get
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import RuleContext, validate_part

LANGUAGE_NAMES = {"en": "English", "nb": "Norwegian"}


def _texts(value: object, path: PathKey) -> Iterator[tuple[PathKey, LocalText]]:
    if isinstance(value, LocalText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))


def translations(ctx: RuleContext) -> Iterator[Problem]:
    roots: list[tuple[PathKey, object]] = [(("controller",), ctx.parts.controller)]
    for items in ctx.parts.items.values():
        roots.extend((item.path, item.model) for item in items)
    categories = get(ctx.data, ("cookies", "categories"))
    for key, raw in categories.items() if isinstance(categories, dict) else ():
        roots.append((("cookies", "categories", key), validate_part(CategoryText, raw)))
    for root, model in roots:
        if model is None:
            continue
        for path, text in _texts(model, root):
            for lang in ctx.parts.languages:
                if not (getattr(text, lang, None) or "").strip():
                    name = LANGUAGE_NAMES.get(lang, lang)
                    yield ctx.problem(
                        path,
                        (
                            f"missing {name} ({lang}) text for {ctx.name(path)}; add {lang}: to "
                            "it, or give one "
                            "plain text for every language"
                        ),
                        key=True,
                    )


RULES = (translations,)
