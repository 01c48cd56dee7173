"""Tables of the house settings and of admission.

- `house_setting_changes`: every change of a house setting: proposed (a consent poll runs),
  applied (by a decision, or directly while the house had fewer than three residents),
  or not applied (the poll did not adopt it). The latest applied change of a setting is "the
  decision behind it" that `/setup` shows.
- `admissions`: a join request through the house's own link that waits for two residents to
  tap "Welkom" in the group.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, _enum


class ChangeState(StrEnum):
    PROPOSED = "proposed"  # its poll runs
    APPLIED = "applied"
    NOT_APPLIED = "not_applied"  # the poll did not adopt it


class HouseSettingChange(Base):
    __tablename__ = "house_setting_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)  # a typed setting's text too (issue 17.5)
    state: Mapped[ChangeState] = mapped_column(_enum(ChangeState))
    poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id", ondelete="SET NULL"), default=None, index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), default=None
    )
    by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None] = mapped_column(default=None)


class Admission(Base):
    """A newcomer's join request waiting for two residents' "Welkom"."""

    __tablename__ = "admissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    user_chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The members who tapped "Welkom", in order.
    welcomed_by: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    approved_at: Mapped[datetime | None] = mapped_column(default=None)
