"""Issue 13's findings about links, each as a regression test named after it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from personvern.keys import Keys, same_digest
from tests.privacy_center.conftest import KARI, Demo
from tests.privacy_center.test_pages import status_link, submit


def test_non_ascii_signatures_are_invalid_not_a_typeerror(demo: Demo, demo_client: TestClient) -> None:
    assert not same_digest("ab" * 32, "é" * 64)
    assert not same_digest("ab" * 32, None)
    assert not Keys(b"k" * 32).verify("p", b"m", "abc.é")
    for path in ("/privacy-center/status/1?expires=1&sig=%C3%A9", "/privacy-center/download/1?expires=1&sig=%C3%A9",
                 "/exports/1?expires=1&sig=%C3%A9"):
        answer = demo_client.get(path)
        assert answer.status_code in (403, 404), (path, answer.status_code)


def test_an_out_of_range_expiry_is_an_invalid_link_not_a_500(demo_client: TestClient) -> None:
    for expires in ("9999999999999", "-5", str(2**70)):
        answer = demo_client.get(f"/privacy-center/status/2?expires={expires}&sig={'0' * 64}")
        assert answer.status_code in (403, 422), (expires, answer.status_code)


def test_a_forged_download_link_is_invalid_not_expired(demo: Demo, demo_client: TestClient) -> None:
    answer = demo_client.get(f"/privacy-center/download/1?expires=1&sig={'0' * 64}")
    assert answer.status_code == 403
    assert "expired" not in answer.text.lower()


def test_the_verify_address_grants_nothing_after_verification(demo: Demo, demo_client: TestClient) -> None:
    """Issue 13: GET /privacy-center/verify/{ref} issued a fresh 30-day status link forever."""
    sent = submit(demo_client, KARI)
    verify_path = sent.headers["location"]
    code = demo.last_code(KARI)
    page = demo_client.get(verify_path)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    demo_client.post(verify_path.split("?")[0], data={"code": code, "csrf": csrf}, follow_redirects=False)
    again = demo_client.get(verify_path, follow_redirects=False)
    assert again.status_code == 200
    assert "already confirmed" in again.text
    assert "/privacy-center/status/" not in again.text.split('action="')[0]  # no status link handed out
    assert "sig=" not in again.text


def test_status_links_still_work_for_the_person(demo: Demo, demo_client: TestClient) -> None:
    link = status_link(demo, demo_client)
    assert demo_client.get(link).status_code == 200
