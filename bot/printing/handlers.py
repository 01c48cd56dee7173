"""The tap on "🖨 Afdrukken": the page is made from the database in the tap's transaction,
then drawn and sent after the commit (in a thread: drawing a full page takes a moment, and
neither the database nor the other updates wait for it). The PDF goes to the chat where the
button was tapped: in the group anyone can print it, in a private chat only the tapper sees
it. The page is in the house's language (it hangs in the house); the caption in the chat's.
"""

from __future__ import annotations

import asyncio

from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import PrintPage, codec
from bot.domain import decisions as decision_domain
from bot.domain.errors import UserError
from bot.domain.members import present_membership
from bot.handlers.kit import Ctx, Deps, wrap
from bot.printing import sheets
from bot.printing.buttons import AGENDA, DECISION, ROTA, RULES
from bot.printing.pdf import Sheet, render
from bot.storage.models import House

MIME = "application/pdf"


def tapped_house(ctx: Ctx, house_id: int) -> House:
    """The button's house, when the tapper may see it: its own group, or a present member's
    private chat. Anything else is a stale button."""
    house = ctx.session.get(House, house_id)
    if house is None or not house.active or ctx.person is None:
        raise UserError("button.stale")
    if ctx.in_group:
        if ctx.house is None or ctx.house.id != house.id:
            raise UserError("button.stale")
    elif present_membership(ctx.session, house, ctx.person) is None:
        raise UserError("button.stale")
    return house


def sheet_of(ctx: Ctx, house: House, action: PrintPage) -> tuple[Sheet, str]:
    """The page and its file name."""
    t = ctx.group_translator(house)
    if action.kind == AGENDA:
        return sheets.agenda_sheet(ctx, t, house), t("print.file.agenda")
    if action.kind == ROTA:
        return sheets.rota_sheet(ctx, t, house), t("print.file.rota")
    if action.kind == RULES:
        return sheets.rules_sheet(ctx, t, house), t("print.file.rules")
    if action.kind == DECISION:
        decision = decision_domain.decision_in_house(ctx.session, house, action.item_id)
        name = t("print.file.decision", number=decision.number)
        return sheets.decision_sheet(ctx, t, house, decision), name
    raise UserError("button.stale")


async def print_page(ctx: Ctx) -> None:
    action = ctx.action(PrintPage)
    house = tapped_house(ctx, action.house_id)
    sheet, name = sheet_of(ctx, house, action)
    assert ctx.chat is not None
    chat_id, bot = ctx.chat.id, ctx.bot
    caption = ctx.t("print.caption")
    await ctx.popup(ctx.t("print.making"))

    async def send() -> None:
        content = await asyncio.to_thread(render, sheet)
        await bot.send_document(chat_id, document=content, filename=f"{name}.pdf", caption=caption)

    ctx.later(send)


def register(app: Application, deps: Deps) -> None:  # type: ignore[type-arg]
    """The one button of the printing feature; the features add it with `print_row`."""
    handler = wrap(deps, print_page)
    app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(PrintPage)))
