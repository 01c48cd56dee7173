"""House decisions: who may launch and vote, casting and changing a vote, the tally, quorum,
the outcome of each kind of poll, closing (with the secret-ballot promise) and the decision log.

Every open poll has a "discuss first" option (the last): when it wins, or reaches the house's
threshold, the poll closes as "no decision, to the meeting" and nothing enters the log. A new
poll is secret unless the house chose open polls.

The secret-ballot promise: nothing written for a secret poll links a person to an option, at
any time. A ballot row says who voted; the choice in it is sealed under a key that lives only
in the running process (`bot.domain.ballots.Keyring`) and nothing else changes when someone
votes: no count, no choice row, no reason, no prompt. The live tally is counted in memory. At
close the process unseals, counts, writes the counts and the decision and clears the sealed
bytes, in one transaction that touches every ballot alike. A graceful stop while the poll is
open carries the counts so far into `PollOption.carried` (`carry_secret`); those ballots are
then counted and can no longer change. Sealed ballots nobody can read any more (the process was
killed) are dropped at start-up and their voters asked to vote again (`drop_lost_ballots`).

Where the code is: this module holds the house's ways of deciding, launching and the form's
checks, the floors, voting (open and sealed), cancelling, reminders and drafts. Who votes, the
tally, the outcome, the close and the decision record are in `bot.domain.poll_close`; every
public name there is re-exported here, so callers import from `bot.domain.polls` only.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from bot.clock import Clock
from bot.domain import offline
from bot.domain.ballots import Keyring
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.members import unconfirmed

# Who votes, the tally, the outcome, the close and the decision record: `poll_close`,
# re-exported here ("x as x") so that `bot.domain.polls` keeps every public name.
from bot.domain.poll_close import OBJECTION as OBJECTION
from bot.domain.poll_close import PAPER_MARK as PAPER_MARK
from bot.domain.poll_close import Tally as Tally
from bot.domain.poll_close import _clear_sealed, _is_objection
from bot.domain.poll_close import can_close_early as can_close_early
from bot.domain.poll_close import carried_reason as carried_reason
from bot.domain.poll_close import choices as choices
from bot.domain.poll_close import close_poll as close_poll
from bot.domain.poll_close import discuss_count as discuss_count
from bot.domain.poll_close import discuss_option as discuss_option
from bot.domain.poll_close import discuss_reached as discuss_reached
from bot.domain.poll_close import discuss_threshold as discuss_threshold
from bot.domain.poll_close import eligible_count as eligible_count
from bot.domain.poll_close import eligible_members as eligible_members
from bot.domain.poll_close import is_eligible as is_eligible
from bot.domain.poll_close import outcome_of as outcome_of
from bot.domain.poll_close import quorum_needed as quorum_needed
from bot.domain.poll_close import record_decision as record_decision
from bot.domain.poll_close import sealed_ballots as sealed_ballots
from bot.domain.poll_close import secret_reasons as secret_reasons
from bot.domain.poll_close import supporter_kinds as supporter_kinds
from bot.domain.poll_close import tally as tally
from bot.domain.prompts import drop_subject, subject
from bot.domain.text import checked, clean
from bot.domain.typed import typed_day, typed_moment
from bot.storage.models import (
    Ballot,
    Choice,
    House,
    Member,
    MemberStatus,
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
DISCUSS = "discuss"  # the label of the "discuss first" option every open poll has (the last)


@dataclass(frozen=True)
class VoteResult:
    chosen: list[PollOption]  # what counts for this member now
    needs_reason: bool  # a consent objection: ask for a one-line reason


# --- the house's ways of deciding ----------------------------------------------------------
# Settings of the house that change only by decision (the registry of house settings lists them).


def secret_by_default(house: House) -> bool:
    """A new poll is secret unless the house chose open polls."""
    return house.secret_by_default


def names_shown(house: House) -> bool:
    """Open polls show who chose what only if the house chose that; otherwise counts."""
    return house.open_names


def names_a_member(session: Session, house: House, question: str) -> bool:
    """Whether the question names someone of the house: their name or @username, as a whole
    word, in any case."""
    members = session.scalars(select(Member).where(Member.house_id == house.id)).all()
    folded = question.casefold()
    for member in members:
        person = member.person
        names = {person.display_name, person.first_name}
        if person.username:
            names.add("@" + person.username)
        for name in names:
            name = name.strip().casefold()
            if len(name) >= 2 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
                return True
    return False


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
    moment = local_at(house, now + timedelta(days=house.poll_days), EVENING)
    shortest = now + timedelta(hours=house.min_poll_hours)
    while moment < shortest:  # never shorter than the house's shortest poll
        moment += timedelta(days=1)
    return moment


# --- the house's floors: one poll may be stricter, never weaker ----------------------------


def voters_of(peer_workers: bool, social_workers: bool) -> Voters:
    if peer_workers and social_workers:
        return Voters.WITH_SUPPORTERS
    if peer_workers:
        return Voters.WITH_PEER_WORKERS
    if social_workers:
        return Voters.WITH_SOCIAL_WORKERS
    return Voters.RESIDENTS


def house_voters(house: House) -> Voters:
    """Who votes in this house, as the house decided."""
    return voters_of(house.peer_workers_vote, house.social_workers_vote)


def allowed_voters(house: House) -> list[Voters]:
    """What one poll may choose: the house's voters, or fewer (never more)."""
    house_kinds = supporter_kinds(house_voters(house))
    return [v for v in Voters if supporter_kinds(v) <= house_kinds]


def allowed_quorums(house: House) -> list[int]:
    """What one poll may choose: the house's quorum, or more (never less)."""
    return [q for q in QUORUM_CHOICES if q >= house.quorum_percent]


def check_voters(house: House, voters: Voters) -> None:
    if voters not in allowed_voters(house):
        raise UserError("poll.weaker_voters")


def check_quorum(house: House, percent: int) -> None:
    if percent not in allowed_quorums(house):
        raise UserError("poll.weaker_quorum", percent=house.quorum_percent)


def long_enough(house: House, now: datetime, deadline: datetime) -> bool:
    return deadline - now >= timedelta(hours=house.min_poll_hours)


def check_floors(house: House, poll: Poll, now: datetime) -> None:
    """Before a poll goes out: the house may have decided stricter floors meanwhile."""
    check_voters(house, poll.voters)
    check_quorum(house, poll.quorum_percent)
    if poll.deadline is not None:
        check_length(house, now, poll.deadline)


def check_length(house: House, now: datetime, deadline: datetime) -> None:
    """The house's shortest poll: a deadline sooner than that is refused."""
    if not long_enough(house, now, deadline):
        raise UserError("poll.too_short", hours=house.min_poll_hours)


def parse_deadline(house: House, now: datetime, text: str) -> datetime:
    """A typed day (`25-11`, `25-11-2026`, `2026-11-25`, `zondag`, `morgen`), optionally with
    a time (`18:30`, `half zeven`): `bot.domain.typed`."""
    words = clean(text).split(" ")
    if not words or not words[0]:
        raise UserError("poll.date_unreadable")
    zone = ZoneInfo(house.timezone)
    today = now.astimezone(zone).date()
    try:
        if len(words) == 1:
            day, at = typed_day(words[0], today), EVENING
        else:
            day, minute = typed_moment(text, today)
            at = time(minute // 60, minute % 60)
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
    secret: bool | None = None,
    frame: str | None = None,
) -> Poll:
    """A draft poll with the house's defaults (secret unless the house chose open polls);
    `open_poll` puts it to the vote."""
    poll = Poll(
        house_id=house.id,
        created_by_id=creator.id if creator else None,
        question=check_question(question),
        frame=check_frame(frame or ""),
        kind=kind,
        state=PollState.DRAFT,
        secret=secret_by_default(house) if secret is None else secret,
        hide_results=False,
        voters=house_voters(house),
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
    if discuss_option(poll) is None:
        poll.options.append(
            PollOption(
                house_id=poll.house_id, position=len(poll.options), label=DISCUSS, discuss=True
            )
        )
        session = object_session(poll)
        if session is not None:
            session.flush()


# --- voting --------------------------------------------------------------------------------


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
    session: Session,
    clock: Clock,
    poll: Poll,
    member: Member | None,
    option_id: int,
    *,
    keys: Keyring,
) -> VoteResult:
    """One tap. Single-choice kinds replace the member's choice; approval toggles an option."""
    ensure_open(poll, clock.now())
    if member is None:
        raise UserError("poll.not_eligible.stranger")
    if not is_eligible(member, poll):
        if unconfirmed(member):
            raise UserError("poll.not_eligible_unconfirmed")
        raise UserError(f"poll.not_eligible.{member.status.value}")
    option = next((o for o in poll.options if o.id == option_id), None)
    if option is None:
        raise UserError("button.stale")
    if poll.secret:
        return _cast_sealed(session, poll, member, option, keys)
    ballot = ballot_of(session, poll, member)
    if ballot is None:
        ballot = Ballot(house_id=poll.house_id, poll_id=poll.id, member_id=member.id)
        session.add(ballot)
        session.flush()
    current = choices_of(session, ballot)
    if poll.kind == PollKind.MULTI:
        # "Discuss first" does not mix with choices: tapping it (or a choice) clears the other.
        for choice in [c for c in current if option.discuss != _is_discuss(poll, c.option_id)]:
            session.delete(choice)
            current.remove(choice)
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
    return VoteResult([option], needs_reason=_is_objection(poll, option.position))


def _cast_sealed(
    session: Session, poll: Poll, member: Member, option: PollOption, keys: Keyring
) -> VoteResult:
    """A secret poll: only the ballot row is written, its choice sealed (a fresh nonce every
    time, the same length whatever the choice), so the write says "this member tapped" and
    nothing more. A ballot counted before a restart (sealed is NULL) can no longer change."""
    ballot = ballot_of(session, poll, member)
    current: set[int] = set()
    if ballot is None:
        ballot = Ballot(house_id=poll.house_id, poll_id=poll.id, member_id=member.id)
        session.add(ballot)
        session.flush()
    elif ballot.sealed is None:
        raise UserError("poll.secret_counted")
    else:
        # None: sealed by a process that is gone (its voter was asked to vote again).
        current = keys.unseal(poll.id, ballot.id, ballot.sealed) or set()
    if poll.kind == PollKind.MULTI:
        current ^= {option.position}
    else:
        current = {option.position}
    if not current:
        session.delete(ballot)  # nothing chosen any more: not voted
        session.flush()
        return VoteResult([], needs_reason=False)
    ballot.sealed = keys.seal(poll.id, ballot.id, current)
    session.flush()
    chosen = [o for o in poll.options if o.position in current]
    return VoteResult(chosen, needs_reason=_is_objection(poll, option.position))


def give_reason(
    session: Session,
    clock: Clock,
    poll: Poll,
    member: Member,
    text: str,
    *,
    keys: Keyring,
    chair_only: bool = False,
) -> None:
    """The one-line reason for a consent objection, asked privately after the tap; with
    `chair_only` the group's agenda says only that the chair reads it out. In a secret poll it
    stays in memory (with the poll's key) until the poll closes: stored next to the ballot, or
    written when it was answered, it would say who objected."""
    ensure_open(poll, clock.now())
    reason = check_reason(text)
    ballot = ballot_of(session, poll, member)
    if poll.secret:
        chosen = (
            keys.unseal(poll.id, ballot.id, ballot.sealed)
            if ballot is not None and ballot.sealed is not None
            else None
        )
        if ballot is None or not chosen or OBJECTION not in chosen:
            raise UserError("poll.no_objection")
        keys.set_reason(poll.id, ballot.id, reason, chair_only=chair_only)
        return
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
    objection.chair_only = chair_only


def _is_discuss(poll: Poll, option_id: int) -> bool:
    return any(o.discuss for o in poll.options if o.id == option_id)


def _position(poll: Poll, option_id: int) -> int:
    return next((o.position for o in poll.options if o.id == option_id), -1)


def carry_secret(session: Session, poll: Poll, keys: Keyring) -> int:
    """A graceful stop while a secret poll is open: the key is about to go, so add what its
    sealed ballots chose to the carried counts (and the reasons of objections, shuffled,
    naming nobody) and clear them. One write for all ballots so far; they are counted and can
    no longer change. Returns how many ballots were carried."""
    if not poll.secret or poll.state != PollState.OPEN or poll.id not in keys:
        return 0
    by_position = {o.position: o for o in poll.options}
    reasons: list[str | list[object]] = []
    carried = 0
    for ballot in sealed_ballots(session, poll):
        assert ballot.sealed is not None
        chosen = keys.unseal(poll.id, ballot.id, ballot.sealed)
        if chosen is None:
            continue  # sealed by a process that is gone: dropped at start-up
        for position in chosen:
            by_position[position].carried += 1
        if poll.kind == PollKind.CONSENT and OBJECTION in chosen:
            text, chair_only = keys.reason(poll.id, ballot.id) or ("—", False)
            reasons.append([text, True] if chair_only else text)
        ballot.sealed = None
        carried += 1
    if reasons:
        random.SystemRandom().shuffle(reasons)
        poll.carried_reasons = [*(poll.carried_reasons or []), *reasons]
    session.flush()
    return carried


def drop_lost_ballots(session: Session, poll: Poll, keys: Keyring) -> list[Member]:
    """At start-up: sealed ballots this process cannot read (the one that sealed them was
    killed before it could carry them) are deleted, so that their voters count as not voted
    and can vote again. Returns those voters (the ones still known)."""
    lost: list[Member] = []
    for ballot in sealed_ballots(session, poll):
        assert ballot.sealed is not None
        if keys.unseal(poll.id, ballot.id, ballot.sealed) is not None:
            continue
        if ballot.member_id is not None:
            member = session.get(Member, ballot.member_id)
            if member is not None:
                lost.append(member)
        session.delete(ballot)
    session.flush()
    return lost


# --- cancelling (counting and closing: `poll_close`) ---------------------------------------


def cancel_poll(session: Session, clock: Clock, poll: Poll, reason: str) -> None:
    if poll.state != PollState.OPEN:
        raise UserError("poll.closed")
    drop_subject(session, subject("poll", poll.id))
    offline.drop_waiting(session, poll)  # paper votes waiting for a second resident
    poll.state = PollState.CANCELLED
    poll.cancel_reason = check_reason(reason)
    poll.closed_at = clock.now()
    if poll.secret:
        _clear_sealed(session, poll)


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


def open_polls(session: Session, house: House | None = None) -> Sequence[Poll]:
    """The open polls, of every house or of one."""
    query = select(Poll).where(Poll.state == PollState.OPEN)
    if house is not None:
        query = query.where(Poll.house_id == house.id)
    return session.scalars(query).all()
