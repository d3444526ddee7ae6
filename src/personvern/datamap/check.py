"""Declaration rules about datasets, for ``personvern check``.

- every ``datasets`` entry's file can be read and holds a dataset with that ``key``;
- references, ``after`` and ``erase_after`` point at collections that exist;
- every collection holding personal data is reached from ``requests.identities`` (a gap would
  make access and erasure requests silently miss data);
- ``covers`` entries of activities name a declared dataset and one of its collections.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from personvern.datamap.declared import dataset_path, load_declared_dataset
from personvern.datamap.model import DataMap, DatamapError, DatasetSpec
from personvern.datamap.plan import build_plan
from personvern.declaration.model import Declaration
from personvern.declaration.problems import Problem


class _Where:
    """Positions in personvern.yaml, from the declaration's position map (path -> NodeInfo with
    ``key`` and ``value`` positions), else by finding the text on its line."""

    def __init__(self, filename: str, positions: Mapping[Any, Any] | None, text: str = "") -> None:
        self.file = filename
        self.positions = positions or {}
        self.lines = text.splitlines()

    def at(self, path: tuple[str | int, ...], needle: str | None = None) -> tuple[int, int]:
        for probe in (path, path[:-1], path[:-2]):
            info = self.positions.get(probe)
            if info is not None:
                position = getattr(info, "value" if probe == path else "key", None)
                if position is not None:
                    return position.line, position.column
        if needle:
            for number, line in enumerate(self.lines, 1):
                column = line.find(needle)
                if column >= 0:
                    return number, column + 1
        return 0, 0

    def problem(self, path: tuple[str | int, ...], message: str, needle: str | None = None) -> Problem:
        line, column = self.at(path, needle)
        return Problem(self.file, line, column, message)


def check_datasets(loaded: Any) -> list[Problem]:
    """The dataset problems of a loaded declaration (``declaration.loader.LoadedDeclaration``)."""
    path = Path(getattr(loaded, "path", "personvern.yaml"))
    return check_declared_datasets(
        loaded.declaration, getattr(loaded, "positions", None), str(path), path.parent,
        getattr(loaded, "text", "") or "",
    )


def check_declared_datasets(declaration: Declaration, positions: Mapping[Any, Any] | None,
                            filename: str, base_dir: Path, text: str = "") -> list[Problem]:
    """The same, from the pieces the declaration loader has before it builds the result."""
    base = base_dir
    where = _Where(filename, positions, text)
    problems: list[Problem] = []
    specs: dict[str, DatasetSpec] = {}
    entry: dict[str, int] = {}
    for index, ref in enumerate(declaration.datasets):
        if ref.key in entry:
            continue  # the declaration's own rules report duplicate keys
        entry[ref.key] = index
        if not dataset_path(ref, base).is_file():
            problems.append(where.problem(
                ("datasets", index, "file"),
                f"dataset file '{ref.file}' of dataset '{ref.key}' does not exist", ref.file))
            continue
        try:
            specs[ref.key] = load_declared_dataset(ref, base)
        except DatamapError as exc:
            if exc.line:
                problems.append(Problem(exc.file or ref.file, exc.line, 1, exc.detail))
            else:
                problems.append(where.problem(("datasets", index, "key"),
                                              f"dataset file '{ref.file}': {exc.detail}", f"key: {ref.key}"))
    problems.extend(_covers(declaration, specs, set(entry), where))
    if not specs:
        return problems
    datamap = DataMap(specs)
    located = datamap.located_problems()
    for key, message in located:
        problems.append(where.problem(("datasets", entry.get(key, 0)), message, f"key: {key}"))
    if located:
        return problems
    identities = list(declaration.requests.identities)
    try:
        plan = build_plan(datamap, identities)
        plan.erase_order()
    except DatamapError as exc:
        problems.append(where.problem(("datasets",), exc.detail, "datasets:"))
        return problems
    for collection in plan.unreachable_personal:
        fields = ", ".join(f.dotted for f in collection.personal_fields)
        problems.append(where.problem(
            ("datasets", entry[collection.dataset]),
            f"collection '{collection.dataset}.{collection.name}' holds personal data ({fields}) "
            f"but no identity in requests.identities ({', '.join(identities)}) reaches it: access "
            "and erasure requests would miss it. Mark an identity field in it, add a reference to "
            "it, or add its identity to requests.identities",
            f"key: {collection.dataset}",
        ))
    return problems


def _covers(declaration: Any, specs: dict[str, DatasetSpec], declared: set[str], where: _Where) -> list[Problem]:
    """Collections and fields named by activities exist in the dataset files. The form
    ``dataset.collection`` and the dataset key are checked by the declaration's own rules."""
    problems: list[Problem] = []
    for a, activity in enumerate(declaration.activities):
        what = f"activity '{activity.key}'"
        covered = []
        for c, item in enumerate(activity.covers):
            collection = _collection(specs, item)
            if collection is False:
                problems.append(where.problem(("activities", a, "covers", c),
                                              _missing(f"covers entry '{item}' of {what}", item, specs), item))
            elif collection is not None:
                covered.append(collection)
        rules = activity.retention if isinstance(activity.retention, list) else [activity.retention]
        for r, rule in enumerate(rules):
            if rule is None:
                continue
            at = ("activities", a, "retention", r) if isinstance(activity.retention, list) else (
                "activities", a, "retention")
            name = f"the retention of {what}"
            if rule.field:
                for collection in covered:
                    if not _has_field(specs, collection, rule.field):
                        problems.append(where.problem((*at, "field"), (
                            f"{name} counts from field '{rule.field}', which collection "
                            f"'{collection.dataset}.{collection.name}' does not have"
                            f"{_suggest(rule.field, [f.dotted for f in collection.fields])}; use fields: "
                            "{dataset.collection: column} when the name differs"), rule.field))
            for item, column in (rule.fields or {}).items():
                collection = _collection(specs, item)
                if collection and not _has_field(specs, collection, column):
                    problems.append(where.problem((*at, "fields", item), (
                        f"{name} counts '{item}' from field '{column}', which that collection does not "
                        f"have{_suggest(column, [f.dotted for f in collection.fields])}"), item))
            for kind in ("unless_exists", "only_if_exists"):
                exists = getattr(rule.condition, kind, None) if rule.condition else None
                if exists is not None and _collection(specs, exists.collection) is False:
                    problems.append(where.problem(
                        (*at, "condition", kind, "collection"),
                        _missing(f"{kind} of {name}", exists.collection, specs), exists.collection))
    return problems


def _has_field(specs: dict[str, DatasetSpec], collection: Any, name: str) -> bool:
    """``name`` is a field of the collection, or ``other_collection.field`` of its dataset (a
    date kept in a related collection, e.g. ``customers.cancelled_at``)."""
    if collection.field(name) is not None:
        return True
    other, dot, field = name.partition(".")
    related = specs[collection.dataset].collection(other) if dot else None
    return related is not None and related.field(field) is not None


def _collection(specs: dict[str, DatasetSpec], item: str) -> Any:
    """The collection named ``dataset.collection``; None when the dataset is not loaded (its
    problem is reported elsewhere), False when the dataset has no such collection."""
    dataset, _, name = item.partition(".")
    spec = specs.get(dataset)
    if spec is None or not name:
        return None
    return spec.collection(name) or False


def _missing(what: str, item: str, specs: dict[str, DatasetSpec]) -> str:
    dataset, _, name = item.partition(".")
    hint = _suggest(name, [c.name for c in specs[dataset].collections])
    return (f"{what} names collection '{name}', which dataset '{dataset}' does not have"
            f"{hint or '; add it to the dataset file or fix the name'}")


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
