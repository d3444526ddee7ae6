"""Pydantic's validation errors, turned into positioned problems in plain English.

Each error's ``loc`` is walked along the raw data: mapping keys and list indexes become a
path into the file; the other parts of ``loc`` name union members (``LocalText``, ``str``,
``list[Retention]``). Only the errors of the union member that fits the written value are
kept, so a mapping given for a text field reports its unknown language, not "not a string".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from personvern.declaration.messages import type_error_message, unknown_key_message
from personvern.declaration.paths import PathKey, describe, get, model_at, where_in
from personvern.declaration.problems import Problem
from personvern.declaration.yamlsource import NodeInfo, Position

MISSING_HINTS = {
    "controller": (
        "the declaration must say who is responsible for the data; add a controller: section"
    ),
    "activities": "add activities: with at least one processing activity",
    "legal_basis": (
        "every activity needs a GDPR Art. 6 legal basis; add legal_basis: one of consent, "
        "contract, legal_obligation, vital_interests, public_task or legitimate_interests"
    ),
    "purpose": (
        "add purpose: a fideslang data use, "
        "e.g. essential.service or marketing.communications.email"
    ),
    "data_subjects": "say whose data it is; add data_subjects: e.g. [customer]",
    "data_categories": "say what data it is; add data_categories: e.g. [user.contact.email]",
    "anchor": (
        "say what the period counts from; add anchor: one of collected, last_activity, "
        "end_of_relationship, end_of_calendar_year, end_of_fiscal_year, event or "
        "until_consent_withdrawn"
    ),
    "key": "add key: a short unique name in lowercase letters, digits and _ (e.g. newsletter)",
    "organisation_number": "add organisation_number: the number in the business register",
    "country": "add country: the two-letter ISO 3166 code, e.g. NO",
    "email": "add email: an address where people can reach you",
    "mechanism": "add mechanism: adequacy, scc, bcr or derogation (GDPR Art. 45-49)",
    "interest": "add interest: the legitimate interest pursued, as shown in the privacy notice",
    "assessment": (
        "add assessment: a summary of the balancing test (legitimate interest assessment)"
    ),
    "file": "add file: the path of the fideslang dataset YAML, relative to this file",
    "connection_env": "add connection_env: the environment variable that holds the database URL",
    "duration": "add duration: an ISO-8601 period such as P12M, or session",
    "address": 'add address: {street: ..., postal_code: "...", city: ..., country: NO}',
    "name": "add name: what it is called in the privacy notice",
    "service": "add service: what the processor does for you",
    "provider": "add provider: a processor key, or the provider's name",
    "category": "add category: necessary, preferences, statistics or marketing",
    "street": "add street: the street address or PO box",
    "postal_code": 'add postal_code: in quotes, e.g. "0150"',
    "city": "add city: the postal town",
    "match": "add match: {field here: field there}",
    "collection": "add collection: dataset.collection to look in",
}
UNION_TYPE_HINTS = {
    "retention": "e.g. retention: {period: P30D, anchor: collected}, or a list of such rules",
}

UNION_MESSAGES = {
    "duration": "write an ISO-8601 period such as P30D or P13M, or session",
}


@dataclass
class _Located:
    error: ErrorDetails
    path: PathKey
    key_error: bool = False  # the error is about a mapping key itself ('[key]' in loc)
    passed: list[PathKey] = field(default_factory=list)
    failed_at: tuple[PathKey, str] | None = None


def _kind_of_tag(tag: str) -> str:
    if tag.startswith("list["):
        return "list"
    if tag.startswith("dict[") or tag[:1].isupper():
        return "dict"
    return "scalar"


def _kind_of_value(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "scalar"


def _locate(error: ErrorDetails, data: object) -> _Located:
    path: list[str | int] = []
    current = data
    located = _Located(error, ())
    loc = list(error["loc"])
    if error["type"] == "invalid_key" and loc:
        loc[-1] = error.get("input")  # pydantic writes the key as text in loc
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, dict) and (
            step in current or (last and error["type"] in ("missing", "extra_forbidden"))
        ):
            path.append(step)
            current = current.get(step)
        elif isinstance(current, list) and isinstance(step, int):
            path.append(step)
            current = current[step] if 0 <= step < len(current) else None
        elif step == "[key]":
            located.key_error = True
        elif isinstance(step, str):  # a union member's tag
            point = tuple(path)
            if located.failed_at is None:
                if _kind_of_tag(step) == _kind_of_value(current):
                    located.passed.append(point)
                else:
                    located.failed_at = (point, step)
    located.path = tuple(path)
    return located


def _expected_kinds(tags: set[str]) -> str:
    words = []
    for tag in sorted(tags):
        if tag == "LocalText":
            words.append("a mapping of texts per language (en: ..., nb: ...)")
        elif _kind_of_tag(tag) == "list":
            words.append("a list")
        elif _kind_of_tag(tag) == "dict":
            words.append("a mapping")
        else:
            words.append("text")
    unique = list(dict.fromkeys(words))
    return " or ".join(unique)


class StructureTranslator:
    def __init__(self, data: object, positions: dict[PathKey, NodeInfo], filename: str) -> None:
        self.data = data
        self.positions = positions
        self.filename = filename

    def info(self, path: Sequence[str | int]) -> NodeInfo:
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path) or NodeInfo(Position(1, 1), Position(1, 1), "mapping")

    def problem(self, position: Position, message: str) -> Problem:
        return Problem(self.filename, position.line, position.column, message)

    def source(self, path: PathKey, value: object) -> str:
        info = self.positions.get(path)
        if info is not None and info.source is not None:
            return info.source
        return str(value)

    def translate(self, errors: Sequence[ErrorDetails]) -> list[Problem]:
        located = [_locate(error, self.data) for error in errors]
        kept = [item for item in located if item.failed_at is None]
        passed = {point for item in located for point in item.passed}
        failed: dict[PathKey, set[str]] = {}
        for item in located:
            if item.failed_at is not None and item.failed_at[0] not in passed:
                failed.setdefault(item.failed_at[0], set()).add(item.failed_at[1])
        problems = [self._wrong_union_type(point, tags) for point, tags in failed.items()]
        done: set[PathKey] = set()
        for item in kept:
            union_point = item.passed[-1] if item.passed else None
            if union_point is not None and union_point == item.path and item.path in done:
                continue  # two scalar members of one union failed on the same value: say it once
            done.add(item.path)
            problems.append(self._one(item))
        return problems

    def _wrong_union_type(self, path: PathKey, tags: set[str]) -> Problem:
        value = get(self.data, path)
        what = {"list": "a list", "dict": "a mapping", "scalar": "text"}[_kind_of_value(value)]
        if value is None:
            what = "empty"
        message = f"{describe(self.data, path)} must be {_expected_kinds(tags)}, not {what}"
        hint = UNION_TYPE_HINTS.get(str(path[-1])) if path else None
        if hint:
            message += f"; {hint}"
        return self.problem(self.info(path).value, message)

    def _one(self, item: _Located) -> Problem:
        error, path = item.error, item.path
        kind = error["type"]
        if kind == "extra_forbidden":
            parent = path[:-1]
            model = model_at(self.data, parent)
            allowed = (
                list(model.model_fields)
                if isinstance(model, type) and issubclass(model, BaseModel)
                else []
            )
            message = unknown_key_message(
                str(path[-1]),
                allowed,
                describe(self.data, parent),
                where_in(self.data, parent),
                model,
            )
            return self.problem(self.info(path).key, message)
        if kind == "missing":
            name = str(path[-1])
            parent = path[:-1]
            hint = MISSING_HINTS.get(name, f"add {name}: to it")
            return self.problem(
                self.info(parent).key, f"missing '{name}' {where_in(self.data, parent)}: {hint}"
            )
        value = error.get("input")
        if kind == "invalid_key" and path:
            shown = "null" if path[-1] is None else str(path[-1])
            where = where_in(self.data, path[:-1])
            return self.problem(
                self.info(path).key,
                f"the key '{shown}' {where} is not text; write a plain key "
                "(in quotes if it must look like a number)",
            )
        if item.key_error:
            label = describe(self.data, path[:-1])
            message = type_error_message(error, label, str(path[-1]), value, key=True)
            return self.problem(self.info(path).key, message)
        union_fix = (
            UNION_MESSAGES.get(str(path[-1])) if item.passed and item.passed[-1] == path else None
        )
        message = type_error_message(
            error, describe(self.data, path), self.source(path, value), value, fix=union_fix
        )
        return self.problem(self.info(path).value, message)
