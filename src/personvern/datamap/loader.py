"""Reading dataset files in the fideslang ``Dataset`` format (the Fides dataset YAML).

The file is parsed by fideslang's own pydantic models, so a Fides user's file is read exactly
as Fides reads it; the result is turned into the frozen specs of ``model.py``. Every error
names the file and, where it can be found, the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml
from fideslang.models import Dataset, DatasetCollection, DatasetField
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from personvern.datamap.model import (
    CollectionSpec,
    DataMap,
    DatamapError,
    DatasetSpec,
    FieldRef,
    FieldSpec,
    address_of,
)
from personvern.masking.names import canonical_strategy

PathKey = tuple[str | int, ...]


def load_dataset_file(path: str | Path) -> list[DatasetSpec]:
    """Every dataset in the file (a ``dataset:`` list, a list, or one dataset mapping)."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatamapError("dataset file not found", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatamapError(f"cannot read the dataset file: {exc}", file=name) from None
    return parse_datasets(text, name)


def load_datamap(paths: Iterable[str | Path]) -> DataMap:
    datasets: list[DatasetSpec] = []
    for path in paths:
        datasets.extend(load_dataset_file(path))
    return DataMap.of(*datasets)


def parse_datasets(text: str, filename: str = "<dataset>") -> list[DatasetSpec]:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DatamapError(
            f"invalid YAML: {exc.problem or exc.context}", file=filename, line=mark.line + 1 if mark else 0
        ) from None
    except yaml.YAMLError as exc:
        raise DatamapError(f"invalid YAML: {exc}", file=filename) from None
    lines = _Lines(root)
    if isinstance(data, dict) and "dataset" in data:
        items, prefix = data["dataset"], ("dataset",)
    elif isinstance(data, dict) and "fides_key" in data:
        items, prefix = [data], ()
    elif isinstance(data, list):
        items, prefix = data, ()
    else:
        raise DatamapError(
            "expected a 'dataset:' list of datasets in the fideslang Dataset format", file=filename, line=1
        )
    if not isinstance(items, list) or not items:
        raise DatamapError("'dataset:' must be a non-empty list of datasets", file=filename, line=1)
    specs: list[DatasetSpec] = []
    for index, item in enumerate(items):
        base = prefix + (index,) if prefix else ((index,) if isinstance(data, list) else ())
        specs.append(_dataset(item, base, filename, lines))
    return specs


class _Lines:
    """Line numbers of values in the YAML, by path of keys and list indexes."""

    def __init__(self, root: Node | None) -> None:
        self.lines: dict[PathKey, int] = {}
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: Node, path: PathKey) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, MappingNode):
            for key, value in node.value:
                key_path = (*path, str(key.value))
                self._walk(value, key_path)
                self.lines[key_path] = key.start_mark.line + 1
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*path, index))

    def line(self, path: Sequence[str | int]) -> int:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 0)


def _dataset(raw: object, base: PathKey, filename: str, lines: _Lines) -> DatasetSpec:
    if not isinstance(raw, dict):
        raise DatamapError("each dataset must be a mapping with fides_key and collections",
                           file=filename, line=lines.line(base))
    try:
        model = Dataset.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(p for p in error["loc"] if not isinstance(p, str) or not p.startswith("function-"))
        where = ".".join(str(p) for p in loc) or "dataset"
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        raise DatamapError(f"{where}: {message}", file=filename, line=lines.line(base + loc)) from None
    namespace = (model.fides_meta.namespace if model.fides_meta else None) or None
    raw_collections = raw.get("collections") or []
    collections = []
    for collection in model.collections:
        index = next((i for i, c in enumerate(raw_collections)
                      if isinstance(c, dict) and c.get("name") == collection.name), 0)
        collections.append(_collection(model.fides_key, collection, base + ("collections", index),
                                       raw_collections[index] if raw_collections else {}, filename, lines))
    return DatasetSpec(
        key=model.fides_key, name=model.name, description=model.description,
        collections=tuple(collections), source=filename, namespace=namespace,
    )


def _collection(dataset: str, model: DatasetCollection, at: PathKey, raw: dict,
                filename: str, lines: _Lines) -> CollectionSpec:
    meta = model.fides_meta
    fields: list[FieldSpec] = []
    raw_fields = raw.get("fields") or []
    for field in model.fields:
        index = next((i for i, f in enumerate(raw_fields)
                      if isinstance(f, dict) and f.get("name") == field.name), 0)
        fields.extend(_fields(dataset, model.name, field, (), at + ("fields", index),
                              raw_fields[index] if raw_fields else {}, filename, lines))
    override = None
    if meta and meta.masking_strategy_override:
        override = {"strategy": meta.masking_strategy_override.strategy.value}
    return CollectionSpec(
        dataset=dataset, name=model.name, fields=tuple(fields),
        after=tuple(_collection_address(k) for k in (meta.after or [])) if meta else (),
        erase_after=tuple(_collection_address(k) for k in (meta.erase_after or [])) if meta else (),
        masking_override=override,
        skip_processing=bool(meta and meta.skip_processing),
    )


def _collection_address(key: str) -> str:
    dataset, _, collection = key.partition(".")
    return address_of(dataset, collection)


def _fields(dataset: str, collection: str, model: DatasetField, parent: tuple[str, ...], at: PathKey,
            raw: dict, filename: str, lines: _Lines) -> list[FieldSpec]:
    path = (*parent, model.name)
    meta = model.fides_meta
    refs: list[FieldRef] = []
    for number, ref in enumerate((meta.references or []) if meta else []):
        target_collection, _, target_field = ref.field.partition(".")
        if not target_field:
            raise DatamapError(
                f"reference '{ref.field}' of field '{collection}.{'.'.join(path)}' must be "
                "'collection.field'",
                file=filename, line=lines.line(at + ("fides_meta", "references", number)),
            )
        refs.append(FieldRef(ref.dataset, target_collection, target_field,
                             ref.direction.value if ref.direction else None))
    override = None
    if meta and meta.masking_strategy_override:
        strategy = meta.masking_strategy_override.strategy
        if canonical_strategy(strategy) is None:
            raise DatamapError(
                f"field '{collection}.{'.'.join(path)}': unknown masking strategy '{strategy}'",
                file=filename, line=lines.line(at + ("fides_meta", "masking_strategy_override")),
            )
        override = {"strategy": strategy,
                    "configuration": dict(meta.masking_strategy_override.configuration or {})}
    spec = FieldSpec(
        name=model.name,
        path=path,
        data_categories=tuple(model.data_categories or ()),
        identity=meta.identity if meta else None,
        primary_key=bool(meta and meta.primary_key),
        data_type=meta.data_type if meta else None,
        masking_override=override,
        references=tuple(refs),
        length=meta.length if meta else None,
        read_only=bool(meta and meta.read_only),
        relates_to_subject=_relates_to_subject(raw, dataset, collection, path, filename,
                                               lines.line(at + ("fides_meta",))),
    )
    result = [spec]
    raw_children = raw.get("fields") or [] if isinstance(raw, dict) else []
    for child in model.fields or []:
        index = next((i for i, f in enumerate(raw_children)
                      if isinstance(f, dict) and f.get("name") == child.name), 0)
        result.extend(_fields(dataset, collection, child, path, at + ("fields", index),
                              raw_children[index] if raw_children else {}, filename, lines))
    return result


def _relates_to_subject(raw: object, dataset: str, collection: str, path: tuple[str, ...],
                        filename: str, line: int) -> bool:
    """``fides_meta.relates_to_subject`` (personvern's key; fideslang and Fides ignore it)."""
    meta = raw.get("fides_meta") if isinstance(raw, dict) else None
    value = meta.get("relates_to_subject", True) if isinstance(meta, dict) else True
    if not isinstance(value, bool):
        raise DatamapError(
            f"field '{collection}.{'.'.join(path)}': fides_meta.relates_to_subject must be true or false",
            file=filename, line=line,
        )
    return value
