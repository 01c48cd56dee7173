"""Rotas, a person's own turns: Done, Swap, Can't (the `TurnOp` buttons), a backup or anyone
in the group taking a seat over or declining. ("Even weg", `/pause`, is `bot.handlers.away`.)
"""

from __future__ import annotations

from bot.domain import rota_turns as turn_domain
from bot.domain import rotas as domain
from bot.domain.errors import UserError
from bot.handlers.kit import Ctx
from bot.handlers.rota_buttons import DeclineSeat, TakeSeat, TurnOp
from bot.handlers.rota_reminders import Rotas
from bot.handlers.rota_views import (
    card_view,
    day_phrase,
    hhmm,
    holder_request,
    house_member,
    name_of,
    today_of,
    upper_first,
)
from bot.storage.models import Member, PrivateChat
from bot.storage.rota_models import (
    RotaSeat,
    RotaTask,
    RotaTurn,
    TaskState,
)

# --- a turn ----------------------------------------------------------------------------------


async def turn_op(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(TurnOp)
    turn = ctx.session.get(RotaTurn, action.turn_id)
    if turn is None:
        raise UserError("button.stale")
    house, member = house_member(ctx, turn.house_id)
    task = ctx.session.get(RotaTask, turn.task_id)
    if task is None or task.state != TaskState.ACTIVE:
        raise UserError("rota.task_gone")
    t = ctx.t
    if action.op == "card" and ctx.in_private:
        await ctx.edit(*card_view(ctx, t, house, task, turn, member))
    elif action.op == "done":
        request = holder_request(turn, member)
        seat = turn_domain.mark_done(ctx.session, ctx.clock, house, turn, member)
        if request is not None:  # done after all: a swap request is not needed any more
            await rotas.edit(ctx, *request, ctx.group_translator(house)("rota.request_closed"), [])
            seat.chat_id = seat.message_id = None
        await rotas.refresh_turn(ctx, house, task, turn)
        if domain.settings_of(ctx.session, house).thanks:
            group_t = ctx.group_translator(house)
            name = name_of(ctx, seat.member_id) or ""
            await ctx.send_group(
                house, group_t("rota.thanks", name=name, task=upper_first(task.name))
            )
        if ctx.in_private:
            await ctx.edit(*card_view(ctx, t, house, task, turn, member))
        await ctx.popup(t("rota.done_popup"))
    elif action.op == "swap":
        seat = turn_domain.offer_swap(ctx.session, ctx.clock, house, turn, member)
        group_t = ctx.group_translator(house)
        text = group_t(
            "rota.swap_request",
            name=name_of(ctx, seat.member_id) or "",
            task=task.name,
            day=day_phrase(group_t, turn.day, today_of(ctx, house)),
            time=hhmm(task.at_minute),
        )
        message = await ctx.send_group(
            house, text, [[(group_t("rota.button_take_over"), TakeSeat(seat.id))]]
        )
        if message is not None:
            seat.chat_id, seat.message_id = message.chat_id, message.message_id
        await ctx.popup(t("rota.swap_posted"), alert=True)
    elif action.op == "cant":
        request = holder_request(turn, member)
        seat, backup = turn_domain.step_back(ctx.session, ctx.clock, house, turn, member)
        if request is not None:  # a swap request becomes the backup's or group's question
            await rotas.edit(ctx, *request, ctx.group_translator(house)("rota.request_closed"), [])
            seat.chat_id = seat.message_id = None
        if backup is not None:
            await rotas.ask_backup(ctx, house, task, turn, seat, backup)
        else:
            await rotas.open_request(ctx, house, task, turn, seat)
        await rotas.refresh_turn(ctx, house, task, turn)
        if ctx.in_private:
            await ctx.edit(*card_view(ctx, t, house, task, turn, member))
        await ctx.popup(t("rota.cant_popup"), alert=True)
    else:
        raise UserError("button.stale")


async def take_seat(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(TakeSeat)
    seat = ctx.session.get(RotaSeat, action.seat_id)
    if seat is None:
        raise UserError("rota.taken_already")
    house, member = house_member(ctx, seat.house_id)
    turn = seat.turn
    task = ctx.session.get(RotaTask, turn.task_id)
    if task is None or task.state != TaskState.ACTIVE:
        raise UserError("rota.task_gone")
    request = (seat.chat_id, seat.message_id)
    result = turn_domain.take_over(ctx.session, ctx.clock, house, seat, member)
    rotas.deps.scheduler.cancel(f"rota-ask-{seat.id}")
    seat.chat_id = seat.message_id = None
    await rotas.replan(ctx, house, reshuffle=False)  # a backup who stepped in is replaced
    assert member is not None
    today = today_of(ctx, house)
    taker = member.person.display_name
    group_t = ctx.group_translator(house)
    done_text = group_t(
        "rota.taken_over_group",
        name=taker,
        task=task.name,
        day=day_phrase(group_t, turn.day, today),
    )
    chat_id, message_id = request
    query = ctx.update.callback_query
    tapped = query.message.message_id if query and query.message else None
    if chat_id is not None and message_id is not None:
        await rotas.edit(ctx, chat_id, message_id, done_text, [])
    elif ctx.in_group and tapped != turn.message_id:
        await ctx.send_group(house, done_text)
    await rotas.refresh_turn(ctx, house, task, turn)
    me = ctx.translator_for(member.person, house)
    mine = me(
        "rota.taken_over_you",
        task=task.name,
        day=day_phrase(me, turn.day, today),
        time=hhmm(task.at_minute),
    )
    if ctx.in_private:
        await ctx.edit(mine)
    elif member.person.private_chat == PrivateChat.OPEN:
        await ctx.send_private(member.person, mine)
    previous = ctx.session.get(Member, result.previous) if result.previous else None
    if previous is not None and previous.person.private_chat == PrivateChat.OPEN:
        their = ctx.translator_for(previous.person, house)
        await ctx.send_private(
            previous.person,
            their(
                "rota.taken_over_them",
                name=taker,
                task=task.name,
                day=day_phrase(their, turn.day, today),
            ),
        )
    await ctx.popup(ctx.t("rota.take_popup"))


async def decline_seat(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(DeclineSeat)
    seat = ctx.session.get(RotaSeat, action.seat_id)
    if seat is None:
        raise UserError("rota.taken_already")
    house, member = house_member(ctx, seat.house_id)
    turn = seat.turn
    task = ctx.session.get(RotaTask, turn.task_id)
    if task is None:
        raise UserError("rota.task_gone")
    turn_domain.decline(ctx.session, turn, seat, member)
    rotas.deps.scheduler.cancel(f"rota-ask-{seat.id}")
    await ctx.edit(ctx.t("rota.declined"))
    await rotas.replan(ctx, house, reshuffle=False)  # another backup, never the one who said no
    await rotas.open_request(ctx, house, task, turn, seat)
