"""Conflict reports, what outlives one update: the buttons (callback actions), the texts
shared by the reporter's and the confidants' side, the confidants' messages (sent, updated,
emptied), and durable time (the confidants' reminder, the reporter told when nobody picked a
report up, the daily clean-up). The handlers are in `bot.handlers.flags`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.orm import Session
from telegram import Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.callbacks import codec
from bot.domain import flag_steps as step_domain
from bot.domain import flags as domain
from bot.domain.errors import UserError
from bot.domain.members import present_membership
from bot.handlers.kit import Button, Ctx, Deps, Work
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator
from bot.jobs.runner import run_job
from bot.jobs.scheduler import JobFn
from bot.storage.flags_models import Flag, FlagNotice, FlagRoute, FlagState, FlagTopic
from bot.storage.models import House, Member, Person
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


@codec.register("fc")
@dataclass(frozen=True)
class FlagCarry:
    """A report typed in the group, carried over to the private chat: its topic."""

    flag_id: int
    topic: FlagTopic


@codec.register("fb")
@dataclass(frozen=True)
class FlagReroute:
    """Nobody picked it up: the reporter chooses another route."""

    flag_id: int


@codec.register("fk")
@dataclass(frozen=True)
class FlagKeep:
    house_id: int
    weeks: int  # 0: show the choices


def weeks_text(t: Translator, weeks: int) -> Html:
    return t.plural("flags.weeks", weeks)


def names(members: list[Member]) -> str:
    return ", ".join(m.person.name_with_username for m in members)  # people to trust


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

    def __init__(self, deps: Deps, prompts: PromptRouter) -> None:
        self.deps = deps
        self.prompts = prompts  # the reporter's typed text and agenda line

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

    def schedule_reporter(self, flag: Flag) -> None:
        when = domain.tell_reporter_at(flag)
        if when is not None:
            self.deps.scheduler.at(
                f"flag-reporter-{flag.id}",
                when,
                self.job("flag reporter", self.tell_reporter, flag.id),
            )

    async def rebuild(self, work: Work) -> None:
        """At start-up: the reminders and the reporters' notes still owed, and the clean-up
        (which runs at once)."""
        for flag in domain.waiting_for_pick_up(work.session):
            self.schedule_reminder(flag)
        for flag in domain.not_told(work.session):
            self.schedule_reporter(flag)
        self.deps.scheduler.at("flags-purge", work.clock.now(), self.job("flags purge", self.purge))

    async def remind(self, work: Work, flag_id: int) -> None:
        flag = work.session.get(Flag, flag_id)
        if flag is None or domain.remind_at(flag) is None:
            return
        flag.reminded = True
        await self.empty_former(work)
        house = work.session.get(House, flag.house_id)
        reporter = work.session.get(Member, flag.reporter_id)
        assert house is not None and reporter is not None and flag.sent_at is not None
        for member in domain.recipients(work.session, flag):  # confidants now only
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
        await self.empty_former(work)
        for flag in domain.expired(work.session, work.clock):
            await self.empty_notices(work, flag, "flags.notice_deleted")
            domain.left_draft(work.session, flag)
            work.session.delete(flag)

    async def tell_reporter(self, work: Work, flag_id: int) -> None:
        """Two days and nobody picked it up: the reporter hears it privately, once, with a
        button to choose another route (another confidant, the agenda, only for themself)."""
        flag = work.session.get(Flag, flag_id)
        if flag is None or domain.tell_reporter_at(flag) is None:
            return
        flag.reporter_told = True
        house = work.session.get(House, flag.house_id)
        reporter = work.session.get(Member, flag.reporter_id)
        assert house is not None and reporter is not None and flag.sent_at is not None
        t = work.translator_for(reporter.person, house)
        text = t("flags.nobody_picked", house=house.name, day=t.day(flag.sent_at, house.timezone))
        work.post_private(
            reporter.person, text, [[(t("flags.button.reroute"), FlagReroute(flag.id))]]
        )

    async def forget(self, ctx: Ctx, person: Person) -> None:
        """/forgetme of a reporter: her reports' messages in the confidants' chats (her name,
        her text) are emptied the way withdrawing does; the rows go with her."""
        for flag in domain.reported_by(ctx.session, person):
            await self.empty_notices(ctx, flag, "flags.notice_withdrawn")
            await self.empty_invitations(ctx, flag)

    async def on_departure(self, ctx: Ctx, house: House, member: Member) -> None:
        """Someone left the residents' group: if they were a confidant, their messages about
        reports are emptied at once."""
        await self.empty_former(ctx)

    async def empty_former(self, work: Work) -> None:
        """Someone is no longer a confidant (the role taken away, moved out, left the group):
        their messages about reports are emptied, as withdrawing does, and forgotten."""
        for notice in domain.former_notices(work.session):
            member = work.session.get(Member, notice.member_id)
            house = work.session.get(House, notice.house_id)
            if member is not None and house is not None:
                t = work.translator_for(member.person, house)
                await self.edit_notice(work, notice, t("flags.notice_role_gone", house=house.name))
            work.session.delete(notice)
        work.session.flush()

    async def empty_invitations(self, work: Work, flag: Flag) -> None:
        """The report is withdrawn or its reporter forgotten: the invitations to its
        conversation (issue 17.5; they name the reporter) say it no longer goes ahead."""
        talk = step_domain.talk_of(work.session, flag)
        if talk is None:
            return
        house = work.session.get(House, talk.house_id)
        assert house is not None
        for person in step_domain.people(work.session, talk):
            member = work.session.get(Member, person.member_id)
            if member is None or person.chat_id is None or person.message_id is None:
                continue
            t = work.translator_for(member.person, house)
            try:
                await messenger.edit_text(
                    work.bot, person.chat_id, person.message_id, t("flags.talk.gone")
                )
            except TelegramError as exc:
                log.info("talk %s: invitation not emptied: %s", talk.id, type(exc).__name__)

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
            self.schedule_reporter(flag)
        return reached


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
