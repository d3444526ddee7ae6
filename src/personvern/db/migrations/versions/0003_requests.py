"""requests: data-subject requests, their resumable steps, subject flags, export packages

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 05:00:00
"""

from alembic import op
import sqlalchemy as sa

import personvern.db.types


revision = "0003"
down_revision = "0001"
branch_labels = ("requests",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("identity_enc", sa.Text(), nullable=False),
        sa.Column("params_enc", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("declaration_version_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_version_id"], ["declaration_versions.id"],
            name=op.f("fk_requests_declaration_version_id_declaration_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requests_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_identity_hash"), ["identity_hash"], unique=False)

    op.create_table(
        "request_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("checkpoint", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_request_steps_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_steps")),
        sa.UniqueConstraint("request_id", "key", name="uq_request_steps_request_key"),
    )
    with op.batch_alter_table("request_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_steps_request_id"), ["request_id"], unique=False)

    op.create_table(
        "subject_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_request_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_subject_flags_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_request_id"], ["requests.id"],
            name=op.f("fk_subject_flags_lifted_by_request_id_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_flags")),
    )
    with op.batch_alter_table("subject_flags", schema=None) as batch_op:
        batch_op.create_index("ix_subject_flags_subject_kind", ["subject_hash", "kind"], unique=False)

    op.create_table(
        "export_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("nonce", sa.String(length=24), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", personvern.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("downloads", sa.Integer(), nullable=False),
        sa.Column("deleted_at", personvern.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_export_packages_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_packages")),
        sa.UniqueConstraint("request_id", name=op.f("uq_export_packages_request_id")),
    )


def downgrade() -> None:
    op.drop_table("export_packages")
    with op.batch_alter_table("subject_flags", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_flags_subject_kind")
    op.drop_table("subject_flags")
    with op.batch_alter_table("request_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_steps_request_id"))
    op.drop_table("request_steps")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requests_identity_hash"))
        batch_op.drop_index(batch_op.f("ix_requests_state"))
        batch_op.drop_index(batch_op.f("ix_requests_kind"))
    op.drop_table("requests")
