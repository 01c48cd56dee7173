"""Tables of arriving (issue 17.4): how a newcomer comes in and settles in.

- `arrival_settings`: one row per house (written only when the house decides something):
  the settling-in period in weeks (a house setting) and the house's own "Zo doen wij het hier"
  text in force (a `house_texts` row; none: the default text).
- `house_texts`: every version of a house's own text that was proposed (the key names which
  text); a typed house setting's proposal points to its row, so the decision behind the text
  is kept like any other setting's.
- `arrivals`: one row per newcomer: when they came in, whether the welcome reached them, when
  the evaluation talk is due to be asked about, and the answers of the newcomer and the chair.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base

DEFAULT_SETTLE_WEEKS = 6


class ArrivalSettings(Base):
    __tablename__ = "arrival_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(
        ForeignKey("houses.id", ondelete="CASCADE"), index=True, unique=True
    )
    settle_weeks: Mapped[int] = mapped_column(Integer, default=DEFAULT_SETTLE_WEEKS)
    house_way_id: Mapped[int | None] = mapped_column(
        ForeignKey("house_texts.id", ondelete="SET NULL"), default=None
    )


class HouseText(Base):
    __tablename__ = "house_texts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Arrival(Base):
    __tablename__ = "arrivals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    arrived_at: Mapped[datetime]
    welcomed_at: Mapped[datetime | None] = mapped_column(default=None)
    talk_at: Mapped[datetime]  # when the newcomer and the chair are asked about the talk
    asked_at: Mapped[datetime | None] = mapped_column(default=None)
    # "yes" / "later"; None: not answered (yet)
    newcomer_answer: Mapped[str | None] = mapped_column(String(8), default=None)
    chair_answer: Mapped[str | None] = mapped_column(String(8), default=None)
    chair_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
