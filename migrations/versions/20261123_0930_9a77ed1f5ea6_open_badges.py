"""open badges

Revision ID: 9a77ed1f5ea6
Revises: 10b224318118
Create Date: 2026-11-23 17:24:47.324116

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a77ed1f5ea6'
down_revision = '10b224318118'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('badge_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('image_name', sa.String(length=100), nullable=False),
    sa.Column('image_type', sa.String(length=20), nullable=False),
    sa.Column('tags', sa.String(length=300), nullable=False),
    sa.Column('valid_days', sa.Integer(), nullable=True),
    sa.Column('allow_repeats', sa.Boolean(), nullable=False),
    sa.Column('open_for_applications', sa.Boolean(), nullable=False),
    sa.Column('alignment_code', sa.String(length=40), nullable=True),
    sa.Column('alignment_name', sa.String(length=200), nullable=True),
    sa.Column('alignment_url', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_badge_classes_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_classes')),
    sa.UniqueConstraint('public_id', name=op.f('uq_badge_classes_public_id'))
    )
    op.create_table('badge_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('quest_ids', sa.JSON(), nullable=False),
    sa.Column('file_name', sa.String(length=100), nullable=True),
    sa.Column('file_original', sa.String(length=255), nullable=True),
    sa.Column('file_type', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['badge_id'], ['badge_classes.id'], name=op.f('fk_badge_applications_badge_id_badge_classes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_badge_applications_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_badge_applications_student_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_applications'))
    )
    with op.batch_alter_table('badge_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_applications_badge_id'), ['badge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_applications_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_applications_student_id'), ['student_id'], unique=False)

    op.create_table('badge_awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('awarded_by_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('salt', sa.String(length=40), nullable=False),
    sa.Column('recipient_hash', sa.String(length=80), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revocation_reason', sa.String(length=500), nullable=True),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['awarded_by_id'], ['users.id'], name=op.f('fk_badge_awards_awarded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['badge_id'], ['badge_classes.id'], name=op.f('fk_badge_awards_badge_id_badge_classes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_badge_awards_recipient_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_badge_awards_revoked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_awards')),
    sa.UniqueConstraint('public_id', name=op.f('uq_badge_awards_public_id')),
    sa.UniqueConstraint('source', name=op.f('uq_badge_awards_source'))
    )
    with op.batch_alter_table('badge_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_awards_badge_id'), ['badge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_awards_recipient_id'), ['recipient_id'], unique=False)

    op.create_table('badge_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['badge_id'], ['badge_classes.id'], name=op.f('fk_badge_rules_badge_id_badge_classes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_rules'))
    )
    with op.batch_alter_table('badge_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_rules_badge_id'), ['badge_id'], unique=False)

    op.create_table('badge_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['badge_awards.id'], name=op.f('fk_badge_evidence_award_id_badge_awards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_evidence'))
    )
    with op.batch_alter_table('badge_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_evidence_award_id'), ['award_id'], unique=False)



def downgrade():
    with op.batch_alter_table('badge_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_evidence_award_id'))

    op.drop_table('badge_evidence')
    with op.batch_alter_table('badge_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_rules_badge_id'))

    op.drop_table('badge_rules')
    with op.batch_alter_table('badge_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_awards_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_badge_awards_badge_id'))

    op.drop_table('badge_awards')
    with op.batch_alter_table('badge_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_applications_student_id'))
        batch_op.drop_index(batch_op.f('ix_badge_applications_status'))
        batch_op.drop_index(batch_op.f('ix_badge_applications_badge_id'))

    op.drop_table('badge_applications')
    op.drop_table('badge_classes')
