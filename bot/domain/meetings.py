"""The residents' meeting (bewonersvergadering): planning, the agenda, holding it, the minutes,
and the rotating chair.

Planning. A house has at most one PLANNED meeting: the next one. The chair plans it once
(a date and a time) or as a series: every week, every two weeks, or monthly on the n-th weekday
(1st-4th). A series is a rule in `MeetingSettings`; when a meeting of a series is held or
cancelled, the next one is created from the rule. All times are house times: an occurrence is
"19:30 on that calendar day in the house's time zone", converted to UTC per occurrence, so a
weekly meeting stays at 19:30 across a daylight-saving change. Planning again replaces the
planned meeting (a one-off also ends a series), except once it has started: then it is held first.

Before a meeting (times in `step_times`): the agenda goes to the group `agenda_days` days before
at 18:00 house time (default: the day before); the check-in round (`bot.domain.checkins`) starts
`checkin_hours` before (default 3, 0 = no round), with one reminder halfway to the digest, and
the digest goes to the group 30 minutes before the start.

Holding. The chair marks the meeting held from an hour before its start. Nothing counts as held
by itself: after the planned end (`ENDS_AFTER` past the start) the chair and co-chair are asked
privately "did the meeting take place?"; without an answer within `ANSWER_WAIT` the meeting is
"not held" and every agenda item carries over (a series goes on with its next meeting). Holding
records the chair (they may still write the minutes) and the open agenda items that were on the
agenda by then (`meeting_items`), none of them done: the chair ticks what was discussed, and an
item without a tick stays on the agenda (a conflict report is never closed without one). It
plans the next meeting of a series and hands the chair over.

The chair order. Only volunteers are in it (residents; a volunteer may withdraw any time).
At a handover the next volunteer after the current chair (or after the place of the last chair
when the chair is not a volunteer) becomes chair, and with duo chairs the one after them becomes
co-chair; the rights (launching polls, the chair's controls) follow the roles. "Not this time"
by a volunteer means: pass me over at the next handover (the mark is cleared by it). The chair
themself saying "not this time" hands the chair over at once. When nobody is available the roles
stay as they are. When the house has no chair at all, the first volunteer becomes chair at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.members import counts_as_resident, holder
from bot.domain.polls import is_chair
from bot.domain.typed import typed_moment, typed_time
from bot.storage.meeting_models import (
    ChairVolunteer,
    Meeting,
    MeetingDecision,
    MeetingItem,
    MeetingSettings,
    MeetingState,
    Recurrence,
)
from bot.storage.models import (
    AgendaItem,
    Decision,
    House,
    Member,
    MemberRole,
    Role,
)

ENDS_AFTER = timedelta(hours=2)  # the planned end of a meeting, after its start
ANSWER_WAIT = timedelta(hours=24)  # "did it take place?" unanswered this long: not held
EARLY_HOLD = timedelta(hours=1)
DIGEST_BEFORE = timedelta(minutes=30)
REMINDER_GAP = timedelta(minutes=30)  # never a reminder sooner than this after the question
AGENDA_AT = time(18, 0)
MIN_AHEAD = timedelta(minutes=10)
MAX_AHEAD = timedelta(days=180)
MAX_MINUTES = 2000
MAX_SUPPORT = 600
LINKABLE = 10  # decisions offered to link to the minutes

AGENDA_DAYS = (1, 2, 3)
CHECKIN_HOURS = (3, 6, 2, 0)
RETENTION_WEEKS = (8, 4, 12, 26)
NTHS = (1, 2, 3, 4)
TIME_PICKS = (18 * 60, 18 * 60 + 30, 19 * 60, 19 * 60 + 30, 20 * 60, 20 * 60 + 30)
KINDS = {
    "once": Recurrence.NONE,
    "weekly": Recurrence.WEEKLY,
    "biweekly": Recurrence.BIWEEKLY,
    "monthly": Recurrence.MONTHLY,
}
CHAIR_ROLES = (Role.CHAIR, Role.CO_CHAIR)


@dataclass(frozen=True)
class StepTimes:
    agenda: datetime
    checkin: datetime | None
    reminder: datetime | None
    digest: datetime | None
    ask: datetime  # "did the meeting take place?" to the chair(s)
    lapse: datetime  # no answer: the meeting was not held


@dataclass(frozen=True)
class Handover:
    old_chair: Member | None
    old_co_chair: Member | None
    chair: Member | None
    co_chair: Member | None

    @property
    def changed(self) -> bool:
        return (self.old_chair, self.old_co_chair) != (self.chair, self.co_chair)


@dataclass(frozen=True)
class Held:
    meeting: Meeting
    items: list[AgendaItem]
    next_meeting: Meeting | None
    handover: Handover


# --- settings ------------------------------------------------------------------------------


def settings_of(session: Session, house: House) -> MeetingSettings:
    found = session.scalars(
        select(MeetingSettings).where(MeetingSettings.house_id == house.id)
    ).one_or_none()
    if found is None:
        found = MeetingSettings(
            house_id=house.id,
            recurrence=Recurrence.NONE,
            agenda_days=AGENDA_DAYS[0],
            checkin_hours=CHECKIN_HOURS[0],
            duo=False,
            retention_weeks=RETENTION_WEEKS[0],
            last_position=0,
        )
        session.add(found)
        session.flush()
    return found


def _next(values: tuple[int, ...], current: int) -> int:
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


def cycle_setting(settings: MeetingSettings, item: str) -> None:
    """One tap on a setting moves it to its next value."""
    if item == "agenda":
        settings.agenda_days = _next(AGENDA_DAYS, settings.agenda_days)
    elif item == "checkin":
        settings.checkin_hours = _next(CHECKIN_HOURS, settings.checkin_hours)
    elif item == "duo":
        settings.duo = not settings.duo
    elif item == "keep":
        settings.retention_weeks = _next(RETENTION_WEEKS, settings.retention_weeks)
    else:
        raise UserError("button.stale")


def set_support_text(settings: MeetingSettings, text: str | None) -> None:
    """The house's own support numbers; None goes back to the default of the language."""
    if text is None:
        settings.support_text = None
        return
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if not cleaned:
        raise UserError("meeting.support_empty")
    if len(cleaned) > MAX_SUPPORT:
        raise UserError("meeting.support_too_long", max=MAX_SUPPORT)
    settings.support_text = cleaned


# --- when ----------------------------------------------------------------------------------


def local_moment(house: House, day: date, minute_of_day: int) -> datetime:
    """`minute_of_day` on `day` of the house's calendar, as an aware UTC datetime."""
    zone = ZoneInfo(house.timezone)
    at = time(minute_of_day // 60, minute_of_day % 60)
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def next_occurrence(settings: MeetingSettings, house: House, after: datetime) -> datetime | None:
    """The first meeting of the series strictly after `after`; None without a series."""
    minute, weekday = settings.minute_of_day, settings.weekday
    if settings.recurrence == Recurrence.NONE or minute is None or weekday is None:
        return None
    start = after.astimezone(ZoneInfo(house.timezone)).date()
    if settings.recurrence == Recurrence.WEEKLY:
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        while local_moment(house, day, minute) <= after:
            day += timedelta(days=7)
        return local_moment(house, day, minute)
    if settings.recurrence == Recurrence.BIWEEKLY:
        anchor = settings.anchor or start
        day = anchor + timedelta(days=14 * max(0, (start - anchor).days // 14))
        while local_moment(house, day, minute) <= after:
            day += timedelta(days=14)
        return local_moment(house, day, minute)
    nth = settings.nth or 1
    year, month = start.year, start.month
    while True:
        moment = local_moment(house, nth_weekday(year, month, weekday, nth), minute)
        if moment > after:
            return moment
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def step_times(settings: MeetingSettings, house: House, meeting: Meeting) -> StepTimes:
    """When each step before and after a meeting is due (see the module docstring)."""
    start = meeting.starts_at
    agenda_day = start.astimezone(ZoneInfo(house.timezone)).date() - timedelta(
        days=settings.agenda_days
    )
    agenda_at = local_moment(house, agenda_day, AGENDA_AT.hour * 60 + AGENDA_AT.minute)
    checkin = reminder = digest = None
    if settings.checkin_hours > 0:
        checkin = start - timedelta(hours=settings.checkin_hours)
        digest = start - DIGEST_BEFORE
        asked = meeting.checkin_sent_at or checkin
        reminder = max(asked + (digest - asked) / 2, asked + REMINDER_GAP)
        if reminder >= digest:
            reminder = None
    ask = start + ENDS_AFTER
    return StepTimes(
        agenda_at, checkin, reminder, digest, ask, (meeting.asked_at or ask) + ANSWER_WAIT
    )


def parse_time(text: str) -> int:
    """`19:30`, `19.30`, `19`, `half acht` (`bot.domain.typed`): minutes after midnight."""
    try:
        return typed_time(text)
    except ValueError:
        raise UserError("meeting.time_unreadable") from None


def parse_moment(house: House, now: datetime, text: str) -> datetime:
    """`30-11 19:30`, `30-11-2026 19.30`, `zondag 18:00`, `morgen half acht`: house time."""
    today = now.astimezone(ZoneInfo(house.timezone)).date()
    try:
        day, minute = typed_moment(text, today)  # the one typed-moment reader
    except ValueError:
        raise UserError("meeting.date_unreadable") from None
    return local_moment(house, day, minute)


def check_moment(now: datetime, moment: datetime) -> None:
    if moment - now < MIN_AHEAD:
        raise UserError("meeting.date_past")
    if moment - now > MAX_AHEAD:
        raise UserError("meeting.date_too_far", days=MAX_AHEAD.days)


# --- planning ------------------------------------------------------------------------------


def planned(session: Session, house: House) -> Meeting | None:
    return session.scalars(
        select(Meeting)
        .where(Meeting.house_id == house.id, Meeting.state == MeetingState.PLANNED)
        .order_by(Meeting.starts_at)
        .limit(1)
    ).first()


def all_planned(session: Session) -> Sequence[Meeting]:
    return session.scalars(select(Meeting).where(Meeting.state == MeetingState.PLANNED)).all()


def meeting_in_house(session: Session, house: House | None, meeting_id: int) -> Meeting:
    return in_house(session, Meeting, house, meeting_id)


def _new_meeting(session: Session, clock: Clock, house: House, moment: datetime) -> Meeting:
    meeting = Meeting(
        house_id=house.id, starts_at=moment, state=MeetingState.PLANNED, created_at=clock.now()
    )
    session.add(meeting)
    session.flush()
    return meeting


def _replace(session: Session, clock: Clock, house: House) -> Meeting | None:
    current = planned(session, house)
    if current is None:
        return None
    if clock.now() >= current.starts_at:
        raise UserError("meeting.hold_first")
    current.state = MeetingState.CANCELLED
    return current


def plan_once(
    session: Session, clock: Clock, house: House, moment: datetime
) -> tuple[Meeting, Meeting | None]:
    """A one-off meeting (it also ends a series). Returns (the meeting, the one it replaced)."""
    check_moment(clock.now(), moment)
    replaced = _replace(session, clock, house)
    settings_of(session, house).recurrence = Recurrence.NONE
    return _new_meeting(session, clock, house, moment), replaced


def plan_series(
    session: Session,
    clock: Clock,
    house: House,
    recurrence: Recurrence,
    *,
    weekday: int,
    minute_of_day: int,
    nth: int | None = None,
) -> tuple[Meeting, Meeting | None]:
    """A series; its first meeting is the first occurrence at least ten minutes ahead."""
    if recurrence == Recurrence.NONE or not 0 <= weekday <= 6 or not 0 <= minute_of_day < 1440:
        raise UserError("button.stale")
    if recurrence == Recurrence.MONTHLY and nth not in NTHS:
        raise UserError("button.stale")
    replaced = _replace(session, clock, house)
    settings = settings_of(session, house)
    settings.recurrence = recurrence
    settings.weekday = weekday
    settings.minute_of_day = minute_of_day
    settings.nth = nth if recurrence == Recurrence.MONTHLY else None
    settings.anchor = None
    after = clock.now() + MIN_AHEAD
    if recurrence == Recurrence.BIWEEKLY:
        settings.recurrence = Recurrence.WEEKLY
        first = next_occurrence(settings, house, after)
        settings.recurrence = Recurrence.BIWEEKLY
        assert first is not None
        settings.anchor = first.astimezone(ZoneInfo(house.timezone)).date()
    moment = next_occurrence(settings, house, after)
    assert moment is not None
    return _new_meeting(session, clock, house, moment), replaced


def cancel(
    session: Session, clock: Clock, house: House, meeting: Meeting, *, stop_series: bool
) -> Meeting | None:
    """Call off the planned meeting; a series goes on with its next one unless stopped."""
    if meeting.state != MeetingState.PLANNED:
        raise UserError("meeting.not_planned")
    meeting.state = MeetingState.CANCELLED
    settings = settings_of(session, house)
    if stop_series:
        settings.recurrence = Recurrence.NONE
        return None
    moment = next_occurrence(settings, house, max(meeting.starts_at, clock.now() + MIN_AHEAD))
    return _new_meeting(session, clock, house, moment) if moment is not None else None


# --- the agenda ----------------------------------------------------------------------------


# --- holding -------------------------------------------------------------------------------


def hold(session: Session, clock: Clock, house: House, meeting: Meeting) -> Held:
    """The meeting took place: record it and the items that were on its agenda (none done yet:
    the chair ticks what was discussed), plan the next, hand over."""
    now = clock.now()
    if meeting.state != MeetingState.PLANNED:
        raise UserError("meeting.not_planned")
    if now < meeting.starts_at - EARLY_HOLD:
        raise UserError("meeting.not_started")
    chair, co_chair = holder(session, house, Role.CHAIR), holder(session, house, Role.CO_CHAIR)
    meeting.state = MeetingState.HELD
    meeting.held_at = now
    meeting.chair_id = chair.id if chair else None
    meeting.co_chair_id = co_chair.id if co_chair else None
    items = [item for item in agenda.open_items(session, house) if item.created_at <= now]
    for item in items:
        session.add(MeetingItem(house_id=house.id, meeting_id=meeting.id, agenda_item_id=item.id))
    settings = settings_of(session, house)
    moment = next_occurrence(settings, house, max(meeting.starts_at, now + MIN_AHEAD))
    next_meeting = _new_meeting(session, clock, house, moment) if moment is not None else None
    handover = hand_over(session, clock, house)
    session.flush()
    return Held(meeting, items, next_meeting, handover)


def not_held(session: Session, clock: Clock, house: House, meeting: Meeting) -> Meeting | None:
    """Nobody said the meeting took place: it was not held, every item carries over, and a
    series goes on with its next meeting (returned). The chair stays."""
    if meeting.state != MeetingState.PLANNED:
        raise UserError("meeting.not_planned")
    meeting.state = MeetingState.NOT_HELD
    settings = settings_of(session, house)
    moment = next_occurrence(settings, house, max(meeting.starts_at, clock.now() + MIN_AHEAD))
    following = _new_meeting(session, clock, house, moment) if moment is not None else None
    session.flush()
    return following


def last_held(session: Session, house: House) -> Meeting | None:
    return session.scalars(
        select(Meeting)
        .where(Meeting.house_id == house.id, Meeting.state == MeetingState.HELD)
        .order_by(Meeting.held_at.desc(), Meeting.id.desc())
        .limit(1)
    ).first()


def may_write_minutes(member: Member | None, meeting: Meeting) -> bool:
    """The chair(s) of that meeting, and whoever chairs now."""
    if member is None or member.house_id != meeting.house_id:
        return False
    return member.id in (meeting.chair_id, meeting.co_chair_id) or is_chair(member)


def require_minutes_writer(session: Session, member: Member | None, meeting: Meeting) -> None:
    if meeting.state != MeetingState.HELD:
        raise UserError("meeting.not_held")
    if not may_write_minutes(member, meeting):
        chair = session.get(Member, meeting.chair_id) if meeting.chair_id else None
        raise UserError("meeting.only_its_chair", chair=chair.person.display_name if chair else "—")


def set_minutes(meeting: Meeting, text: str) -> None:
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    minutes = "\n".join(line for line in lines if line)
    if not minutes:
        raise UserError("meeting.minutes_empty")
    if len(minutes) > MAX_MINUTES:
        raise UserError("meeting.minutes_too_long", max=MAX_MINUTES)
    meeting.minutes = minutes


def meeting_items(session: Session, meeting: Meeting) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .join(MeetingItem, MeetingItem.agenda_item_id == AgendaItem.id)
            .where(MeetingItem.meeting_id == meeting.id)
            .order_by(AgendaItem.created_at, AgendaItem.id)
        ).all()
    )


def tick_item(session: Session, clock: Clock, meeting: Meeting, item_id: int) -> bool:
    """The chair ticks an item of the meeting open again, or done again. True when done."""
    item = next((i for i in meeting_items(session, meeting) if i.id == item_id), None)
    if item is None:
        raise UserError("button.stale")
    item.done_at = None if item.done_at is not None else clock.now()
    return item.done_at is not None


def linkable_decisions(session: Session, house: House, meeting: Meeting) -> list[Decision]:
    """The decisions since the meeting before this one (newest first, at most LINKABLE)."""
    previous = session.scalars(
        select(Meeting)
        .where(
            Meeting.house_id == house.id,
            Meeting.state == MeetingState.HELD,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()
    query = select(Decision).where(Decision.house_id == house.id)
    if previous is not None and previous.held_at is not None:
        query = query.where(Decision.decided_at > previous.held_at)
    return list(session.scalars(query.order_by(Decision.decided_at.desc()).limit(LINKABLE)).all())


def linked_decisions(session: Session, meeting: Meeting) -> list[Decision]:
    return list(
        session.scalars(
            select(Decision)
            .join(MeetingDecision, MeetingDecision.decision_id == Decision.id)
            .where(MeetingDecision.meeting_id == meeting.id)
            .order_by(Decision.year, Decision.seq)
        ).all()
    )


def toggle_decision(session: Session, house: House, meeting: Meeting, decision_id: int) -> bool:
    """Link a decision to the minutes, or unlink it. True when linked."""
    if decision_id not in {d.id for d in linkable_decisions(session, house, meeting)} | {
        d.id for d in linked_decisions(session, meeting)
    }:
        raise UserError("button.stale")
    link = session.scalars(
        select(MeetingDecision).where(
            MeetingDecision.meeting_id == meeting.id, MeetingDecision.decision_id == decision_id
        )
    ).one_or_none()
    if link is not None:
        session.delete(link)
        session.flush()
        return False
    session.add(MeetingDecision(house_id=house.id, meeting_id=meeting.id, decision_id=decision_id))
    session.flush()
    return True


# --- the chair order -----------------------------------------------------------------------


def volunteers(session: Session, house: House) -> list[ChairVolunteer]:
    return list(
        session.scalars(
            select(ChairVolunteer)
            .where(ChairVolunteer.house_id == house.id)
            .order_by(ChairVolunteer.position)
        ).all()
    )


def volunteer_of(session: Session, member: Member) -> ChairVolunteer | None:
    return session.scalars(
        select(ChairVolunteer).where(ChairVolunteer.member_id == member.id)
    ).one_or_none()


def volunteer(session: Session, clock: Clock, house: House, member: Member | None) -> bool:
    """Join the chair order at the end. True when the house had no chair and this volunteer
    became chair at once."""
    if member is None or member.house_id != house.id:
        raise UserError("meeting.volunteer_residents")
    if not counts_as_resident(member):  # a self-declared resident once confirmed
        raise UserError("meeting.volunteer_residents")
    if volunteer_of(session, member) is not None:
        raise UserError("meeting.already_volunteer")
    last = session.scalar(
        select(func.max(ChairVolunteer.position)).where(ChairVolunteer.house_id == house.id)
    )
    place = ChairVolunteer(
        house_id=house.id,
        member_id=member.id,
        position=(last or 0) + 1,
        skip_next=False,
        joined_at=clock.now(),
    )
    session.add(place)
    session.flush()
    if holder(session, house, Role.CHAIR) is None:
        _give_roles(session, clock, house, member, None)
        settings_of(session, house).last_position = place.position
        return True
    return False


def withdraw(session: Session, member: Member | None) -> None:
    """Leave the chair order. A chair stays chair until the next handover."""
    place = volunteer_of(session, member) if member is not None else None
    if place is None:
        raise UserError("meeting.not_volunteer")
    session.delete(place)
    session.flush()


def toggle_skip(session: Session, member: Member | None) -> bool:
    """ "Not this time" for a volunteer who is not the chair; tapped again it is undone.
    Returns whether they are now passed over at the next handover."""
    place = volunteer_of(session, member) if member is not None else None
    if place is None:
        raise UserError("meeting.not_volunteer")
    place.skip_next = not place.skip_next
    return place.skip_next


def _give_roles(
    session: Session, clock: Clock, house: House, chair: Member, co_chair: Member | None
) -> None:
    """One chair (and at most one co-chair) at a time: the roles move, nothing else changes."""
    holders = session.scalars(
        select(Member)
        .join(MemberRole, MemberRole.member_id == Member.id)
        .where(MemberRole.house_id == house.id, MemberRole.role.in_(CHAIR_ROLES))
    ).unique()
    for member in holders:
        member.roles[:] = [r for r in member.roles if r.role not in CHAIR_ROLES]
    session.flush()
    chair.roles.append(MemberRole(house_id=house.id, role=Role.CHAIR, assigned_at=clock.now()))
    if co_chair is not None and co_chair.id != chair.id:
        co_chair.roles.append(
            MemberRole(house_id=house.id, role=Role.CO_CHAIR, assigned_at=clock.now())
        )
    session.flush()


def hand_over(
    session: Session, clock: Clock, house: House, *, passing: Member | None = None
) -> Handover:
    """The next volunteer becomes chair (see the module docstring). `passing`: the chair who
    cannot chair this time; they are passed over now."""
    settings = settings_of(session, house)
    order = [v for v in volunteers(session, house) if counts_as_resident(_member(session, v))]
    old_chair, old_co = holder(session, house, Role.CHAIR), holder(session, house, Role.CO_CHAIR)
    cursor = settings.last_position
    own = next((v for v in order if old_chair and v.member_id == old_chair.id), None)
    if own is not None:
        cursor = own.position
    cycle = [v for v in order if v.position > cursor] + [v for v in order if v.position <= cursor]
    skipped = {v.member_id for v in order if v.skip_next}
    # Someone "even weg" (`bot.domain.away`) is passed over this time, without a word.
    skipped |= {v.member_id for v in order if _member(session, v).away}
    if passing is not None:
        skipped.add(passing.id)
    for place in order:
        place.skip_next = False
    available = [v for v in cycle if v.member_id not in skipped]
    if not available:
        return Handover(old_chair, old_co, old_chair, old_co)
    chair_place = available[0]
    co_place = available[1] if settings.duo and len(available) > 1 else None
    chair = _member(session, chair_place)
    co_chair = _member(session, co_place) if co_place is not None else None
    _give_roles(session, clock, house, chair, co_chair)
    settings.last_position = chair_place.position
    return Handover(old_chair, old_co, chair, co_chair)


def pass_chair(session: Session, clock: Clock, house: House, member: Member | None) -> Handover:
    """The chair cannot chair this time: the next volunteer takes over now."""
    if member is None or Role.CHAIR not in member.role_set:
        raise UserError("button.stale")
    handover = hand_over(session, clock, house, passing=member)
    if handover.chair is None or handover.chair.id == member.id:
        raise UserError("meeting.nobody_to_take_over")
    return handover


def step_down(session: Session, clock: Clock, house: House, member: Member | None) -> Handover:
    """The chair (or co-chair) steps down with one tap: out of the chair order, and the next
    volunteer takes over now. With nobody to take over, the house has no chair until someone
    volunteers (the first volunteer then becomes chair at once)."""
    if member is None or not member.role_set & set(CHAIR_ROLES):
        raise UserError("meeting.not_chair")
    old_chair, old_co = holder(session, house, Role.CHAIR), holder(session, house, Role.CO_CHAIR)
    place = volunteer_of(session, member)
    if place is not None:
        session.delete(place)
        session.flush()
    if Role.CHAIR in member.role_set:
        handover = hand_over(session, clock, house, passing=member)
        if handover.chair is not None and handover.chair.id != member.id:
            return handover
    member.roles[:] = [r for r in member.roles if r.role not in CHAIR_ROLES]
    session.flush()
    chair, co_chair = holder(session, house, Role.CHAIR), holder(session, house, Role.CO_CHAIR)
    return Handover(old_chair, old_co, chair, co_chair)


def _member(session: Session, place: ChairVolunteer) -> Member:
    member = session.get(Member, place.member_id)
    assert member is not None
    return member
