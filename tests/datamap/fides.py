"""The Fides example (shared/interop/fides): load its SQL into a fresh PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import SHARED

FIDES = SHARED / "interop" / "fides"
SAMPLE_SQL = FIDES / "postgres_sample.sql"
DATASET = FIDES / "postgres_example_test_dataset.yml"
EXTENDED = FIDES / "postgres_example_test_extended_dataset.yml"
KEY = "postgres_example_test_dataset"
EXTENDED_KEY = "postgres_example_test_extended_dataset"


def libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def load_sample(url: str, script: Path = SAMPLE_SQL) -> None:
    """Runs the file as psql would: one script, statements in order, outside a transaction
    block (the file has no psql meta-commands; psycopg sends it with the simple protocol)."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(script.read_text(encoding="utf-8"))


def table(url: str, name: str, order: str) -> list[tuple]:
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute(f"SELECT * FROM {name} ORDER BY {order}").fetchall()


# The Fides project's files come with ../shared (CI has it); a plain clone of the repository does
# not. Without them these interop tests are skipped with this reason, and personvern's own
# Fides-format example (tests/datamap/test_fides_format.py) covers the same engine paths.
requires_fides = pytest.mark.skipif(
    not SAMPLE_SQL.is_file(),
    reason=f"the Fides project's example files are not at {FIDES} (a clone without ../shared); "
    "test_fides_format.py covers the same paths with personvern's own files",
)
