"""even weg: stepping back from everything is a member's status, not the rota's; the meeting
check-in can be turned off per person

Revision ID: 0014w
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014w"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("away", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("away_back_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("checkin_off", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("checkin_back_on", sa.Date(), nullable=True))
    # A rota pause becomes "even weg", with its first day back.
    op.execute(
        "UPDATE members SET away = rota_people.paused, away_back_on = rota_people.back_on "
        "FROM rota_people WHERE rota_people.member_id = members.id AND rota_people.paused"
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.alter_column("away", server_default=None)
        batch_op.alter_column("checkin_off", server_default=None)
    with op.batch_alter_table("rota_people", schema=None) as batch_op:
        batch_op.drop_column("back_on")
        batch_op.drop_column("paused")


def downgrade() -> None:
    with op.batch_alter_table("rota_people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("back_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE rota_people SET paused = members.away, back_on = members.away_back_on "
        "FROM members WHERE rota_people.member_id = members.id AND members.away"
    )
    with op.batch_alter_table("rota_people", schema=None) as batch_op:
        batch_op.alter_column("paused", server_default=None)
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("checkin_back_on")
        batch_op.drop_column("checkin_off")
        batch_op.drop_column("away_back_on")
        batch_op.drop_column("away")
