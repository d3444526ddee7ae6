"""What a policy says: findings with their exact quote and offsets (schema of the shared gold)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class RetentionFinding:
    span: Span
    data: str
    period: str | None
    anchor: str | None
    event: str | None
    qualifier: str | None
    action: str | None


@dataclass(frozen=True)
class BasisFinding:
    span: Span
    basis: str  # art6_1_a .. art6_1_f, art9_2_a .. art9_2_j, national_law
    law: str | None
    purpose: str
    cited: bool  # True for an article citation, False for a basis named in words or a law


@dataclass(frozen=True)
class RightFinding:
    span: Span
    right: str


@dataclass(frozen=True)
class ContactFinding:
    span: Span
    type: str
    value: str
    party: str


@dataclass(frozen=True)
class RecipientFinding:
    span: Span
    recipients: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class TransferFinding:
    span: Span
    mechanism: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    covered: bool
    span: Span | None


CHECKLIST_KEYS = (
    "controller_identity", "controller_contact", "dpo_contact", "purposes", "legal_bases",
    "legitimate_interests", "recipients", "transfers_and_safeguards", "retention_or_criteria",
    "right_access", "right_rectification", "right_erasure", "right_restriction", "right_objection",
    "right_portability", "right_withdraw_consent", "right_complaint",
    "statutory_or_contractual_requirement", "automated_decision_making",
)


@dataclass
class Extraction:
    """Everything found in one policy text."""

    file: str
    language: str
    text: str
    controller: str | None = None
    retention: list[RetentionFinding] = field(default_factory=list)
    legal_bases: list[BasisFinding] = field(default_factory=list)
    rights: list[RightFinding] = field(default_factory=list)
    contacts: list[ContactFinding] = field(default_factory=list)
    recipients: list[RecipientFinding] = field(default_factory=list)
    transfers: list[TransferFinding] = field(default_factory=list)
    checklist: dict[str, ChecklistItem] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The JSON form (schema: ../shared/policy-text/README.md)."""

        def item(finding: object) -> dict[str, object]:
            raw = asdict(finding)  # type: ignore[call-overload]
            span = raw.pop("span")
            out: dict[str, object] = {"quote": span["quote"], "start": span["start"], "end": span["end"]}
            for key, value in raw.items():
                out[key] = list(value) if isinstance(value, tuple) else value
            return out

        checklist: dict[str, object] = {}
        for key in CHECKLIST_KEYS:
            entry = self.checklist.get(key)
            span = entry.span if entry else None
            checklist[key] = {
                "covered": bool(entry and entry.covered),
                "quote": span.quote if span else None,
                "start": span.start if span else None,
                "end": span.end if span else None,
            }
        return {
            "file": self.file,
            "language": self.language,
            "controller": self.controller,
            "retention": [item(f) for f in self.retention],
            "legal_bases": [item(f) for f in self.legal_bases],
            "rights": [item(f) for f in self.rights],
            "contacts": [item(f) for f in self.contacts],
            "recipients": [item(f) for f in self.recipients],
            "transfers": [item(f) for f in self.transfers],
            "art13_checklist": checklist,
        }
