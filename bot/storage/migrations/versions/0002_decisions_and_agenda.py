"""decisions and agenda

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("frame", sa.Text(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "yes_no",
                "single",
                "multi",
                "consent",
                name="pollkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "open",
                "closed",
                "cancelled",
                name="pollstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("hide_results", sa.Boolean(), nullable=False),
        sa.Column(
            "voters",
            sa.Enum("residents", "with_supporters", name="voters", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("quorum_percent", sa.Integer(), nullable=False, server_default="50"),
        sa.Column("deadline", UTCDateTime(), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("reminders_sent", sa.String(length=32), nullable=False),
        sa.Column("manual_reminder_sent", sa.Boolean(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "adopted",
                "rejected",
                "chosen",
                "tie",
                "objection",
                "no_quorum",
                name="outcome",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("eligible_count", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["members.id"],
            name=op.f("fk_polls_created_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["house_id"], ["houses.id"], name=op.f("fk_polls_house_id_houses"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
    )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_polls_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_polls_state"), ["state"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "member",
                "no_quorum",
                "objection",
                "tie",
                "review",
                "conflict",
                name="agendasource",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["members.id"],
            name=op.f("fk_agenda_items_added_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_agenda_items_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_agenda_items_poll_id_polls"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_house_id"), ["house_id"], unique=False)

    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["house_id"], ["houses.id"], name=op.f("fk_ballots_house_id_houses"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_ballots_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_ballots_poll_id_polls"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
        sa.UniqueConstraint("poll_id", "member_id", name=op.f("uq_ballots_poll_id")),
    )
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballots_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballots_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("frame", sa.Text(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "yes_no",
                "single",
                "multi",
                "consent",
                name="pollkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "adopted",
                "rejected",
                "chosen",
                "tie",
                "objection",
                "no_quorum",
                name="outcome",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("winner", sa.String(length=100), nullable=True),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("turnout", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("quorum_needed", sa.Integer(), nullable=False),
        sa.Column("quorum_met", sa.Boolean(), nullable=False),
        sa.Column("review_on", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_decisions_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_decisions_poll_id_polls"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("house_id", "year", "seq", name=op.f("uq_decisions_house_id")),
        sa.UniqueConstraint("poll_id", name=op.f("uq_decisions_poll_id")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_house_id"), ["house_id"], unique=False)

    op.create_table(
        "poll_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("final_count", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_poll_options_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_options_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_options")),
    )
    with op.batch_alter_table("poll_options", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_options_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_options_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_choices_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["house_id"], ["houses.id"], name=op.f("fk_choices_house_id_houses"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name=op.f("fk_choices_option_id_poll_options"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_choices_poll_id_polls"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_choices")),
    )
    with op.batch_alter_table("choices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_choices_ballot_id"), ["ballot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_choices_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_choices_poll_id"), ["poll_id"], unique=False)

    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("anyone_can_poll", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("supporters_vote", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("poll_days", sa.Integer(), nullable=False, server_default="3")
        )
        batch_op.add_column(
            sa.Column("quorum_percent", sa.Integer(), nullable=False, server_default="50")
        )
        batch_op.add_column(
            sa.Column("reminder_hours", sa.String(length=32), nullable=False, server_default="24,1")
        )


def downgrade() -> None:
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.drop_column("reminder_hours")
        batch_op.drop_column("quorum_percent")
        batch_op.drop_column("poll_days")
        batch_op.drop_column("supporters_vote")
        batch_op.drop_column("anyone_can_poll")

    with op.batch_alter_table("choices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_choices_poll_id"))
        batch_op.drop_index(batch_op.f("ix_choices_house_id"))
        batch_op.drop_index(batch_op.f("ix_choices_ballot_id"))

    op.drop_table("choices")
    with op.batch_alter_table("poll_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_options_poll_id"))
        batch_op.drop_index(batch_op.f("ix_poll_options_house_id"))

    op.drop_table("poll_options")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_house_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballots_poll_id"))
        batch_op.drop_index(batch_op.f("ix_ballots_house_id"))

    op.drop_table("ballots")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_house_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_polls_state"))
        batch_op.drop_index(batch_op.f("ix_polls_house_id"))

    op.drop_table("polls")
