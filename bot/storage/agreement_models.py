"""Agreements that are kept (issue 17.7): a decision with an owner and a date.

- `agreements`: one per decision at most. The owner took it on themselves ("Ik doe het")
  and chose a date; on that date the owner alone is asked privately "gelukt?". Not done (or
  no answer within a few days): the agreement goes to the next meeting's agenda as an item
  that names the decision, never the owner. The group never sees a list of who did not.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, _enum


class AgreementState(StrEnum):
    OPEN = "open"  # the date has not come, or the owner has not said yet
    DONE = "done"  # the owner said "gelukt"
    ON_AGENDA = "on_agenda"  # not done (or no answer): back to the meeting


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), unique=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime]
    state: Mapped[AgreementState] = mapped_column(_enum(AgreementState))
    asked_at: Mapped[datetime | None] = mapped_column(default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
