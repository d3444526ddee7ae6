"""A Fides dataset draft: the collections and fields discovery found undeclared, with the
proposed data categories, in the fideslang ``Dataset`` format (checked by fideslang's own model
before it is written), to be reviewed and merged into the data map."""

from __future__ import annotations

import yaml
from fideslang.models import Dataset

from personvern.datamap.model import DatasetSpec
from personvern.discovery.entities import DatabaseResult, TableResult

NOTE = "Proposed by personvern discover; review before merging into the data map."


def _field(table: TableResult, column: str) -> dict:
    finding = table.finding(column)
    entry: dict = {"name": column}
    if finding is not None and finding.personal:
        entry["data_categories"] = list(finding.categories)
        entry["description"] = (f"{NOTE} Confidence {finding.confidence:.2f}"
                                + (f"; {finding.matched} of {finding.non_null} sampled values "
                                   "validated." if finding.non_null else "."))
    return entry


def draft_dataset(result: DatabaseResult, spec: DatasetSpec | None) -> dict | None:
    """The draft as a mapping (``{"dataset": [...]}``), or None when nothing is new."""
    collections = []
    for table in result.tables:
        personal = [f.column for f in table.personal]
        if not personal:
            continue
        collection = spec.collection(table.name) if spec else None
        if collection is None:
            fields = [_field(table, c) for c in table.columns]
            collections.append({"name": table.name, "description": NOTE, "fields": fields})
            continue
        new = [c for c in personal if collection.field(c) is None]
        if new:
            collections.append({"name": table.name, "fields": [_field(table, c) for c in new]})
    if not collections:
        return None
    dataset = {
        "fides_key": spec.key if spec else _key(result.dataset),
        "name": (spec.name if spec and spec.name else result.dataset),
        "description": NOTE,
        "collections": collections,
    }
    Dataset.model_validate(dataset)
    return {"dataset": [dataset]}


def draft_yaml(results: list[tuple[DatabaseResult, DatasetSpec | None]]) -> str:
    datasets = []
    for result, spec in results:
        draft = draft_dataset(result, spec)
        if draft:
            datasets.extend(draft["dataset"])
    if not datasets:
        return "# personvern discover: nothing undeclared found\ndataset: []\n"
    return yaml.safe_dump({"dataset": datasets}, sort_keys=False, allow_unicode=True)


def _key(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name.lower()).strip("_")
    return cleaned or "discovered"
