"""merge the feature branches (rotas, meetings, rules and flags, aftercare) into one head

Revision ID: 0007
Revises: 0003, 0004, 0005, 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = ("0003", "0004", "0005", "0006")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """No schema change: the four branches only come together here."""


def downgrade() -> None:
    """No schema change: going down splits the head into the four branches again."""
