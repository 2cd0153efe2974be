"""security probe: verified emails, judge seat invites

Revision ID: 5ec0e1a7b12c
Revises: dce648559539
Create Date: 2026-11-29 18:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5ec0e1a7b12c"
down_revision = "dce648559539"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    # An address that received an invite link, or whose roles an administrator gave, was
    # shown to be the person's; a student's address typed at sign-up was not.
    op.execute(
        "UPDATE users SET email_verified_at = created_at WHERE id IN "
        "(SELECT accepted_by_id FROM invites WHERE accepted_by_id IS NOT NULL) "
        "OR id IN (SELECT user_id FROM user_roles WHERE role <> 'student')"
    )
    with op.batch_alter_table("competition_judges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_competition_judges_token_hash"), ["token_hash"]
        )


def downgrade():
    with op.batch_alter_table("competition_judges", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_competition_judges_token_hash"), type_="unique")
        batch_op.drop_column("token_hash")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
