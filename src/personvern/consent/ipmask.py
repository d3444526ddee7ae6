"""IP truncation for consent records: IPv4 keeps its /24, IPv6 its /48.

The full address never leaves this function: what is stored is the network address,
e.g. ``192.0.2.77`` becomes ``192.0.2.0`` and ``2001:db8:85a3:8d3:1319:8a2e:370:7348``
becomes ``2001:db8:85a3::``. An IPv4-mapped IPv6 address is treated as the IPv4 address.
"""

from __future__ import annotations

import ipaddress

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def mask_ip(value: str | None) -> str | None:
    """The truncated address, or None when ``value`` is not an IP address."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    packed = address.packed
    if address.version == 4:
        return str(ipaddress.IPv4Address(packed[: IPV4_PREFIX // 8] + bytes(4 - IPV4_PREFIX // 8)))
    return str(ipaddress.IPv6Address(packed[: IPV6_PREFIX // 8] + bytes(16 - IPV6_PREFIX // 8)))
