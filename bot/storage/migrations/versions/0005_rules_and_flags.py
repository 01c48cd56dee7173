"""house rules and private conflict flags

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def _house_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["house_id"], ["houses.id"], name=op.f(f"fk_{table}_house_id_houses"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "house_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("section", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "state",
            _enum("rulestate", "draft", "proposed", "adopted", "dropped", "rejected"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _house_fk("house_rules"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_house_rules")),
        sa.UniqueConstraint("house_id", "number", name=op.f("uq_house_rules_house_id")),
    )
    with op.batch_alter_table("house_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_house_rules_house_id"), ["house_id"], unique=False)

    op.create_table(
        "rule_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("proposalkind", "new", "change", "drop"), nullable=False),
        sa.Column(
            "state",
            _enum(
                "proposalstate",
                "draft",
                "proposed",
                "voting",
                "adopted",
                "rejected",
                "discarded",
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("section", sa.String(length=100), nullable=True),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        _house_fk("rule_proposals"),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["house_rules.id"],
            name=op.f("fk_rule_proposals_rule_id_house_rules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_rule_proposals_poll_id_polls"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_rule_proposals_decision_id_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["members.id"],
            name=op.f("fk_rule_proposals_proposed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_proposals")),
    )
    with op.batch_alter_table("rule_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_proposals_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rule_proposals_rule_id"), ["rule_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rule_proposals_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "rule_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum("ruleeventkind", "imported", "adopted", "changed", "dropped"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        _house_fk("rule_events"),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["house_rules.id"],
            name=op.f("fk_rule_events_rule_id_house_rules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_rule_events_decision_id_decisions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_events")),
    )
    with op.batch_alter_table("rule_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_events_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rule_events_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("topic", _enum("flagtopic", "conflict", "unsafe", "house"), nullable=False),
        sa.Column("route", _enum("flagroute", "confidants", "agenda", "self"), nullable=True),
        sa.Column(
            "state",
            _enum("flagstate", "draft", "sent", "picked_up", "on_agenda", "saved", "resolved"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("agenda_text", sa.Text(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("picked_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("picked_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        _house_fk("flags"),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["members.id"],
            name=op.f("fk_flags_reporter_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_flags_agenda_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["picked_by_id"],
            ["members.id"],
            name=op.f("fk_flags_picked_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
    )
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flags_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_flags_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_flags_state"), ["state"], unique=False)

    op.create_table(
        "flag_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        _house_fk("flag_notices"),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["flags.id"],
            name=op.f("fk_flag_notices_flag_id_flags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_flag_notices_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_notices")),
    )
    with op.batch_alter_table("flag_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flag_notices_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_flag_notices_flag_id"), ["flag_id"], unique=False)

    op.create_table(
        "flag_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("retention_weeks", sa.Integer(), nullable=False),
        _house_fk("flag_settings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_settings")),
    )
    with op.batch_alter_table("flag_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flag_settings_house_id"), ["house_id"], unique=True)


def downgrade() -> None:
    for table, indexes in (
        ("flag_settings", ("house_id",)),
        ("flag_notices", ("flag_id", "house_id")),
        ("flags", ("state", "reporter_id", "house_id")),
        ("rule_events", ("rule_id", "house_id")),
        ("rule_proposals", ("poll_id", "rule_id", "house_id")),
        ("house_rules", ("house_id",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
