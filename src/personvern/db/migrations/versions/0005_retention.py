"""retention: runs, per-sweep progress, legal holds

Revision ID: 0005
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import personvern.db.types

revision = "0005"
down_revision = "0001"
branch_labels = ("retention",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("started_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("batch_size", sa.Integer(), nullable=False),
        sa.Column("declaration_hash", sa.String(length=64), nullable=False),
        sa.Column("totals", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    op.create_index(op.f("ix_retention_runs_state"), "retention_runs", ["state"])
    op.create_table(
        "retention_sweeps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("last_key", sa.Text(), nullable=True),
        sa.Column("pending", sa.Text(), nullable=True),
        sa.Column("affected", sa.BigInteger(), nullable=False),
        sa.Column("skipped", sa.Text(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("max_batch_ms", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.BigInteger(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("started_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["retention_runs.id"],
                                name=op.f("fk_retention_sweeps_run_id_retention_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_sweeps")),
        sa.UniqueConstraint("run_id", "key", name="uq_retention_sweeps_run_key"),
    )
    op.create_index(op.f("ix_retention_sweeps_run_id"), "retention_sweeps", ["run_id"])
    op.create_table(
        "retention_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("identity_type", sa.String(length=40), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=200), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_holds")),
    )
    op.create_index(op.f("ix_retention_holds_target"), "retention_holds", ["target"])


def downgrade() -> None:
    op.drop_index(op.f("ix_retention_holds_target"), table_name="retention_holds")
    op.drop_table("retention_holds")
    op.drop_index(op.f("ix_retention_sweeps_run_id"), table_name="retention_sweeps")
    op.drop_table("retention_sweeps")
    op.drop_index(op.f("ix_retention_runs_state"), table_name="retention_runs")
    op.drop_table("retention_runs")
