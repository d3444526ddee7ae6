"""The person's pages over HTTP: languages, CSRF, errors, links, downloads, nothing from third parties."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from personvern.privacy_center.security import CSRF_COOKIE, MAX_CODE_ATTEMPTS, STATUS_LINK_VALIDITY
from tests.privacy_center.conftest import KARI, OLA, Demo

EXTERNAL = re.compile(r"""(src|href|action)\s*=\s*["'](https?:)?//""", re.I)


def csrf(client: TestClient, lang: str = "en") -> str:
    page = client.get(f"/privacy-center?lang={lang}")
    assert page.status_code == 200
    return client.cookies.get(CSRF_COOKIE)  # type: ignore[return-value]


def submit(client: TestClient, email: str = KARI, asked: str = "access", lang: str = "en", **extra: str):
    data = {"csrf": csrf(client, lang), "lang": lang, "asked": asked, "email": email, **extra}
    return client.post("/privacy-center", data=data, follow_redirects=False)


def verify(client: TestClient, location: str, code: str):
    return client.post(location, data={"csrf": client.cookies.get(CSRF_COOKIE), "code": code}, follow_redirects=False)


def status_link(demo: Demo, client: TestClient, email: str = KARI, asked: str = "access") -> str:
    answer = submit(client, email, asked)
    verified = verify(client, answer.headers["location"], demo.last_code(email))
    assert verified.status_code == 303
    return verified.headers["location"]


@pytest.mark.parametrize(
    ("header", "lang", "heading"),
    [
        ("nb-NO,nb;q=0.9,en;q=0.8", "nb", "Personvernsenter"),
        ("no", "nb", "Personvernsenter"),
        ("nn-NO", "nb", "Personvernsenter"),
        ("en-GB,en;q=0.9", "en", "Privacy center"),
        ("de-DE,de;q=0.9", "en", "Privacy center"),
        ("de;q=0.9,nb;q=0.5,en;q=0.4", "nb", "Personvernsenter"),
        ("", "en", "Privacy center"),
    ],
)
def test_the_language_comes_from_accept_language(demo_client: TestClient, header, lang, heading):
    page = demo_client.get("/privacy-center", headers={"Accept-Language": header})
    assert f'<html lang="{lang}">' in page.text and f"<h1>{heading}</h1>" in page.text


def test_the_language_can_be_switched(demo_client: TestClient):
    page = demo_client.get("/privacy-center?lang=nb", headers={"Accept-Language": "en"})
    assert '<html lang="nb">' in page.text
    assert '<a href="/privacy-center?lang=en" hreflang="en" lang="en">English</a>' in page.text


def test_the_form_offers_every_right_and_the_declarations_choices(demo_client: TestClient):
    page = demo_client.get("/privacy-center?lang=en").text
    for kind in ("access", "portability", "erasure", "rectification", "restriction", "objection", "withdrawal"):
        assert f'id="asked-{kind}"' in page
    assert 'id="object-customer_care"' in page and 'id="object-newsletter"' in page  # Art. 21(1), 21(2)
    assert 'id="withdraw-newsletter"' in page and 'id="withdraw-site_logs"' not in page
    assert "Company bike scheme, which Nordlys Sykkel AS runs for Havbris Teknologi AS" in page
    assert "If you are under 16" in page
    assert '<label for="email">Email address</label>' in page and 'autocomplete="email"' in page


def test_pages_load_nothing_from_third_parties_and_run_no_script(demo: Demo, demo_client: TestClient):
    link = status_link(demo, demo_client)
    for url in ("/privacy-center?lang=en", "/privacy-center?lang=nb", link):
        page = demo_client.get(url)
        assert "<script" not in page.text and not EXTERNAL.search(page.text), url
        policy = page.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "style-src 'self'" in policy and "form-action 'self'" in policy
        assert page.headers["referrer-policy"] == "no-referrer"
    css = demo_client.get("/privacy-center/style.css")
    assert css.status_code == 200 and "url(" not in css.text and "@import" not in css.text


def test_a_form_without_the_csrf_token_is_refused(demo: Demo, demo_client: TestClient):
    demo_client.get("/privacy-center")
    answer = demo_client.post("/privacy-center", data={"asked": "access", "email": KARI, "lang": "en"})
    assert answer.status_code == 403 and "The form has expired" in answer.text
    forged = demo_client.post("/privacy-center", data={"csrf": "abc.def", "asked": "access", "email": KARI})
    assert forged.status_code == 403
    assert demo.center.shared.engine.service.list() == [] and demo.outbox() == []


def test_a_form_with_problems_is_shown_again_with_the_errors(demo_client: TestClient):
    answer = submit(demo_client, email="not-an-email", asked="rectification", lang="nb")
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text and "Rett opp dette" in answer.text
    assert '<a href="#email">Skriv inn en e-postadresse som navn@example.com.</a>' in answer.text
    assert 'aria-invalid="true"' in answer.text and 'value="not-an-email"' in answer.text
    assert "Fortell oss hva som er feil" in answer.text


def test_the_answer_to_a_submission_is_the_same_for_any_address_and_has_no_personal_data(demo_client: TestClient):
    known = submit(demo_client, KARI)
    unknown = submit(demo_client, "nobody.here@example.com")
    assert known.status_code == unknown.status_code == 303
    for answer in (known, unknown):
        location = answer.headers["location"]
        assert re.fullmatch(r"/privacy-center/verify/[A-Za-z0-9_-]{32}\?lang=en", location)
        assert "example" not in location and "%40" not in location
    page_known = demo_client.get(known.headers["location"]).text
    page_unknown = demo_client.get(unknown.headers["location"]).text
    ref = lambda a: urlsplit(a.headers["location"]).path.rsplit("/", 1)[1]  # noqa: E731
    assert page_known.replace(ref(known), "R") == page_unknown.replace(ref(unknown), "R")


def test_verification_brute_force_is_refused_after_the_limit(demo: Demo, demo_client: TestClient):
    location = submit(demo_client, KARI).headers["location"]
    code = demo.last_code(KARI)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in range(MAX_CODE_ATTEMPTS - 1, 0, -1):
        answer = verify(demo_client, location, wrong)
        assert answer.status_code == 422 and f"You have {left} attempt(s) left." in answer.text
    final = verify(demo_client, location, wrong)
    assert final.status_code == 403 and "We could not confirm your request" in final.text
    assert "Art. 11(2)" in final.text
    after = verify(demo_client, location, code)
    assert after.status_code == 403 and "location" not in after.headers
    assert demo.center.shared.engine.service.list()[0].state == "refused"


def test_a_malformed_code_is_not_counted(demo: Demo, demo_client: TestClient):
    location = submit(demo_client, KARI).headers["location"]
    answer = verify(demo_client, location, "12ab")
    assert answer.status_code == 422 and "Enter the six digits" in answer.text
    assert verify(demo_client, location, demo.last_code(KARI)).status_code == 303


def test_the_status_page_shows_the_state_the_deadline_and_the_download(demo: Demo, demo_client: TestClient):
    link = status_link(demo, demo_client)
    assert "example" not in link
    page = demo_client.get(link)
    assert page.status_code == 200 and 'data-state="completed"' in page.text
    href = re.search(r'id="download" href="([^"]+)"', page.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    download = demo_client.get(href)
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert {"README.txt", "data.json"} <= set(archive.namelist())


def test_a_waiting_request_shows_its_deadline(demo: Demo, demo_client: TestClient):
    link = status_link(demo, demo_client, OLA, "erasure")
    page = demo_client.get(link.replace("lang=en", "lang=nb")).text
    assert 'data-state="verified"' in page and "16. februar 2026" in page
    assert "søndag 15. februar 2026" in page  # why the last day moved
    assert "ser på forespørsler av denne typen" in page


def test_another_persons_status_link_does_not_work(demo: Demo, demo_client: TestClient):
    mine = status_link(demo, demo_client, KARI)
    theirs = status_link(demo, demo_client, OLA, "erasure")
    my_id = int(urlsplit(mine).path.rsplit("/", 1)[1])
    their_id = int(urlsplit(theirs).path.rsplit("/", 1)[1])
    forged = mine.replace(f"/status/{my_id}?", f"/status/{their_id}?")
    answer = demo_client.get(forged)
    assert answer.status_code == 403 and "This link does not work" in answer.text
    assert OLA not in answer.text
    query = parse_qs(urlsplit(mine).query)
    download = demo_client.get(f"/privacy-center/download/{their_id}?expires={query['expires'][0]}&sig={query['sig'][0]}")
    assert download.status_code == 403 and download.headers["content-type"].startswith("text/html")


def test_an_expired_status_link_shows_a_readable_page_and_sends_a_new_link(demo: Demo, demo_client: TestClient):
    link = status_link(demo, demo_client)
    demo.clock.advance(seconds=STATUS_LINK_VALIDITY.total_seconds() + 1)
    expired = demo_client.get(link)
    assert expired.status_code == 410 and "This link has expired" in expired.text
    form_action = re.search(r'action="(/privacy-center/status/\d+/new-link[^"]*)"', expired.text).group(1)  # type: ignore[union-attr]
    token = demo_client.cookies.get(CSRF_COOKIE)
    before = len(demo.mails_to(KARI))
    wrong = demo_client.post(form_action, data={"csrf": token, "email": OLA})
    assert wrong.status_code == 200 and "If the address is the one" in wrong.text
    assert len(demo.mails_to(KARI)) == before and demo.mails_to(OLA) == []
    right = demo_client.post(form_action, data={"csrf": token, "email": KARI.upper()})
    assert right.status_code == 200 and right.text == wrong.text  # the page tells nothing about the address
    fresh = demo.mails_to(KARI)[-1]
    assert fresh.subject.startswith("A new link to your request no.")
    new_link = re.search(r"http://\S+/privacy-center/status/\S+", fresh.text).group(0)  # type: ignore[union-attr]
    assert demo_client.get(new_link).status_code == 200


def test_an_expired_download_link_gives_a_readable_page(demo: Demo, demo_client: TestClient):
    link = status_link(demo, demo_client)
    href = re.search(r'id="download" href="([^"]+)"', demo_client.get(link).text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    demo.clock.advance(days=7, seconds=1)
    answer = demo_client.get(href)
    assert answer.status_code == 410 and answer.headers["content-type"].startswith("text/html")
    assert "This download link has expired" in answer.text and "Send me a new link" in answer.text
    assert 'href="/privacy-center?lang=en&amp;asked=access">Ask for a new copy</a>' in answer.text
    assert 'id="asked-access" value="access" checked' in demo_client.get("/privacy-center?asked=access").text
    page = demo_client.get(link).text
    assert 'id="download"' not in page and "has been deleted" in page


def test_too_many_submissions_get_a_readable_429(demo_client: TestClient):
    for i in range(10):
        assert submit(demo_client, f"p{i}@example.com").status_code == 303
    answer = submit(demo_client, "p10@example.com")
    assert answer.status_code == 429 and "Please wait a little" in answer.text
    assert int(answer.headers["retry-after"]) > 0


def test_an_unknown_verification_page_is_a_readable_404(demo_client: TestClient):
    answer = demo_client.get("/privacy-center/verify/" + "a" * 32)
    assert answer.status_code == 404 and "<h1>" in answer.text


def test_without_a_declaration_the_privacy_center_says_so(client: TestClient):
    answer = client.get("/privacy-center")
    assert answer.status_code == 503 and "not set up yet" in answer.text


def test_the_landing_page_links_the_privacy_center_and_the_outbox(demo_client: TestClient):
    landing = demo_client.get("/").text
    assert 'href="/privacy-center"' in landing and 'href="/demo/outbox"' in landing
