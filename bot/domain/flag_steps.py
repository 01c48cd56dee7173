"""After a report is picked up (issue 17.5): the reporter chooses the next step.

- SELF: talk it through themself, with the confidant's help (the confidant is told).
- TALK: a conversation together. The reporter ticks the housemates to invite; the confidant
  who picked the report up is always invited. Each invited person is asked privately whether
  they want to join; whoever agrees gets a private time poll (a few moments in the coming
  days). When everyone answered, the earliest moment all who agreed can make is the one; only
  the people in the conversation are told. Nothing goes to the group, and nobody else learns
  of it.
- MEDIATOR: a mediator from outside: the house's contact text (a `house_texts` row named by
  `flag_settings.mediator_text_id`: the typed house setting "mediator", changed by a consent
  poll), or, without one, the confidant helps find one.
- MEETING: anonymously on the next meeting's agenda (a neutral line about the topic, or the
  reporter's own words from before), naming nobody.

Only the reporter chooses, only for a report that is picked up and not closed. The reporter
may change their mind (a new step replaces the old; a running conversation is dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda
from bot.domain import flags as flag_domain
from bot.domain.arrivals import text_by_id  # the house's own texts (house_texts)
from bot.domain.errors import UserError
from bot.domain.members import present
from bot.storage.flags_models import (
    Flag,
    FlagSettings,
    FlagState,
    FlagStep,
    FlagTalk,
    FlagTalkPerson,
)
from bot.storage.models import AgendaItem, AgendaSource, House, Member, MemberStatus

TALK_DAYS = 3  # the time poll offers the coming days ...
TALK_HOURS = (time(14, 0), time(19, 30))  # ... at these times (house time)
MAX_INVITED = 4  # besides the confidant
INVITABLE = (MemberStatus.RESIDENT, MemberStatus.SUPPORTER, MemberStatus.GUEST)


def picked_up(flag: Flag, member: Member | None) -> Flag:
    """A report of this reporter that a confidant holds now: the next step may be chosen."""
    if member is None or flag.reporter_id != member.id:
        raise UserError("flags.gone")
    if flag.state != FlagState.PICKED_UP or flag.picked_by_id is None:
        raise UserError("flags.closed")
    return flag


def choose(session: Session, flag: Flag, member: Member | None, step: FlagStep) -> None:
    """The reporter's choice; a conversation that was being arranged is dropped."""
    picked_up(flag, member)
    talk = talk_of(session, flag)
    if talk is not None and step != FlagStep.TALK:
        session.delete(talk)
        session.flush()
    flag.next_step = step


def to_meeting(
    session: Session, clock: Clock, house: House, flag: Flag, member: Member | None, text: str
) -> AgendaItem:
    """Anonymously on the agenda; the report stays with the confidant until resolved."""
    choose(session, flag, member, FlagStep.MEETING)
    if flag.agenda_item_id is not None:
        item = session.get(AgendaItem, flag.agenda_item_id)
        if item is not None and item.done_at is None:
            return item
    item = agenda.add_item(session, clock, house, text, source=AgendaSource.CONFLICT)
    flag.agenda_item_id = item.id
    return item


# --- the mediator's contact ----------------------------------------------------------------


def mediator_text(session: Session, house: House) -> str | None:
    """The house's contact text for a mediator from outside; None: the house has none."""
    row = text_by_id(session, house, mediator_text_id(session, house))
    return row.text if row is not None else None


def mediator_text_id(session: Session, house: House) -> str:
    """The typed house setting's value: the id of the text in force (`house_texts`), or
    "default" (none)."""
    found = session.scalar(  # a read: no settings row is made for it
        select(FlagSettings.mediator_text_id).where(FlagSettings.house_id == house.id)
    )
    return str(found) if found else "default"


def set_mediator_text_id(session: Session, house: House, value: str) -> None:
    """The house decided (the registry's "mediator" setting applies this)."""
    row = text_by_id(session, house, value)
    flag_domain.settings(session, house).mediator_text_id = row.id if row is not None else None


# --- a conversation together ----------------------------------------------------------------


def talk_of(session: Session, flag: Flag) -> FlagTalk | None:
    return session.scalars(select(FlagTalk).where(FlagTalk.flag_id == flag.id)).one_or_none()


def people(session: Session, talk: FlagTalk) -> list[FlagTalkPerson]:
    return list(
        session.scalars(
            select(FlagTalkPerson)
            .where(FlagTalkPerson.talk_id == talk.id)
            .order_by(FlagTalkPerson.id)
        ).all()
    )


def invitable(session: Session, house: House, flag: Flag) -> list[Member]:
    """Housemates the reporter may invite: in the group now, not the reporter, not the
    confidant (who is always in)."""
    found = session.scalars(
        select(Member)
        .where(Member.house_id == house.id, Member.status.in_(INVITABLE))
        .order_by(Member.id)
    ).all()
    return [
        m
        for m in found
        if m.in_group and present(m) and m.id not in (flag.reporter_id, flag.picked_by_id)
    ]


def slots_from(house: House, now: datetime) -> list[datetime]:
    zone = ZoneInfo(house.timezone)
    today: date = now.astimezone(zone).date()
    return [
        datetime.combine(today + timedelta(days=d), at, tzinfo=zone)
        for d in range(1, TALK_DAYS + 1)
        for at in TALK_HOURS
    ]


def start_talk(
    session: Session, clock: Clock, house: House, flag: Flag, member: Member | None
) -> FlagTalk:
    """The reporter chose a conversation: a talk with the reporter and the confidant (to be
    asked); the reporter ticks whom else to ask. Choosing it again starts afresh."""
    choose(session, flag, member, FlagStep.TALK)
    assert member is not None and flag.picked_by_id is not None
    old = talk_of(session, flag)
    if old is not None:
        session.delete(old)
        session.flush()
    talk = FlagTalk(
        house_id=house.id,
        flag_id=flag.id,
        slots=[s.isoformat() for s in slots_from(house, clock.now())],
        created_at=clock.now(),
    )
    session.add(talk)
    session.flush()
    session.add(FlagTalkPerson(house_id=house.id, talk_id=talk.id, member_id=member.id, can=[]))
    session.add(
        FlagTalkPerson(house_id=house.id, talk_id=talk.id, member_id=flag.picked_by_id, can=[])
    )
    session.flush()
    return talk


def reporter_row(session: Session, talk: FlagTalk) -> FlagTalkPerson:
    return people(session, talk)[0]  # the first row is always the reporter's


def invited(session: Session, talk: FlagTalk) -> bool:
    """The invitations went out: the reporter's own row says yes from then on."""
    return reporter_row(session, talk).agreed is not None


def send_invitations(session: Session, talk: FlagTalk) -> list[FlagTalkPerson]:
    """The reporter tapped "ask them": the people to ask now (the confidant and the ticked)."""
    if invited(session, talk):
        raise UserError("flags.talk.already_asked")
    reporter_row(session, talk).agreed = True
    return people(session, talk)[1:]


def toggle_invite(
    session: Session, house: House, flag: Flag, member: Member | None, other_id: int
) -> FlagTalk:
    picked_up(flag, member)
    talk = talk_of(session, flag)
    if talk is None or talk.chosen_at is not None:
        raise UserError("button.stale")
    if invited(session, talk):
        raise UserError("flags.talk.already_asked")
    if other_id not in {m.id for m in invitable(session, house, flag)}:
        raise UserError("button.stale")
    found = [p for p in people(session, talk) if p.member_id == other_id]
    if found:
        session.delete(found[0])
    else:
        if len(people(session, talk)) - 2 >= MAX_INVITED:
            raise UserError("flags.talk.too_many", max=MAX_INVITED)
        session.add(FlagTalkPerson(house_id=house.id, talk_id=talk.id, member_id=other_id, can=[]))
    session.flush()
    return talk


def talk_for(
    session: Session, talk_id: int, member: Member | None
) -> tuple[FlagTalk, FlagTalkPerson]:
    """A conversation and this member's place in it (a button of theirs)."""
    talk = session.get(FlagTalk, talk_id)
    if talk is None or member is None:
        raise UserError("flags.talk.gone")
    mine = [p for p in people(session, talk) if p.member_id == member.id]
    if not mine:
        raise UserError("flags.talk.gone")
    return talk, mine[0]


def agree(session: Session, talk: FlagTalk, person: FlagTalkPerson, yes: bool) -> None:
    if talk.chosen_at is not None or person.agreed is not None:
        raise UserError("flags.talk.settled")
    person.agreed = yes
    if not yes:
        person.answered, person.can = True, []


def toggle_slot(talk: FlagTalk, person: FlagTalkPerson, slot: int) -> None:
    if talk.chosen_at is not None or person.answered or not person.agreed:
        raise UserError("flags.talk.settled")
    if not 0 <= slot < len(talk.slots):
        raise UserError("button.stale")
    can = set(int(s) for s in person.can)
    can ^= {slot}
    person.can = sorted(can)


def moments(talk: FlagTalk) -> list[datetime]:
    return [datetime.fromisoformat(s) for s in talk.slots]


@dataclass(frozen=True)
class Outcome:
    """A conversation's end: the moment (None: no moment fits everyone) and who is in it."""

    moment: datetime | None
    members: list[int]


def finish_slots(session: Session, talk: FlagTalk, person: FlagTalkPerson) -> Outcome | None:
    """The person tapped "that's all". When everyone has answered, the outcome."""
    if talk.chosen_at is not None or person.answered or not person.agreed:
        raise UserError("flags.talk.settled")
    person.answered = True
    session.flush()
    return settle(session, talk)


def settle(session: Session, talk: FlagTalk) -> Outcome | None:
    everyone = people(session, talk)
    if any(p.agreed is None for p in everyone):
        return None  # not everyone asked has answered yet
    joined = [p for p in everyone if p.agreed]
    if len(joined) < 2:  # everyone else said no: the reporter's own times do not matter
        for p in joined:
            p.answered = True
        return Outcome(None, [p.member_id for p in joined])
    if any(not p.answered for p in joined):
        return None
    common = set.intersection(*(set(int(s) for s in p.can) for p in joined))
    if not common:
        return Outcome(None, [p.member_id for p in joined])
    moment = moments(talk)[min(common)]
    talk.chosen_at = moment
    return Outcome(moment, [p.member_id for p in joined])
