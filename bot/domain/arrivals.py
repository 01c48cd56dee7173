"""Arriving (issue 17.4): a newcomer learns how the house works from the residents.

- When the bot lets someone in through the house's own link (`arrive`), an arrival is kept:
  the newcomer gets the house's own "Zo doen wij het hier" text privately (a house setting, so
  changed by a decision; `house_way`), with buttons to the rules, the next meeting and the rota,
  and the offer of a buddy (maatje). A welcome the bot could not deliver is sent when they open
  the private chat (`welcome_owed`).
- After the settling-in period (a house setting, default six weeks; `settle_weeks`) the
  newcomer and the chair are each asked privately whether to plan the evaluation talk
  (`due`, `answer_talk`). Nobody else hears of it. "Later" asks again after `LATER`.
- A newcomer in their settling-in period may ask for a buddy, though not yet confirmed as a
  resident; a resident may offer to be one once they are past their own (`settled`).

Plain functions over a `Session` and an injected `Clock`; no Telegram; never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.text import checked
from bot.storage.arrival_models import DEFAULT_SETTLE_WEEKS, Arrival, ArrivalSettings, HouseText
from bot.storage.models import House, Member, MemberStatus

HOUSE_WAY = "house_way"  # the key of the "Zo doen wij het hier" text
MAX_HOUSE_WAY = 1500
SETTLE_WEEKS = (6, 4, 8, 12)  # the house setting's choices; the first is the default
LATER = timedelta(weeks=2)  # "later": asked again after two weeks
YES, NOT_NOW = "yes", "later"


def _existing(session: Session, house: House) -> ArrivalSettings | None:
    return session.scalars(
        select(ArrivalSettings).where(ArrivalSettings.house_id == house.id)
    ).one_or_none()


def settings_of(session: Session, house: House) -> ArrivalSettings:
    found = _existing(session, house)
    if found is None:
        found = ArrivalSettings(house_id=house.id, settle_weeks=DEFAULT_SETTLE_WEEKS)
        session.add(found)
        session.flush()
    return found


def settle_weeks(session: Session, house: House) -> int:
    found = _existing(session, house)
    return found.settle_weeks if found is not None else DEFAULT_SETTLE_WEEKS


def set_settle_weeks(session: Session, house: House, weeks: int) -> None:
    settings_of(session, house).settle_weeks = weeks


# --- the house's own texts (a typed house setting) -------------------------------------------


def new_text(session: Session, clock: Clock, house: House, key: str, text: str) -> HouseText:
    """A proposed version of one of the house's own texts (applied only by a decision)."""
    value = checked(
        text, limit=MAX_HOUSE_WAY, empty="arrival.text_empty", too_long="arrival.text_too_long"
    )
    row = HouseText(house_id=house.id, key=key, text=value, created_at=clock.now())
    session.add(row)
    session.flush()
    return row


def text_by_id(session: Session, house: House, value: str) -> HouseText | None:
    """The text a setting's value names ("12"); None for the default or anything else."""
    if not value.isdigit():
        return None
    row = session.get(HouseText, int(value))
    return row if row is not None and row.house_id == house.id else None


def house_way_id(session: Session, house: House) -> str:
    """The house setting's value: the id of the text in force, or "default"."""
    found = _existing(session, house)
    return str(found.house_way_id) if found is not None and found.house_way_id else "default"


def set_house_way(session: Session, house: House, value: str) -> None:
    row = text_by_id(session, house, value)
    settings_of(session, house).house_way_id = row.id if row is not None else None


def house_way(session: Session, house: House) -> str | None:
    """The house's own "Zo doen wij het hier" text; None: the default text."""
    row = text_by_id(session, house, house_way_id(session, house))
    return row.text if row is not None else None


# --- arrivals --------------------------------------------------------------------------------


def arrival_of(session: Session, member: Member) -> Arrival | None:
    return session.scalars(select(Arrival).where(Arrival.member_id == member.id)).one_or_none()


def arrive(session: Session, clock: Clock, house: House, member: Member) -> Arrival | None:
    """The bot let `member` in through the house's link: their arrival (kept once). None for
    someone the house knows already (a resident, supporter or former resident coming back)."""
    found = arrival_of(session, member)
    if found is not None:
        return found
    if member.status != MemberStatus.GUEST:
        return None
    now = clock.now()
    arrival = Arrival(
        house_id=house.id,
        member_id=member.id,
        arrived_at=now,
        talk_at=now + timedelta(weeks=settle_weeks(session, house)),
    )
    session.add(arrival)
    session.flush()
    return arrival


def welcomed(clock: Clock, arrival: Arrival) -> None:
    arrival.welcomed_at = clock.now()


def welcome_owed(session: Session, member: Member) -> Arrival | None:
    """An arrival whose welcome did not reach the newcomer yet."""
    arrival = arrival_of(session, member)
    return arrival if arrival is not None and arrival.welcomed_at is None else None


def settling(session: Session, clock: Clock, member: Member) -> bool:
    """Still in their settling-in period (they came in through the house's link)."""
    arrival = arrival_of(session, member)
    return arrival is not None and arrival.talk_at > clock.now()


def newcomer(session: Session, clock: Clock, member: Member | None) -> bool:
    """May ask for a buddy at the door: in the group and still settling in."""
    return member is not None and member.in_group and settling(session, clock, member)


def settled(session: Session, clock: Clock, member: Member) -> bool:
    """Past their own settling-in period (or here from before arrivals were kept)."""
    return not settling(session, clock, member)


def pending(session: Session) -> Sequence[Arrival]:
    """Arrivals whose evaluation talk was not asked about yet (for the jobs at start-up)."""
    return session.scalars(
        select(Arrival).where(Arrival.asked_at.is_(None)).order_by(Arrival.id)
    ).all()


GUEST_WAIT = timedelta(weeks=26)  # still a guest this long after arriving: no talk to plan


def due(session: Session, clock: Clock, arrival: Arrival) -> Member | None:
    """The settling-in period is over: the newcomer to ask (None: nothing to ask now). The talk
    is for someone who lives here: a newcomer not (yet) confirmed as a resident is asked
    `LATER` again (until `GUEST_WAIT`); a supporter or someone gone is not asked."""
    now = clock.now()
    if arrival.asked_at is not None or arrival.talk_at > now:
        return None
    member = session.get(Member, arrival.member_id)
    if member is None or not member.in_group or member.status != MemberStatus.RESIDENT:
        waiting = (
            member is not None
            and member.in_group
            and member.status == MemberStatus.GUEST
            and now - arrival.arrived_at < GUEST_WAIT
        )
        if waiting:
            arrival.talk_at = now + LATER
            return None
        arrival.asked_at = now  # nothing to ask
        return None
    arrival.asked_at = now
    return member


@dataclass(frozen=True)
class TalkAnswer:
    arrival: Arrival
    newcomer: Member
    both_yes: bool
    later: bool  # asked again after `LATER`


def answer_talk(
    session: Session,
    clock: Clock,
    arrival_id: int,
    member: Member | None,
    as_chair: bool,
    answer: str,
) -> TalkAnswer:
    """The newcomer (`as_chair` False) or a chair answers "plan the talk?": yes, or later
    (then that side is asked again after `LATER`; a yes stands)."""
    arrival = session.get(Arrival, arrival_id)
    if arrival is None or member is None or answer not in (YES, NOT_NOW):
        raise UserError("button.stale")
    newcomer_member = session.get(Member, arrival.member_id)
    if newcomer_member is None:
        raise UserError("button.stale")
    if as_chair:
        if member.house_id != arrival.house_id or member.id == arrival.member_id:
            raise UserError("button.stale")
        if arrival.chair_answer is not None:
            raise UserError("arrival.talk.answered")
        arrival.chair_answer, arrival.chair_id = answer, member.id
    else:
        if member.id != arrival.member_id:
            raise UserError("button.stale")
        if arrival.newcomer_answer is not None:
            raise UserError("arrival.talk.answered")
        arrival.newcomer_answer = answer
    later = answer == NOT_NOW
    if later:  # asked again after a while (whoever said yes is not asked again)
        arrival.talk_at = clock.now() + LATER
        arrival.asked_at = None
        if as_chair:
            arrival.chair_answer = arrival.chair_id = None
        else:
            arrival.newcomer_answer = None
    both = arrival.newcomer_answer == YES and arrival.chair_answer == YES
    return TalkAnswer(arrival, newcomer_member, both_yes=both, later=later)


def talk_at(arrival: Arrival) -> datetime:
    return arrival.talk_at
