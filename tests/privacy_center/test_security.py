"""Codes, status links, CSRF tokens and keyed hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from personvern.keys import Keys
from personvern.privacy_center.security import (
    STATUS_LINK_VALIDITY,
    CsrfTokens,
    StatusLinks,
    client_hash,
    code_hash,
    code_matches,
    identity_hash,
    new_code,
    new_ref,
)

KEYS = Keys(b"s" * 32)
NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)


def test_codes_are_six_digits_and_vary():
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190


def test_refs_are_long_random_and_url_safe():
    refs = {new_ref() for _ in range(50)}
    assert len(refs) == 50 and all(len(r) == 32 and r.replace("-", "").replace("_", "").isalnum() for r in refs)


def test_a_code_is_checked_against_its_keyed_hash_only_for_its_own_submission():
    stored = code_hash(KEYS, "ref-a", "042917")
    assert "042917" not in stored
    assert code_matches(KEYS, "ref-a", "042917", stored)
    assert code_matches(KEYS, "ref-a", " 042917 ", stored)
    assert not code_matches(KEYS, "ref-b", "042917", stored)
    assert not code_matches(KEYS, "ref-a", "042918", stored)
    assert not code_matches(KEYS, "ref-a", "042917", None)  # deleted once used
    assert not code_matches(Keys(b"t" * 32), "ref-a", "042917", stored)


def test_identity_hashes_normalise_the_address_and_hide_it():
    a = identity_hash(KEYS, "email", "Kari.Nordmann@Example.com ")
    assert a == identity_hash(KEYS, "email", "kari.nordmann@example.com")
    assert a != identity_hash(KEYS, "email", "ola.nordmann@example.com")
    assert "kari" not in a and len(a) == 64
    assert client_hash(KEYS, "192.0.2.1") != client_hash(KEYS, "192.0.2.2")


def test_a_status_link_is_bound_to_its_request_and_expires():
    links = StatusLinks(KEYS, "https://pv.example/")
    url = links.url(7, NOW, "nb")
    assert url.startswith("https://pv.example/privacy-center/status/7?expires=") and url.endswith("&lang=nb")
    query = dict(p.split("=") for p in url.split("?")[1].split("&"))
    expires, sig = int(query["expires"]), query["sig"]
    assert expires == int((NOW + STATUS_LINK_VALIDITY).timestamp())
    assert links.check(7, expires, sig, NOW).ok
    assert not links.check(8, expires, sig, NOW).genuine  # another person's request
    assert not links.check(7, expires + 1, sig, NOW).genuine  # a longer life
    assert not links.check(7, expires, sig[:-1] + "0", NOW).genuine
    late = links.check(7, expires, sig, NOW + STATUS_LINK_VALIDITY + timedelta(seconds=1))
    assert late.genuine and late.expired and not late.ok


def test_csrf_tokens_are_signed_and_must_match_the_cookie():
    tokens = CsrfTokens(KEYS)
    token = tokens.new()
    assert tokens.genuine(token)
    assert tokens.accepts(token, token)
    assert not tokens.accepts(token, tokens.new())  # another token
    assert not tokens.accepts(None, token) and not tokens.accepts(token, None)
    forged = "abc." + "0" * 64
    assert not tokens.accepts(forged, forged)  # matching, but not ours
    assert not CsrfTokens(Keys(b"t" * 32)).genuine(token)
