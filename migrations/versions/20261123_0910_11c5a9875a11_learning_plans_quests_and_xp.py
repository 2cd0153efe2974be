"""learning plans quests and xp

Revision ID: 11c5a9875a11
Revises: c2abb35e7f05
Create Date: 2026-11-23 17:11:04.070035

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '11c5a9875a11'
down_revision = 'c2abb35e7f05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_days',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_activity_days_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_activity_days'))
    )
    op.create_table('learning_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('qualification', sa.String(length=200), nullable=False),
    sa.Column('qualification_code', sa.String(length=20), nullable=True),
    sa.Column('support_needs', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_learning_plans_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_plans')),
    sa.UniqueConstraint('student_id', name=op.f('uq_learning_plans_student_id'))
    )
    op.create_table('xp_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xp_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xp_entries')),
    sa.UniqueConstraint('source', name=op.f('uq_xp_entries_source'))
    )
    with op.batch_alter_table('xp_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xp_entries_user_id'), ['user_id'], unique=False)

    op.create_table('plan_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_plan_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['learning_plans.id'], name=op.f('fk_plan_comments_plan_id_learning_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_comments'))
    )
    with op.batch_alter_table('plan_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_comments_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('competence_points', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['learning_plans.id'], name=op.f('fk_plan_units_plan_id_learning_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_units'))
    )
    with op.batch_alter_table('plan_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_units_plan_id'), ['plan_id'], unique=False)

    op.create_table('work_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('workplace', sa.String(length=200), nullable=False),
    sa.Column('supervisor', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('hours_per_week', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['learning_plans.id'], name=op.f('fk_work_periods_plan_id_learning_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_periods'))
    )
    with op.batch_alter_table('work_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_periods_plan_id'), ['plan_id'], unique=False)

    op.create_table('demonstrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['learning_plans.id'], name=op.f('fk_demonstrations_plan_id_learning_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['plan_units.id'], name=op.f('fk_demonstrations_unit_id_plan_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demonstrations'))
    )
    with op.batch_alter_table('demonstrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demonstrations_plan_id'), ['plan_id'], unique=False)

    op.create_table('quests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('xp', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('plan_unit_id', sa.Integer(), nullable=True),
    sa.Column('acquisition', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('xp >= 0 AND xp <= 1000', name=op.f('ck_quests_xp_range')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_quests_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_quests_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_unit_id'], ['plan_units.id'], name=op.f('fk_quests_plan_unit_id_plan_units'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_quests_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quests'))
    )
    with op.batch_alter_table('quests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quests_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quests_plan_unit_id'), ['plan_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quests_student_id'), ['student_id'], unique=False)

    op.create_table('quest_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quest_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['quest_id'], ['quests.id'], name=op.f('fk_quest_attempts_quest_id_quests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_quest_attempts_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quest_attempts')),
    sa.UniqueConstraint('quest_id', 'student_id', name=op.f('uq_quest_attempts_quest_id_student_id'))
    )
    with op.batch_alter_table('quest_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quest_attempts_quest_id'), ['quest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quest_attempts_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_quest_attempts_student_id'), ['student_id'], unique=False)

    op.create_table('quest_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quest_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('evidence', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['quest_id'], ['quests.id'], name=op.f('fk_quest_steps_quest_id_quests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quest_steps'))
    )
    with op.batch_alter_table('quest_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quest_steps_quest_id'), ['quest_id'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['quest_attempts.id'], name=op.f('fk_submissions_attempt_id_quest_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_submissions_reviewer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('attempt_id', 'number', name=op.f('uq_submissions_attempt_id_number'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_decision'), ['decision'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('stored_name', sa.String(length=100), nullable=True),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['step_id'], ['quest_steps.id'], name=op.f('fk_evidence_step_id_quest_steps'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_evidence_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_submission_id'), ['submission_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_submission_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_submissions_decision'))
        batch_op.drop_index(batch_op.f('ix_submissions_attempt_id'))

    op.drop_table('submissions')
    with op.batch_alter_table('quest_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quest_steps_quest_id'))

    op.drop_table('quest_steps')
    with op.batch_alter_table('quest_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quest_attempts_student_id'))
        batch_op.drop_index(batch_op.f('ix_quest_attempts_state'))
        batch_op.drop_index(batch_op.f('ix_quest_attempts_quest_id'))

    op.drop_table('quest_attempts')
    with op.batch_alter_table('quests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quests_student_id'))
        batch_op.drop_index(batch_op.f('ix_quests_plan_unit_id'))
        batch_op.drop_index(batch_op.f('ix_quests_cohort_id'))

    op.drop_table('quests')
    with op.batch_alter_table('demonstrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demonstrations_plan_id'))

    op.drop_table('demonstrations')
    with op.batch_alter_table('work_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_periods_plan_id'))

    op.drop_table('work_periods')
    with op.batch_alter_table('plan_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_units_plan_id'))

    op.drop_table('plan_units')
    with op.batch_alter_table('plan_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_comments_plan_id'))

    op.drop_table('plan_comments')
    with op.batch_alter_table('xp_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xp_entries_user_id'))

    op.drop_table('xp_entries')
    op.drop_table('learning_plans')
    op.drop_table('activity_days')
