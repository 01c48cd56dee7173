"""Tables of moving out and aftercare (nazorg): former residents stay connected.

- `aftercare_settings`: one row per house: the linked aftercare group (its chat id and the
  invite link that creates join requests), whether supporters may join it, whether the monthly
  "how are you?" runs, and when the next monthly round is due (the durable schedule).
- `aftercare_people`: one row per member who has to do with aftercare: whether they want the
  monthly question, whether they offer to be a buddy (a former resident) or ask for one (a
  resident), when they moved out and whether their goodbye question is still open.
- `aftercare_moves`: a move-out in progress or done: started by the resident, by the chair, or
  by the member leaving the residents' group (then the chair is asked first). Nothing changes
  until the resident confirms (or, for someone who left and cannot be reached, the chair chose).
  A done move keeps what the group is told (the old status, the roles it ended) until it is
  announced: once, after the goodbye question is answered or a day went by.
- `aftercare_checkins`: one monthly "how are you?" per former resident per round. The note is
  deleted after the house's retention period; the level stays.
- `aftercare_help_requests` / `aftercare_help_offers`: a request for help the chair posted in the
  aftercare group, and who offered (only the chair sees the names; the group sees a count).
- `buddy_pairs`: a proposed or active pairing of a resident and a former resident (maatjes).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.meeting_models import CheckinStep, Share
from bot.storage.models import Base, _enum


class MoveStart(StrEnum):
    SELF = "self"  # the resident said it themself
    CHAIR = "chair"  # the chair said it; the resident confirms
    LEFT = "left"  # the member left the residents' group; the chair is asked


class MoveState(StrEnum):
    CHAIR = "chair"  # waiting for the chair's choice (the member left the group)
    PERSON = "person"  # waiting for the resident's confirmation
    DONE = "done"  # moved out
    DECLINED = "declined"  # the resident said it is not right
    KEPT = "kept"  # the chair chose to keep things as they are


class PairState(StrEnum):
    PROPOSED = "proposed"  # both were asked; each confirms
    ACTIVE = "active"  # both agreed and were introduced
    DECLINED = "declined"  # one of them said no: not proposed again
    ENDED = "ended"  # one of them stopped


class AftercareSettings(Base):
    __tablename__ = "aftercare_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(
        ForeignKey("houses.id", ondelete="CASCADE"), index=True, unique=True
    )
    group_chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None, unique=True)
    invite_link: Mapped[str | None] = mapped_column(String(200), default=None)
    linked_at: Mapped[datetime | None] = mapped_column(default=None)
    supporters_may_join: Mapped[bool] = mapped_column(Boolean, default=False)
    monthly: Mapped[bool] = mapped_column(Boolean, default=True)
    next_round_at: Mapped[datetime | None] = mapped_column(default=None)


class AftercarePerson(Base):
    __tablename__ = "aftercare_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    monthly: Mapped[bool] = mapped_column(Boolean, default=True)
    offers_buddy_at: Mapped[datetime | None] = mapped_column(default=None)
    wants_buddy_at: Mapped[datetime | None] = mapped_column(default=None)
    moved_out_at: Mapped[datetime | None] = mapped_column(default=None)
    goodbye_open: Mapped[bool] = mapped_column(Boolean, default=False)


class AftercareMove(Base):
    __tablename__ = "aftercare_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    started: Mapped[MoveStart] = mapped_column(_enum(MoveStart))
    state: Mapped[MoveState] = mapped_column(_enum(MoveState))
    # The chair who said it, or who answered the question about someone who left the group.
    chair_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    # Done: the group hears it once, after the goodbye question (or a day without an answer).
    old_status: Mapped[str | None] = mapped_column(String(24), default=None)
    roles_ended: Mapped[str | None] = mapped_column(String(100), default=None)  # "chair,confidant"
    announced_at: Mapped[datetime | None] = mapped_column(default=None)


class AftercareCheckin(Base):
    __tablename__ = "aftercare_checkins"
    __table_args__ = (UniqueConstraint("member_id", "round_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    round_at: Mapped[datetime]
    step: Mapped[CheckinStep] = mapped_column(_enum(CheckinStep), default=CheckinStep.ASKED)
    level: Mapped[int | None] = mapped_column(Integer, default=None)  # 5 = very good … 1 = bad
    note: Mapped[str | None] = mapped_column(Text, default=None)
    share: Mapped[Share | None] = mapped_column(_enum(Share), default=None)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(default=None)


class HelpRequest(Base):
    __tablename__ = "aftercare_help_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    asked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime]


class HelpOffer(Base):
    __tablename__ = "aftercare_help_offers"
    __table_args__ = (UniqueConstraint("request_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("aftercare_help_requests.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]


class BuddyPair(Base):
    __tablename__ = "buddy_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    # The resident who asked for a buddy, and the former resident who offered to be one.
    newcomer_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    buddy_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    state: Mapped[PairState] = mapped_column(_enum(PairState), default=PairState.PROPOSED)
    newcomer_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    buddy_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed_at: Mapped[datetime]
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
