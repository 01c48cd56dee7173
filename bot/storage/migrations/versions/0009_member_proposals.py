"""roles and statuses confirmed by a second resident; peer workers holding roles; imported
rules not yet confirmed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=24)


STATUSES = ("resident", "supporter", "former_resident", "guest")


def upgrade() -> None:
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "peer_workers_hold_roles",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.alter_column("peer_workers_hold_roles", server_default=None)
    # Residents who said "I live here" before a confirmation existed keep counting: the house
    # has lived with them; from now on a new declaration waits for a resident's confirmation.
    op.execute(
        "UPDATE members SET status_source = 'confirmed' "
        "WHERE status = 'resident' AND status_source = 'self'"
    )
    with op.batch_alter_table("house_rules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confirmed", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("house_rules", schema=None) as batch_op:
        batch_op.alter_column("confirmed", server_default=None)
    op.create_table(
        "member_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("house_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("status", _enum("memberstatus", *STATUSES), nullable=True),
        sa.Column(
            "supporter_kind", _enum("supporterkind", "peer_worker", "social_worker"), nullable=True
        ),
        sa.Column("role", _enum("role", "chair", "co_chair", "confidant"), nullable=True),
        sa.Column("give", sa.Boolean(), nullable=False),
        sa.Column("old_status", _enum("memberstatus", *STATUSES), nullable=False),
        sa.Column(
            "state",
            _enum("proposalstate", "open", "confirmed", "withdrawn", "expired", "outdated"),
            nullable=False,
        ),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["houses.id"],
            name=op.f("fk_member_proposals_house_id_houses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_proposals_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["members.id"],
            name=op.f("fk_member_proposals_proposed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["members.id"],
            name=op.f("fk_member_proposals_confirmed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_proposals")),
    )
    with op.batch_alter_table("member_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_proposals_house_id"), ["house_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_member_proposals_member_id"), ["member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_proposals_member_id"))
        batch_op.drop_index(batch_op.f("ix_member_proposals_house_id"))
    op.drop_table("member_proposals")
    with op.batch_alter_table("house_rules", schema=None) as batch_op:
        batch_op.drop_column("confirmed")
    op.execute("UPDATE members SET status_source = 'self' WHERE status_source = 'confirmed'")
    with op.batch_alter_table("houses", schema=None) as batch_op:
        batch_op.drop_column("peer_workers_hold_roles")
