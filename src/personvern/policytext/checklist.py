"""The GDPR Art. 13 checklist: for each of the 19 items, covered or not, and the sentence."""

from __future__ import annotations

import re

from personvern.policytext.bases import CONTEXT as BASIS_CONTEXT
from personvern.policytext.entities import ChecklistItem, Extraction, Span
from personvern.policytext.sentences import Sentence, sentence_at

I = re.IGNORECASE
PURPOSES = re.compile(
    r"\b(?:purposes?|formål(?:et|ene)?|hensikt(?:en)?|(?:we|vi) (?:use|bruker|benytter) (?:your |the |this |dine |disse )?(?:personal )?"
    r"(?:information|data|opplysning\w*|personopplysning\w*)|(?:is|are) used (?:for|to)|brukes til|benyttes til|bruker vi\b"
    r"|(?:gjør|gjøre) vi for å|\b(?:we|vi) (?:process|behandler|collect|samler inn|analyse|analyze|analyserer)\b.{0,120}?\b(?:to|for|for å|in order to)\b"
    r"|\b(?:in order to|so that we can|slik at vi kan) \w+)",
    I,
)
REQUIREMENT = re.compile(
    r"\b(?:voluntary|frivillig|you (?:must|are required to|have to) provide|(?:are|is) (?:not )?(?:obliged|required|obligated) to provide"
    r"|obligation to provide|statutory (?:or contractual )?requirement|contractual requirement|requirement (?:for|to) (?:enter|conclude)"
    r"|(?:plikt|forpliktet|pålagt) til å (?:gi|oppgi)|må (?:oppgi|gi oss)|(?:ikke )?(?:mulig|kunne) (?:å )?(?:levere|inngå)"
    r"|not (?:be )?(?:possible|able) to (?:provide|fulfil|deliver|enter)|necessary to (?:receive|enter|conclude)"
    r"|if you do not (?:provide|give|supply)|(?:hvis|dersom) du ikke (?:oppgir|gir oss)|without (?:it|them|this information) we (?:cannot|can't)"
    r"|uten (?:dem|den|disse opplysningene) kan vi ikke)",
    I,
)
AUTOMATED = re.compile(
    r"\b(?:automated (?:individual )?decision|automated decision-making|decisions? based solely on automated|article 22|art\. 22"
    r"|artikkel 22|automatiserte? (?:individuelle )?(?:avgjørelser?|beslutning\w*)|automatisk (?:avgjørelse|beslutning)\w*)",
    I,
)
RIGHT_ITEMS = {
    "right_access": "access", "right_rectification": "rectification", "right_erasure": "erasure",
    "right_restriction": "restriction", "right_objection": "objection", "right_portability": "portability",
    "right_withdraw_consent": "withdraw_consent", "right_complaint": "complaint",
}


def _sentence_span(sentences: list[Sentence], span: Span) -> Span:
    sentence = sentence_at(sentences, span.start)
    if sentence is None:
        return span
    return Span(sentence.start, sentence.end, sentence.text)


def _first_sentence(sentences: list[Sentence], pattern: re.Pattern[str], skip_headings: bool = True) -> Span | None:
    for sentence in sentences:
        if (skip_headings and sentence.heading) or not pattern.search(sentence.text):
            continue
        return Span(sentence.start, sentence.end, sentence.text)
    return None


def build_checklist(extraction: Extraction, sentences: list[Sentence]) -> dict[str, ChecklistItem]:
    def covered(span: Span | None) -> ChecklistItem:
        return ChecklistItem(span is not None, span)

    contacts = extraction.contacts
    name = next((c.span for c in contacts if c.type == "controller_name"), None)
    reach = next((c.span for c in contacts if c.type in ("email", "phone", "address") and c.party == "controller"), None)
    dpo = next((c.span for c in contacts if c.type == "dpo"), None)
    stated = [b for b in extraction.legal_bases if b.cited or BASIS_CONTEXT.search(b.span.quote)]
    interests = [b for b in extraction.legal_bases if b.basis == "art6_1_f"]
    transfers = [t for t in extraction.transfers if t.mechanism != "statement"]
    items = {
        "controller_identity": covered(_sentence_span(sentences, name) if name else None),
        "controller_contact": covered(_sentence_span(sentences, reach) if reach else None),
        "dpo_contact": covered(dpo),
        "purposes": covered(_first_sentence(sentences, PURPOSES)),
        "legal_bases": covered(stated[0].span if stated else None),
        "legitimate_interests": covered(interests[0].span if interests else None),
        "recipients": covered(extraction.recipients[0].span if extraction.recipients else None),
        "transfers_and_safeguards": covered(transfers[0].span if transfers else None),
        "retention_or_criteria": covered(extraction.retention[0].span if extraction.retention else None),
        "statutory_or_contractual_requirement": covered(_first_sentence(sentences, REQUIREMENT)),
        "automated_decision_making": covered(_first_sentence(sentences, AUTOMATED)),
    }
    for key, right in RIGHT_ITEMS.items():
        found = next((r.span for r in extraction.rights if r.right == right), None)
        items[key] = covered(found)
    return items
