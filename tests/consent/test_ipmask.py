import pytest

from personvern.consent.ipmask import mask_ip


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("192.0.2.77", "192.0.2.0"),
        ("198.51.100.255", "198.51.100.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::"),
        ("::ffff:203.0.113.9", "203.0.113.0"),
        ("fe80::1%eth0", "fe80::"),
        ("::1", "::"),
    ],
)
def test_truncates_ipv4_to_24_and_ipv6_to_48(given: str, stored: str) -> None:
    assert mask_ip(given) == stored


@pytest.mark.parametrize("given", [None, "", "testclient", "999.1.1.1", "example.com"])
def test_anything_else_is_not_stored(given: str | None) -> None:
    assert mask_ip(given) is None
