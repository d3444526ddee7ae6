"""breaches: the register, its append-only revisions, notice recipients, reminders

Revision ID: 0010
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import personvern.db.types

revision = "0010"
down_revision = "0001"
branch_labels = ("breaches",)
depends_on = None

UTC = personvern.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("aware_at", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("declaration_version_id", sa.Integer(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("authority_notified_at", UTC, nullable=True),
        sa.Column("notices_approved_at", UTC, nullable=True),
        sa.Column("notices_approved_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaches")),
    )
    op.create_index(op.f("ix_breaches_state"), "breaches", ["state"])
    op.create_index(op.f("ix_breaches_aware_at"), "breaches", ["aware_at"])
    op.create_table(
        "breach_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("snapshot_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["breach_id"], ["breaches.id"],
                                name=op.f("fk_breach_revisions_breach_id_breaches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_revisions")),
        sa.UniqueConstraint("breach_id", "number", name="uq_breach_revisions_number"),
    )
    op.create_index(op.f("ix_breach_revisions_breach_id"), "breach_revisions", ["breach_id"])
    op.create_table(
        "breach_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("address_enc", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("found_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("delivered_to", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["breach_id"], ["breaches.id"],
                                name=op.f("fk_breach_recipients_breach_id_breaches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_recipients")),
        sa.UniqueConstraint("breach_id", "address_hash", name="uq_breach_recipients_address"),
    )
    op.create_index(op.f("ix_breach_recipients_breach_id"), "breach_recipients", ["breach_id"])
    op.create_index(op.f("ix_breach_recipients_state"), "breach_recipients", ["state"])
    op.create_table(
        "breach_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("sent_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["breach_id"], ["breaches.id"],
                                name=op.f("fk_breach_reminders_breach_id_breaches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_reminders")),
        sa.UniqueConstraint("breach_id", "key", name="uq_breach_reminders_key"),
    )
    op.create_index(op.f("ix_breach_reminders_breach_id"), "breach_reminders", ["breach_id"])


def downgrade() -> None:
    for table in ("breach_reminders", "breach_recipients", "breach_revisions"):
        op.drop_table(table)
    op.drop_index(op.f("ix_breaches_aware_at"), table_name="breaches")
    op.drop_index(op.f("ix_breaches_state"), table_name="breaches")
    op.drop_table("breaches")
