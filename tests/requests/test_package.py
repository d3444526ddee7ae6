import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest

from personvern.declaration.loader import load
from personvern.requests.entities import SubjectStatus
from personvern.requests.package import build_package
from tests.requests.shop import DECLARATION

WHEN = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
COLLECTED = {
    "shop:customers": [{"id": 1, "email": "anna@example.com", "name": "Anna Test", "phone": None}],
    "shop:orders": [
        {"id": 10, "customer_id": 1, "delivery_name": "Anna Test", "placed_at": datetime(2015, 5, 1)},
        {"id": 11, "customer_id": 1, "delivery_name": "Anna Test", "placed_at": datetime(2024, 6, 1)},
    ],
    "shop:newsletter": [{"id": 30, "email": "anna@example.com", "name": "Anna, «the» one"}],
    "shop:visits": [],
}


@pytest.fixture(scope="module")
def declaration():
    return load(DECLARATION).declaration


def _open(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return archive


def test_the_zip_holds_nested_json_one_csv_per_collection_and_a_readme(declaration):
    archive = _open(build_package(declaration, COLLECTED, "en", generated_at=WHEN, request_id=4))
    assert sorted(archive.namelist()) == [
        "README.txt", "data.json", "shop/customers.csv", "shop/newsletter.csv", "shop/orders.csv",
    ]
    data = json.loads(archive.read("data.json"))
    assert data["shop"]["orders"][1] == {
        "id": 11, "customer_id": 1, "delivery_name": "Anna Test", "placed_at": "2024-06-01T00:00:00",
    }
    assert list(data["shop"]["orders"][0]) == ["id", "customer_id", "delivery_name", "placed_at"]
    orders = list(csv.DictReader(io.StringIO(archive.read("shop/orders.csv").decode())))
    assert [o["id"] for o in orders] == ["10", "11"]
    newsletter = list(csv.DictReader(io.StringIO(archive.read("shop/newsletter.csv").decode())))
    assert newsletter[0]["name"] == "Anna, «the» one"
    customers = list(csv.DictReader(io.StringIO(archive.read("shop/customers.csv").decode())))
    assert customers[0]["phone"] == ""


def test_the_english_readme_names_everything_article_15_requires(declaration):
    readme = _open(build_package(declaration, COLLECTED, "en", generated_at=WHEN, request_id=4)).read(
        "README.txt").decode()
    # (a) purposes, legal basis and the law of a legal obligation
    assert "Purpose: providing the service you asked for" in readme
    assert "a legal obligation we are subject to (GDPR Art. 6(1)(c)), under bokføringsloven § 13" in readme
    assert "Our legitimate interest" not in readme  # the log activity found no data
    # (b) categories, (c) named recipients, (d) retention
    assert "Categories of personal data: name, email address, phone number" in readme
    assert "Driftshuset AS: Hosting of the shop database (Norway)" in readme
    assert "Kept for 5 years from the end of the calendar year of the transaction" in readme
    # (e) rights, (f) complaint, (g) source, (h) automated decisions
    for right in ("Rectification (Article 16)", "Erasure (Article 17)", "Restriction (Article 18)",
                  "Objection (Article 21)"):
        assert right in readme
    assert "complain to the supervisory authority, Datatilsynet" in readme
    assert "Where the data comes from: from you." in readme
    assert "Automated decision-making, including profiling: none" in readme
    # 15(2): the newsletter goes to the US under standard contractual clauses
    assert "Mailer Inc. (the United States)" in readme
    assert "standard contractual clauses (GDPR Art. 46(2)(c)) (EU SCC 2021/914 module 2)" in readme
    # activities that found nothing are listed apart; the data files are named
    assert "OTHER PROCESSING THAT MAY CONCERN YOU\n" in readme and "- Server logs:" in readme
    assert "shop/orders.csv  (2 records)" in readme
    assert "Testbutikken AS (organisation number 923609016)" in readme


def test_the_norwegian_readme(declaration):
    status = SubjectStatus(restricted=True, restricted_since=datetime(2026, 1, 2, tzinfo=UTC),
                           objections=["marketing.communications.email"])
    readme = _open(build_package(declaration, COLLECTED, "nb", generated_at=WHEN, status=status)).read(
        "README.txt").decode()
    assert readme.startswith("Dine personopplysninger hos Testbutikken AS")
    assert "Behandlingsgrunnlag: en rettslig forpliktelse vi har (art. 6 nr. 1 c), etter bokføringsloven § 13" in readme
    assert "Du har rett til å klage til tilsynsmyndigheten, Datatilsynet" in readme
    assert "Utenfor EØS; garanti: EU-kommisjonens standard personvernbestemmelser" in readme
    assert "Behandlingen av opplysningene dine er begrenset (artikkel 18) fra 02.01.2026" in readme
    assert "Du har protestert (artikkel 21) mot: markedsføring på e-post." in readme


def test_without_a_declaration_the_readme_says_the_information_must_come_separately():
    archive = _open(build_package(None, COLLECTED, "en", generated_at=WHEN))
    readme = archive.read("README.txt").decode()
    assert "without a declaration" in readme
    assert "Article 15(1)(a)-(h)" in readme
    assert json.loads(archive.read("data.json"))["shop"]["customers"][0]["email"] == "anna@example.com"


def test_no_data_found_gives_an_empty_data_file_and_says_so(declaration):
    archive = _open(build_package(declaration, {}, "en", generated_at=WHEN))
    assert json.loads(archive.read("data.json")) == {}
    assert "We found no personal data about you" in archive.read("README.txt").decode()
    assert date(2026, 1, 15).isoformat() in archive.read("README.txt").decode()
