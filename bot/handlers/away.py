""" "Even weg" (`/pause`, `/pauze`), in the private chat: stepping back from everything for a
week, two weeks, a month, a typed last day, or until I say; no reason asked. While away: no rota
turns, no poll reminders, no check-in questions, left out of the quorum's count; voting stays
possible. `/pause stop` or the button ends it; the rota's back job (`rota-back-<member id>`)
ends it on the day chosen. The group is never told who is away.

Turns the person held that nobody else can take become open requests in the group (neutral,
without a name), as when someone taps "Kan niet".

The same menu turns the meeting check-in off for myself (a month, three months, for good) or
on again; the check-in question has a button to it (`CheckinOff`).
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import CheckinOff, codec
from bot.domain import away as domain
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.domain.rotas import parse_day
from bot.handlers.bind import bind
from bot.handlers.commands import PAUSE
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.prompts import PromptRouter
from bot.handlers.rota_buttons import PAUSE_TEXT, STOP_WORDS, PausePick, RotaView
from bot.handlers.rota_reminders import Rotas
from bot.handlers.rota_views import (
    current_house,
    day_phrase,
    house_member,
    long_day,
    pause_line,
    to_private,
    today_of,
)
from bot.i18n import Translator
from bot.storage.models import House, Member, Prompt
from bot.storage.rota_models import RotaTask, SeatState

CHECKIN_TEXT = {
    "month": "away.checkin.month",
    "3months": "away.checkin.3months",
    "always": "away.checkin.always",
}


def checkin_line(t: Translator, member: Member, today: date) -> str:
    if not domain.checkin_off_on(member, today):
        return t("away.checkin_on")
    if member.checkin_back_on is None:
        return t("away.checkin_off_always")
    return t("away.checkin_off_until", date=long_day(t, member.checkin_back_on))


def away_view(
    work: Work, t: Translator, house: House, member: Member | None
) -> tuple[str, list[list[Button]]]:
    """The menu: how long, what it means; and the meeting check-in for myself."""
    today = today_of(work, house)
    lines: list[str] = [t("away.menu")]
    now = pause_line(t, member, today)
    if now:
        lines += ["", now]
    rows: list[list[Button]] = [
        [(t(PAUSE_TEXT[pick]), PausePick(house.id, pick)) for pick in domain.PICKS],
        [
            (t("rota.other_date"), PausePick(house.id, "date")),
            (t("rota.pause_open"), PausePick(house.id, "open")),
        ],
    ]
    if now:
        rows.append([(t("rota.button_back_from_pause"), PausePick(house.id, "stop"))])
    if member is not None:
        lines += ["", checkin_line(t, member, today)]
        if domain.checkin_off_on(member, today):
            rows.append([(t("away.button_checkin_on"), CheckinOff(house.id, "on"))])
        else:
            rows.append([(t("away.button_checkin_off"), CheckinOff(house.id, "menu"))])
    return "\n".join(lines), rows


# --- even weg ------------------------------------------------------------------------------


async def pause_command(rotas: Rotas, ctx: Ctx) -> None:
    house = current_house(ctx)
    if ctx.in_group:
        await to_private(ctx, house, "away.private")
        return
    if ctx.args and ctx.args[0].lower() in STOP_WORDS:
        await ctx.reply(*await end_away(rotas, ctx, house, ctx.member))
        return
    await ctx.reply(*away_view(ctx, ctx.t, house, ctx.member))


async def apply_away(
    rotas: Rotas, ctx: Ctx, house: House, member: Member | None, back_on: date | None
) -> tuple[str, list[list[Button]]]:
    member = domain.go_away(ctx.clock, house, member, back_on)
    ctx.deps.hooks.away_changed(ctx, house)  # the open polls' quorum count
    changes = await rotas.replan(ctx, house)
    rotas.arm_back(house, member)
    t = ctx.t
    lines: list[str]
    if back_on is None:
        lines = [t("away.set_open")]
    else:
        last = long_day(t, back_on - timedelta(days=1))
        lines = [t("away.set_until", last=last, back=long_day(t, back_on))]
    today = today_of(ctx, house)
    handed = [c for c in changes if c.old == member.id and not c.seat.backup]
    if handed:
        lines += ["", t("away.turns_handed")]
    for change in handed:
        task = ctx.session.get(RotaTask, change.turn.task_id)
        if task is None:
            continue
        day = day_phrase(t, change.turn.day, today)
        if change.new is None:  # nobody else can: a neutral open request in the group
            lines.append(t("away.turn_open_line", task=task.name, day=day))
            change.seat.state = SeatState.OPEN
            await rotas.open_request(ctx, house, task, change.turn, change.seat)
        else:
            lines.append(t("rota.pause_handed_line", task=task.name, day=day))
    rows: list[list[Button]] = [[(t("rota.button_back_from_pause"), PausePick(house.id, "stop"))]]
    return "\n".join(lines), rows


async def end_away(
    rotas: Rotas, ctx: Ctx, house: House, member: Member | None
) -> tuple[str, list[list[Button]]]:
    if not domain.come_back(member):
        return ctx.t("away.not_away"), []
    assert member is not None
    ctx.deps.hooks.away_changed(ctx, house)  # the open polls' quorum count
    rotas.arm_back(house, member)
    await rotas.replan(ctx, house)
    return ctx.t("away.ended"), [[(ctx.t("rota.button_week"), RotaView(house.id, "week"))]]


async def pause_pick(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(PausePick)
    if not ctx.in_private:
        raise UserError("button.stale")
    house, member = house_member(ctx, action.house_id)
    if action.pick in domain.PICKS:
        back_on = domain.first_day_back(house, ctx.clock.now(), action.pick)
        await ctx.edit(*await apply_away(rotas, ctx, house, member, back_on))
    elif action.pick == "open":
        await ctx.edit(*await apply_away(rotas, ctx, house, member, None))
    elif action.pick == "stop":
        await ctx.edit(*await end_away(rotas, ctx, house, member))
    elif action.pick == "menu":
        await ctx.edit(*away_view(ctx, ctx.t, house, member))
    elif action.pick == "date":
        if member is None:
            raise UserError("rota.not_member")
        await rotas.prompts.ask(
            ctx, "rota_pause_date", ctx.t("away.ask_date"), house=house, payload=""
        )
        await ctx.popup(ctx.t("setup.answer_below"))
    else:
        raise UserError("button.stale")


async def answer_away_date(rotas: Rotas, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or ctx.person is None:
        raise UserError("button.stale")
    member = membership(ctx.session, house, ctx.person)
    last = parse_day(house, ctx.clock.now(), text)
    await ctx.reply(*await apply_away(rotas, ctx, house, member, last + timedelta(days=1)))


# --- the meeting check-in, off for myself ------------------------------------------------------


def checkin_menu(t: Translator, house: House) -> tuple[str, list[list[Button]]]:
    rows: list[list[Button]] = [
        [(t(CHECKIN_TEXT[pick]), CheckinOff(house.id, pick))] for pick in domain.CHECKIN_PICKS
    ]
    rows.append([(t("away.button_checkin_keep"), CheckinOff(house.id, "keep"))])
    return t("away.checkin_menu"), rows


async def checkin_off(rotas: Rotas, ctx: Ctx) -> None:
    """The check-in question's "🔕" button and the menu's: off for a while, for good, on."""
    action = ctx.action(CheckinOff)
    if not ctx.in_private:
        raise UserError("button.stale")
    house, member = house_member(ctx, action.house_id)
    if member is None:
        raise UserError("rota.not_member")
    t = ctx.t
    if action.pick == "menu":
        await ctx.edit(*checkin_menu(t, house))
    elif action.pick == "q":  # from the check-in question: the question stays answerable
        await ctx.reply(*checkin_menu(t, house))
    elif action.pick in domain.CHECKIN_PICKS:
        back_on = domain.checkin_back_pick(house, ctx.clock.now(), action.pick)
        domain.turn_checkin_off(member, back_on)
        if back_on is None:
            text = t("away.checkin_set_always")
        else:
            text = t("away.checkin_set_until", date=long_day(t, back_on))
        await ctx.edit(text, [[(t("away.button_checkin_on"), CheckinOff(house.id, "on"))]])
    elif action.pick == "on":
        domain.turn_checkin_on(member)
        await ctx.edit(t("away.checkin_set_on"))
    elif action.pick == "keep":
        await ctx.edit(t("away.checkin_kept"))
    else:
        raise UserError("button.stale")


def register(app: Application, deps: Deps, rotas: Rotas, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """`/pause`, its buttons and typed last day, and the check-in's own switch. The rota's
    service is bound: a change replans the rota at once."""
    app.add_handler(CommandHandler(PAUSE.names, wrap(deps, bind(pause_command, rotas))))
    for action_type, button in ((PausePick, pause_pick), (CheckinOff, checkin_off)):
        handler = wrap(deps, bind(button, rotas))
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
    prompts.on("rota_pause_date", bind(answer_away_date, rotas))
