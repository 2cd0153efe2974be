"""video cv competitions

Revision ID: b536030720f1
Revises: 11c5a9875a11
Create Date: 2026-11-23 17:12:50.578838

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b536030720f1'
down_revision = '11c5a9875a11'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competition_competitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.Column('submission_opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submission_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('judging_opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('judging_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('max_duration_seconds', sa.Integer(), nullable=False),
    sa.Column('max_size_mb', sa.Integer(), nullable=False),
    sa.Column('judges_per_entry', sa.Integer(), nullable=True),
    sa.Column('open_to_all', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_competition_competitions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_competitions'))
    )
    op.create_table('competition_cohorts',
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_competition_cohorts_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['competition_id'], ['competition_competitions.id'], name=op.f('fk_competition_cohorts_competition_id_competition_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('competition_id', 'cohort_id', name=op.f('pk_competition_cohorts'))
    )
    op.create_table('competition_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competition_competitions.id'], name=op.f('fk_competition_criteria_competition_id_competition_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_criteria'))
    )
    with op.batch_alter_table('competition_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_criteria_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('pitch', sa.Text(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('under_18', sa.Boolean(), nullable=False),
    sa.Column('guardian_consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('video_state', sa.String(length=12), nullable=False),
    sa.Column('video_error', sa.String(length=300), nullable=True),
    sa.Column('video_key', sa.String(length=40), nullable=True),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('captions_vtt', sa.Text(), nullable=True),
    sa.Column('transcript', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competition_competitions.id'], name=op.f('fk_competition_entries_competition_id_competition_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_competition_entries_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_entries')),
    sa.UniqueConstraint('competition_id', 'student_id', name=op.f('uq_competition_entries_competition_id_student_id'))
    )
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_entries_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_entries_student_id'), ['student_id'], unique=False)

    op.create_table('competition_judges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('conflicts_declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competition_competitions.id'], name=op.f('fk_competition_judges_competition_id_competition_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_competition_judges_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_judges')),
    sa.UniqueConstraint('competition_id', 'email', name=op.f('uq_competition_judges_competition_id_email'))
    )
    with op.batch_alter_table('competition_judges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_judges_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_judges_user_id'), ['user_id'], unique=False)

    op.create_table('competition_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_assignments_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['competition_judges.id'], name=op.f('fk_competition_assignments_judge_id_competition_judges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_assignments')),
    sa.UniqueConstraint('entry_id', 'judge_id', name=op.f('uq_competition_assignments_entry_id_judge_id'))
    )
    with op.batch_alter_table('competition_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_assignments_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_assignments_judge_id'), ['judge_id'], unique=False)

    op.create_table('competition_conflicts',
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_conflicts_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['competition_judges.id'], name=op.f('fk_competition_conflicts_judge_id_competition_judges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('judge_id', 'entry_id', name=op.f('pk_competition_conflicts'))
    )
    op.create_table('competition_prizes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('sponsor', sa.String(length=160), nullable=False),
    sa.Column('winner_entry_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['competition_id'], ['competition_competitions.id'], name=op.f('fk_competition_prizes_competition_id_competition_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['winner_entry_id'], ['competition_entries.id'], name=op.f('fk_competition_prizes_winner_entry_id_competition_entries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_prizes'))
    )
    with op.batch_alter_table('competition_prizes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_prizes_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['competition_assignments.id'], name=op.f('fk_competition_scores_assignment_id_competition_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['competition_criteria.id'], name=op.f('fk_competition_scores_criterion_id_competition_criteria'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_scores')),
    sa.UniqueConstraint('assignment_id', 'criterion_id', name=op.f('uq_competition_scores_assignment_id_criterion_id'))
    )
    with op.batch_alter_table('competition_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_scores_criterion_id'), ['criterion_id'], unique=False)



def downgrade():
    with op.batch_alter_table('competition_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_scores_criterion_id'))

    op.drop_table('competition_scores')
    with op.batch_alter_table('competition_prizes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_prizes_competition_id'))

    op.drop_table('competition_prizes')
    op.drop_table('competition_conflicts')
    with op.batch_alter_table('competition_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_assignments_judge_id'))
        batch_op.drop_index(batch_op.f('ix_competition_assignments_entry_id'))

    op.drop_table('competition_assignments')
    with op.batch_alter_table('competition_judges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_judges_user_id'))
        batch_op.drop_index(batch_op.f('ix_competition_judges_competition_id'))

    op.drop_table('competition_judges')
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_entries_student_id'))
        batch_op.drop_index(batch_op.f('ix_competition_entries_competition_id'))

    op.drop_table('competition_entries')
    with op.batch_alter_table('competition_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_criteria_competition_id'))

    op.drop_table('competition_criteria')
    op.drop_table('competition_cohorts')
    op.drop_table('competition_competitions')
