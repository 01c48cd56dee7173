"""Rotas, a turn once planned (the rules are in `bot.domain.rotas`): done, swap, can't, a
backup or anyone taking a seat over, declining; and newcomers, noticed and invited 14 days
after the rota first sees them.

Who could not is never shown: a seat only knows who holds it now. Who said "can't" for a turn,
handed it over or declined as its backup is kept only so the planner never puts them back on
that turn (`rotas.excuse`), and forgotten when the day is over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.rotas import (
    ASK_AT_LEAST,
    ASK_WAIT,
    NEWCOMER_WAIT,
    ON_ROTA,
    check_on_rota,
    excuse,
    local_today,
    settings_of,
    unexcuse,
)
from bot.storage.models import House, Member, MemberStatus, PrivateChat
from bot.storage.rota_models import (
    RotaPerson,
    RotaSeat,
    RotaTurn,
    SeatState,
)

# --- a turn: done, swap, can't, take over ----------------------------------------------------


def turn_in_house(session: Session, house: House | None, turn_id: int) -> RotaTurn:
    return in_house(session, RotaTurn, house, turn_id)


def seat_in_house(session: Session, house: House | None, seat_id: int) -> RotaSeat:
    return in_house(session, RotaSeat, house, seat_id, missing="rota.taken_already")


def holder_seat(turn: RotaTurn, member: Member | None) -> RotaSeat:
    """The seat this member holds in the turn; the backup is not on duty."""
    seat = next(
        (s for s in turn.seats if not s.backup and member and s.member_id == member.id), None
    )
    if seat is None:
        raise UserError("rota.not_your_turn")
    return seat


def check_not_over(house: House, turn: RotaTurn, now: datetime) -> None:
    if turn.day < local_today(house, now):
        raise UserError("rota.turn_over")


def mark_done(
    session: Session, clock: Clock, house: House, turn: RotaTurn, member: Member | None
) -> RotaSeat:
    seat = holder_seat(turn, member)
    now = clock.now()
    if seat.state == SeatState.DONE:
        raise UserError("rota.done_already")
    if turn.day > local_today(house, now):
        raise UserError("rota.done_too_early")
    seat.state = SeatState.DONE
    seat.done_at = now
    seat.fixed = True
    return seat


def offer_swap(
    session: Session, clock: Clock, house: House, turn: RotaTurn, member: Member | None
) -> RotaSeat:
    seat = holder_seat(turn, member)
    check_not_over(house, turn, clock.now())
    if seat.state == SeatState.DONE:
        raise UserError("rota.done_already")
    if seat.state == SeatState.SWAP:
        raise UserError("rota.swap_already")
    seat.state = SeatState.SWAP
    seat.fixed = True
    return seat


def ask_until(now: datetime, turn: RotaTurn) -> datetime:
    """The backup's time to answer: an hour, less when the turn is close, at least 15 min."""
    return max(now + ASK_AT_LEAST, min(now + ASK_WAIT, turn.due_at))


def step_back(
    session: Session, clock: Clock, house: House, turn: RotaTurn, member: Member | None
) -> tuple[RotaSeat, Member | None]:
    """ "Can't today": the seat is free; the backup is asked first if there is one who can be
    reached, else the group. Returns the seat and the backup to ask (or None)."""
    seat = holder_seat(turn, member)
    now = clock.now()
    check_not_over(house, turn, now)
    if seat.state == SeatState.DONE:
        raise UserError("rota.done_already")
    assert member is not None
    seat.handed_by_id = member.id
    seat.member_id = None
    seat.fixed = True
    excuse(session, turn, member.id)
    backup_seat = next((s for s in turn.seats if s.backup), None)
    backup = (
        session.get(Member, backup_seat.member_id)
        if backup_seat and backup_seat.member_id
        else None
    )
    if (
        backup is not None
        and backup.id != member.id
        and backup.status in ON_ROTA
        and backup.person.private_chat == PrivateChat.OPEN
    ):
        seat.state = SeatState.ASKING
        seat.ask_until = ask_until(now, turn)
        return seat, backup
    seat.state = SeatState.OPEN
    return seat, None


def open_up(seat: RotaSeat) -> bool:
    """The backup said no or did not answer in time: the group is asked. False if the seat
    was taken meanwhile."""
    if seat.state != SeatState.ASKING:
        return False
    seat.state = SeatState.OPEN
    seat.ask_until = None
    return True


def decline(session: Session, turn: RotaTurn, seat: RotaSeat, member: Member | None) -> bool:
    """The backup cannot step in. Only the backup of the turn may say so. They are no longer
    its backup, and never asked again for this turn."""
    backup = next((s for s in turn.seats if s.backup), None)
    if member is None or backup is None or backup.member_id != member.id:
        raise UserError("button.stale")
    if seat.state != SeatState.ASKING:
        raise UserError("rota.taken_already")
    backup.member_id = None
    backup.fixed = False
    excuse(session, turn, member.id)
    return open_up(seat)


@dataclass(frozen=True)
class TakeOver:
    seat: RotaSeat
    previous: int | None  # who handed it on (swap or can't), only to confirm privately
    was_swap: bool


def take_over(
    session: Session, clock: Clock, house: House, seat: RotaSeat, member: Member | None
) -> TakeOver:
    """The first who taps "I'll take it" gets the turn; anyone after hears it is gone."""
    member = check_on_rota(member)
    turn = seat.turn
    if seat.backup or seat.state not in (SeatState.SWAP, SeatState.ASKING, SeatState.OPEN):
        raise UserError("rota.taken_already")
    check_not_over(house, turn, clock.now())
    if seat.state == SeatState.SWAP and seat.member_id == member.id:
        raise UserError("rota.swap_own")
    if any(s.member_id == member.id for s in turn.seats if not s.backup and s is not seat):
        raise UserError("rota.on_turn_already")
    was_swap = seat.state == SeatState.SWAP
    previous = seat.member_id if was_swap else seat.handed_by_id
    if was_swap and previous is not None:
        excuse(session, turn, previous)  # handed over: not planned back onto it
    unexcuse(session, turn, member.id)  # they take it after all
    for other in turn.seats:
        if other.backup and other.member_id == member.id:
            other.member_id = None  # the backup stepped in
    seat.member_id = member.id
    seat.state = SeatState.ASSIGNED
    seat.fixed = True
    seat.handed_by_id = None
    seat.ask_until = None
    return TakeOver(seat, previous, was_swap)


# --- a member's rota row --------------------------------------------------------------------


def pause_of(session: Session, member: Member) -> RotaPerson | None:
    """The member's rota row (room a week, invitation); None before the rota saw them. Being
    "even weg" is the member's own status: `bot.domain.away`."""
    return session.scalars(
        select(RotaPerson).where(RotaPerson.member_id == member.id)
    ).one_or_none()


# --- newcomers -------------------------------------------------------------------------------


def notice_residents(session: Session, clock: Clock, house: House) -> list[RotaPerson]:
    """Residents the rota has not seen before. The first time a house's rota looks, people
    who lived there for 14 days already are not newcomers; anyone after that is invited 14
    days after the rota first saw them as a resident."""
    settings = settings_of(session, house)
    now = clock.now()
    known = select(RotaPerson.member_id).where(RotaPerson.house_id == house.id)
    residents = session.execute(
        select(Member.id, Member.joined_at).where(
            Member.house_id == house.id,
            Member.status == MemberStatus.RESIDENT,
            Member.id.not_in(known),
        )
    ).all()
    first = settings.residents_checked_at is None
    added: list[RotaPerson] = []
    for member_id, joined_at in residents:
        row = RotaPerson(house_id=house.id, member_id=member_id, invited=False)
        if first:
            if joined_at > now - NEWCOMER_WAIT:
                row.invite_at = joined_at + NEWCOMER_WAIT
            else:
                row.invited = True  # not a newcomer: no invitation
        else:
            row.invite_at = now + NEWCOMER_WAIT
        session.add(row)
        added.append(row)
    settings.residents_checked_at = now
    if added:
        session.flush()
    return added


def pending_invitations(session: Session, house: House | None = None) -> Sequence[RotaPerson]:
    query = select(RotaPerson).where(
        RotaPerson.invited.is_(False), RotaPerson.invite_at.is_not(None)
    )
    if house is not None:
        query = query.where(RotaPerson.house_id == house.id)
    return session.scalars(query).all()
