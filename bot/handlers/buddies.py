"""Buddies: `/buddy` (`/maatje`), the buddy menu, answering a proposed pair and ending one.
Handlers take the `Aftercare` service (`bot.handlers.aftercare_service`) first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain import aftercare as domain
from bot.domain.errors import UserError
from bot.handlers.aftercare_buttons import (
    BuddyAnswer,
    BuddyEnd,
    BuddyMenu,
    contact_of,
    current_house,
    private_link_rows,
)
from bot.handlers.kit import Button, Ctx
from bot.storage.aftercare_models import (
    PairState,
)
from bot.storage.models import House, Member, MemberStatus

if TYPE_CHECKING:
    from bot.handlers.aftercare_service import Aftercare


# --- buddies ---------------------------------------------------------------------------------


def buddy_view(ctx: Ctx, house: House, member: Member | None) -> tuple[str, list[list[Button]]]:
    """A newcomer or resident may ask for a buddy; a former resident or a resident who lives
    here longer may offer to be one (`bot.domain.aftercare.may_ask_buddy` / `may_offer_buddy`)."""
    t = ctx.t
    may_ask = domain.may_ask_buddy(ctx.session, ctx.clock, member)
    may_offer = domain.may_offer_buddy(ctx.session, ctx.clock, member)
    if member is None or not (may_ask or may_offer):
        return t("aftercare.buddy.not_for_you", house=house.name), []
    row = domain.person_of(ctx.session, member)
    lines: list[str] = []
    rows: list[list[Button]] = []
    active = domain.pairs_of(ctx.session, member, PairState.ACTIVE)
    for pair in active:
        other = domain.other_of(ctx.session, pair, member)
        lines.append(
            t(
                "aftercare.buddy.yours",
                name=other.person.display_name,
                contact=contact_of(other.person),
            )
        )
        rows.append(
            [(t("aftercare.buddy.button_end", name=other.person.first_name), BuddyEnd(pair.id))]
        )
    has_buddy = any(pair.newcomer_id == member.id for pair in active)
    offering = row.offers_buddy_at is not None
    if may_ask and not has_buddy and not offering:
        if row.wants_buddy_at is not None:
            lines.append(t("aftercare.buddy.looking"))
            rows.append([(t("aftercare.buddy.button_unask"), BuddyMenu(member.id, "unask"))])
        else:
            lines.append(t("aftercare.buddy.explain_resident"))
            rows.append([(t("aftercare.buddy.button_ask"), BuddyMenu(member.id, "ask"))])
    if offering:
        lines.append(t("aftercare.buddy.offering"))
        rows.append([(t("aftercare.buddy.button_unoffer"), BuddyMenu(member.id, "unoffer"))])
    elif may_offer and member.status == MemberStatus.FORMER_RESIDENT:
        lines.append(t("aftercare.buddy.explain_former"))
        rows.append([(t("aftercare.buddy.button_offer"), BuddyMenu(member.id, "offer"))])
    elif may_offer and row.wants_buddy_at is None and not has_buddy:
        # A resident who lives here longer may be a newcomer's buddy too.
        rows.append([(t("aftercare.buddy.button_offer_resident"), BuddyMenu(member.id, "offer"))])
    return "\n\n".join(lines), rows


async def buddy_command(aftercare: Aftercare, ctx: Ctx) -> None:
    if not ctx.in_private:
        await ctx.reply(ctx.t("aftercare.buddy.private"), private_link_rows(ctx, ctx.house))
        return
    house = current_house(ctx)
    await ctx.reply(*buddy_view(ctx, house, ctx.member))


async def buddy_menu(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(BuddyMenu)
    member = ctx.session.get(Member, action.member_id)
    if member is None or ctx.person is None or member.person_id != ctx.person.id:
        raise UserError("button.stale")
    house = ctx.session.get(House, member.house_id)
    assert house is not None
    ctx.t = ctx.translator_for(ctx.person, house)
    if action.op in ("ask", "unask"):
        domain.ask_for_buddy(ctx.session, ctx.clock, member, action.op == "ask")
    elif action.op in ("offer", "unoffer"):
        domain.offer_as_buddy(ctx.session, ctx.clock, member, action.op == "offer")
    else:
        raise UserError("button.stale")
    await ctx.edit(*buddy_view(ctx, house, member))
    popups = {
        "ask": "aftercare.buddy.ask_saved",
        "unask": "aftercare.buddy.ask_stopped",
        "offer": "aftercare.buddy.offer_saved",
        "unoffer": "aftercare.buddy.offer_stopped",
    }
    await ctx.popup(ctx.t(popups[action.op]))
    await aftercare.propose_pairs(ctx, house)


async def buddy_answer(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(BuddyAnswer)
    pair, member = domain.pair_of(ctx.session, action.pair_id, ctx.person)
    house = ctx.session.get(House, pair.house_id)
    assert house is not None and ctx.person is not None
    ctx.t = t = ctx.translator_for(ctx.person, house)
    result = domain.answer_pair(ctx.session, ctx.clock, pair, member, action.yes)
    other = result.other
    other_t = ctx.translator_for(other.person, house)
    if not action.yes:
        await ctx.edit(t("aftercare.buddy.said_no"))
        if other.id == pair.buddy_id:  # the newcomer said no: the buddy had said yes
            await ctx.send_private(other.person, other_t("aftercare.buddy.off_buddy"))
        # The buddy said no: the newcomer was never asked, so hears nothing; someone else may.
        await aftercare.propose_pairs(ctx, house)
    elif result.introduced:
        await ctx.edit(aftercare.introduction(t, other))
        await ctx.send_private(other.person, aftercare.introduction(other_t, member))
    elif await aftercare.ask_newcomer(ctx, house, pair, member):
        await ctx.edit(t("aftercare.buddy.asking_newcomer", name=other.person.first_name))
    else:  # the newcomer cannot be reached now: the proposal ends, without a word to them
        domain.unreachable_pair(ctx.clock, pair)
        await ctx.edit(t("aftercare.buddy.off_buddy"))


async def buddy_end(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(BuddyEnd)
    pair, member = domain.pair_of(ctx.session, action.pair_id, ctx.person)
    house = ctx.session.get(House, pair.house_id)
    assert house is not None and ctx.person is not None
    ctx.t = ctx.translator_for(ctx.person, house)
    domain.end_pair(ctx.clock, pair)
    other = domain.other_of(ctx.session, pair, member)
    await ctx.edit(*buddy_view(ctx, house, member))
    await ctx.popup(ctx.t("aftercare.buddy.ended_you", name=other.person.first_name))
    other_t = ctx.translator_for(other.person, house)
    await ctx.send_private(
        other.person, other_t("aftercare.buddy.ended_other", name=member.person.first_name)
    )
