from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from personvern.keys import Keys
from personvern.requests.links import ExportLinks, LinkRefused

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def links() -> ExportLinks:
    return ExportLinks(Keys(b"k" * 32), "https://privacy.example/")


def _parts(url: str) -> tuple[int, int, str]:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    return int(parsed.path.rsplit("/", 1)[1]), int(query["expires"][0]), query["sig"][0]


def test_a_link_is_accepted_for_its_request_until_it_expires(links):
    url = links.url(7, NOW + timedelta(days=7))
    assert url.startswith("https://privacy.example/exports/7?expires=")
    request_id, expires, sig = _parts(url)
    assert links.check(request_id, expires, sig, NOW) == datetime.fromtimestamp(expires, UTC)


def test_refused_for_another_request_a_tampered_signature_or_expiry_and_after_expiry(links):
    _, expires, sig = _parts(links.url(7, NOW + timedelta(days=7)))
    with pytest.raises(LinkRefused, match="not valid"):
        links.check(8, expires, sig, NOW)
    with pytest.raises(LinkRefused, match="not valid"):
        links.check(7, expires, sig[:-1] + ("0" if sig[-1] != "0" else "1"), NOW)
    with pytest.raises(LinkRefused, match="not valid"):
        links.check(7, expires + 86400, sig, NOW)
    with pytest.raises(LinkRefused, match="expired"):
        links.check(7, expires, sig, NOW + timedelta(days=7))


def test_another_secret_makes_other_signatures(links):
    other = ExportLinks(Keys(b"x" * 32), "https://privacy.example")
    _, expires, sig = _parts(other.url(7, NOW + timedelta(days=1)))
    with pytest.raises(LinkRefused):
        links.check(7, expires, sig, NOW)
