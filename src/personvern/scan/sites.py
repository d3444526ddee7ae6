"""Which host belongs to which site (registrable domain, by the Public Suffix List)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


@lru_cache(maxsize=4096)
def site_of(host: str) -> str:
    """``www.shop.example.co.uk`` -> ``example.co.uk``; an IP address or a single-label host
    is its own site (so 127.0.0.1 and 127.0.0.2 are two sites, as a browser sees them)."""
    host = host.lower().strip("[]").rstrip(".").lstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    return _psl().privatesuffix(host) or host


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_site(host: str, other: str) -> bool:
    return site_of(host) == site_of(other)
