"""Moving out: `/moveout` (`/verhuizen`) for oneself or, by the chair, for someone else, the
confirmation, the goodbye, and the chair's question when someone leaves the residents' group.
The group hears of a move in one message, after the goodbye question (`Aftercare.announce`).
Handlers take the `Aftercare` service (`bot.handlers.aftercare_service`) first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.domain import aftercare as domain
from bot.domain import members as member_domain
from bot.domain import polls as poll_domain
from bot.domain.errors import UserError
from bot.handlers.aftercare_buttons import (
    Goodbye,
    LeftAnswer,
    MoveAnswer,
    MovePick,
    current_house,
    private_link_rows,
)
from bot.handlers.kit import Button, Ctx
from bot.i18n import Html
from bot.storage.models import House, Member, MemberStatus

if TYPE_CHECKING:
    from bot.handlers.aftercare_service import Aftercare

log = logging.getLogger(__name__)


# --- /moveout --------------------------------------------------------------------------------


async def moveout_command(aftercare: Aftercare, ctx: Ctx) -> None:
    house = current_house(ctx)
    member = ctx.member
    if poll_domain.is_chair(member):
        residents = [
            m
            for m in member_domain.list_members(ctx.session, house)
            if m.status == MemberStatus.RESIDENT
        ]
        if not residents:
            raise UserError("aftercare.move.nobody")
        rows: list[list[Button]] = [
            [(m.person.name_with_username, MovePick(house.id, m.id))] for m in residents
        ]
        await ctx.reply(ctx.t("aftercare.move.pick"), rows)
        return
    await ask_self(aftercare, ctx, house, member)


async def ask_self(aftercare: Aftercare, ctx: Ctx, house: House, member: Member | None) -> None:
    move = domain.start_move(ctx.session, ctx.clock, house, member, None)
    assert member is not None
    sent = await aftercare.ask_confirmation(ctx, house, member, move)
    if ctx.in_private and sent is not None:
        return
    if ctx.update.callback_query is not None:
        msgid = "aftercare.move.see_private" if sent else "aftercare.move.open_private"
        await ctx.edit(ctx.t(msgid), [] if sent else private_link_rows(ctx, house))
    elif sent is not None:
        await ctx.reply(ctx.t("aftercare.move.see_private"))
    else:
        await ctx.reply(ctx.t("aftercare.move.open_private"), private_link_rows(ctx, house))


async def move_pick(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(MovePick)
    house = current_house(ctx)
    if house.id != action.house_id:
        raise UserError("button.stale")
    chair = ctx.member
    if not poll_domain.is_chair(chair):
        raise UserError("aftercare.move.only_chair")
    assert chair is not None
    member = member_domain.member_in_house(ctx.session, house, action.member_id)
    if member.id == chair.id:
        await ask_self(aftercare, ctx, house, member)
        return
    move = domain.start_move(ctx.session, ctx.clock, house, member, chair)
    if await aftercare.ask_confirmation(ctx, house, member, move) is None:
        raise UserError("aftercare.move.unreachable", name=member.person.display_name)
    await ctx.edit(ctx.t("aftercare.move.asked", name=member.person.display_name))


async def move_answer(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(MoveAnswer)
    move, house, member = domain.move_in_house(ctx.session, action.move_id)
    assert ctx.person is not None
    ctx.t = t = ctx.translator_for(ctx.person, house)
    chair = ctx.session.get(Member, move.chair_id) if move.chair_id is not None else None
    if not action.yes:
        domain.decline_move(ctx.clock, move, member, ctx.person)
        await ctx.edit(t("aftercare.move.not_moving"))
        if chair is not None and chair.id != member.id:
            chair_t = ctx.translator_for(chair.person, house)
            await ctx.send_private(
                chair.person,
                chair_t("aftercare.move.chair_declined", name=member.person.display_name),
            )
        return
    change = domain.confirm_move(ctx.session, ctx.clock, move, member, ctx.person)
    await aftercare.moved_out(ctx, house, member, move, change, announce_now=False)
    await ctx.edit(
        t("aftercare.move.done", house=house.name),
        [
            [(t("aftercare.goodbye.button_yes"), Goodbye(member.id, True))],
            [(t("aftercare.goodbye.button_no"), Goodbye(member.id, False))],
        ],
    )
    await aftercare.offer_invite(ctx, house, member)
    if chair is not None and chair.id != member.id:
        chair_t = ctx.translator_for(chair.person, house)
        await ctx.send_private(
            chair.person,
            chair_t("aftercare.move.chair_confirmed", name=member.person.display_name),
        )


async def goodbye(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(Goodbye)
    member = ctx.session.get(Member, action.member_id)
    domain.take_goodbye(ctx.session, member, ctx.person)
    assert member is not None and ctx.person is not None
    house = ctx.session.get(House, member.house_id)
    assert house is not None
    ctx.t = t = ctx.translator_for(ctx.person, house)
    done = t("aftercare.move.done", house=house.name)
    move = domain.done_move(ctx.session, member)
    told = move is not None and await aftercare.announce(
        ctx, house, member, move, goodbye=action.yes
    )
    if action.yes and not told:  # the group heard of the move already: the goodbye alone
        group_t = ctx.group_translator(house)
        line = group_t("aftercare.goodbye_line", name=ctx.person.first_name)
        await ctx.send_group(house, line)
    msgid = "aftercare.goodbye.sent" if action.yes else "aftercare.goodbye.none"
    await ctx.edit(Html(done + "\n\n" + t(msgid)))


# --- someone left the residents' group -------------------------------------------------------


async def departed(aftercare: Aftercare, ctx: Ctx, house: House, member: Member) -> None:
    """A resident left the residents' group (`people.py` marked it): ask the chair."""
    move = domain.member_left(ctx.session, ctx.clock, house, member)
    if move is None:
        return
    if not await aftercare.ask_chairs(ctx, house, member, move):
        ctx.session.delete(move)  # nobody to ask: nothing to remember
        log.info("house %s: a resident left the group; no chair to ask", house.id)


async def left_answer(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(LeftAnswer)
    move, house, member = domain.move_in_house(ctx.session, action.move_id)
    assert ctx.person is not None
    chair = member_domain.membership(ctx.session, house, ctx.person)
    if not poll_domain.is_chair(chair):
        raise UserError("aftercare.left.only_chair")
    assert chair is not None
    ctx.t = t = ctx.translator_for(ctx.person, house)
    domain.chair_answers(ctx.clock, move, chair)
    name = member.person.display_name
    if member.in_group:
        domain.keep_as_is(ctx.clock, move)
        await ctx.edit(t("aftercare.left.back", name=name))
    elif action.op == "keep":
        domain.keep_as_is(ctx.clock, move)
        await ctx.edit(t("aftercare.left.kept", name=name))
    elif action.op == "out":
        domain.check_can_move(member)
        domain.ask_person(move)
        if await aftercare.ask_confirmation(ctx, house, member, move) is not None:
            await ctx.edit(t("aftercare.move.asked", name=name))
            return
        change = domain.chair_moves_out(ctx.session, ctx.clock, move, member)
        await aftercare.moved_out(ctx, house, member, move, change, announce_now=True)
        await ctx.edit(t("aftercare.left.done", name=name))
    else:
        raise UserError("button.stale")
