"""The legal rules of an activity: Art. 6 basis details, Art. 9 conditions, Art. 14 sources."""

from __future__ import annotations

from collections.abc import Iterator

from personvern.declaration.model import Activity
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import Item, RuleContext

ARTICLE9 = (
    "explicit_consent, employment_social_security, vital_interests, not_for_profit, made_public, "
    "legal_claims, substantial_public_interest, health_care, public_health or archiving_research"
)


def legitimate_interests(ctx: RuleContext) -> Iterator[Problem]:
    for item in ctx.activities:
        activity = item.model
        if activity.legal_basis == "legitimate_interests" and activity.legitimate_interest is None:
            yield ctx.problem(
                item.at("legal_basis"),
                (
                    f"{ctx.name(item.path)} relies on legitimate_interests but has no "
                    "legitimate_interest; "
                    "add legitimate_interest: with the interest pursued (interest:) and a summary "
                    "of the "
                    "balancing test (assessment:), GDPR Art. 6(1)(f)"
                ),
            )
        elif (
            activity.legal_basis != "legitimate_interests"
            and activity.legitimate_interest is not None
        ):
            yield ctx.problem(
                item.at("legitimate_interest"),
                (
                    f"{ctx.name(item.path)} has a legitimate_interest but its legal basis is "
                    f"{activity.legal_basis}; remove legitimate_interest, or set legal_basis: "
                    "legitimate_interests"
                ),
                key=True,
            )


def law(ctx: RuleContext) -> Iterator[Problem]:
    for item in ctx.activities:
        activity = item.model
        if (
            activity.legal_basis in ("legal_obligation", "public_task")
            and not (activity.law or "").strip()
        ):
            yield ctx.problem(
                item.at("legal_basis"),
                (
                    f"{ctx.name(item.path)} relies on {activity.legal_basis} but does not name the "
                    "law; "
                    "add law: the statute that requires it, e.g. 'bokføringsloven § 13' (GDPR Art. "
                    "6(3))"
                ),
            )


def _special(ctx: RuleContext, activity: Activity) -> list[tuple[int, str]]:
    return [(i, c) for i, c in enumerate(activity.data_categories) if ctx.taxonomy.is_special(c)]


def special_categories(ctx: RuleContext) -> Iterator[Problem]:
    item: Item[Activity]
    for item in ctx.activities:
        activity = item.model
        special = _special(ctx, activity)
        condition = activity.article9_condition
        if special and condition is None:
            index, category = special[0]
            yield ctx.problem(
                item.at("data_categories", index),
                (
                    f"{ctx.name(item.path)} processes special-category data ({category}) but has "
                    "no "
                    f"article9_condition; add article9_condition: one of {ARTICLE9} (GDPR Art. "
                    "9(2))"
                ),
            )
        elif not special and condition is not None:
            yield ctx.problem(
                item.at("article9_condition"),
                (
                    f"{ctx.name(item.path)} has an article9_condition but none of its "
                    "data_categories is a "
                    "special category; remove article9_condition, or list the special category it "
                    "processes"
                ),
            )
        elif special and activity.legal_basis == "consent" and condition != "explicit_consent":
            yield ctx.problem(
                item.at("article9_condition"),
                (
                    f"{ctx.name(item.path)} relies on consent for special-category data, so the "
                    "consent must be "
                    "explicit; set article9_condition: explicit_consent (GDPR Art. 9(2)(a))"
                ),
            )


def sources(ctx: RuleContext) -> Iterator[Problem]:
    for item in ctx.activities:
        source = item.model.source
        if source.kind == "third_party" and source.description is None:
            yield ctx.problem(
                item.at("source", "kind"),
                (
                    f"{ctx.name(item.path)} gets its data from a third party but does not say from "
                    "whom; "
                    "add source: description: (the notice must name the source, GDPR Art. 14(2)(f))"
                ),
            )


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _overlap(a: Activity, b: Activity) -> str | None:
    """What two activities both process, in words, or None."""
    if a.covers and b.covers:
        shared = [c for c in a.covers if c in b.covers]
        return f"both cover {', '.join(shared)}" if shared else None
    subjects = [s for s in a.data_subjects if s in b.data_subjects]
    categories = [c for c in a.data_categories if any(_related(c, d) for d in b.data_categories)]
    if subjects and categories:
        return f"both process {', '.join(categories)} of {', '.join(subjects)}"
    return None


def consent_also_claimed(ctx: RuleContext) -> Iterator[Problem]:
    """Data given on consent and also processed on another basis must say so (also_under).

    Withdrawing consent stops the consent-based activity only; personvern must know which other
    activity keeps the same data on purpose, so that the notice says so and erasure does not
    remove what another basis still needs.
    """
    mine = [i for i in ctx.activities if i.model.role.kind == "controller"]
    for consent in (i for i in mine if i.model.legal_basis == "consent"):
        for other in (i for i in mine if i.model.legal_basis != "consent"):
            a, b = consent.model, other.model
            if b.key in a.also_under or a.key in b.also_under or a.key == b.key:
                continue
            overlap = _overlap(a, b)
            if overlap:
                yield ctx.problem(
                    consent.at("key"),
                    (
                        f"activity '{a.key}' (consent) and activity '{b.key}' ({b.legal_basis}) "
                        f"{overlap}; "
                        f"if that is on purpose, add also_under: [{b.key}] to '{a.key}' "
                        f"(or also_under: [{a.key}] to '{b.key}'), otherwise make them not overlap"
                    ),
                )


RULES = (legitimate_interests, law, special_categories, sources, consent_also_claimed)
