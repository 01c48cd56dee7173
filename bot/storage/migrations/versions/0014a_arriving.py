"""arriving: the settling-in period and the house's own welcome text (house settings), each
newcomer's arrival, and a move-out announced once, after the goodbye question

Revision ID: 0014a
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0014a"
down_revision: str | None = "0014r"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _house_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["house_id"], ["houses.id"], name=op.f(f"fk_{table}_house_id_houses"), ondelete="CASCADE"
    )


def _member_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["members.id"], name=op.f(f"fk_{table}_{column}_members"), ondelete=ondelete
    )


def _house_index(table: str, unique: bool = False) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_house_id"), ["house_id"], unique=unique)


def upgrade() -> None:
    op.create_table(
        "house_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _house_fk("house_texts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_house_texts")),
    )
    _house_index("house_texts")
    op.create_table(
        "arrival_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("settle_weeks", sa.Integer(), nullable=False),
        sa.Column("house_way_id", sa.Integer(), nullable=True),
        _house_fk("arrival_settings"),
        sa.ForeignKeyConstraint(
            ["house_way_id"],
            ["house_texts.id"],
            name=op.f("fk_arrival_settings_house_way_id_house_texts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrival_settings")),
    )
    _house_index("arrival_settings", unique=True)
    op.create_table(
        "arrivals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("arrived_at", UTCDateTime(), nullable=False),
        sa.Column("welcomed_at", UTCDateTime(), nullable=True),
        sa.Column("talk_at", UTCDateTime(), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=True),
        sa.Column("newcomer_answer", sa.String(length=8), nullable=True),
        sa.Column("chair_answer", sa.String(length=8), nullable=True),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        _house_fk("arrivals"),
        _member_fk("arrivals", "member_id", "CASCADE"),
        _member_fk("arrivals", "chair_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrivals")),
        sa.UniqueConstraint("member_id", name=op.f("uq_arrivals_member_id")),
    )
    _house_index("arrivals")
    with op.batch_alter_table("aftercare_moves", schema=None) as batch_op:
        batch_op.add_column(sa.Column("old_status", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("roles_ended", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("announced_at", UTCDateTime(), nullable=True))
    # Moves done before this version were announced at once.
    op.execute(
        "UPDATE aftercare_moves SET announced_at = decided_at "
        "WHERE state = 'done' AND decided_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("aftercare_moves", schema=None) as batch_op:
        batch_op.drop_column("announced_at")
        batch_op.drop_column("roles_ended")
        batch_op.drop_column("old_status")
    op.drop_table("arrivals")
    op.drop_table("arrival_settings")
    op.drop_table("house_texts")
