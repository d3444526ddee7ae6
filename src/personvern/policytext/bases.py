"""Legal bases: article citations, bases named in words, and national-law grounds, per sentence.

Per sentence: one finding per citation (a range gives one per letter); a basis named in words
("legitimate interest", "berettiget interesse", "med ditt samtykke", "required by law",
"oppfylle avtalen") only when the sentence does not already cite that basis; a national law
("bokføringsloven § 13", "ekomloven § 3-15", "the Bookkeeping Act") is attached to the
sentence's legal-obligation finding or becomes one. The purpose is the list item's lead
("for analytical purposes – ..."), an "in order to"/"for å" clause, or the section heading.
"""

from __future__ import annotations

import re

from personvern.policytext.citations import find_citations
from personvern.policytext.entities import BasisFinding, Span
from personvern.policytext.sentences import Sentence

I = re.IGNORECASE
CONTEXT = re.compile(
    r"\b(?:legal basis|lawful basis|legal ground|basis for (?:the )?processing|based on|on the basis of|grounds? for"
    r"|due to|to pursue|pursu(?:e|ing)|rel(?:y|ies|ying) on|justified by|necessary for|rettslig grunnlag"
    r"|behandlingsgrunnlag|grunnlag(?:et)?|basert på|på bakgrunn av|hjemmel|begrunnet i|bygger på|fordi vi har"
    r"|med (?:hjemmel|grunnlag) i)\b",
    I,
)
OBJECTION_RIGHT = re.compile(r"\b(?:object(?:ion)? to|right to object|protestere mot|motsette deg)\b", I)
WITHDRAW = re.compile(r"\b(?:withdraw|revoke|trekke|tilbakekalle)\w*", I)
ERASURE_CONDITION = re.compile(r"^(?:[a-j][.)]\s*)?(?:if|where|hvis|dersom)\b.*\b(?:eras|delet|slett)", I)
WORDS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    # (basis, pattern, needs a basis context word in the sentence)
    ("art9_2_a", re.compile(r"\b(?:explicit consent|uttrykkelig samtykke)\b", I), False),
    ("art6_1_a", re.compile(
        r"\b(?:(?:with|based on|on the basis of|upon|subject to|requires?|obtain(?:ed)?|ask(?:s|ed)? for|request|seek|need)"
        r" (?:your |the |their |his or her |prior |separate |the data subject'?s? )?consent"
        r"|consent (?:must|will|shall) be (?:obtained|requested|asked)|(?:if|when|where) you (?:have )?(?:given|give) (?:us )?(?:your )?consent"
        r"|(?:have|has) consented|by (?:using|accessing|visiting|continuing)\b.{0,80}\byou (?:agree|consent)"
        r"|(?:med|basert på|på grunnlag av|på bakgrunn av|ved|krever|innhente[rs]?|ber (?:deg )?om|be om|hvis du har gitt|når du gir)"
        r" (?:ditt |ditt uttrykkelige |eget |ett |et )?samtykke|samtykker du|du samtykker|(?:har|gitt) samtykket?"
        r"|samtykke (?:innhentes|må innhentes|er grunnlaget))", I), False),
    ("art6_1_b", re.compile(
        r"\b(?:(?:perform|fulfil+|deliver|enter(?:ing)? into|conclud|execut)\w* (?:of )?(?:a|the|our|your|this) (?:contract|agreement|order|purchase)"
        r"|performance of (?:a|the|our) (?:contract|agreement)|contractual (?:obligation|necessity|basis)"
        r"|(?:oppfylle|inngå|gjennomføre|levere|følge opp) (?:en |vår |din )?(?:avtalen?|kontrakten?|kjøpet|bestillingen)"
        r"|avtaleforpliktelse|nødvendig for å (?:oppfylle|inngå|levere) |avtale med deg)\b", I), True),
    ("art6_1_c", re.compile(
        r"\b(?:legal obligations?|statutory obligations?|required by(?: the)? law|as required by law|by law required"
        r"|(?:comply|compliance) with (?:the |a |our |applicable |relevant )?(?:law|laws|legal)"
        r"|(?:required|obliged|obligated) (?:by law )?to (?:share|disclose|hand over|release|report)"
        r"|(?:required|obliged|obligated) by law to \w+"
        r"|statutory cases|mandated by law|(?:where|when|if) (?:the )?law requires|legally required|when required by law"
        r"|(?:når|der|hvis|dersom) loven (?:krever|pålegger)|loven krever det"
        r"|rettslig(?:e)? forpliktelse|lovpålagt|pålagt (?:å|ved lov|etter lov)|lovbestemte|lovkrav|følge av lov"
        r"|plikt (?:etter|i henhold til) (?:lov|loven)|krav (?:i|etter) (?:lov|loven))", I), False),
    ("art6_1_d", re.compile(r"\b(?:vital interests?|vitale interesser)\b", I), False),
    ("art6_1_e", re.compile(
        r"\b(?:task carried out in the public interest|exercise of official authority|allmennhetens interesse"
        r"|utøve offentlig myndighet|offentlig myndighetsutøvelse)\b", I), False),
    ("art6_1_f", re.compile(
        r"\b(?:legitimate interests?|berettige(?:t|de) interesser?|legitime? interesser?|interesseavveining)\b", I), True),
)
OBLIGATION_LAWS = {
    "bokføringsloven", "bokføringslova", "regnskapsloven", "regnskapslova", "skatteforvaltningsloven",
    "skattebetalingsloven", "merverdiavgiftsloven", "hvitvaskingsloven", "arbeidsmiljøloven",
    "folketrygdloven", "a-opplysningsloven", "arkivloven", "arkivlova", "likestillings- og diskrimineringsloven",
    "forbrukerkjøpsloven", "kjøpsloven", "foreldelsesloven", "helsepersonelloven", "pasientjournalloven",
    "sikkerhetsloven", "tollovens", "tolloven", "bokføringsforskriften", "skatteforvaltningsforskriften",
}
LAW_NB = re.compile(
    r"\b(?P<law>(?:[a-zæøå]+-)?[a-zæøå]{3,}(?:loven|lova|forskriften|lovens))\b"
    r"(?:\s*(?P<sec>§{1,2}\s*\d+(?:-\d+)?\s*[a-z]?\b(?:\s*(?:første|annet|andre|tredje|fjerde|femte) ledd)?))?",
    I,
)
LAW_SECTION_FIRST = re.compile(r"(?P<sec>§\s*\d+(?:-\d+)?[a-z]?)\s+(?:i|of the)\s+(?P<law>[a-zæøå]{3,}(?:loven|lova|forskriften))\b", I)
LAW_ABBREV = {"bokfl": "bokføringsloven", "ekoml": "ekomloven", "regnskapsl": "regnskapsloven", "aml": "arbeidsmiljøloven",
              "popplyl": "personopplysningsloven", "hvitvaskingsl": "hvitvaskingsloven", "mfl": "markedsføringsloven"}
LAW_ABBREV_RE = re.compile(r"\b(?P<law>bokfl|ekoml|regnskapsl|aml|popplyl|hvitvaskingsl)\.\s*(?P<sec>§\s*\d+(?:-\d+)?[a-z]?)", I)
LAW_EN = re.compile(
    r"\b(?:the )?(?:Norwegian )?(?P<act>Bookkeeping|Accounting|Anti-Money Laundering|Money Laundering|Electronic Communications"
    r"|Marketing Control|Tax Administration|Working Environment|Archives?|Consumer Purchases?|Limitation|Value Added Tax|VAT)"
    r" Act\b(?:,?\s*(?P<sec>(?:section|sec\.|§)\s*\d+(?:-\d+)?[a-z]?))?",
)
EN_TO_NB = {"bookkeeping": "bokføringsloven", "accounting": "regnskapsloven", "anti-money laundering": "hvitvaskingsloven",
            "money laundering": "hvitvaskingsloven", "electronic communications": "ekomloven",
            "marketing control": "markedsføringsloven", "tax administration": "skatteforvaltningsloven",
            "working environment": "arbeidsmiljøloven", "archives": "arkivloven", "archive": "arkivloven",
            "consumer purchases": "forbrukerkjøpsloven", "consumer purchase": "forbrukerkjøpsloven",
            "limitation": "foreldelsesloven", "value added tax": "merverdiavgiftsloven", "vat": "merverdiavgiftsloven"}
NOT_GROUNDS = {"personopplysningsloven", "personvernforordningen", "forordningen"}
VAGUE_LAW = re.compile(
    r"\b(?:due to|under|pursuant to|according to|in accordance with|as required by|følge av|i henhold til|etter)"
    r" (?:the |applicable |relevant |norwegian |gjeldende |norsk )?(?P<law>(?:tax|accounting|bookkeeping|anti-money laundering)"
    r"(?: and tax)?(?: related)? (?:laws?|regulations?|rules|legislation|policies)|(?:skatte|regnskaps|bokførings)(?:regler|lovgivning)(?:en)?)",
    I,
)
DASH = re.compile(r"\s[-–—]\s")
COLON_LEAD = re.compile(r"^\W*([^:.;()]{3,60}?)\W*:\s")  # "Account and photo storage: necessary to ..."
SUBJECT = re.compile(
    r"^(.{3,80}?)\s+(?:is|are|will|shall|may|can|er|blir|vil|skal|kan|oppbevares|lagres|gjøres|behandles|brukes"
    r"|slettes|sendes|deles|processed|kept|stored|retained)\b", I)
OBJECT = re.compile(
    r"\b(?:we|vi)\s+(?:send|keep|process|use|store|record|collect|sender|oppbevarer|behandler|bruker|lagrer|tar opp)\s+"
    r"(?:you |deg )?(?:a |an |the |your |our |din |ditt |dine |våre )?([\w -]{3,40}?)"
    r"(?=\s+(?:for|to|at|in|on|with|when|because|for å|til|på|i|når|fordi|dersom|om)\b|\s*[,.;(])", I)
PRONOUN = re.compile(r"^(?:we|you|it|this|these|they|the processing|vi|du|det|dette|disse|de|behandlingen|grunnlaget"
                     r"|the legal basis|the basis|in such a case|if|when|hvis|når|dersom)\b", I)
CASE_OF = re.compile(r"\b(?:in the case of|in case of|for the purpose of|når det gjelder|i tilfelle av|ved)\s+(?P<c>[^,.;()–-]{3,60})", I)
PURPOSE = re.compile(
    r"\b(?:in order to|so that we can|for the purposes? of|for å(?: kunne)?|slik at vi kan)\s+(?P<p>[^,.;()–-]{4,90})"
    r"|\bfor (?P<q>[\w\s/-]{3,60}?) (?:purposes?|formål)\b|\b(?:til|for) (?P<r>\w+formål)\b",
    I,
)


def _section(raw: str) -> str:
    return re.sub(r"(?:section|sec\.|§)\s*", "§ ", raw.strip(), flags=I)


def _laws(text: str) -> list[tuple[str, str]]:
    """(law with section, law name) found in ``text``."""
    found: list[tuple[str, str]] = []
    for match in LAW_SECTION_FIRST.finditer(text):
        name = match.group("law").lower()
        found.append((f"{name} {_section(match.group('sec'))}", name))
    for match in LAW_ABBREV_RE.finditer(text):
        name = LAW_ABBREV[match.group("law").lower()]
        found.append((f"{name} {_section(match.group('sec'))}", name))
    for match in LAW_NB.finditer(text):
        name = match.group("law").lower().removesuffix("s") if match.group("law").lower().endswith("lovens") else match.group("law").lower()
        if any(name == n for _, n in found):
            continue
        if name in NOT_GROUNDS and not match.group("sec"):
            continue
        sec = _section(match.group("sec")) if match.group("sec") else ""
        found.append((f"{name} {sec}".strip(), name))
    for match in LAW_EN.finditer(text):
        name = EN_TO_NB[match.group("act").lower()]
        sec = match.group("sec")
        section = _section(sec) if sec else ""
        found.append((f"{name} {section}".strip(), name))
    return found


def purpose_of(sentence: Sentence, heading: str, lead: str = "") -> str:
    """The purpose: from the sentence, else from the start of its line (a list item's lead), else the heading."""
    if lead.strip():
        found = purpose_of(Sentence(0, len(lead), lead, False, 0), "")
        if found:
            return found
    text = sentence.text
    dash = DASH.search(text)
    if dash and dash.start() < 100:
        return text[: dash.start()].strip(" •:;*_")
    lead_colon = COLON_LEAD.match(text)
    if lead_colon:
        return lead_colon.group(1).strip()
    match = PURPOSE.search(text)
    if match:
        return next(g for g in match.group("p", "q", "r") if g).strip()
    subject = SUBJECT.match(text)
    if subject and not PRONOUN.match(subject.group(1)) and len(subject.group(1).split()) <= 8:
        return subject.group(1).strip()
    obj = OBJECT.search(text)
    if obj:
        return obj.group(1).strip()
    return heading


def find_bases(sentences: list[Sentence], text: str = "") -> list[BasisFinding]:
    found: list[BasisFinding] = []
    heading = ""
    for sentence in sentences:
        if sentence.heading:
            heading = sentence.text.strip(" ?:")
            if not find_citations(sentence.text):
                continue
        lead = text[sentence.line_start : sentence.start] if text else ""
        found.extend(_from_sentence(sentence, heading, lead))
    return found


def _from_sentence(sentence: Sentence, heading: str, lead: str = "") -> list[BasisFinding]:
    text = sentence.text
    span = Span(sentence.start, sentence.end, text)
    purpose = purpose_of(sentence, heading, lead)
    items: list[BasisFinding] = []
    citations = find_citations(text)
    previous = 0
    for citation in citations:
        own = purpose
        if len(citations) > 1:
            # several citations in one sentence: each is given for the clause before it
            clause = text[previous : citation.start]
            found = CASE_OF.search(clause) or PURPOSE.search(clause)
            own = next((g for g in found.groups() if g), purpose).strip() if found else purpose
        previous = citation.end
        for basis in citation.bases:
            items.append(BasisFinding(span, basis, None, own, True))
    cited = {item.basis for item in items}
    has_context = bool(CONTEXT.search(text))
    for basis, pattern, needs_context in WORDS:
        if basis in cited or not pattern.search(text) or (needs_context and not has_context):
            continue
        if basis == "art6_1_a" and WITHDRAW.search(text):
            continue
        if basis == "art6_1_a" and "art9_2_a" in {i.basis for i in items}:
            continue
        if basis == "art6_1_c" and ERASURE_CONDITION.search(text):
            continue
        if basis == "art6_1_f" and OBJECTION_RIGHT.search(text):
            continue  # "the right to object to processing based on legitimate interests" names a right
        items.append(BasisFinding(span, basis, None, purpose, False))
    laws = _laws(text)
    vague = VAGUE_LAW.search(text)
    for law, name in laws:
        obligation = name in OBLIGATION_LAWS or name.endswith(("forskriften",))
        basis = "art6_1_c" if obligation else "national_law"
        for index, item in enumerate(items):
            if (item.basis == basis or (not obligation and item.basis != "art6_1_c")) and item.law is None:
                # "med samtykke, slik ekomloven § 3-15 krever": the law goes with the basis it is given for
                items[index] = BasisFinding(span, item.basis, law, item.purpose, item.cited)
                break
        else:
            if not any(item.law == law for item in items):
                items.append(BasisFinding(span, basis, law, purpose, False))
    if vague and not laws:
        law = vague.group("law")
        for index, item in enumerate(items):
            if item.basis == "art6_1_c" and item.law is None:
                items[index] = BasisFinding(span, "art6_1_c", law, item.purpose, item.cited)
                break
        else:
            items.append(BasisFinding(span, "art6_1_c", law, purpose, False))
    return items
