"""People and members: discovery, self-declared residence, status and role changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.storage.models import (
    House,
    Member,
    MemberRole,
    MemberStatus,
    Person,
    PrivateChat,
    Role,
    StatusSource,
    SupporterKind,
)

# Roles that one person at a time holds in a house: giving it to someone takes it from the other.
SINGLE_HOLDER_ROLES = frozenset({Role.CHAIR, Role.CO_CHAIR})
STATUS_ORDER = (
    MemberStatus.RESIDENT,
    MemberStatus.SUPPORTER,
    MemberStatus.FORMER_RESIDENT,
    MemberStatus.GUEST,
)


@dataclass(frozen=True)
class Identity:
    """Who a person is, as far as the bot needs to know: taken from the update at the edge."""

    telegram_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True)
class StatusChange:
    member: Member
    old_status: MemberStatus
    old_kind: SupporterKind | None


@dataclass(frozen=True)
class RoleChange:
    member: Member
    role: Role
    given: bool
    taken_from: Member | None = None


def person_by_telegram_id(session: Session, telegram_id: int) -> Person | None:
    return session.scalars(select(Person).where(Person.telegram_id == telegram_id)).one_or_none()


def touch_person(session: Session, clock: Clock, who: Identity) -> Person:
    """The person behind an update, created or refreshed (names change on Telegram)."""
    person = person_by_telegram_id(session, who.telegram_id)
    if person is None:
        person = Person(
            telegram_id=who.telegram_id,
            first_name=who.first_name[:128] or "?",
            last_name=(who.last_name or None) and who.last_name[:128],
            username=who.username,
            telegram_language=who.language_code,
            private_chat=PrivateChat.UNKNOWN,
            created_at=clock.now(),
        )
        session.add(person)
        session.flush()
        return person
    person.first_name = who.first_name[:128] or person.first_name
    person.last_name = (who.last_name or None) and who.last_name[:128]
    person.username = who.username
    if who.language_code:
        person.telegram_language = who.language_code
    return person


def membership(session: Session, house: House, person: Person) -> Member | None:
    return session.scalars(
        select(Member).where(Member.house_id == house.id, Member.person_id == person.id)
    ).one_or_none()


def ensure_member(
    session: Session, clock: Clock, house: House, person: Person, *, in_group: bool = True
) -> tuple[Member, bool]:
    """The person's membership of the house, created as a guest when first seen."""
    member = membership(session, house, person)
    if member is not None:
        if in_group:
            member.in_group = True
        return member, False
    member = Member(
        house_id=house.id,
        person_id=person.id,
        status=MemberStatus.GUEST,
        status_source=StatusSource.DISCOVERED,
        in_group=in_group,
        joined_at=clock.now(),
    )
    session.add(member)
    session.flush()
    return member, True


def left_group(session: Session, house: House, person: Person) -> Member | None:
    member = membership(session, house, person)
    if member is not None:
        member.in_group = False
    return member


def memberships(session: Session, person: Person) -> Sequence[Member]:
    return session.scalars(
        select(Member)
        .join(House)
        .where(Member.person_id == person.id, House.active.is_(True))
        .order_by(Member.joined_at)
    ).all()


def present(member: Member) -> bool:
    """Whether a member may read the house's content and act for it from their private chat:
    access follows the present, not the past. They are in the residents' group now, or their
    status gives access outside it (a former resident, for aftercare)."""
    return member.in_group or member.status == MemberStatus.FORMER_RESIDENT


def present_membership(session: Session, house: House, person: Person) -> Member | None:
    """The person's membership of the house when it gives access now (`present`), else None:
    the one check for a house named by a private chat's button or question."""
    member = membership(session, house, person)
    return member if member is not None and present(member) else None


def home_house(session: Session, person: Person) -> House | None:
    """The house a person's private messages are about: the last one linked, else the only one
    — among the houses that give them access now (`present`)."""
    houses = [m.house for m in memberships(session, person) if present(m)]
    for house in houses:
        if house.id == person.current_house_id:
            return house
    return houses[-1] if houses else None


def link_private_chat(session: Session, clock: Clock, person: Person, house: House) -> Member:
    """The person opened the private chat from their house's group (deep link)."""
    mark_private_chat(clock, person, PrivateChat.OPEN)
    person.current_house_id = house.id
    member, _ = ensure_member(session, clock, house, person, in_group=False)
    return member


def mark_private_chat(clock: Clock, person: Person, state: PrivateChat) -> bool:
    """Record whether the bot can write to this person privately. True when it changed."""
    if person.private_chat == state:
        return False
    person.private_chat = state
    person.private_chat_changed_at = clock.now()
    return True


def declare_resident(member: Member) -> bool:
    """The "I live here" button. Only a newly discovered member may declare it themself; it
    counts (vote, quorum) once another resident confirms it (`confirm_resident`). A status the
    chair or an admin set is theirs to change, and someone who moved out cannot make
    themself a resident again (the meeting can). True when it changed."""
    if member.status == MemberStatus.RESIDENT:
        return False
    if member.status == MemberStatus.FORMER_RESIDENT:
        raise UserError("members.moved_out_cannot_redeclare")
    if member.status_source == StatusSource.MANAGER:
        raise UserError("members.status_set_by_manager", status=member.status.value)
    member.status = MemberStatus.RESIDENT
    member.supporter_kind = None
    member.status_source = StatusSource.SELF
    return True


# While a house has fewer residents than this, the chair or an admin may change statuses and
# roles directly (announced): there is nobody yet to confirm a proposal.
BOOTSTRAP_RESIDENTS = 3


def counts_as_resident(member: Member | None) -> bool:
    """A resident who votes and counts for the quorum: not one who only said "I live here"."""
    return (
        member is not None
        and member.status == MemberStatus.RESIDENT
        and member.status_source != StatusSource.SELF
    )


def unconfirmed(member: Member) -> bool:
    """Said "I live here"; no resident confirmed it yet."""
    return member.status == MemberStatus.RESIDENT and member.status_source == StatusSource.SELF


def counted_resident_clause() -> ColumnElement[bool]:
    """`counts_as_resident` in SQL."""
    return and_(Member.status == MemberStatus.RESIDENT, Member.status_source != StatusSource.SELF)


def counted_residents(session: Session, house: House) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.house_id == house.id, counted_resident_clause())
        )
        or 0
    )


def in_bootstrap(session: Session, house: House) -> bool:
    """Too few residents to confirm one another: the chair or an admin acts directly."""
    return counted_residents(session, house) < BOOTSTRAP_RESIDENTS


def may_hold_roles(house: House, member: Member) -> bool:
    """Chair, co-chair and confidant are residents' roles; peer workers only if the house
    decided so (`houses.peer_workers_hold_roles`)."""
    if counts_as_resident(member):
        return True
    return (
        house.peer_workers_hold_roles
        and member.status == MemberStatus.SUPPORTER
        and member.supporter_kind == SupporterKind.PEER_WORKER
    )


def confirm_resident(
    session: Session, house: House, member: Member, by: Member | None, *, is_manager: bool
) -> None:
    """Another resident confirms that a self-declared resident lives here. While the house is
    starting (`in_bootstrap`) the chair or an admin may confirm it too."""
    if not unconfirmed(member):
        if counts_as_resident(member):
            raise UserError("members.already_confirmed")
        raise UserError("button.stale")
    if by is not None and by.id == member.id:
        raise UserError("members.confirm_not_yourself")
    if not counts_as_resident(by) and not (is_manager and in_bootstrap(session, house)):
        raise UserError("members.confirm_residents_only")
    member.status_source = StatusSource.CONFIRMED


def can_manage(member: Member | None, *, is_group_admin: bool) -> bool:
    """The chair or an administrator of the Telegram group opens the status editor; what a
    change there needs (a second resident, or nothing in bootstrap) is `member_changes`'."""
    return is_group_admin or (member is not None and Role.CHAIR in member.role_set)


def member_in_house(session: Session, house: House, member_id: int) -> Member:
    return in_house(session, Member, house, member_id, missing="members.unknown_member")


def set_status(
    member: Member, status: MemberStatus, kind: SupporterKind | None = None
) -> StatusChange | None:
    if status != MemberStatus.SUPPORTER:
        kind = None
    old = StatusChange(member, member.status, member.supporter_kind)
    member.status_source = StatusSource.MANAGER
    if member.status == status and member.supporter_kind == kind:
        return None
    member.status = status
    member.supporter_kind = kind
    return old


def holder(session: Session, house: House, role: Role) -> Member | None:
    return session.scalars(
        select(Member)
        .join(MemberRole)
        .where(MemberRole.house_id == house.id, MemberRole.role == role)
        .limit(1)
    ).first()


def toggle_role(
    session: Session, clock: Clock, house: House, member: Member, role: Role
) -> RoleChange:
    current = next((r for r in member.roles if r.role == role), None)
    if current is not None:
        member.roles.remove(current)
        session.flush()
        return RoleChange(member, role, given=False)
    taken_from = None
    if role in SINGLE_HOLDER_ROLES:
        previous = holder(session, house, role)
        if previous is not None and previous.id != member.id:
            previous.roles[:] = [r for r in previous.roles if r.role != role]
            taken_from = previous
            session.flush()
    member.roles.append(MemberRole(house_id=house.id, role=role, assigned_at=clock.now()))
    session.flush()
    return RoleChange(member, role, given=True, taken_from=taken_from)


def list_members(session: Session, house: House) -> list[Member]:
    members = session.scalars(select(Member).where(Member.house_id == house.id).join(Person)).all()
    return sorted(
        members,
        key=lambda m: (STATUS_ORDER.index(m.status), m.person.display_name.casefold()),
    )
