"""The record of processing activities (GDPR Art. 30): rows, and XLSX / CSV / HTML / JSON.

One row per activity. Activities where the company is the controller form the Art. 30(1)
record (items (a)-(g), plus legal basis and source); activities it carries out for a client
form the Art. 30(2) record. Cells hold lists of lines; each writer joins them its own way.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from personvern.declaration.model import Activity, Declaration, Processor, text
from personvern.notice import legal
from personvern.notice.countries import country_name, in_eea
from personvern.notice.names import readable
from personvern.notice.periods import retention_sentences
from personvern.notice.wording import date_words

CONTROLLER, PROCESSOR = "controller", "processor"

# key: (English header, bokmål header, column width in characters)
_COLUMNS: dict[str, tuple[str, str, int]] = {
    "activity": ("Processing activity", "Behandling", 26),
    "key": ("Key", "Nøkkel", 18),
    "controller": ("Controller and contact details (a)", "Behandlingsansvarlig og kontaktopplysninger (a)", 34),
    "client": ("Controller on whose behalf we act (a)", "Behandlingsansvarlig vi behandler for (a)", 34),
    "processor": ("Processor and contact details (a)", "Databehandler og kontaktopplysninger (a)", 34),
    "dpo": ("Data protection officer (a)", "Personvernombud (a)", 26),
    "representative": ("Representative in the EU (a)", "Representant i EU (a)", 22),
    "purpose": ("Purposes (b)", "Formål (b)", 40),
    "processing": ("Categories of processing (b)", "Kategorier av behandling (b)", 40),
    "legal_basis": ("Legal basis (Art. 6, Art. 9)", "Behandlingsgrunnlag (art. 6 og 9)", 34),
    "legitimate_interest": ("Legitimate interest and balancing test", "Berettiget interesse og interesseavveining", 44),
    "subjects": ("Categories of data subjects (c)", "Kategorier av registrerte (c)", 26),
    "categories": ("Categories of personal data (c)", "Kategorier av personopplysninger (c)", 36),
    "source": ("Source of the data", "Kilde for opplysningene", 26),
    "recipients": ("Recipients (d)", "Mottakere (d)", 44),
    "subprocessors": ("Sub-processors", "Underdatabehandlere", 44),
    "transfers": ("Transfers to third countries and safeguards (e)", "Overføring til tredjeland og garantier (e)", 44),
    "transfers_processor": ("Transfers to third countries and safeguards (c)", "Overføring til tredjeland og garantier (c)", 44),
    "erasure": ("Time limits for erasure (f)", "Frister for sletting (f)", 44),
    "erasure_processor": ("Time limits for erasure", "Frister for sletting", 44),
    "security": ("Technical and organisational security measures (g)", "Tekniske og organisatoriske sikkerhetstiltak (g)", 50),
    "security_processor": ("Technical and organisational security measures (d)", "Tekniske og organisatoriske sikkerhetstiltak (d)", 50),
    "systems": ("Systems (dataset.collection)", "Systemer (datasett.samling)", 28),
}

COLUMNS = {
    CONTROLLER: ["activity", "key", "controller", "dpo", "representative", "purpose", "legal_basis",
                 "legitimate_interest", "subjects", "categories", "source", "recipients", "transfers",
                 "erasure", "security", "systems"],
    PROCESSOR: ["activity", "key", "processor", "client", "dpo", "representative", "processing",
                "subjects", "categories", "subprocessors", "transfers_processor", "erasure_processor",
                "security_processor", "systems"],
}

SHEETS = {
    "en": {CONTROLLER: "Controller (Art. 30(1))", PROCESSOR: "Processor (Art. 30(2))"},
    "nb": {CONTROLLER: "Behandlingsansvarlig art. 30-1", PROCESSOR: "Databehandler art. 30-2"},
}

TITLE = {"en": "Record of processing activities", "nb": "Protokoll over behandlingsaktiviteter"}


@dataclass(frozen=True)
class RopaRow:
    kind: str
    cells: dict[str, list[str]]

    def joined(self, column: str, separator: str = "\n") -> str:
        return separator.join(self.cells.get(column, []))


def header(column: str, lang: str) -> str:
    en, nb, _ = _COLUMNS[column]
    return en if lang == "en" else nb


def width(column: str) -> int:
    return _COLUMNS[column][2]


class _Rows:
    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.d, self.lang = declaration, lang
        self.processors = {p.key: p for p in declaration.processors}
        self.custom = {c.key: text(c.name, lang) for c in declaration.taxonomy.data_categories}
        c = declaration.controller
        self.us = [c.name, f"{'Org. no.' if lang == 'en' else 'Org.nr.'} {c.organisation_number}",
                   f"{c.address.street}, {c.address.postal_code} {c.address.city}, "
                   f"{country_name(c.address.country, lang)}",
                   c.email] + ([c.phone] if c.phone else [])
        self.dpo = [f"{c.dpo.name}, {c.dpo.email}"] if c.dpo else [
            "None appointed" if lang == "en" else "Ikke utnevnt"]
        self.rep = [f"{c.representative.name}, {c.representative.email}"] if c.representative else []
        self.security = [text(m, lang) for m in c.security_measures] or [
            "Not described in the declaration" if lang == "en" else "Ikke beskrevet i erklæringen"]

    def recipients(self, activity: Activity) -> list[Processor]:
        out: list[Processor] = []
        for key in activity.recipients:
            proc = self.processors.get(key)
            if proc is not None and proc not in out:
                out.append(proc)
                out.extend(p for p in self.d.processors if p.sub_processor_of == key and p not in out)
        return out

    def recipient_lines(self, activity: Activity) -> list[str]:
        lines = []
        for p in self.recipients(activity):
            role = "processor" if self.lang == "en" else "databehandler"
            if p.sub_processor_of:
                role = "sub-processor" if self.lang == "en" else "underdatabehandler"
            lines.append(f"{p.name} ({role}, {text(p.service, self.lang)}, {p.country})")
        lines += [text(o, self.lang) for o in activity.other_recipients]
        return lines or ["None" if self.lang == "en" else "Ingen"]

    def transfer_lines(self, activity: Activity) -> list[str]:
        lines = [f"{p.name}, {country_name(p.country, self.lang)}: {legal.mechanism_words(p.transfer, self.lang)}"
                 for p in self.recipients(activity) if not in_eea(p.country)]
        return lines or ["None" if self.lang == "en" else "Ingen"]

    def names(self, keys: list[str]) -> list[str]:
        return [f"{readable(k, self.lang, custom=self.custom)} ({k})" for k in keys]

    def row(self, a: Activity) -> RopaRow:
        lang = self.lang
        name = text(a.name, lang)
        purpose = [text(a.description, lang) or name, f"{readable(a.purpose, lang)} ({a.purpose})"]
        common = {
            "activity": [name], "key": [a.key], "dpo": self.dpo, "representative": self.rep,
            "subjects": self.names(a.data_subjects), "categories": self.names(a.data_categories),
            "erasure": list(dict.fromkeys(retention_sentences(a, lang))), "systems": list(a.covers),
        }
        if a.role.kind == PROCESSOR:
            client = next((c for c in self.d.clients if c.key == a.role.on_behalf_of), None)
            return RopaRow(PROCESSOR, {
                **common, "processor": self.us,
                "client": [client.name, client.email] + ([client.website] if client.website else [])
                if client else [a.role.on_behalf_of or ""],
                "processing": purpose, "subprocessors": self.recipient_lines(a),
                "transfers_processor": self.transfer_lines(a), "security_processor": self.security,
                "erasure_processor": common["erasure"],
            })
        basis = [legal.basis_short(a.legal_basis, lang)]
        if a.law:
            basis.append(a.law)
        if a.article9_condition:
            basis.append(legal.article9_short(a.article9_condition, lang))
        li = []
        if a.legitimate_interest is not None:
            li = [text(a.legitimate_interest.interest, lang), text(a.legitimate_interest.assessment, lang)]
            if a.legitimate_interest.assessed_on:
                li.append(("Assessed on " if lang == "en" else "Vurdert ") + a.legitimate_interest.assessed_on.isoformat())
        return RopaRow(CONTROLLER, {
            **common, "controller": self.us, "purpose": purpose, "legal_basis": basis,
            "legitimate_interest": li, "source": [legal.source_sentence(a, lang)],
            "recipients": self.recipient_lines(a), "transfers": self.transfer_lines(a),
            "security": self.security,
        })


def ropa_rows(declaration: Declaration, lang: str = "en") -> dict[str, list[RopaRow]]:
    """The two records: {"controller": [...], "processor": [...]} in declaration order."""
    builder = _Rows(declaration, lang)
    rows = [builder.row(a) for a in declaration.activities]
    return {kind: [r for r in rows if r.kind == kind] for kind in (CONTROLLER, PROCESSOR)}


def as_json(records: dict[str, list[RopaRow]], lang: str) -> dict[str, object]:
    return {
        kind: [{column: row.cells.get(column, []) for column in COLUMNS[kind]} for row in rows]
        for kind, rows in records.items()
    } | {"columns": {kind: {c: header(c, lang) for c in COLUMNS[kind]} for kind in COLUMNS}}


def to_csv(records: dict[str, list[RopaRow]], lang: str) -> str:
    """One CSV with a ``record`` column; the union of both records' columns."""
    columns = list(dict.fromkeys(COLUMNS[CONTROLLER] + COLUMNS[PROCESSOR]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Record" if lang == "en" else "Protokoll"] + [header(c, lang) for c in columns])
    for kind in (CONTROLLER, PROCESSOR):
        for row in records[kind]:
            record = "Art. 30(1)" if kind == CONTROLLER else "Art. 30(2)"
            writer.writerow([record] + [row.joined(c) for c in columns])
    return buffer.getvalue()


def to_xlsx(records: dict[str, list[RopaRow]], lang: str, *, title: str) -> bytes:
    """A workbook with one sheet per record kind: header row, filters, frozen panes, widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    workbook.properties.creator = "personvern"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for kind in (CONTROLLER, PROCESSOR):
        sheet = workbook.create_sheet(SHEETS[lang][kind])
        columns = COLUMNS[kind]
        sheet.append([header(c, lang) for c in columns])
        for row in records[kind]:
            sheet.append([row.joined(c) for c in columns])
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = width(column)
            head = sheet.cell(row=1, column=index)
            head.font, head.fill, head.alignment = bold, fill, wrap
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = wrap
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, sheet.max_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def version_text(version: int | None, content_hash: str, day: date, lang: str) -> str:
    """'Declaration version 3 of 15 January 2026 (content hash ...)' for the record's heading."""
    when, short = date_words(day, lang), content_hash[:12]
    if version is None:
        return f"Draft (content hash {short}), {when}" if lang == "en" else f"Utkast (kontrollsum {short}), {when}"
    return (f"Declaration version {version} of {when} (content hash {short})" if lang == "en" else
            f"Versjon {version} av erklæringen, {when} (kontrollsum {short})")


def to_html(records: dict[str, list[RopaRow]], lang: str, *, controller: str, version: str) -> str:
    from personvern.notice.render import environment

    sections = [
        {"kind": kind, "title": SHEETS[lang][kind], "headers": [header(c, lang) for c in COLUMNS[kind]],
         "rows": [[row.cells.get(c, []) for c in COLUMNS[kind]] for row in records[kind]]}
        for kind in (CONTROLLER, PROCESSOR)
    ]
    return environment().get_template("ropa.html.j2").render(
        lang=lang, title=TITLE[lang], controller=controller, version=version, sections=sections,
        empty="No activities of this kind." if lang == "en" else "Ingen behandlinger av denne typen.",
    )
