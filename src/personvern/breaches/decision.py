"""The proposal: notify the authority (Art. 33)? inform the people (Art. 34)? And the officer's decision.

The proposal follows the severity band: a low severity is a breach "unlikely to result in a
risk" (Art. 33(1)): recorded in the register (Art. 33(5)) but not notified; medium is a risk
(notify the authority); high and very high are a high risk (also inform the people), unless one
of the Art. 34(3) exceptions holds: (a) the data is unintelligible to whoever has it, (b) later
measures ensure the high risk is no longer likely, (c) it would involve disproportionate effort,
in which case a public communication replaces the individual notices. The decision is the
officer's: it may differ from the proposal, and then it needs its own reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from personvern.breaches.severity import Assessment, Severity

InformHow = Literal["individual", "public", "none"]


@dataclass(frozen=True)
class Proposal:
    notify_authority: bool
    inform_people: bool
    inform_how: InformHow
    lines: list[tuple[str, str]] = field(default_factory=list)  # (English, bokmål)

    @property
    def reasons(self) -> list[str]:
        return [en for en, _nb in self.lines]

    def explained(self, lang: str) -> list[str]:
        return [nb if lang == "nb" else en for en, nb in self.lines]

    def as_dict(self) -> dict[str, object]:
        return {"notify_authority": self.notify_authority, "inform_people": self.inform_people,
                "inform_how": self.inform_how, "reasons": self.reasons, "reasons_nb": self.explained("nb")}


class Decision(BaseModel):
    """What the officer decided, with the reasoning (required; Art. 33(5) documents it)."""

    model_config = ConfigDict(extra="forbid")
    notify_authority: bool
    inform_people: bool
    inform_how: InformHow = "individual"
    reasoning: str = Field(min_length=10, max_length=10000)


def propose(severity: Severity, assessment: Assessment) -> Proposal:
    band = severity.band
    r: list[tuple[str, str]] = [(f"ENISA severity {severity.score:g}: {band.replace('_', ' ')}",
                                 f"alvorlighetsgrad etter ENISA {severity.score:g}".replace(".", ",")
                                 + f": {severity.lines[-1][1].rsplit(': ', 1)[-1]}")]
    if band == "low":
        r.append(("unlikely to result in a risk to people's rights and freedoms (Art. 33(1)): record it in the "
                  "register (Art. 33(5)); no notification",
                  "medfører neppe en risiko for de registrertes rettigheter og friheter (art. 33 nr. 1): "
                  "føres i avviksregisteret (art. 33 nr. 5); meldes ikke"))
        return Proposal(False, False, "none", r)
    r.append(("likely to result in a risk: notify the authority within 72 hours of awareness (Art. 33(1))",
              "medfører sannsynligvis en risiko: meldes til Datatilsynet innen 72 timer (art. 33 nr. 1)"))
    if band == "medium":
        r.append(("not a high risk: the people need not be informed (Art. 34(1))",
                  "ikke høy risiko: de registrerte trenger ikke varsles (art. 34 nr. 1)"))
        return Proposal(True, False, "none", r)
    r.append(("likely to result in a high risk: inform the people without undue delay (Art. 34(1))",
              "medfører sannsynligvis en høy risiko: de registrerte varsles uten ugrunnet opphold (art. 34 nr. 1)"))
    if assessment.unintelligible:
        r.append(("exception Art. 34(3)(a): the data is unintelligible to whoever has it",
                  "unntak art. 34 nr. 3 bokstav a: opplysningene er uleselige for den som har dem"))
        return Proposal(True, False, "none", r)
    if assessment.mitigated:
        r.append(("exception Art. 34(3)(b): later measures ensure the high risk is no longer likely",
                  "unntak art. 34 nr. 3 bokstav b: senere tiltak sikrer at den høye risikoen ikke lenger er sannsynlig"))
        return Proposal(True, False, "none", r)
    if assessment.disproportionate:
        r.append(("Art. 34(3)(c): telling each person is disproportionate: a public communication instead",
                  "art. 34 nr. 3 bokstav c: å varsle hver enkelt krever uforholdsmessig innsats: offentlig "
                  "kunngjøring i stedet"))
        return Proposal(True, True, "public", r)
    return Proposal(True, True, "individual", r)


def differs(decision: Decision, proposal: Proposal) -> bool:
    return (decision.notify_authority, decision.inform_people) != (
        proposal.notify_authority, proposal.inform_people)
