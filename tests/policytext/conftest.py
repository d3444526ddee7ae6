"""Fixture policies, the shared seeds and gold, and a scorer with the shared matching rules."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SHARED

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS_DIR = SHARED / "seeds"
GOLD_DIR = SHARED / "policy-text" / "gold"
SEEDS = ("policy-agency-nb-en", "policy-consent-saas-en", "policy-saas-manufacturing-en")
TUNED = ("fjelltopp-nb.txt", "nordlys-en.txt", "kodeverk-nb.md", "havlys-en.html")
HELDOUT = ("heldout/solberg-en.txt", "heldout/lysverket-nb.html")


def gold_for(path: Path) -> dict:
    return json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".gold.json").read_text(encoding="utf-8"))


def overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def matching(gold: list[dict], pred: list[dict], equal) -> tuple[int, int, int]:
    """(tp, fp, fn) by one-to-one matching on overlapping spans and ``equal``, as the shared
    scorer does; optional gold items are never misses, and predictions matching only them are ignored."""
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j, g in enumerate(required):
            if j in seen or not (overlaps(pred[i], g) and equal(g, pred[i])):
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(pred)):
        assign(i, set())
    matched = set(owner.values())
    fp = sum(1 for i, p in enumerate(pred) if i not in matched and not any(overlaps(p, o) for o in optional))
    return len(owner), fp, len(required) - len(owner)


def same_period(gold: dict, pred: dict) -> bool:
    return pred.get("period") in [gold.get("period"), *(gold.get("period_alt") or [])]


def same_basis(gold: dict, pred: dict) -> bool:
    return pred.get("basis") in {gold.get("basis"), *(gold.get("basis_alt") or [])}


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def checklist_accuracy(gold: dict, pred: dict) -> float:
    keys = gold["art13_checklist"]
    right = sum(1 for k, v in keys.items() if pred["art13_checklist"][k]["covered"] == v["covered"])
    return right / len(keys)


SHARED_NAMES = {"SEEDS_DIR", "GOLD_DIR", "SEEDS", "SHARED"}


def _needs_shared(item) -> bool:  # type: ignore[no-untyped-def]
    """The test reads the shared seeds or gold: by a parameter path under ../shared, or by name."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if any(isinstance(value, Path) and SHARED in value.parents for value in params.values()):
        return True
    if any(isinstance(value, str) and value in SEEDS for value in params.values()):
        return True
    code = getattr(getattr(item, "function", None), "__code__", None)
    return code is not None and bool(SHARED_NAMES & set(code.co_names))


def pytest_runtest_setup(item) -> None:  # type: ignore[no-untyped-def]
    import pytest

    if not SEEDS_DIR.is_dir() and _needs_shared(item):
        pytest.skip(f"the seed policies and their gold annotations are not at {SHARED} (a clone without "
                    "../shared); the project's own annotated fixtures cover the same code")
