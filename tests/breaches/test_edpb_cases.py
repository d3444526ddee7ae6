"""For each case of EDPB Guidelines 01/2021, personvern's proposal is the guidelines' conclusion."""

from __future__ import annotations

import pytest

from personvern.breaches.decision import propose
from personvern.breaches.severity import Assessment, score
from tests.breaches.edpb_cases import CASES


def test_all_eighteen_cases_are_there() -> None:
    assert [c.number for c in CASES] == list(range(1, 19))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"case{c.number:02d}")
def test_proposal_matches_the_guidelines(case) -> None:  # type: ignore[no-untyped-def]
    assessment = Assessment.model_validate(case.assessment)
    severity = score(assessment, case.people)
    proposal = propose(severity, assessment)
    assert (proposal.notify_authority, proposal.inform_people) == case.expected, (
        case.title, severity.explanations, proposal.reasons)
    assert proposal.reasons and severity.explanations[-1].startswith("SE = ")
