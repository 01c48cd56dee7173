"""Meetings that lose no voice: "I can't come" to a planned meeting (the chair sees a count, a
name only if the person chooses), and decisions taken in the meeting room, logged by the chair
and entering the decision log when a second resident confirms them."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.polls import is_chair
from bot.domain.text import checked
from bot.storage.meeting_models import Meeting, MeetingAbsence, MeetingState, RoomDecision
from bot.storage.models import Decision, House, Member, MemberStatus, Outcome, PollKind

MAX_DECISION = 300


@dataclass(frozen=True)
class Absences:
    count: int
    names: list[str]  # only of those who chose to give their name


def absence_of(session: Session, meeting: Meeting, member: Member) -> MeetingAbsence | None:
    return session.scalars(
        select(MeetingAbsence).where(
            MeetingAbsence.meeting_id == meeting.id, MeetingAbsence.member_id == member.id
        )
    ).one_or_none()


def cant_come(
    session: Session, clock: Clock, house: House, meeting: Meeting, member: Member | None
) -> bool:
    """ "I can't come", tapped again: "I can come after all". True when now marked absent."""
    if member is None or member.house_id != house.id or meeting.house_id != house.id:
        raise UserError("agenda.not_member")
    if meeting.state != MeetingState.PLANNED:
        raise UserError("meeting.not_planned")
    found = absence_of(session, meeting, member)
    if found is not None:
        session.delete(found)
        session.flush()
        return False
    session.add(
        MeetingAbsence(
            house_id=house.id,
            meeting_id=meeting.id,
            member_id=member.id,
            named=False,
            created_at=clock.now(),
        )
    )
    session.flush()
    return True


def name_absence(session: Session, meeting: Meeting, member: Member | None, named: bool) -> None:
    """The person chooses whether the chair may see their name with the count."""
    found = absence_of(session, meeting, member) if member is not None else None
    if found is None:
        raise UserError("button.stale")
    found.named = named


def absences(session: Session, meeting: Meeting) -> Absences:
    rows = session.scalars(
        select(MeetingAbsence).where(MeetingAbsence.meeting_id == meeting.id)
    ).all()
    names = sorted(
        member.person.display_name
        for row in rows
        if row.named and (member := session.get(Member, row.member_id)) is not None
    )
    return Absences(len(rows), names)


# --- decisions taken in the room -------------------------------------------------------------


def propose(
    session: Session, clock: Clock, house: House, chair: Member | None, text: str
) -> RoomDecision:
    """The chair logs a decision taken in the meeting; it waits for a second resident."""
    if not is_chair(chair) or chair is None or chair.house_id != house.id:
        raise UserError("meeting.not_chair")
    room = RoomDecision(
        house_id=house.id,
        text=checked(
            text,
            limit=MAX_DECISION,
            empty="meeting.room_empty",
            too_long="meeting.room_too_long",
        ),
        proposed_by_id=chair.id,
        created_at=clock.now(),
    )
    session.add(room)
    session.flush()
    return room


def room_in_house(session: Session, house: House | None, room_id: int) -> RoomDecision:
    return in_house(session, RoomDecision, house, room_id)


def confirm(
    session: Session, clock: Clock, house: House, room: RoomDecision, member: Member | None
) -> Decision:
    """A resident other than the chair who logged it confirms: it enters the decision log."""
    if room.decision_id is not None:
        raise UserError("meeting.room_confirmed_already")
    if member is None or member.house_id != house.id or member.status != MemberStatus.RESIDENT:
        raise UserError("meeting.room_residents")
    if member.id == room.proposed_by_id:
        raise UserError("meeting.room_someone_else")
    now = clock.now()
    year = now.astimezone(ZoneInfo(house.timezone)).year
    last = session.scalar(
        select(func.max(Decision.seq)).where(Decision.house_id == house.id, Decision.year == year)
    )
    decision = Decision(
        house_id=house.id,
        poll_id=None,
        year=year,
        seq=(last or 0) + 1,
        decided_at=now,
        question=room.text,
        kind=PollKind.ROOM,
        secret=False,
        outcome=Outcome.ADOPTED,
        results=[],
        turnout=0,
        eligible=0,
        quorum_needed=0,
        quorum_met=True,
    )
    session.add(decision)
    session.flush()
    room.decision_id, room.confirmed_by_id = decision.id, member.id
    return decision
