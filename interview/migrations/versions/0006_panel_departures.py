"""panel departures

Revision ID: 0006_panel_departures
Revises: 0005_notifications
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import interview.db


# revision identifiers, used by Alembic.
revision = '0006_panel_departures'
down_revision = '0005_notifications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('panel_departures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_key', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('left_at', interview.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('replaced_at', interview.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('deleted', 'reassigned')", name=op.f('ck_panel_departures_kind_known')),
    sa.CheckConstraint('(replaced_by_id IS NULL) = (replaced_at IS NULL)', name=op.f('ck_panel_departures_replaced_with_time')),
    sa.CheckConstraint('replaced_by_id IS NULL OR replaced_by_id <> user_id', name=op.f('ck_panel_departures_replaced_by_another')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_panel_departures_actor_id_users')),
    sa.ForeignKeyConstraint(['loop_id'], ['loops.id'], name=op.f('fk_panel_departures_loop_id_loops')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['users.id'], name=op.f('fk_panel_departures_replaced_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_panel_departures_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_departures'))
    )
    with op.batch_alter_table('panel_departures', schema=None) as batch_op:
        batch_op.create_index('ix_panel_departures_loop_id', ['loop_id'], unique=False)
        batch_op.create_index('ix_panel_departures_user_loop', ['user_id', 'loop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('panel_departures', schema=None) as batch_op:
        batch_op.drop_index('ix_panel_departures_user_loop')
        batch_op.drop_index('ix_panel_departures_loop_id')

    op.drop_table('panel_departures')
