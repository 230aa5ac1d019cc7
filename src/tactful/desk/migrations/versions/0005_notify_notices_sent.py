"""NOTIFY: notices sent once by key; outbox rows without a ticket

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:52:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import tactful.desk.timeutil


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('notices_sent',
    sa.Column('id', Id, nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('order_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('to_addr', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('outbox_id', Id, nullable=True),
    sa.Column('created_at', tactful.desk.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('ticket_id', existing_type=Id, nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE ticket_id IS NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('ticket_id', existing_type=Id, nullable=False)
    op.drop_table('notices_sent')
