"""The aftercare group and help: linking the group (`/aftercare link`, `/setup aftercare`),
its join requests and migration, the chair's settings and one's own (`/aftercare`), help
requests (`/aftercare help`) and their buttons, and "do not ask me any more".
Handlers take the `Aftercare` service (`bot.handlers.aftercare_service`) first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.domain import aftercare as domain
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain import polls as poll_domain
from bot.domain.errors import UserError
from bot.handlers.aftercare_buttons import (
    HELP_WORDS,
    INVITE_NAME,
    LINK_WORDS,
    OFF_WORDS,
    ON_WORDS,
    UNLINK_WORDS,
    AcStop,
    AftercareMine,
    AftercareSet,
    HelpTap,
    current_house,
    help_text,
    may_manage,
    private_link_rows,
    yes_no,
)
from bot.handlers.kit import Button, Ctx
from bot.i18n import Html, Translator
from bot.storage.aftercare_models import (
    AftercareSettings,
    HelpRequest,
)
from bot.storage.models import House, Member, MemberStatus

if TYPE_CHECKING:
    from bot.handlers.aftercare_service import Aftercare

log = logging.getLogger(__name__)


# --- the aftercare group: linking, join requests, migration ----------------------------------


async def managed_house(ctx: Ctx) -> House:
    """The house this person may link a group for: where they are the chair or an admin
    of the residents' group (their own house first)."""
    assert ctx.person is not None and ctx.user is not None
    houses = [m.house for m in member_domain.memberships(ctx.session, ctx.person)]
    home = member_domain.home_house(ctx.session, ctx.person)
    houses.sort(key=lambda h: h.id != (home.id if home else None))
    for house in houses:
        member = member_domain.membership(ctx.session, house, ctx.person)
        if poll_domain.is_chair(member):
            return house
        try:
            found = await ctx.bot.get_chat_member(house.group_chat_id, ctx.user.id)
        except TelegramError:
            continue
        if found.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR):
            return house
    raise UserError("aftercare.link.no_house")


async def link(aftercare: Aftercare, ctx: Ctx) -> None:
    if ctx.house is not None:
        raise UserError("aftercare.link.house_group")
    if not await ctx.is_group_admin():
        raise UserError("aftercare.link.only_admin")
    assert ctx.chat is not None and ctx.person is not None
    house = await managed_house(ctx)
    try:
        invite = await ctx.bot.create_chat_invite_link(
            ctx.chat.id, name=INVITE_NAME, creates_join_request=True
        )
    except (BadRequest, Forbidden) as exc:
        log.info("house %s: no aftercare invite link: %s", house.id, exc.message)
        raise UserError("aftercare.link.needs_admin") from None
    settings = domain.link_group(ctx.session, ctx.clock, house, ctx.chat.id, invite.invite_link)
    aftercare.arm_round(settings)
    t = ctx.group_translator(house)
    await ctx.reply(t("aftercare.link.done_here", house=house.name))
    await ctx.send_group(house, t("aftercare.link.done_house", name=ctx.person.display_name))


async def setup_aftercare(aftercare: Aftercare, ctx: Ctx) -> None:
    """`/setup aftercare` (`/instellen nazorg`), in the aftercare group: link it; with
    `unlink` / `ontkoppel` after it: unlink it."""
    found = speak_as_linked(ctx)
    if ctx.args[1:2] and ctx.args[1].casefold() in UNLINK_WORDS and found is not None:
        await unlink(aftercare, ctx, *found)
    else:
        await link(aftercare, ctx)


def speak_as_linked(ctx: Ctx) -> tuple[AftercareSettings, House] | None:
    """In a linked aftercare group the bot speaks the house's language."""
    assert ctx.chat is not None
    found = domain.linked_to(ctx.session, ctx.chat.id)
    if found is not None:
        ctx.t = ctx.group_translator(found[1])
    return found


def not_a_house(aftercare: Aftercare, ctx: Ctx) -> None:
    """`/setup` cannot make a linked aftercare group a house of its own."""
    found = speak_as_linked(ctx)
    if found is not None:
        raise UserError("aftercare.setup.is_aftercare_group", house=found[1].name)


async def unlink(aftercare: Aftercare, ctx: Ctx, settings: AftercareSettings, house: House) -> None:
    if not await ctx.is_group_admin():
        raise UserError("aftercare.link.only_admin")
    domain.unlink_group(settings)
    aftercare.arm_round(settings)
    t = ctx.group_translator(house)
    await ctx.reply(t("aftercare.unlinked_here", house=house.name))
    await ctx.send_group(house, t("aftercare.unlinked_house"))


async def join_request(aftercare: Aftercare, ctx: Ctx) -> bool:
    """A join request for a group that is not a house's: ours if it is an aftercare group."""
    request = ctx.update.chat_join_request
    assert request is not None
    found = domain.linked_to(ctx.session, request.chat.id)
    if found is None or ctx.person is None:
        return False  # not an aftercare group: the group's own admins decide
    settings, house = found
    if not house.active:
        return False
    member = member_domain.membership(ctx.session, house, ctx.person)
    t = ctx.translator_for(ctx.person, house)
    welcome = domain.may_join(settings, member)
    msgid = "aftercare.join.welcome" if welcome else "aftercare.join.declined"
    try:  # first: the window to write to them closes when the request is handled
        await ctx.bot.send_message(
            request.user_chat_id, t(msgid, name=ctx.person.first_name, house=house.name)
        )
    except Forbidden:
        log.info("house %s: could not write to an aftercare join request", house.id)
    try:
        await (request.approve() if welcome else request.decline())
    except BadRequest as exc:
        log.warning("house %s: aftercare join request not handled: %s", house.id, exc.message)
    return True


def migrated(aftercare: Aftercare, ctx: Ctx, old: int, new: int) -> None:
    settings = domain.migrate_chat(ctx.session, old, new)
    if settings is not None:
        log.info("house %s: the aftercare group became a supergroup", settings.house_id)


# --- /aftercare ------------------------------------------------------------------------------


def settings_view(
    t: Translator, house: House, settings: AftercareSettings
) -> tuple[str, list[list[Button]]]:
    group = t(
        "aftercare.settings.linked" if domain.linked(settings) else "aftercare.settings.not_linked"
    )
    monthly = yes_no(t, settings.monthly)
    supporters = yes_no(t, settings.supporters_may_join)
    text = t(
        "aftercare.settings.text",
        house=house.name,
        group=group,
        supporters=supporters,
        monthly=monthly,
    )
    if not domain.linked(settings):
        text = Html(text + "\n\n" + t("aftercare.settings.how_to_link"))
    rows: list[list[Button]] = [
        [
            (
                t("aftercare.settings.button_supporters", value=supporters),
                AftercareSet(house.id, "sup"),
            )
        ],
        [
            (
                t("aftercare.settings.button_monthly", value=monthly),
                AftercareSet(house.id, "monthly"),
            )
        ],
        [(t("button.done"), AftercareSet(house.id, "done"))],
    ]
    return text, rows


def mine_view(ctx: Ctx, house: House, member: Member) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    settings = domain.settings_of(ctx.session, house)
    row = domain.person_of(ctx.session, member)
    # What the person chose, said as a sentence; why they are not asked, when the house is.
    if not row.monthly:
        monthly = t("aftercare.mine.monthly_no")
    elif not domain.linked(settings):
        monthly = t("aftercare.mine.monthly_wait_group")
    elif not settings.monthly:
        monthly = t("aftercare.mine.monthly_house_off")
    else:
        monthly = t("aftercare.mine.monthly_yes")
    lines = [t("aftercare.mine.title", house=house.name) + "\n" + monthly]
    if row.offers_buddy_at is not None:
        lines[0] += "\n" + t("aftercare.mine.buddy_yes")
    rows: list[list[Button]] = []
    if domain.linked(settings) and settings.invite_link:
        rows.append([(t("aftercare.button_join"), settings.invite_link)])
    else:
        lines.append(t("aftercare.mine.no_group"))
    rows.append(
        [
            (
                t(
                    "aftercare.mine.button_monthly_off"
                    if row.monthly
                    else "aftercare.mine.button_monthly_on"
                ),
                AftercareMine(member.id, "monthly"),
            )
        ]
    )
    rows.append(
        [
            (
                t(
                    "aftercare.mine.button_buddy_off"
                    if row.offers_buddy_at
                    else "aftercare.mine.button_buddy_on"
                ),
                AftercareMine(member.id, "buddy"),
            )
        ]
    )
    return "\n\n".join(lines), rows


async def aftercare_command(aftercare: Aftercare, ctx: Ctx) -> None:
    word = ctx.args[0].casefold() if ctx.args else ""
    if ctx.in_group and ctx.house is None:  # not a residents' group: maybe the aftercare one
        found = speak_as_linked(ctx)
        if word in LINK_WORDS:
            await link(aftercare, ctx)
        elif word in UNLINK_WORDS and found is not None:
            await unlink(aftercare, ctx, *found)
        elif found is not None:
            await ctx.reply(ctx.t("aftercare.group_info", house=found[1].name))
        else:
            raise UserError("aftercare.link.how")
        return
    house = current_house(ctx)
    if word in HELP_WORDS:
        await help_request(aftercare, ctx, house, " ".join(ctx.args[1:]))
        return
    if word in LINK_WORDS | UNLINK_WORDS:
        raise UserError("aftercare.link.not_here")
    member = ctx.member
    if word in OFF_WORDS | ON_WORDS:
        if member is None or member.status != MemberStatus.FORMER_RESIDENT:
            raise UserError("aftercare.mine.former_only")
        on = word in ON_WORDS
        domain.set_monthly(ctx.session, member, on)
        await ctx.reply(
            ctx.t("aftercare.mine.monthly_now_on" if on else "aftercare.mine.monthly_now_off")
        )
        return
    if await may_manage(ctx, house):
        await ctx.reply(*settings_view(ctx.t, house, domain.settings_of(ctx.session, house)))
        if ctx.in_private and member is not None and member.status == MemberStatus.FORMER_RESIDENT:
            await ctx.reply(*mine_view(ctx, house, member))
        return
    if member is not None and member.status == MemberStatus.FORMER_RESIDENT:
        if not ctx.in_private:
            await ctx.reply(ctx.t("aftercare.mine.private"), private_link_rows(ctx, house))
            return
        await ctx.reply(*mine_view(ctx, house, member))
        return
    await ctx.reply(ctx.t("aftercare.info", house=house.name))


async def aftercare_set(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(AftercareSet)
    house = current_house(ctx)
    if house.id != action.house_id:
        raise UserError("button.stale")
    if not await may_manage(ctx, house):
        raise UserError("aftercare.settings.only_chair")
    if action.item == "done":
        await ctx.edit(ctx.t("aftercare.settings.saved"))
        return
    settings = domain.toggle_setting(ctx.session, ctx.clock, house, action.item)
    aftercare.arm_round(settings)
    await ctx.edit(*settings_view(ctx.t, house, settings))


async def aftercare_mine(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(AftercareMine)
    member = ctx.session.get(Member, action.member_id)
    if member is None or ctx.person is None or member.person_id != ctx.person.id:
        raise UserError("button.stale")
    house = ctx.session.get(House, member.house_id)
    assert house is not None
    ctx.t = ctx.translator_for(ctx.person, house)
    row = domain.person_of(ctx.session, member)
    if action.item == "monthly":
        if member.status != MemberStatus.FORMER_RESIDENT:
            raise UserError("aftercare.mine.former_only")
        domain.set_monthly(ctx.session, member, not row.monthly)
        popup = "aftercare.mine.monthly_now_on" if row.monthly else "aftercare.mine.monthly_now_off"
    elif action.item == "buddy":
        offering = row.offers_buddy_at is None
        domain.offer_as_buddy(ctx.session, ctx.clock, member, offering)
        popup = "aftercare.buddy.offer_saved" if offering else "aftercare.buddy.offer_stopped"
    else:
        raise UserError("button.stale")
    await ctx.edit(*mine_view(ctx, house, member))
    await ctx.popup(ctx.t(popup))
    await aftercare.propose_pairs(ctx, house)


# --- help requests ---------------------------------------------------------------------------


async def help_request(aftercare: Aftercare, ctx: Ctx, house: House, text: str) -> None:
    """The chair or a resident asks the aftercare group for help (one request a day each)."""
    asker = domain.may_ask_help(ctx.member, poll_domain.is_chair(ctx.member))
    settings = domain.settings_of(ctx.session, house)
    if not domain.linked(settings):
        raise UserError("aftercare.help.no_group")
    request = domain.new_help(ctx.session, ctx.clock, house, asker, text)
    t = ctx.group_translator(house)
    rows: list[list[Button]] = [[(t("aftercare.help.button"), HelpTap(request.id))]]
    message = await aftercare.send_aftercare(ctx, settings, help_text(t, house, request, 0), rows)
    if message is None:
        raise UserError("aftercare.help.group_unreachable")
    request.chat_id, request.message_id = message.chat_id, message.message_id
    await ctx.reply(ctx.t("aftercare.help.posted"))


async def help_tap(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(HelpTap)
    if ctx.person is None or ctx.chat is None:
        raise UserError("button.stale")
    found = domain.linked_to(ctx.session, ctx.chat.id)
    house = found[1] if found is not None else None
    request = house_domain.in_house(ctx.session, HelpRequest, house, action.request_id)
    assert house is not None
    ctx.t = t = ctx.translator_for(ctx.person, house)
    asker = ctx.session.get(Member, request.asked_by_id) if request.asked_by_id else None
    asker_name = asker.person.first_name if asker is not None else t("aftercare.help.the_chair")
    if not domain.offer_help(ctx.session, ctx.clock, request, ctx.person):
        await ctx.popup(t("aftercare.help.already", name=asker_name))
        return
    people = domain.helpers(ctx.session, request)
    group_t = ctx.group_translator(house)
    await ctx.edit(
        help_text(group_t, house, request, len(people)),
        [[(group_t("aftercare.help.button"), HelpTap(request.id))]],
    )
    chairs = [asker] if asker is not None else poll_domain.chairs(ctx.session, house)
    names = ", ".join(p.first_name for p in people)
    for chair in chairs:
        chair_t = ctx.translator_for(chair.person, house)
        await ctx.send_private(
            chair.person,
            chair_t(
                "aftercare.help.offered",
                name=ctx.person.first_name,
                question=request.text,
                names=names,
            ),
        )
    await ctx.popup(t("aftercare.help.thanks", name=asker_name))


# --- the monthly question --------------------------------------------------------------------


async def ac_stop(aftercare: Aftercare, ctx: Ctx) -> None:
    action = ctx.action(AcStop)
    checkin = aftercare.monthly.steps.own(ctx.session, ctx.person, action.checkin_id)
    _, member = aftercare.monthly.context_of(ctx, checkin)
    domain.set_monthly(ctx.session, member, False)
    await ctx.edit(ctx.t("aftercare.mine.monthly_now_off"))
    await ctx.popup(ctx.t("aftercare.checkin.stopped"))
