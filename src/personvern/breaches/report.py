"""The report for Datatilsynet, in the order of its breach form (avviksmelding): JSON, HTML and PDF.

A report is made from one frozen revision: a phase (initial, follow-up, final: Art. 33(4)) or,
before any phase, the current record marked as a draft. Every value comes from the record;
what the record does not say is shown as not stated, never filled in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from personvern.breaches.clocks import art33_deadline
from personvern.breaches.decision import Decision, propose
from personvern.breaches.entities import Breach, Revision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.service import BreachService
from personvern.breaches.severity import Assessment, score
from personvern.breaches.wording import BANDS, BREACH_TYPES, CAUSES, PHASES, SUBJECTS, category_names, pick
from personvern.declaration.model import Declaration, text
from personvern.errors import Invalid, NotFound

TEMPLATES = Path(__file__).parent / "templates"
LANGS = ("nb", "en")
NOT_STATED = {"nb": "ikke oppgitt", "en": "not stated"}
YES_NO = {"nb": ("Ja", "Nei"), "en": ("Yes", "No")}


@dataclass(frozen=True)
class Field:
    key: str
    label_nb: str
    label_en: str
    value: object  # the record's value (JSON)
    shown: dict[str, str]  # the value as written in each language


@dataclass(frozen=True)
class Section:
    key: str
    heading_nb: str
    heading_en: str
    fields: list[Field]


@dataclass(frozen=True)
class ReportDocument:
    breach_id: int
    phase: str | None  # None: a draft from the current record
    revision: int
    frozen_at: datetime
    snapshot_sha256: str | None
    zone: str
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        return {
            "breach": self.breach_id, "phase": self.phase or "draft", "revision": self.revision,
            "frozen_at": self.frozen_at.isoformat(), "snapshot_sha256": self.snapshot_sha256, "zone": self.zone,
            "sections": [{"key": s.key, "heading_nb": s.heading_nb, "heading_en": s.heading_en,
                          "fields": [{"key": f.key, "label_nb": f.label_nb, "label_en": f.label_en,
                                      "value": f.value, "nb": f.shown["nb"], "en": f.shown["en"]}
                                     for f in s.fields]} for s in self.sections],
        }


def _same(value: object) -> dict[str, str]:
    text = "" if value is None else str(value)
    return {lang: text or NOT_STATED[lang] for lang in LANGS}


class ReportBuilder:
    def __init__(self, breaches: BreachService) -> None:
        self.breaches = breaches
        self._env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))

    def document(self, breach_id: int, phase: str | None = None) -> ReportDocument:
        breach = self.breaches.get(breach_id)
        revision: Revision | None = None
        if phase is not None:
            frozen = [r for r in self.breaches.revisions(breach_id) if r.phase == phase]
            if phase not in PHASES:
                raise Invalid(f"unknown phase '{phase}'; one of: {', '.join(PHASES)}")
            if not frozen:
                raise NotFound(f"breach {breach_id} has no {phase} report; `personvern breach report "
                               f"{breach_id} --phase {phase} --submit` freezes one")
            revision = frozen[-1]
            breach = _from_snapshot(breach, revision)
        declaration = self.breaches.declaration_of(breach)
        zone = self.breaches.zone_of(declaration)
        sections = self._sections(breach, declaration, zone, phase)
        return ReportDocument(breach.id, phase, revision.number if revision else breach.revision,
                              revision.at if revision else breach.updated_at,
                              revision.snapshot_hash if revision else None, zone, sections)

    # --- the form, section by section -----------------------------------------------------------
    def _sections(self, b: Breach, declaration: Declaration | None, zone: str, phase: str | None) -> list[Section]:
        f = b.facts

        def when(t: datetime | None) -> dict[str, str]:
            return _same(self.breaches.local(t, zone).strftime("%d.%m.%Y %H:%M") if t else None)

        def yes_no(flag: bool) -> dict[str, str]:
            return {lang: YES_NO[lang][0 if flag else 1] for lang in LANGS}

        def words(table: dict[str, tuple[str, str]], keys: list[str]) -> dict[str, str]:
            return {lang: ", ".join(pick(table, k, lang) for k in keys) or NOT_STATED[lang] for lang in LANGS}

        def count(c: Any) -> dict[str, str]:
            return {"nb": f"{c.value}" + (" (anslag)" if c.estimate else ""),
                    "en": f"{c.value}" + (" (estimate)" if c.estimate else "")}

        c = declaration.controller if declaration else None
        special = self.breaches.special_categories(f, declaration)
        late = b.authority_notified_at is not None and b.authority_notified_at > art33_deadline(f.aware_at)
        phase_words = {lang: pick(PHASES, phase, lang) if phase else ("Utkast" if lang == "nb" else "Draft")
                       for lang in LANGS}
        sections = [
            Section("report", "Meldingen", "The report", [
                Field("phase", "Type melding", "Type of report", phase or "draft", phase_words),
                Field("reference", "Vår referanse", "Our reference", b.id, _same(f"{b.id} (rev. {b.revision})")),
            ]),
            Section("controller", "Virksomheten", "The organisation", [
                Field("name", "Navn", "Name", c.name if c else None, _same(c.name if c else None)),
                Field("organisation_number", "Organisasjonsnummer", "Organisation number",
                      c.organisation_number if c else None, _same(c.organisation_number if c else None)),
                Field("role", "Rolle", "Role", f.role, {"nb": "Behandlingsansvarlig" if f.role == "controller"
                      else "Databehandler", "en": f.role.capitalize()}),
                Field("contact", "Kontaktperson", "Contact person", f.contact.model_dump() if f.contact else None,
                      _same(f"{f.contact.name}, {f.contact.email}" + (f", {f.contact.phone}" if f.contact.phone
                                                                      else "") if f.contact else None)),
            ]),
            Section("times", "Tidspunkter", "Times", [
                Field("occurred", "Når skjedde bruddet", "When the breach occurred",
                      {"from": _iso(f.occurred_from), "to": _iso(f.occurred_to), "unknown": f.occurred_unknown},
                      {"nb": "ukjent" if f.occurred_unknown else f"{when(f.occurred_from)['nb']} – {when(f.occurred_to)['nb']}",
                       "en": "unknown" if f.occurred_unknown else f"{when(f.occurred_from)['en']} – {when(f.occurred_to)['en']}"}),
                Field("detected_at", "Når ble bruddet oppdaget", "When it was discovered", _iso(f.detected_at),
                      when(f.detected_at)),
                Field("discovered_how", "Hvordan ble bruddet oppdaget", "How it was discovered", f.discovered_how,
                      _same(f.discovered_how)),
                Field("aware_at", "Når ble virksomheten kjent med bruddet", "When the organisation became aware",
                      _iso(f.aware_at), when(f.aware_at)),
                Field("deadline", "Frist for melding (72 timer)", "Deadline for notification (72 hours)",
                      art33_deadline(f.aware_at).isoformat(), when(art33_deadline(f.aware_at))),
                Field("notified_at", "Meldt til Datatilsynet", "Notified to the authority",
                      _iso(b.authority_notified_at), when(b.authority_notified_at)),
                Field("delay_reason", "Begrunnelse for forsinket melding", "Reasons for the delay",
                      f.delay_reason or None, _same(f.delay_reason) if late or f.delay_reason
                      else {"nb": "meldt innen 72 timer", "en": "notified within 72 hours"}),
            ]),
            Section("what", "Om bruddet", "The breach", [
                Field("breach_types", "Type brudd", "Type of breach", f.breach_types, words(BREACH_TYPES, f.breach_types)),
                Field("cause", "Hovedårsak", "Main cause", f.cause, words(CAUSES, [f.cause])),
                Field("cause_detail", "Nærmere om årsaken", "The cause in detail", f.cause_detail, _same(f.cause_detail)),
                Field("description", "Hva skjedde, og hvordan", "What happened, and how", f.description,
                      _same(f.description)),
            ]),
            Section("affected", "Berørte personer og opplysninger", "People and data affected", [
                Field("people", "Antall berørte personer", "Number of people affected", f.people.model_dump(),
                      count(f.people)),
                Field("records", "Antall berørte registreringer", "Number of records affected",
                      f.records.model_dump(), count(f.records)),
                Field("subjects", "Hvem er de berørte", "Who the people are", f.subjects, words(SUBJECTS, f.subjects)),
                Field("data_categories", "Typer personopplysninger", "Types of personal data", f.data_categories,
                      {lang: ", ".join(category_names(f.data_categories, lang, declaration)) for lang in LANGS}),
                Field("special_categories", "Særlige kategorier (art. 9) eller straffedommer (art. 10)",
                      "Special categories (Art. 9) or criminal records (Art. 10)", special,
                      {lang: ", ".join(category_names(special, lang, declaration)) or YES_NO[lang][1]
                       for lang in LANGS}),
                Field("activities", "Berørte behandlinger", "Processing activities affected", f.activities,
                      _named(f.activities, declaration, "activity")),
                Field("processors", "Berørte databehandlere", "Processors involved", f.processors,
                      _named(f.processors, declaration, "processor")),
                Field("datasets", "Berørte datasett", "Datasets affected", f.datasets, _same(", ".join(f.datasets))),
                Field("data_location", "Hvor er opplysningene nå", "Where the data is now", f.data_location,
                      _same(f.data_location)),
            ]),
            Section("consequences", "Konsekvenser og tiltak", "Consequences and measures", [
                Field("consequences", "Sannsynlige konsekvenser for de berørte", "Likely consequences for the people",
                      f.consequences, _same(f.consequences)),
                Field("measures_taken", "Tiltak som er gjennomført", "Measures taken", f.measures_taken,
                      _same(f.measures_taken)),
                Field("measures_planned", "Planlagte tiltak", "Measures planned", f.measures_planned,
                      _same(f.measures_planned)),
            ]),
            self._assessment(b, yes_no),
            Section("people_informed", "Varsling av de berørte", "Informing the people", [
                Field("informed", "Er de berørte varslet", "Have the people been informed",
                      f.people_informed_at is not None, yes_no(f.people_informed_at is not None)),
                Field("informed_at", "Når", "When", _iso(f.people_informed_at), when(f.people_informed_at)),
                Field("informed_how", "Hvordan", "How", f.people_informed_how, _same(f.people_informed_how)),
            ]),
        ]
        return sections

    def _assessment(self, b: Breach, yes_no: Any) -> Section:
        fields: list[Field] = []
        if b.assessment is not None:
            sev = score(b.assessment, b.facts.people.value)
            proposal = propose(sev, b.assessment)
            fields += [
                Field("severity", "Alvorlighetsgrad (ENISA 2013)", "Severity (ENISA 2013)", sev.as_dict(),
                      {lang: f"{pick(BANDS, sev.band, lang)} (SE = {sev.score:g})".replace(
                          ".", "," if lang == "nb" else ".") for lang in LANGS}),
                Field("severity_basis", "Grunnlag", "Basis", sev.explanations,
                      {lang: "\n".join(sev.explained(lang)) for lang in LANGS}),
                Field("proposal", "Forslag fra personvern", "personvern's proposal", proposal.as_dict(),
                      {lang: "\n".join(proposal.explained(lang)) for lang in LANGS}),
            ]
        if b.decision is not None:
            d = b.decision
            fields += [
                Field("notify_authority", "Beslutning: meldes til Datatilsynet", "Decision: notify the authority",
                      d.notify_authority, yes_no(d.notify_authority)),
                Field("inform_people", "Beslutning: de berørte varsles (art. 34)",
                      "Decision: inform the people (Art. 34)",
                      d.inform_people, yes_no(d.inform_people)),
                Field("reasoning", "Begrunnelse", "Reasoning", d.reasoning, _same(d.reasoning)),
            ]
        return Section("assessment", "Risikovurdering og beslutning", "Risk assessment and decision", fields)

    # --- output -------------------------------------------------------------------------------------
    def html(self, document: ReportDocument, lang: str) -> str:
        if lang not in LANGS:
            raise Invalid(f"unknown language '{lang}'; nb or en")
        return self._env.get_template("report.html").render(doc=document, lang=lang)

    def pdf(self, document: ReportDocument, lang: str) -> bytes:
        from weasyprint import HTML

        return HTML(string=self.html(document, lang)).write_pdf()

    @staticmethod
    def json(document: ReportDocument) -> str:
        return json.dumps(document.as_json(), ensure_ascii=False, indent=2)


def _named(keys: list[str], declaration: Declaration | None, kind: str) -> dict[str, str]:
    """Activities and processors by their names in the declaration (the key when it has none)."""
    shown: dict[str, str] = {}
    for lang in LANGS:
        names = []
        for key in keys:
            try:
                names.append(text(declaration.activity(key).name, lang) if kind == "activity"
                             else declaration.processor(key).name)  # type: ignore[union-attr]
            except (KeyError, AttributeError):
                names.append(key)
        shown[lang] = ", ".join(names) or NOT_STATED[lang]
    return shown


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _from_snapshot(breach: Breach, revision: Revision) -> Breach:
    snap = revision.snapshot
    notified = snap.get("authority_notified_at")
    return replace(
        breach, revision=revision.number, updated_at=revision.at,
        facts=BreachFacts.model_validate(snap["facts"]),
        assessment=Assessment.model_validate(snap["assessment"]) if snap.get("assessment") else None,
        decision=Decision.model_validate(snap["decision"]) if snap.get("decision") else None,
        authority_notified_at=datetime.fromisoformat(str(notified)) if notified else None,
    )
