"""store_meta: facts about the store itself (the key check of its secret)

Revision ID: 0007
Revises: 0001
Create Date: 2026-12-05 08:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0001"
branch_labels = ("store_meta",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_store_meta")),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
