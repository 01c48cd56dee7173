"""residents without Telegram: offline residents, paper votes waiting for a second resident,
a ballot's offline resident, a decision's paper turnout

Revision ID: 0014o
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0014o"
down_revision: str | None = "0014k"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offline_residents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("proposal", sa.String(length=8), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_offline_residents_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["members.id"],
            name=op.f("fk_offline_residents_proposed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_residents")),
    )
    op.create_index(
        op.f("ix_offline_residents_house_id"), "offline_residents", ["house_id"], unique=False
    )
    op.create_table(
        "paper_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("offline_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("positions", sa.JSON(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_paper_votes_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_paper_votes_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offline_id"],
            ["offline_residents.id"],
            name=op.f("fk_paper_votes_offline_id_offline_residents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["members.id"],
            name=op.f("fk_paper_votes_recorded_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_votes")),
    )
    op.create_index(op.f("ix_paper_votes_house_id"), "paper_votes", ["house_id"], unique=False)
    op.create_index(op.f("ix_paper_votes_poll_id"), "paper_votes", ["poll_id"], unique=False)
    op.create_index(op.f("ix_paper_votes_offline_id"), "paper_votes", ["offline_id"], unique=False)
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offline_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_ballots_offline_id_offline_residents"),
            "offline_residents",
            ["offline_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("paper_turnout", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("paper_turnout")
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_ballots_offline_id_offline_residents"), type_="foreignkey"
        )
        batch_op.drop_column("offline_id")
    op.drop_index(op.f("ix_paper_votes_offline_id"), table_name="paper_votes")
    op.drop_index(op.f("ix_paper_votes_poll_id"), table_name="paper_votes")
    op.drop_index(op.f("ix_paper_votes_house_id"), table_name="paper_votes")
    op.drop_table("paper_votes")
    op.drop_index(op.f("ix_offline_residents_house_id"), table_name="offline_residents")
    op.drop_table("offline_residents")
