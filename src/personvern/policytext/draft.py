"""A declaration draft (personvern.yaml) from what a policy says.

Every value carries a comment quoting the sentence it came from. Where the text is silent
or vague the draft says ``TODO`` — never an invented value — and always so that
``personvern check`` reports it: a ``TODO`` value where the model rejects that word
(periods, anchors, legal bases, taxonomy keys, country codes, event names), or the key left
out with a ``# TODO(key)`` comment where any text would do (names, e-mail, organisation
number), which check reports as a missing key. So check lists exactly what is left to decide.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from personvern.policytext import language
from personvern.policytext.entities import BasisFinding, ContactFinding, Extraction, RetentionFinding
from personvern.policytext.retention import IMMEDIATELY

BASIS_TO_DECLARATION = {
    "art6_1_a": "consent", "art6_1_b": "contract", "art6_1_c": "legal_obligation",
    "art6_1_d": "vital_interests", "art6_1_e": "public_task", "art6_1_f": "legitimate_interests",
}
ANCHORS = {"collected", "end_of_relationship", "end_of_calendar_year", "end_of_fiscal_year", "last_activity"}
PERIOD = re.compile(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
STOP = frozenset("the a an of for and or to in on with our your their data personal information purposes purpose "
                 "controller subject subjects services service processed processing will be other entities "
                 "website user users customer customers "
                 "og i for til av med på det som de dine våre personopplysninger opplysninger formål behandling "
                 "vil bli vår nettsted kunde kunder".split())
TODO = "TODO"


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def quote_comment(text: str, limit: int = 150) -> str:
    text = " ".join(text.split()).replace("#", "")
    return f'"{text[:limit]}{"..." if len(text) > limit else ""}"'


def slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.lower().replace("ø", "o").replace("æ", "ae")).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in STOP][:4]
    key = "_".join(words)[:40].strip("_")
    if not key or not key[0].isalpha():
        key = fallback
    return key


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w{4,}", text.lower()) if w not in STOP}


@dataclass
class DraftActivity:
    key: str
    name: str | None
    name_quote: str | None
    basis: BasisFinding | None
    retention: list[RetentionFinding] = field(default_factory=list)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.todos = 0

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + f"# {text}")

    def todo_missing(self, indent: int, key: str, why: str) -> None:
        self.todos += 1
        self.lines.append(" " * indent + f"# TODO({key}): {why}")

    def value(self, indent: int, key: str, value: str, quote: str | None = None) -> None:
        if quote:
            self.comment(indent, quote_comment(quote))
        self.lines.append(" " * indent + f"{key}: {value}")

    def todo(self, indent: int, key: str, why: str, prefix: str = "") -> None:
        self.todos += 1
        self.lines.append(" " * indent + f"{prefix}{key}: {TODO} # {why}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _first(contacts: list[ContactFinding], kind: str, party: str = "controller") -> ContactFinding | None:
    return next((c for c in contacts if c.type == kind and c.party == party), None)


def _address_parts(address: ContactFinding, text: str) -> tuple[str, str | None, str | None, bool]:
    """(street, postal code, city, in Norway) read from the address and the text just before it
    ("Kapp, 2849, Fabrikkvegen 52"); nothing is filled in that the text does not say."""
    quote = address.span.quote
    street = re.split(r",|(?<=\d)\s+(?=\d{4}\b)|(?<=\d[A-Za-z])\s+(?=\d{4}\b)", quote)[0].strip()
    code_re = re.compile(r"(?<!\d)(\d{4})(?!\d)")
    city = None
    code = code_re.search(quote, len(street))
    if code:
        after = re.match(r"\s*,?\s*([A-ZÆØÅ][a-zæøå]+(?:[ -][A-ZÆØÅ][a-zæøå]+)?)", quote[code.end():])
        if after and after.group(1) not in ("Norway", "Norge", "Noreg"):
            city = after.group(1)
    else:
        line_start = text.rfind("\n", 0, address.span.start) + 1
        before = text[max(line_start, address.span.start - 40) : address.span.start]
        code = re.search(r"([A-ZÆØÅ][a-zæøå]+)\s*,\s*(\d{4})\s*,\s*$", before)
        if code:
            city = code.group(1)
            code = re.search(r"\d{4}", code.group(0))
    window = text[address.span.start : address.span.end + 20]
    norway = bool(re.search(r"\b(?:Norway|Norge|Noreg)\b", window))
    return street, code.group(code.lastindex or 0) if code else None, city, norway


def _activities(extraction: Extraction, primary: str | None) -> list[DraftActivity]:
    def in_primary(quote: str) -> bool:
        return primary is None or language.detect(quote).split("+")[0] == primary

    activities: list[DraftActivity] = []
    seen: set[tuple[str, str]] = set()
    keys: set[str] = set()

    def new_key(text: str) -> str:
        key = slug(text, f"activity_{len(activities) + 1}")
        base, n = key, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        keys.add(key)
        return key

    for basis in extraction.legal_bases:
        if not in_primary(basis.span.quote):
            continue
        ident = (basis.basis, basis.purpose.lower())
        if ident in seen:
            continue
        seen.add(ident)
        name = basis.purpose or None
        activities.append(DraftActivity(new_key(name or basis.basis), name, basis.span.quote, basis))
    for rule in extraction.retention:
        if not in_primary(rule.span.quote):
            continue
        same_sentence = [a for a in activities if a.basis is not None and a.basis.span.start == rule.span.start]
        if same_sentence:  # "Opptak ... på grunnlag av berettiget interesse, og slettes etter 90 dager"
            same_sentence[0].retention.append(rule)
            continue
        words = _words(rule.data)
        candidates = activities
        if rule.anchor == "consent_withdrawn":
            candidates = [a for a in activities if a.basis and a.basis.basis == "art6_1_a"] or activities
        best = max(candidates, key=lambda a: len(words & _words(a.name or "")), default=None)
        consent_rule = rule.anchor == "consent_withdrawn" and best is not None and best.basis is not None \
            and best.basis.basis == "art6_1_a"
        if best is not None and (words & _words(best.name or "") or consent_rule):
            best.retention.append(rule)
        else:
            name = rule.data if rule.data != "personal data" else None
            activities.append(DraftActivity(new_key(name or "retention"), name, rule.span.quote, None, [rule]))
    if not activities:
        activities.append(DraftActivity("activity_1", None, None, None))
    return activities


def draft(extraction: Extraction) -> str:
    """The declaration draft as YAML text."""
    w = _Writer()
    text = extraction.text
    langs = [x for x in extraction.language.split("+") if x in ("en", "nb")] or ["en"]
    primary = langs[0] if len(langs) > 1 else None
    w.comment(0, f"personvern declaration drafted by `personvern policy draft` from {extraction.file}.")
    w.comment(0, "Each value quotes the sentence it came from. TODO marks what the policy does not say (or says")
    w.comment(0, "too vaguely): `personvern check` lists every TODO as a problem until you decide it.")
    w.lines.append("")
    w.lines.append("personvern: 1")
    w.lines.append("")
    _controller(w, extraction, text, langs)
    _processors(w, extraction)
    w.lines.append("activities:")
    for activity in _activities(extraction, primary):
        _activity(w, activity)
    return w.text()


def _controller(w: _Writer, extraction: Extraction, text: str, langs: list[str]) -> None:
    contacts = extraction.contacts
    w.lines.append("controller:")
    name = _first(contacts, "controller_name")
    if name:
        w.value(2, "name", q(name.value), _sentence(text, name.span.start))
    else:
        w.todo_missing(2, "name", "the policy does not name the controller; add name: the company's legal name")
    org = _first(contacts, "org_number")
    if org:
        w.value(2, "organisation_number", q(org.value), org.span.quote)
    else:
        w.todo_missing(2, "organisation_number", "the policy gives no organisation number")
    addresses = [c for c in contacts if c.type == "address" and c.party == "controller"]
    address = max(addresses, key=lambda c: (bool(re.search(r"\d{4}", text[max(0, c.span.start - 40): c.span.end + 40])),
                                            len(c.value)), default=None)
    parts = _address_parts(address, text) if address else None
    if org or (parts and parts[3]):
        w.value(2, "country", "NO", org.span.quote + " (a valid Norwegian organisation number)" if org else address.span.quote)
    else:
        w.todo(2, "country", "the policy does not say which country the controller is in (two letters, e.g. NO)")
    if address and parts:
        street, code, city, norway = parts
        w.comment(2, quote_comment(address.span.quote))
        w.lines.append("  address:")
        w.lines.append(f"    street: {q(street)}")
        if code:
            w.lines.append(f"    postal_code: {q(code)}")
        else:
            w.todo_missing(4, "postal_code", "the policy's address has no postal code")
        if city:
            w.lines.append(f"    city: {q(city)}")
        else:
            w.todo_missing(4, "city", "the policy's address names no town")
        if norway or org:
            w.lines.append("    country: NO")
        else:
            w.todo(4, "country", "the address names no country")
    else:
        w.todo_missing(2, "address", "the policy gives no postal address")
    email = _first(contacts, "email")
    if email:
        w.value(2, "email", q(email.value), _sentence(text, email.span.start))
    else:
        w.todo_missing(2, "email", "the policy gives no e-mail address")
    phone = _first(contacts, "phone")
    if phone:
        w.value(2, "phone", q(phone.value), phone.span.quote)
    site = _first(contacts, "website")
    if site:
        url = site.span.quote if site.span.quote.startswith("http") else f"https://{site.span.quote}"
        w.value(2, "website", q(url), site.span.quote)
    dpo = _first(contacts, "dpo")
    if dpo:
        w.comment(2, quote_comment(dpo.span.quote))
        w.lines.append("  dpo:")
        w.todo_missing(4, "name", "the policy does not name the data protection officer")
        if "@" in dpo.value:
            w.lines.append(f"    email: {q(dpo.value)}")
        else:
            w.todo_missing(4, "email", "the policy gives no e-mail address for the DPO")
    authority = _first(contacts, "supervisory_authority", "supervisory_authority")
    if authority and authority.value == "Datatilsynet":
        w.comment(2, quote_comment(_sentence(text, authority.span.start)))
        w.lines.append("  supervisory_authority:")
        w.lines.append("    name: Datatilsynet")
    w.value(2, "languages", "[" + ", ".join(langs) + "]")
    w.lines.append("")


def _processors(w: _Writer, extraction: Extraction) -> None:
    named: dict[str, str] = {}
    categories: list[str] = []
    for finding in extraction.recipients:
        for name in finding.recipients:
            if name[:1].isupper() and name not in named:
                named[name] = finding.span.quote
            elif not name[:1].isupper() and name not in categories:
                categories.append(name)
    if categories:
        w.comment(0, "The policy also names recipients by category only: " + ", ".join(categories) + ".")
        w.comment(0, "Declare each as a processor (name, service, country, transfer) or an activity's other_recipients.")
    if not named:
        w.lines.append("")
        return
    w.lines.append("processors:")
    keys: set[str] = set()
    for name, quote in named.items():
        key = slug(name, "processor")
        while key in keys:
            key += "_2"
        keys.add(key)
        w.comment(2, quote_comment(quote))
        w.lines.append(f"  - key: {key}")
        w.lines.append(f"    name: {q(name)}")
        w.todo_missing(4, "service", "what this processor does for you")
        w.todo(4, "country", "where this processor processes the data (two letters)")
    w.lines.append("")


def _sentence(text: str, position: int) -> str:
    start = max(text.rfind("\n", 0, position), text.rfind(". ", 0, position) + 1, 0)
    end_candidates = [i for i in (text.find("\n", position), text.find(". ", position)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return text[start:end].strip()


def _activity(w: _Writer, activity: DraftActivity) -> None:
    basis = activity.basis
    if activity.name_quote:
        w.comment(2, quote_comment(activity.name_quote))
    w.lines.append(f"  - key: {activity.key}")
    if activity.name:
        w.lines.append(f"    name: {q(activity.name[:120])}")
    else:
        w.todo_missing(4, "name", "what this processing is called in the notice")
    w.todo(4, "purpose", "a fideslang data use, e.g. essential.service or marketing.communications.email")
    mapped = BASIS_TO_DECLARATION.get(basis.basis) if basis else None
    if basis and basis.basis.startswith("art9_2"):
        w.todo(4, "legal_basis", f"the policy cites Art. 9(2)({basis.basis[-1]}) (a special-category condition); "
                                  "choose the Art. 6 basis and article9_condition")
    elif mapped == "legal_obligation" and not basis.law:
        w.todo(4, "legal_basis", "the policy names a legal obligation but no law: write legal_basis: legal_obligation "
                                  "and law: the statute (e.g. bokføringsloven § 13)")
    elif mapped:
        w.value(4, "legal_basis", mapped, f"{basis.basis}: {basis.span.quote}")
        if basis.law:
            w.lines.append(f"    law: {q(basis.law)}")
    elif basis and basis.basis == "national_law":
        w.todo(4, "legal_basis", f"the policy cites {basis.law} (national law); choose the GDPR Art. 6 basis it gives")
    else:
        w.todo(4, "legal_basis", "the policy states no legal basis for this processing")
    if mapped == "legitimate_interests":
        w.lines.append("    legitimate_interest:")
        w.lines.append(f"      interest: {q(activity.name or basis.span.quote[:120])}")
        w.todo_missing(6, "assessment", "a summary of your balancing test (a policy never contains it)")
    w.todo(4, "data_subjects", "whose data it is, e.g. [customer]", prefix="")
    w.lines[-1] = w.lines[-1].replace("data_subjects: TODO", "data_subjects: [TODO]")
    w.todo(4, "data_categories", "what data it is, e.g. [user.contact.email]")
    w.lines[-1] = w.lines[-1].replace("data_categories: TODO", "data_categories: [TODO]")
    rules = activity.retention
    if not rules:
        w.lines.append("    retention:")
        w.todo(6, "period", "the policy says nothing on how long this data is kept")
        w.todo(6, "anchor", "what the period counts from")
        return
    w.lines.append("    retention:")
    written: dict[tuple[str | None, str | None, None], int] = {}
    for rule in rules:
        same = (rule.period, rule.anchor, None)
        if rule.period and same in written:
            # the same rule said twice: one rule, both sentences quoted
            w.lines.insert(written[same], "      " + "# also " + quote_comment(rule.span.quote))
            continue
        written[same] = len(w.lines)
        _rule(w, rule, bool(basis and basis.basis == "art6_1_a"))


def _rule(w: _Writer, rule: RetentionFinding, basis_is_consent: bool) -> None:
    w.comment(6, quote_comment(rule.span.quote))
    first = True

    def put(line: str) -> None:
        nonlocal first
        w.lines.append(("      - " if first else "        ") + line)
        first = False

    def put_todo(key: str, why: str) -> None:
        nonlocal first
        w.todos += 1
        w.lines.append(("      - " if first else "        ") + f"{key}: {TODO} # {why}")
        first = False

    immediately = rule.period is None and bool(IMMEDIATELY.search(rule.span.quote))
    if rule.action == "review":
        put_todo("period", "the policy gives only a review cycle, not how long data is kept")
        put_todo("anchor", "what the period counts from")
        if rule.period and PERIOD.match(rule.period):
            put(f"review_every: {rule.period}")
        return
    if rule.anchor == "consent_withdrawn" and rule.period is None:
        if basis_is_consent:
            put("anchor: until_consent_withdrawn")
        else:
            put_todo("anchor", "the policy keeps this until consent is withdrawn; with legal_basis: consent write "
                               "until_consent_withdrawn, otherwise a period and an anchor")
    else:
        period = "P0D" if immediately else rule.period
        if period and PERIOD.match(period):
            put(f"period: {period}" + (f" # the policy says {rule.qualifier.replace('_', ' ')} this" if rule.qualifier in ("at_most", "at_least") else ""))
        else:
            vague = "the policy gives a criterion, not a period" if rule.period is None else f"{rule.period} is not a period in days/months/years"
            put_todo("period", vague)
        if rule.anchor in ANCHORS:
            put(f"anchor: {rule.anchor}")
        elif rule.anchor == "event":
            put("anchor: event")
            put_todo("event", f"a domain event name for: {(rule.event or '')[:80]}")
        else:
            put_todo("anchor", "the policy does not say what the period counts from")
    if rule.action == "anonymise":
        put("action: anonymise")
