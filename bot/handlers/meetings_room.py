"""Decisions taken in the meeting room, without a poll (issue 14): the chair types the
decision (through the prompt router), the group sees it with "✅ Klopt", and a second resident
confirming it puts it in the same decision log as the polls. Module-level handlers."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import codec
from bot.domain import meeting_voice as voice
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.domain.polls import is_chair
from bot.handlers.bind import bind
from bot.handlers.kit import Button, Ctx, Deps, wrap
from bot.handlers.prompts import PromptRouter
from bot.i18n import Translator
from bot.storage.meeting_models import RoomDecision
from bot.storage.models import House, Member, Prompt


@codec.register("crd")
@dataclass(frozen=True)
class LogRoomDecision:
    """The chair's button: log a decision taken in the room."""

    house_id: int


@codec.register("crc")
@dataclass(frozen=True)
class ConfirmRoomDecision:
    room_id: int


def confirm_rows(t: Translator, room: RoomDecision) -> list[list[Button]]:
    return [[(t("meeting.room_button_confirm"), ConfirmRoomDecision(room.id))]]


async def ask_decision(prompts: PromptRouter, ctx: Ctx) -> None:
    action = ctx.action(LogRoomDecision)
    house = ctx.house
    if house is None or house.id != action.house_id:
        raise UserError("button.stale")
    if not is_chair(ctx.member):
        raise UserError("meeting.not_chair")
    await prompts.ask(ctx, "room_decision", ctx.t("meeting.room_ask"), house=house)
    await ctx.popup(ctx.t("meeting.answer_below"))


async def answer_decision(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or not house.active or ctx.person is None:
        raise UserError("button.stale")
    chair = membership(ctx.session, house, ctx.person)
    room = voice.propose(ctx.session, ctx.clock, house, chair, text)
    group_t = ctx.group_translator(house)
    await ctx.send_group(
        house,
        group_t("meeting.room_posted", name=ctx.person.display_name, text=room.text),
        confirm_rows(group_t, room),
    )
    if not ctx.in_group:
        await ctx.reply(ctx.t("meeting.room_waiting"))


async def confirm_decision(ctx: Ctx) -> None:
    action = ctx.action(ConfirmRoomDecision)
    room = voice.room_in_house(ctx.session, ctx.house, action.room_id)
    assert ctx.house is not None
    decision = voice.confirm(ctx.session, ctx.clock, ctx.house, room, ctx.member)
    assert ctx.member is not None
    proposer = ctx.session.get(Member, room.proposed_by_id) if room.proposed_by_id else None
    t = ctx.t
    await ctx.edit(
        t(
            "meeting.room_confirmed",
            number=decision.number,
            text=room.text,
            chair=proposer.person.display_name if proposer else "—",
            name=ctx.member.person.display_name,
        )
    )
    await ctx.popup(t("meeting.room_confirmed_popup", number=decision.number))


def register(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """The chair's "decision taken in the room" button, its typed text and the confirmation."""
    prompts.on("room_decision", answer_decision)
    buttons = (
        (LogRoomDecision, bind(ask_decision, prompts)),
        (ConfirmRoomDecision, confirm_decision),
    )
    for action_type, button in buttons:
        handler = wrap(deps, button)
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
