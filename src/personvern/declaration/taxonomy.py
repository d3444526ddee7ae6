"""The privacy taxonomy: fideslang's default data categories, uses and subjects.

A declaration may add its own data categories under ``taxonomy.data_categories``; each must
hang below a known key (its prefix up to the last dot). The fideslang part is built once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# GDPR Art. 9(1) special categories as they appear in fideslang's default taxonomy. A key is
# special when it equals one of these or lies below one (user.health_and_medical.genetic ...).
# fideslang has no key for trade-union membership: declare one as a custom category with
# ``special_category: true`` (e.g. user.workplace.trade_union).
SPECIAL_CATEGORY_ROOTS = frozenset(
    {
        "user.biometric",
        "user.authorization.biometric",
        "user.health_and_medical",
        "user.demographic.race_ethnicity",
        "user.demographic.religious_belief",
        "user.demographic.political_opinion",
        "user.demographic.sexual_orientation",
    }
)


@dataclass(frozen=True)
class FidesTaxonomy:
    data_categories: frozenset[str]
    data_uses: frozenset[str]
    data_subjects: frozenset[str]
    names: dict[str, str]


@lru_cache(maxsize=1)
def fides_taxonomy() -> FidesTaxonomy:
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    names: dict[str, str] = {}
    for item in (
        *DEFAULT_TAXONOMY.data_category,
        *DEFAULT_TAXONOMY.data_use,
        *DEFAULT_TAXONOMY.data_subject,
    ):
        names[item.fides_key] = item.name or item.fides_key
    return FidesTaxonomy(
        data_categories=frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category),
        data_uses=frozenset(u.fides_key for u in DEFAULT_TAXONOMY.data_use),
        data_subjects=frozenset(s.fides_key for s in DEFAULT_TAXONOMY.data_subject),
        names=names,
    )


def _is_below(key: str, roots: Iterable[str]) -> bool:
    return any(key == root or key.startswith(root + ".") for root in roots)


def parent_of(key: str) -> str | None:
    return key.rsplit(".", 1)[0] if "." in key else None


class Taxonomy:
    """fideslang's taxonomy plus a declaration's custom data categories."""

    def __init__(self, custom_categories: Iterable[tuple[str, bool]] = ()) -> None:
        self.fides = fides_taxonomy()
        self.custom: dict[str, bool] = {}
        for key, special in custom_categories:
            self.custom.setdefault(key, special)

    @property
    def data_categories(self) -> frozenset[str]:
        return self.fides.data_categories | frozenset(self.custom)

    @property
    def data_uses(self) -> frozenset[str]:
        return self.fides.data_uses

    @property
    def data_subjects(self) -> frozenset[str]:
        return self.fides.data_subjects

    def is_special(self, category: str) -> bool:
        """Whether ``category`` is a GDPR Art. 9 special category (fideslang or custom)."""
        if _is_below(category, SPECIAL_CATEGORY_ROOTS):
            return True
        special_custom = [key for key, special in self.custom.items() if special]
        return _is_below(category, special_custom)

    def name(self, key: str) -> str:
        return self.fides.names.get(key, key)
