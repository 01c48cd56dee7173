"""The /members editor and the changes it makes: statuses and roles, proposed and confirmed by a
second resident (`bot/domain/member_changes.py`), and "I live here", confirmed by a resident.

Every handler here is a named module-level function; `people.register` routes the buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from bot.callbacks import AtLeast, codec
from bot.domain import member_changes as changes
from bot.domain import members as member_domain
from bot.domain.errors import UserError
from bot.handlers import offline
from bot.handlers.kit import Button, Ctx
from bot.i18n import Html, Translator
from bot.storage.member_models import MemberProposal, ProposalState
from bot.storage.models import House, Member, MemberStatus, PrivateChat, Role, SupporterKind

PAGE = 8
CLOSE = -1  # ManageMembers(page=CLOSE): back to the list


@codec.register("res")
@dataclass(frozen=True)
class IAmResident:
    house_id: int


@codec.register("resok")
@dataclass(frozen=True)
class ConfirmResident:
    """ "✅ Klopt, woont hier": another resident confirms a self-declared resident."""

    member_id: int


@codec.register("mm")
@dataclass(frozen=True)
class ManageMembers:
    house_id: int
    page: Annotated[int, AtLeast(CLOSE)]


@codec.register("mp")
@dataclass(frozen=True)
class ManagePick:
    member_id: int


@codec.register("ms")
@dataclass(frozen=True)
class SetStatus:
    member_id: int
    choice: str  # a key of STATUS_CHOICES


@codec.register("mr")
@dataclass(frozen=True)
class ToggleRole:
    member_id: int
    role: Role


@codec.register("mpok")
@dataclass(frozen=True)
class ConfirmChange:
    proposal_id: int


@codec.register("mpno")
@dataclass(frozen=True)
class WithdrawChange:
    proposal_id: int


# The status buttons: a supporter is a peer worker or a social worker.
STATUS_CHOICES: dict[str, tuple[MemberStatus, SupporterKind | None]] = {
    "r": (MemberStatus.RESIDENT, None),
    "pw": (MemberStatus.SUPPORTER, SupporterKind.PEER_WORKER),
    "sw": (MemberStatus.SUPPORTER, SupporterKind.SOCIAL_WORKER),
    "f": (MemberStatus.FORMER_RESIDENT, None),
    "g": (MemberStatus.GUEST, None),
}
ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.CONFIDANT)


def status_label(t: Translator, member: Member) -> Html:
    if member.status == MemberStatus.SUPPORTER and member.supporter_kind is not None:
        return t(f"kind.{member.supporter_kind.value}")
    if member_domain.unconfirmed(member):
        return t("members.status_unconfirmed")
    return t(f"status.{member.status.value}")


def member_line(t: Translator, member: Member) -> str:
    roles: list[str] = [t(f"role.{role.value}") for role in ROLES if role in member.role_set]
    line = "• " + t("members.name", name=member.person.display_name)
    if member.status == MemberStatus.SUPPORTER and member.supporter_kind is not None:
        roles.insert(0, t(f"kind.{member.supporter_kind.value}"))
    if member_domain.unconfirmed(member):
        roles.insert(0, t("members.unconfirmed"))
    if roles:
        line += " — " + ", ".join(roles)
    if member.person.private_chat == PrivateChat.OPEN:
        line += " 💬"
    return line


def members_text(
    t: Translator, house: House, members: list[Member], extra: Sequence[str] = ()
) -> str:
    lines: list[str] = [t("members.title", house=house.name, count=len(members))]
    for status in member_domain.STATUS_ORDER:
        group = [m for m in members if m.status == status]
        if not group:
            continue
        lines.append("")
        lines.append(t(f"members.heading.{status.value}"))
        lines.extend(member_line(t, m) for m in group)
    lines.extend(extra)  # residents without Telegram (bot/handlers/offline.py)
    lines.append("")
    lines.append(t("members.legend"))
    return "\n".join(lines)


# --- "I live here" ------------------------------------------------------------------------


async def i_am_resident(ctx: Ctx) -> None:
    action = ctx.action(IAmResident)
    house = ctx.session.get(House, action.house_id)
    if house is None or not house.active or ctx.person is None:
        raise UserError("button.stale")
    if ctx.in_group and (ctx.house is None or ctx.house.id != house.id):
        raise UserError("button.stale")
    if ctx.in_private and member_domain.membership(ctx.session, house, ctx.person) is None:
        # Only someone linked to this house (its group's button) may say they live there.
        raise UserError("button.stale")
    member, _ = member_domain.ensure_member(
        ctx.session, ctx.clock, house, ctx.person, in_group=ctx.in_group
    )
    try:
        changed = member_domain.declare_resident(member)
    except UserError as error:
        raise UserError(error.msgid, status=status_label(ctx.t, member)) from None
    if not changed:
        await ctx.popup(ctx.t("members.already_resident"))
        return
    group_t = ctx.group_translator(house)
    await ctx.send_group(
        house,
        group_t("members.declared_resident", name=ctx.person.display_name),
        [[(group_t("members.button_confirm_resident"), ConfirmResident(member.id))]],
    )
    await ctx.popup(ctx.t("members.you_are_resident", house=house.name), alert=True)


async def confirm_resident(ctx: Ctx) -> None:
    action = ctx.action(ConfirmResident)
    house = group_house(ctx)
    member = member_domain.member_in_house(ctx.session, house, action.member_id)
    is_manager = member_domain.can_manage(ctx.member, is_group_admin=await ctx.is_group_admin())
    member_domain.confirm_resident(ctx.session, house, member, ctx.member, is_manager=is_manager)
    await ctx.edit(resident_confirmed_text(ctx, house, member))
    await ctx.popup(ctx.t("members.thanks"))
    await tell_member(ctx, house, member, "members.your_residence_confirmed", actor=actor_name(ctx))


def resident_confirmed_text(ctx: Ctx, house: House, member: Member) -> Html:
    t = ctx.group_translator(house)
    return t("members.resident_confirmed", name=member.person.display_name, actor=actor_name(ctx))


# --- the editor ---------------------------------------------------------------------------


def current_house(ctx: Ctx) -> House:
    if ctx.house is None or not ctx.house.active:
        raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
    return ctx.house


def group_house(ctx: Ctx) -> House:
    """Proposals and confirmations live in the house's group, tapped there only."""
    if not ctx.in_group:
        raise UserError("button.stale")
    return current_house(ctx)


async def members(ctx: Ctx) -> None:
    house = current_house(ctx)
    await ctx.reply(*members_view(ctx, house))


def members_view(ctx: Ctx, house: House) -> tuple[str, list[list[Button]]]:
    listing = member_domain.list_members(ctx.session, house)
    rows: list[list[Button]] = []
    if ctx.in_group:
        rows = [[(ctx.t("members.button_manage"), ManageMembers(house.id, 0))]]
        rows += offline.members_rows(ctx.t, ctx.session, house)  # residents without Telegram
    extra = offline.members_section(ctx.t, ctx.session, house)
    return members_text(ctx.t, house, listing, extra), rows


async def actor(ctx: Ctx) -> changes.Actor:
    return changes.Actor(
        ctx.member,
        member_domain.can_manage(ctx.member, is_group_admin=await ctx.is_group_admin()),
    )


async def require_manager(ctx: Ctx) -> House:
    house = current_house(ctx)
    if not ctx.in_group:
        raise UserError("button.stale")
    if not (await actor(ctx)).is_manager:
        raise UserError("members.only_manager")
    return house


def picker_rows(ctx: Ctx, house: House, page: int) -> list[list[Button]]:
    listing = member_domain.list_members(ctx.session, house)
    pages = max(1, -(-len(listing) // PAGE))
    page = min(max(page, 0), pages - 1)
    rows: list[list[Button]] = [
        [(f"{m.person.name_with_username} · {status_label(ctx.t, m)}", ManagePick(m.id))]
        for m in listing[page * PAGE : (page + 1) * PAGE]
    ]
    nav: list[Button] = []
    if page > 0:
        nav.append(("‹", ManageMembers(house.id, page - 1)))
    if page < pages - 1:
        nav.append(("›", ManageMembers(house.id, page + 1)))
    if nav:
        rows.append(nav)
    rows.append([(ctx.t("button.done"), ManageMembers(house.id, CLOSE))])
    return rows


async def manage_members(ctx: Ctx) -> None:
    action = ctx.action(ManageMembers)
    house = await require_manager(ctx)
    if house.id != action.house_id:
        raise UserError("button.stale")
    if action.page == CLOSE:
        await ctx.edit(*members_view(ctx, house))
        return
    await ctx.edit(ctx.t("members.pick"), picker_rows(ctx, house, action.page))


def member_view(ctx: Ctx, house: House, member: Member) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    roles = ", ".join(t(f"role.{r.value}") for r in ROLES if r in member.role_set) or "—"
    text = t(
        "members.edit",
        name=member.person.name_with_username,
        status=status_label(t, member),
        roles=roles,
    )
    text = Html(text + "\n\n" + t("members.edit_note"))
    current = next(
        key
        for key, (status, kind) in STATUS_CHOICES.items()
        if status == member.status and (kind is None or kind == member.supporter_kind)
    )
    status_buttons: list[Button] = [
        (("✓ " if key == current else "") + t(f"choice.{key}"), SetStatus(member.id, key))
        for key in STATUS_CHOICES
    ]
    role_buttons: list[Button] = [
        (
            ("✓ " if role in member.role_set else "") + t(f"role.{role.value}"),
            ToggleRole(member.id, role),
        )
        for role in ROLES
    ]
    rows: list[list[Button]] = [
        status_buttons[:3],
        status_buttons[3:],
        role_buttons,
        [(t("button.back"), ManageMembers(house.id, 0))],
    ]
    return text, rows


async def manage_pick(ctx: Ctx) -> None:
    action = ctx.action(ManagePick)
    house = await require_manager(ctx)
    member = member_domain.member_in_house(ctx.session, house, action.member_id)
    await ctx.edit(*member_view(ctx, house, member))


def actor_name(ctx: Ctx) -> str:
    assert ctx.person is not None
    return ctx.person.display_name


async def tell_member(ctx: Ctx, house: House, member: Member, msgid: str, **params: object) -> None:
    """The person whose status or role changed hears it privately too, in their language."""
    if member.person.id == (ctx.person.id if ctx.person else None):
        return
    t = ctx.translator_for(member.person, house)
    await ctx.send_private(member.person, t(msgid, house=house.name, **params))


# --- making a change: now, or proposed ----------------------------------------------------


async def set_status(ctx: Ctx) -> None:
    action = ctx.action(SetStatus)
    house = await require_manager(ctx)
    member = member_domain.member_in_house(ctx.session, house, action.member_id)
    if action.choice not in STATUS_CHOICES:
        raise UserError("button.stale")
    status, kind = STATUS_CHOICES[action.choice]
    old = status_label(ctx.t, member)
    was_unconfirmed = member_domain.unconfirmed(member)
    result = changes.request_status(
        ctx.session, ctx.clock, house, await actor(ctx), member, status, kind
    )
    if isinstance(result, MemberProposal):  # nothing changed yet: the editor stays as it is
        await announce_proposal(ctx, house, result)
        return
    await ctx.edit(*member_view(ctx, house, member))
    if result is None:
        await ctx.popup(ctx.t("members.no_change"))
    elif was_unconfirmed and result.status is None:  # "resident" again: a confirmation
        await ctx.send_group(house, resident_confirmed_text(ctx, house, member))
        await tell_member(
            ctx, house, member, "members.your_residence_confirmed", actor=actor_name(ctx)
        )
    else:
        await announce_status(ctx, house, result, old, actor_name(ctx))


async def changed(ctx: Ctx) -> None:
    """A status or role change was applied: the features that follow roles hear of it."""
    for hook in ctx.deps.hooks.role_changes:
        await hook(ctx)


async def announce_status(
    ctx: Ctx, house: House, applied: changes.Applied, old: str, by: str
) -> None:
    await changed(ctx)
    member = applied.member
    t = ctx.group_translator(house)
    text = t(
        "members.status_changed",
        actor=by,
        name=member.person.display_name,
        status=status_label(t, member),
        old=old,
    )
    await ctx.send_group(house, with_notes(t, applied, text))
    member_t = ctx.translator_for(member.person, house)
    await tell_member(
        ctx, house, member, "members.your_status", status=status_label(member_t, member), actor=by
    )


def with_notes(t: Translator, applied: changes.Applied, text: str) -> Html:
    """A change's announcement, with the roles it ended and why one person could do it."""
    lines = [text]
    if applied.roles_ended:
        roles = t.join([t(f"role.{role.value}") for role in applied.roles_ended])
        lines.append(t("members.role_taken", name=applied.member.person.display_name, role=roles))
    if applied.bootstrap:
        lines.append(t("members.bootstrap_note", residents=member_domain.BOOTSTRAP_RESIDENTS))
    return Html("\n".join(lines))


async def toggle_role(ctx: Ctx) -> None:
    action = ctx.action(ToggleRole)
    house = await require_manager(ctx)
    member = member_domain.member_in_house(ctx.session, house, action.member_id)
    try:
        result = changes.request_role(
            ctx.session, ctx.clock, house, await actor(ctx), member, action.role
        )
    except UserError as error:
        raise UserError(
            error.msgid,
            **error.params,
            role=ctx.t(f"role.{action.role.value}"),
            status=status_label(ctx.t, member),
        ) from None
    if isinstance(result, MemberProposal):  # nothing changed yet: the editor stays as it is
        await announce_proposal(ctx, house, result)
        return
    await ctx.edit(*member_view(ctx, house, member))
    await announce_role(ctx, house, result, actor_name(ctx))


async def announce_role(ctx: Ctx, house: House, applied: changes.Applied, by: str) -> None:
    await changed(ctx)
    change = applied.role
    assert change is not None
    t = ctx.group_translator(house)
    role = t(f"role.{change.role.value}")
    name = applied.member.person.display_name
    if change.given:
        if by == name:  # "Anna is nu voorzitter", not "Anna heeft Anna voorzitter gemaakt"
            text = t("members.role_given", name=name, role=role)
        else:
            text = t("members.role_given_by", actor=by, name=name, role=role)
        if change.taken_from is not None:
            taken = t("members.role_taken", name=change.taken_from.person.display_name, role=role)
            text = Html(text + "\n" + taken)
    else:
        text = t("members.role_removed", actor=by, name=name, role=role)
    await ctx.send_group(house, with_notes(t, applied, text))
    member_t = ctx.translator_for(applied.member.person, house)
    msgid = "members.your_role_given" if change.given else "members.your_role_removed"
    await tell_member(
        ctx,
        house,
        applied.member,
        msgid,
        role=member_t(f"role.{change.role.value}"),
        actor=by,
    )


# --- proposals ----------------------------------------------------------------------------


def change_text(t: Translator, proposal: MemberProposal) -> Html:
    """What a proposal would change, in one or two short sentences."""
    member = proposal.member
    name = member.person.name_with_username
    if proposal.role is not None:
        role = t(f"role.{proposal.role.value}")
        msgid = "members.change.role_give" if proposal.give else "members.change.role_take"
        return t(msgid, name=name, role=role)
    assert proposal.status is not None
    if proposal.status == MemberStatus.SUPPORTER and proposal.supporter_kind is not None:
        status = t(f"kind.{proposal.supporter_kind.value}")
    else:
        status = t(f"status.{proposal.status.value}")
    text = t("members.change.status", name=name, status=status)
    if proposal.status == MemberStatus.RESIDENT:
        return Html(text + " " + t("members.change.gets_vote", name=member.person.display_name))
    if proposal.old_status == MemberStatus.RESIDENT:
        return Html(text + " " + t("members.change.loses_vote", name=member.person.display_name))
    return text


def proposer_name(ctx: Ctx, proposal: MemberProposal) -> str:
    proposer = ctx.session.get(Member, proposal.proposed_by_id) if proposal.proposed_by_id else None
    return proposer.person.display_name if proposer is not None else "?"


async def announce_proposal(ctx: Ctx, house: House, proposal: MemberProposal) -> None:
    t = ctx.group_translator(house)
    by = proposer_name(ctx, proposal)
    text = t(
        "members.proposal",
        actor=by,
        change=change_text(t, proposal),
        name=proposal.member.person.display_name,
        days=changes.PROPOSAL_DAYS,
    )
    rows: list[list[Button]] = [
        [
            (t("members.button_confirm"), ConfirmChange(proposal.id)),
            (t("members.button_withdraw"), WithdrawChange(proposal.id)),
        ]
    ]
    await ctx.send_group(house, text, rows)
    await ctx.popup(ctx.t("members.proposed"))
    member_t = ctx.translator_for(proposal.member.person, house)
    await tell_member(
        ctx,
        house,
        proposal.member,
        "members.proposed_about_you",
        actor=by,
        change=change_text(member_t, proposal),
    )


# How a settled proposal's message ends, and why a confirmation made no change.
CLOSED = {
    ProposalState.CONFIRMED: "members.proposal_confirmed",
    ProposalState.WITHDRAWN: "members.proposal_withdrawn",
    ProposalState.EXPIRED: "members.proposal_expired",
    ProposalState.OUTDATED: "members.proposal_outdated",
}
NOT_MADE = {
    ProposalState.EXPIRED: "members.popup_expired",
    ProposalState.OUTDATED: "members.popup_outdated",
}


def closed_text(ctx: Ctx, house: House, proposal: MemberProposal) -> Html:
    """The proposal's message once it is settled: what it was, and how it ended."""
    t = ctx.group_translator(house)
    msgid = CLOSED[proposal.state]
    confirmer = (
        ctx.session.get(Member, proposal.confirmed_by_id) if proposal.confirmed_by_id else None
    )
    return t(
        msgid,
        actor=proposer_name(ctx, proposal),
        change=change_text(t, proposal),
        by=confirmer.person.display_name if confirmer is not None else "",
    )


async def confirm_change(ctx: Ctx) -> None:
    action = ctx.action(ConfirmChange)
    house = group_house(ctx)
    proposal = changes.proposal_in_house(ctx.session, house, action.proposal_id)
    applied = changes.confirm(ctx.session, ctx.clock, house, proposal, ctx.member)
    t = ctx.group_translator(house)
    text = closed_text(ctx, house, proposal)
    if applied is None:
        await ctx.edit(text)
        await ctx.popup(ctx.t(NOT_MADE[proposal.state]))
        return
    await changed(ctx)
    member, change = applied.member, applied.role
    ended: list[str] = []
    if change is not None and change.taken_from is not None:
        role = t(f"role.{change.role.value}")
        ended.append(t("members.role_taken", name=change.taken_from.person.display_name, role=role))
    if applied.roles_ended:
        roles = t.join([t(f"role.{role.value}") for role in applied.roles_ended])
        ended.append(t("members.role_taken", name=member.person.display_name, role=roles))
    await ctx.edit(Html("\n".join([text, *ended])))
    await ctx.popup(ctx.t("members.thanks"))
    by = proposer_name(ctx, proposal)
    member_t = ctx.translator_for(member.person, house)
    if change is not None:
        msgid = "members.your_role_given" if change.given else "members.your_role_removed"
        role = member_t(f"role.{change.role.value}")
        await tell_member(ctx, house, member, msgid, role=role, actor=by)
    else:
        status = status_label(member_t, member)
        await tell_member(ctx, house, member, "members.your_status", status=status, actor=by)


async def withdraw_change(ctx: Ctx) -> None:
    action = ctx.action(WithdrawChange)
    house = group_house(ctx)
    proposal = changes.proposal_in_house(ctx.session, house, action.proposal_id)
    changes.withdraw(ctx.clock, proposal, ctx.member)
    await ctx.edit(closed_text(ctx, house, proposal))
    if proposal.state == ProposalState.EXPIRED:
        await ctx.popup(ctx.t("members.popup_expired"))
