"""internal or external application

Revision ID: 0009_verdict
Revises: 0008_kit_backfill
Create Date: 2026-11-30 15:00:00.000000

Whether an application is from an internal candidate: the framework's level allowance
(evidence one level below the target) applies only to external candidates. Existing
applications count as external, which is how they were scored until now.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_verdict'
down_revision = '0008_kit_backfill'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('internal', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('internal')
