"""privacy: questions expire with their subject, check-in recipients fixed when answering,
a report's reporter told when nobody picked it up, the forgotten are not registered again

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "forgotten",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("forgotten_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forgotten")),
        sa.UniqueConstraint("key", name=op.f("uq_forgotten_key")),
    )
    with op.batch_alter_table("prompts") as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(40), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_prompts_subject"), ["subject"], unique=False)
        batch_op.create_index(batch_op.f("ix_prompts_created_at"), ["created_at"], unique=False)
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.add_column(sa.Column("shared_with", sa.String(64), nullable=True))
    with op.batch_alter_table("flags") as batch_op:
        batch_op.add_column(
            sa.Column("reporter_told", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("flags") as batch_op:
        batch_op.drop_column("reporter_told")
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_column("shared_with")
    with op.batch_alter_table("prompts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_prompts_created_at"))
        batch_op.drop_index(batch_op.f("ix_prompts_subject"))
        batch_op.drop_column("subject")
    op.drop_table("forgotten")
