"""Changes to who votes and who holds a role: proposed, then confirmed by a second resident.

Nothing that takes a person's vote, role or say happens by one person, silently:
- Giving or taking a role (chair, co-chair, confidant), or a status change that takes a
  resident's vote (or makes someone a resident again after they moved out or were a supporter),
  is a proposal. It is announced in the group and takes effect when another resident - not the
  proposer, not the person it is about - confirms it. The proposer may withdraw it; it lapses
  after `PROPOSAL_DAYS`.
- Bootstrap: while the house has fewer than `BOOTSTRAP_RESIDENTS` residents, the chair or an
  admin makes these changes directly (announced): there is nobody yet to confirm.
- A change that only gives say (a guest becomes a resident) or touches no vote is direct and
  announced.
- Nobody gives themself a role or changes their own status here; stepping down from one's own
  role is direct.
- Roles are residents' roles (`may_hold_roles`); a change that ends someone's right to a role
  ends the role too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import members as member_domain
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.storage.member_models import MemberProposal, ProposalState
from bot.storage.models import House, Member, MemberStatus, Role, SupporterKind

PROPOSAL_DAYS = 3


@dataclass(frozen=True)
class Applied:
    """A change made now (directly, or by a confirmation)."""

    member: Member
    status: member_domain.StatusChange | None = None
    role: member_domain.RoleChange | None = None
    roles_ended: tuple[Role, ...] = ()
    bootstrap: bool = False  # would have been a proposal in a house with enough residents


@dataclass(frozen=True)
class Actor:
    """Who asks for a change: their membership (if any) and whether they manage the house."""

    member: Member | None
    is_manager: bool


def takes_vote(member: Member, status: MemberStatus) -> bool:
    return member_domain.counts_as_resident(member) and status != MemberStatus.RESIDENT


def needs_confirmation(member: Member, status: MemberStatus) -> bool:
    """A status change that takes a vote, or gives one back to someone who moved out or was a
    supporter, needs a second resident. A guest made a resident only gains say."""
    if takes_vote(member, status):
        return True
    return status == MemberStatus.RESIDENT and member.status in (
        MemberStatus.FORMER_RESIDENT,
        MemberStatus.SUPPORTER,
    )


def open_proposal(session: Session, clock: Clock, member: Member) -> MemberProposal | None:
    """The open proposal about a member; one that lapsed is marked so on the way."""
    found = session.scalars(
        select(MemberProposal).where(
            MemberProposal.member_id == member.id, MemberProposal.state == ProposalState.OPEN
        )
    ).first()
    if found is not None and expire(clock, found):
        return None
    return found


def expire(clock: Clock, proposal: MemberProposal) -> bool:
    """Mark an open proposal nobody confirmed in time. True when it lapsed."""
    if proposal.state == ProposalState.OPEN and clock.now() >= proposal.expires_at:
        proposal.state = ProposalState.EXPIRED
        proposal.decided_at = proposal.expires_at
        return True
    return False


def _not_yourself(actor: Actor, member: Member, msgid: str) -> None:
    if actor.member is not None and actor.member.id == member.id:
        raise UserError(msgid)


def _propose(
    session: Session,
    clock: Clock,
    house: House,
    actor: Actor,
    member: Member,
    *,
    status: MemberStatus | None = None,
    kind: SupporterKind | None = None,
    role: Role | None = None,
    give: bool = True,
) -> MemberProposal:
    if open_proposal(session, clock, member) is not None:
        raise UserError("members.proposal_open", name=member.person.display_name)
    proposal = MemberProposal(
        house_id=house.id,
        member_id=member.id,
        proposed_by_id=actor.member.id if actor.member is not None else None,
        status=status,
        supporter_kind=kind,
        role=role,
        give=give,
        old_status=member.status,
        state=ProposalState.OPEN,
        created_at=clock.now(),
        expires_at=clock.now() + timedelta(days=PROPOSAL_DAYS),
    )
    session.add(proposal)
    session.flush()
    return proposal


def _end_roles_not_allowed(session: Session, house: House, member: Member) -> tuple[Role, ...]:
    if member_domain.may_hold_roles(house, member):
        return ()
    ended = tuple(r.role for r in member.roles)
    if ended:
        member.roles[:] = []
        session.flush()
    return ended


def _apply_status(
    session: Session, house: House, member: Member, status: MemberStatus, kind: SupporterKind | None
) -> tuple[member_domain.StatusChange | None, tuple[Role, ...]]:
    change = member_domain.set_status(member, status, kind)
    return change, _end_roles_not_allowed(session, house, member)


def _check_role(house: House, member: Member, role: Role) -> None:
    if not member_domain.may_hold_roles(house, member):
        raise UserError("members.role_for_residents", name=member.person.display_name)


def request_status(
    session: Session,
    clock: Clock,
    house: House,
    actor: Actor,
    member: Member,
    status: MemberStatus,
    kind: SupporterKind | None,
) -> Applied | MemberProposal | None:
    """The chair or an admin picks a status for someone: done now, or proposed."""
    _not_yourself(actor, member, "members.not_your_own_status")
    if status != MemberStatus.SUPPORTER:
        kind = None
    if member.status == status and member.supporter_kind == kind:
        if member_domain.unconfirmed(member):  # "resident" again: a confirmation
            member_domain.confirm_resident(
                session, house, member, actor.member, is_manager=actor.is_manager
            )
            return Applied(member)
        member_domain.set_status(member, status, kind)
        return None
    if open_proposal(session, clock, member) is not None:
        raise UserError("members.proposal_open", name=member.person.display_name)
    if needs_confirmation(member, status):
        if not member_domain.in_bootstrap(session, house):
            return _propose(session, clock, house, actor, member, status=status, kind=kind)
        change, ended = _apply_status(session, house, member, status, kind)
        return Applied(member, status=change, roles_ended=ended, bootstrap=True)
    change, ended = _apply_status(session, house, member, status, kind)
    return Applied(member, status=change, roles_ended=ended)


def request_role(
    session: Session, clock: Clock, house: House, actor: Actor, member: Member, role: Role
) -> Applied | MemberProposal:
    """Give a role to someone, or take it: proposed (or, in bootstrap, done now). Stepping
    down from one's own role is done now; giving oneself a role is refused."""
    give = role not in member.role_set
    if give:
        _not_yourself(actor, member, "members.not_yourself_role")
        _check_role(house, member, role)
    elif actor.member is not None and actor.member.id == member.id:
        return Applied(member, role=member_domain.toggle_role(session, clock, house, member, role))
    if open_proposal(session, clock, member) is not None:
        raise UserError("members.proposal_open", name=member.person.display_name)
    if not member_domain.in_bootstrap(session, house):
        return _propose(session, clock, house, actor, member, role=role, give=give)
    change = member_domain.toggle_role(session, clock, house, member, role)
    return Applied(member, role=change, bootstrap=True)


def proposal_in_house(session: Session, house: House, proposal_id: int) -> MemberProposal:
    return in_house(session, MemberProposal, house, proposal_id, missing="button.stale")


def confirm(
    session: Session, clock: Clock, house: House, proposal: MemberProposal, by: Member | None
) -> Applied | None:
    """A second resident confirms: the change is made. None when it is not made after all:
    the proposal lapsed (EXPIRED) or the member changed in the meantime (OUTDATED)."""
    if expire(clock, proposal):
        return None
    if proposal.state != ProposalState.OPEN:
        raise UserError("members.proposal_closed")
    if not member_domain.counts_as_resident(by):
        raise UserError("members.confirm_residents_only")
    assert by is not None
    if by.id == proposal.proposed_by_id:
        raise UserError("members.confirm_not_proposer")
    member = proposal.member
    if by.id == member.id:
        raise UserError("members.confirm_not_concerned")
    proposal.decided_at = clock.now()
    proposal.confirmed_by_id = by.id
    role = proposal.role
    if (
        member.status != proposal.old_status
        or (role is not None and (role in member.role_set) == proposal.give)
        or (role is not None and proposal.give and not member_domain.may_hold_roles(house, member))
    ):
        proposal.state = ProposalState.OUTDATED
        return None
    proposal.state = ProposalState.CONFIRMED
    if role is not None:
        return Applied(member, role=member_domain.toggle_role(session, clock, house, member, role))
    assert proposal.status is not None
    status_change, ended = _apply_status(
        session, house, member, proposal.status, proposal.supporter_kind
    )
    return Applied(member, status=status_change, roles_ended=ended)


def withdraw(clock: Clock, proposal: MemberProposal, by: Member | None) -> bool:
    """The proposer takes the proposal back. False when it had lapsed already."""
    if expire(clock, proposal):
        return False
    if proposal.state != ProposalState.OPEN:
        raise UserError("members.proposal_closed")
    if by is None or by.id != proposal.proposed_by_id:
        raise UserError("members.withdraw_only_proposer")
    proposal.state = ProposalState.WITHDRAWN
    proposal.decided_at = clock.now()
    return True
