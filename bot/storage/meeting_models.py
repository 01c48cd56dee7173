"""Tables of the residents' meeting (bewonersvergadering) and the check-in round before it.

- `meeting_settings`: one row per house: the repeat rule, when the agenda and the check-in go
  out, duo chairs, how long check-in notes are kept, the house's own support numbers, and the
  rotation cursor of the chair order.
- `meetings`: one row per meeting. At most one is PLANNED per house (the next one); each
  scheduled step records when it ran (or was passed over), so the jobs can be rebuilt at
  start-up and run at most once.
- `meeting_items` / `meeting_decisions`: what a held meeting covered (agenda items it marked
  done, decisions from the log the chair linked).
- `chair_volunteers`: the chair order; only volunteers are in it.
- `checkins`: one "how are you?" per resident per meeting. The note is deleted after the
  house's retention period; the level stays (for the person's own history and the counts).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, _enum


class Recurrence(StrEnum):
    NONE = "none"  # one-off meetings only
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"  # every two weeks, counted from `anchor`
    MONTHLY = "monthly"  # the n-th weekday of each month


class MeetingState(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    NOT_HELD = "not_held"  # nobody said it took place: every item carries over


class Share(StrEnum):
    GROUP = "group"
    CHAIR = "chair"
    SELF = "self"


class CheckinStep(StrEnum):
    ASKED = "asked"  # the scale was sent; no answer yet
    NOTE = "note"  # a level was tapped; an optional note may follow
    SHARE = "share"  # waiting for "who may see this"
    DONE = "done"


class MeetingSettings(Base):
    __tablename__ = "meeting_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(
        ForeignKey("houses.id", ondelete="CASCADE"), index=True, unique=True
    )
    recurrence: Mapped[Recurrence] = mapped_column(_enum(Recurrence), default=Recurrence.NONE)
    weekday: Mapped[int | None] = mapped_column(Integer, default=None)  # 0 = Monday
    nth: Mapped[int | None] = mapped_column(Integer, default=None)  # monthly: 1..4
    minute_of_day: Mapped[int | None] = mapped_column(Integer, default=None)  # house time
    anchor: Mapped[date | None] = mapped_column(Date, default=None)  # biweekly: a meeting day
    agenda_days: Mapped[int] = mapped_column(Integer, default=1)  # days before, at 18:00
    checkin_hours: Mapped[int] = mapped_column(Integer, default=3)  # 0: no check-in round
    duo: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_weeks: Mapped[int] = mapped_column(Integer, default=8)
    support_text: Mapped[str | None] = mapped_column(Text, default=None)  # None: the default
    last_position: Mapped[int] = mapped_column(Integer, default=0)  # the last chair's place


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    state: Mapped[MeetingState] = mapped_column(_enum(MeetingState), index=True)
    # Who chaired it: recorded when it is held (they may write the minutes afterwards).
    chair_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    co_chair_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    # Each step is done when set: it ran, or it was passed over (too late to be useful).
    agenda_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    checkin_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    digest_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    held_at: Mapped[datetime | None] = mapped_column(default=None)
    # When the chair(s) were asked "did the meeting take place?" (after its planned end).
    asked_at: Mapped[datetime | None] = mapped_column(default=None)
    minutes: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime]


class MeetingItem(Base):
    """An agenda item that was on a held meeting's agenda; done only when the chair ticked it
    as discussed (otherwise it stays on the agenda)."""

    __tablename__ = "meeting_items"
    __table_args__ = (UniqueConstraint("meeting_id", "agenda_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))


class MeetingDecision(Base):
    """A decision from the log that the chair linked to a meeting's minutes."""

    __tablename__ = "meeting_decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "decision_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))


class ChairVolunteer(Base):
    """A place in the chair order. `skip_next`: "not this time", passed over once."""

    __tablename__ = "chair_volunteers"
    __table_args__ = (UniqueConstraint("member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    skip_next: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime]


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), default=None, index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    step: Mapped[CheckinStep] = mapped_column(_enum(CheckinStep), default=CheckinStep.ASKED)
    level: Mapped[int | None] = mapped_column(Integer, default=None)  # 5 = very good … 1 = bad
    note: Mapped[str | None] = mapped_column(Text, default=None)
    note_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    share: Mapped[Share | None] = mapped_column(_enum(Share), default=None)
    # "Only the chair": the members who held the chair when the person chose it, as ids
    # ("12,15"). The digest goes to them, not to whoever holds the chair later.
    shared_with: Mapped[str | None] = mapped_column(String(64), default=None)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)


class MeetingAbsence(Base):
    """ "I can't come" to a planned meeting. The chair sees a count; the name only if `named`."""

    __tablename__ = "meeting_absences"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class RoomDecision(Base):
    """A decision the chair logged from the meeting room; it enters the decision log when a
    second resident confirms it (`decision_id` set then)."""

    __tablename__ = "room_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
