"""meetings: settings, meetings, their items and decisions, the chair order, check-ins

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _house_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["house_id"], ["houses.id"], name=op.f(f"fk_{table}_house_id_houses"), ondelete="CASCADE"
    )


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def upgrade() -> None:
    op.create_table(
        "meeting_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column(
            "recurrence",
            _enum("recurrence", "none", "weekly", "biweekly", "monthly"),
            nullable=False,
        ),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("minute_of_day", sa.Integer(), nullable=True),
        sa.Column("anchor", sa.Date(), nullable=True),
        sa.Column("agenda_days", sa.Integer(), nullable=False),
        sa.Column("checkin_hours", sa.Integer(), nullable=False),
        sa.Column("duo", sa.Boolean(), nullable=False),
        sa.Column("retention_weeks", sa.Integer(), nullable=False),
        sa.Column("support_text", sa.Text(), nullable=True),
        sa.Column("last_position", sa.Integer(), nullable=False),
        _house_fk("meeting_settings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_settings")),
    )
    with op.batch_alter_table("meeting_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_settings_house_id"), ["house_id"], unique=True)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("state", _enum("meetingstate", "planned", "held", "cancelled"), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("co_chair_id", sa.Integer(), nullable=True),
        sa.Column("agenda_sent_at", UTCDateTime(), nullable=True),
        sa.Column("checkin_sent_at", UTCDateTime(), nullable=True),
        sa.Column("reminder_sent_at", UTCDateTime(), nullable=True),
        sa.Column("digest_sent_at", UTCDateTime(), nullable=True),
        sa.Column("held_at", UTCDateTime(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chair_id"],
            ["members.id"],
            name=op.f("fk_meetings_chair_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["co_chair_id"],
            ["members.id"],
            name=op.f("fk_meetings_co_chair_id_members"),
            ondelete="SET NULL",
        ),
        _house_fk("meetings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_state"), ["state"], unique=False)

    op.create_table(
        "meeting_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_meeting_items_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        _house_fk("meeting_items"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_items")),
        sa.UniqueConstraint(
            "meeting_id", "agenda_item_id", name=op.f("uq_meeting_items_meeting_id")
        ),
    )
    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_items_house_id"), ["house_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meeting_items_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_meeting_decisions_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        _house_fk("meeting_decisions"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_decisions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_decisions")),
        sa.UniqueConstraint(
            "meeting_id", "decision_id", name=op.f("uq_meeting_decisions_meeting_id")
        ),
    )
    with op.batch_alter_table("meeting_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_decisions_house_id"), ["house_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_decisions_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "chair_volunteers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("skip_next", sa.Boolean(), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        _house_fk("chair_volunteers"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_chair_volunteers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_volunteers")),
        sa.UniqueConstraint("member_id", name=op.f("uq_chair_volunteers_member_id")),
    )
    with op.batch_alter_table("chair_volunteers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chair_volunteers_house_id"), ["house_id"], unique=False
        )

    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("step", _enum("checkinstep", "asked", "note", "share", "done"), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("note_removed", sa.Boolean(), nullable=False),
        sa.Column("share", _enum("share", "group", "chair", "self"), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        _house_fk("checkins"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_checkins_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_checkins_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_checkins_meeting_id")),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkins_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkins_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkins_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ("checkins", ("member_id", "meeting_id", "house_id")),
        ("chair_volunteers", ("house_id",)),
        ("meeting_decisions", ("meeting_id", "house_id")),
        ("meeting_items", ("meeting_id", "house_id")),
        ("meetings", ("state", "house_id")),
        ("meeting_settings", ("house_id",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
