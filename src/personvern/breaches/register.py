"""The Art. 33(5) register: every breach, notified or not, with the facts, effects and remedial action.

One row per breach, as XLSX (openpyxl) or CSV; column headings in bokmål or English.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from personvern.breaches.service import BreachService, BreachView
from personvern.breaches.wording import BANDS, CAUSES, pick

Column = tuple[str, str, Callable[[BreachView, str], object]]


def _t(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))  # type: ignore[union-attr]


def _yes(flag: bool, lang: str) -> str:
    return ("ja" if flag else "nei") if lang == "nb" else ("yes" if flag else "no")


def _decision(v: BreachView, key: str, lang: str) -> object:
    d = v.breach.decision
    return "" if d is None else _yes(bool(getattr(d, key)), lang)


COLUMNS: list[Column] = [
    ("Nr.", "No.", lambda v, _l: v.breach.id),
    ("Tittel", "Title", lambda v, _l: v.breach.title),
    ("Status", "State", lambda v, _l: v.breach.state),
    ("Hovedårsak", "Main cause", lambda v, lang: pick(CAUSES, v.breach.facts.cause, lang)),
    ("Skjedde fra (UTC)", "Occurred from (UTC)", lambda v, _l: _t(v.breach.facts.occurred_from)),
    ("Skjedde til (UTC)", "Occurred to (UTC)", lambda v, _l: _t(v.breach.facts.occurred_to)),
    ("Oppdaget (UTC)", "Detected (UTC)", lambda v, _l: _t(v.breach.facts.detected_at)),
    ("Kjent med (UTC)", "Aware (UTC)", lambda v, _l: _t(v.breach.facts.aware_at)),
    ("Berørte personer", "People affected", lambda v, _l: v.breach.facts.people.value),
    ("Anslag (personer)", "Estimate (people)", lambda v, lang: _yes(v.breach.facts.people.estimate, lang)),
    ("Berørte registreringer", "Records affected", lambda v, _l: v.breach.facts.records.value),
    ("Anslag (registreringer)", "Estimate (records)", lambda v, lang: _yes(v.breach.facts.records.estimate, lang)),
    ("Typer opplysninger", "Data categories", lambda v, _l: ", ".join(v.breach.facts.data_categories)),
    ("Særlige kategorier", "Special categories", lambda v, _l: ", ".join(v.special_categories)),
    ("Hva skjedde", "What happened", lambda v, _l: v.breach.facts.description),
    ("Konsekvenser", "Consequences", lambda v, _l: v.breach.facts.consequences),
    ("Tiltak gjennomført", "Measures taken", lambda v, _l: v.breach.facts.measures_taken),
    ("Tiltak planlagt", "Measures planned", lambda v, _l: v.breach.facts.measures_planned),
    ("Alvorlighetsgrad", "Severity", lambda v, lang: pick(BANDS, v.severity.band, lang) if v.severity else ""),
    ("SE", "SE", lambda v, _l: v.severity.score if v.severity else ""),
    ("Meldt Datatilsynet", "Notify authority", lambda v, lang: _decision(v, "notify_authority", lang)),
    ("Varsle de berørte", "Inform the people", lambda v, lang: _decision(v, "inform_people", lang)),
    ("Begrunnelse", "Reasoning", lambda v, _l: v.breach.decision.reasoning if v.breach.decision else ""),
    ("Meldt (UTC)", "Notified (UTC)", lambda v, _l: _t(v.breach.authority_notified_at)),
    ("Forsinkelse, begrunnelse", "Reasons for delay", lambda v, _l: v.breach.facts.delay_reason),
    ("De berørte varslet (UTC)", "People informed (UTC)", lambda v, _l: _t(v.breach.facts.people_informed_at)),
    ("Frist overskredet", "Overdue", lambda v, lang: _yes(v.overdue, lang)),
    ("Revisjon", "Revision", lambda v, _l: v.breach.revision),
]


def rows(breaches: BreachService, lang: str) -> tuple[list[str], list[list[object]]]:
    headings = [nb if lang == "nb" else en for nb, en, _ in COLUMNS]
    views = [breaches.view_of(b) for b in breaches.list(limit=100_000)]
    views.sort(key=lambda v: v.breach.id)
    return headings, [[get(v, lang) for _nb, _en, get in COLUMNS] for v in views]


def to_csv(breaches: BreachService, lang: str = "nb") -> str:
    headings, body = rows(breaches, lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(body)
    return out.getvalue()


def to_xlsx(breaches: BreachService, lang: str = "nb") -> bytes:
    headings, body = rows(breaches, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = "Avvik" if lang == "nb" else "Breaches"
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in body:
        sheet.append([value if isinstance(value, (int, float, bool)) else str(value) for value in row])
    sheet.freeze_panes = "A2"
    for index, _ in enumerate(headings, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
