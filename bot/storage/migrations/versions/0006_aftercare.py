"""moving out and aftercare: settings, people, moves, monthly check-ins, help, buddies

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def _house_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["house_id"], ["houses.id"], name=op.f(f"fk_{table}_house_id_houses"), ondelete="CASCADE"
    )


def _member_fk(table: str, column: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["members.id"], name=op.f(f"fk_{table}_{column}_members"), ondelete=ondelete
    )


def _house_index(table: str, unique: bool = False) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_house_id"), ["house_id"], unique=unique)


def upgrade() -> None:
    op.create_table(
        "aftercare_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("group_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("invite_link", sa.String(length=200), nullable=True),
        sa.Column("linked_at", UTCDateTime(), nullable=True),
        sa.Column("supporters_may_join", sa.Boolean(), nullable=False),
        sa.Column("monthly", sa.Boolean(), nullable=False),
        sa.Column("next_round_at", UTCDateTime(), nullable=True),
        _house_fk("aftercare_settings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftercare_settings")),
        sa.UniqueConstraint("group_chat_id", name=op.f("uq_aftercare_settings_group_chat_id")),
    )
    _house_index("aftercare_settings", unique=True)

    op.create_table(
        "aftercare_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("monthly", sa.Boolean(), nullable=False),
        sa.Column("offers_buddy_at", UTCDateTime(), nullable=True),
        sa.Column("wants_buddy_at", UTCDateTime(), nullable=True),
        sa.Column("moved_out_at", UTCDateTime(), nullable=True),
        sa.Column("goodbye_open", sa.Boolean(), nullable=False),
        _house_fk("aftercare_people"),
        _member_fk("aftercare_people", "member_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftercare_people")),
        sa.UniqueConstraint("member_id", name=op.f("uq_aftercare_people_member_id")),
    )
    _house_index("aftercare_people")

    op.create_table(
        "aftercare_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("started", _enum("movestart", "self", "chair", "left"), nullable=False),
        sa.Column(
            "state",
            _enum("movestate", "chair", "person", "done", "declined", "kept"),
            nullable=False,
        ),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        _house_fk("aftercare_moves"),
        _member_fk("aftercare_moves", "member_id"),
        _member_fk("aftercare_moves", "chair_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftercare_moves")),
    )
    _house_index("aftercare_moves")
    with op.batch_alter_table("aftercare_moves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aftercare_moves_member_id"), ["member_id"])

    op.create_table(
        "aftercare_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("round_at", UTCDateTime(), nullable=False),
        sa.Column("step", _enum("checkinstep", "asked", "note", "share", "done"), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("share", _enum("share", "group", "chair", "self"), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        _house_fk("aftercare_checkins"),
        _member_fk("aftercare_checkins", "member_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftercare_checkins")),
        sa.UniqueConstraint("member_id", "round_at", name=op.f("uq_aftercare_checkins_member_id")),
    )
    _house_index("aftercare_checkins")
    with op.batch_alter_table("aftercare_checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aftercare_checkins_member_id"), ["member_id"])

    op.create_table(
        "aftercare_help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _house_fk("aftercare_help_requests"),
        _member_fk("aftercare_help_requests", "asked_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftercare_help_requests")),
    )
    _house_index("aftercare_help_requests")

    op.create_table(
        "aftercare_help_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _house_fk("aftercare_help_offers"),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["aftercare_help_requests.id"],
            name=op.f("fk_aftercare_help_offers_request_id_aftercare_help_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_aftercare_help_offers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftercare_help_offers")),
        sa.UniqueConstraint(
            "request_id", "person_id", name=op.f("uq_aftercare_help_offers_request_id")
        ),
    )
    _house_index("aftercare_help_offers")
    with op.batch_alter_table("aftercare_help_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aftercare_help_offers_request_id"), ["request_id"])
        batch_op.create_index(batch_op.f("ix_aftercare_help_offers_person_id"), ["person_id"])

    op.create_table(
        "buddy_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("newcomer_id", sa.Integer(), nullable=False),
        sa.Column("buddy_id", sa.Integer(), nullable=False),
        sa.Column(
            "state", _enum("pairstate", "proposed", "active", "declined", "ended"), nullable=False
        ),
        sa.Column("newcomer_ok", sa.Boolean(), nullable=False),
        sa.Column("buddy_ok", sa.Boolean(), nullable=False),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        _house_fk("buddy_pairs"),
        _member_fk("buddy_pairs", "newcomer_id"),
        _member_fk("buddy_pairs", "buddy_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_pairs")),
    )
    _house_index("buddy_pairs")
    with op.batch_alter_table("buddy_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buddy_pairs_newcomer_id"), ["newcomer_id"])
        batch_op.create_index(batch_op.f("ix_buddy_pairs_buddy_id"), ["buddy_id"])


def downgrade() -> None:
    for table in (
        "buddy_pairs",
        "aftercare_help_offers",
        "aftercare_help_requests",
        "aftercare_checkins",
        "aftercare_moves",
        "aftercare_people",
        "aftercare_settings",
    ):
        op.drop_table(table)
