"""personvern's own Fides-format example (tests/fixtures/fidesformat): a fictional bakery.

It runs everywhere, with or without the Fides project's files beside the checkout."""

from __future__ import annotations

from pathlib import Path

BAKERY = Path(__file__).resolve().parents[1] / "fixtures" / "fidesformat"
SQL = BAKERY / "bakery.sql"
DATASET = BAKERY / "bakery.yml"
LOYALTY = BAKERY / "bakery_loyalty.yml"
KEY = "bakery"
LOYALTY_KEY = "bakery_loyalty"
