"""Migrations from empty to head (and back) on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from personvern.db.database import Database
from personvern.db.migrate import alembic_config, downgrade, upgrade
from personvern.db.registry import metadata


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    database = Database(url)
    yield database
    database.dispose()


def test_upgrade_from_empty_creates_every_table(empty_database: Database) -> None:
    assert inspect(empty_database.engine).get_table_names() == []
    upgrade(empty_database)
    tables = set(inspect(empty_database.engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_is_idempotent_and_downgrade_works(empty_database: Database) -> None:
    upgrade(empty_database)
    upgrade(empty_database)
    downgrade(empty_database, "base")
    assert set(inspect(empty_database.engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_database)
    assert "audit_entries" in inspect(empty_database.engine).get_table_names()


def test_models_and_migrations_agree(empty_database: Database) -> None:
    """Autogenerate finds nothing to do: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade(empty_database)
    with empty_database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_every_revision_has_a_downgrade(empty_database: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(empty_database))
    for revision in script.walk_revisions():
        source = Path(revision.path).read_text()
        assert "def downgrade" in source, revision.revision


def test_fast_path_knows_the_same_heads_as_alembic(empty_database: Database) -> None:
    from personvern.db.migrate import is_current, revision_graph

    script = ScriptDirectory.from_config(alembic_config(empty_database))
    assert set(revision_graph()) == {revision.revision for revision in script.walk_revisions()}
    assert not is_current(empty_database)
    upgrade(empty_database, "0001")
    assert not is_current(empty_database)
    upgrade(empty_database)
    assert is_current(empty_database)


def test_child_process_migration_leaves_alembic_out_of_this_process(empty_database: Database) -> None:
    import subprocess
    import sys

    script = (
        "import sys; from personvern.db.database import Database; "
        "from personvern.db.migrate import upgrade_in_child_process, is_current; "
        "db = Database(sys.argv[1]); upgrade_in_child_process(db); "
        "assert is_current(db); assert 'alembic' not in sys.modules, 'alembic loaded'"
    )
    subprocess.run([sys.executable, "-c", script, empty_database.url], check=True, timeout=120)
    from personvern.db.migrate import is_current

    assert is_current(empty_database)
