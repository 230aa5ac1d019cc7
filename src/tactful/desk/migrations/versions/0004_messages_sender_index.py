"""index messages by sender for READ-DUP history lookups

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:31:00

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_messages_sender", "messages", ["sender", "received_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_messages_sender", table_name="messages")
