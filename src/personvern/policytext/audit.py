"""The policy text held against the declaration: contradictions, omissions, unkept promises.

- **contradiction**: the text and the declaration disagree: a retention period differs, a
  legal basis differs, a processor in the declaration that the text never mentions (neither
  by name nor by the kind of service it does), a transfer out of the EEA that the text denies.
- **omission**: an Art. 13 item the text lacks (saying when the declaration has it), or a
  transfer the declaration makes that the text does not mention.
- **unkept promise**: a retention period in the text that no declared rule keeps, or that a
  rule declares but no sweep carries out (its activity covers no collection).

Each finding cites the sentence (quote and offsets) and the declaration key (with its line).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from personvern.declaration.loader import LoadedDeclaration
from personvern.declaration.model import Activity, Retention
from personvern.declaration.rules.transfers import EEA
from personvern.policytext.draft import BASIS_TO_DECLARATION
from personvern.policytext.entities import Extraction, Span
from personvern.policytext.matching import processor_kind_mentioned, processor_named, rank_activities, words

KINDS = ("contradiction", "omission", "unkept_promise")
_DUR = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
BROWSE_WRAP = re.compile(r"\b(?:by (?:using|accessing|visiting|continuing)|ved å (?:benytte|bruke|besøke))\b", re.I)
MIN_SCORE = 2  # shared words needed before a sentence is taken to speak of an activity
CHECK_TO_DECLARATION = {
    "controller_identity": "controller.name", "controller_contact": "controller.email", "dpo_contact": "controller.dpo",
    "purposes": "activities[].name", "legal_bases": "activities[].legal_basis",
    "legitimate_interests": "activities[].legitimate_interest", "recipients": "processors",
    "transfers_and_safeguards": "processors[].transfer", "retention_or_criteria": "activities[].retention",
    "statutory_or_contractual_requirement": "activities[].requirement",
    "automated_decision_making": "activities[].automated_decisions",
}


@dataclass(frozen=True)
class AuditFinding:
    kind: str  # contradiction | omission | unkept_promise
    code: str  # period_differs, basis_differs, processor_not_mentioned, transfer_denied, ...
    message: str
    span: Span | None
    key: str | None  # the declaration key, e.g. activities[analytics].retention[0].period
    line: int | None  # where that key is written in the declaration file

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        span = out.pop("span")
        out["quote"], out["start"], out["end"] = (span["quote"], span["start"], span["end"]) if span else (None, None, None)
        return out


@dataclass(frozen=True)
class Agreement:
    """A statement of the text that the declaration keeps: the sentence and the key."""

    what: str  # retention | basis
    key: str
    span: Span


@dataclass(frozen=True)
class AuditReport:
    policy: str
    declaration: str
    findings: tuple[AuditFinding, ...]
    agreements: tuple[Agreement, ...] = ()

    def of(self, kind: str) -> list[AuditFinding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def contradictions(self) -> int:
        return len(self.of("contradiction"))

    def as_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy, "declaration": self.declaration,
            "counts": {kind: len(self.of(kind)) for kind in KINDS},
            "findings": [f.as_dict() for f in self.findings],
            "agreements": [{"what": a.what, "key": a.key, "quote": a.span.quote, "start": a.span.start,
                            "end": a.span.end} for a in self.agreements],
        }


def months_days(period: str | None) -> tuple[int, int] | None:
    match = _DUR.match(period or "")
    if not match or period in (None, "P"):
        return None
    y, m, w, d = (int(x) if x else 0 for x in match.groups())
    return (y * 12 + m, w * 7 + d)


class _Auditor:
    def __init__(self, extraction: Extraction, loaded: LoadedDeclaration) -> None:
        self.extraction = extraction
        self.loaded = loaded
        self.declaration = loaded.declaration
        self.findings: list[AuditFinding] = []
        self.agreements: list[Agreement] = []
        self.index = {a.key: i for i, a in enumerate(self.declaration.activities)}

    def add(self, kind: str, code: str, message: str, span: Span | None, key: str | None,
            path: tuple[str | int, ...] | None = None) -> None:
        line = self.loaded.position(path).line if path else None
        self.findings.append(AuditFinding(kind, code, message, span, key, line))

    def activity_path(self, activity: Activity, *rest: str | int) -> tuple[str | int, ...]:
        return ("activities", self.index[activity.key], *rest)

    def rule_path(self, activity: Activity, index: int, field: str) -> tuple[tuple[str | int, ...], str]:
        many = isinstance(activity.retention, list)
        path = self.activity_path(activity, "retention", *((index,) if many else ()), field)
        key = f"activities[{activity.key}].retention{f'[{index}]' if many else ''}.{field}"
        return path, key

    # --- retention -------------------------------------------------------------------
    def retention(self) -> None:
        for finding in self.extraction.retention:
            wanted = months_days(finding.period)
            if wanted is None or finding.action == "review" or wanted == (0, 0):
                continue
            ranked = rank_activities(self.declaration, finding.data, finding.span.quote)
            with_rules = [(s, a) for s, a in ranked if any(r.period for r in a.retention_rules())]
            equal = [(s, a) for s, a in with_rules if any(months_days(r.period) == wanted for r in a.retention_rules())]
            best = with_rules[0][0] if with_rules else 0
            keeper = next(((s, a) for s, a in equal if s == best), None) if best >= MIN_SCORE else None
            if keeper is not None:
                self._swept(finding.period or "", finding.span, keeper[1], wanted, agreed=True)
                continue
            if best < MIN_SCORE and equal:
                # no activity speaks of it by name: the same period elsewhere keeps it
                self._swept(finding.period or "", finding.span, equal[0][1], wanted, agreed=False)
                continue
            if best >= MIN_SCORE:
                tied = [a for score, a in with_rules if score == best]
                activity = next((a for a in tied if any(r.anchor == finding.anchor for r in a.retention_rules())), tied[0])
                index, rule = next(((i, r) for i, r in enumerate(activity.retention_rules())
                                    if r.period and r.anchor == finding.anchor),
                                   next((i, r) for i, r in enumerate(activity.retention_rules()) if r.period))
                path, key = self.rule_path(activity, index, "period")
                self.add("contradiction", "period_differs",
                         f"the policy says {finding.period} for {finding.data}; the declaration keeps "
                         f"{activity.key} for {rule.period}", finding.span, key, path)
            else:
                self.add("unkept_promise", "period_not_declared",
                         f"the policy promises {finding.period} for {finding.data}, but no declared retention rule "
                         "has that period, so nothing carries it out", finding.span, "activities[].retention")

    def _swept(self, period: str, span: Span, activity: Activity, wanted: tuple[int, int], agreed: bool) -> None:
        rules = activity.retention_rules()
        index = next(i for i, r in enumerate(rules) if months_days(r.period) == wanted)
        rule: Retention = rules[index]
        path, key = self.rule_path(activity, index, "period")
        if agreed:
            self.agreements.append(Agreement("retention", key, span))
        if not activity.covers or (rule.field is None and not rule.fields):
            self.add("unkept_promise", "no_sweep",
                     f"the policy promises {period}; {activity.key} declares it, but covers no collection with a "
                     "date field, so no retention sweep deletes anything", span, key, path)

    # --- legal bases -----------------------------------------------------------------
    def bases(self) -> None:
        """Agreements first, then contradictions; in one sentence each basis is paired with its own
        activity ("art. 6(1)(a)-(b)" against a consent and a contract activity of the same name)."""
        pending: list[tuple[object, str, list[Activity]]] = []
        claimed: dict[int, set[str]] = {}
        for finding in self.extraction.legal_bases:
            declared = BASIS_TO_DECLARATION.get(finding.basis)
            if declared is None:
                continue
            if BROWSE_WRAP.search(finding.span.quote):
                continue  # "by using our site you consent to this policy" is no basis of any activity
            ranked = rank_activities(self.declaration, finding.purpose, finding.span.quote)
            best = ranked[0][0] if ranked else 0
            needed = min(2, len(words(finding.purpose)))
            if best < MIN_SCORE or best // 10 < needed:
                continue  # the sentence's purpose is not (enough) the purpose of any one activity
            # the same purpose words: tied, whatever other words of the sentence they share
            top = [a for score, a in ranked if (score // 10 == best // 10 if best >= 10 else score == best)]
            agreeing = [a for a in top if a.legal_basis == declared and a.key not in claimed.get(finding.span.start, set())]
            if agreeing:
                claimed.setdefault(finding.span.start, set()).add(agreeing[0].key)
                self.agreements.append(Agreement("basis", f"activities[{agreeing[0].key}].legal_basis", finding.span))
            elif not any(a.legal_basis == declared for a in top):
                pending.append((finding, declared, top))
        for finding, declared, top in pending:
            taken = claimed.get(finding.span.start, set())  # type: ignore[attr-defined]
            activity = next((a for a in top if a.key not in taken), top[0])
            claimed.setdefault(finding.span.start, set()).add(activity.key)  # type: ignore[attr-defined]
            self.add("contradiction", "basis_differs",
                     f"the policy gives {declared} ({finding.basis}) for {finding.purpose or 'this processing'}; "  # type: ignore[attr-defined]
                     f"the declaration says {activity.legal_basis} for {activity.key}",
                     finding.span, f"activities[{activity.key}].legal_basis",  # type: ignore[attr-defined]
                     self.activity_path(activity, "legal_basis"))

    # --- processors and transfers ----------------------------------------------------
    def processors(self) -> None:
        text = self.extraction.text
        for index, processor in enumerate(self.declaration.processors):
            if processor_named(processor, text) or processor_kind_mentioned(processor, text):
                continue
            if processor.sub_processor_of and any(
                p.key == processor.sub_processor_of and (processor_named(p, text) or processor_kind_mentioned(p, text))
                for p in self.declaration.processors
            ):
                continue
            self.add("contradiction", "processor_not_mentioned",
                     f"processor {processor.name} ({processor.key}) is in the declaration, but the policy mentions "
                     "neither it nor the kind of service it does", None, f"processors[{processor.key}]",
                     ("processors", index, "name"))

    def transfers(self) -> None:
        denial = next((t for t in self.extraction.transfers if t.mechanism == "no_transfer"), None)
        inside = next((t for t in self.extraction.transfers if t.mechanism == "statement"), None)
        disclosed = [t for t in self.extraction.transfers if t.mechanism not in ("no_transfer", "statement")]
        for index, processor in enumerate(self.declaration.processors):
            if processor.country in EEA and processor.transfer is None:
                continue
            where = f"{processor.name} ({processor.key}) in {processor.country}"
            path, key = ("processors", index, "country"), f"processors[{processor.key}].country"
            if denial is not None:
                self.add("contradiction", "transfer_denied",
                         f"the policy says no data leaves the EU/EEA; the declaration transfers to {where}",
                         denial.span, key, path)
            elif disclosed:
                continue
            elif inside is not None:
                self.add("omission", "transfer_not_mentioned",
                         f"the policy only says where the data is held and names no transfer; the declaration "
                         f"transfers to {where} (GDPR Art. 13(1)(f))", inside.span, key, path)
            else:
                self.add("omission", "transfer_not_mentioned",
                         f"the declaration transfers to {where}; the policy does not mention transfers out of the EEA "
                         "(GDPR Art. 13(1)(f))", None, key, path)

    # --- Art. 13 ----------------------------------------------------------------------
    def checklist(self) -> None:
        for item, entry in self.extraction.checklist.items():
            if entry.covered:
                continue
            key = CHECK_TO_DECLARATION.get(item, "activities[]")
            has = self._declared(item)
            note = " (the declaration has it: add it to the text)" if has else ""
            self.add("omission", f"missing_{item}", f"the policy lacks the Art. 13 item {item}{note}", entry.span,
                     key if has else None)

    def _declared(self, item: str) -> bool:
        d = self.declaration
        if item == "dpo_contact":
            return d.controller.dpo is not None
        if item == "legitimate_interests":
            return any(a.legitimate_interest for a in d.activities)
        if item == "transfers_and_safeguards":
            return any(p.transfer for p in d.processors)
        if item == "automated_decision_making":
            return any(a.automated_decisions for a in d.activities)
        return item.startswith(("controller", "purposes", "legal_bases", "recipients", "retention", "statutory"))


def audit(extraction: Extraction, loaded: LoadedDeclaration) -> AuditReport:
    auditor = _Auditor(extraction, loaded)
    auditor.retention()
    auditor.bases()
    auditor.processors()
    auditor.transfers()
    auditor.checklist()
    order = {kind: i for i, kind in enumerate(KINDS)}
    findings = sorted(auditor.findings, key=lambda f: (order[f.kind], f.span.start if f.span else -1, f.code))
    return AuditReport(extraction.file, str(loaded.path), tuple(findings), tuple(auditor.agreements))
