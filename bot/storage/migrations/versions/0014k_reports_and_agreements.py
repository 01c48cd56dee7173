"""after a report is picked up (the reporter's next step, a conversation together, the
house's mediator contact, a typed house setting's text in a proposal) and agreements that
are kept (a decision's owner and date)

Revision ID: 0014k
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0014k"
down_revision: str | None = "0014w"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_step", sa.String(length=24), nullable=True))
    with op.batch_alter_table("flag_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mediator_text_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("house_setting_changes", schema=None) as batch_op:
        batch_op.alter_column(
            "value", existing_type=sa.String(length=32), type_=sa.Text(), existing_nullable=False
        )
    op.create_table(
        "flag_talks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("chosen_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("flag_talks", "house_id", "houses"),
        _fk("flag_talks", "flag_id", "flags"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_talks")),
    )
    with op.batch_alter_table("flag_talks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flag_talks_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_flag_talks_flag_id"), ["flag_id"], unique=True)
    op.create_table(
        "flag_talk_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("talk_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("agreed", sa.Boolean(), nullable=True),
        sa.Column("can", sa.JSON(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        _fk("flag_talk_people", "house_id", "houses"),
        _fk("flag_talk_people", "talk_id", "flag_talks"),
        _fk("flag_talk_people", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_talk_people")),
    )
    with op.batch_alter_table("flag_talk_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flag_talk_people_house_id"), ["house_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_flag_talk_people_talk_id"), ["talk_id"], unique=False)
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("agreements", "house_id", "houses"),
        _fk("agreements", "decision_id", "decisions"),
        _fk("agreements", "owner_id", "members"),
        _fk("agreements", "agenda_item_id", "agenda_items", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_agreements_decision_id")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_house_id"), ["house_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    op.drop_table("agreements")
    op.drop_table("flag_talk_people")
    op.drop_table("flag_talks")
    with op.batch_alter_table("house_setting_changes", schema=None) as batch_op:
        batch_op.alter_column(
            "value", existing_type=sa.Text(), type_=sa.String(length=32), existing_nullable=False
        )
    with op.batch_alter_table("flag_settings", schema=None) as batch_op:
        batch_op.drop_column("mediator_text_id")
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_column("next_step")
