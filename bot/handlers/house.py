"""The house and its group: greeting, /setup, migration, removal, join requests.

`/setup` in the group: a new house is registered (the admin who sent it), the settings message
(name, time zone, language, invite link, the house settings of `bot.handlers.house_settings`);
non-admins see the house settings. Join requests go to `bot.handlers.admission`.

Every handler is a module-level function: those that need the deps or the prompt router take
the `HouseSetup` service first, the others only `ctx`; `register()` only routes, with
`bot.handlers.bind.bind`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import AtLeast, codec
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain.errors import UserError
from bot.handlers import admission, house_settings
from bot.handlers.bind import bind
from bot.handlers.commands import SETUP
from bot.handlers.kit import Button, Ctx, Deps, was_present, wrap
from bot.handlers.people import house_card
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, escape
from bot.storage.models import House, PrivateChat, Prompt

log = logging.getLogger(__name__)

TIMEZONES = ("Europe/Amsterdam", "Europe/Brussels", "Europe/Berlin", "Europe/London", "UTC")


@dataclass(frozen=True)
class HouseSetup:
    """What the set-up handlers share beyond one update: the deps (settings, languages, the
    other features' hooks) and the prompt router (a typed name or time zone)."""

    deps: Deps
    prompts: PromptRouter


@codec.register("sm")
@dataclass(frozen=True)
class SetupMenu:
    """A button of the settings message: name, tz, lang, link, done, back."""

    house_id: int
    item: str


@codec.register("stz")
@dataclass(frozen=True)
class SetupTimezone:
    house_id: int
    index: Annotated[int, AtLeast(-1)]  # into TIMEZONES; -1 means "another one: type it"


@codec.register("slg")
@dataclass(frozen=True)
class SetupLanguage:
    house_id: int
    language: str


def house_from_action(ctx: Ctx, house_id: int) -> House:
    if ctx.house is None or ctx.house.id != house_id:
        raise UserError("button.stale")
    return ctx.house


async def settings_view(ctx: Ctx, house: House) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    assert ctx.chat is not None
    me = await ctx.bot.get_chat_member(ctx.chat.id, ctx.bot.id)
    rights = (
        t("setup.rights_admin")
        if me.status == ChatMemberStatus.ADMINISTRATOR
        else t("setup.rights_none")
    )
    text = t(
        "setup.settings",
        house=house.name,
        timezone=house.timezone,
        language=t.language_name(house.language),
        invite=house.invite_link or t("setup.no_invite"),
        rights=rights,
    )
    rows: list[list[Button]] = [
        [
            (t("setup.button_name"), SetupMenu(house.id, "name")),
            (t("setup.button_timezone"), SetupMenu(house.id, "tz")),
        ],
        [
            (t("setup.button_language"), SetupMenu(house.id, "lang")),
            (t("setup.button_invite"), SetupMenu(house.id, "link")),
        ],
        [(t("setup.button_house_settings"), SetupMenu(house.id, "house"))],
        [(t("button.done"), SetupMenu(house.id, "done"))],
    ]
    return text, rows


async def require_admin(ctx: Ctx) -> None:
    if not await ctx.is_group_admin():
        raise UserError("setup.only_admin")


async def setup(house_setup: HouseSetup, ctx: Ctx) -> None:
    if not ctx.in_group:
        raise UserError("setup.in_group_only")
    word = ctx.args[0].casefold() if ctx.args else ""
    if word in house_setup.deps.hooks.setup_words:  # `/setup aftercare`: the feature's own set-up
        await house_setup.deps.hooks.setup_words[word](ctx)
        return
    for guard in house_setup.deps.hooks.setup_guards:  # an aftercare group is not a house
        guard(ctx)
    if not await ctx.is_group_admin():
        if ctx.house is None:
            raise UserError("setup.only_admin")
        # Everyone may see the house settings and the decision behind each.
        await ctx.reply(*house_settings.list_view(ctx, ctx.t, ctx.house))
        return
    assert ctx.chat is not None and ctx.person is not None
    house, created = house_domain.register_house(
        ctx.session,
        ctx.clock,
        chat_id=ctx.chat.id,
        title=ctx.chat.title,
        defaults=house_domain.HouseDefaults(
            house_setup.deps.settings.default_language, house_setup.deps.settings.default_timezone
        ),
    )
    ctx.house = house
    ctx.member, _ = member_domain.ensure_member(ctx.session, ctx.clock, house, ctx.person)
    ctx.t = ctx.group_translator(house)
    if created:
        await ctx.reply(ctx.t("setup.registered", house=house.name))
    text, rows = await settings_view(ctx, house)
    await ctx.reply(text, rows)
    if created:
        card_text, card_rows = house_card(ctx, house, ctx.t)
        await ctx.reply(card_text, card_rows)


async def setup_menu(house_setup: HouseSetup, ctx: Ctx) -> None:
    action = ctx.action(SetupMenu)
    house = house_from_action(ctx, action.house_id)
    await require_admin(ctx)
    t = ctx.t
    if action.item == "name":
        await house_setup.prompts.ask(
            ctx, "house_name", t("setup.ask_name", person=person_mention(ctx)), house=house
        )
        await ctx.popup(t("setup.answer_below"))
    elif action.item == "tz":
        rows: list[list[Button]] = [
            [(("✓ " if zone == house.timezone else "") + zone, SetupTimezone(house.id, i))]
            for i, zone in enumerate(TIMEZONES)
        ]
        rows.append([(t("setup.timezone_other"), SetupTimezone(house.id, -1))])
        rows.append([(t("button.back"), SetupMenu(house.id, "back"))])
        await ctx.edit(t("setup.choose_timezone", timezone=house.timezone), rows)
    elif action.item == "lang":
        rows = [
            [
                (
                    ("✓ " if lang.language == house.language else "")
                    + lang.language_name(lang.language),
                    SetupLanguage(house.id, lang.language),
                )
            ]
            for lang in house_setup.deps.i18n.all()
        ]
        rows.append([(t("button.back"), SetupMenu(house.id, "back"))])
        await ctx.edit(t("setup.choose_language"), rows)
    elif action.item == "link":
        assert ctx.chat is not None
        try:
            link = await ctx.bot.create_chat_invite_link(
                ctx.chat.id, name="Huisbot", creates_join_request=True
            )
        except (BadRequest, Forbidden) as exc:
            log.info("house %s: cannot create an invite link: %s", house.id, exc.message)
            raise UserError("setup.invite_needs_admin") from None
        house.invite_link = link.invite_link
        text, rows = await settings_view(ctx, house)
        await ctx.edit(text, rows)
        await ctx.popup(t("setup.invite_created"))
    elif action.item == "house":
        await ctx.edit(*house_settings.list_view(ctx, t, house))
    elif action.item == "done":
        await ctx.edit(t("setup.done", house=house.name))
    elif action.item == "back":
        text, rows = await settings_view(ctx, house)
        await ctx.edit(text, rows)
    else:
        raise UserError("button.stale")


async def setup_timezone(house_setup: HouseSetup, ctx: Ctx) -> None:
    action = ctx.action(SetupTimezone)
    house = house_from_action(ctx, action.house_id)
    await require_admin(ctx)
    if action.index == -1:
        await house_setup.prompts.ask(
            ctx,
            "house_timezone",
            ctx.t("setup.ask_timezone", person=person_mention(ctx)),
            house=house,
        )
        await ctx.popup(ctx.t("setup.answer_below"))
        return
    if not 0 <= action.index < len(TIMEZONES):
        raise UserError("button.stale")
    house_domain.set_timezone(house, TIMEZONES[action.index])
    text, rows = await settings_view(ctx, house)
    await ctx.edit(text, rows)
    await ctx.popup(ctx.t("setup.timezone_set", timezone=house.timezone))


async def setup_language(ctx: Ctx) -> None:
    action = ctx.action(SetupLanguage)
    house = house_from_action(ctx, action.house_id)
    await require_admin(ctx)
    house_domain.set_language(house, action.language)
    ctx.t = ctx.group_translator(house)
    text, rows = await settings_view(ctx, house)
    await ctx.edit(text, rows)
    await ctx.popup(ctx.t("setup.language_set", language=ctx.t.language_name(house.language)))


async def answer_name(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = prompt_house(ctx, prompt)
    await require_admin(ctx)
    house_domain.rename(house, text)
    await ctx.reply(ctx.t("setup.name_set", house=house.name), quote=True)


async def answer_timezone(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = prompt_house(ctx, prompt)
    await require_admin(ctx)
    house_domain.set_timezone(house, text)
    await ctx.reply(ctx.t("setup.timezone_set", timezone=house.timezone), quote=True)


def prompt_house(ctx: Ctx, prompt: Prompt) -> House:
    if ctx.house is None or prompt.house_id != ctx.house.id:
        raise UserError("button.stale")
    return ctx.house


async def my_chat_member(ctx: Ctx) -> None:
    update = ctx.update.my_chat_member
    assert update is not None and ctx.chat is not None
    before, after = was_present(update)
    if ctx.in_private:
        if ctx.person is not None:
            state = PrivateChat.OPEN if after else PrivateChat.CLOSED
            member_domain.mark_private_chat(ctx.clock, ctx.person, state)
        return
    if not ctx.in_group or before == after:
        return
    if not after:
        house = house_domain.bot_left(ctx.session, ctx.chat.id)
        log.info("bot removed from a group%s", f" (house {house.id})" if house else "")
        return
    house = house_domain.bot_returned(ctx.session, ctx.chat.id)
    if house is not None:
        t = ctx.group_translator(house)
        await ctx.reply(t("group.welcome_back", house=house.name))
    else:
        await ctx.reply(ctx.t("group.hello"))


async def migrated(house_setup: HouseSetup, ctx: Ctx) -> None:
    message = ctx.update.effective_message
    assert message is not None
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    house = house_domain.migrate_chat(ctx.session, old, new)
    if house is not None:
        log.info("house %s followed its group to a supergroup", house.id)
    for hook in house_setup.deps.hooks.migrations:
        hook(ctx, old, new)


async def join_request(house_setup: HouseSetup, ctx: Ctx) -> None:
    request = ctx.update.chat_join_request
    assert request is not None
    house = ctx.house
    if house is None or not house.active or ctx.person is None:
        for hook in house_setup.deps.hooks.join_requests:  # an aftercare group, say
            if await hook(ctx):
                return
        return  # not a group of ours (yet): the group's own admins decide
    await admission.join_request(ctx, house, request)


def register(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """The house's group: `/setup` and its buttons, typed answers, the bot added or removed,
    the group migrated, join requests; and admission's welcome."""
    house_setup = HouseSetup(deps, prompts)
    prompts.on("house_name", answer_name)
    prompts.on("house_timezone", answer_timezone)
    app.add_handler(CommandHandler(SETUP.names, wrap(deps, bind(setup, house_setup))))
    buttons: tuple[tuple[type, Callable[[Ctx], Awaitable[None]]], ...] = (
        (SetupMenu, bind(setup_menu, house_setup)),
        (SetupTimezone, bind(setup_timezone, house_setup)),
        (SetupLanguage, setup_language),
    )
    for action_type, handler in buttons:
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    app.add_handler(ChatMemberHandler(wrap(deps, my_chat_member), ChatMemberHandler.MY_CHAT_MEMBER))
    migrate = wrap(deps, bind(migrated, house_setup))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrate))
    app.add_handler(ChatJoinRequestHandler(wrap(deps, bind(join_request, house_setup))))
    admission.register(app, deps)


def person_mention(ctx: Ctx) -> Html:
    """A mention, so a selective force-reply reaches exactly this person."""
    assert ctx.user is not None
    return Html(f'<a href="tg://user?id={ctx.user.id}">{escape(ctx.user.first_name)}</a>')
