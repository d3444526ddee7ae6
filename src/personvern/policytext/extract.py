"""``extract(document)``: every finding of a policy text, and its plain-text rendering."""

from __future__ import annotations

from personvern.policytext import language
from personvern.policytext.bases import find_bases
from personvern.policytext.checklist import build_checklist
from personvern.policytext.contacts import find_contacts, find_controller
from personvern.policytext.entities import CHECKLIST_KEYS, Extraction
from personvern.policytext.reader import PolicyDocument
from personvern.policytext.recipients import find_recipients, find_transfers
from personvern.policytext.retention import find_retention
from personvern.policytext.rights import find_rights
from personvern.policytext.sentences import split

LANGS = ("auto", "en", "nb")


def extract(document: PolicyDocument, lang: str = "auto") -> Extraction:
    """Reads ``document``; ``lang`` only labels the result (both languages' rules always run,
    so bilingual policies are read in full)."""
    text = document.text
    sentences = split(text)
    detected = language.detect(text) if lang == "auto" else lang
    controller = find_controller(text, sentences)
    extraction = Extraction(
        file=document.name,
        language=detected,
        text=text,
        controller=controller,
        retention=find_retention(sentences),
        legal_bases=find_bases(sentences, text),
        rights=find_rights(sentences),
        contacts=find_contacts(text, sentences, controller),
        recipients=find_recipients(sentences),
        transfers=find_transfers(sentences),
    )
    extraction.checklist = build_checklist(extraction, sentences)
    return extraction


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def render_text(extraction: Extraction) -> str:
    """A report for a person: each finding with its line and quote."""
    text = extraction.text
    out = [f"{extraction.file} ({extraction.language}); controller: {extraction.controller or 'not named'}", ""]

    def quote(q: str) -> str:
        q = " ".join(q.split())
        return q if len(q) <= 110 else q[:107] + "..."

    out.append(f"Retention ({len(extraction.retention)})")
    for r in extraction.retention:
        what = r.period or "criterion"
        extra = ", ".join(x for x in (r.anchor and f"from {r.anchor}", r.event, r.qualifier, r.action) if x)
        out.append(f"  line {_line(text, r.span.start)}: {what} ({extra}) for {r.data}: \"{quote(r.span.quote)}\"")
    out.append(f"Legal bases ({len(extraction.legal_bases)})")
    for b in extraction.legal_bases:
        how = "cited" if b.cited else "in words"
        law = f" under {b.law}" if b.law else ""
        out.append(f"  line {_line(text, b.span.start)}: {b.basis}{law} ({how}) for {b.purpose or '?'}: \"{quote(b.span.quote)}\"")
    out.append(f"Rights ({len(extraction.rights)})")
    for r in extraction.rights:
        out.append(f"  line {_line(text, r.span.start)}: {r.right}: \"{quote(r.span.quote)}\"")
    out.append(f"Contacts ({len(extraction.contacts)})")
    for c in extraction.contacts:
        out.append(f"  line {_line(text, c.span.start)}: {c.type} = {c.value} ({c.party})")
    out.append(f"Recipients ({len(extraction.recipients)})")
    for r in extraction.recipients:
        out.append(f"  line {_line(text, r.span.start)}: {', '.join(r.recipients)} ({r.role}): \"{quote(r.span.quote)}\"")
    out.append(f"Transfers ({len(extraction.transfers)})")
    for t in extraction.transfers:
        out.append(f"  line {_line(text, t.span.start)}: {t.mechanism}: \"{quote(t.span.quote)}\"")
    out.append("GDPR Art. 13 checklist")
    for key in CHECKLIST_KEYS:
        item = extraction.checklist[key]
        where = f"line {_line(text, item.span.start)}" if item.covered and item.span else "missing"
        out.append(f"  [{'x' if item.covered else ' '}] {key} ({where})")
    return "\n".join(out) + "\n"
