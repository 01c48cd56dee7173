"""Aftercare: the buttons (one frozen callback dataclass per action), the words of its
commands, and the small text helpers and checks the aftercare handler modules share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.callbacks import codec
from bot.domain import polls as poll_domain
from bot.domain.errors import UserError
from bot.handlers.checkins import (
    ContactTap,
    LevelTap,
    NoNoteTap,
    ShareTap,
    level_text,
)
from bot.handlers.kit import Button, Ctx
from bot.i18n import Html, Translator, escape
from bot.storage.aftercare_models import (
    AftercareCheckin,
    HelpRequest,
)
from bot.storage.meeting_models import Share
from bot.storage.models import House, Person

RETENTION_KEY = "aftercare-retention"
RETENTION_EVERY = timedelta(days=1)
LINK_WORDS = frozenset({"koppel", "link"})
UNLINK_WORDS = frozenset({"ontkoppel", "unlink"})
HELP_WORDS = frozenset({"hulp", "help"})
OFF_WORDS = frozenset({"stop", "uit", "off"})
ON_WORDS = frozenset({"aan", "on", "start"})
SETUP_WORDS = ("aftercare", "nazorg")  # `/setup aftercare`, `/instellen nazorg`
INVITE_NAME = "Nazorg"
DONE_IDS = {
    Share.GROUP: "aftercare.checkin.done_group",
    Share.CHAIR: "aftercare.checkin.done_chair",
    Share.SELF: "aftercare.checkin.done_self",
}


@codec.register("amv")
@dataclass(frozen=True)
class MoveAnswer:
    """The resident's answer to "are you moving out?"."""

    move_id: int
    yes: bool


@codec.register("amp")
@dataclass(frozen=True)
class MovePick:
    """The chair picks who moves out."""

    house_id: int
    member_id: int


@codec.register("agb")
@dataclass(frozen=True)
class Goodbye:
    member_id: int
    yes: bool


@codec.register("alq")
@dataclass(frozen=True)
class LeftAnswer:
    """The chair's answer about someone who left the group: out (moved out) or keep."""

    move_id: int
    op: str


@codec.register("aset")
@dataclass(frozen=True)
class AftercareSet:
    """The chair's settings: sup (supporters may join), monthly, done."""

    house_id: int
    item: str


@codec.register("ame")
@dataclass(frozen=True)
class AftercareMine:
    """A former resident's own switches: monthly, buddy."""

    member_id: int
    item: str


@codec.register("acl")
@dataclass(frozen=True)
class AcLevel(LevelTap):
    """The monthly question's scale."""


@codec.register("acn")
@dataclass(frozen=True)
class AcNoNote(NoNoteTap):
    pass


@codec.register("acs")
@dataclass(frozen=True)
class AcShare(ShareTap):
    pass


@codec.register("acc")
@dataclass(frozen=True)
class AcContact(ContactTap):
    pass


@codec.register("acx")
@dataclass(frozen=True)
class AcStop:
    """ "Do not ask me any more", under the monthly question."""

    checkin_id: int


@codec.register("ahl")
@dataclass(frozen=True)
class HelpTap:
    request_id: int


@codec.register("bpa")
@dataclass(frozen=True)
class BuddyAnswer:
    pair_id: int
    yes: bool


@codec.register("bme")
@dataclass(frozen=True)
class BuddyMenu:
    """ask / unask (a resident), offer / unoffer (a former resident)."""

    member_id: int
    op: str


@codec.register("bend")
@dataclass(frozen=True)
class BuddyEnd:
    pair_id: int


# --- texts -----------------------------------------------------------------------------------


def shared_line(t: Translator, name: str, checkin: AftercareCheckin) -> str:
    assert checkin.level is not None
    level = level_text(t, checkin.level)
    if checkin.note:
        return t("aftercare.checkin.shared_note", name=name, level=level, note=checkin.note)
    return t("aftercare.checkin.shared", name=name, level=level)


def help_text(t: Translator, house: House, request: HelpRequest, count: int) -> str:
    lines = [t("aftercare.help.request", house=house.name, question=request.text), ""]
    lines.append(t.plural("aftercare.help.count", count) if count else t("aftercare.help.nobody"))
    return "\n".join(lines)


def contact_of(person: Person) -> Html:
    """How to reach someone: their @username, else a link that opens a chat with them."""
    if person.username:
        return escape(f"@{person.username}")
    return Html(f'<a href="tg://user?id={person.telegram_id}">{escape(person.first_name)}</a>')


def yes_no(t: Translator, value: bool) -> str:
    return t("aftercare.yes") if value else t("aftercare.no")


# --- the monthly question --------------------------------------------------------------------


def current_house(ctx: Ctx) -> House:
    if ctx.house is None or not ctx.house.active:
        raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
    return ctx.house


def private_link_rows(ctx: Ctx, house: House | None) -> list[list[Button]]:
    return [[(ctx.t("card.private_chat"), ctx.deep_link(house))]] if house else []


async def may_manage(ctx: Ctx, house: House) -> bool:
    """The chair, or an admin of the residents' group (asked there)."""
    if poll_domain.is_chair(ctx.member):
        return True
    return ctx.in_group and ctx.house is not None and await ctx.is_group_admin()
