"""People: /start and the private chat, /help, /members and status changes, /language.

The member editor (/members, statuses and roles, a second resident's confirmation) is in
`bot.handlers.member_editor`. Every handler is a module-level function: those that need the
languages or the other features' hooks take `deps` first (the unknown-message fallback takes the
prompt router), the others only `ctx`; `register()` only routes, with `bot.handlers.bind.bind`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import CancelPrompt, PlainMenu, codec
from bot.domain import aftercare as aftercare_domain
from bot.domain import flags as flag_domain
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain.errors import UserError
from bot.handlers import member_editor as editor
from bot.handlers.bind import bind
from bot.handlers.commands import HELP, LANGUAGE, MEMBERS, publish_personal_menu
from bot.handlers.kit import Button, Ctx, Deps, identity, was_present, wrap
from bot.handlers.member_editor import (  # re-exported: the buttons, where others look
    ConfirmChange as ConfirmChange,
)
from bot.handlers.member_editor import ConfirmResident as ConfirmResident
from bot.handlers.member_editor import IAmResident as IAmResident
from bot.handlers.member_editor import ManageMembers as ManageMembers
from bot.handlers.member_editor import ManagePick as ManagePick
from bot.handlers.member_editor import SetStatus as SetStatus
from bot.handlers.member_editor import ToggleRole as ToggleRole
from bot.handlers.member_editor import WithdrawChange as WithdrawChange
from bot.handlers.member_editor import status_label as status_label
from bot.handlers.prompts import PromptRouter, plain_answer
from bot.i18n import Html, Translator
from bot.settings import SUPPORTED_LANGUAGES
from bot.storage.models import (
    House,
    Member,
    MemberStatus,
    Person,
    StatusSource,
)


@codec.register("lng")
@dataclass(frozen=True)
class ChooseLanguage:
    language: str


def house_card(ctx: Ctx, house: House, t: Translator) -> tuple[str, list[list[Button]]]:
    """The group's standing invitation: say you live here, open the private chat."""
    rows: list[list[Button]] = [
        [(t("card.i_live_here"), IAmResident(house.id))],
        [(t("card.private_chat"), ctx.deep_link(house))],
    ]
    return t("card.text", house=house.name), rows


async def start(ctx: Ctx) -> None:
    if ctx.in_group:
        await help_command(ctx)
        return
    assert ctx.person is not None
    token = ctx.args[0] if ctx.args else ""
    house = house_domain.house_by_token(ctx.session, token) if token else None
    if token and (house is None or not house.active):
        raise UserError("start.bad_link")
    if house is not None:
        member = member_domain.link_private_chat(ctx.session, ctx.clock, ctx.person, house)
        ctx.house, ctx.member = house, member
        ctx.t = ctx.translator_for(ctx.person, house)
        rows: list[list[Button]] = []
        if member.status == MemberStatus.GUEST and member.status_source == StatusSource.DISCOVERED:
            rows.append([(ctx.t("card.i_live_here"), IAmResident(house.id))])
        await ctx.reply(ctx.t("start.linked", name=ctx.person.first_name, house=house.name), rows)
        for hook in ctx.deps.hooks.arrivals:  # a newcomer's welcome that is still owed
            await hook(ctx, house, member, False)
        return
    if ctx.house is not None:
        await ctx.reply(ctx.t("start.known", name=ctx.person.first_name, house=ctx.house.name))
    else:
        await ctx.reply(ctx.t("start.unknown", name=ctx.person.first_name))


async def help_command(ctx: Ctx) -> None:
    t = ctx.t
    if ctx.in_group:
        if ctx.house is None:
            assert ctx.chat is not None
            found = aftercare_domain.linked_to(ctx.session, ctx.chat.id)
            house = found[1] if found is not None else None
            if house is not None and house.active:
                t = ctx.group_translator(house)
                await ctx.reply(t("help.aftercare_group", house=house.name))
            else:
                await ctx.reply(t("help.group_no_house"))
            return
        text, rows = house_card(ctx, ctx.house, t)
        await ctx.reply(t("help.group") + "\n\n" + text, rows)
    else:
        text = t("help.private")
        if ctx.house is not None and flag_domain.is_confidant(ctx.member):
            text = Html(text + "\n\n" + t("help.confidant", house=ctx.house.name))
        await ctx.reply(text)


LANGUAGE_WORDS = {
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "en": "en",
    "engels": "en",
    "english": "en",
}


async def language(deps: Deps, ctx: Ctx) -> None:
    """`/taal` shows the choice; `/taal en` (`english`, `engels`, `nl`, …) sets it at once."""
    if ctx.in_group:
        house = ctx.house
        rows: list[list[Button]] = []
        if house is not None:
            rows = [[(ctx.t("card.private_chat"), ctx.deep_link(house))]]
        await ctx.reply(
            ctx.t(
                "language.group",
                language=ctx.t.language_name(house.language if house else ctx.t.language),
            ),
            rows,
        )
        return
    if ctx.args:
        code = LANGUAGE_WORDS.get(" ".join(ctx.args).strip().casefold(), "")
        if code not in SUPPORTED_LANGUAGES:
            await ctx.reply(ctx.t("language.unknown"), language_rows(deps, ctx))
            return
        await set_language(deps, ctx, code)
        await ctx.reply(ctx.t("language.set"), language_rows(deps, ctx))
        return
    await ctx.reply(ctx.t("language.choose"), language_rows(deps, ctx))


async def set_language(deps: Deps, ctx: Ctx, code: str) -> None:
    """The person's own language (private chat), and their command menu in it."""
    assert ctx.person is not None and ctx.chat is not None
    ctx.person.language = code
    ctx.t = ctx.in_house_words(deps.i18n(code), ctx.house)
    await publish_personal_menu(ctx.bot, ctx.t, ctx.chat.id)


def language_rows(deps: Deps, ctx: Ctx) -> list[list[Button]]:
    assert ctx.person is not None
    return [
        [
            (
                ("✓ " if code == ctx.t.language else "") + deps.i18n(code).language_name(code),
                ChooseLanguage(code),
            )
        ]
        for code in SUPPORTED_LANGUAGES
    ]


async def choose_language(deps: Deps, ctx: Ctx) -> None:
    action = ctx.action(ChooseLanguage)
    if action.language not in SUPPORTED_LANGUAGES or ctx.person is None or not ctx.in_private:
        raise UserError("button.stale")
    await set_language(deps, ctx, action.language)
    await ctx.edit(ctx.t("language.set"), language_rows(deps, ctx))
    await ctx.popup(ctx.t("language.set"))


async def joined(deps: Deps, ctx: Ctx) -> None:
    message = ctx.update.effective_message
    if message is None or ctx.house is None or not ctx.house.active:
        return
    for user in message.new_chat_members or ():
        if user.is_bot:
            continue
        person = member_domain.touch_person(ctx.session, ctx.clock, identity(user))
        member, _ = member_domain.ensure_member(ctx.session, ctx.clock, ctx.house, person)
        await arrived(deps, ctx, ctx.house, member)
    if message.left_chat_member and not message.left_chat_member.is_bot:
        leaver = member_domain.person_by_telegram_id(ctx.session, message.left_chat_member.id)
        if leaver is not None:
            await departed(deps, ctx, ctx.house, leaver)


async def chat_member(deps: Deps, ctx: Ctx) -> None:
    update = ctx.update.chat_member
    if update is None or ctx.house is None or update.new_chat_member.user.is_bot:
        return
    before, after = was_present(update)
    person = member_domain.touch_person(
        ctx.session, ctx.clock, identity(update.new_chat_member.user)
    )
    if after and not before:
        member, _ = member_domain.ensure_member(ctx.session, ctx.clock, ctx.house, person)
        await arrived(deps, ctx, ctx.house, member)
    elif before and not after:
        await departed(deps, ctx, ctx.house, person)


async def arrived(deps: Deps, ctx: Ctx, house: House, member: Member) -> None:
    """Someone joined the group another way than the house's link (added by a member): a
    guest is a newcomer too (arriving decides; their welcome comes when the bot may write)."""
    for hook in deps.hooks.arrivals:
        await hook(ctx, house, member, True)


async def departed(deps: Deps, ctx: Ctx, house: House, person: Person) -> None:
    member = member_domain.left_group(ctx.session, house, person)
    if member is not None and house.active:
        for hook in deps.hooks.departures:  # aftercare asks the chair what to do
            await hook(ctx, house, member)


async def any_message(prompts: PromptRouter, ctx: Ctx) -> None:
    """An answer to a question; else, in the private chat, never silence: an unknown command
    is said so, and any other new message gets a short answer with buttons (issue 16)."""
    if await prompts.answer(ctx):
        return
    message = ctx.update.message  # an edited message is not a new one: left alone
    if not ctx.in_private or message is None:
        return
    if (message.text or "").startswith("/"):
        await ctx.reply(ctx.t("unknown_command"))
    else:
        await plain_answer(ctx)


async def plain_menu(deps: Deps, ctx: Ctx) -> None:
    """A button under the short answer to plain text: what one can do, or the language."""
    action = ctx.action(PlainMenu)
    if not ctx.in_private:
        raise UserError("button.stale")
    if action.what == "help":
        await ctx.reply(ctx.t("help.private"))
    elif action.what == "language":
        await ctx.reply(ctx.t("language.choose"), language_rows(deps, ctx))
    else:
        raise UserError("button.stale")


async def stale_button(ctx: Ctx) -> None:
    raise UserError("button.stale")


def register(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """/start, /help, /members, /language, the member editor's buttons, and who joins or leaves
    the group."""
    app.add_handler(CommandHandler("start", wrap(deps, start)))
    app.add_handler(CommandHandler(HELP.names, wrap(deps, help_command)))
    app.add_handler(CommandHandler(MEMBERS.names, wrap(deps, editor.members)))
    app.add_handler(CommandHandler(LANGUAGE.names, wrap(deps, bind(language, deps))))
    buttons: tuple[tuple[type, Callable[[Ctx], Awaitable[None]]], ...] = (
        (editor.IAmResident, editor.i_am_resident),
        (editor.ConfirmResident, editor.confirm_resident),
        (editor.ManageMembers, editor.manage_members),
        (editor.ManagePick, editor.manage_pick),
        (editor.SetStatus, editor.set_status),
        (editor.ToggleRole, editor.toggle_role),
        (editor.ConfirmChange, editor.confirm_change),
        (editor.WithdrawChange, editor.withdraw_change),
        (ChooseLanguage, bind(choose_language, deps)),
        (PlainMenu, bind(plain_menu, deps)),
        (CancelPrompt, prompts.cancel),
    )
    for action_type, handler in buttons:
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    comings_and_goings = (
        filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER
    )
    app.add_handler(MessageHandler(comings_and_goings, wrap(deps, bind(joined, deps))))
    member_update = wrap(deps, bind(chat_member, deps))
    app.add_handler(ChatMemberHandler(member_update, ChatMemberHandler.CHAT_MEMBER))


def register_fallbacks(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """Registered after every feature: whatever no feature handled still opens exactly one
    transaction (so the sender becomes known), answers a bot question, or a stale button."""
    app.add_handler(MessageHandler(filters.ALL, wrap(deps, bind(any_message, prompts))))
    app.add_handler(CallbackQueryHandler(wrap(deps, stale_button)))
