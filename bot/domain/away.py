"""Even weg: a resident steps back from everything for a while, without giving a reason
(issue 17.3), and the meeting check-in turned off by the person (for good or for a while).

While someone is away:
- the rota plans no turns for them (`bot.domain.rotas.availability` reads `free_on`);
- polls send them no reminders and leave them out of the quorum's denominator
  (`bot.domain.poll_close.eligible_members`), unless they voted: they may still vote;
- the meeting check-in does not ask them (`asks_checkin`).
The group is never told who is away.

`away_back_on` is the first day back (None: "until I say"). The day itself is ended by the
rota's durable back job (`rota-back-<member id>`, rebuilt at start-up); until then
`is_away_on` answers for a given day, `member.away` for now.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.rotas import add_month, local_today
from bot.storage.models import House, Member

PICKS = ("week", "2weeks", "month")
CHECKIN_PICKS = ("month", "3months", "always")


def first_day_back(house: House, now: datetime, pick: str) -> date:
    """The first day back for the quick picks: a week, two weeks, a month."""
    today = local_today(house, now)
    if pick == "week":
        return today + timedelta(days=7)
    if pick == "2weeks":
        return today + timedelta(days=14)
    if pick == "month":
        return add_month(today)
    raise UserError("button.stale")


def go_away(clock: Clock, house: House, member: Member | None, back_on: date | None) -> Member:
    """Away until `back_on` (the first day back), or until the person says so (None)."""
    if member is None:
        raise UserError("rota.not_member")
    if back_on is not None and back_on <= local_today(house, clock.now()):
        raise UserError("rota.date_past")
    member.away = True
    member.away_back_on = back_on
    return member


def come_back(member: Member | None) -> bool:
    """Back again. False when the person was not away."""
    if member is None:
        raise UserError("rota.not_member")
    if not member.away:
        return False
    member.away = False
    member.away_back_on = None
    return True


def is_away_on(member: Member | None, day: date) -> bool:
    return (
        member is not None
        and member.away
        and (member.away_back_on is None or day < member.away_back_on)
    )


def away_with_date(session: Session) -> Sequence[Member]:
    """Everyone away until a known day: their back jobs are rebuilt at start-up."""
    return session.scalars(
        select(Member).where(Member.away.is_(True), Member.away_back_on.is_not(None))
    ).all()


# --- the meeting check-in, off for myself -----------------------------------------------------


def checkin_back_pick(house: House, now: datetime, pick: str) -> date | None:
    """The first day the check-in asks again: in a month, in three months, or never (None)."""
    today = local_today(house, now)
    if pick == "month":
        return add_month(today)
    if pick == "3months":
        return add_month(add_month(add_month(today)))
    if pick == "always":
        return None
    raise UserError("button.stale")


def turn_checkin_off(member: Member, back_on: date | None) -> None:
    member.checkin_off = True
    member.checkin_back_on = back_on


def turn_checkin_on(member: Member) -> bool:
    if not member.checkin_off:
        return False
    member.checkin_off = False
    member.checkin_back_on = None
    return True


def checkin_off_on(member: Member, day: date) -> bool:
    """Whether the person turned the check-in off for this day."""
    return member.checkin_off and (member.checkin_back_on is None or day < member.checkin_back_on)


def asks_checkin(member: Member, day: date) -> bool:
    """Whether the meeting check-in may ask this person about `day` (the meeting's, or today
    for a reminder): not while away (now or then), not while they turned it off."""
    return not member.away and not is_away_on(member, day) and not checkin_off_on(member, day)
