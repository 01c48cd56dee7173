"""rotas: tasks, volunteers, people, turns and seats

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _house_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["house_id"], ["houses.id"], name=op.f(f"fk_{table}_house_id_houses"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "rota_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("thanks", sa.Boolean(), nullable=False),
        sa.Column("chair_overview", sa.Boolean(), nullable=False),
        sa.Column("planned_until", sa.Date(), nullable=True),
        sa.Column("residents_checked_at", UTCDateTime(), nullable=True),
        _house_fk("rota_settings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_settings")),
    )
    with op.batch_alter_table("rota_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_settings_house_id"), ["house_id"], unique=True)

    op.create_table(
        "rota_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "daily",
                "weekdays",
                "every",
                "once",
                name="frequency",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("weekdays", sa.String(length=16), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("at_minute", sa.Integer(), nullable=False),
        sa.Column("per_turn", sa.Integer(), nullable=False),
        sa.Column("backup", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "active",
                "paused",
                "removed",
                name="taskstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("decision_note", sa.String(length=120), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["members.id"],
            name=op.f("fk_rota_tasks_created_by_id_members"),
            ondelete="SET NULL",
        ),
        _house_fk("rota_tasks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_tasks")),
    )
    with op.batch_alter_table("rota_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_tasks_house_id"), ["house_id"], unique=False)

    op.create_table(
        "rota_volunteers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        _house_fk("rota_volunteers"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_rota_volunteers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["rota_tasks.id"],
            name=op.f("fk_rota_volunteers_task_id_rota_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_volunteers")),
        sa.UniqueConstraint("task_id", "member_id", name=op.f("uq_rota_volunteers_task_id")),
    )
    with op.batch_alter_table("rota_volunteers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_volunteers_house_id"), ["house_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rota_volunteers_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "rota_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("back_on", sa.Date(), nullable=True),
        sa.Column("invite_at", UTCDateTime(), nullable=True),
        sa.Column("invited", sa.Boolean(), nullable=False),
        _house_fk("rota_people"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_rota_people_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_people")),
        sa.UniqueConstraint("member_id", name=op.f("uq_rota_people_member_id")),
    )
    with op.batch_alter_table("rota_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_people_house_id"), ["house_id"], unique=False)

    op.create_table(
        "rota_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("private_at", UTCDateTime(), nullable=False),
        sa.Column("private_done", sa.Boolean(), nullable=False),
        sa.Column("group_done", sa.Boolean(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        _house_fk("rota_turns"),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["rota_tasks.id"],
            name=op.f("fk_rota_turns_task_id_rota_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_turns")),
        sa.UniqueConstraint("task_id", "day", name=op.f("uq_rota_turns_task_id")),
    )
    with op.batch_alter_table("rota_turns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_turns_house_id"), ["house_id"], unique=False)

    op.create_table(
        "rota_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("backup", sa.Boolean(), nullable=False),
        sa.Column("fixed", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "assigned",
                "swap",
                "asking",
                "open",
                "done",
                name="seatstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("handed_by_id", sa.Integer(), nullable=True),
        sa.Column("ask_until", UTCDateTime(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["handed_by_id"],
            ["members.id"],
            name=op.f("fk_rota_seats_handed_by_id_members"),
            ondelete="SET NULL",
        ),
        _house_fk("rota_seats"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_rota_seats_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["turn_id"],
            ["rota_turns.id"],
            name=op.f("fk_rota_seats_turn_id_rota_turns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_seats")),
    )
    with op.batch_alter_table("rota_seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_seats_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rota_seats_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rota_seats_turn_id"), ["turn_id"], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ("rota_seats", ("turn_id", "member_id", "house_id")),
        ("rota_turns", ("house_id",)),
        ("rota_people", ("house_id",)),
        ("rota_volunteers", ("member_id", "house_id")),
        ("rota_tasks", ("house_id",)),
        ("rota_settings", ("house_id",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
