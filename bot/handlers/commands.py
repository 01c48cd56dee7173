"""The command menu: every command has an English name and a Dutch alias."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)

from bot.i18n import I18n, Translator


@dataclass(frozen=True)
class CommandSpec:
    english: str
    dutch: str
    private: bool = True
    group: bool = True

    @property
    def names(self) -> list[str]:
        return [self.english] if self.english == self.dutch else [self.english, self.dutch]

    def name_for(self, language: str) -> str:
        return self.dutch if language == "nl" else self.english

    @property
    def description_id(self) -> str:
        return f"cmd.{self.english}"


HELP = CommandSpec("help", "hulp")
SETUP = CommandSpec("setup", "instellen", private=False)
MEMBERS = CommandSpec("members", "leden")
LANGUAGE = CommandSpec("language", "taal")
POLL = CommandSpec("poll", "stemming")
DECISIONS = CommandSpec("decisions", "besluiten")
AGENDA = CommandSpec("agenda", "agenda")
MEETING = CommandSpec("meeting", "vergadering")
MYCHECKINS = CommandSpec("mycheckins", "mijncheckins", group=False)
RULES = CommandSpec("rules", "regels")
FLAG = CommandSpec("flag", "melding", group=False)  # private only; in a group it only points there
ROTA = CommandSpec("rota", "rooster")
PAUSE = CommandSpec("pause", "pauze", group=False)  # private; in a group it points there
MOVEOUT = CommandSpec("moveout", "verhuizen")
AFTERCARE = CommandSpec("aftercare", "nazorg")
BUDDY = CommandSpec("buddy", "maatje", group=False)  # private; in a group it points there
MYDATA = CommandSpec("mydata", "mijngegevens", group=False)  # private; a group points there
FORGETME = CommandSpec("forgetme", "vergeetmij", group=False)  # private; a group points there

MENU = (
    HELP,
    POLL,
    DECISIONS,
    AGENDA,
    MEETING,
    MYCHECKINS,
    RULES,
    FLAG,
    ROTA,
    PAUSE,
    MOVEOUT,
    AFTERCARE,
    BUDDY,
    MYDATA,
    FORGETME,
    MEMBERS,
    LANGUAGE,
    SETUP,
)


def menu(t: Translator, *, private: bool) -> list[BotCommand]:
    return [
        BotCommand(spec.name_for(t.language), t(spec.description_id))
        for spec in MENU
        if (spec.private if private else spec.group)
    ]


async def publish_menus(bot: Bot, i18n: I18n) -> None:
    """setMyCommands per scope (groups, private chats) and per language; the default menu is
    the default language's, for clients in any other language."""
    for private, scope in (
        (False, BotCommandScopeAllGroupChats()),
        (True, BotCommandScopeAllPrivateChats()),
    ):
        for t in i18n.all():
            await bot.set_my_commands(
                menu(t, private=private), scope=scope, language_code=t.language
            )
        await bot.set_my_commands(menu(i18n(None), private=private), scope=scope)


async def publish_personal_menu(bot: Bot, t: Translator, chat_id: int) -> None:
    """A person who chose a language sees the menu of their private chat in it."""
    await bot.set_my_commands(menu(t, private=True), scope=BotCommandScopeChat(chat_id))
