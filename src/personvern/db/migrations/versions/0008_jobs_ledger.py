"""jobs_ledger: every queued job and what became of it (queued, running, retrying, failed, done)

Revision ID: 0008
Revises: 0001
Create Date: 2026-12-05 08:40:00
"""

from alembic import op
import sqlalchemy as sa

import personvern.db.types


revision = "0008"
down_revision = "0001"
branch_labels = ("jobs",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs_ledger",
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=False),
        sa.Column("queued_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_jobs_ledger")),
    )
    with op.batch_alter_table("jobs_ledger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_ledger_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_ledger_ref"), ["ref"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_ledger_state"), ["state"], unique=False)


def downgrade() -> None:
    op.drop_table("jobs_ledger")
