"""The scan against the declaration's data map: what is undeclared, mislabelled or unprotected.

- ``undeclared_table``: a table with personal data that no dataset collection describes.
- ``undeclared_column``: a column with personal data missing from its collection's fields.
- ``weak_category``: a declared field whose categories are not personal (``system.operations``)
  while it is an identity or personal data was found in it.
- ``wrong_category``: a declared personal field whose categories do not cover what was found
  (a ``user.contact.email`` field holding fødselsnumre).
- ``special_without_condition``: special-category data (Art. 9) found or declared where no
  activity of the declaration has an Art. 9 condition for that category.
- ``unreachable``: personal data no identity of the data map reaches (an erasure or access
  request would never find it).
"""

from __future__ import annotations

from collections.abc import Iterable

from personvern.datamap.model import DatasetSpec, DataMap, FieldSpec, is_personal_category
from personvern.datamap.plan import build_plan
from personvern.declaration.model import Declaration
from personvern.discovery.classify import Finding
from personvern.discovery.entities import DatabaseResult, Problem
from personvern.discovery.kinds import KINDS, covers, is_special

STRONG = 0.8  # confidence needed before a declared personal category is called wrong


def compare(result: DatabaseResult, spec: DatasetSpec | None, datamap: DataMap | None = None,
            declaration: Declaration | None = None) -> list[Problem]:
    problems: list[Problem] = []
    key = result.dataset
    special_extra = _custom_special(declaration)
    for table in result.tables:
        collection = spec.collection(table.name) if spec else None
        personal = table.personal
        if collection is None:
            if personal and spec is not None:
                kinds = ", ".join(sorted({_label(f) for f in personal}))
                problems.append(Problem(
                    "undeclared_table", "error", key, table.name, None,
                    f"table holds personal data ({kinds}) but no dataset collection describes it, "
                    "so no request or retention rule reaches it",
                ))
            continue
        for finding in personal:
            field = collection.field(finding.column)
            if field is None:
                problems.append(Problem(
                    "undeclared_column", "error", key, table.name, finding.column,
                    f"column holds {_label(finding)} ({_evidence(finding)}) but the collection "
                    f"does not list it; proposed category {', '.join(finding.categories)}",
                    finding.categories[0],
                ))
                continue
            problems.extend(_category_problems(key, table.name, field, finding))
        for field in collection.fields:
            seen = table.finding(field.column)
            if field.identity and not _declared_personal(field) and not (seen and seen.personal):
                problems.append(_weak_identity(key, table.name, field))
    problems.extend(_special(result, spec, declaration, special_extra))
    if datamap is not None and spec is not None:
        plan = build_plan(datamap, datamap.identities())
        for collection in plan.unreachable_personal:
            if collection.dataset == key:
                problems.append(Problem(
                    "unreachable", "error", key, collection.name, None,
                    "personal data that no identity reaches: add a reference to a collection "
                    "with an identity, or an identity field",
                ))
    return problems


def _declared_personal(field: FieldSpec) -> bool:
    return any(is_personal_category(c) for c in field.data_categories)


def _weak_identity(key: str, table: str, field: FieldSpec) -> Problem:
    return Problem(
        "weak_category", "error", key, table, field.dotted,
        f"identity '{field.identity}' is labelled {', '.join(field.data_categories) or 'without category'}"
        "; an identity is personal data (personvern masks and exports it anyway); label it "
        "with a user.* category",
    )


def _category_problems(key: str, table: str, field: FieldSpec, finding: Finding) -> list[Problem]:
    declared = [c for c in field.data_categories if is_personal_category(c)]
    if not declared:
        if field.identity:
            return [_weak_identity(key, table, field)]
        return [Problem(
            "weak_category", "error", key, table, field.dotted,
            f"labelled {', '.join(field.data_categories) or 'without category'} but holds "
            f"{_label(finding)} ({_evidence(finding)}); proposed {', '.join(finding.categories)}",
            finding.categories[0],
        )]
    if finding.confidence < STRONG or finding.kind == "person_ref":
        return []
    missing = [c for c in finding.categories if not any(covers(d, c) for d in declared)]
    if not missing:
        return []
    return [Problem(
        "wrong_category", "warning", key, table, field.dotted,
        f"labelled {', '.join(declared)} but holds {_label(finding)} ({_evidence(finding)}); "
        f"proposed {', '.join(missing)}",
        missing[0],
    )]


def _special(result: DatabaseResult, spec: DatasetSpec | None, declaration: Declaration | None,
             extra: tuple[str, ...]) -> list[Problem]:
    conditions = _article9_categories(declaration)
    problems = []
    for table in result.tables:
        collection = spec.collection(table.name) if spec else None
        found: list[tuple[str | None, str]] = [
            (f.column, c) for f in table.personal for c in f.categories if is_special(c, extra)
        ]
        if collection is not None:
            found += [(f.dotted, c) for f in collection.fields for c in f.data_categories
                      if is_special(c, extra)]
        seen: set[tuple[str | None, str]] = set()
        for column, category in found:
            if (column, category) in seen or any(covers(c, category) for c in conditions):
                continue
            seen.add((column, category))
            problems.append(Problem(
                "special_without_condition", "error" if declaration else "warning", result.dataset, table.name, column,
                (f"special-category data ({category}) but no activity of the declaration has an "
                 "Art. 9 condition for it") if declaration else
                f"special-category data ({category}): processing it needs an Art. 9 condition",
                category,
            ))
    return problems


def _article9_categories(declaration: Declaration | None) -> list[str]:
    if declaration is None:
        return []
    return [c for a in declaration.activities if a.article9_condition for c in a.data_categories]


def _custom_special(declaration: Declaration | None) -> tuple[str, ...]:
    if declaration is None or declaration.taxonomy is None:
        return ()
    return tuple(c.key for c in declaration.taxonomy.data_categories if c.special_category)


def _label(finding: Finding) -> str:
    if finding.kind == "free_text":
        return "free text containing " + ", ".join(KINDS[k].label for k in finding.contains)
    return KINDS[finding.kind].label


def _evidence(finding: Finding) -> str:
    return f"confidence {finding.confidence:.2f}" + (
        f", {finding.matched} of {finding.non_null} sampled values" if finding.non_null else "")


def declared_tables(spec: DatasetSpec | None) -> Iterable[str]:
    return [c.name for c in spec.collections] if spec else []
