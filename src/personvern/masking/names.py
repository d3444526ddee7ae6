"""Names of masking strategies: personvern's own and the Fides names a dataset file may use."""

from __future__ import annotations

NULL = "null"
FIXED = "fixed"
KEYED_HASH = "keyed_hash"
SURROGATE = "surrogate"
GENERALISE_DATE = "generalise_date"
TRUNCATE_IP = "truncate_ip"
DELETE_ROW = "delete_row"

STRATEGIES = (NULL, FIXED, KEYED_HASH, SURROGATE, GENERALISE_DATE, TRUNCATE_IP, DELETE_ROW)

# Fides' masking strategy names (fides/api/service/masking/strategy/) and what they become.
# ``hash`` in Fides is a salted plain hash and ``aes_encrypt`` is reversible: both become a keyed
# HMAC-SHA256 here (never a plain hash, never reversible).
FIDES_ALIASES = {
    "null_rewrite": NULL,
    "string_rewrite": FIXED,
    "hash": KEYED_HASH,
    "hmac": KEYED_HASH,
    "aes_encrypt": KEYED_HASH,
    "random_string_rewrite": SURROGATE,
    "delete": DELETE_ROW,
}
OWN_ALIASES = {
    "generalize_date": GENERALISE_DATE,
    "date_generalisation": GENERALISE_DATE,
    "ip_truncation": TRUNCATE_IP,
    "hmac_sha256": KEYED_HASH,
}


def canonical_strategy(name: str) -> str | None:
    """personvern's name of a strategy given by any accepted name, or None when unknown."""
    if name in STRATEGIES:
        return name
    return FIDES_ALIASES.get(name) or OWN_ALIASES.get(name)
