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

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.orm import Session
from telegram import Message
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import codec
from bot.domain import flags as domain
from bot.domain.errors import UserError
from bot.domain.members import membership, present_membership
from bot.domain.polls import is_chair
from bot.handlers.commands import FLAG
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator, escape
from bot.jobs.runner import run_job
from bot.jobs.scheduler import JobFn
from bot.storage.flags_models import Flag, FlagNotice, FlagRoute, FlagState, FlagTopic
from bot.storage.models import House, Member, PrivateChat, Prompt
from bot.telegram import messenger, outbox

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(days=1)
ALL = 0  # FlagSend(member_id=ALL): every confidant

TOPICS = {
    FlagTopic.CONFLICT: "flags.topic.conflict",
    FlagTopic.UNSAFE: "flags.topic.unsafe",
    FlagTopic.HOUSE: "flags.topic.house",
}
TOPIC_BUTTONS = {
    FlagTopic.CONFLICT: "flags.button.conflict",
    FlagTopic.UNSAFE: "flags.button.unsafe",
    FlagTopic.HOUSE: "flags.button.house",
}
AGENDA_DEFAULTS = {
    FlagTopic.CONFLICT: "flags.agenda_default.conflict",
    FlagTopic.UNSAFE: "flags.agenda_default.unsafe",
    FlagTopic.HOUSE: "flags.agenda_default.house",
}
ROUTES = {
    FlagRoute.CONFIDANTS: "flags.route.confidants",
    FlagRoute.AGENDA: "flags.route.agenda",
    FlagRoute.SELF: "flags.route.self",
}
STATES = {
    FlagState.SENT: "flags.state.sent",
    FlagState.ON_AGENDA: "flags.state.on_agenda",
    FlagState.SAVED: "flags.state.saved",
}


@codec.register("f")
@dataclass(frozen=True)
class FlagNew:
    house_id: int
    topic: FlagTopic


@codec.register("fmn")
@dataclass(frozen=True)
class FlagMenu:
    house_id: int


@codec.register("ft")
@dataclass(frozen=True)
class FlagWrite:
    flag_id: int
    write: bool  # False: skip the free text


@codec.register("fr")
@dataclass(frozen=True)
class FlagSend:
    flag_id: int
    route: FlagRoute
    member_id: int  # one confidant, or ALL


@codec.register("fa")
@dataclass(frozen=True)
class FlagAgenda:
    flag_id: int
    op: str  # ok | edit | back


@codec.register("fx")
@dataclass(frozen=True)
class FlagDiscard:
    flag_id: int


@codec.register("fp")
@dataclass(frozen=True)
class FlagPick:
    flag_id: int


@codec.register("fd")
@dataclass(frozen=True)
class FlagResolve:
    flag_id: int


@codec.register("fm")
@dataclass(frozen=True)
class FlagMine:
    house_id: int
    flag_id: int  # 0: the list


@codec.register("fw")
@dataclass(frozen=True)
class FlagWithdraw:
    flag_id: int
    sure: bool


@codec.register("fk")
@dataclass(frozen=True)
class FlagKeep:
    house_id: int
    weeks: int  # 0: show the choices


def weeks_text(t: Translator, weeks: int) -> Html:
    return t.plural("flags.weeks", weeks)


def names(members: list[Member]) -> str:
    return ", ".join(m.person.display_name for m in members)


def agenda_text(work: Work, house: House, flag: Flag) -> str:
    """What goes on the agenda: the reporter's wording, else a neutral sentence in the house's
    language that names nobody."""
    return flag.agenda_text or str(work.group_translator(house)(AGENDA_DEFAULTS[flag.topic]))


def notice_text(t: Translator, house: House, flag: Flag, reporter: Member) -> Html:
    return t(
        "flags.notice",
        house=house.name,
        name=reporter.person.display_name,
        topic=t(TOPICS[flag.topic]),
        text=flag.text if flag.text else t("flags.no_text"),
    )


class Flags:
    """What outlives one update: the reminder and the daily clean-up, and the messages to the
    confidants."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    # --- durable time -----------------------------------------------------------------------
    def job(self, name: str, fn: Callable[..., Awaitable[None]], *args: int) -> JobFn:
        async def run() -> None:
            async def work(w: Work) -> None:
                await fn(w, *args)

            await run_job(self.deps, self.deps.bot, name, work)

        return run

    def schedule_reminder(self, flag: Flag) -> None:
        when = domain.remind_at(flag)
        if when is not None:
            self.deps.scheduler.at(
                f"flag-remind-{flag.id}", when, self.job("flag reminder", self.remind, flag.id)
            )

    async def rebuild(self, work: Work) -> None:
        """At start-up: the reminders still owed, and the clean-up (which runs at once)."""
        for flag in domain.waiting_for_pick_up(work.session):
            self.schedule_reminder(flag)
        self.deps.scheduler.at("flags-purge", work.clock.now(), self.job("flags purge", self.purge))

    async def remind(self, work: Work, flag_id: int) -> None:
        flag = work.session.get(Flag, flag_id)
        if flag is None or domain.remind_at(flag) is None:
            return
        flag.reminded = True
        house = work.session.get(House, flag.house_id)
        reporter = work.session.get(Member, flag.reporter_id)
        assert house is not None and reporter is not None and flag.sent_at is not None
        for member in domain.recipients(work.session, flag):
            t = work.translator_for(member.person, house)
            text = t(
                "flags.reminder",
                house=house.name,
                name=reporter.person.display_name,
                day=t.day(flag.sent_at, house.timezone),
            )
            rows = [[(t("flags.button.pick"), FlagPick(flag.id))]]
            # After the job's commit, outside the database lock; the message is kept then.
            work.post_private(
                member.person, text, rows, then=partial(self.reminded, flag.id, member.id)
            )

    def reminded(
        self, flag_id: int, member_id: int, session: Session, message: Message
    ) -> outbox.FollowUp | None:
        """A reminder went out: from now on it is one of the confidant's messages about the
        report, emptied or updated with the others. A report picked up, closed or withdrawn
        while the reminder was on its way gets the reminder brought up to date, as its other
        messages were."""
        flag = session.get(Flag, flag_id)
        member = session.get(Member, member_id)
        if member is None:
            return None
        house = session.get(House, member.house_id)
        if house is None:
            return None
        t = Work(session, self.deps, self.deps.bot).translator_for(member.person, house)
        if flag is None:
            text = t("flags.notice_withdrawn", house=house.name)
        else:
            domain.add_notice(session, flag, member, message.chat_id, message.message_id)
            reporter = session.get(Member, flag.reporter_id)
            name = reporter.person.display_name if reporter is not None else "—"
            if flag.state == FlagState.SENT:
                return None
            if flag.state == FlagState.PICKED_UP:
                picker = session.get(Member, flag.picked_by_id) if flag.picked_by_id else None
                text = t(
                    "flags.notice_picked",
                    house=house.name,
                    name=name,
                    picker=picker.person.display_name if picker is not None else "—",
                )
            else:
                text = t("flags.notice_closed", house=house.name, name=name)
        bot, chat_id, message_id = self.deps.bot, message.chat_id, message.message_id

        async def catch_up() -> None:
            try:
                await messenger.edit_text(bot, chat_id, message_id, text)
            except TelegramError as exc:
                log.info("flag %s: reminder not brought up to date: %s", flag_id, exc)

        return catch_up

    async def purge(self, work: Work) -> None:
        """Daily: delete what is past its time, and empty the confidants' messages about it."""
        self.deps.scheduler.at(  # first, so that one failed run does not end the clean-ups
            "flags-purge", work.clock.now() + PURGE_EVERY, self.job("flags purge", self.purge)
        )
        domain.settle_agenda(work.session, work.clock)
        for flag in domain.expired(work.session, work.clock):
            await self.empty_notices(work, flag, "flags.notice_deleted")
            domain.left_draft(work.session, flag)
            work.session.delete(flag)

    # --- the confidants' messages -------------------------------------------------------------
    async def edit_notice(
        self, work: Work, notice: FlagNotice, text: str, rows: list[list[Button]] | None = None
    ) -> None:
        try:
            await messenger.edit_text(
                work.bot, notice.chat_id, notice.message_id, text, work.markup(rows or [])
            )
        except (BadRequest, Forbidden) as exc:
            log.info("flag notice %s cannot be edited: %s", notice.id, exc.message)

    async def empty_notices(self, work: Work, flag: Flag, msgid: str, **params: object) -> None:
        """Every confidant's message about the report: text and buttons gone."""
        house = work.session.get(House, flag.house_id)
        assert house is not None
        for notice in domain.notices(work.session, flag):
            member = work.session.get(Member, notice.member_id)
            if member is None:
                continue
            t = work.translator_for(member.person, house)
            await self.edit_notice(work, notice, t(msgid, house=house.name, **params))

    async def send_to_confidants(
        self, work: Work, house: House, flag: Flag, reporter: Member, targets: list[Member]
    ) -> list[Member]:
        reached = []
        for member in targets:
            t = work.translator_for(member.person, house)
            rows = [[(t("flags.button.pick"), FlagPick(flag.id))]]
            message = await work.send_private(
                member.person, notice_text(t, house, flag, reporter), rows
            )
            if message is not None:
                domain.add_notice(work.session, flag, member, message.chat_id, message.message_id)
                reached.append(member)
        if reached:
            domain.sent(work.session, work.clock, flag)
            work.session.flush()
            self.schedule_reminder(flag)
        return reached


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Flags:  # type: ignore[type-arg]
    flags = Flags(deps)
    deps.startup_hooks.append(flags.rebuild)

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
            label = f"{t('flags.button.confidants')}: {names(confidants)}"
            rows.append([(label, FlagSend(flag.id, FlagRoute.CONFIDANTS, ALL))])
            if len(confidants) > 1:
                for member in confidants:
                    label = f"{t('flags.button.only')} {member.person.display_name}"
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
        if flag.state in domain.OPEN_STATES:
            rows.append([(t("flags.button.resolved"), FlagResolve(flag.id))])
        rows.append([(t("flags.button.withdraw"), FlagWithdraw(flag.id, False))])
        rows.append([(t("button.back"), FlagMine(house.id, 0))])
        return "\n\n".join(lines), rows

    # --- helpers ------------------------------------------------------------------------------
    def reporter_of(ctx: Ctx, flag_id: int) -> tuple[House, Member, Flag]:
        """The flag of a button or answer of its reporter, with the house it belongs to."""
        flag = ctx.session.get(Flag, flag_id)
        if flag is None or ctx.person is None:
            raise UserError("flags.gone")
        house = ctx.session.get(House, flag.house_id)
        assert house is not None
        member = present_membership(ctx.session, house, ctx.person)
        flag = domain.own_flag(ctx.session, flag_id, member)
        assert member is not None
        return house, member, flag

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
    async def flag_command(ctx: Ctx) -> None:
        if ctx.in_group:
            await in_group(ctx)
            return
        house, member = private_house(ctx)
        await ctx.reply(*menu(ctx, house, member))

    async def in_group(ctx: Ctx) -> None:
        """Nothing that says what it was about: a neutral line and the private-chat button."""
        message, chat = ctx.update.effective_message, ctx.chat
        assert message is not None and chat is not None
        with contextlib.suppress(BadRequest, Forbidden):  # no right: the command stays
            await ctx.bot.delete_message(chat.id, message.message_id)
        house = ctx.house
        if house is None or not house.active:
            raise UserError("help.group_no_house")
        await ctx.reply(
            ctx.t("flags.group"), [[(ctx.t("card.private_chat"), ctx.deep_link(house))]]
        )
        person = ctx.person
        if (
            person is not None
            and ctx.member is not None
            and person.private_chat == PrivateChat.OPEN
        ):
            ctx.t = ctx.translator_for(person, house)
            text, rows = menu(ctx, house, ctx.member)
            await ctx.send_private(person, text, rows)

    # --- the reporter's steps --------------------------------------------------------------
    async def new_flag(ctx: Ctx) -> None:
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

    async def back_to_menu(ctx: Ctx) -> None:
        action = ctx.action(FlagMenu)
        house, member = private_house(ctx, action.house_id)
        await ctx.edit(*menu(ctx, house, member))

    async def write(ctx: Ctx) -> None:
        action = ctx.action(FlagWrite)
        house, member, flag = reporter_of(ctx, action.flag_id)
        if flag.state != FlagState.DRAFT:
            raise UserError("flags.already_sent")
        if action.write:
            await ctx.edit(ctx.t("flags.text_step", topic=ctx.t(TOPICS[flag.topic])))
            await prompts.ask(
                ctx,
                "flag_text",
                ctx.t("flags.ask_text"),
                house=house,
                payload=str(flag.id),
                subject=domain.about(flag),
            )
            return
        await ctx.edit(*route_view(ctx, house, flag, member))

    async def answer_text(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house, member, flag = reporter_of(ctx, int(prompt.payload))
        if flag.state != FlagState.DRAFT:
            raise UserError("flags.already_sent")
        domain.set_text(flag, text)
        await ctx.reply(*route_view(ctx, house, flag, member))

    async def send(ctx: Ctx) -> None:
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

    async def agenda_step(ctx: Ctx) -> None:
        action = ctx.action(FlagAgenda)
        house, member, flag = reporter_of(ctx, action.flag_id)
        if flag.state != FlagState.DRAFT:
            raise UserError("flags.already_sent")
        if action.op == "ok":
            domain.put_on_agenda(ctx.session, ctx.clock, house, flag, agenda_text(ctx, house, flag))
            await ctx.edit(ctx.t("flags.on_agenda", text=agenda_text(ctx, house, flag)))
        elif action.op == "edit":
            await ctx.edit(ctx.t("flags.agenda_preview", text=agenda_text(ctx, house, flag)))
            await prompts.ask(
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

    async def answer_agenda(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house, _, flag = reporter_of(ctx, int(prompt.payload))
        if flag.state != FlagState.DRAFT:
            raise UserError("flags.already_sent")
        domain.set_agenda_text(flag, text)
        await ctx.reply(*agenda_view(ctx, house, flag))

    async def discard(ctx: Ctx) -> None:
        action = ctx.action(FlagDiscard)
        _, _, flag = reporter_of(ctx, action.flag_id)
        if flag.state != FlagState.DRAFT:
            raise UserError("flags.already_sent")
        domain.discard(ctx.session, flag)
        await ctx.edit(ctx.t("flags.discarded"))

    # --- the confidants' side ----------------------------------------------------------------
    async def pick(ctx: Ctx) -> None:
        action = ctx.action(FlagPick)
        flag = ctx.session.get(Flag, action.flag_id)
        if flag is None or ctx.person is None:
            raise UserError("flags.gone")
        house = ctx.session.get(House, flag.house_id)
        assert house is not None
        member = membership(ctx.session, house, ctx.person)
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
            reporter_t("flags.picked_for_reporter", name=picker, house=house.name),
            [[(reporter_t("flags.button.resolved"), FlagResolve(flag.id))]],
        )
        await ctx.popup(ctx.t("flags.you_picked_popup"))

    async def resolve(ctx: Ctx) -> None:
        action = ctx.action(FlagResolve)
        flag = ctx.session.get(Flag, action.flag_id)
        if flag is None or ctx.person is None:
            raise UserError("flags.gone")
        house = ctx.session.get(House, flag.house_id)
        assert house is not None
        member = membership(ctx.session, house, ctx.person)
        if member is None:
            raise UserError("flags.gone")
        domain.resolve(ctx.clock, flag, member)
        reporter = ctx.session.get(Member, flag.reporter_id)
        picker = member_by_id(ctx, flag.picked_by_id)
        assert reporter is not None
        await flags.empty_notices(
            ctx, flag, "flags.notice_closed", name=reporter.person.display_name
        )
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

    # --- my reports -------------------------------------------------------------------------
    async def my_flags(ctx: Ctx) -> None:
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

    async def withdraw(ctx: Ctx) -> None:
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
        if picker is not None:
            picker_t = ctx.translator_for(picker.person, house)
            await ctx.send_private(
                picker.person, picker_t("flags.withdrawn_for_picker", house=house.name)
            )
        domain.withdraw(ctx.session, flag)
        await ctx.edit(t("flags.withdrawn"), [[(t("button.back"), FlagMine(house.id, 0))]])

    # --- the chair: how long resolved reports are kept ---------------------------------------
    async def keep(ctx: Ctx) -> None:
        action = ctx.action(FlagKeep)
        house, member = private_house(ctx, action.house_id)
        if not is_chair(member):
            raise UserError("flags.only_chair")
        t = ctx.t
        if action.weeks:
            changed = domain.set_retention(ctx.session, house, member, action.weeks)
            if changed:
                group_t = ctx.group_translator(house)
                await ctx.send_group(
                    house,
                    group_t(
                        "flags.keep_announced",
                        name=member.person.display_name,
                        weeks=weeks_text(group_t, action.weeks),
                    ),
                )
        weeks = domain.settings(ctx.session, house).retention_weeks
        choices: list[Button] = [
            (("✓ " if w == weeks else "") + weeks_text(t, w), FlagKeep(house.id, w))
            for w in domain.RETENTION_CHOICES
        ]
        back: Button = (t("button.back"), FlagMenu(house.id))
        rows: list[list[Button]] = [choices[:3], choices[3:], [back]]
        await ctx.edit(t("flags.keep_question", weeks=weeks_text(t, weeks)), rows)

    prompts.on("flag_text", answer_text)
    prompts.on("flag_agenda", answer_agenda)
    app.add_handler(CommandHandler(FLAG.names, wrap(deps, flag_command)))
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
    ):
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    return flags
