"""deciding together: house defaults for secret polls, names and "discuss first"; the
"discuss first" option; agenda items with or without a name; meetings asked about, absences
and decisions taken in the room

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _house_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["house_id"], ["houses.id"], name=op.f(f"fk_{table}_house_id_houses"), ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("secret_by_default", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("open_names", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("discuss_threshold", sa.Integer(), nullable=False, server_default="2")
        )
    with op.batch_alter_table("poll_options", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("discuss", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("show_name", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("waiting", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("chair_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("choices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("chair_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("asked_at", UTCDateTime(), nullable=True))

    op.create_table(
        "meeting_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _house_fk("meeting_absences"),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_absences_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_meeting_absences_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_absences")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_meeting_absences_meeting_id")),
    )
    with op.batch_alter_table("meeting_absences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_absences_house_id"), ["house_id"])
        batch_op.create_index(batch_op.f("ix_meeting_absences_meeting_id"), ["meeting_id"])

    op.create_table(
        "room_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _house_fk("room_decisions"),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["members.id"],
            name=op.f("fk_room_decisions_proposed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["members.id"],
            name=op.f("fk_room_decisions_confirmed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_room_decisions_decision_id_decisions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_decisions")),
    )
    with op.batch_alter_table("room_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_decisions_house_id"), ["house_id"])


def downgrade() -> None:
    with op.batch_alter_table("room_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_decisions_house_id"))
    op.drop_table("room_decisions")
    with op.batch_alter_table("meeting_absences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_absences_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_absences_house_id"))
    op.drop_table("meeting_absences")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("asked_at")
    with op.batch_alter_table("choices", schema=None) as batch_op:
        batch_op.drop_column("chair_only")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("chair_only")
        batch_op.drop_column("waiting")
        batch_op.drop_column("show_name")
    with op.batch_alter_table("poll_options", schema=None) as batch_op:
        batch_op.drop_column("discuss")
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.drop_column("discuss_threshold")
        batch_op.drop_column("open_names")
        batch_op.drop_column("secret_by_default")
