"""Privacy in the private chat: `/mydata` (`/mijngegevens`) and `/forgetme` (`/vergeetmij`).

- `/mydata` sends the person a JSON file (a document) with everything the bot stores about them
  (see `bot.domain.privacy`). Only in the private chat; in a group the bot points there.
- `/forgetme` explains what happens and asks for an explicit confirmation (a button). Then the
  person's data is deleted: their memberships, roles, check-ins, sign-ups and everything else
  that belongs to them go; decisions, polls and the turnout of votes stay, without their name.
  Someone who writes to the bot afterwards is a new person to it.

Every handler is a module-level function (the confirmation takes `deps` first: the other
features' forget hooks and the database); `register()` only routes, with `bind`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import codec
from bot.domain import members as member_domain
from bot.domain import privacy as domain
from bot.domain.errors import UserError
from bot.handlers.bind import bind
from bot.handlers.commands import FORGETME, MYDATA
from bot.handlers.kit import Button, Ctx, Deps, wrap
from bot.handlers.prompts import PromptRouter


@codec.register("bfg")
@dataclass(frozen=True)
class ForgetMe:
    person_id: int
    yes: bool


async def only_private(ctx: Ctx) -> bool:
    """In a group: point to the private chat. True when this is the private chat."""
    if ctx.in_private:
        return True
    rows: list[list[Button]] = []
    if ctx.house is not None:
        rows = [[(ctx.t("card.private_chat"), ctx.deep_link(ctx.house))]]
    await ctx.reply(ctx.t("privacy.private_only"), rows)
    return False


async def my_data(ctx: Ctx) -> None:
    if not await only_private(ctx):
        return
    assert ctx.person is not None and ctx.chat is not None
    ctx.session.flush()
    data = domain.export(ctx.session, ctx.clock, ctx.person)
    await ctx.bot.send_document(
        ctx.chat.id,
        document=data,
        filename=ctx.t("privacy.file_name"),
        caption=ctx.t("privacy.mydata"),
    )


async def forget_me(ctx: Ctx) -> None:
    if not await only_private(ctx):
        return
    assert ctx.person is not None
    houses = [m.house.name for m in member_domain.memberships(ctx.session, ctx.person)]
    t = ctx.t
    await ctx.reply(
        t("privacy.forget_confirm", houses=", ".join(houses) or "—"),
        [
            [(t("privacy.button_forget"), ForgetMe(ctx.person.id, True))],
            [(t("privacy.button_keep"), ForgetMe(ctx.person.id, False))],
        ],
    )


async def forget_answer(deps: Deps, ctx: Ctx) -> None:
    action = ctx.action(ForgetMe)
    if ctx.person is None or ctx.person.id != action.person_id or not ctx.in_private:
        raise UserError("button.stale")
    t = ctx.t
    if not action.yes:
        await ctx.edit(t("privacy.kept"))
        return
    for hook in deps.hooks.forgets:  # each feature's part (messages in others' chats)
        await hook(ctx, ctx.person)
    domain.forget(ctx.session, ctx.clock, ctx.person)
    ctx.person = ctx.member = None
    await ctx.edit(t("privacy.forgotten"))
    ctx.later(bind(purge, deps))  # after the commit: no old copy stays in the files


async def purge(deps: Deps) -> None:
    """After `/forgetme`'s commit: no old copy of the deleted data stays in the files."""
    await deps.db.purge(domain.touched_tables())


def register(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """`/mydata`, `/forgetme` and its confirmation button."""
    app.add_handler(CommandHandler(MYDATA.names, wrap(deps, my_data)))
    app.add_handler(CommandHandler(FORGETME.names, wrap(deps, forget_me)))
    forget = wrap(deps, bind(forget_answer, deps))
    app.add_handler(CallbackQueryHandler(forget, pattern=codec.matcher(ForgetMe)))
