"""House decisions: who may launch and vote, casting and changing a vote, the tally, quorum,
the outcome of each kind of poll, closing (with the secret-ballot promise) and the decision log.

The secret-ballot promise: while a secret poll is open, the bot must know each voter's choice
so the voter can change it; when it closes, the choices are counted into the options and
deleted. What stays is who voted (turnout) and how many chose each option — nothing links a
person to an option any more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.prompts import drop_subject, subject
from bot.domain.text import checked, clean, typed_date
from bot.storage.models import (
    AgendaSource,
    Ballot,
    Choice,
    Decision,
    House,
    Member,
    MemberStatus,
    Outcome,
    Person,
    Poll,
    PollKind,
    PollOption,
    PollState,
    Role,
    Voters,
)

MAX_QUESTION = 300
MAX_OPTION = 100
MAX_FRAME = 200
MAX_OPTIONS = 10
MAX_REASON = 300
MAX_DAYS_AHEAD = 90
MIN_MINUTES_AHEAD = 10
EVENING = time(20, 0)
TONIGHT = time(22, 0)
QUORUM_CHOICES = (0, 33, 50, 67, 100)
# The fixed options of the fixed kinds, by position; their labels are translated when shown.
FIXED_OPTIONS = {
    PollKind.YES_NO: ("yes", "no", "abstain"),
    PollKind.CONSENT: ("agree", "live_with", "objection"),
}
OBJECTION = 2  # position of "objection" in a consent poll


@dataclass(frozen=True)
class Tally:
    counts: dict[int, int]  # option id -> number of choices
    voted: int
    eligible: int
    quorum_needed: int
    names: dict[int, list[str]] = field(default_factory=dict)  # open polls only

    @property
    def quorum_met(self) -> bool:
        return self.voted >= self.quorum_needed

    @property
    def missing(self) -> int:
        return max(0, self.quorum_needed - self.voted)


@dataclass(frozen=True)
class VoteResult:
    chosen: list[PollOption]  # what counts for this member now
    needs_reason: bool  # a consent objection: ask for a one-line reason


# --- launching -----------------------------------------------------------------------------


def is_chair(member: Member | None) -> bool:
    return member is not None and bool(member.role_set & {Role.CHAIR, Role.CO_CHAIR})


def can_launch(house: House, member: Member | None) -> bool:
    """The chair launches polls; anyone else only if the house turned that on."""
    if is_chair(member):
        return True
    return (
        house.anyone_can_poll
        and member is not None
        and member.status
        in (
            MemberStatus.RESIDENT,
            MemberStatus.SUPPORTER,
        )
    )


def chairs(session: Session, house: House) -> list[Member]:
    members = session.scalars(select(Member).where(Member.house_id == house.id)).all()
    return [m for m in members if is_chair(m)]


def check_question(text: str) -> str:
    return checked(
        text, limit=MAX_QUESTION, empty="poll.question_empty", too_long="poll.question_too_long"
    )


def check_reason(text: str) -> str:
    return checked(
        text, limit=MAX_REASON, empty="poll.reason_empty", too_long="poll.reason_too_long"
    )


def check_options(raw: Sequence[str]) -> list[str]:
    options = [clean(o) for o in raw]
    if any(not o for o in options):
        raise UserError("poll.option_empty")
    if len(options) < 2:
        raise UserError("poll.too_few_options")
    if len(options) > MAX_OPTIONS:
        raise UserError("poll.too_many_options", max=MAX_OPTIONS)
    if any(len(o) > MAX_OPTION for o in options):
        raise UserError("poll.option_too_long", max=MAX_OPTION)
    folded = [o.casefold() for o in options]
    if len(set(folded)) != len(folded):
        raise UserError("poll.duplicate_options")
    return options


def check_frame(text: str) -> str | None:
    frame = clean(text)
    if len(frame) > MAX_FRAME:
        raise UserError("poll.frame_too_long", max=MAX_FRAME)
    return frame or None


def parse_quick(text: str) -> tuple[str, PollKind, list[str]]:
    """`Should we get a cat? | Yes | No`: a question and, optionally, the options."""
    question, *options = text.split("|")
    question = check_question(question)
    if not options:
        return question, PollKind.YES_NO, []
    return question, PollKind.SINGLE, check_options(options)


def local_at(house: House, day: datetime, at: time) -> datetime:
    """`at` o'clock on the house's local calendar day of `day`, as an aware datetime."""
    zone = ZoneInfo(house.timezone)
    local_day = day.astimezone(zone).date()
    return datetime.combine(local_day, at, tzinfo=zone)


def deadline_pick(house: House, now: datetime, pick: str) -> datetime:
    """The quick picks: tonight (22:00), tomorrow, 3 days or a week (20:00, house time)."""
    if pick == "tonight":
        moment = local_at(house, now, TONIGHT)
        if moment - now < timedelta(hours=1):
            raise UserError("poll.tonight_too_late")
        return moment
    days = {"tomorrow": 1, "3d": 3, "week": 7}.get(pick)
    if days is None:
        raise UserError("button.stale")
    return local_at(house, now + timedelta(days=days), EVENING)


def default_deadline(house: House, now: datetime) -> datetime:
    return local_at(house, now + timedelta(days=house.poll_days), EVENING)


def parse_deadline(house: House, now: datetime, text: str) -> datetime:
    """A typed date, `25-11`, `25-11-2026` or `2026-11-25`, optionally with `18:30`."""
    parts = clean(text).replace("/", "-").split(" ")
    if not parts or not parts[0] or len(parts) > 2:
        raise UserError("poll.date_unreadable")
    zone = ZoneInfo(house.timezone)
    try:
        day = typed_date(parts[0], now.astimezone(zone).date())
        at = EVENING
        if len(parts) == 2:
            hour, minute = (int(n) for n in parts[1].replace(".", ":").split(":"))
            at = time(hour, minute)
        moment = datetime.combine(day, at, tzinfo=zone)
    except (ValueError, OverflowError):
        raise UserError("poll.date_unreadable") from None
    if moment - now < timedelta(minutes=MIN_MINUTES_AHEAD):
        raise UserError("poll.date_past")
    if moment - now > timedelta(days=MAX_DAYS_AHEAD):
        raise UserError("poll.date_too_far", days=MAX_DAYS_AHEAD)
    return moment


def new_poll(
    session: Session,
    clock: Clock,
    house: House,
    creator: Member | None,
    *,
    question: str,
    kind: PollKind = PollKind.YES_NO,
    options: Sequence[str] = (),
    deadline: datetime | None = None,
    secret: bool = False,
    frame: str | None = None,
) -> Poll:
    """A draft poll with the house's defaults; `open_poll` puts it to the vote."""
    poll = Poll(
        house_id=house.id,
        created_by_id=creator.id if creator else None,
        question=check_question(question),
        frame=check_frame(frame or ""),
        kind=kind,
        state=PollState.DRAFT,
        secret=secret,
        hide_results=False,
        voters=Voters.WITH_SUPPORTERS if house.supporters_vote else Voters.RESIDENTS,
        quorum_percent=house.quorum_percent,
        deadline=deadline or default_deadline(house, clock.now()),
        created_at=clock.now(),
    )
    session.add(poll)
    session.flush()
    set_options(session, poll, kind, options)
    return poll


def set_options(session: Session, poll: Poll, kind: PollKind, labels: Sequence[str]) -> None:
    """Replace the poll's kind and options (a draft only)."""
    if poll.state != PollState.DRAFT:
        raise UserError("poll.not_a_draft")
    fixed = FIXED_OPTIONS.get(kind)
    if fixed is not None:
        labels = fixed
    elif labels:
        labels = check_options(labels)
    poll.kind = kind
    poll.options.clear()
    session.flush()
    for position, label in enumerate(labels):
        poll.options.append(PollOption(house_id=poll.house_id, position=position, label=label))
    session.flush()


def check_ready(poll: Poll, now: datetime) -> None:
    if poll.kind in (PollKind.SINGLE, PollKind.MULTI) and len(poll.options) < 2:
        raise UserError("poll.too_few_options")
    if poll.deadline is None or poll.deadline - now < timedelta(minutes=MIN_MINUTES_AHEAD):
        raise UserError("poll.date_past")


def open_poll(clock: Clock, poll: Poll, chat_id: int) -> None:
    if poll.state != PollState.DRAFT:
        raise UserError("poll.not_a_draft")
    check_ready(poll, clock.now())
    poll.state = PollState.OPEN
    poll.opened_at = clock.now()
    poll.chat_id = chat_id


# --- voting --------------------------------------------------------------------------------


def is_eligible(member: Member, poll: Poll) -> bool:
    if member.status == MemberStatus.RESIDENT:
        return True
    return member.status == MemberStatus.SUPPORTER and poll.voters == Voters.WITH_SUPPORTERS


def eligible_members(session: Session, poll: Poll) -> list[Member]:
    statuses = [MemberStatus.RESIDENT]
    if poll.voters == Voters.WITH_SUPPORTERS:
        statuses.append(MemberStatus.SUPPORTER)
    return list(
        session.scalars(
            select(Member).where(Member.house_id == poll.house_id, Member.status.in_(statuses))
        ).all()
    )


def ensure_open(poll: Poll, now: datetime) -> None:
    if poll.state != PollState.OPEN or (poll.deadline is not None and now >= poll.deadline):
        raise UserError("poll.closed")


def ballot_of(session: Session, poll: Poll, member: Member) -> Ballot | None:
    return session.scalars(
        select(Ballot).where(Ballot.poll_id == poll.id, Ballot.member_id == member.id)
    ).one_or_none()


def choices_of(session: Session, ballot: Ballot) -> list[Choice]:
    return list(session.scalars(select(Choice).where(Choice.ballot_id == ballot.id)).all())


def cast(
    session: Session, clock: Clock, poll: Poll, member: Member | None, option_id: int
) -> VoteResult:
    """One tap. Single-choice kinds replace the member's choice; approval toggles an option."""
    ensure_open(poll, clock.now())
    if member is None:
        raise UserError("poll.not_eligible.stranger")
    if not is_eligible(member, poll):
        raise UserError(f"poll.not_eligible.{member.status.value}")
    option = next((o for o in poll.options if o.id == option_id), None)
    if option is None:
        raise UserError("button.stale")
    ballot = ballot_of(session, poll, member)
    if ballot is None:
        ballot = Ballot(house_id=poll.house_id, poll_id=poll.id, member_id=member.id)
        session.add(ballot)
        session.flush()
    current = choices_of(session, ballot)
    if poll.kind == PollKind.MULTI:
        existing = next((c for c in current if c.option_id == option.id), None)
        if existing is not None:
            session.delete(existing)
            current.remove(existing)
        else:
            added = Choice(
                house_id=poll.house_id, poll_id=poll.id, ballot_id=ballot.id, option_id=option.id
            )
            session.add(added)
            current.append(added)
        if not current:
            session.delete(ballot)  # nothing chosen any more: not voted
        session.flush()
        chosen_ids = {c.option_id for c in current}
        return VoteResult([o for o in poll.options if o.id in chosen_ids], needs_reason=False)
    for choice in current:
        if choice.option_id != option.id:
            session.delete(choice)
    if not any(c.option_id == option.id for c in current):
        session.add(
            Choice(
                house_id=poll.house_id, poll_id=poll.id, ballot_id=ballot.id, option_id=option.id
            )
        )
    session.flush()
    objection = poll.kind == PollKind.CONSENT and option.position == OBJECTION
    return VoteResult([option], needs_reason=objection)


def give_reason(session: Session, clock: Clock, poll: Poll, member: Member, text: str) -> None:
    """The one-line reason for a consent objection, asked privately after the tap."""
    ensure_open(poll, clock.now())
    reason = check_reason(text)
    ballot = ballot_of(session, poll, member)
    objection = (
        next(
            (c for c in choices_of(session, ballot) if _position(poll, c.option_id) == OBJECTION),
            None,
        )
        if ballot
        else None
    )
    if objection is None:
        raise UserError("poll.no_objection")
    objection.reason = reason


def _position(poll: Poll, option_id: int) -> int:
    return next((o.position for o in poll.options if o.id == option_id), -1)


# --- counting and closing ------------------------------------------------------------------


def quorum_needed(eligible: int, percent: int) -> int:
    """At least `percent` of the eligible members, rounded up; always at least one vote."""
    return max(1, math.ceil(eligible * percent / 100))


def tally(session: Session, poll: Poll) -> Tally:
    eligible = (
        poll.eligible_count
        if poll.state == PollState.CLOSED and poll.eligible_count is not None
        else len(eligible_members(session, poll))
    )
    voted = session.scalar(
        select(func.count()).select_from(Ballot).where(Ballot.poll_id == poll.id)
    )
    needed = quorum_needed(eligible, poll.quorum_percent)
    if poll.state == PollState.CLOSED:
        counts = {o.id: o.final_count or 0 for o in poll.options}
        return Tally(counts, voted or 0, eligible, needed)
    rows = session.execute(
        select(Choice.option_id, Person.first_name, Person.last_name)
        .join(Ballot, Choice.ballot_id == Ballot.id)
        # A voter who used /forgetme keeps counting, anonymously: in turnout and counts alike.
        .join(Member, Ballot.member_id == Member.id, isouter=True)
        .join(Person, Member.person_id == Person.id, isouter=True)
        .where(Choice.poll_id == poll.id)
        .order_by(Person.first_name)
    ).all()
    counts = {o.id: 0 for o in poll.options}
    names: dict[int, list[str]] = {o.id: [] for o in poll.options}
    for option_id, first, last in rows:
        counts[option_id] = counts.get(option_id, 0) + 1
        if not poll.secret and first is not None:
            names.setdefault(option_id, []).append(f"{first} {last}".strip() if last else first)
    return Tally(counts, voted or 0, eligible, needed, names if not poll.secret else {})


def outcome_of(poll: Poll, result: Tally) -> tuple[Outcome, PollOption | None]:
    if not result.quorum_met:
        return Outcome.NO_QUORUM, None
    by_position = {o.position: result.counts.get(o.id, 0) for o in poll.options}
    if poll.kind == PollKind.YES_NO:
        return (Outcome.ADOPTED if by_position[0] > by_position[1] else Outcome.REJECTED), None
    if poll.kind == PollKind.CONSENT:
        return (Outcome.OBJECTION if by_position[OBJECTION] else Outcome.ADOPTED), None
    best = max(result.counts.values(), default=0)
    leaders = [o for o in poll.options if result.counts.get(o.id, 0) == best]
    if best == 0 or len(leaders) > 1:
        return Outcome.TIE, None
    return Outcome.CHOSEN, leaders[0]


def can_close_early(session: Session, poll: Poll) -> bool:
    """The chair may close before the deadline only when every eligible member voted."""
    result = tally(session, poll)
    return result.eligible > 0 and result.voted >= result.eligible


def close_poll(session: Session, clock: Clock, house: House, poll: Poll) -> Decision:
    """Close, record the decision, put what is undecided on the agenda, and forget who chose
    what if the poll was secret."""
    if poll.state != PollState.OPEN:
        raise UserError("poll.closed")
    result = tally(session, poll)
    outcome, winner = outcome_of(poll, result)
    objections = session.execute(
        select(Choice.reason, Ballot.member_id)
        .join(Ballot, Choice.ballot_id == Ballot.id)
        .where(
            Choice.poll_id == poll.id,
            Choice.option_id.in_(
                [o.id for o in poll.options if o.position == OBJECTION]
                if poll.kind == PollKind.CONSENT
                else []
            ),
        )
    ).all()
    for option in poll.options:
        option.final_count = result.counts.get(option.id, 0)
    drop_subject(session, subject("poll", poll.id))  # its questions (reasons) go with it
    poll.state = PollState.CLOSED
    poll.closed_at = clock.now()
    poll.outcome = outcome
    poll.eligible_count = result.eligible
    if outcome == Outcome.NO_QUORUM:
        agenda.add_item(
            session, clock, house, poll.question, source=AgendaSource.NO_QUORUM, poll_id=poll.id
        )
    elif outcome == Outcome.TIE:
        agenda.add_item(
            session, clock, house, poll.question, source=AgendaSource.TIE, poll_id=poll.id
        )
    elif outcome == Outcome.OBJECTION:
        for reason, member_id in objections:
            agenda.add_item(
                session,
                clock,
                house,
                reason or "—",
                source=AgendaSource.OBJECTION,
                poll_id=poll.id,
                added_by=None if poll.secret else session.get(Member, member_id),
            )
    if poll.secret:
        session.execute(delete(Choice).where(Choice.poll_id == poll.id))
    decision = record_decision(session, clock, house, poll, result, outcome, winner)
    session.flush()
    return decision


def record_decision(
    session: Session,
    clock: Clock,
    house: House,
    poll: Poll,
    result: Tally,
    outcome: Outcome,
    winner: PollOption | None,
) -> Decision:
    now = clock.now()
    year = now.astimezone(ZoneInfo(house.timezone)).year
    last = session.scalar(
        select(func.max(Decision.seq)).where(Decision.house_id == house.id, Decision.year == year)
    )
    decision = Decision(
        house_id=house.id,
        poll_id=poll.id,
        year=year,
        seq=(last or 0) + 1,
        decided_at=now,
        question=poll.question,
        frame=poll.frame,
        kind=poll.kind,
        secret=poll.secret,
        outcome=outcome,
        winner=winner.label if winner else None,
        results=[[o.label, result.counts.get(o.id, 0)] for o in poll.options],
        turnout=result.voted,
        eligible=result.eligible,
        quorum_needed=result.quorum_needed,
        quorum_met=result.quorum_met,
    )
    session.add(decision)
    return decision


def cancel_poll(session: Session, clock: Clock, poll: Poll, reason: str) -> None:
    if poll.state != PollState.OPEN:
        raise UserError("poll.closed")
    drop_subject(session, subject("poll", poll.id))
    poll.state = PollState.CANCELLED
    poll.cancel_reason = check_reason(reason)
    poll.closed_at = clock.now()
    if poll.secret:
        session.execute(delete(Choice).where(Choice.poll_id == poll.id))


# --- reminders -----------------------------------------------------------------------------


def reminder_hours(house: House) -> list[int]:
    hours = []
    for part in house.reminder_hours.split(","):
        if part.strip().isdigit() and int(part) > 0:
            hours.append(int(part))
    return sorted(set(hours), reverse=True)


def sent_reminders(poll: Poll) -> set[int]:
    return {int(h) for h in poll.reminders_sent.split(",") if h.strip().isdigit()}


def mark_reminded(poll: Poll, hours: int) -> None:
    """Record that the reminder `hours` before the deadline (and every earlier one) is done."""
    sent = sent_reminders(poll) | {hours}
    poll.reminders_sent = ",".join(str(h) for h in sorted(sent, reverse=True))


def waiting_voters(session: Session, poll: Poll) -> list[Member]:
    """Eligible members who have not voted yet."""
    voted = set(session.scalars(select(Ballot.member_id).where(Ballot.poll_id == poll.id)).all())
    return [m for m in eligible_members(session, poll) if m.id not in voted]


def poll_in_house(session: Session, house: House | None, poll_id: int) -> Poll:
    return in_house(session, Poll, house, poll_id)


DRAFT_DAYS = 7


def drop_stale_drafts(session: Session, clock: Clock) -> int:
    """Delete drafts older than DRAFT_DAYS. Returns how many."""
    stale = session.scalars(
        select(Poll).where(
            Poll.state == PollState.DRAFT,
            Poll.created_at < clock.now() - timedelta(days=DRAFT_DAYS),
        )
    ).all()
    for poll in stale:
        session.delete(poll)
    return len(stale)


def open_polls(session: Session) -> Sequence[Poll]:
    return session.scalars(select(Poll).where(Poll.state == PollState.OPEN)).all()
