"""Alembic environment: uses the Database handed over by personvern.db.migrate."""

from __future__ import annotations

from alembic import context

from personvern.db.database import Database
from personvern.db.registry import metadata

config = context.config


def run_migrations_online() -> None:
    database: Database | None = config.attributes.get("database")
    if database is None:
        database = Database(config.get_main_option("sqlalchemy.url"))
    with database.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=database.is_sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
