"""From activities to sweeps: alternatives, longest retention wins, actions, order."""

from __future__ import annotations

from datetime import date

from personvern.datamap.declared import load_declared
from personvern.declaration.loader import load
from personvern.declaration.model import Declaration
from personvern.retention.order import sweep_order
from personvern.retention.rules import build_specs
from tests.retention.shop import DECLARATION

TODAY = date(2026, 1, 15)


def loaded() -> tuple[Declaration, object]:
    result = load(DECLARATION)
    return result.declaration, load_declared(result.declaration, DECLARATION.parent)


def specs(declaration: Declaration | None = None) -> dict[str, object]:
    base, datamap = loaded()
    return {s.collection: s for s in build_specs(declaration or base, datamap, TODAY)}  # type: ignore[arg-type]


def test_rules_of_one_activity_are_alternatives_tried_in_order() -> None:
    messages = specs()["messages"]
    (contact,) = messages.activities
    assert [r.name for r in contact.rules] == ["contact[0]", "contact[1]"]
    assert contact.rules[0].condition is not None and contact.rules[1].condition is None
    assert [r.cutoff for r in contact.rules] == [date(2025, 12, 17), date(2024, 1, 16)]
    assert messages.blocked is None and messages.action == "delete"


def test_overlapping_activities_are_named_and_the_longest_wins() -> None:
    orders = specs()["orders"]
    assert [a.activity for a in orders.activities] == ["orders", "bookkeeping"]
    assert any("longest retention wins" in note for note in orders.notes)
    assert {r.name: r.cutoff for r in orders.rules} == {
        "orders[0]": date(2023, 1, 16), "bookkeeping[0]": date(2021, 1, 1)}
    assert specs()["order_lines"].rules[0].field == "orders.placed_at"


def test_anonymise_wins_over_delete_and_an_activity_without_a_rule_keeps_the_data() -> None:
    declaration, _ = loaded()

    def covering_visits(*keys: str) -> object:
        activities = [a.model_copy(update={"covers": [*a.covers, "shop.visits"]}) if a.key in keys else a
                      for a in declaration.activities]
        return specs(declaration.model_copy(update={"activities": activities}))["visits"]

    mixed = covering_visits("contact")  # contact's field applies to every collection it covers
    assert mixed.action == "anonymise" and mixed.blocked is None  # type: ignore[attr-defined]
    assert "anonymise rather than delete: logs keeps the anonymised rows" in mixed.notes  # type: ignore[attr-defined]
    kept = covering_visits("orders")  # orders names its fields per collection: none for visits
    assert kept.blocked and "activity orders covers shop.visits but has no retention rule" in kept.blocked  # type: ignore[attr-defined]


def test_a_rule_after_an_unconditional_one_is_reported_as_never_applying() -> None:
    declaration, _ = loaded()
    contact = declaration.activity("contact")
    rules = list(reversed(contact.retention_rules()))
    activities = [a.model_copy(update={"retention": rules}) if a.key == "contact" else a
                  for a in declaration.activities]
    messages = specs(declaration.model_copy(update={"activities": activities}))["messages"]
    assert [r.name for r in messages.rules] == ["contact[0]"]
    assert any("contact[1] never applies" in note for note in messages.notes)


def test_rows_that_point_at_others_are_swept_first() -> None:
    declaration, datamap = loaded()

    class Named:
        def __init__(self, key: str) -> None:
            self.key = key

    order = [s.key for s in sweep_order([Named(s.key) for s in build_specs(declaration, datamap, TODAY)],
                                        datamap)]  # type: ignore[arg-type]
    for child, parent in [("settings", "customers"), ("orders", "customers"), ("order_lines", "orders"),
                          ("payments", "orders"), ("visits", "customers")]:
        assert order.index(f"shop:{child}") < order.index(f"shop:{parent}"), (child, parent)
