"""secret ballots are sealed: no choice row of a secret poll ever reaches the disk

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

A secret poll that is open during the upgrade keeps its votes: its choice rows are counted
into `poll_options.carried` (the reasons of objections into `polls.carried_reasons`, shuffled)
and deleted; those voters can no longer change their vote (like after a restart).
"""

import random
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OBJECTION = 2  # position of "objection" in a consent poll


def upgrade() -> None:
    op.add_column("ballots", sa.Column("sealed", sa.LargeBinary(), nullable=True))
    op.add_column(
        "poll_options", sa.Column("carried", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("polls", sa.Column("carried_reasons", sa.JSON(), nullable=True))
    _carry_open_secret_polls()


def _carry_open_secret_polls() -> None:
    bind = op.get_bind()
    polls = sa.table(
        "polls",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("state", sa.String),
        sa.column("secret", sa.Boolean),
        sa.column("carried_reasons", sa.JSON),
    )
    options = sa.table(
        "poll_options",
        sa.column("id", sa.Integer),
        sa.column("poll_id", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("carried", sa.Integer),
    )
    choices = sa.table(
        "choices",
        sa.column("poll_id", sa.Integer),
        sa.column("option_id", sa.Integer),
        sa.column("reason", sa.Text),
    )
    open_secret = bind.execute(
        sa.select(polls.c.id, polls.c.kind).where(polls.c.secret.is_(True), polls.c.state == "open")
    ).all()
    for poll_id, kind in open_secret:
        positions = dict(
            bind.execute(
                sa.select(options.c.id, options.c.position).where(options.c.poll_id == poll_id)
            ).all()
        )
        rows = bind.execute(
            sa.select(choices.c.option_id, choices.c.reason).where(choices.c.poll_id == poll_id)
        ).all()
        counts: dict[int, int] = {}
        reasons: list[str] = []
        for option_id, reason in rows:
            counts[option_id] = counts.get(option_id, 0) + 1
            if kind == "consent" and positions.get(option_id) == OBJECTION:
                reasons.append(reason or "—")
        for option_id, count in counts.items():
            bind.execute(options.update().where(options.c.id == option_id).values(carried=count))
        random.SystemRandom().shuffle(reasons)
        bind.execute(
            polls.update().where(polls.c.id == poll_id).values(carried_reasons=reasons or None)
        )
        bind.execute(choices.delete().where(choices.c.poll_id == poll_id))


def downgrade() -> None:
    op.drop_column("polls", "carried_reasons")
    op.drop_column("poll_options", "carried")
    op.drop_column("ballots", "sealed")
