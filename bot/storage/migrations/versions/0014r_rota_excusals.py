"""rota excusals: who said "can't" for a turn (or declined as its backup) is never planned back;
a turn remembers that the chair was told nobody has room for it

Revision ID: 0014r
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014r"
down_revision: str | None = "0014d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rota_excusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_rota_excusals_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_rota_excusals_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["turn_id"],
            ["rota_turns.id"],
            name=op.f("fk_rota_excusals_turn_id_rota_turns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_excusals")),
        sa.UniqueConstraint("turn_id", "member_id", name=op.f("uq_rota_excusals_turn_id")),
    )
    with op.batch_alter_table("rota_excusals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_excusals_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rota_excusals_member_id"), ["member_id"], unique=False)
    with op.batch_alter_table("rota_turns", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uncovered_told", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("rota_turns", schema=None) as batch_op:
        batch_op.drop_column("uncovered_told")
    op.drop_table("rota_excusals")
