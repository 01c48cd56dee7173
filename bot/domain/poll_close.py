"""Closing a poll: who votes, the tally (an open secret poll counted in memory), quorum, the
outcome of each kind of poll, the close itself (with the secret-ballot promise: the sealed
ballots counted, the counts, the decision and the objections' reasons written, the sealed bytes
cleared, in one transaction) and the decision record.

`bot.domain.polls` re-exports every public name here: import from there. This module does not
import `bot.domain.polls` (no cycle): launching, voting and reminders stay there.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda, offline
from bot.domain.ballots import Keyring
from bot.domain.errors import UserError
from bot.domain.members import counts_as_resident
from bot.domain.prompts import drop_subject, subject
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
    SupporterKind,
    Voters,
)
from bot.storage.offline_models import OfflineResident

OBJECTION = 2  # position of "objection" in a consent poll


@dataclass(frozen=True)
class Tally:
    counts: dict[int, int]  # option id -> number of choices
    voted: int
    eligible: int
    quorum_needed: int
    names: dict[int, list[str]] = field(default_factory=dict)  # open polls only
    # Residents without Telegram (bot/domain/offline.py): paper ballots in `voted`, how many
    # such residents count now (open polls), and per option (open, not secret polls only).
    paper: int = 0
    paper_eligible: int = 0
    paper_counts: dict[int, int] = field(default_factory=dict)

    @property
    def quorum_met(self) -> bool:
        return self.voted >= self.quorum_needed

    @property
    def missing(self) -> int:
        return max(0, self.quorum_needed - self.voted)


def discuss_threshold(house: House) -> int:
    """ "Discuss first" sends a poll to the meeting at this many votes (0: only if it wins)."""
    return house.discuss_threshold


def supporter_kinds(voters: Voters) -> frozenset[SupporterKind]:
    """Which supporters vote along with the residents."""
    return {
        Voters.RESIDENTS: frozenset[SupporterKind](),
        Voters.WITH_PEER_WORKERS: frozenset({SupporterKind.PEER_WORKER}),
        Voters.WITH_SOCIAL_WORKERS: frozenset({SupporterKind.SOCIAL_WORKER}),
        Voters.WITH_SUPPORTERS: frozenset(SupporterKind),
    }[voters]


def discuss_option(poll: Poll) -> PollOption | None:
    """ "Discuss first": every open poll has it, as its last option."""
    return next((o for o in poll.options if o.discuss), None)


def choices(poll: Poll) -> list[PollOption]:
    """The options that decide something (all but "discuss first")."""
    return [o for o in poll.options if not o.discuss]


def discuss_count(poll: Poll, result: Tally) -> int:
    option = discuss_option(poll)
    return result.counts.get(option.id, 0) if option is not None else 0


def discuss_reached(house: House, poll: Poll, result: Tally) -> bool:
    """Enough people want to discuss it first: the poll goes to the meeting at once."""
    threshold = discuss_threshold(house)
    return threshold > 0 and discuss_count(poll, result) >= threshold


def is_eligible(member: Member, poll: Poll) -> bool:
    if member.status == MemberStatus.RESIDENT:  # once confirmed, if they said it themself
        return counts_as_resident(member)
    # A supporter whose kind nobody set counts as a social worker (the stricter one).
    kind = member.supporter_kind or SupporterKind.SOCIAL_WORKER
    return member.status == MemberStatus.SUPPORTER and kind in supporter_kinds(poll.voters)


def eligible_members(session: Session, poll: Poll) -> list[Member]:
    statuses = [MemberStatus.RESIDENT]
    if poll.voters != Voters.RESIDENTS:
        statuses.append(MemberStatus.SUPPORTER)
    members = session.scalars(
        select(Member).where(Member.house_id == poll.house_id, Member.status.in_(statuses))
    ).all()
    return counted_while_away(session, poll, [m for m in members if is_eligible(m, poll)])


def counted_while_away(session: Session, poll: Poll, members: list[Member]) -> list[Member]:
    """People "even weg" (`bot.domain.away`) are left out of the quorum's denominator (and get
    no reminders), unless they voted anyway: they may."""
    if not any(m.away for m in members):
        return members
    voted = set(session.scalars(select(Ballot.member_id).where(Ballot.poll_id == poll.id)))
    return [m for m in members if not m.away or m.id in voted]


def eligible_count(session: Session, poll: Poll) -> int:
    """The quorum's denominator: the eligible members plus the residents without Telegram
    (issue 17.1, `offline.count`; they vote on paper, through the chair)."""
    return len(eligible_members(session, poll)) + offline.count(session, poll.house_id)


PAPER_MARK = "📄"  # after a paper voter's name in an open poll


def _is_objection(poll: Poll, position: int) -> bool:
    return poll.kind == PollKind.CONSENT and position == OBJECTION


def sealed_ballots(session: Session, poll: Poll) -> list[Ballot]:
    return list(
        session.scalars(
            select(Ballot)
            .where(Ballot.poll_id == poll.id, Ballot.sealed.is_not(None))
            .order_by(Ballot.id)
        ).all()
    )


def quorum_needed(eligible: int, percent: int) -> int:
    """At least `percent` of the eligible members, rounded up; always at least one vote."""
    return max(1, math.ceil(eligible * percent / 100))


def tally(session: Session, poll: Poll, keys: Keyring | None = None) -> Tally:
    """The counts. An open secret poll is counted in memory (`keys` needed): what was carried
    over a restart plus the sealed ballots this process can read."""
    closed = poll.state == PollState.CLOSED
    if closed and poll.eligible_count is not None:
        eligible, paper_eligible = poll.eligible_count, 0
    else:  # as `eligible_count`, with the residents without Telegram counted once
        offline_now = offline.count(session, poll.house_id)
        eligible = len(eligible_members(session, poll)) + offline_now
        paper_eligible = 0 if closed else offline_now
    # One query: every ballot, and those entered on paper (COUNT of a column skips NULLs).
    voted, paper = session.execute(
        select(func.count(), func.count(Ballot.offline_id)).where(Ballot.poll_id == poll.id)
    ).one()
    needed = quorum_needed(eligible, poll.quorum_percent)
    if poll.state == PollState.CLOSED:
        counts = {o.id: o.final_count or 0 for o in poll.options}
        return Tally(counts, voted or 0, eligible, needed, paper=paper or 0)
    if poll.secret:
        counts = _sealed_counts(session, poll, keys)
        return Tally(counts, voted or 0, eligible, needed, {}, paper or 0, paper_eligible)
    rows = session.execute(
        select(Choice.option_id, Person.first_name, Person.last_name, OfflineResident.name)
        .join(Ballot, Choice.ballot_id == Ballot.id)
        # A voter who used /forgetme keeps counting, anonymously: in turnout and counts alike.
        .join(Member, Ballot.member_id == Member.id, isouter=True)
        .join(Person, Member.person_id == Person.id, isouter=True)
        .join(OfflineResident, Ballot.offline_id == OfflineResident.id, isouter=True)
        .where(Choice.poll_id == poll.id)
        .order_by(Person.first_name, OfflineResident.name)
    ).all()
    counts = {o.id: 0 for o in poll.options}
    names: dict[int, list[str]] = {o.id: [] for o in poll.options}
    on_paper: dict[int, int] = {}
    paper_names: dict[int, list[str]] = {}
    for option_id, first, last, offline_name in rows:
        counts[option_id] = counts.get(option_id, 0) + 1
        if offline_name is not None:  # a paper vote: its name marked, after the others
            on_paper[option_id] = on_paper.get(option_id, 0) + 1
            paper_names.setdefault(option_id, []).append(f"{offline_name} {PAPER_MARK}")
        elif first is not None:  # a forgotten voter still counts, without a name
            names.setdefault(option_id, []).append(f"{first} {last}".strip() if last else first)
    for option_id, marked in paper_names.items():
        names.setdefault(option_id, []).extend(marked)
    return Tally(counts, voted or 0, eligible, needed, names, paper or 0, paper_eligible, on_paper)


def _sealed_counts(session: Session, poll: Poll, keys: Keyring | None) -> dict[int, int]:
    counts = {o.id: o.carried for o in poll.options}
    ballots = sealed_ballots(session, poll) if poll.state == PollState.OPEN else []
    if ballots and keys is None:
        raise ValueError("an open secret poll is counted with its key (keys=)")
    by_position = {o.position: o.id for o in poll.options}
    for ballot in ballots:
        assert keys is not None and ballot.sealed is not None
        for position in keys.unseal(poll.id, ballot.id, ballot.sealed) or ():
            counts[by_position[position]] += 1
    return counts


def secret_reasons(session: Session, poll: Poll, keys: Keyring) -> list[tuple[str, bool]]:
    """The reasons of a secret consent poll's objections (carried and in memory) with their
    "only for the chair" mark, shuffled: written in the order of the ballots they would say
    who objected."""
    reasons = [carried_reason(item) for item in poll.carried_reasons or []]
    for ballot in sealed_ballots(session, poll):
        assert ballot.sealed is not None
        chosen = keys.unseal(poll.id, ballot.id, ballot.sealed) or set()
        if OBJECTION in chosen:
            reasons.append(keys.reason(poll.id, ballot.id) or ("—", False))
    random.SystemRandom().shuffle(reasons)
    return reasons


def carried_reason(item: str | list[object]) -> tuple[str, bool]:
    """A reason carried across a graceful restart: its text, or [text, chair only]."""
    if isinstance(item, str):
        return item, False
    return str(item[0]), bool(item[1])


def _clear_sealed(session: Session, poll: Poll) -> None:
    """Every ballot of the poll alike: who voted stays, the sealed bytes go."""
    session.execute(update(Ballot).where(Ballot.poll_id == poll.id).values(sealed=None))
    for option in poll.options:
        option.carried = 0
    poll.carried_reasons = None


def outcome_of(poll: Poll, result: Tally, threshold: int = 0) -> tuple[Outcome, PollOption | None]:
    """The outcome. "Discuss first" wins when it has votes and no option has more, or when it
    reached the house's threshold: no decision then, the subject goes to the meeting."""
    talk = discuss_count(poll, result)
    others = max((result.counts.get(o.id, 0) for o in choices(poll)), default=0)
    if talk and (talk >= others or (threshold > 0 and talk >= threshold)):
        return Outcome.DISCUSS, None
    if not result.quorum_met:
        return Outcome.NO_QUORUM, None
    by_position = {o.position: result.counts.get(o.id, 0) for o in choices(poll)}
    if poll.kind == PollKind.YES_NO:
        return (Outcome.ADOPTED if by_position[0] > by_position[1] else Outcome.REJECTED), None
    if poll.kind == PollKind.CONSENT:
        return (Outcome.OBJECTION if by_position[OBJECTION] else Outcome.ADOPTED), None
    best = others
    leaders = [o for o in choices(poll) if result.counts.get(o.id, 0) == best]
    if best == 0 or len(leaders) > 1:
        return Outcome.TIE, None
    return Outcome.CHOSEN, leaders[0]


def can_close_early(session: Session, poll: Poll, keys: Keyring | None = None) -> bool:
    """The chair may close before the deadline only when every eligible member voted."""
    result = tally(session, poll, keys)
    return result.eligible > 0 and result.voted >= result.eligible


def close_poll(
    session: Session, clock: Clock, house: House, poll: Poll, *, keys: Keyring
) -> Decision | None:
    """Close, record the decision, and put what is undecided on the agenda. "Discuss first"
    records no decision: None. A secret poll is counted from its sealed ballots here, and then
    they are cleared: the counts, the decision and the objections' reasons (shuffled, naming
    nobody) are written in this one transaction, which touches every ballot of the poll alike.
    The caller drops the key once this has committed."""
    if poll.state != PollState.OPEN:
        raise UserError("poll.closed")
    result = tally(session, poll, keys)
    outcome, winner = outcome_of(poll, result, discuss_threshold(house))
    reasons: list[tuple[str | None, Member | None, bool]]
    if poll.secret:
        reasons = [
            (reason, None, chair_only) for reason, chair_only in secret_reasons(session, poll, keys)
        ]
    else:
        rows = session.execute(
            select(Choice.reason, Ballot.member_id, Choice.chair_only)
            .join(Ballot, Choice.ballot_id == Ballot.id)
            .where(
                Choice.poll_id == poll.id,
                Choice.option_id.in_(
                    [o.id for o in poll.options if _is_objection(poll, o.position)]
                ),
            )
            .order_by(Choice.id)
        ).all()
        reasons = [
            (reason, session.get(Member, member_id) if member_id else None, bool(chair_only))
            for reason, member_id, chair_only in rows
        ]
    for option in poll.options:
        option.final_count = result.counts.get(option.id, 0)
    drop_subject(session, subject("poll", poll.id))  # its questions (reasons) go with it
    offline.drop_waiting(session, poll)  # paper votes not yet confirmed do not count
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
    elif outcome == Outcome.DISCUSS:
        agenda.add_item(
            session, clock, house, poll.question, source=AgendaSource.DISCUSS, poll_id=poll.id
        )
    if outcome in (Outcome.OBJECTION, Outcome.DISCUSS):
        for reason, member, chair_only in reasons:
            item = agenda.add_item(
                session,
                clock,
                house,
                reason or "—",
                source=AgendaSource.OBJECTION,
                poll_id=poll.id,
                added_by=member,
            )
            item.chair_only = bool(chair_only and reason)
    if poll.secret:
        _clear_sealed(session, poll)
    if outcome == Outcome.DISCUSS:
        session.flush()
        return None
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
        results=[[o.label, result.counts.get(o.id, 0)] for o in choices(poll)],
        turnout=result.voted,
        eligible=result.eligible,
        quorum_needed=result.quorum_needed,
        quorum_met=result.quorum_met,
        voters=poll.voters,
        paper_turnout=result.paper,
    )
    session.add(decision)
    return decision
