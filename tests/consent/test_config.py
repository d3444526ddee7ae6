from __future__ import annotations

from datetime import UTC, datetime

import pytest

from personvern.consent import texts
from personvern.consent.config import CONSENT_COOKIE, add_period, build_config, origin_of
from personvern.declaration.loader import load
from tests.consent.conftest import FIXTURE


@pytest.fixture(scope="module")
def declaration():
    return load(FIXTURE).declaration


def test_categories_services_and_sites_come_from_the_declaration(declaration) -> None:
    config = build_config(declaration, 7)
    assert config.version == 7
    assert config.categories == ("preferences", "statistics", "marketing")
    assert config.services == {"theme": "preferences", "teller": "statistics", "heatmap": "statistics",
                               "adnet": "marketing"}
    assert config.sites == {"https://shop.example.com"}
    assert config.client["k"]["teller"] == ["_tl", "_tl_*"]  # cookies to delete on refusal
    assert "shop" not in config.client["k"]  # necessary cookies are never deleted


def test_consent_mode_names_every_type(declaration) -> None:
    mode = build_config(declaration, 1).consent_mode
    assert mode["analytics_storage"] == ("s:teller",)  # declared by the service
    assert mode["ad_storage"] == ("s:adnet",)
    assert mode["functionality_storage"] == ("c:preferences",)  # category default
    assert mode["security_storage"] == ("c:necessary",)
    assert len(mode) == 7


def test_texts_in_both_languages_with_the_consent_cookie_listed(declaration) -> None:
    config = build_config(declaration, 1)
    en, nb = config.texts["en"], config.texts["nb"]
    assert en["u"]["accept"] == "Accept all" and nb["u"]["reject"] == "Avslå alle"
    statistics = next(c for c in en["c"] if c["k"] == "statistics")
    assert statistics["d"] == "Count visits to improve the shop."  # the declaration's override
    teller = next(s for s in statistics["s"] if s["k"] == "teller")
    assert teller["p"] == "Teller Analytics AS"  # processor key -> name
    assert teller["c"][0] == ["_tl", "13 months", "Tells visits from the same browser apart."]
    necessary = next(c for c in nb["c"] if c["k"] == "necessary")
    assert necessary["s"][0]["c"][0][0] == CONSENT_COOKIE
    assert config.text_hash["en"] != config.text_hash["nb"]


def test_only_consent_relevant_changes_ask_again(declaration) -> None:
    base = build_config(declaration, 1)
    assert build_config(declaration, 2).consent_hash == base.consent_hash
    activities = [a.model_copy(update={"description": "changed"}) for a in declaration.activities]
    unrelated = declaration.model_copy(update={"activities": activities})
    assert build_config(unrelated, 3).consent_hash == base.consent_hash
    services = [s.model_copy(update={"name": s.name + " 2"}) for s in declaration.cookies.services]
    cookies = declaration.cookies.model_copy(update={"services": services})
    changed = build_config(declaration.model_copy(update={"cookies": cookies}), 4)
    assert changed.consent_hash != base.consent_hash
    assert changed.text_hash["en"] != base.text_hash["en"]


def test_add_period_uses_calendar_months() -> None:
    start = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
    assert add_period(start, "P12M") == datetime(2027, 1, 31, 10, 0, tzinfo=UTC)
    assert add_period(start, "P1M") == datetime(2026, 2, 28, 10, 0, tzinfo=UTC)
    assert add_period(start, "P1Y2W3D") == datetime(2027, 2, 17, 10, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        add_period(start, "12 months")


def test_durations_read_naturally() -> None:
    assert texts.duration("P13M", "en") == "13 months"
    assert texts.duration("P1D", "nb") == "1 dag"
    assert texts.duration("P1Y6M", "nb") == "1 år, 6 måneder"
    assert texts.duration("session", "nb") == "økt"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Shop.example.com:443/a?b=1", "https://shop.example.com"),
        ("http://127.0.0.1:8000/demo/website", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
        ("javascript:alert(1)", None),
        ("https://", None),
    ],
)
def test_origin_of(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin
