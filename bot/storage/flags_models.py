"""Tables of private conflict reports (meldingen).

- `flags`: one report. Its free text is private: only the reporter and the confidants it was
  sent to ever see it; it is never logged. A resolved report is deleted (row and text) after
  the house's retention period; a withdrawn one at once; an unfinished draft after a day.
- `flag_notices`: the private messages the bot sent to confidants about a report (who, which
  message), so that they can be updated when someone picks it up, and emptied when the report
  is withdrawn or deleted. The confidants a report went to are the members with a notice.
- `flag_settings`: one row per house (made when first needed): how many weeks a resolved
  report is kept. The chair changes it.
- `flag_talks` / `flag_talk_people` (issue 17.5): a report picked up, the reporter chose "a
  conversation together": who was invited, who agreed, and the moments each can make (a
  private time poll). Only the people in it ever hear of it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, _enum

DEFAULT_RETENTION_WEEKS = 4


class FlagTopic(StrEnum):
    CONFLICT = "conflict"  # a conflict with someone
    UNSAFE = "unsafe"  # I don't feel safe
    HOUSE = "house"  # a house matter


class FlagRoute(StrEnum):
    CONFIDANTS = "confidants"
    AGENDA = "agenda"  # anonymously on the next meeting's agenda
    SELF = "self"  # only saved for the reporter


class FlagStep(StrEnum):
    """What the reporter chose to do next, once a confidant picked the report up."""

    SELF = "self"  # talk it through myself, with the confidant's help
    TALK = "talk"  # a conversation together (a private time poll)
    MEDIATOR = "mediator"  # a mediator from outside (the house's contact text)
    MEETING = "meeting"  # anonymously to the meeting


class FlagState(StrEnum):
    DRAFT = "draft"  # the reporter is still going through the steps
    SENT = "sent"  # with the confidants, nobody picked it up yet
    PICKED_UP = "picked_up"
    ON_AGENDA = "on_agenda"
    SAVED = "saved"  # only for the reporter
    RESOLVED = "resolved"


class Flag(Base):
    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    topic: Mapped[FlagTopic] = mapped_column(_enum(FlagTopic))
    route: Mapped[FlagRoute | None] = mapped_column(_enum(FlagRoute), default=None)
    state: Mapped[FlagState] = mapped_column(_enum(FlagState), index=True)
    text: Mapped[str | None] = mapped_column(Text, default=None)
    # The reporter's own wording for the agenda (else a neutral sentence about the topic).
    agenda_text: Mapped[str | None] = mapped_column(Text, default=None)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), default=None
    )
    picked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    reminded: Mapped[bool] = mapped_column(Boolean, default=False)
    # Nobody picked it up within two days: the reporter was told and offered another route.
    reporter_told: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    picked_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    next_step: Mapped[FlagStep | None] = mapped_column(_enum(FlagStep), default=None)


class FlagNotice(Base):
    __tablename__ = "flag_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)


class FlagSettings(Base):
    __tablename__ = "flag_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(
        ForeignKey("houses.id", ondelete="CASCADE"), index=True, unique=True
    )
    retention_weeks: Mapped[int] = mapped_column(Integer, default=DEFAULT_RETENTION_WEEKS)
    # How to reach a mediator from outside (a name, a phone number, a site); decided by the
    # house (a consent poll). None: the house has none yet.
    mediator_text_id: Mapped[int | None] = mapped_column(Integer, default=None)  # house_texts


class FlagTalk(Base):
    """A conversation together about a report: the moments offered, the one chosen."""

    __tablename__ = "flag_talks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    flag_id: Mapped[int] = mapped_column(
        ForeignKey("flags.id", ondelete="CASCADE"), unique=True, index=True
    )
    # ISO moments (UTC) offered in the time poll, in order.
    slots: Mapped[list[Any]] = mapped_column(JSON, default=list)
    chosen_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]


class FlagTalkPerson(Base):
    """One person in a conversation: invited, agreed or not, the moments they can make."""

    __tablename__ = "flag_talk_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    talk_id: Mapped[int] = mapped_column(
        ForeignKey("flag_talks.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    agreed: Mapped[bool | None] = mapped_column(Boolean, default=None)  # None: not answered
    can: Mapped[list[Any]] = mapped_column(JSON, default=list)  # indexes into the talk's slots
    answered: Mapped[bool] = mapped_column(Boolean, default=False)  # tapped "that's all"
    # The invitation sent to them (emptied when the report is withdrawn or forgotten).
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
