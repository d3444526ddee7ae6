"""The legal and cross-reference rules, one by one (the corpus in bad/ covers the rest)."""

from __future__ import annotations

import pytest

from personvern.declaration.loader import load_text
from personvern.declaration.problems import DeclarationInvalid
from personvern.declaration.rules.contact import valid_email, valid_url
from personvern.declaration.rules.cookies import origin_of
from personvern.declaration.taxonomy import Taxonomy, fides_taxonomy

BASE = """\
personvern: 1
controller:
  name: Eksempel AS
  organisation_number: "923 456 783"
  country: NO
  address: {street: Gate 1, postal_code: "0150", city: Oslo, country: NO}
  email: privacy@example.com
processors:
  - key: mailer
    name: Mailer AB
    service: Sending e-mail
    country: SE
datasets:
  - {key: shop, file: datasets/shop.yml, connection_env: SHOP_DB_URL}
activities:
  - key: newsletter
    name: Newsletter
    purpose: marketing.communications.email
    legal_basis: consent
    data_subjects: [customer]
    data_categories: [user.contact.email]
    recipients: [mailer]
    retention:
      anchor: until_consent_withdrawn
"""
BAD = __import__("pathlib").Path(__file__).parent / "bad"

ACCOUNT = """\
  - key: account
    name: Customer account
    purpose: essential.service
    legal_basis: contract
    data_subjects: [customer]
    data_categories: [user.contact.email]
    covers: [shop.customer]
    retention: {period: P0D, anchor: end_of_relationship, field: created_at}
"""


def problems(text: str) -> list[str]:
    try:
        load_text(text, "p.yaml", base_dir=BAD)
    except DeclarationInvalid as exc:
        return [f"{p.line}:{p.column}: {p.message}" for p in exc.problems]
    return []


def edit(*pairs: tuple[str, str], extra: str = "") -> str:
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def test_the_base_declaration_is_valid() -> None:
    assert problems(BASE) == []


def test_an_article9_condition_without_special_categories_is_a_problem() -> None:
    text = edit(
        (
            "    recipients: [mailer]\n",
            "    recipients: [mailer]\n    article9_condition: explicit_consent\n",
        )
    )
    assert problems(text) == [
        "23:25: activity 'newsletter' has an article9_condition but none of its data_categories is "
        "a special "
        "category; remove article9_condition, or list the special category it processes"
    ]


def test_a_custom_special_category_needs_an_article9_condition() -> None:
    text = edit(
        (
            "activities:\n",
            "taxonomy:\n  data_categories:\n"
            "    - {key: user.workplace.trade_union, name: Union membership,"
            " special_category: true}\nactivities:\n",
        ),
        ("[user.contact.email]", "[user.contact.email, user.workplace.trade_union]"),
    )
    assert problems(text) == [
        "24:43: activity 'newsletter' processes special-category data (user.workplace.trade_union) "
        "but has no "
        "article9_condition; add article9_condition: one of explicit_consent, "
        "employment_social_security, "
        "vital_interests, not_for_profit, made_public, legal_claims, substantial_public_interest, "
        "health_care, "
        "public_health or archiving_research (GDPR Art. 9(2))"
    ]
    fixed = text.replace(
        "    recipients: [mailer]\n",
        "    recipients: [mailer]\n    article9_condition: explicit_consent\n",
    )
    assert problems(fixed) == []


def test_special_categories_are_known_from_fideslang_and_custom_keys() -> None:
    taxonomy = Taxonomy([("user.workplace.trade_union", True), ("user.workplace.badge", False)])
    assert taxonomy.is_special("user.health_and_medical.genetic")
    assert taxonomy.is_special("user.biometric.fingerprint")
    assert taxonomy.is_special("user.demographic.political_opinion")
    assert taxonomy.is_special("user.workplace.trade_union")
    assert not taxonomy.is_special("user.workplace.badge")
    assert not taxonomy.is_special("user.demographic.language")
    assert "user.workplace.badge" in taxonomy.data_categories
    assert fides_taxonomy() is fides_taxonomy()  # built once
    assert (
        "marketing.communications.email" in taxonomy.data_uses
        and "customer" in taxonomy.data_subjects
    )


def test_a_legitimate_interest_on_another_basis_is_a_problem() -> None:
    text = edit(
        (
            "    recipients: [mailer]\n",
            (
                "    recipients: [mailer]\n"
                "    legitimate_interest: {interest: Selling, assessment: Fine}\n"
            ),
        )
    )
    assert problems(text) == [
        "23:5: activity 'newsletter' has a legitimate_interest but its legal basis is consent; "
        "remove "
        "legitimate_interest, or set legal_basis: legitimate_interests"
    ]


def test_public_task_needs_the_law_too() -> None:
    text = edit(
        ("legal_basis: consent", "legal_basis: public_task"),
        ("      anchor: until_consent_withdrawn\n", "      period: P1Y\n      anchor: collected\n"),
    )
    assert problems(text) == [
        "19:18: activity 'newsletter' relies on public_task but does not name the law; add law: "
        "the statute "
        "that requires it, e.g. 'bokføringsloven § 13' (GDPR Art. 6(3))"
    ]


def test_data_from_a_third_party_must_say_from_whom() -> None:
    text = edit(
        (
            "    recipients: [mailer]\n",
            "    recipients: [mailer]\n    source: {kind: third_party}\n",
        )
    )
    assert problems(text) == [
        "23:20: activity 'newsletter' gets its data from a third party but does not say from whom; "
        "add source: "
        "description: (the notice must name the source, GDPR Art. 14(2)(f))"
    ]


def test_consent_and_another_basis_sharing_a_collection_need_also_under() -> None:
    text = edit(
        ("    recipients: [mailer]\n", "    recipients: [mailer]\n    covers: [shop.customer]\n"),
        extra=ACCOUNT,
    )
    assert problems(text) == [
        "16:10: activity 'newsletter' (consent) and activity 'account' (contract) both cover "
        "shop.customer; "
        "if that is on purpose, add also_under: [account] to 'newsletter' (or also_under: "
        "[newsletter] to "
        "'account'), otherwise make them not overlap"
    ]
    declared_on_the_other_side = text.replace(
        "    covers: [shop.customer]\n    retention: {period: P0D",
        "    covers: [shop.customer]\n    also_under: [newsletter]\n    retention: {period: P0D",
    )
    assert problems(declared_on_the_other_side) == []


def test_activities_covering_different_collections_do_not_overlap() -> None:
    text = edit(
        ("    recipients: [mailer]\n", "    recipients: [mailer]\n    covers: [shop.orders]\n"),
        ("      anchor: until_consent_withdrawn\n", "      anchor: until_consent_withdrawn\n"),
        extra=ACCOUNT,
    )
    assert problems(text) == []


def test_a_processor_role_is_not_compared_with_own_activities() -> None:
    text = edit(
        (
            "processors:\n",
            "clients:\n  - {key: acme, name: Acme AS, email: dpo@acme.example}\nprocessors:\n",
        ),
        (
            "    recipients: [mailer]\n",
            "    recipients: [mailer]\n    role: {kind: processor, on_behalf_of: acme}\n",
        ),
        extra=ACCOUNT,
    )
    assert problems(text) == []


def test_on_behalf_of_needs_the_processor_role() -> None:
    text = edit(
        ("    recipients: [mailer]\n", "    recipients: [mailer]\n    role: {on_behalf_of: acme}\n")
    )
    assert problems(text) == [
        "23:26: activity 'newsletter' names on_behalf_of 'acme' but its role is controller; set "
        "role kind: "
        "processor, or remove on_behalf_of"
    ]


def test_a_processor_cannot_be_its_own_sub_processor() -> None:
    text = edit(("    country: SE\n", "    country: SE\n    sub_processor_of: mailer\n"))
    assert problems(text) == [
        "13:23: processor 'mailer' names itself in sub_processor_of; name the processor that "
        "engages it"
    ]


def test_duplicate_processor_keys_are_a_problem() -> None:
    text = edit(
        (
            "    country: SE\n",
            "    country: SE\n  - {key: mailer, name: Other, service: Other, country: DK}\n",
        )
    )
    assert problems(text) == [
        "13:11: duplicate processor key 'mailer' (first used on line 9); give each processor its "
        "own key"
    ]


def test_retention_event_and_field_rules() -> None:
    text = edit(
        ("    recipients: [mailer]\n", "    recipients: [mailer]\n    covers: [shop.customer]\n"),
        (
            "      anchor: until_consent_withdrawn\n",
            (
                "      - {period: P1Y, anchor: collected, field: created_at, event: signed_up}\n"
                "      - {period: P1Y, anchor: event, event: order_closed,"
                " fields: {shop.customer: created_at}}\n"
                "      - period: P1Y\n"
                "        anchor: collected\n"
                "        field: created_at\n"
                "        condition: {unless_exists: {collection: shop, match: {email: email}}}\n"
                "      - {period: P1Y, anchor: collected, field: created_at, condition: {}}\n"
            ),
        ),
    )
    assert problems(text) == [
        "25:68: the retention of activity 'newsletter' names event 'signed_up' but its anchor is "
        "collected; "
        "set anchor: event, or remove event",
        "30:49: the condition collection 'shop' of the retention of activity 'newsletter' is not "
        "in the form "
        "dataset.collection; write the dataset key, a dot and the collection (table) name, e.g. "
        "shop.customer",
        "31:61: the retention of activity 'newsletter' has an empty condition; add unless_exists: "
        "or "
        "only_if_exists:, or remove condition",
    ]


def test_a_date_field_without_covered_collections_is_a_problem() -> None:
    text = edit(
        ("legal_basis: consent", "legal_basis: contract"),
        (
            "      anchor: until_consent_withdrawn\n",
            "      period: P1Y\n      anchor: collected\n      field: created_at\n",
        ),
    )
    assert problems(text) == [
        "26:7: the retention of activity 'newsletter' names a date field, but the activity covers "
        "no "
        "collection; add covers: [dataset.collection, ...] or remove the field"
    ]


def test_a_cookie_provider_close_to_a_processor_key_gets_a_suggestion() -> None:
    text = edit(
        extra=(
            "cookies:\n  services:\n"
            "    - {key: mail, name: Mail, provider: mailerr, category: necessary}\n"
            "    - {key: other, name: Other, provider: Some Company Ltd, category: necessary}\n"
            "    - {key: own, name: Own, provider: mailer, category: necessary}\n"
        )
    )
    assert problems(text) == [
        "27:41: provider 'mailerr' of cookie service 'mail' is not a declared processor; did you "
        "mean 'mailer'? "
        "(a provider that is not a processor can be given by its name, e.g. 'Example Analytics "
        "Ltd')"
    ]


def test_a_cookie_service_naming_an_unknown_activity_is_a_problem() -> None:
    text = edit(
        extra=(
            "cookies:\n  services:\n"
            "    - {key: stats, name: Stats, provider: X Ltd, category: statistics,"
            " activity: newsleter}\n"
        )
    )
    assert problems(text) == [
        "27:82: activity 'newsleter' of cookie service 'stats' is not a declared activity; did you "
        "mean "
        "'newsletter'?"
    ]


def test_web_addresses_must_be_full_urls() -> None:
    text = edit(
        (
            "  email: privacy@example.com\n",
            (
                "  email: privacy@example.com\n  website: www.example.com\n  privacy_center_url: "
                "https://privacy.example.com\n"
            ),
        )
    )
    assert problems(text) == [
        "8:12: invalid web address 'www.example.com' for 'controller.website'; write the full "
        "address with "
        "https://, e.g. https://www.example.com"
    ]


def test_every_email_address_is_checked() -> None:
    text = edit(
        (
            "  email: privacy@example.com\n",
            (
                "  email: privacy@example.com\n  dpo: {name: DPO, email: dpo @example.com}\n"
                "  supervisory_authority: {name: Datatilsynet, email: postkasse@datatilsynet.no}\n"
            ),
        ),
        (
            "processors:\n",
            "clients:\n  - {key: acme, name: Acme AS, email: Acme <dpo@acme.example>}\n"
            "processors:\n",
        ),
        ("    country: SE\n", "    country: SE\n    contact: privacy@@mailer.example\n"),
    )
    assert problems(text) == [
        "8:27: invalid email address 'dpo @example.com' for 'controller.dpo.email'; write one "
        "plain address "
        "such as privacy@example.com (no name, spaces or brackets)",
        "11:39: invalid email address 'Acme <dpo@acme.example>' for 'email' of client 'acme'; "
        "write one plain "
        "address such as privacy@example.com (no name, spaces or brackets)",
        "17:14: invalid email address 'privacy@@mailer.example' for 'contact' of processor "
        "'mailer'; write one "
        "plain address such as privacy@example.com (no name, spaces or brackets)",
    ]


@pytest.mark.parametrize(
    "address",
    [
        "privacy@example.com",
        "first.last+tag@mail.example.co.uk",
        "post@blåbær.example",
        "o'neil@example.org",
    ],
)
def test_valid_emails(address: str) -> None:
    assert valid_email(address)


@pytest.mark.parametrize(
    "address",
    [
        "privacy",
        "privacy@example",
        "@example.com",
        "a@b@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a b@example.com",
        "Name <a@example.com>",
        "a@-example.com",
        "a@example.c0m",
        "a@example.com.",
    ],
)
def test_invalid_emails(address: str) -> None:
    assert not valid_email(address)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://www.example.com", True),
        ("http://localhost:8000", True),
        ("https://example.com:443", True),
        ("https://example.com/", False),
        ("example.com", False),
        ("ftp://example.com", False),
        ("https://example.com/path", False),
        ("https://example.com?q=1", False),
        ("https://example.com:99999", False),
        ("https://user@example.com", False),
    ],
)
def test_origins(value: str, ok: bool) -> None:
    assert (origin_of(value) is not None) is ok


def test_urls() -> None:
    assert valid_url("https://www.datatilsynet.no") and not valid_url("www.datatilsynet.no")


@pytest.mark.parametrize(
    ("country", "number", "ok"),
    [
        ("NO", "923456783", True),
        ("NO", "923 456 783", True),
        ("NO", "923456784", False),
        ("NO", "92345678", False),
        ("SE", "556703-7485", True),
        ("SE", "556703-7486", False),
        ("DK", "13585628", True),
        ("DK", "13585627", False),
        ("GB", "01234567", True),  # no company-number module for GB: accepted as written
        ("FI", "2077474-0", True),
    ],
)
def test_organisation_numbers_per_country(country: str, number: str, ok: bool) -> None:
    text = edit(('"923 456 783"', f'"{number}"'), ("  country: NO\n", f"  country: {country}\n"))
    found = problems(text)
    assert (found == []) is ok, found
    if not ok:
        assert found[0].startswith("4:24: invalid ")


def test_fiscal_year_start_can_not_be_the_leap_day() -> None:
    text = edit(
        (
            "  email: privacy@example.com\n",
            '  email: privacy@example.com\n  fiscal_year_start: "02-29"\n',
        )
    )
    assert problems(text) == [
        "8:22: fiscal_year_start '02-29' is not a day of the year; write month-day as MM-DD, e.g. "
        '"01-01" or '
        '"07-01"'
    ]
    assert problems(text.replace('"02-29"', '"07-01"')) == []


def test_texts_in_cookie_categories_and_lists_need_every_language() -> None:
    text = edit(
        (
            "  email: privacy@example.com\n",
            (
                "  email: privacy@example.com\n  languages: [nb, en]\n"
                "  security_measures:\n    - {nb: Kryptert, en: Encrypted}\n    - {nb: Logget}\n   "
                " - Same for both\n"
            ),
        ),
        extra="cookies:\n  categories:\n    necessary: {description: {en: Always on}}\n",
    )
    assert problems(text) == [
        "11:7: missing English (en) text for 'controller.security_measures[1]'; add en: to it, or "
        "give one plain "
        "text for every language",
        "32:17: missing Norwegian (nb) text for 'cookies.categories.necessary.description'; add "
        "nb: to it, or give "
        "one plain text for every language",
    ]


def test_a_custom_category_that_repeats_a_fideslang_key_is_a_problem() -> None:
    text = edit(
        (
            "activities:\n",
            "taxonomy:\n  data_categories:\n    - {key: user.contact.email, name: Email}\n"
            "activities:\n",
        )
    )
    assert problems(text) == [
        "17:13: custom category 'user.contact.email' is already a fideslang data category; use it "
        "as it is and "
        "remove this entry, or choose a new key below it"
    ]


def test_rules_run_on_the_valid_activities_when_another_one_is_broken() -> None:
    text = edit(
        ("    recipients: [mailer]\n", "    recipients: [mailr]\n"),
        extra=("  - key: broken\n    name: Broken\n"),
    )
    assert problems(text) == [
        "22:18: recipient 'mailr' of activity 'newsletter' is not a declared processor; did you "
        "mean 'mailer'?",
        "25:5: missing 'data_categories' in activity 'broken': say what data it is; add "
        "data_categories: e.g. "
        "[user.contact.email]",
        "25:5: missing 'data_subjects' in activity 'broken': say whose data it is; add "
        "data_subjects: e.g. "
        "[customer]",
        "25:5: missing 'legal_basis' in activity 'broken': every activity needs a GDPR Art. 6 "
        "legal basis; add "
        "legal_basis: one of consent, contract, legal_obligation, vital_interests, public_task or "
        "legitimate_interests",
        "25:5: missing 'purpose' in activity 'broken': add purpose: a fideslang data use, e.g. "
        "essential.service "
        "or marketing.communications.email",
    ]
