"""Who the controller is and how to reach it: name, organisation number (checked with
python-stdnum), addresses, e-mail, phone, website, DPO, and the supervisory authority."""

from __future__ import annotations

import re
from collections import Counter

from stdnum.no import orgnr

from personvern.policytext.entities import ContactFinding, Span
from personvern.policytext.sentences import Sentence, sentence_at

I = re.IGNORECASE
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", I)
WEBSITE = re.compile(r"\b(?:https?://[\w.-]+\.[a-z]{2,}(?:/[\w./%#?=&-]*)?|www\.[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/[\w./%#?=&-]*)?)", I)
PHONE = re.compile(
    r"(?:\+|00)(?:47)[\s\u00a0]?(?:\d{2}[\s\u00a0]?\d{2}[\s\u00a0]?\d{2}[\s\u00a0]?\d{2}|\d{3}[\s\u00a0]?\d{2}[\s\u00a0]?\d{3})(?!\d)"
    r"|(?:\+|00)(?!47)\d{2,3}[\s\u00a0]?\(?\d{1,4}\)?(?:[\s\u00a0-]?\d{2,4}){2,4}(?!\d)"
    r"|(?<![\d+])(?:\d{2}[\s\u00a0]\d{2}[\s\u00a0]\d{2}[\s\u00a0]\d{2}|\d{3}[\s\u00a0]\d{2}[\s\u00a0]\d{3}|\d{8})(?![\d])"
)
PHONE_CONTEXT = re.compile(r"\b(?:tlf|telefon\w*|phone|tel|telephone|ring|call|mobil\w*|sentralbord)\b\.?:?\s*(?:nr\.?|number|nummer)?\s*:?\s*$", I)
ORGNR = re.compile(
    r"\b(?:org(?:anisation|anization|anisasjons)?\.?[\s-]*(?:nr|no|number|nummer|num)\.?|organisasjonsnummer"
    r"|organi[sz]ation(?:al)? (?:number|no\.?)|business (?:registration )?(?:number|no\.?)|company (?:registration )?(?:number|no\.?)"
    r"|foretaksregisteret|enhetsregisteret)\s*:?\s*(?:NO[\s\u00a0]?)?(?P<n>\d{3}[\s\u00a0.]?\d{3}[\s\u00a0.]?\d{3})(?:[\s\u00a0]?MVA)?",
    I,
)
SUFFIX = r"(?:AS|ASA|AB|GmbH|Ltd\.?|Limited|Inc\.?|ApS|Oy|Oyj|BV|B\.V\.|LLC|ANS|DA|SA|SE|NUF|A/S|AG|plc|SUS|SL)"
COMPANY = re.compile(rf"(?<![\w-])(?P<name>(?:[A-ZÆØÅ0-9][\w&'’.-]*[\s\u00a0]){{1,5}}){SUFFIX}(?![\w/])")
LEADING_WORDS = {
    "dersom", "if", "the", "we", "vi", "hos", "by", "our", "fra", "til", "i", "in", "at", "of", "for", "this", "denne",
    "dette", "når", "when", "contact", "kontakt", "privacy", "policy", "personvernerklæring", "og", "and", "with", "med",
    "as", "er", "is", "controller", "data", "behandlingsansvarlig", "tilbake", "about", "om", "company", "selskapet",
    "copyright", "©", "all", "alle", "where", "hvor", "both", "og/eller", "via", "from", "to", "ved", "på", "on", "within",
    "note", "merk", "please", "vennligst", "statement", "erklæring", "terms", "vilkår",
}
CONTROLLER_CONTEXT = re.compile(
    r"\b(?:responsible for|controller|data controller|ansvar(?:et|lig)? for|behandlingsansvarlig|privacy policy of"
    r"|operated by|drives av|eies av|owned by|we are|vi er|policy applies to|gjelder for)\b", I)
NAMED_CONTROLLER = re.compile(
    r"\b(?:the (?:data )?controller|behandlingsansvarlig)\s+(?:is|er|:|–|-)\s+(?P<name>[A-ZÆØÅ][\w&.'-]*(?:\s[A-ZÆØÅ][\w&.'-]*){0,4})")
STREET = re.compile(
    r"(?:\b(?:Postboks|Postbox|P\.?\s?O\.?\s?Box|Pb\.)\s*\d+"
    r"|\b[A-ZÆØÅ][a-zæøå]+(?:[- ][A-ZÆØÅa-zæøå]+)?(?:veien|vegen|vei|veg|gata|gaten|gate|gt\.|plass|plassen|allé|alle|brygge|bryggen"
    r"|bakken|stien|torget|kaia|løkka|stranda|tunet|senter|sletta)\s+\d+[A-Za-z]?"
    r"|\b\d+[A-Za-z]?\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Square|Way|Drive)"
    r"|\b[A-ZÆØÅ][a-zæøå]{2,}(?:\s[A-ZÆØÅa-zæøå][a-zæøå]+)?\s+\d{1,4}[A-Za-z]?(?=\s*,\s*(?:N-|NO-)?\d{4}\s+[A-ZÆØÅ]))"
    r"(?P<rest>(?:[\s\u00a0]*,?[\s\u00a0]*(?:N-|NO-)?\d{4}(?!\d)[\s\u00a0]*,?(?:[\s\u00a0]*[A-ZÆØÅ][a-zæøåA-ZÆØÅ]+(?:[\s-][A-ZÆØÅ][a-zæøå]+)?)?)?"
    r"(?:[\s\u00a0]*,[\s\u00a0]*(?:Norway|Norge|Noreg))?)"
)
AUTHORITY = re.compile(
    r"\b(?:Datatilsynet|(?:the )?Norwegian Data Protection Authority|(?:the )?Norwegian DPA"
    r"|(?:a|the|your|any|competent|relevant|local|national) (?:competent |relevant |local |national )?(?:data protection )?supervisory authorit(?:y|ies)(?:\s*\(ies\))?"
    r"|tilsynsmyndighet(?:en|ene)?|(?:the )?(?:data protection|privacy) authorit(?:y|ies))\b",
    I,
)
DPO = re.compile(r"\b(?:data protection officer|DPO|personvernombud(?:et)?|personvernrådgiver(?:en)?|privacy officer)\b", I)
NO_DPO = re.compile(r"\b(?:not (?:appointed|designated|required to appoint)|no (?:data protection officer|DPO)|har ikke (?:\w+ )?personvernombud"
                    r"|ikke (?:oppnevnt|utnevnt|pliktig)|do(?:es)? not have a)\b", I)


def _norm_name(name: str) -> str:
    name = re.sub(rf"\s+{SUFFIX}$", "", name.strip())
    return re.sub(r"[^0-9a-zæøå]", "", name.lower())


def _companies(text: str) -> list[tuple[int, int, str]]:
    out = []
    for match in COMPANY.finditer(text):
        tokens = match.group(0).split()
        start = match.start()
        while len(tokens) > 1 and tokens[0].lower().strip(".,") in LEADING_WORDS:
            start = text.index(tokens[1], start + len(tokens[0]))
            tokens = tokens[1:]
        if len(tokens) < 2:
            continue
        out.append((start, match.end(), text[start : match.end()].rstrip(".")))
    return out


def find_controller(text: str, sentences: list[Sentence]) -> str | None:
    companies = _companies(text)
    named = NAMED_CONTROLLER.search(text)
    for start, _end, name in companies:
        sentence = sentence_at(sentences, start)
        if sentence and CONTROLLER_CONTEXT.search(sentence.text):
            return name
    for match in ORGNR.finditer(text):
        near = [c for c in companies if abs(c[0] - match.start()) < 200]
        if near:
            return min(near, key=lambda c: abs(c[0] - match.start()))[2]
    if named:
        return named.group("name").strip()
    if companies:
        counts = Counter(_norm_name(c[2]) for c in companies)
        best = counts.most_common(1)[0][0]
        return next(c[2] for c in companies if _norm_name(c[2]) == best)
    return None


def find_contacts(text: str, sentences: list[Sentence], controller: str | None) -> list[ContactFinding]:
    found: list[ContactFinding] = []

    def add(start: int, end: int, kind: str, value: str, party: str = "controller") -> None:
        found.append(ContactFinding(Span(start, end, text[start:end]), kind, value, party))

    def authority_near(position: int) -> bool:
        sentence = sentence_at(sentences, position)
        return bool(sentence and AUTHORITY.search(sentence.text))

    if controller:
        key = _norm_name(controller)
        for start, end, name in _companies(text):
            if _norm_name(name) == key:
                add(start, end, "controller_name", controller)
        if not any(f.type == "controller_name" for f in found):
            for match in re.finditer(re.escape(controller), text):
                add(match.start(), match.end(), "controller_name", controller)
    emails = list(EMAIL.finditer(text))
    domains = {m.group(0).split("@")[1].lower() for m in emails if "datatilsynet" not in m.group(0).lower()}
    for match in emails:
        value = match.group(0).lower()
        party = "supervisory_authority" if "datatilsynet" in value else "controller"
        add(match.start(), match.end(), "email", value, party)
    for match in WEBSITE.finditer(text):
        raw = match.group(0).rstrip("./")
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", raw.lower()).split("/")[0]
        sentence = sentence_at(sentences, match.start())
        if "datatilsynet" in host:
            add(match.start(), match.start() + len(raw), "website", host, "supervisory_authority")
        elif host in domains or any(host.endswith("." + d) or d.endswith("." + host) for d in domains) or (
            sentence and (controller and controller.lower() in sentence.text.lower()
                          or re.search(r"\b(?:our (?:web)?site|vårt nettsted|våre nettsider|nettsiden vår)\b", sentence.text, I))
        ):
            add(match.start(), match.start() + len(raw), "website", host)
    for match in PHONE.finditer(text):
        raw = match.group(0)
        digits = re.sub(r"\D", "", raw)
        before = text[max(0, match.start() - 30) : match.start()]
        international = raw.startswith(("+", "00"))
        if not international and not PHONE_CONTEXT.search(before) and "|" not in before[-4:]:
            continue
        if not international and len(digits) != 8:
            continue
        value = "+" + digits.removeprefix("00") if international else "+47" + digits
        party = "supervisory_authority" if authority_near(match.start()) else "controller"
        add(match.start(), match.end(), "phone", value, party)
    for match in ORGNR.finditer(text):
        number = re.sub(r"\D", "", match.group("n"))
        if orgnr.is_valid(number):
            add(match.start(), match.end(), "org_number", number)
    for match in STREET.finditer(text):
        value = re.sub(r"[\s\u00a0]+", " ", match.group(0)).strip(" ,")
        value = re.sub(r"\s+,", ",", value)
        party = "supervisory_authority" if authority_near(match.start()) else "controller"
        add(match.start(), match.start() + len(match.group(0).rstrip(" ,\u00a0")), "address", value, party)
    for match in AUTHORITY.finditer(text):
        named = re.search(r"datatilsynet|norwegian", match.group(0), I)
        add(match.start(), match.end(), "supervisory_authority", "Datatilsynet" if named else "supervisory authority",
            "supervisory_authority")
    for sentence in sentences:
        if DPO.search(sentence.text) and not NO_DPO.search(sentence.text):
            email = EMAIL.search(sentence.text)
            value = email.group(0).lower() if email else DPO.search(sentence.text).group(0)
            add(sentence.start, sentence.end, "dpo", value)
    found.sort(key=lambda f: f.span.start)
    return found
