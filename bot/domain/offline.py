"""Residents without Telegram (issue 17.1): names in /members, counted in every quorum, and
their paper votes.

- Adding or removing an offline resident changes who counts, so it is proposed by a resident
  (or the chair) and takes effect when a second resident confirms it; anyone counted may say
  "not right" instead, which drops the proposal.
- A paper vote is recorded by the chair (or co-chair) and counts once a second resident
  confirms it. It becomes a ballot like any other: with a choice in an open poll, sealed in a
  secret poll (counts only; the waiting choice is sealed too, under the poll's key in memory).
- With too few residents on Telegram to confirm one another (`members.in_bootstrap`), the
  proposer's or the chair's own confirmation counts, as for statuses and roles.
- Removing an offline resident deletes the name: their counted paper votes stay as numbers.

No Telegram here; never commits. This module imports no poll module (poll_close imports it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.ballots import Keyring
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.members import counts_as_resident, in_bootstrap
from bot.domain.text import checked
from bot.storage.models import Ballot, Choice, House, Member, Poll, PollKind, PollState, Role
from bot.storage.offline_models import OfflineResident, PaperVote

NAME_MAX = 40
ADD = "add"
REMOVE = "remove"


# --- who counts ----------------------------------------------------------------------------


def counted(session: Session, house_id: int) -> list[OfflineResident]:
    """The offline residents who count now (confirmed, not being removed counts too)."""
    return list(
        session.scalars(
            select(OfflineResident)
            .where(OfflineResident.house_id == house_id, OfflineResident.active.is_(True))
            .order_by(OfflineResident.name, OfflineResident.id)
        ).all()
    )


def count(session: Session, house_id: int) -> int:
    """How many residents without Telegram count in the house's quorums."""
    return (
        session.scalar(
            select(func.count())
            .select_from(OfflineResident)
            .where(OfflineResident.house_id == house_id, OfflineResident.active.is_(True))
        )
        or 0
    )


def listing(session: Session, house: House) -> list[OfflineResident]:
    """For /members: the counted ones and the ones waiting to be added."""
    return list(
        session.scalars(
            select(OfflineResident)
            .where(
                OfflineResident.house_id == house.id,
                (OfflineResident.active.is_(True)) | (OfflineResident.proposal == ADD),
            )
            .order_by(OfflineResident.name, OfflineResident.id)
        ).all()
    )


def offline_in_house(session: Session, house: House, offline_id: int) -> OfflineResident:
    return in_house(session, OfflineResident, house, offline_id, missing="offline.gone")


# --- adding and removing, confirmed by a second resident ----------------------------------


def may_propose(member: Member | None) -> bool:
    return counts_as_resident(member) or (member is not None and Role.CHAIR in member.role_set)


def check_name(text: str) -> str:
    return checked(text, limit=NAME_MAX, empty="offline.name_empty", too_long="offline.name_long")


def propose_add(
    session: Session, clock: Clock, house: House, by: Member | None, text: str
) -> OfflineResident:
    if not may_propose(by):
        raise UserError("offline.only_residents")
    assert by is not None
    name = check_name(text)
    if any(o.name.casefold() == name.casefold() for o in listing(session, house)):
        raise UserError("offline.exists", name=name)
    offline = OfflineResident(
        house_id=house.id,
        name=name,
        active=False,
        proposal=ADD,
        proposed_by_id=by.id,
        created_at=clock.now(),
    )
    session.add(offline)
    session.flush()
    return offline


def propose_remove(session: Session, offline: OfflineResident, by: Member | None) -> None:
    if not may_propose(by):
        raise UserError("offline.only_residents")
    assert by is not None
    if not offline.active:
        raise UserError("offline.gone")
    if offline.proposal is not None:
        raise UserError("offline.waiting", name=offline.name)
    offline.proposal = REMOVE
    offline.proposed_by_id = by.id
    session.flush()


def alone(session: Session, house_id: int, by: Member) -> bool:
    """Too few residents on Telegram to confirm one another (the bootstrap rule of
    `members.in_bootstrap`): the proposer's own confirmation counts then."""
    house = session.get(House, house_id)
    return house is not None and in_bootstrap(session, house)


def confirm(session: Session, offline: OfflineResident, by: Member | None) -> str:
    """A second resident confirms what waits; returns it (ADD or REMOVE)."""
    if not may_propose(by):
        raise UserError("offline.only_residents_confirm")
    assert by is not None
    if offline.proposal is None:
        raise UserError("offline.settled")
    if offline.proposed_by_id == by.id and not alone(session, offline.house_id, by):
        raise UserError("offline.not_yourself")
    if not counts_as_resident(by) and not alone(session, offline.house_id, by):
        raise UserError("offline.only_residents_confirm")
    done = offline.proposal
    if done == ADD:
        offline.active = True
        offline.proposal = None
        offline.proposed_by_id = None
    else:
        session.delete(offline)  # the name goes; counted paper votes stay as numbers
    session.flush()
    return done


def drop_proposal(session: Session, offline: OfflineResident, by: Member | None) -> str:
    """ "Klopt niet" (anyone counted) or "Intrekken" (the proposer): the proposal ends."""
    if not (may_propose(by) or (by is not None and by.id == offline.proposed_by_id)):
        raise UserError("offline.only_residents_confirm")
    if offline.proposal is None:
        raise UserError("offline.settled")
    dropped = offline.proposal
    if dropped == ADD:
        session.delete(offline)
    else:
        offline.proposal = None
        offline.proposed_by_id = None
    session.flush()
    return dropped


# --- paper votes ---------------------------------------------------------------------------


def may_record(member: Member | None) -> bool:
    """The chair (or co-chair) records paper votes."""
    return member is not None and bool(member.role_set & {Role.CHAIR, Role.CO_CHAIR})


def _ensure_open(poll: Poll, clock: Clock) -> None:
    if poll.state != PollState.OPEN or (poll.deadline is not None and poll.deadline <= clock.now()):
        raise UserError("poll.closed")


def has_voted(session: Session, poll: Poll, offline: OfflineResident) -> bool:
    ballot = session.scalar(
        select(func.count())
        .select_from(Ballot)
        .where(Ballot.poll_id == poll.id, Ballot.offline_id == offline.id)
    )
    waiting = session.scalar(
        select(func.count())
        .select_from(PaperVote)
        .where(PaperVote.poll_id == poll.id, PaperVote.offline_id == offline.id)
    )
    return bool(ballot or waiting)


def not_voted(session: Session, poll: Poll) -> list[OfflineResident]:
    """The offline residents whose paper vote is neither counted nor waiting."""
    return [o for o in counted(session, poll.house_id) if not has_voted(session, poll, o)]


def check_positions(poll: Poll, positions: Iterable[int]) -> set[int]:
    chosen = set(positions)
    by_position = {o.position: o for o in poll.options}
    if not chosen or not chosen <= by_position.keys():
        raise UserError("paper.pick_option")
    discuss = {p for p in chosen if by_position[p].discuss}
    if len(chosen) > 1 and (poll.kind != PollKind.MULTI or discuss):
        raise UserError("paper.pick_option")
    return chosen


def _bound(paper: PaperVote) -> int:
    """The waiting vote's seal is bound to a negative id: never a ballot's."""
    return -paper.id


def record(
    session: Session,
    clock: Clock,
    poll: Poll,
    offline: OfflineResident,
    by: Member | None,
    positions: Iterable[int],
    *,
    keys: Keyring,
) -> PaperVote:
    if not may_record(by):
        raise UserError("paper.only_chair")
    assert by is not None
    _ensure_open(poll, clock)
    if not offline.active or offline.house_id != poll.house_id:
        raise UserError("offline.gone")
    if has_voted(session, poll, offline):
        raise UserError("paper.already", name=offline.name)
    chosen = check_positions(poll, positions)
    paper = PaperVote(
        house_id=poll.house_id,
        poll_id=poll.id,
        offline_id=offline.id,
        recorded_by_id=by.id,
        created_at=clock.now(),
    )
    session.add(paper)
    session.flush()
    if poll.secret:
        paper.sealed = keys.seal(poll.id, _bound(paper), chosen)
    else:
        paper.positions = sorted(chosen)
    session.flush()
    return paper


@dataclass(frozen=True)
class Confirmed:
    ballot: Ballot | None  # None: the waiting choice was sealed by a process that is gone
    positions: frozenset[int]


def confirm_paper(
    session: Session,
    clock: Clock,
    poll: Poll,
    paper: PaperVote,
    by: Member | None,
    *,
    keys: Keyring,
) -> Confirmed:
    """A second resident confirms: the paper vote becomes a ballot. A secret poll's waiting
    choice that this process cannot read (a restart) is dropped: the chair records it again."""
    if by is None or not (counts_as_resident(by) or alone(session, poll.house_id, by)):
        raise UserError("offline.only_residents_confirm")
    if paper.recorded_by_id == by.id and not alone(session, poll.house_id, by):
        raise UserError("paper.not_yourself")
    _ensure_open(poll, clock)
    if paper.sealed is not None:
        chosen = keys.unseal(poll.id, _bound(paper), paper.sealed)
    else:
        chosen = set(paper.positions or [])
    if not chosen:
        session.delete(paper)
        session.flush()
        return Confirmed(None, frozenset())
    ballot = Ballot(house_id=poll.house_id, poll_id=poll.id, offline_id=paper.offline_id)
    session.add(ballot)
    session.flush()
    if poll.secret:
        ballot.sealed = keys.seal(poll.id, ballot.id, chosen)
    else:
        by_position = {o.position: o.id for o in poll.options}
        for position in sorted(chosen):
            session.add(
                Choice(
                    house_id=poll.house_id,
                    poll_id=poll.id,
                    ballot_id=ballot.id,
                    option_id=by_position[position],
                )
            )
    session.delete(paper)
    session.flush()
    return Confirmed(ballot, frozenset(chosen))


def reject_paper(session: Session, paper: PaperVote, by: Member | None) -> None:
    """ "Klopt niet" (a counted resident) or "Intrekken" (the chair who recorded it)."""
    if not (counts_as_resident(by) or (by is not None and by.id == paper.recorded_by_id)):
        raise UserError("offline.only_residents_confirm")
    session.delete(paper)
    session.flush()


def lost_paper(session: Session, poll: Poll, keys: Keyring) -> list[str]:
    """At start-up, before `drop_lost_ballots`: the names of the secret poll's paper ballots
    sealed by a process that was killed (nobody can read them; the chair enters them again)."""
    names: list[str] = []
    for ballot in session.scalars(
        select(Ballot).where(
            Ballot.poll_id == poll.id, Ballot.offline_id.is_not(None), Ballot.sealed.is_not(None)
        )
    ):
        assert ballot.sealed is not None
        if keys.unseal(poll.id, ballot.id, ballot.sealed) is None:
            person = session.get(OfflineResident, ballot.offline_id)
            if person is not None:
                names.append(person.name)
    return sorted(names)


def drop_waiting(session: Session, poll: Poll) -> None:
    """The poll closed or was cancelled: paper votes still waiting for a second resident do
    not count and are not kept."""
    session.execute(delete(PaperVote).where(PaperVote.poll_id == poll.id))


def paper_in_house(session: Session, house: House, paper_id: int) -> PaperVote:
    return in_house(session, PaperVote, house, paper_id, missing="paper.gone")
