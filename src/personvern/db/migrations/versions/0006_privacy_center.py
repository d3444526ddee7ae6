"""privacy_center: workflow cases, verification submissions, rate-limit events

Revision ID: 0006
Revises: 0001
Depends on: 0003 (the request engine's ``requests`` table)
Create Date: 2026-11-22 05:30:00
"""

from alembic import op
import sqlalchemy as sa

import personvern.db.types


revision = "0006"
down_revision = "0001"
branch_labels = ("privacy_center",)
depends_on = ("0003",)


def upgrade() -> None:
    op.create_table('pc_rate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=40), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('at', personvern.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pc_rate_events'))
    )
    with op.batch_alter_table('pc_rate_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pc_rate_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_pc_rate_events_bucket_key_at', ['bucket', 'key_hash', 'at'], unique=False)

    op.create_table('pc_cases',
    sa.Column('request_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('asked', sa.String(length=20), nullable=False),
    sa.Column('scope', sa.String(length=64), nullable=False),
    sa.Column('identity_hash', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('details_enc', sa.Text(), nullable=False),
    sa.Column('needs_review', sa.String(length=200), nullable=False),
    sa.Column('received_at', personvern.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('verified_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('clock_started_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_due_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_on', sa.String(length=10), nullable=True),
    sa.Column('extended_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('extension_months', sa.Integer(), nullable=False),
    sa.Column('refusal', sa.String(length=40), nullable=False),
    sa.Column('merged_into', sa.Integer(), nullable=True),
    sa.Column('reminders_sent', sa.String(length=100), nullable=False),
    sa.Column('overdue_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notified_state', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['merged_into'], ['requests.id'], name=op.f('fk_pc_cases_merged_into_requests')),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], name=op.f('fk_pc_cases_request_id_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_pc_cases'))
    )
    with op.batch_alter_table('pc_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pc_cases_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pc_cases_due_at'), ['due_at'], unique=False)
        batch_op.create_index('ix_pc_cases_identity_asked', ['identity_hash', 'asked'], unique=False)

    op.create_table('pc_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=43), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=True),
    sa.Column('expires_at', personvern.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', personvern.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', personvern.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], name=op.f('fk_pc_submissions_request_id_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pc_submissions')),
    sa.UniqueConstraint('ref', name=op.f('uq_pc_submissions_ref'))
    )


def downgrade() -> None:
    op.drop_table('pc_submissions')
    with op.batch_alter_table('pc_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_pc_cases_identity_asked')
        batch_op.drop_index(batch_op.f('ix_pc_cases_due_at'))
        batch_op.drop_index(batch_op.f('ix_pc_cases_closed_at'))

    op.drop_table('pc_cases')
    with op.batch_alter_table('pc_rate_events', schema=None) as batch_op:
        batch_op.drop_index('ix_pc_rate_events_bucket_key_at')
        batch_op.drop_index(batch_op.f('ix_pc_rate_events_at'))

    op.drop_table('pc_rate_events')
