"""People: /start and the private chat, /help, /members and status changes, /language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import AtLeast, codec
from bot.domain import aftercare as aftercare_domain
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain.errors import UserError
from bot.handlers.commands import HELP, LANGUAGE, MEMBERS, publish_personal_menu
from bot.handlers.kit import Button, Ctx, Deps, identity, was_present, wrap
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator
from bot.settings import SUPPORTED_LANGUAGES
from bot.storage.models import (
    House,
    Member,
    MemberStatus,
    Person,
    PrivateChat,
    Role,
    StatusSource,
    SupporterKind,
)

PAGE = 8
CLOSE = -1  # ManageMembers(page=CLOSE): back to the list


@codec.register("res")
@dataclass(frozen=True)
class IAmResident:
    house_id: int


@codec.register("mm")
@dataclass(frozen=True)
class ManageMembers:
    house_id: int
    page: Annotated[int, AtLeast(CLOSE)]


@codec.register("mp")
@dataclass(frozen=True)
class ManagePick:
    member_id: int


@codec.register("ms")
@dataclass(frozen=True)
class SetStatus:
    member_id: int
    choice: str  # a key of STATUS_CHOICES


@codec.register("mr")
@dataclass(frozen=True)
class ToggleRole:
    member_id: int
    role: Role


@codec.register("lng")
@dataclass(frozen=True)
class ChooseLanguage:
    language: str


# The status buttons: a supporter is a peer worker or a social worker.
STATUS_CHOICES: dict[str, tuple[MemberStatus, SupporterKind | None]] = {
    "r": (MemberStatus.RESIDENT, None),
    "pw": (MemberStatus.SUPPORTER, SupporterKind.PEER_WORKER),
    "sw": (MemberStatus.SUPPORTER, SupporterKind.SOCIAL_WORKER),
    "f": (MemberStatus.FORMER_RESIDENT, None),
    "g": (MemberStatus.GUEST, None),
}
ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.CONFIDANT)


def status_label(t: Translator, member: Member) -> Html:
    if member.status == MemberStatus.SUPPORTER and member.supporter_kind is not None:
        return t(f"kind.{member.supporter_kind.value}")
    return t(f"status.{member.status.value}")


def house_card(ctx: Ctx, house: House, t: Translator) -> tuple[str, list[list[Button]]]:
    """The group's standing invitation: say you live here, open the private chat."""
    rows: list[list[Button]] = [
        [(t("card.i_live_here"), IAmResident(house.id))],
        [(t("card.private_chat"), ctx.deep_link(house))],
    ]
    return t("card.text", house=house.name), rows


def member_line(t: Translator, member: Member) -> str:
    roles: list[str] = [t(f"role.{role.value}") for role in ROLES if role in member.role_set]
    line = "• " + t("members.name", name=member.person.display_name)
    if member.status == MemberStatus.SUPPORTER and member.supporter_kind is not None:
        roles.insert(0, t(f"kind.{member.supporter_kind.value}"))
    if roles:
        line += " — " + ", ".join(roles)
    if member.person.private_chat == PrivateChat.OPEN:
        line += " 💬"
    return line


def members_text(t: Translator, house: House, members: list[Member]) -> str:
    lines: list[str] = [t("members.title", house=house.name, count=len(members))]
    for status in member_domain.STATUS_ORDER:
        group = [m for m in members if m.status == status]
        if not group:
            continue
        lines.append("")
        lines.append(t(f"members.heading.{status.value}"))
        lines.extend(member_line(t, m) for m in group)
    lines.append("")
    lines.append(t("members.legend"))
    return "\n".join(lines)


def register(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
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
            if (
                member.status == MemberStatus.GUEST
                and member.status_source == StatusSource.DISCOVERED
            ):
                rows.append([(ctx.t("card.i_live_here"), IAmResident(house.id))])
            await ctx.reply(
                ctx.t("start.linked", name=ctx.person.first_name, house=house.name), rows
            )
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
            await ctx.reply(t("help.private"))

    async def i_am_resident(ctx: Ctx) -> None:
        action = ctx.action(IAmResident)
        house = ctx.session.get(House, action.house_id)
        if house is None or not house.active or ctx.person is None:
            raise UserError("button.stale")
        if ctx.in_group and (ctx.house is None or ctx.house.id != house.id):
            raise UserError("button.stale")
        if ctx.in_private and member_domain.membership(ctx.session, house, ctx.person) is None:
            # Only someone linked to this house (its group's button) may say they live there.
            raise UserError("button.stale")
        member, _ = member_domain.ensure_member(
            ctx.session, ctx.clock, house, ctx.person, in_group=ctx.in_group
        )
        try:
            changed = member_domain.declare_resident(member)
        except UserError as error:
            raise UserError(error.msgid, status=status_label(ctx.t, member)) from None
        if not changed:
            await ctx.popup(ctx.t("members.already_resident"))
            return
        group_t = ctx.group_translator(house)
        await ctx.send_group(
            house, group_t("members.declared_resident", name=ctx.person.display_name)
        )
        await ctx.popup(ctx.t("members.you_are_resident", house=house.name), alert=True)

    def current_house(ctx: Ctx) -> House:
        if ctx.house is None or not ctx.house.active:
            raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
        return ctx.house

    async def members(ctx: Ctx) -> None:
        house = current_house(ctx)
        await ctx.reply(*members_view(ctx, house))

    def members_view(ctx: Ctx, house: House) -> tuple[str, list[list[Button]]]:
        listing = member_domain.list_members(ctx.session, house)
        rows: list[list[Button]] = []
        if ctx.in_group:
            rows = [[(ctx.t("members.button_manage"), ManageMembers(house.id, 0))]]
        return members_text(ctx.t, house, listing), rows

    async def require_manager(ctx: Ctx) -> House:
        house = current_house(ctx)
        if not ctx.in_group:
            raise UserError("button.stale")
        if not member_domain.can_manage(ctx.member, is_group_admin=await ctx.is_group_admin()):
            raise UserError("members.only_manager")
        return house

    def picker_rows(ctx: Ctx, house: House, page: int) -> list[list[Button]]:
        listing = member_domain.list_members(ctx.session, house)
        pages = max(1, -(-len(listing) // PAGE))
        page = min(max(page, 0), pages - 1)
        rows: list[list[Button]] = [
            [(f"{m.person.display_name} · {status_label(ctx.t, m)}", ManagePick(m.id))]
            for m in listing[page * PAGE : (page + 1) * PAGE]
        ]
        nav: list[Button] = []
        if page > 0:
            nav.append(("‹", ManageMembers(house.id, page - 1)))
        if page < pages - 1:
            nav.append(("›", ManageMembers(house.id, page + 1)))
        if nav:
            rows.append(nav)
        rows.append([(ctx.t("button.done"), ManageMembers(house.id, CLOSE))])
        return rows

    async def manage_members(ctx: Ctx) -> None:
        action = ctx.action(ManageMembers)
        house = await require_manager(ctx)
        if house.id != action.house_id:
            raise UserError("button.stale")
        if action.page == CLOSE:
            await ctx.edit(*members_view(ctx, house))
            return
        await ctx.edit(ctx.t("members.pick"), picker_rows(ctx, house, action.page))

    def member_view(ctx: Ctx, house: House, member: Member) -> tuple[str, list[list[Button]]]:
        t = ctx.t
        roles = ", ".join(t(f"role.{r.value}") for r in ROLES if r in member.role_set) or "—"
        text = t(
            "members.edit",
            name=member.person.display_name,
            status=status_label(t, member),
            roles=roles,
        )
        current = next(
            key
            for key, (status, kind) in STATUS_CHOICES.items()
            if status == member.status and (kind is None or kind == member.supporter_kind)
        )
        status_buttons: list[Button] = [
            (("✓ " if key == current else "") + t(f"choice.{key}"), SetStatus(member.id, key))
            for key in STATUS_CHOICES
        ]
        role_buttons: list[Button] = [
            (
                ("✓ " if role in member.role_set else "") + t(f"role.{role.value}"),
                ToggleRole(member.id, role),
            )
            for role in ROLES
        ]
        rows: list[list[Button]] = [
            status_buttons[:3],
            status_buttons[3:],
            role_buttons,
            [(t("button.back"), ManageMembers(house.id, 0))],
        ]
        return text, rows

    async def manage_pick(ctx: Ctx) -> None:
        action = ctx.action(ManagePick)
        house = await require_manager(ctx)
        member = member_domain.member_in_house(ctx.session, house, action.member_id)
        await ctx.edit(*member_view(ctx, house, member))

    def actor_name(ctx: Ctx) -> str:
        assert ctx.person is not None
        return ctx.person.display_name

    async def tell_member(
        ctx: Ctx, house: House, member: Member, msgid: str, **params: object
    ) -> None:
        """The person whose status or role changed hears it privately too, in their language."""
        if member.person.id == (ctx.person.id if ctx.person else None):
            return
        t = ctx.translator_for(member.person, house)
        await ctx.send_private(member.person, t(msgid, house=house.name, **params))

    async def set_status(ctx: Ctx) -> None:
        action = ctx.action(SetStatus)
        house = await require_manager(ctx)
        member = member_domain.member_in_house(ctx.session, house, action.member_id)
        if action.choice not in STATUS_CHOICES:
            raise UserError("button.stale")
        status, kind = STATUS_CHOICES[action.choice]
        change = member_domain.set_status(member, status, kind)
        await ctx.edit(*member_view(ctx, house, member))
        if change is None:
            await ctx.popup(ctx.t("members.no_change"))
            return
        old = (
            ctx.t(f"kind.{change.old_kind.value}")
            if change.old_kind
            else ctx.t(f"status.{change.old_status.value}")
        )
        new = status_label(ctx.t, member)
        await ctx.send_group(
            house,
            ctx.t(
                "members.status_changed",
                actor=actor_name(ctx),
                name=member.person.display_name,
                status=new,
                old=old,
            ),
        )
        member_t = ctx.translator_for(member.person, house)
        await tell_member(
            ctx,
            house,
            member,
            "members.your_status",
            status=status_label(member_t, member),
            actor=actor_name(ctx),
        )

    async def toggle_role(ctx: Ctx) -> None:
        action = ctx.action(ToggleRole)
        house = await require_manager(ctx)
        member = member_domain.member_in_house(ctx.session, house, action.member_id)
        change = member_domain.toggle_role(ctx.session, ctx.clock, house, member, action.role)
        await ctx.edit(*member_view(ctx, house, member))
        role = ctx.t(f"role.{change.role.value}")
        name = member.person.display_name
        if change.given:
            text = ctx.t("members.role_given", actor=actor_name(ctx), name=name, role=role)
            if change.taken_from is not None:
                text = Html(
                    text
                    + "\n"
                    + ctx.t(
                        "members.role_taken", name=change.taken_from.person.display_name, role=role
                    )
                )
        else:
            text = ctx.t("members.role_removed", actor=actor_name(ctx), name=name, role=role)
        await ctx.send_group(house, text)
        member_t = ctx.translator_for(member.person, house)
        msgid = "members.your_role_given" if change.given else "members.your_role_removed"
        await tell_member(
            ctx,
            house,
            member,
            msgid,
            role=member_t(f"role.{change.role.value}"),
            actor=actor_name(ctx),
        )

    async def language(ctx: Ctx) -> None:
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
        await ctx.reply(ctx.t("language.choose"), language_rows(ctx))

    def language_rows(ctx: Ctx) -> list[list[Button]]:
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

    async def choose_language(ctx: Ctx) -> None:
        action = ctx.action(ChooseLanguage)
        if action.language not in SUPPORTED_LANGUAGES or ctx.person is None or not ctx.in_private:
            raise UserError("button.stale")
        ctx.person.language = action.language
        ctx.t = deps.i18n(action.language)
        await ctx.edit(ctx.t("language.set"), language_rows(ctx))
        await ctx.popup(ctx.t("language.set"))
        assert ctx.chat is not None
        await publish_personal_menu(ctx.bot, ctx.t, ctx.chat.id)

    async def joined(ctx: Ctx) -> None:
        message = ctx.update.effective_message
        if message is None or ctx.house is None or not ctx.house.active:
            return
        for user in message.new_chat_members or ():
            if user.is_bot:
                continue
            person = member_domain.touch_person(ctx.session, ctx.clock, identity(user))
            member_domain.ensure_member(ctx.session, ctx.clock, ctx.house, person)
        if message.left_chat_member and not message.left_chat_member.is_bot:
            leaver = member_domain.person_by_telegram_id(ctx.session, message.left_chat_member.id)
            if leaver is not None:
                await departed(ctx, ctx.house, leaver)

    async def chat_member(ctx: Ctx) -> None:
        update = ctx.update.chat_member
        if update is None or ctx.house is None or update.new_chat_member.user.is_bot:
            return
        before, after = was_present(update)
        person = member_domain.touch_person(
            ctx.session, ctx.clock, identity(update.new_chat_member.user)
        )
        if after and not before:
            member_domain.ensure_member(ctx.session, ctx.clock, ctx.house, person)
        elif before and not after:
            await departed(ctx, ctx.house, person)

    async def departed(ctx: Ctx, house: House, person: Person) -> None:
        member = member_domain.left_group(ctx.session, house, person)
        if member is not None and house.active:
            for hook in deps.hooks.departures:  # aftercare asks the chair what to do
                await hook(ctx, house, member)

    app.add_handler(CommandHandler("start", wrap(deps, start)))
    app.add_handler(CommandHandler(HELP.names, wrap(deps, help_command)))
    app.add_handler(CommandHandler(MEMBERS.names, wrap(deps, members)))
    app.add_handler(CommandHandler(LANGUAGE.names, wrap(deps, language)))
    for action_type, handler in (
        (IAmResident, i_am_resident),
        (ManageMembers, manage_members),
        (ManagePick, manage_pick),
        (SetStatus, set_status),
        (ToggleRole, toggle_role),
        (ChooseLanguage, choose_language),
    ):
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    app.add_handler(
        MessageHandler(
            filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER,
            wrap(deps, joined),
        )
    )
    app.add_handler(ChatMemberHandler(wrap(deps, chat_member), ChatMemberHandler.CHAT_MEMBER))


def register_fallbacks(app: Application, deps: Deps, prompts: PromptRouter) -> None:  # type: ignore[type-arg]
    """Registered after every feature: whatever no feature handled still opens exactly one
    transaction (so the sender becomes known), answers a bot question, or a stale button."""

    async def any_message(ctx: Ctx) -> None:
        if await prompts.answer(ctx):
            return
        message = ctx.update.effective_message
        if ctx.in_private and message is not None and (message.text or "").startswith("/"):
            await ctx.reply(ctx.t("unknown_command"))

    async def stale_button(ctx: Ctx) -> None:
        raise UserError("button.stale")

    app.add_handler(MessageHandler(filters.ALL, wrap(deps, any_message)))
    app.add_handler(CallbackQueryHandler(wrap(deps, stale_button)))
