"""house settings as decisions: who votes split (peer workers, social workers), the shortest
poll, admission; who voted in a decision; setting changes and admissions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VOTERS = ("residents", "with_peer_workers", "with_social_workers", "with_supporters")


def upgrade() -> None:
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("peer_workers_vote", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column(
                "social_workers_vote", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("min_poll_hours", sa.Integer(), nullable=False, server_default="24")
        )
        batch_op.add_column(
            sa.Column("admission", sa.String(length=16), nullable=False, server_default="at_once")
        )
    # The one "supporters vote" decision becomes two: both as the house had it.
    op.execute(
        "UPDATE houses SET peer_workers_vote = supporters_vote, "
        "social_workers_vote = supporters_vote"
    )
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.drop_column("supporters_vote")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "voters",
                sa.Enum(*VOTERS, name="voters", native_enum=False, length=24),
                nullable=True,
            )
        )
    op.execute("UPDATE decisions SET voters = (SELECT voters FROM polls WHERE polls.id = poll_id)")
    op.create_table(
        "house_setting_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "proposed",
                "applied",
                "not_applied",
                name="changestate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("by_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_house_setting_changes_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_house_setting_changes_poll_id_polls"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_house_setting_changes_decision_id_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["by_member_id"],
            ["members.id"],
            name=op.f("fk_house_setting_changes_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_house_setting_changes")),
    )
    with op.batch_alter_table("house_setting_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_house_setting_changes_house_id"), ["house_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_house_setting_changes_poll_id"), ["poll_id"], unique=False
        )
    op.create_table(
        "admissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("welcomed_by", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_admissions_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_admissions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admissions")),
    )
    with op.batch_alter_table("admissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_admissions_house_id"), ["house_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("admissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_admissions_house_id"))
    op.drop_table("admissions")
    with op.batch_alter_table("house_setting_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_house_setting_changes_poll_id"))
        batch_op.drop_index(batch_op.f("ix_house_setting_changes_house_id"))
    op.drop_table("house_setting_changes")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("voters")
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("supporters_vote", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE houses SET supporters_vote = peer_workers_vote")
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.drop_column("admission")
        batch_op.drop_column("min_poll_hours")
        batch_op.drop_column("social_workers_vote")
        batch_op.drop_column("peer_workers_vote")
