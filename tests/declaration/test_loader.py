"""Loading: YAML with positions, content hash, every problem at once, odd files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from personvern.declaration.loader import LoadedDeclaration, load, load_text
from personvern.declaration.problems import DeclarationInvalid, Problem
from personvern.declaration.yamlsource import Position

ROOT = Path(__file__).resolve().parents[2]
SAAS = ROOT / "examples" / "saas-vendor"

VALID = """\
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
    dpa_date: 2024-02-29
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


def problems_of(text: str, filename: str = "personvern.yaml") -> list[str]:
    with pytest.raises(DeclarationInvalid) as caught:
        load_text(text, filename)
    return [str(p) for p in caught.value.problems]


def test_load_returns_the_declaration_its_text_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_text(VALID, encoding="utf-8")
    loaded = load(path)
    assert isinstance(loaded, LoadedDeclaration)
    assert loaded.path == path and loaded.text == VALID
    assert loaded.declaration.activities[0].legal_basis == "consent"
    assert loaded.position(("activities", 0, "legal_basis")) == Position(18, 18)
    assert loaded.position(("activities", 0, "recipients", 0)) == Position(21, 18)
    assert loaded.positions[("activities", 0)].key == Position(15, 5)
    # a path that is not written (a default) falls back to its nearest written parent
    assert loaded.position(("activities", 0, "role", "kind")) == Position(15, 5)


def test_the_content_hash_of_a_file_without_datasets_is_the_sha256_of_its_bytes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_bytes(VALID.encode("utf-8"))
    assert load(path).content_hash == hashlib.sha256(VALID.encode("utf-8")).hexdigest()
    assert load_text(VALID).content_hash == load(path).content_hash


def test_the_content_hash_covers_the_dataset_files_so_a_dataset_change_is_a_new_version(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "saas"
    shutil.copytree(SAAS, folder)
    first = load(folder / "personvern.yaml")
    declaration_bytes = (folder / "personvern.yaml").read_bytes()
    dataset = folder / "datasets" / "app_db.yml"
    assert (
        first.content_hash == hashlib.sha256(declaration_bytes + dataset.read_bytes()).hexdigest()
    )
    assert first.dataset_files() == [dataset.resolve()]
    dataset.write_text(dataset.read_text(encoding="utf-8") + "# a change\n", encoding="utf-8")
    second = load(folder / "personvern.yaml")
    assert second.content_hash != first.content_hash
    assert second.text == first.text


def test_yaml_is_read_with_yaml_1_2_scalars_so_norway_stays_no() -> None:
    text = VALID.replace("name: Mailer AB", "name: yes").replace(
        "service: Sending e-mail", "service: on"
    )
    loaded = load_text(text)
    assert loaded.declaration.controller.country == "NO"
    assert loaded.declaration.controller.address.postal_code == "0150"
    assert (
        loaded.declaration.processors[0].name == "yes"
        and loaded.declaration.processors[0].service == "on"
    )
    assert str(loaded.declaration.processors[0].dpa_date) == "2024-02-29"


def test_an_impossible_date_is_a_problem_not_a_crash() -> None:
    assert problems_of(VALID.replace("2024-02-29", "2023-02-29")) == [
        "personvern.yaml:13:15: invalid date '2023-02-29' for 'dpa_date' of processor 'mailer'; "
        "write it as YYYY-MM-DD, e.g. 2024-05-31"
    ]
    assert problems_of(VALID.replace("2024-02-29", "!!timestamp 2023-02-30")) == [
        "personvern.yaml:13:15: invalid YAML: cannot read this value (day is out of range for "
        "month); "
        "check the indentation and quoting here"
    ]


def test_structural_and_rule_problems_are_reported_together() -> None:
    text = VALID.replace(
        "    recipients: [mailer]\n", "    recipients: [mailer]\n    colour: blue\n"
    ) + (
        "  - key: stats\n"
        "    name: Statistics\n"
        "    purpose: analytics.reporting\n"
        "    legal_basis: legitimate_interests\n"
        "    data_subjects: [visitor]\n"
        "    data_categories: [user.device.ip_address]\n"
        "    retention: {period: P30D, anchor: collected}\n"
    )
    assert problems_of(text) == [
        "personvern.yaml:22:5: unknown key 'colour' in activity 'newsletter'; remove it "
        "(docs/declaration.md lists the keys allowed here)",
        "personvern.yaml:28:18: activity 'stats' relies on legitimate_interests but has no "
        "legitimate_interest; "
        "add legitimate_interest: with the interest pursued (interest:) and a summary of the "
        "balancing test "
        "(assessment:), GDPR Art. 6(1)(f)",
    ]


def test_problems_are_sorted_by_position_and_given_once() -> None:
    a = Problem("f.yaml", 3, 1, "b")
    b = Problem("f.yaml", 1, 9, "a")
    error = DeclarationInvalid([a, b, a])
    assert error.problems == [b, a]
    assert str(b) == "f.yaml:1:9: a"
    assert b.as_dict() == {"file": "f.yaml", "line": 1, "column": 9, "message": "a"}
    assert str(Problem("f.yaml", 0, 0, "no such file")) == "f.yaml: no such file"
    assert error.message.startswith("the declaration has 2 problems: f.yaml:1:9: a")


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(DeclarationInvalid) as caught:
        load(tmp_path / "nope.yaml")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'nope.yaml'}: no such file; check the path"
    ]


def test_a_file_that_is_not_utf8_is_reported_where_the_bad_byte_is(tmp_path: Path) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_bytes(
        VALID.encode("utf-8").replace(b"name: Newsletter", b"name: Nyhetsbr\xc3\xa6v \xe6")
    )
    with pytest.raises(DeclarationInvalid) as caught:
        load(path)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (16, 22, "the file is not UTF-8 text; save it with UTF-8 encoding")
    ]


def test_a_byte_order_mark_is_accepted_and_kept_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "personvern.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    loaded = load(path)
    assert loaded.text.startswith("\ufeff")
    assert loaded.position(("controller", "email")) == Position(7, 10)


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    assert problems_of(bomb) == [
        "personvern.yaml:1:1: the file expands to too many values: the declaration cannot use such "
        "YAML aliases; "
        "write the values out instead"
    ]


def test_a_recursive_alias_is_refused() -> None:
    assert problems_of("a: &a [*a]\n") == [
        "personvern.yaml:1:1: an alias refers to itself: the declaration cannot use such YAML "
        "aliases; "
        "write the values out instead"
    ]


def test_several_documents_are_a_syntax_problem() -> None:
    assert problems_of(VALID + "---\npersonvern: 1\n") == [
        "personvern.yaml:24:1: invalid YAML: but found another document; keep one document per "
        "file: "
        "remove the '---' separator"
    ]


def test_load_text_names_the_file_and_finds_datasets_next_to_it() -> None:
    text = (SAAS / "personvern.yaml").read_text(encoding="utf-8")
    loaded = load_text(text, "upload.yaml", base_dir=SAAS)
    assert loaded.declaration.datasets[0].key == "app_db"
    with pytest.raises(DeclarationInvalid) as caught:
        load_text(text, "elsewhere/upload.yaml")
    assert [p.message for p in caught.value.problems] == [
        "dataset file 'datasets/app_db.yml' of dataset 'app_db' does not exist (paths are relative "
        "to the "
        "declaration's folder); fix the path or add the file"
    ]
    assert caught.value.problems[0].file == "elsewhere/upload.yaml"


def test_a_dataset_path_that_is_a_folder_or_absolute_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "datasets").mkdir()
    text = VALID.replace(
        "activities:\n",
        (
            "datasets:\n"
            "  - {key: one, file: datasets, connection_env: ONE_URL}\n"
            "  - {key: two, file: /etc/hosts, connection_env: TWO_URL}\n"
            "activities:\n"
        ),
    )
    with pytest.raises(DeclarationInvalid) as caught:
        load_text(text, str(tmp_path / "personvern.yaml"))
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            15,
            "dataset file 'datasets' of dataset 'one' is not a file; give the path of the dataset "
            "YAML file",
        ),
        (
            16,
            "dataset file '/etc/hosts' of dataset 'two' must be a path relative to the "
            "declaration's folder, "
            "e.g. datasets/shop.yml",
        ),
    ]


def test_a_missing_value_is_reported_at_its_key() -> None:
    assert problems_of(VALID.replace("    legal_basis: consent\n", "    legal_basis:\n")) == [
        "personvern.yaml:18:5: 'legal_basis' of activity 'newsletter' is empty; use one of: "
        "consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests"
    ]
