"""Residents without Telegram (issue 17.1) and the paper votes the chair records for them.

An offline resident is a name the house keeps in /members: no Telegram account, counted in
every poll's quorum like any resident. Adding or removing one is proposed by a resident and
takes effect when a second resident confirms it (`proposal` says what waits).

A paper vote is recorded by the chair and waits in `paper_votes` until a second resident
confirms it; then it becomes a `Ballot` with `offline_id` set (and a `Choice`, or in a secret
poll a sealed choice like any other ballot: counts only). In a secret poll the waiting choice
is sealed too, under the poll's in-memory key (`bot.domain.ballots`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base


class OfflineResident(Base):
    __tablename__ = "offline_residents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    # Counted (in /members, in quorums) once a second resident confirmed the addition.
    active: Mapped[bool] = mapped_column(default=False)
    # What waits for a second resident: "add", "remove", or nothing.
    proposal: Mapped[str | None] = mapped_column(String(8), default=None)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]


class PaperVote(Base):
    """A paper vote the chair recorded, waiting for a second resident's confirmation."""

    __tablename__ = "paper_votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    offline_id: Mapped[int] = mapped_column(
        ForeignKey("offline_residents.id", ondelete="CASCADE"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    # An open poll: the chosen option positions. A secret poll: `sealed` instead.
    positions: Mapped[list[int] | None] = mapped_column(JSON, default=None)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    created_at: Mapped[datetime]
