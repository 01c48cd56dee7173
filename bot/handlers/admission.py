"""Join requests for the house's group (called by `house.py`, which owns the update), and the
"Welkom" button of the two-residents admission.

A request through any link other than the house's own is left to the group admins: the bot
does nothing (it logs that). Through the house's link, the house's admission setting decides:
approve at once, or post a "Welkom" button in the group and approve after the second resident
tapped it. The newcomer hears privately what happens (and gets the button to the private
chat); Telegram tells them when they are in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import ChatJoinRequest
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import codec
from bot.domain import admission as domain
from bot.domain import members as member_domain
from bot.domain.house_settings import TWO_WELCOMES
from bot.handlers.kit import Button, Ctx, Deps, wrap
from bot.i18n import Translator
from bot.storage.house_settings_models import Admission
from bot.storage.models import House, Member, Person

log = logging.getLogger(__name__)


@codec.register("adw")
@dataclass(frozen=True)
class Welcome:
    admission_id: int


def waiting_text(t: Translator, ctx: Ctx, newcomer: Person, admission: Admission) -> str:
    names = [m.person.display_name for m in domain.welcomers(ctx.session, admission)]
    text: str = t("admission.waiting", name=newcomer.display_name, needed=domain.WELCOMES_NEEDED)
    if names:
        text += "\n" + t("admission.welcomed_so_far", names=", ".join(names))
    return text


async def join_request(ctx: Ctx, house: House, request: ChatJoinRequest) -> None:
    """A join request for the house's group (the house is active, the person known)."""
    assert ctx.person is not None
    link = request.invite_link.invite_link if request.invite_link is not None else None
    if not domain.through_house_link(house, link):
        log.info("house %s: a join request through another link: left to the admins", house.id)
        return
    member, _ = member_domain.ensure_member(ctx.session, ctx.clock, house, ctx.person)
    ctx.member = member
    t = ctx.translator_for(ctx.person, house)
    if house.admission == TWO_WELCOMES:
        admission = domain.open_admission(
            ctx.session, ctx.clock, house, ctx.person, request.user_chat_id
        )
        group_t = ctx.group_translator(house)
        rows: list[list[Button]] = [[(group_t("admission.button"), Welcome(admission.id))]]
        message = await ctx.send_group(
            house, waiting_text(group_t, ctx, ctx.person, admission), rows
        )
        if message is not None:
            admission.message_id = message.message_id
        await greet(
            ctx,
            request,
            t("admission.wait_private", house=house.name),
            [[(t("join.start_button"), ctx.deep_link(house))]],
        )
        return
    await greet(
        ctx,
        request,
        t("join.welcome", house=house.name, name=ctx.person.first_name),
        [[(t("join.start_button"), ctx.deep_link(house))]],
    )
    await arrived(ctx, house, member)  # first: the window to write to them closes at approval
    try:
        await request.approve()
    except BadRequest as exc:
        log.warning("house %s: could not approve a join request: %s", house.id, exc.message)


async def arrived(ctx: Ctx, house: House, member: Member) -> None:
    """The bot lets a newcomer in through the house's link: the features that welcome them."""
    for hook in ctx.deps.hooks.arrivals:  # arriving: the house's welcome, privately
        await hook(ctx, house, member, True)


async def greet(ctx: Ctx, request: ChatJoinRequest, text: str, rows: list[list[Button]]) -> None:
    try:
        await ctx.bot.send_message(request.user_chat_id, text, reply_markup=ctx.markup(rows))
    except Forbidden:
        log.info("could not greet a join request privately")


async def welcome(ctx: Ctx) -> None:
    """A resident taps "Welkom"; the second distinct resident's tap lets the newcomer in."""
    action = ctx.action(Welcome)
    house = ctx.house
    admission = domain.admission_in(ctx.session, house, action.admission_id)
    assert house is not None
    newcomer = ctx.session.get(Person, admission.person_id)
    assert newcomer is not None
    approved = domain.welcome(ctx.session, ctx.clock, admission, ctx.member)
    t = ctx.t
    if not approved:
        rows: list[list[Button]] = [[(t("admission.button"), Welcome(admission.id))]]
        await ctx.edit(waiting_text(t, ctx, newcomer, admission), rows)
        await ctx.popup(t("admission.thanks"))
        # Telegram tells the newcomer they are in; the private chat was offered with the request.
        return
    names = ", ".join(m.person.display_name for m in domain.welcomers(ctx.session, admission))
    member = member_domain.membership(ctx.session, house, newcomer)
    if member is not None:
        await arrived(ctx, house, member)
    try:
        await ctx.bot.approve_chat_join_request(house.group_chat_id, admission.user_chat_id)
    except BadRequest as exc:
        log.warning("house %s: could not approve a join request: %s", house.id, exc.message)
    await ctx.edit(t("admission.approved", name=newcomer.display_name, names=names))
    await ctx.popup(t("admission.thanks"))


def register(app: Application, deps: Deps) -> None:  # type: ignore[type-arg]
    app.add_handler(CallbackQueryHandler(wrap(deps, welcome), pattern=codec.matcher(Welcome)))
