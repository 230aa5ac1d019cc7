"""SMTP: an outbox row is marked "sending" (when, by whom) and committed before the SMTP talk

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import tactful.desk.timeutil


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sending_at', tactful.desk.timeutil.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sending_by', sa.String(length=120), nullable=True))


def downgrade() -> None:
    # Rows left "sending" or "unconfirmed" have no meaning to the older code: it would resend them.
    op.execute("UPDATE outbox SET status = 'failed', last_error = 'delivery unconfirmed (schema downgraded)' "
               "WHERE status IN ('sending', 'unconfirmed')")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('sending_by')
        batch_op.drop_column('sending_at')
