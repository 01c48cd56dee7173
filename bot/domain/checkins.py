"""The check-in round before a meeting: "Hoe gaat het met je?", privately and without pressure.

Who is asked: every resident of the house whose private chat is open, once per meeting.
The answer has three steps: a level on a five-step scale (5 = Heel goed … 1 = Slecht), an
optional short note, and who may see it: the group, only the chair(s), or nobody ("keep it to
myself"). Not answering is fine: there is at most one reminder, and nobody's name is ever
shown for not answering.

The digest (30 minutes before the meeting) shows the group only what was shared with the group,
by name; everyone else who answered counts in one number. The chair and co-chair get the
"only the chair" answers privately. An answer whose share step was not finished by then counts
as "keep it to myself". A "keep it to myself" answer appears in no message to anyone else. After
the digest the round is closed.

A low answer (the two lowest steps) is answered at once with an offer of a person: the house's
confidants (and a buddy, once the buddy feature exists) — they get a message only when the
resident taps and then confirms — and the support numbers. The bot never tells anyone else.

Retention: notes are deleted after the house's retention period (default 8 weeks), counted
from the question; the level stays, for the person's own history (`/mycheckins`).

The monthly "how are you?" of aftercare (`bot.domain.aftercare`) asks the same way: `Steps`
holds the steps of an answer for either kind of stored check-in (`MEETING` here, `MONTHLY`
there); only the row and when an answer comes too late differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import away
from bot.domain.errors import UserError
from bot.domain.text import checked
from bot.storage.aftercare_models import AftercareCheckin
from bot.storage.meeting_models import (
    CheckIn,
    CheckinStep,
    Meeting,
    MeetingSettings,
    MeetingState,
    Share,
)
from bot.storage.models import House, Member, MemberStatus, Person, PrivateChat, Role

LEVELS = (5, 4, 3, 2, 1)  # the order of the buttons: Heel goed first
LOW = 2  # this level and below: offer a person
MAX_NOTE = 200
HISTORY_WEEKS = 12
DEFAULT_RETENTION_WEEKS = 8


@dataclass(frozen=True)
class Answer:
    name: str
    level: int
    note: str | None
    to: tuple[int, ...] = ()  # "only the chair": the member ids it was meant for


def recipients_text(members: Sequence[Member]) -> str:
    """Who an answer "only for the chair" is for, fixed when the person chose it."""
    return ",".join(str(m.id) for m in members)


def recipients_of(text: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in (text or "").split(",") if part.strip().isdigit())


PRIVATE_COUNT_MIN = 3  # the group hears how many answered privately only from this many on


@dataclass(frozen=True)
class Digest:
    shared: list[Answer]  # with the group, by name
    chair_only: list[Answer]  # only for the chair(s), privately
    others: int  # everyone else who answered: a number, never names

    @property
    def empty(self) -> bool:
        return not self.shared and not self.chair_only and not self.others


# A stored check-in: the meeting's, or the monthly aftercare question's.
Row = TypeVar("Row", CheckIn, AftercareCheckin)


@dataclass(frozen=True)
class Steps(Generic[Row]):
    """The steps of an answer on one kind of stored check-in: asked, a level, an optional note,
    who may see it. `ensure_open` raises the `UserError` for an answer that comes too late."""

    row: type[Row]
    ensure_open: Callable[[Session, Clock, Row], None]

    def new(self, session: Session, clock: Clock, member: Member, **about: object) -> Row:
        """The question to `member`; `about` names what it is for (a meeting, a round)."""
        checkin = self.row(
            house_id=member.house_id,
            member_id=member.id,
            step=CheckinStep.ASKED,
            asked_at=clock.now(),
            **about,
        )
        session.add(checkin)
        session.flush()
        return checkin

    def own(self, session: Session, person: Person | None, checkin_id: int) -> Row:
        """A check-in of the person who tapped; anyone else's is a stale button to them."""
        checkin = session.get(self.row, checkin_id)
        member = session.get(Member, checkin.member_id) if checkin is not None else None
        if checkin is None or member is None or person is None or member.person_id != person.id:
            raise UserError("button.stale")
        return checkin

    def answer_level(self, session: Session, clock: Clock, checkin: Row, level: int) -> bool:
        """The tap on the scale. True when the answer is low (offer a person)."""
        if level not in LEVELS:
            raise UserError("button.stale")
        self.ensure_open(session, clock, checkin)
        if checkin.step != CheckinStep.ASKED:
            raise UserError("checkin.already")
        checkin.level = level
        checkin.step = CheckinStep.NOTE
        checkin.answered_at = clock.now()
        return level <= LOW

    def set_note(self, session: Session, clock: Clock, checkin: Row, text: str | None) -> None:
        """The optional note (None: "no note"); then the share step."""
        self.ensure_open(session, clock, checkin)
        if checkin.step != CheckinStep.NOTE:
            raise UserError("checkin.note_closed")
        checkin.note = clean_note(text) if text is not None else None
        checkin.step = CheckinStep.SHARE

    def set_share(self, session: Session, clock: Clock, checkin: Row, share: Share) -> None:
        self.ensure_open(session, clock, checkin)
        if checkin.step != CheckinStep.SHARE:
            raise UserError("checkin.already")
        checkin.share = share
        checkin.step = CheckinStep.DONE


def reachable(session: Session, house: House, status: MemberStatus) -> Sequence[Member]:
    """The house's members with this status whose private chat is open."""
    return session.scalars(
        select(Member)
        .join(Person, Member.person_id == Person.id)
        .where(
            Member.house_id == house.id,
            Member.status == status,
            Person.private_chat == PrivateChat.OPEN,
        )
        .order_by(Member.id)
    ).all()


def round_members(session: Session, house: House, meeting: Meeting) -> list[Member]:
    """Residents with an open private chat who were not asked for this meeting yet; not
    those "even weg" or who turned the check-in off (`bot.domain.away`)."""
    asked = set(session.scalars(select(CheckIn.member_id).where(CheckIn.meeting_id == meeting.id)))
    day = meeting.starts_at.astimezone(ZoneInfo(house.timezone)).date()
    return [
        m
        for m in reachable(session, house, MemberStatus.RESIDENT)
        if m.id not in asked and away.asks_checkin(m, day)
    ]


def is_open(session: Session, checkin: CheckIn) -> bool:
    meeting = session.get(Meeting, checkin.meeting_id) if checkin.meeting_id else None
    return (
        meeting is not None
        and meeting.state == MeetingState.PLANNED
        and meeting.digest_sent_at is None
    )


def ensure_open(session: Session, checkin: CheckIn) -> None:
    if not is_open(session, checkin):
        raise UserError("checkin.closed")


def clean_note(text: str) -> str:
    return checked(
        text, limit=MAX_NOTE, empty="checkin.note_empty", too_long="checkin.note_too_long"
    )


# The meeting check-in: open until the digest went out (or the meeting was held).
MEETING = Steps(CheckIn, lambda session, clock, checkin: ensure_open(session, checkin))


def new_checkin(session: Session, clock: Clock, meeting: Meeting, member: Member) -> CheckIn:
    """The check-in question of `meeting` to `member` (as `MEETING.new`)."""
    return MEETING.new(session, clock, member, meeting_id=meeting.id)


def answer_level(session: Session, clock: Clock, checkin: CheckIn, level: int) -> bool:
    """The tap on the scale (as `MEETING.answer_level`). True when the answer is low."""
    return MEETING.answer_level(session, clock, checkin, level)


def reminder_targets(session: Session, meeting: Meeting) -> Sequence[CheckIn]:
    """Who the question reached (its message is known), has not answered, and was not
    reminded: at most one reminder each."""
    return session.scalars(
        select(CheckIn)
        .where(
            CheckIn.meeting_id == meeting.id,
            CheckIn.step == CheckinStep.ASKED,
            CheckIn.message_id.is_not(None),
            CheckIn.reminded_at.is_(None),
        )
        .order_by(CheckIn.id)
    ).all()


def digest(session: Session, meeting: Meeting) -> Digest:
    shared: list[Answer] = []
    chair_only: list[Answer] = []
    others = 0
    answers = session.scalars(
        select(CheckIn)
        .where(CheckIn.meeting_id == meeting.id, CheckIn.level.is_not(None))
        .order_by(CheckIn.answered_at, CheckIn.id)
    ).all()
    for checkin in answers:
        assert checkin.level is not None
        member = session.get(Member, checkin.member_id)
        assert member is not None
        answer = Answer(member.person.display_name, checkin.level, checkin.note)
        done = checkin.step == CheckinStep.DONE
        if done and checkin.share == Share.GROUP:
            shared.append(answer)
            continue
        others += 1
        if done and checkin.share == Share.CHAIR:
            to = recipients_of(checkin.shared_with)
            chair_only.append(Answer(answer.name, answer.level, answer.note, to))
    return Digest(shared, chair_only, others)


def confidants(session: Session, house: House, member: Member) -> list[Member]:
    """The house's confidants (vertrouwenspersonen) a resident may ask, not themself."""
    found = session.scalars(select(Member).where(Member.house_id == house.id)).all()
    return sorted(
        (m for m in found if Role.CONFIDANT in m.role_set and m.id != member.id),
        key=lambda m: m.person.display_name.casefold(),
    )


def purge_notes(session: Session, clock: Clock) -> int:
    """Delete the notes older than each house's retention period; levels stay."""
    now = clock.now()
    houses = set(
        session.scalars(select(CheckIn.house_id).where(CheckIn.note.is_not(None))).unique()
    )
    weeks_of = {
        s.house_id: s.retention_weeks
        for s in session.scalars(
            select(MeetingSettings).where(MeetingSettings.house_id.in_(houses))
        )
    }
    removed = 0
    for house_id in sorted(houses):
        cutoff = now - timedelta(weeks=weeks_of.get(house_id, DEFAULT_RETENTION_WEEKS))
        result = session.execute(
            update(CheckIn)
            .where(
                CheckIn.house_id == house_id,
                CheckIn.note.is_not(None),
                CheckIn.asked_at < cutoff,
            )
            .values(note=None, note_removed=True)
            .execution_options(synchronize_session=False)
        )
        removed += int(getattr(result, "rowcount", 0) or 0)
    session.expire_all()
    return removed


def history(
    session: Session, clock: Clock, person: Person, weeks: int = HISTORY_WEEKS
) -> list[CheckIn]:
    """The person's own answers of the last weeks, oldest first (every house they are in)."""
    since = clock.now() - timedelta(weeks=weeks)
    return list(
        session.scalars(
            select(CheckIn)
            .join(Member, CheckIn.member_id == Member.id)
            .where(
                Member.person_id == person.id,
                CheckIn.level.is_not(None),
                CheckIn.asked_at >= since,
            )
            .order_by(CheckIn.asked_at, CheckIn.id)
        ).all()
    )
