"""consent: records, daily counters, banner texts, checkpoints

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import personvern.db.types

revision = "0002"
down_revision = "0001"
branch_labels = ("consent",)
depends_on = None

RecordId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "consent_records",
        sa.Column("id", RecordId, autoincrement=True, nullable=False),
        sa.Column("consent_id", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("property", sa.String(length=255), nullable=False),
        sa.Column("page_url", sa.String(length=2048), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("declaration_version", sa.Integer(), nullable=False),
        sa.Column("banner_hash", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("gpc", sa.Boolean(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=512), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    op.create_index(op.f("ix_consent_records_consent_id"), "consent_records", ["consent_id"])
    op.create_index(op.f("ix_consent_records_recorded_at"), "consent_records", ["recorded_at"])
    op.create_index(
        "ix_consent_records_property_recorded_at", "consent_records", ["property", "recorded_at"]
    )
    op.create_table(
        "consent_counters",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("property", sa.String(length=255), nullable=False),
        sa.Column("metric", sa.String(length=80), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "property", "metric", "shard", name=op.f("pk_consent_counters")),
    )
    op.create_table(
        "consent_banners",
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("declaration_version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("stored_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("text_hash", name=op.f("pk_consent_banners")),
    )
    op.create_table(
        "consent_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("first_record_id", RecordId, nullable=False),
        sa.Column("last_record_id", RecordId, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("audit_entry_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_checkpoints")),
        sa.UniqueConstraint("first_record_id", name=op.f("uq_consent_checkpoints_first_record_id")),
    )


def downgrade() -> None:
    op.drop_table("consent_checkpoints")
    op.drop_table("consent_banners")
    op.drop_table("consent_counters")
    op.drop_index("ix_consent_records_property_recorded_at", table_name="consent_records")
    op.drop_index(op.f("ix_consent_records_recorded_at"), table_name="consent_records")
    op.drop_index(op.f("ix_consent_records_consent_id"), table_name="consent_records")
    op.drop_table("consent_records")
