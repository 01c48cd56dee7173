"""Admission: who comes into the house's group is the residents' business.

Only join requests through the house's own invite link are the bot's to approve; any other link
is the group admins' (the bot leaves it alone). The house decides (a house setting) whether the
bot approves at once, or after two residents tapped "Welkom" in the group.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.storage.house_settings_models import Admission
from bot.storage.models import House, Member, MemberStatus, Person

WELCOMES_NEEDED = 2


def through_house_link(house: House, link: str | None) -> bool:
    """Whether a join request came through the house's own invite link."""
    return house.invite_link is not None and link == house.invite_link


def open_admission(
    session: Session, clock: Clock, house: House, person: Person, user_chat_id: int
) -> Admission:
    admission = Admission(
        house_id=house.id,
        person_id=person.id,
        user_chat_id=user_chat_id,
        welcomed_by=[],
        created_at=clock.now(),
    )
    session.add(admission)
    session.flush()
    return admission


def admission_in(session: Session, house: House | None, admission_id: int) -> Admission:
    return in_house(session, Admission, house, admission_id)


def welcome(session: Session, clock: Clock, admission: Admission, member: Member | None) -> bool:
    """A resident taps "Welkom". True when this was the last welcome needed (approve now)."""
    if admission.approved_at is not None:
        raise UserError("admission.done")
    if member is None or member.status != MemberStatus.RESIDENT:
        raise UserError("admission.only_residents")
    if member.person_id == admission.person_id:
        raise UserError("admission.not_yourself")
    if member.id in admission.welcomed_by:
        raise UserError("admission.already_welcomed")
    admission.welcomed_by = [*admission.welcomed_by, member.id]
    if len(admission.welcomed_by) >= WELCOMES_NEEDED:
        admission.approved_at = clock.now()
        return True
    return False


def welcomers(session: Session, admission: Admission) -> list[Member]:
    found = (session.get(Member, member_id) for member_id in admission.welcomed_by)
    return [m for m in found if m is not None]
