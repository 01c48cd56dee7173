"""the house's own words: what its texts call a resident and a peer worker

Revision ID: 0014d
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014d"
down_revision: str | None = "0014o"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("resident_word", sa.String(24), nullable=False, server_default="bewoner")
        )
        batch_op.add_column(
            sa.Column(
                "peer_worker_word",
                sa.String(24),
                nullable=False,
                server_default="ervaringswerker",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.drop_column("peer_worker_word")
        batch_op.drop_column("resident_word")
