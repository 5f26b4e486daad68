"""interview quality: interview mode, reliability sample, self-reported group attributes

Revision ID: 0014_quality
Revises: 0013_api
Create Date: 2026-11-30 15:30:00.000000

Adds whether an interview was held on site or remotely (unknown for older interviews), the
requisition's reliability sample (share of candidates whose loop pairs one area with a
second rater; 20 % for existing requisitions too) and a separate table for voluntary,
self-reported group attributes (empty unless an installation switches the feature on).
"""
from alembic import op
import sqlalchemy as sa

import interview.db


# revision identifiers, used by Alembic.
revision = '0014_quality'
down_revision = '0013_api'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=16), nullable=True))
        batch_op.create_check_constraint(
            'mode_known', "mode IS NULL OR mode IN ('on_site', 'remote')"
        )
    with op.batch_alter_table('requisitions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reliability_share', sa.Integer(), nullable=False, server_default='20')
        )
        batch_op.create_check_constraint(
            'reliability_share_percent', 'reliability_share BETWEEN 0 AND 100'
        )
    op.create_table('self_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('recorded_at', interview.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_self_reports_candidate_id_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_reports')),
    sa.UniqueConstraint('candidate_id', name=op.f('uq_self_reports_candidate_id'))
    )


def downgrade():
    op.drop_table('self_reports')
    with op.batch_alter_table('requisitions', schema=None) as batch_op:
        batch_op.drop_constraint('reliability_share_percent', type_='check')
        batch_op.drop_column('reliability_share')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_constraint('mode_known', type_='check')
        batch_op.drop_column('mode')
