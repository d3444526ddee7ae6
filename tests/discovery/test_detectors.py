from __future__ import annotations

import random
from datetime import date

import pytest
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

from personvern.discovery.classify import classify
from personvern.discovery.detectors import classify_value, find_all, is_kid
from personvern.discovery.kinds import KINDS
from personvern.discovery.mask import mask
from personvern.discovery.names import name_kind
from personvern.discovery.schema import ColumnMeta
from personvern.discovery.synthetic import fodselsnummer_for, kontonummer_for

TODAY = date(2026, 1, 15)


def test_every_kind_maps_to_a_fideslang_category() -> None:
    known = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    assert {k.category for k in KINDS.values()} <= known


@pytest.mark.parametrize(("value", "kind"), [
    ("kari.nordmann@example.com", "email"),
    ("912 34 567", "phone"), ("91234567", "phone"), ("+47 912 34 567", "phone"),
    ("+44 20 7946 0958", "phone"),
    ("NO93 8601 1117 947", "iban"), ("DE89370400440532013000", "iban"),
    ("4111 1111 1111 1111", "card"), ("923609016", "orgnr"),
    ("192.0.2.10", "ip"), ("2001:db8::1", "ip"),
    ("59.9139, 10.7522", "gps"),
])
def test_values_are_recognised(value: str, kind: str) -> None:
    assert classify_value(value) == kind


@pytest.mark.parametrize("value", [
    "4111 1111 1111 1112",  # Luhn fails
    "NO93 8601 1117 948",  # IBAN checksum fails
    "923609017",  # orgnr checksum fails
    "23.05.1990", "12:30:45", "999.1.1.1", "12345", "ola@", "1234567",
])
def test_invalid_values_are_not_recognised(value: str) -> None:
    assert classify_value(value) is None


def test_national_numbers_are_validated_and_told_from_account_numbers() -> None:
    rng = random.Random(3)
    for kind in "FDH":
        for _ in range(50):
            number = fodselsnummer_for(rng, kind=kind)
            assert classify_value(number) == "fodselsnummer"
            assert classify_value(number[:6] + " " + number[6:]) == "fodselsnummer"
    broken = fodselsnummer_for(rng)
    assert classify_value(broken[:10] + str((int(broken[10]) + 1) % 10)) != "fodselsnummer"
    account = kontonummer_for(rng)
    assert classify_value(f"{account[:4]}.{account[4:6]}.{account[6:]}") == "kontonr"
    assert find_all(f"Betal til konto {account}")[0].kind == "kontonr"


def test_free_text_hits_are_found_inside_text() -> None:
    text = "Ring 912 34 567 eller skriv til kari@example.com; IP 192.0.2.7 (Chrome/126.0.0.0)"
    assert [(h.kind, h.text) for h in find_all(text)] == [
        ("phone", "912 34 567"), ("email", "kari@example.com"), ("ip", "192.0.2.7"),
    ]


def test_names_and_kid() -> None:
    assert name_kind("Kari Nordmann") == "name"
    assert name_kind("Kari") == "first_name"
    assert name_kind("Racing bike") is None
    assert is_kid("1234567897") or is_kid("12345678903")


def test_examples_are_masked() -> None:
    assert mask("kari.nordmann@example.com", "email") == "k***@***.com"
    assert mask("15076500565", "fodselsnummer") == "•••••••••65"
    assert "Nordmann" not in mask("Kari Nordmann", "name")


def test_classifier_combines_name_type_and_values() -> None:
    email = ColumnMeta("contact", "string", "VARCHAR(100)")
    found = classify(email, [f"p{i}@example.com" for i in range(50)] + [None] * 5, TODAY)
    assert found is not None and found.kind == "email" and found.confidence > 0.9
    assert (found.matched, found.non_null) == (50, 50) and found.examples[0] == "p***@***.com"
    flag = ColumnMeta("email_verified", "boolean", "BOOLEAN")
    assert classify(flag, [True, False] * 20, TODAY) is None  # the type cancels the name
    products = ColumnMeta("name", "string", "VARCHAR(100)")
    assert classify(products, [f"Racing bike {i}" for i in range(40)], TODAY) is None
    rng = random.Random(5)
    accounts = ColumnMeta("ref", "string", "VARCHAR(11)")
    found = classify(accounts, [kontonummer_for(rng) for _ in range(300)], TODAY)
    assert found is not None and found.kind == "kontonr"
    counters = [20_000_000 + i for i in range(200)]  # 8-digit order numbers are no phone numbers
    assert classify(ColumnMeta("order_no", "integer", "BIGINT"), counters, TODAY) is None
    assert classify(ColumnMeta("ref", "string", "TEXT", primary_key=True), [str(c) for c in counters],
                    TODAY) is None
    assert classify(ColumnMeta("invoice", "string", "TEXT"), [str(c) for c in counters], TODAY) is None
    assert classify(ColumnMeta("mobil", "integer", "BIGINT"), counters, TODAY).kind == "phone"
    notes = ColumnMeta("notes", "string", "TEXT")
    found = classify(notes, [f"Kunden ba om svar til kunde{i}@example.com i dag" for i in range(20)]
                     + ["Ingen kommentar her"] * 20, TODAY)
    assert found is not None and found.kind == "free_text" and found.contains == ("email",)
    assert found.categories == ("user.contact.email",) and found.personal


def test_special_category_words_in_values() -> None:
    from personvern.discovery.special import special_kind

    assert special_kind("Nøtteallergi") == "health" and special_kind("Glutenfri (cøliaki)") == "health"
    assert special_kind("Halal") == "religion" and special_kind("Vegetar") is None
    assert special_kind("Allergivennlig sykkelhjelm") is None
    answers = ColumnMeta("answer", "string", "TEXT")
    found = classify(answers, ["Fiskeallergi", "Vegetar", "Nøtteallergi", "Glutenfri", "Vegan"] * 4, TODAY)
    assert found.kind == "health" and found.categories == ("user.health_and_medical",)
    notes = ColumnMeta("notes", "string", "TEXT")
    found = classify(notes, ["Deltaker har nøtteallergi, ring +47 912 34 567 ved behov"] * 3
                     + ["Kommer med tog fra Bergen"] * 7, TODAY)
    assert found.kind == "free_text" and set(found.contains) == {"health", "phone"}
    products = ColumnMeta("description", "string", "TEXT")
    assert classify(products, ["Glutenfri energibar med havre og honning til lange turer"] * 10,
                    TODAY) is None
