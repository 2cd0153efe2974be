"""durable background work: job state on the rows the jobs are for

Revision ID: e14d0b5a7c21
Revises: 5ec0e1a7b12c
Create Date: 2026-11-29 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e14d0b5a7c21'
down_revision = "5ec0e1a7b12c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('push_state', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('push_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('push_error', sa.String(length=300), nullable=True))
        batch_op.create_index('ix_notifications_push_state', ['push_state'], unique=False)

    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('video_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('video_last_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('video_queued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_video_key', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.drop_column('previous_video_key')
        batch_op.drop_column('video_queued_at')
        batch_op.drop_column('video_last_error')
        batch_op.drop_column('video_attempts')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_push_state')
        batch_op.drop_column('push_error')
        batch_op.drop_column('push_attempts')
        batch_op.drop_column('push_state')
