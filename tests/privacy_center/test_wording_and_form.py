"""What a newcomer stumbled on: the details fields, the waiting time, the referral's wording, and
table names on the status page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import serve
from tests.privacy_center.conftest import KARI, OLA, Demo
from tests.privacy_center.test_pages import status_link, submit


def test_the_waiting_time_is_said_in_words_not_minutt_er(demo_client: TestClient) -> None:
    for i in range(10):
        submit(demo_client, f"q{i}@example.com", lang="nb")
    answer = submit(demo_client, "q10@example.com", lang="nb")
    assert answer.status_code == 429
    assert "(er)" not in answer.text and "(s)" not in answer.text
    assert re.search(r"Prøv igjen om (ett minutt|\d+ minutter)\.", answer.text)


def test_the_referral_tells_the_client_about_their_data_not_yours(demo: Demo) -> None:
    demo.submit_and_verify("access", KARI, scope="company_bike_scheme")
    [notice] = demo.mails_to("personvern@havbris.example")
    assert "a copy of their personal data" in notice.text
    assert "your personal data" not in notice.text


def test_the_status_of_an_erasure_names_purposes_with_counts_not_tables(demo: Demo, demo_client: TestClient) -> None:
    link = status_link(demo, demo_client, OLA, "erasure")
    request_id = int(re.search(r"/status/(\d+)", link).group(1))  # type: ignore[union-attr]
    demo.center.workflow.approve(request_id, actor="test")
    page = demo_client.get(link).text
    erased = re.search(r'<ul id="erased">(.*?)</ul>', page, re.S).group(1)  # type: ignore[union-attr]
    kept = re.search(r'<ul id="kept">(.*?)</ul>', page, re.S).group(1)  # type: ignore[union-attr]
    for table in ("orders", "invoices", "customers", "newsletter_subscribers"):
        assert table not in erased and table not in kept, table
    assert re.search(r"Customer accounts \(\d+ records?\)", erased)
    assert re.search(r"Bookkeeping \(\d+ records?\): kept under bokføringsloven", kept)
    assert "Bookkeeping" not in erased


@pytest.fixture
def served(demo) -> Iterator[str]:
    from personvern.web.app import create_app

    yield from serve(create_app(demo.container.settings, container=demo.container))


@pytest.mark.browser
def test_the_form_shows_only_the_details_of_the_chosen_request(browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # CSS alone does it
    page = context.new_page()
    page.goto(f"{served}/privacy-center?lang=en")
    details = page.locator("fieldset.details")
    assert not details.is_visible()  # nothing chosen yet: no details asked
    page.check("#asked-access")
    assert not details.is_visible()  # access needs none
    page.check("#asked-rectification")
    assert page.locator("#correction").is_visible() and not page.locator("#restriction_reason").is_visible()
    page.check("#asked-restriction")
    assert page.locator("#restriction_reason").is_visible() and not page.locator("#correction").is_visible()
    if page.locator("#asked-objection").count():
        page.check("#asked-objection")
        assert page.locator("#purposes_objection").is_visible()
        assert not page.locator("#restriction_reason").is_visible()
    context.close()
