"""Severity by the ENISA 2013 methodology: SE = DPC x EI + CB.

"Recommendations for a methodology of the assessment of severity of personal data breaches"
(ENISA, working document v1.0, December 2013):

- DPC, the data processing context: a base score by the kind of data (simple 1, behavioural 2,
  financial 3, sensitive 4), adjusted up or down by the context (volume of data per person,
  characteristics of the controller, vulnerable people, invalid or public data, data revealing
  less than its kind suggests), kept between 1 and 4.
- EI, the ease of identification: negligible 0.25, limited 0.5, significant 0.75, maximum 1.
- CB, the circumstances of the breach, added: loss of confidentiality, of integrity, of
  availability (0, 0.25 or 0.5 each) and malicious intent (0.5).
- Bands: SE < 2 low, < 3 medium, < 4 high, else very high.
- The two further criteria ENISA names: data that is unintelligible (securely encrypted or
  hashed, key not compromised) leaves nobody identifiable from it (EI negligible, no loss of
  confidentiality); a large number of people affected raises the band by one level.

Every factor is chosen by the officer and carried with its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DpcBase = Literal["simple", "behavioural", "financial", "sensitive"]
Ei = Literal["negligible", "limited", "significant", "maximum"]
Confidentiality = Literal["none", "exposed", "disclosed"]
Integrity = Literal["none", "altered_recoverable", "altered_unrecoverable"]
Availability = Literal["none", "temporary", "permanent"]
Factor = Literal[
    "volume_per_person", "controller_characteristics", "vulnerable_people", "invalid_data",
    "public_data", "reveals_less", "other",
]
Band = Literal["low", "medium", "high", "very_high"]
BANDS: tuple[Band, ...] = ("low", "medium", "high", "very_high")

DPC_BASE = {"simple": 1, "behavioural": 2, "financial": 3, "sensitive": 4}
EI_SCORE = {"negligible": 0.25, "limited": 0.5, "significant": 0.75, "maximum": 1.0}
CONFIDENTIALITY = {"none": 0.0, "exposed": 0.25, "disclosed": 0.5}
INTEGRITY = {"none": 0.0, "altered_recoverable": 0.25, "altered_unrecoverable": 0.5}
AVAILABILITY = {"none": 0.0, "temporary": 0.25, "permanent": 0.5}
MALICIOUS = 0.5
LARGE_VOLUME = 10_000  # people; ENISA leaves the number to the assessor

EXPLAIN: dict[str, tuple[str, str]] = {  # key: (English, bokmål)
    "simple": ("simple data: identity, contact, education, family, professional details (base 1)",
               "enkle opplysninger: identitet, kontakt, utdanning, familie, yrke (grunnverdi 1)"),
    "behavioural": ("behavioural data: location, traffic, preferences, habits (base 2)",
                    "atferdsopplysninger: posisjon, trafikk, preferanser, vaner (grunnverdi 2)"),
    "financial": ("financial data: income, transactions, statements, cards, invoices (base 3)",
                  "økonomiske opplysninger: inntekt, transaksjoner, kontoutskrifter, kort, fakturaer (grunnverdi 3)"),
    "sensitive": ("sensitive data: health, political opinions, sexual life, Art. 9/10 data (base 4)",
                  "sensitive opplysninger: helse, politisk syn, seksualliv, art. 9/10 (grunnverdi 4)"),
    "negligible": ("negligible: identifying a person from the data is practically impossible (0.25)",
                   "ubetydelig: å identifisere en person ut fra opplysningene er praktisk umulig (0,25)"),
    "limited": ("limited: a person can be identified with effort (0.5)",
                "begrenset: en person kan identifiseres med innsats (0,5)"),
    "significant": ("significant: a person can be identified with little effort (0.75)",
                    "betydelig: en person kan identifiseres med liten innsats (0,75)"),
    "maximum": ("maximum: the data names the person directly (1)",
                "maksimal: opplysningene navngir personen direkte (1)"),
    "c:none": ("no loss of confidentiality", "ikke tap av konfidensialitet"),
    "c:exposed": ("data exposed to confidentiality risks without evidence of unlawful processing (+0.25)",
                  "opplysningene eksponert uten tegn på ulovlig behandling (+0,25)"),
    "c:disclosed": ("data disclosed to recipients, known or unknown, who may process it (+0.5)",
                    "opplysningene utlevert til kjente eller ukjente mottakere som kan behandle dem (+0,5)"),
    "i:none": ("no loss of integrity", "ikke tap av integritet"),
    "i:altered_recoverable": ("data altered and possibly misused, but it can be recovered (+0.25)",
                              "opplysningene endret og kanskje misbrukt, men de kan gjenopprettes (+0,25)"),
    "i:altered_unrecoverable": ("data altered and possibly misused, without recovery (+0.5)",
                                "opplysningene endret og kanskje misbrukt, uten mulighet for gjenoppretting (+0,5)"),
    "a:none": ("no loss of availability (or none that mattered)", "ikke tap av tilgjengelighet (av betydning)"),
    "a:temporary": ("data temporarily unavailable (+0.25)", "opplysningene midlertidig utilgjengelige (+0,25)"),
    "a:permanent": ("data fully lost: it cannot be recovered by the controller or the people (+0.5)",
                    "opplysningene tapt for godt: de kan ikke gjenopprettes (+0,5)"),
}


class Adjustment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    factor: Factor
    delta: int = Field(ge=-3, le=3, description="Raises or lowers the DPC score.")
    reason: str = Field(min_length=3, max_length=2000)


class Assessment(BaseModel):
    """The officer's choice of each ENISA factor, with the reasons."""

    model_config = ConfigDict(extra="forbid")
    dpc_base: DpcBase
    adjustments: list[Adjustment] = Field(default_factory=list)
    ei: Ei = "maximum"
    confidentiality: Confidentiality = "none"
    integrity: Integrity = "none"
    availability: Availability = "none"
    malicious: bool = False
    unintelligible: bool = Field(False, description="Securely encrypted/hashed; key not compromised.")
    mitigated: bool = Field(False, description="Art. 34(3)(b): later measures make high risk unlikely.")
    disproportionate: bool = Field(False, description="Art. 34(3)(c): telling each person is disproportionate.")
    reasons: dict[str, str] = Field(default_factory=dict, description="The officer's words per factor.")


@dataclass(frozen=True)
class Severity:
    dpc: float
    ei: float
    cb: float
    score: float
    band: Band
    raised_for_volume: bool
    lines: list[tuple[str, str]] = field(default_factory=list)  # (English, bokmål)

    @property
    def explanations(self) -> list[str]:
        return [en for en, _nb in self.lines]

    def explained(self, lang: str) -> list[str]:
        return [nb if lang == "nb" else en for en, nb in self.lines]

    def as_dict(self) -> dict[str, object]:
        return {"dpc": self.dpc, "ei": self.ei, "cb": self.cb, "score": self.score, "band": self.band,
                "raised_for_volume": self.raised_for_volume, "explanations": self.explanations,
                "explanations_nb": self.explained("nb")}


def band_of(score: float) -> Band:
    if score < 2:
        return "low"
    if score < 3:
        return "medium"
    if score < 4:
        return "high"
    return "very_high"


def _n(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def score(assessment: Assessment, people: int, *, large_volume: int = LARGE_VOLUME) -> Severity:
    a = assessment
    lines: list[tuple[str, str]] = []

    def say(en: str, nb: str) -> None:
        lines.append((en, nb))

    say(f"DPC base: {EXPLAIN[a.dpc_base][0]}", f"DPC grunnverdi: {EXPLAIN[a.dpc_base][1]}")
    dpc = float(DPC_BASE[a.dpc_base])
    for adj in a.adjustments:
        dpc += adj.delta
        say(f"DPC {adj.delta:+d} for {adj.factor.replace('_', ' ')}: {adj.reason}",
            f"DPC {adj.delta:+d} for {FACTOR_NB[adj.factor]}: {adj.reason}")
    if dpc < 1 or dpc > 4:
        say(f"DPC {dpc:g} kept within 1..4", f"DPC {_n(dpc)} holdt innenfor 1–4")
    dpc = min(4.0, max(1.0, dpc))
    ei_key, confidentiality = a.ei, a.confidentiality
    if a.unintelligible:
        ei_key, confidentiality = "negligible", "none"
        say("the data is unintelligible to whoever has it (secure encryption or hashing, key not "
            "compromised): EI negligible, no loss of confidentiality",
            "opplysningene er uleselige for den som har dem (sikker kryptering eller hashing, nøkkelen "
            "ikke kompromittert): EI ubetydelig, ikke tap av konfidensialitet")
    ei = EI_SCORE[ei_key]
    say(f"EI: {EXPLAIN[ei_key][0]}", f"EI: {EXPLAIN[ei_key][1]}")
    cb = CONFIDENTIALITY[confidentiality] + INTEGRITY[a.integrity] + AVAILABILITY[a.availability]
    for key in ("c:" + confidentiality, "i:" + a.integrity, "a:" + a.availability):
        say(*EXPLAIN[key])
    if a.malicious:
        cb += MALICIOUS
        say("malicious intent (+0.5)", "ondsinnet hensikt (+0,5)")
    for name, words in sorted(a.reasons.items()):
        say(f"{name}: {words}", f"{name}: {words}")
    total = round(dpc * ei + cb, 4)
    band = band_of(total)
    raised = False
    if people >= large_volume and band != "very_high" and not a.unintelligible:
        band, raised = BANDS[BANDS.index(band) + 1], True
        say(f"{people} people affected (>= {large_volume}): raised one level to {band.replace('_', ' ')}",
            f"{people} berørte personer (>= {large_volume}): hevet ett nivå til {BAND_NB[band]}")
    say(f"SE = {dpc:g} x {ei:g} + {cb:g} = {total:g}: {band.replace('_', ' ')}",
        f"SE = {_n(dpc)} × {_n(ei)} + {_n(cb)} = {_n(total)}: {BAND_NB[band]}")
    return Severity(dpc, ei, cb, total, band, raised, lines)


BAND_NB = {"low": "lav", "medium": "middels", "high": "høy", "very_high": "svært høy"}
FACTOR_NB = {
    "volume_per_person": "mengde opplysninger per person", "controller_characteristics": "virksomhetens art",
    "vulnerable_people": "sårbare personer", "invalid_data": "ugyldige opplysninger",
    "public_data": "offentlig tilgjengelige opplysninger", "reveals_less": "opplysningene røper mindre",
    "other": "annet",
}
FINANCIAL_ROOTS = ("user.financial", "user.payment")
BEHAVIOURAL_ROOTS = ("user.behavior", "user.location", "user.device", "user.content")


def proposed_base(categories: list[str], special: set[str]) -> DpcBase:
    """The DPC base the data categories suggest (the officer may choose otherwise)."""
    if special:
        return "sensitive"
    if any(c.startswith(FINANCIAL_ROOTS) for c in categories):
        return "financial"
    if any(c.startswith(BEHAVIOURAL_ROOTS) for c in categories):
        return "behavioural"
    return "simple"
