"""Rotas (taken, corvee): tasks, who opted in, each person's room, planned turns and seats.

- `RotaSettings`: one row per house: the thanks in the group, the chair's fairness overview,
  and how far ahead the house is planned.
- `RotaTask`: a task the chair defined: name, how often, the reminder time (house time), people
  per turn, a backup or not, and an optional note of the meeting decision it comes from.
- `RotaVolunteer`: a member said yes to a task. Nobody is put on a task without one.
- `RotaPerson`: what a member can take on (turns a week, or as it comes; not said yet: the
  smallest), a pause, and the newcomers' invitation.
- `RotaTurn`: one occurrence of a task on a day of the house's calendar, with its reminder
  moments (stored in UTC) and whether each reminder was handled.
- `RotaSeat`: who holds a place in a turn (the people per turn, and the backup). A seat records
  only who holds it now.
- `RotaExcusal`: someone said "can't" for a turn, handed it over, or declined as its backup: the
  planner never puts them back on that turn. Never shown to anyone, and forgotten once the
  turn's day is over (`bot.domain.rotas.plan_house`): no record of who could not is kept.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.storage.models import Base, _enum


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKDAYS = "weekdays"  # on chosen days of the week
    EVERY = "every"  # every N days from `start_on`
    ONCE = "once"  # once, on `start_on`


class TaskState(StrEnum):
    DRAFT = "draft"  # being defined by the chair
    ACTIVE = "active"
    PAUSED = "paused"  # kept, but no turns
    REMOVED = "removed"


class SeatState(StrEnum):
    ASSIGNED = "assigned"  # the holder is on duty
    SWAP = "swap"  # the holder looks for someone to take it over
    ASKING = "asking"  # nobody holds it; the backup was asked privately
    OPEN = "open"  # nobody holds it; an open request is in the group
    DONE = "done"


class RotaSettings(Base):
    __tablename__ = "rota_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(
        ForeignKey("houses.id", ondelete="CASCADE"), index=True, unique=True
    )
    thanks: Mapped[bool] = mapped_column(Boolean, default=True)
    chair_overview: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last day of the house calendar that has its turns planned.
    planned_until: Mapped[date | None] = mapped_column(Date, default=None)
    # When the rota last looked for new residents (newcomers are invited after 14 days).
    residents_checked_at: Mapped[datetime | None] = mapped_column(default=None)


class RotaTask(Base):
    __tablename__ = "rota_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency), default=Frequency.DAILY)
    weekdays: Mapped[str] = mapped_column(String(16), default="")  # "0,3": Monday, Thursday
    every_days: Mapped[int] = mapped_column(Integer, default=2)
    start_on: Mapped[date] = mapped_column(Date)
    at_minute: Mapped[int] = mapped_column(Integer, default=17 * 60)  # house time
    per_turn: Mapped[int] = mapped_column(Integer, default=1)
    backup: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[TaskState] = mapped_column(_enum(TaskState), default=TaskState.DRAFT)
    decision_note: Mapped[str | None] = mapped_column(String(120), default=None)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]


class RotaVolunteer(Base):
    __tablename__ = "rota_volunteers"
    __table_args__ = (UniqueConstraint("task_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("rota_tasks.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime]


class RotaPerson(Base):
    __tablename__ = "rota_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    # Turns a week; 0: as it comes; None: not said yet (planned as the smallest, 1).
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    # A pause is house-wide now: "even weg" on the member (`bot.domain.away`).
    invite_at: Mapped[datetime | None] = mapped_column(default=None)  # a newcomer's invitation
    invited: Mapped[bool] = mapped_column(Boolean, default=False)


class RotaTurn(Base):
    __tablename__ = "rota_turns"
    __table_args__ = (UniqueConstraint("task_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("rota_tasks.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)  # the house's calendar day
    due_at: Mapped[datetime]  # the group reminder: the task's time on that day
    private_at: Mapped[datetime]  # the private reminder: the evening before
    private_done: Mapped[bool] = mapped_column(Boolean, default=False)  # sent or skipped
    group_done: Mapped[bool] = mapped_column(Boolean, default=False)  # sent or skipped
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)  # the group reminder
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The chair was told that nobody has room for a place in this turn (cleared once covered).
    uncovered_told: Mapped[bool] = mapped_column(Boolean, default=False)

    seats: Mapped[list[RotaSeat]] = relationship(
        back_populates="turn",
        cascade="all, delete-orphan",
        order_by="RotaSeat.id",
        lazy="selectin",
    )


class RotaSeat(Base):
    __tablename__ = "rota_seats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    turn_id: Mapped[int] = mapped_column(
        ForeignKey("rota_turns.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None, index=True
    )
    backup: Mapped[bool] = mapped_column(Boolean, default=False)
    # Arranged by people (a swap, a take-over): re-planning leaves it alone.
    fixed: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[SeatState] = mapped_column(_enum(SeatState), default=SeatState.ASSIGNED)
    # Who handed the seat on, only to confirm privately when someone takes it; cleared then.
    handed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    ask_until: Mapped[datetime | None] = mapped_column(default=None)
    # The swap request or open request in the group.
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)

    turn: Mapped[RotaTurn] = relationship(back_populates="seats")


class RotaExcusal(Base):
    """This member is not to be planned on this turn again (main seat or backup)."""

    __tablename__ = "rota_excusals"
    __table_args__ = (UniqueConstraint("turn_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("rota_turns.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
