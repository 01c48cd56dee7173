"""Private conflict reports: `/flag` (`/melding`), only in the private chat.

In the group the bot answers `/flag` with nothing but a neutral line and a button to the
private chat (the text never hints at a report), deletes the command when it has the right
to, and — when the person's private chat is open — sends them the first step there.

The steps in the private chat (buttons; the free text is typed as an answer to the bot):
1. what it is about: a conflict with someone · I don't feel safe (112 is shown at once) · a
   house matter; the menu also has "my reports" and, for the chair, the retention period;
2. optionally a free text;
3. who gets it: the confidants (all, or one of them) · anonymously the next meeting's agenda
   (the reporter sees the exact agenda text first, may write their own, and confirms) · only
   saved for me. A house without (reachable) confidants is said so, with the other routes.

Confidants get a private message with "I'll pick this up"; the reporter is told who did; the
reporter and that confidant can mark it resolved. Nobody picked it up after a day: the
confidants are reminded once (a durable job, rebuilt at start-up). A daily durable job deletes
resolved reports after the house's retention period and unfinished drafts after a day, and
empties the confidants' messages about them. Flag texts are never logged.
"""

from __future__ import annotations

from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import FlagNextStep, TalkAgree, TalkInvite, TalkSlot, codec
from bot.domain import flags as domain
from bot.domain.errors import UserError
from bot.domain.members import membership, present_membership
from bot.domain.polls import is_chair
from bot.handlers import flag_steps
from bot.handlers.bind import bind
from bot.handlers.commands import FLAG
from bot.handlers.flags_care import (
    ALL,
    ROUTES,
    STATES,
    TOPIC_BUTTONS,
    TOPICS,
    FlagAgenda,
    FlagCarry,
    FlagDiscard,
    FlagKeep,
    FlagMenu,
    FlagMine,
    FlagNew,
    FlagPick,
    FlagReroute,
    FlagResolve,
    Flags,
    FlagSend,
    FlagWithdraw,
    FlagWrite,
    agenda_text,
    names,
    notice_text,
    reporter_of,
    weeks_text,
)
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, escape
from bot.storage.flags_models import Flag, FlagRoute, FlagState, FlagTopic
from bot.storage.models import House, Member, PrivateChat, Prompt


# --- views ------------------------------------------------------------------------------
def menu(ctx: Ctx, house: House, member: Member) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    rows: list[list[Button]] = [
        [(t(TOPIC_BUTTONS[topic]), FlagNew(house.id, topic))] for topic in FlagTopic
    ]
    own = domain.mine(ctx.session, house, member)
    if own:
        rows.append([(f"{t('flags.button.mine')} ({len(own)})", FlagMine(house.id, 0))])
    if is_chair(member):
        weeks = domain.settings(ctx.session, house).retention_weeks
        label = f"{t('flags.button.keep')}: {weeks_text(t, weeks)}"
        rows.append([(label, FlagKeep(house.id, 0))])
    return t("flags.menu", house=house.name), rows


def route_view(
    ctx: Ctx, house: House, flag: Flag, reporter: Member, *, reachable: bool = True
) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    lines = [t("flags.route_question")]
    rows: list[list[Button]] = []
    confidants = domain.confidants(ctx.session, house, reporter) if reachable else []
    if confidants:
        # The reporter sees who the confidants are and picks: one of them may be the
        # person the report is about. None fits: the agenda, or only for themself.
        lines.append(t("flags.none_fits"))
        if len(confidants) > 1:
            label = f"{t('flags.button.confidants')}: {names(confidants)}"
            rows.append([(label, FlagSend(flag.id, FlagRoute.CONFIDANTS, ALL))])
        for member in confidants:
            label = f"{t('flags.button.only')} {member.person.name_with_username}"
            rows.append([(label, FlagSend(flag.id, FlagRoute.CONFIDANTS, member.id))])
    elif reachable:
        lines.append(t("flags.no_confidants"))
    else:
        lines.append(t("flags.confidants_unreachable"))
    rows.append([(t("flags.button.agenda"), FlagSend(flag.id, FlagRoute.AGENDA, ALL))])
    rows.append([(t("flags.button.self"), FlagSend(flag.id, FlagRoute.SELF, ALL))])
    rows.append([(t("flags.button.discard"), FlagDiscard(flag.id))])
    return "\n\n".join(lines), rows


def agenda_view(ctx: Ctx, house: House, flag: Flag) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    text = t("flags.agenda_preview", text=agenda_text(ctx, house, flag))
    rows: list[list[Button]] = [
        [(t("flags.button.agenda_ok"), FlagAgenda(flag.id, "ok"))],
        [(t("flags.button.agenda_edit"), FlagAgenda(flag.id, "edit"))],
        [(t("button.back"), FlagAgenda(flag.id, "back"))],
    ]
    return text, rows


def state_line(ctx: Ctx, house: House, flag: Flag) -> Html:
    t = ctx.t
    if flag.state == FlagState.PICKED_UP:
        picker = member_by_id(ctx, flag.picked_by_id)
        return t("flags.state.picked_up", name=picker.person.display_name if picker else "—")
    if flag.state == FlagState.RESOLVED:
        assert flag.resolved_at is not None
        return t("flags.state.resolved", day=t.day(flag.resolved_at, house.timezone))
    return t(STATES[flag.state])


def member_by_id(work: Work, member_id: int | None) -> Member | None:
    return work.session.get(Member, member_id) if member_id is not None else None


def detail_view(ctx: Ctx, house: House, flag: Flag) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    assert flag.route is not None
    route = t(ROUTES[flag.route])
    if flag.route == FlagRoute.CONFIDANTS:
        who = names(domain.recipients(ctx.session, flag))
        route = Html(f"{route}: {escape(who)}")
    lines = [
        t(
            "flags.detail",
            day=t.day(flag.created_at, house.timezone),
            topic=t(TOPICS[flag.topic]),
            route=route,
            state=state_line(ctx, house, flag),
            text=flag.text if flag.text else t("flags.no_text"),
        )
    ]
    deleted = domain.delete_after(ctx.session, house, flag)
    if deleted is not None:
        lines.append(t("flags.deleted_on", day=t.day(deleted, house.timezone)))
    rows: list[list[Button]] = []
    if flag.state == FlagState.PICKED_UP:  # issue 17.5: what the reporter does next
        rows.append([(t("flags.step.button.next"), FlagNextStep(flag.id, "menu"))])
    if flag.state in domain.OPEN_STATES:
        rows.append([(t("flags.button.resolved"), FlagResolve(flag.id))])
    rows.append([(t("flags.button.withdraw"), FlagWithdraw(flag.id, False))])
    rows.append([(t("button.back"), FlagMine(house.id, 0))])
    return "\n\n".join(lines), rows


# --- helpers ------------------------------------------------------------------------------
def private_house(ctx: Ctx, house_id: int | None = None) -> tuple[House, Member]:
    if ctx.person is None:
        raise UserError("members.no_house")
    house = ctx.session.get(House, house_id) if house_id is not None else ctx.house
    if house is None or not house.active:
        raise UserError("members.no_house")
    member = present_membership(ctx.session, house, ctx.person)
    if member is None:
        raise UserError("members.no_house")
    return house, member


# --- the command ------------------------------------------------------------------------
async def flag_command(flags: Flags, ctx: Ctx) -> None:
    if ctx.in_group:
        await in_group(flags, ctx)
        return
    house, member = private_house(ctx)
    await ctx.reply(*menu(ctx, house, member))


async def in_group(flags: Flags, ctx: Ctx) -> None:
    """Nothing in the group where it can be helped: the command (and any text after it) is
    deleted when the bot may; the rest happens privately, the text carried over. Only when
    the private chat is not open does the group get a neutral line with its button."""
    message, chat = ctx.update.effective_message, ctx.chat
    assert message is not None and chat is not None
    try:
        await ctx.bot.delete_message(chat.id, message.message_id)
        deleted = True
    except (BadRequest, Forbidden):  # no right: the command stays
        deleted = False
    house = ctx.house
    if house is None or not house.active:
        raise UserError("help.group_no_house")
    person, member = ctx.person, ctx.member
    parts = (message.text or "").split(None, 1)  # the text after the command, as typed
    typed = parts[1] if len(parts) > 1 else ""
    if person is None or member is None or person.private_chat != PrivateChat.OPEN:
        await ctx.reply(
            ctx.t("flags.group"), [[(ctx.t("card.private_chat"), ctx.deep_link(house))]]
        )
        return
    ctx.t = t = ctx.translator_for(person, house)
    if typed.strip():
        flag = domain.start(ctx.session, ctx.clock, house, member, FlagTopic.CONFLICT)
        domain.set_text(flag, typed[: domain.MAX_TEXT])
        rows: list[list[Button]] = [
            [(t(TOPIC_BUTTONS[topic]), FlagCarry(flag.id, topic))] for topic in FlagTopic
        ]
        text: str = t("flags.carried", house=house.name, text=flag.text or "")
    else:
        text, rows = menu(ctx, house, member)
    sent = await ctx.send_private(person, text, rows)
    if sent is None:  # the private chat closed after all: the group's neutral line
        ctx.t = ctx.group_translator(house)
        await ctx.reply(
            ctx.t("flags.group"), [[(ctx.t("card.private_chat"), ctx.deep_link(house))]]
        )
        return
    if not deleted:
        await ctx.send_private(person, t("flags.delete_yourself", house=house.name))


async def carried(flags: Flags, ctx: Ctx) -> None:
    """The topic of a report typed in the group; its text is already there."""
    action = ctx.action(FlagCarry)
    house, member, flag = reporter_of(ctx, action.flag_id)
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    flag.topic = action.topic
    if action.topic == FlagTopic.UNSAFE:
        await ctx.reply(ctx.t("flags.emergency"))
    await ctx.edit(*route_view(ctx, house, flag, member))


# --- the reporter's steps --------------------------------------------------------------
async def new_flag(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagNew)
    house, member = private_house(ctx, action.house_id)
    flag = domain.start(ctx.session, ctx.clock, house, member, action.topic)
    if action.topic == FlagTopic.UNSAFE:
        await ctx.reply(ctx.t("flags.emergency"))  # at once, before anything else
    rows: list[list[Button]] = [
        [(ctx.t("flags.button.write"), FlagWrite(flag.id, True))],
        [(ctx.t("flags.button.skip"), FlagWrite(flag.id, False))],
    ]
    await ctx.edit(ctx.t("flags.text_step", topic=ctx.t(TOPICS[flag.topic])), rows)


async def back_to_menu(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagMenu)
    house, member = private_house(ctx, action.house_id)
    await ctx.edit(*menu(ctx, house, member))


async def write(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagWrite)
    house, member, flag = reporter_of(ctx, action.flag_id)
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    if action.write:
        await ctx.edit(ctx.t("flags.text_step", topic=ctx.t(TOPICS[flag.topic])))
        await flags.prompts.ask(
            ctx,
            "flag_text",
            ctx.t("flags.ask_text"),
            house=house,
            payload=str(flag.id),
            subject=domain.about(flag),
        )
        return
    await ctx.edit(*route_view(ctx, house, flag, member))


async def answer_text(flags: Flags, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house, member, flag = reporter_of(ctx, int(prompt.payload))
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    domain.set_text(flag, text)
    await ctx.reply(*route_view(ctx, house, flag, member))


async def send(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagSend)
    house, member, flag = reporter_of(ctx, action.flag_id)
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    t = ctx.t
    if action.route == FlagRoute.AGENDA:
        await ctx.edit(*agenda_view(ctx, house, flag))
    elif action.route == FlagRoute.SELF:
        domain.keep_for_self(ctx.session, ctx.clock, flag)
        await ctx.edit(t("flags.saved"))
    else:
        confidants = domain.confidants(ctx.session, house, member)
        targets = [m for m in confidants if action.member_id in (ALL, m.id)]
        if not targets:
            raise UserError("button.stale")
        reached = await flags.send_to_confidants(ctx, house, flag, member, targets)
        if not reached:
            await ctx.edit(*route_view(ctx, house, flag, member, reachable=False))
            return
        await ctx.edit(t("flags.sent", names=names(reached)))


async def agenda_step(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagAgenda)
    house, member, flag = reporter_of(ctx, action.flag_id)
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    if action.op == "ok":
        domain.put_on_agenda(ctx.session, ctx.clock, house, flag, agenda_text(ctx, house, flag))
        await ctx.edit(ctx.t("flags.on_agenda", text=agenda_text(ctx, house, flag)))
    elif action.op == "edit":
        await ctx.edit(ctx.t("flags.agenda_preview", text=agenda_text(ctx, house, flag)))
        await flags.prompts.ask(
            ctx,
            "flag_agenda",
            ctx.t("flags.ask_agenda"),
            house=house,
            payload=str(flag.id),
            subject=domain.about(flag),
        )
    elif action.op == "back":
        await ctx.edit(*route_view(ctx, house, flag, member))
    else:
        raise UserError("button.stale")


async def answer_agenda(flags: Flags, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house, _, flag = reporter_of(ctx, int(prompt.payload))
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    domain.set_agenda_text(flag, text)
    await ctx.reply(*agenda_view(ctx, house, flag))


async def discard(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagDiscard)
    _, _, flag = reporter_of(ctx, action.flag_id)
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    domain.discard(ctx.session, flag)
    await ctx.edit(ctx.t("flags.discarded"))


# --- the confidants' side ----------------------------------------------------------------
def flag_of_tap(ctx: Ctx, flag_id: int) -> tuple[Flag, House, Member | None]:
    """The report a confidant's (or its reporter's) button names, its house, and the tapper's
    membership there (None: not of the house)."""
    flag = ctx.session.get(Flag, flag_id)
    if flag is None or ctx.person is None:
        raise UserError("flags.gone")
    house = ctx.session.get(House, flag.house_id)
    assert house is not None
    return flag, house, membership(ctx.session, house, ctx.person)


async def pick(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagPick)
    flag, house, member = flag_of_tap(ctx, action.flag_id)
    flag = domain.flag_for_confidant(ctx.session, flag.id, member)
    assert member is not None
    domain.pick_up(ctx.session, ctx.clock, flag, member)
    reporter = ctx.session.get(Member, flag.reporter_id)
    assert reporter is not None
    picker = member.person.display_name
    query = ctx.update.callback_query
    tapped = query.message.message_id if query and query.message else None
    for notice in domain.notices(ctx.session, flag):
        other = ctx.session.get(Member, notice.member_id)
        if other is None:
            continue
        t = ctx.translator_for(other.person, house)
        if notice.member_id == member.id and notice.message_id == tapped:
            text = Html(
                notice_text(t, house, flag, reporter)
                + "\n\n"
                + t("flags.you_picked", name=reporter.person.display_name)
            )
            rows: list[list[Button]] = [[(t("flags.button.resolved"), FlagResolve(flag.id))]]
            await flags.edit_notice(ctx, notice, text, rows)
        else:
            text = t(
                "flags.notice_picked",
                house=house.name,
                name=reporter.person.display_name,
                picker=picker,
            )
            await flags.edit_notice(ctx, notice, text)
    reporter_t = ctx.translator_for(reporter.person, house)
    await ctx.send_private(
        reporter.person,
        reporter_t("flags.picked_for_reporter", name=picker, house=house.name)
        + "\n\n"
        + reporter_t("flags.step.question", name=picker),
        flag_steps.step_rows(reporter_t, flag),
    )
    await ctx.popup(ctx.t("flags.you_picked_popup"))


async def resolve(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagResolve)
    flag, house, member = flag_of_tap(ctx, action.flag_id)
    if member is None:
        raise UserError("flags.gone")
    domain.resolve(ctx.clock, flag, member)
    reporter = ctx.session.get(Member, flag.reporter_id)
    picker = member_by_id(ctx, flag.picked_by_id)
    assert reporter is not None
    await flags.empty_notices(ctx, flag, "flags.notice_closed", name=reporter.person.display_name)
    if member.id == reporter.id and picker is not None:
        t = ctx.translator_for(picker.person, house)
        await ctx.send_private(
            picker.person, t("flags.resolved_by_reporter", name=reporter.person.display_name)
        )
    elif member.id != reporter.id:
        t = ctx.translator_for(reporter.person, house)
        await ctx.send_private(
            reporter.person,
            t("flags.resolved_by_confidant", name=member.person.display_name),
        )
    deleted = domain.delete_after(ctx.session, house, flag)
    assert deleted is not None
    await ctx.edit(ctx.t("flags.resolved", day=ctx.t.day(deleted, house.timezone)))


async def reroute(flags: Flags, ctx: Ctx) -> None:
    """Nobody picked it up: the reporter takes it back from the confidants (their messages
    are emptied) and chooses again."""
    action = ctx.action(FlagReroute)
    house, member, flag = reporter_of(ctx, action.flag_id)
    await flags.empty_notices(ctx, flag, "flags.notice_taken_back")
    for notice in domain.notices(ctx.session, flag):
        ctx.session.delete(notice)
    domain.reroute(ctx.clock, flag)
    ctx.session.flush()
    await ctx.edit(*route_view(ctx, house, flag, member))


# --- my reports -------------------------------------------------------------------------
async def my_flags(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagMine)
    house, member = private_house(ctx, action.house_id)
    t = ctx.t
    if action.flag_id:
        house, _, flag = reporter_of(ctx, action.flag_id)
        if flag.state == FlagState.DRAFT:
            raise UserError("flags.gone")
        await ctx.edit(*detail_view(ctx, house, flag))
        return
    own = domain.mine(ctx.session, house, member)
    rows: list[list[Button]] = [
        [
            (
                f"{t.day(f.created_at, house.timezone, 'd MMM')} · {t(TOPICS[f.topic])}"
                + (" ✅" if f.state == FlagState.RESOLVED else ""),
                FlagMine(house.id, f.id),
            )
        ]
        for f in own
    ]
    rows.append([(t("button.back"), FlagMenu(house.id))])
    await ctx.edit(t("flags.mine") if own else t("flags.mine_none"), rows)


async def withdraw(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagWithdraw)
    house, _, flag = reporter_of(ctx, action.flag_id)
    t = ctx.t
    if not action.sure:
        rows: list[list[Button]] = [
            [(t("flags.button.withdraw_sure"), FlagWithdraw(flag.id, True))],
            [(t("button.back"), FlagMine(house.id, flag.id))],
        ]
        await ctx.edit(t("flags.withdraw_question"), rows)
        return
    picker = member_by_id(ctx, flag.picked_by_id) if flag.state == FlagState.PICKED_UP else None
    await flags.empty_notices(ctx, flag, "flags.notice_withdrawn")
    await flags.empty_invitations(ctx, flag)
    if picker is not None:
        picker_t = ctx.translator_for(picker.person, house)
        await ctx.send_private(
            picker.person, picker_t("flags.withdrawn_for_picker", house=house.name)
        )
    domain.withdraw(ctx.session, flag)
    await ctx.edit(t("flags.withdrawn"), [[(t("button.back"), FlagMine(house.id, 0))]])


# --- the chair: how long resolved reports are kept ---------------------------------------
async def keep(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagKeep)
    house, member = private_house(ctx, action.house_id)
    if not is_chair(member):
        raise UserError("flags.only_chair")
    t = ctx.t
    if action.weeks:  # a house setting now: the house decides it (see /setup)
        raise UserError("hs.house_decides")
    weeks = domain.settings(ctx.session, house).retention_weeks
    choices: list[Button] = [
        (("✓ " if w == weeks else "") + weeks_text(t, w), FlagKeep(house.id, w))
        for w in domain.RETENTION_CHOICES
    ]
    back: Button = (t("button.back"), FlagMenu(house.id))
    rows: list[list[Button]] = [choices[:3], choices[3:], [back]]
    await ctx.edit(t("flags.keep_question", weeks=weeks_text(t, weeks)), rows)


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Flags:  # type: ignore[type-arg]
    """Conflict reports: the command, the buttons, the typed answers, hooks and start-up."""
    flags = Flags(deps, prompts)
    deps.startup_hooks.append(flags.rebuild)
    deps.hooks.departures.append(flags.on_departure)
    deps.hooks.forgets.append(flags.forget)
    deps.hooks.role_changes.append(flags.empty_former)

    prompts.on("flag_text", bind(answer_text, flags))
    prompts.on("flag_agenda", bind(answer_agenda, flags))
    app.add_handler(CommandHandler(FLAG.names, wrap(deps, bind(flag_command, flags))))
    for action_type, handler in (
        (FlagNew, new_flag),
        (FlagMenu, back_to_menu),
        (FlagWrite, write),
        (FlagSend, send),
        (FlagAgenda, agenda_step),
        (FlagDiscard, discard),
        (FlagPick, pick),
        (FlagResolve, resolve),
        (FlagMine, my_flags),
        (FlagWithdraw, withdraw),
        (FlagKeep, keep),
        (FlagReroute, reroute),
        (FlagCarry, carried),
        (FlagNextStep, flag_steps.next_step),  # issue 17.5: after a report is picked up
        (TalkInvite, flag_steps.invite),
        (TalkAgree, flag_steps.agree),
        (TalkSlot, flag_steps.slot),
    ):
        bound = wrap(deps, bind(handler, flags))
        app.add_handler(CallbackQueryHandler(bound, pattern=codec.matcher(action_type)))
    return flags
