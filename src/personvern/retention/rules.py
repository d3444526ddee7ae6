"""From the declaration's retention rules to one sweep per covered collection (pure data).

How rules combine, per collection:

- **Within one activity**, its rules that name a date field for the collection are
  alternatives, tried in order: the first rule whose condition holds for a row governs that
  row (``contact_form``: 30 days *unless* the sender is a customer, else 24 months). A rule
  without a condition governs every row that reaches it.
- **Across activities** the longest retention wins: a row is swept only when *every*
  activity that covers the collection lets it go. An activity that covers the collection but
  has no rule for it keeps the data (the sweep is blocked, and the plan says why).
- **Action**: ``delete`` when every applicable rule deletes; ``anonymise`` as soon as one
  asks to anonymise (the anonymised rows hold no personal data, and that activity wanted to
  keep them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from personvern.datamap.model import DataMap
from personvern.declaration.model import Activity, Condition, Declaration, Retention, text
from personvern.retention.cutoff import Period, cutoff, parse_period, review_cutoff


@dataclass(frozen=True)
class RuleTerm:
    """One retention rule of one activity, as it applies to one collection."""

    activity: str
    index: int
    anchor: str
    period: Period
    field: str | None  # own column, or "collection.column" of a related collection
    cutoff: date
    action: str
    condition: Condition | None = None
    review_cutoff: date | None = None
    description: str = ""

    @property
    def name(self) -> str:
        return f"{self.activity}[{self.index}]"

    def summary(self) -> str:
        condition = f", {condition_text(self.condition)}" if self.condition else ""
        return (f"{self.action} {self.period} after {anchor_text(self.anchor, self.field)}{condition}: "
                f"rows before {self.cutoff} have expired")

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.name, "activity": self.activity, "index": self.index, "anchor": self.anchor,
            "period": str(self.period), "field": self.field, "cutoff": self.cutoff.isoformat(),
            "action": self.action, "condition": condition_text(self.condition) if self.condition else None,
            "review_cutoff": self.review_cutoff.isoformat() if self.review_cutoff else None,
            "description": self.description, "summary": self.summary(),
        }


@dataclass(frozen=True)
class ActivityTerms:
    activity: str
    purpose: str
    rules: tuple[RuleTerm, ...]
    keeps: str | None = None  # why the activity keeps every row (no rule for the collection)


@dataclass(frozen=True)
class SweepSpec:
    dataset: str
    collection: str
    action: str
    activities: tuple[ActivityTerms, ...]
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.dataset}:{self.collection}"

    @property
    def blocked(self) -> str | None:
        reasons = [*self.problems, *(a.keeps for a in self.activities if a.keeps)]
        return "; ".join(reasons) if reasons else None

    @property
    def rules(self) -> list[RuleTerm]:
        return [rule for terms in self.activities for rule in terms.rules]


@dataclass
class _Collecting:
    activities: list[ActivityTerms] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


ANCHOR_WORDS = {
    "collected": "it was collected ({field})",
    "last_activity": "the last activity ({field})",
    "end_of_relationship": "the relationship ended ({field})",
    "end_of_calendar_year": "the end of the calendar year of {field}",
    "end_of_fiscal_year": "the end of the fiscal year of {field}",
    "event": "the event ({field})",
    "until_consent_withdrawn": "consent was withdrawn or an objection made ({field})",
}


def anchor_text(anchor: str, field: str | None) -> str:
    return ANCHOR_WORDS[anchor].format(field=field or "objections").replace(" (objections)", "")


def condition_text(condition: Condition | None) -> str:
    if condition is None:
        return ""
    parts = []
    for kind, exists in (("unless", condition.unless_exists), ("only if", condition.only_if_exists)):
        if exists is not None:
            match = " and ".join(f"{there} equal to this row's {here}" for here, there in exists.match.items())
            parts.append(f"{kind} {exists.collection} has a row with {match}")
    return " and ".join(parts)


def field_for(rule: Retention, covered: str) -> str | None:
    """The rule's date field in the collection ``dataset.collection`` (None: not for it)."""
    if rule.fields:
        return rule.fields.get(covered)
    return rule.field


def _rule_terms(activity: Activity, covered: str, today: date, fiscal_year_start: str,
                lang: str) -> tuple[list[RuleTerm], list[str]]:
    terms: list[RuleTerm] = []
    notes: list[str] = []
    for index, rule in enumerate(activity.retention_rules()):
        name = field_for(rule, covered)
        if name is None and rule.anchor != "until_consent_withdrawn":
            continue
        if rule.fields and covered not in rule.fields and rule.anchor == "until_consent_withdrawn":
            continue
        if terms and terms[-1].condition is None:
            notes.append(f"{activity.key}[{index}] never applies to {covered}: "
                         f"{terms[-1].name} before it has no condition")
            continue
        period = parse_period(rule.period or "P0D")
        review = review_cutoff(rule.review_every, today) if rule.review_every else None
        terms.append(RuleTerm(
            activity=activity.key, index=index, anchor=rule.anchor, period=period, field=name,
            cutoff=cutoff(rule.anchor, period, today, fiscal_year_start), action=rule.action,
            condition=rule.condition, review_cutoff=review, description=text(rule.description, lang),
        ))
    return terms, notes


def build_specs(declaration: Declaration, datamap: DataMap, today: date) -> list[SweepSpec]:
    """One sweep per collection some activity covers, in declaration order."""
    fiscal = declaration.controller.fiscal_year_start
    lang = declaration.controller.languages[0]
    found: dict[str, _Collecting] = {}
    for activity in declaration.activities:
        for covered in activity.covers:
            entry = found.setdefault(covered, _Collecting())
            terms, notes = _rule_terms(activity, covered, today, fiscal, lang)
            entry.notes.extend(notes)
            keeps = None
            if not terms:
                keeps = (f"activity {activity.key} covers {covered} but has no retention rule with a "
                         "date field for it, so it keeps the data")
            entry.activities.append(ActivityTerms(activity.key, activity.purpose, tuple(terms), keeps))
    specs: list[SweepSpec] = []
    for covered, entry in found.items():
        dataset, _, collection = covered.partition(".")
        problems = list(entry.problems)
        spec = datamap.collection(f"{dataset}:{collection}")
        if spec is None:
            problems.append(f"{covered} is not a collection of the data map")
        for terms in entry.activities:
            for rule in terms.rules:
                problems.extend(_condition_problems(rule, dataset))
        rules = [r for a in entry.activities for r in a.rules]
        actions = {r.action for r in rules}
        action = "anonymise" if "anonymise" in actions else "delete"
        notes = list(entry.notes)
        if len(entry.activities) > 1:
            names = ", ".join(a.activity for a in entry.activities)
            notes.append(f"covered by {len(entry.activities)} activities ({names}): a row is swept only "
                         "when every one of them lets it go (the longest retention wins)")
        if actions == {"delete", "anonymise"}:
            wants = sorted({r.activity for r in rules if r.action == "anonymise"})
            notes.append(f"anonymise rather than delete: {', '.join(wants)} keeps the anonymised rows")
        specs.append(SweepSpec(dataset, collection, action, tuple(entry.activities), tuple(problems),
                               tuple(notes)))
    return specs


def _condition_problems(rule: RuleTerm, dataset: str) -> list[str]:
    problems = []
    for exists in (rule.condition.unless_exists, rule.condition.only_if_exists) if rule.condition else ():
        if exists is not None and exists.collection.partition(".")[0] != dataset:
            problems.append(f"{rule.name}: the condition looks in {exists.collection}, another dataset "
                            "than the rows'; conditions must stay within one database")
    return problems
