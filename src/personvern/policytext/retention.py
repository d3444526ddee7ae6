"""Retention statements: the data, the period (ISO 8601) or criterion, anchor, qualifier, action.

A sentence is a retention statement when it speaks of keeping or deleting data (store, keep,
retain, delete, erase, anonymise, lagre, oppbevare, beholde, slette, anonymisere, ...) and
gives a period ("30 days", "fem år"), a criterion ("as long as necessary", "så lenge det er
nødvendig"), an end ("until consent is withdrawn", "frem til du ber om sletting",
"immediately when you cancel") or the end of a retention period ("upon the lapse of ...").
One finding per distinct period in the sentence (plus one for "immediately ..."), else one
for the criterion.
"""

from __future__ import annotations

import re

from personvern.policytext.durations import Duration, find_durations
from personvern.policytext.entities import RetentionFinding, Span
from personvern.policytext.sentences import Sentence

I = re.IGNORECASE
TRIGGER = re.compile(
    r"\b(?:stor(?:e|ed|es|ing|age)|keep(?:s|ing)?|kept|retain(?:s|ed|ing)?|retention|delet(?:e|ed|es|ing|ion)"
    r"|eras(?:e|ed|es|ing|ure)|remov(?:e|ed|es)|destroy(?:ed|s)?|purged?|anonymi[sz](?:e|ed|es|ing|ation)"
    r"|process(?:ed)?|held|hold|archived?|backed up|backups?|logs? (?:are|is) kept|review(?:ed|s)?|gjennomg\w+"
    r"|lagr(?:e|es|er|et|ing|ingstid(?:en)?)|oppbevar(?:e|es|er|t|ing|ingstid(?:en)?)|behold(?:e|er|es)"
    r"|slett(?:e|es|er|et|ing|ingen)?|anonymiser(?:e|es|er|t|ing)?|makuler(?:e|es|t)?|arkiver(?:e|es|t)?"
    r"|fjern(?:e|es|et)|behandle(?:s|t)?|sikkerhetskopi(?:er|ene)?|logg(?:er|es|ene)?)\b",
    I,
)
NECESSARY = re.compile(
    r"\b(?:as long as (?:it is |is |this is |they are |we )?(?:strictly )?(?:necessary|needed|required|need)"
    r"|for (?:the|a) (?:period|time) (?:necessary|needed|required)"
    r"|no longer than (?:is |it is )?(?:necessary|needed|required)"
    r"|(?:only )?for as long as (?:necessary|needed|required)"
    r"|så lenge (?:det er |de er |vi har )?(?:nødvendig|behov|påkrevd)"
    r"|ikke lenger enn (?:det som er )?(?:nødvendig|påkrevd)"
    r"|så lenge (?:det )?trengs)\b",
    I,
)
AS_LONG = re.compile(r"\b(?:(?:for )?as long as|så lenge)\b", I)
UNTIL = re.compile(r"\b(?:until|till|frem til|fram til|helt til|inntil(?!\s+\S*\s*(?:\d|en |ett |ei ))"
                   r"|til (?=du |vi |avtalen|kontrakten|samtykket|kundeforholdet|abonnementet|det ))", I)
IMMEDIATELY = re.compile(r"\b(?:immediately|without delay|umiddelbart|straks|med en gang)\b", I)
IMMEDIATE_CLAUSE = re.compile(r"\b(?:immediately|umiddelbart|straks)\s+(?:when|after|upon|once|on|at|når|etter|ved)\b", I)
WHEN_DELETE = re.compile(
    r"\b(?:delet|eras|remov|anonymi|slett|fjern|retain|kept|lagr|oppbevar|behold)\w*\b.{0,40}?"
    r"\b(?:when|upon|once|after|on|at|når|ved|etter)\b\s+(?:the\s+|your\s+|you\s+|at\s+|du\s+)?"
    r"(?:terminat|cancel|clos|end\b|expir|delet|unsubscrib|withdraw|avslutt|opphør|avslutning|oppsigelse|sier opp"
    r"|sletter|melder deg av|trekker)",
    I,
)
LAPSE = re.compile(
    r"\b(?:(?:upon|after|at|on) the (?:lapse|expiry|expiration|end) of (?:the|a|each|any|that) "
    r"(?:retention|processing|storage|storing)? ?(?:period|time)"
    r"|when the (?:retention|storage) (?:period|time) (?:has )?(?:expired?|ends|lapsed)"
    r"|(?:etter|ved) (?:utløpet av|endt) (?:lagrings|oppbevarings|behandlings)(?:tiden|perioden|fristen)"
    r"|når (?:lagrings|oppbevarings)(?:tiden|perioden|fristen) (?:er ute|utløper|er over))",
    I,
)
REVIEW = re.compile(r"\b(?:review(?:ed|s)?|re-?assess(?:ed)?|gjennomg(?:å|år|ås|ått)|vurder(?:es|er)|evaluer(?:es|t))\b", I)
EVERY = re.compile(r"\b(?:every|each|annually|yearly|hvert|hver|årlig)\b", I)
RESPONSE = re.compile(r"\b(?:respond|reply|answer|notify|inform|svar|besvar|varsl|behandle din|handle your|request)", I)
WITHIN_BEFORE = re.compile(r"\b(?:within|innen)\s*$", I)
AT_MOST = re.compile(r"\b(?:up to|no more than|not more than|no longer than|maximum(?: of)?|max\.?|at most|within"
                     r"|inntil|opptil|maks(?:imalt|imum)?|høyst|ikke lenger enn|ikke mer enn|innen|under)\s*$", I)
AT_LEAST = re.compile(r"\b(?:at least|minimum(?: of)?|no less than|not less than|minst|ikke kortere enn)\s*$", I)
NEGATED_MORE = re.compile(r"\b(?:not|never|ikke|aldri)\b.{0,60}\b(?:more|longer|mer|lenger) (?:than|enn)\s*$", I)

ANCHORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("end_of_calendar_year", re.compile(
        r"(?:end|close|expiry) of (?:the|a|each|that) (?:calendar )?year|(?:utgangen|utløpet|slutten) av "
        r"(?:det |hvert )?(?:kalender)?året|kalenderårets (?:slutt|utgang)", I)),
    ("end_of_fiscal_year", re.compile(
        r"(?:end|close) of (?:the|a|each|that) (?:fiscal|financial|accounting|tax|income) year"
        r"|(?:utgangen|utløpet|slutten) av (?:det )?regnskapsåret|regnskapsårets (?:slutt|utgang)", I)),
    ("consent_withdrawn", re.compile(
        r"(?:withdraw|revoke)\w* (?:your |their |his or her |the )?consent|consent (?:is|has been) (?:withdrawn|revoked)"
        r"|unsubscrib|opt[- ]out|trekker (?:tilbake )?(?:ditt |samtykket|samtykke)|samtykket (?:trekkes|blir trukket)"
        r"|melder deg (?:av|ut)|tilbakekall", I)),
    ("last_activity", re.compile(
        r"(?:last|latest|most recent|final) (?:log-?in|sign-?in|activity|use|visit|contact|purchase|order|interaction|login|booking|reservation|session)"
        r"|inactiv|siste (?:aktivitet|innlogging|kontakt|bruk|kjøp|besøk|ordre|pålogging|bestilling|booking)|inaktiv", I)),
    ("end_of_relationship", re.compile(
        r"(?:end|termination|expiry|closure|closing|cancell?ation|deletion|conclusion) of (?:the |your |our |a |any )?"
        r"(?:\w+ )?(?:contract|account|agreement|customer relationship|relationship|subscription|membership|employment|engagement|service)"
        r"|(?:you|the customer|the client|the user) (?:cancel|close|terminate|end|delete|leave)"
        r"|your cancell?ation|(?:contract|agreement|account|relationship|subscription) (?:ends|is terminated|is closed|expires|has ended)"
        r"|(?:services?|account|subscription|contract|agreement|relationship|membership) (?:are|is|remains?) "
        r"(?:provided|active|in force|open|ongoing)|(?:remain|are|stay) (?:a |our )?(?:customer|member|client|subscriber)"
        r"|(?:kundeforhold|avtale|abonnement|medlemskap|arbeidsforhold|konto|kontrakt|oppdrag)\w* (?:er |har )?"
        r"(?:avsluttet|opphørt|opphører|avsluttes|sagt opp|slettet|aktiv|varer|løper)"
        r"|avslutt\w* (?:av )?(?:kundeforhold|avtale|abonnement|medlemskap|konto|oppdrag)\w*"
        r"|(?:sier opp|avslutter|sletter) (?:kontoen|avtalen|abonnementet|kundeforholdet|medlemskapet)"
        r"|oppsigelse|endt (?:kundeforhold|ansettelse|oppdrag)|(?:er|forblir) kunde", I)),
    ("collected", re.compile(
        r"(?:from|after|since|of) (?:the )?(?:date |time |day )?(?:of )?(?:collection|registration|creation|submission|receipt"
        r"|sign-?up|upload|recording|the recording|the visit|your visit|the transaction|purchase)"
        r"|(?:after|from when) (?:it|they|the data|we) (?:was|were|are|is)? ?(?:collected|created|registered|submitted|received|recorded)"
        r"|(?:fra|etter) (?:innsamling|registrering|mottak|opprettelse|opptak|besøket|kjøpet)"
        r"|etter at (?:de|opplysningene|dataene|vi) (?:ble|er|har) (?:samlet inn|mottatt|registrert|mottok)", I)),
)
DELETE = re.compile(r"\b(?:delet|eras|destroy|destruct|remov|purg|shred|slett|fjern|makuler|destru)\w*", I)
ANONYMISE = re.compile(r"\banonymi[sz]\w*", I)
SUBJECT_CUT = re.compile(
    r"\s+(?:will|shall|is|are|may|can|must|vil|blir|skal|kan|må|lagres|oppbevares|slettes|anonymiseres|beholdes"
    r"|behandles|gets|get)\b",
    I,
)
DEFINITION_DASH = re.compile(r"\s[-–—]\s")
PRONOUN_SUBJECT = re.compile(r"^(?:we|vi|our company|the company|the controller|selskapet)\b", I)
OBJECT_AFTER = re.compile(
    r"\b(?:stores?|keeps?|retains?|deletes?|erases?|anonymi[sz]es?|lagrer|oppbevarer|beholder|sletter|anonymiserer)\s+"
    r"(?:(?:the|your|all|any|dine|din|ditt|alle|våre|our)\s+)?(?P<obj>[\w\s/-]{3,60}?)"
    r"(?=\s+(?:for|in|until|as|i|så|til|frem|inntil|after|etter|on|hos|with|med)\b|[,.;])",
    I,
)


def _data(sentence: Sentence) -> str:
    text = sentence.text
    dash = DEFINITION_DASH.search(text)
    if dash and dash.start() < 90:
        return text[: dash.start()].strip(" •:")
    cut = SUBJECT_CUT.search(text)
    subject = text[: cut.start()].strip() if cut else ""
    if subject and not PRONOUN_SUBJECT.match(subject) and len(subject.split()) <= 10:
        return re.sub(r"^(?:note that|merk at|all|alle)\s+", "", subject, flags=I)
    obj = OBJECT_AFTER.search(text)
    if obj:
        return obj.group("obj").strip()
    return "personal data"


def _anchor(after: str) -> tuple[str | None, str | None]:
    for name, pattern in ANCHORS:
        if pattern.search(after):
            return name, None
    event = re.search(r"\b(?:after|from|following|upon|when|once|until|etter|fra|når|til|inntil)\b\s+(?P<e>[^,.;()]{4,90})", after, I)
    if event:
        return "event", event.group("e").strip()
    return None, None


def _qualifier(before: str, sentence: str) -> str:
    if AT_LEAST.search(before):
        return "at_least"
    if AT_MOST.search(before) or NEGATED_MORE.search(before):
        return "at_most"
    return "exact"


def _action(text: str, review: bool) -> str | None:
    if review:
        return "review"
    if DELETE.search(text):
        return "delete"
    if ANONYMISE.search(text):
        return "anonymise"
    return None


def _usable(duration: Duration, text: str, start: int) -> bool:
    """Durations that are not retention: reply times, notification deadlines, hours of a day."""
    before = text[max(0, duration.start - start - 12) : duration.start - start]
    if WITHIN_BEFORE.search(before) and RESPONSE.search(text):
        return False
    return duration.unit != "H" or bool(re.search(r"\b(?:stor|kept|keep|retain|lagr|slett|delet)", text, I))


def _finding(sentence: Sentence, data: str, period: str | None, anchor: str | None, event: str | None,
             qualifier: str | None, action: str | None) -> RetentionFinding:
    return RetentionFinding(Span(sentence.start, sentence.end, sentence.text), data, period, anchor, event,
                            qualifier, action)


def find_retention(sentences: list[Sentence]) -> list[RetentionFinding]:
    found: list[RetentionFinding] = []
    for sentence in sentences:
        text = sentence.text
        if sentence.heading or text.rstrip().endswith("?") or not TRIGGER.search(text):
            continue
        found.extend(_from_sentence(sentence))
    return found


def _from_sentence(sentence: Sentence) -> list[RetentionFinding]:
    text, start = sentence.text, sentence.start
    data = _data(sentence)
    review = bool(REVIEW.search(text) and EVERY.search(text))
    durations = [d for d in find_durations(text, start) if _usable(d, text, start)]
    items: list[RetentionFinding] = []
    seen: set[str] = set()
    for duration in durations:
        if duration.iso in seen:
            continue
        seen.add(duration.iso)
        rel = duration.start - start
        before, after = text[max(0, rel - 60) : rel], text[duration.end - start :]
        if review and EVERY.search(text[max(0, rel - 12) : rel]):
            items.append(_finding(sentence, data, duration.iso, None, None, None, "review"))
            continue
        anchor, event = _anchor(re.split(r"[;,]|\s[-–—]\s", after, maxsplit=1)[0][:140])
        items.append(_finding(sentence, data, duration.iso, anchor or "collected", event,
                              _qualifier(before, text), _action(text, False)))
    if review and not durations and re.search(r"\b(?:annually|yearly|årlig)\b", text, I):
        items.append(_finding(sentence, data, "P1Y", None, None, None, "review"))
    immediately = IMMEDIATELY.search(text)
    if immediately and (durations or WHEN_DELETE.search(text) or IMMEDIATE_CLAUSE.search(text)):
        anchor, event = _anchor(text[immediately.start():])
        items.append(_finding(sentence, data, None, anchor or "event", event, "until", _action(text, False)))
        return items
    if items:
        return items
    if LAPSE.search(text):
        return [_finding(sentence, data, None, None, None, None, _action(text, False))]
    if NECESSARY.search(text) and not UNTIL.search(text):
        return [_finding(sentence, data, None, None, None, None, _action(text, False))]
    clause = UNTIL.search(text) or AS_LONG.search(text) or WHEN_DELETE.search(text)
    if clause:
        anchor, event = _anchor(text[clause.start():])
        if anchor is None and AS_LONG.match(text, clause.start()):
            anchor, event = "event", text[clause.end():].strip(" ,.;")[:90]
        return [_finding(sentence, data, None, anchor or "event", event, "until", _action(text, False))]
    if NECESSARY.search(text):
        return [_finding(sentence, data, None, None, None, None, _action(text, False))]
    return []
