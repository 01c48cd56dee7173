"""Agreements that are kept (issue 17.7): "wie doet het, wanneer".

A decision can get an owner and a date. Nobody is made owner by someone else: a member of the
house takes it on themselves ("Ik doe het") and chooses when it will be done. On that date the
owner alone is asked privately "gelukt?":
- yes: the agreement is done;
- not yet: it goes to the next meeting's agenda (an item that names the decision, never the
  owner: the meeting talks about the agreement, not about a person);
- a week more: the owner is asked again a week later;
- no answer within ASK_GRACE: it goes to the agenda the same way.
The group never reads who did not do something. Durable: `next_moment` is what the scheduler
keeps, rebuilt at start-up from the rows (`open_ones`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda
from bot.domain.errors import UserError
from bot.domain.members import present
from bot.storage.agreement_models import Agreement, AgreementState
from bot.storage.house_settings_models import HouseSettingChange
from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    Decision,
    House,
    Member,
    MemberStatus,
    Outcome,
)

ASK_AT_HOUR = 10  # house time, on the chosen day
ASK_GRACE = timedelta(days=3)  # no answer: to the agenda
LATER = timedelta(weeks=1)
DUE_CHOICES = {"1w": 7, "2w": 14, "1m": 30}  # days from today
OWNER_STATUSES = (MemberStatus.RESIDENT, MemberStatus.SUPPORTER)


def of_decision(session: Session, decision: Decision) -> Agreement | None:
    return session.scalars(
        select(Agreement).where(Agreement.decision_id == decision.id)
    ).one_or_none()


TAKEABLE = (Outcome.ADOPTED, Outcome.CHOSEN)


def takeable(session: Session, decision: Decision) -> bool:
    """Something a person can carry out: adopted or chosen, and not a house setting's change
    (the bot applies that itself the moment it is adopted)."""
    if decision.outcome not in TAKEABLE:
        return False
    applied = select(HouseSettingChange.id).where(HouseSettingChange.decision_id == decision.id)
    return session.scalar(applied.limit(1)) is None


def may_own(member: Member | None, house: House) -> bool:
    """A resident or supporter of the house, in the group now."""
    return (
        member is not None
        and member.house_id == house.id
        and present(member)
        and member.status in OWNER_STATUSES
    )


def due_moment(house: House, now: datetime, choice: str) -> datetime:
    days = DUE_CHOICES.get(choice)
    if days is None:
        raise UserError("button.stale")
    zone = ZoneInfo(house.timezone)
    day: date = now.astimezone(zone).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, ASK_AT_HOUR, tzinfo=zone)


def check_take(session: Session, house: House, decision: Decision, member: Member | None) -> None:
    """May this member take the decision on (before the date is chosen)?"""
    if decision.house_id != house.id or not takeable(session, decision):
        raise UserError("button.stale")
    if not may_own(member, house):
        raise UserError("agreements.not_member")
    assert member is not None
    found = of_decision(session, decision)
    if found is not None and found.state == AgreementState.OPEN and found.owner_id != member.id:
        owner = session.get(Member, found.owner_id)
        raise UserError("agreements.taken", name=owner.person.display_name if owner else "—")


def take(
    session: Session,
    clock: Clock,
    house: House,
    decision: Decision,
    member: Member | None,
    choice: str,
) -> Agreement:
    """The member takes the decision on, to be done by the chosen day. Taking it again (the
    same owner, or anyone once it is done or back on the agenda) sets a new date."""
    check_take(session, house, decision, member)
    assert member is not None
    due = due_moment(house, clock.now(), choice)
    found = of_decision(session, decision)
    if found is None:
        found = Agreement(
            house_id=house.id,
            decision_id=decision.id,
            owner_id=member.id,
            due_at=due,
            state=AgreementState.OPEN,
            created_at=clock.now(),
        )
        session.add(found)
    else:
        found.owner_id, found.due_at, found.state = member.id, due, AgreementState.OPEN
        found.asked_at = found.done_at = None
        found.agenda_item_id = None
    session.flush()
    return found


def let_go(session: Session, decision: Decision, member: Member | None) -> Agreement:
    """The owner hands it back before the date: nobody owns it any more (no agenda item:
    nothing is late)."""
    found = of_decision(session, decision)
    if found is None or member is None or found.owner_id != member.id:
        raise UserError("button.stale")
    if found.state != AgreementState.OPEN:
        raise UserError("agreements.closed")
    session.delete(found)
    session.flush()
    return found


def next_moment(agreement: Agreement) -> datetime | None:
    """When the job must run next: the day itself (ask), then the end of the grace period."""
    if agreement.state != AgreementState.OPEN:
        return None
    if agreement.asked_at is None:
        return agreement.due_at
    return agreement.asked_at + ASK_GRACE


def open_ones(session: Session) -> list[Agreement]:
    return list(
        session.scalars(
            select(Agreement).where(Agreement.state == AgreementState.OPEN).order_by(Agreement.id)
        ).all()
    )


def to_agenda(
    session: Session, clock: Clock, house: House, agreement: Agreement, decision: Decision
) -> AgendaItem:
    """Not done: the agreement goes to the next meeting, naming the decision only."""
    item = agenda.add_item(
        session,
        clock,
        house,
        decision.question[: agenda.MAX_TEXT],
        source=AgendaSource.AGREEMENT,
        poll_id=decision.poll_id,
    )
    agreement.state, agreement.agenda_item_id = AgreementState.ON_AGENDA, item.id
    return item


def due(session: Session, clock: Clock, agreement: Agreement) -> str | None:
    """The job ran: "ask" (the owner is to be asked now), "agenda" (no answer in time: it went
    to the agenda), or None (nothing to do: answered, or not yet time)."""
    moment = next_moment(agreement)
    if moment is None or clock.now() < moment:
        return None
    if agreement.asked_at is None:
        agreement.asked_at = clock.now()
        return "ask"
    house = session.get(House, agreement.house_id)
    decision = session.get(Decision, agreement.decision_id)
    assert house is not None and decision is not None
    to_agenda(session, clock, house, agreement, decision)
    return "agenda"


def answer(
    session: Session, clock: Clock, agreement_id: int, member: Member | None, choice: str
) -> Agreement:
    """The owner's answer to "gelukt?": "done", "not_yet" (to the agenda) or "later" (asked
    again in a week)."""
    found = session.get(Agreement, agreement_id)
    if found is None or member is None or found.owner_id != member.id:
        raise UserError("button.stale")
    if found.state != AgreementState.OPEN or found.asked_at is None:
        raise UserError("agreements.closed")
    if choice == "done":
        found.state, found.done_at = AgreementState.DONE, clock.now()
    elif choice == "not_yet":
        house = session.get(House, found.house_id)
        decision = session.get(Decision, found.decision_id)
        assert house is not None and decision is not None
        to_agenda(session, clock, house, found, decision)
    elif choice == "later":
        found.due_at, found.asked_at = clock.now() + LATER, None
    else:
        raise UserError("button.stale")
    session.flush()
    return found
