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
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"notify_authority": self.notify_authority, "inform_people": self.inform_people,
                "inform_how": self.inform_how, "reasons": list(self.reasons)}


class Decision(BaseModel):
    """What the officer decided, with the reasoning (required; Art. 33(5) documents it)."""

    model_config = ConfigDict(extra="forbid")
    notify_authority: bool
    inform_people: bool
    inform_how: InformHow = "individual"
    reasoning: str = Field(min_length=10, max_length=10000)


def propose(severity: Severity, assessment: Assessment) -> Proposal:
    band = severity.band
    reasons = [f"ENISA severity {severity.score:g}: {band.replace('_', ' ')}"]
    if band == "low":
        reasons.append("unlikely to result in a risk to people's rights and freedoms (Art. 33(1)): "
                       "record it in the register (Art. 33(5)); no notification")
        return Proposal(False, False, "none", reasons)
    reasons.append("likely to result in a risk: notify the authority within 72 hours of awareness (Art. 33(1))")
    if band == "medium":
        reasons.append("not a high risk: the people need not be informed (Art. 34(1))")
        return Proposal(True, False, "none", reasons)
    reasons.append("likely to result in a high risk: inform the people without undue delay (Art. 34(1))")
    if assessment.unintelligible:
        reasons.append("exception Art. 34(3)(a): the data is unintelligible to whoever has it")
        return Proposal(True, False, "none", reasons)
    if assessment.mitigated:
        reasons.append("exception Art. 34(3)(b): later measures ensure the high risk is no longer likely")
        return Proposal(True, False, "none", reasons)
    if assessment.disproportionate:
        reasons.append("Art. 34(3)(c): telling each person is disproportionate: a public communication instead")
        return Proposal(True, True, "public", reasons)
    return Proposal(True, True, "individual", reasons)


def differs(decision: Decision, proposal: Proposal) -> bool:
    return (decision.notify_authority, decision.inform_people) != (
        proposal.notify_authority, proposal.inform_people)
