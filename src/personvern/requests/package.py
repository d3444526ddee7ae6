"""The access / portability package: a zip with the data and what GDPR Art. 15 requires beside it.

- ``data.json``: dataset -> collection -> rows (Art. 20: structured, machine-readable);
- ``<dataset>/<collection>.csv``: one CSV per collection, for spreadsheets;
- ``README.txt``: in the person's language, generated from the declaration: per activity the
  purposes and legal basis, the categories, the named recipients, the retention period, the
  source, automated decisions and transfer safeguards, then the rights and the supervisory
  authority (Art. 15(1)(a)-(h), 15(2)).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from personvern.declaration.model import Activity, Declaration, Processor, text
from personvern.notice.countries import country_name, in_eea
from personvern.notice.names import readable
from personvern.notice.periods import retention_sentences
from personvern.notice.supervisory import authority_of
from personvern.requests.entities import SubjectStatus
from personvern.requests.wording import ARTICLE9, LEGAL_BASES, SOURCES, TRANSFER_MECHANISMS, pick

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = ("en", "nb")
README = "README.txt"
DATA = "data.json"


@dataclass(frozen=True)
class Recipient:
    name: str
    service: str
    country: str
    outside_eea: bool
    safeguard: str
    sub_processor_of: str | None = None


@dataclass(frozen=True)
class ActivityView:
    name: str
    description: str
    purpose: str
    legal_basis: str
    article9: str
    legitimate_interest: str
    law: str
    categories: list[str]
    recipients: list[Recipient]
    retention: list[str]
    source: str
    source_description: str
    automated_decisions: str
    files: list[str]
    requirement: str


@dataclass(frozen=True)
class FileView:
    path: str
    collection: str
    rows: int


@dataclass
class PackageContext:
    lang: str
    generated_at: datetime
    request_id: int | None
    files: list[FileView]
    declaration: Declaration | None
    activities: list[ActivityView] = field(default_factory=list)
    other_activities: list[ActivityView] = field(default_factory=list)
    status: SubjectStatus | None = None


def build_package(
    declaration: Declaration | None,
    collected: dict[str, list[dict[str, Any]]],
    lang: str,
    *,
    generated_at: datetime,
    request_id: int | None = None,
    status: SubjectStatus | None = None,
) -> bytes:
    """The zip as bytes. ``collected`` maps ``dataset:collection`` to the rows to hand over."""
    if lang not in LANGUAGES:
        lang = "en"
    nested: dict[str, dict[str, list[dict[str, Any]]]] = {}
    files: list[FileView] = []
    csvs: dict[str, str] = {}
    for address in sorted(collected):
        rows = [{k: _plain(v) for k, v in row.items()} for row in collected[address]]
        if not rows:
            continue
        dataset, collection = address.split(":", 1)
        nested.setdefault(dataset, {})[collection] = rows
        path = f"{dataset}/{collection}.csv"
        csvs[path] = _csv(rows)
        files.append(FileView(path=path, collection=address, rows=len(rows)))
    context = PackageContext(
        lang=lang, generated_at=generated_at, request_id=request_id, files=files,
        declaration=declaration, status=status,
    )
    if declaration is not None:
        found = {f.collection for f in files}
        for activity in declaration.activities:
            view = _activity_view(declaration, activity, found, lang)
            if view.files:
                context.activities.append(view)
            elif activity.role.kind == "controller":  # as a processor, the client answers for it
                context.other_activities.append(view)
    readme = render_readme(context)
    buffer = io.BytesIO()
    stamp = generated_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, README, readme, stamp)
        _add(archive, DATA, json.dumps(nested, ensure_ascii=False, indent=2) + "\n", stamp)
        for path, content in csvs.items():
            _add(archive, path, content, stamp)
    return buffer.getvalue()


_README_TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=False,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
)


def render_readme(context: PackageContext) -> str:
    declaration = context.declaration
    controller = declaration.controller if declaration else None
    values = {
        "ctx": context,
        "controller": controller,
        "authority": authority_of(controller) if controller else None,
        "country": lambda code: country_name(code, context.lang),
        "t": lambda value: text(value, context.lang),
        "total_rows": sum(f.rows for f in context.files),
        "objections": [readable(p, context.lang) for p in (context.status.objections if context.status else [])],
    }
    return _README_TEMPLATES.get_template(f"readme.{context.lang}.txt.j2").render(**values)


def _activity_view(declaration: Declaration, activity: Activity, found: set[str], lang: str) -> ActivityView:
    custom = {c.key: text(c.name, lang) for c in declaration.taxonomy.data_categories}
    covered = {c.replace(".", ":", 1) for c in activity.covers}
    interest = activity.legitimate_interest
    return ActivityView(
        name=text(activity.name, lang),
        description=text(activity.description, lang),
        purpose=readable(activity.purpose, lang),
        legal_basis=pick(LEGAL_BASES, activity.legal_basis, lang),
        article9=pick(ARTICLE9, activity.article9_condition, lang) if activity.article9_condition else "",
        legitimate_interest=text(interest.interest, lang) if interest else "",
        law=activity.law or "",
        categories=_unique(readable(c, lang, custom=custom) for c in activity.data_categories),
        recipients=_recipients(declaration, activity, lang),
        retention=retention_sentences(activity, lang),
        source=pick(SOURCES, activity.source.kind, lang),
        source_description=text(activity.source.description, lang),
        automated_decisions=text(activity.automated_decisions, lang),
        files=sorted(f"{a.split(':', 1)[0]}/{a.split(':', 1)[1]}.csv" for a in covered & found),
        requirement=activity.requirement,
    )


def _recipients(declaration: Declaration, activity: Activity, lang: str) -> list[Recipient]:
    keys = list(activity.recipients)
    for processor in declaration.processors:  # sub-processors of a recipient receive the data too
        if processor.sub_processor_of in keys and processor.key not in keys:
            keys.append(processor.key)
    known = {p.key: p for p in declaration.processors}
    return [_recipient(known[k], known, lang) for k in keys if k in known]


def _recipient(processor: Processor, known: dict[str, Processor], lang: str) -> Recipient:
    outside = not in_eea(processor.country)
    safeguard = ""
    if outside and processor.transfer is not None:
        safeguard = pick(TRANSFER_MECHANISMS, processor.transfer.mechanism, lang)
        if processor.transfer.reference:
            safeguard += f" ({processor.transfer.reference})"
    parent = known.get(processor.sub_processor_of or "")
    return Recipient(
        name=processor.name, service=text(processor.service, lang),
        country=country_name(processor.country, lang), outside_eea=outside, safeguard=safeguard,
        sub_processor_of=parent.name if parent else None,
    )


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return value


def _csv(rows: list[dict[str, Any]]) -> str:
    columns = _unique(key for row in rows for key in row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, content: str, stamp: tuple[int, ...]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content.encode("utf-8"))
