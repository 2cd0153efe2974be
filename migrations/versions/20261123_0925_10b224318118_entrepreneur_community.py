"""entrepreneur community: applications, projects and teams, leaderboard settings

Revision ID: 10b224318118
Revises: dafe49ad595d
Create Date: 2026-11-23 17:22:50.741187

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '10b224318118'
down_revision = 'dafe49ad595d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohort_leaderboards',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_leaderboards_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_cohort_leaderboards_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('cohort_id', name=op.f('pk_cohort_leaderboards'))
    )
    op.create_table('entrepreneur_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('open_email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('business_name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=120), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('expectations', sa.Text(), nullable=False),
    sa.Column('needs', sa.String(length=200), nullable=False),
    sa.Column('cooperation', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('admin_message', sa.Text(), nullable=True),
    sa.Column('applicant_reply', sa.Text(), nullable=True),
    sa.Column('status_token_hash', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_entrepreneur_applications_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_entrepreneur_applications_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entrepreneur_applications')),
    sa.UniqueConstraint('open_email', name=op.f('uq_entrepreneur_applications_open_email')),
    sa.UniqueConstraint('status_token_hash', name=op.f('uq_entrepreneur_applications_status_token_hash'))
    )
    with op.batch_alter_table('entrepreneur_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entrepreneur_applications_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_entrepreneur_applications_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_entrepreneur_applications_user_id'), ['user_id'], unique=False)

    op.create_table('leaderboard_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('opted_in', sa.Boolean(), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_leaderboard_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_leaderboard_preferences'))
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('need', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('skills', sa.String(length=500), nullable=False),
    sa.Column('team_size', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('testimonial', sa.Text(), nullable=True),
    sa.Column('testimonial_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('team_size >= 1 AND team_size <= 12', name=op.f('ck_projects_team_size')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_projects_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['users.id'], name=op.f('fk_projects_teacher_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_completed_at'), ['completed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('project_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_members_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_project_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_members')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_project_members_project_id_user_id'))
    )
    with op.batch_alter_table('project_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_members_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_members_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('quests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_quests_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_quests_project_id_projects'), 'projects', ['project_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('quests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quests_project_id_projects'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_quests_project_id'))
        batch_op.drop_column('project_id')

    with op.batch_alter_table('project_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_members_user_id'))
        batch_op.drop_index(batch_op.f('ix_project_members_project_id'))

    op.drop_table('project_members')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_projects_owner_id'))
        batch_op.drop_index(batch_op.f('ix_projects_completed_at'))

    op.drop_table('projects')
    op.drop_table('leaderboard_preferences')
    with op.batch_alter_table('entrepreneur_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entrepreneur_applications_user_id'))
        batch_op.drop_index(batch_op.f('ix_entrepreneur_applications_status'))
        batch_op.drop_index(batch_op.f('ix_entrepreneur_applications_email'))

    op.drop_table('entrepreneur_applications')
    op.drop_table('cohort_leaderboards')
