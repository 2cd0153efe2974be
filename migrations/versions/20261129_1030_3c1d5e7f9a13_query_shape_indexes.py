"""indexes for the query shapes of the main pages at the hub's size

Revision ID: 3c1d5e7f9a13
Revises: e14d0b5a7c21
Create Date: 2026-11-29 18:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3c1d5e7f9a13'
down_revision = "e14d0b5a7c21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quests', schema=None) as batch_op:
        batch_op.create_index('ix_quests_owner_id', ['owner_id'], unique=False)
        batch_op.create_index('ix_quests_kind_cohort_id', ['kind', 'cohort_id'], unique=False)
    with op.batch_alter_table('quest_attempts', schema=None) as batch_op:
        batch_op.create_index(
            'ix_quest_attempts_submitted',
            ['quest_id'],
            unique=False,
            postgresql_where=sa.text("state = 'submitted'"),
            sqlite_where=sa.text("state = 'submitted'"),
        )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_submissions_pending',
            ['submitted_at', 'id'],
            unique=False,
            postgresql_where=sa.text("decision = 'pending'"),
            sqlite_where=sa.text("decision = 'pending'"),
        )
    if op.get_bind().dialect.name == 'postgresql':
        # Plan goals have no class and hub-wide challenges have none either: without
        # the pair's statistics PostgreSQL guesses a thousand hub-wide challenges and
        # reads the whole quests table instead of the index.
        op.execute('CREATE STATISTICS st_quests_kind_cohort_id (mcv) ON kind, cohort_id FROM quests')
    with op.batch_alter_table('xp_entries', schema=None) as batch_op:
        batch_op.create_index(
            'ix_xp_entries_user_id_created_at', ['user_id', 'created_at'], unique=False
        )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP STATISTICS IF EXISTS st_quests_kind_cohort_id')
    with op.batch_alter_table('xp_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_xp_entries_user_id_created_at')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_pending')
    with op.batch_alter_table('quest_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quest_attempts_submitted')
    with op.batch_alter_table('quests', schema=None) as batch_op:
        batch_op.drop_index('ix_quests_kind_cohort_id')
        batch_op.drop_index('ix_quests_owner_id')
