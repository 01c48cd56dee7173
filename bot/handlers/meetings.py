"""The residents' meeting in the chat: `/meeting` (`/vergadering`) shows the next meeting, its
chair, the chair order and the agenda; the chair plans it (one-off or a series, with quick
picks or typed), marks it held, calls it off, and changes the meeting settings; anyone
volunteers for the chair order, withdraws, or says "not this time". `/meeting last`
(`/vergadering vorige`) shows the last meeting: what was discussed, the minutes, the decisions.

Durable time: each planned meeting has keyed jobs (`meeting-<step>-<id>`) for the agenda, the
check-in round, its reminder, the digest and the automatic "held" a few hours after the start.
Each step records in the meeting row that it ran, so the jobs are rebuilt at start-up and a step
that fell due while the bot was down runs at once, or is passed over when it is too late to be
useful (an agenda after the start, a check-in after the digest time). The rules are in
`bot.domain.meetings`; the check-in round itself in `bot.handlers.checkins`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import codec
from bot.domain import agenda
from bot.domain import meetings as domain
from bot.domain.errors import UserError
from bot.domain.members import holder, membership
from bot.domain.polls import is_chair
from bot.handlers import checkins as checkin_handlers
from bot.handlers import meetings_close, meetings_room
from bot.handlers.commands import MEETING
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.meetings_close import (
    StepDown,
    absence_line,
    cant_come_rows,
    decisions_view,
    items_view,
    writable,
)
from bot.handlers.meetings_texts import (
    KIND_IDS,
    NTH_IDS,
    AfterMeeting,
    MeetingMenu,
    MeetingSetting,
    PlanMeeting,
    PlanStep,
    agenda_block,
    hhmm,
    name_of,
    plan_button,
    rule_text,
    weekday_name,
)
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator, escape
from bot.jobs.runner import JobWork, run_job
from bot.jobs.scheduler import JobFn
from bot.storage.meeting_models import Meeting, MeetingState, Recurrence
from bot.storage.models import House, Member, MemberStatus, Prompt, Role

STEPS = ("agenda", "checkin", "remind", "digest", "ask", "lapse")
LAST_WORDS = {"last", "vorige"}


class Meetings:
    """Everything about meetings that outlives one update: the schedule and the messages."""

    def __init__(self, deps: Deps, prompts: PromptRouter) -> None:
        self.deps = deps
        self.prompts = prompts
        self.checkins: checkin_handlers.Checkins | None = None

    # --- texts --------------------------------------------------------------------------
    def when(self, t: Translator, house: House, meeting: Meeting) -> str:
        return t.moment(meeting.starts_at, house.timezone)

    def chair_line(self, work: Work, t: Translator, house: House) -> str:
        chair = name_of(holder(work.session, house, Role.CHAIR))
        co_chair = name_of(holder(work.session, house, Role.CO_CHAIR))
        if chair and co_chair:
            return t("meeting.view.duo", chair=chair, co_chair=co_chair)
        if chair or co_chair:
            return t("meeting.view.chair", chair=chair or co_chair)
        return t("meeting.view.no_chair")

    def order_line(self, work: Work, t: Translator, house: House) -> str:
        names: list[str] = []
        for place in domain.volunteers(work.session, house):
            member = work.session.get(Member, place.member_id)
            if member is None or member.status != MemberStatus.RESIDENT:
                continue  # not in the rotation while not a resident
            name = escape(member.person.display_name)
            names.append(t("meeting.view.skipping", name=Html(name)) if place.skip_next else name)
        if not names:
            return t("meeting.view.no_order")
        return t("meeting.view.order", order=Html(" → ".join(names)))

    def view(
        self, work: Work, t: Translator, house: House, *, full: bool
    ) -> tuple[str, list[list[Button]]]:
        settings = domain.settings_of(work.session, house)
        meeting = domain.planned(work.session, house)
        lines: list[str] = []
        if meeting is not None:
            lines.append(t("meeting.view.next", when=self.when(t, house, meeting)))
            rule = rule_text(t, settings)
            if rule:
                lines.append(rule)
        else:
            lines.append(t("meeting.view.none"))
        lines.append(self.chair_line(work, t, house))
        lines.append(self.order_line(work, t, house))
        lines.append("")
        lines += agenda_block(t, agenda.entries(work.session, house), chair=full)
        rows: list[list[Button]] = [
            [
                (t("meeting.button_volunteer"), MeetingMenu(house.id, "vol", full)),
                (t("meeting.button_withdraw"), MeetingMenu(house.id, "wd", full)),
            ],
            [
                (t("meeting.button_skip"), MeetingMenu(house.id, "skip", full)),
                (t("meeting.button_last"), MeetingMenu(house.id, "last", full)),
            ],
        ]
        if full and meeting is not None:
            absent = absence_line(work, t, meeting)
            if absent:
                lines.insert(3 if rule_text(t, settings) else 2, absent)
        if full:
            rows.append(
                [
                    (t("meeting.button_room_decision"), meetings_room.LogRoomDecision(house.id)),
                    (t("meeting.button_step_down"), StepDown(house.id)),
                ]
            )
            rows.append(
                [
                    (t("meeting.button_plan"), plan_button(house.id, "start")),
                    (t("meeting.button_settings"), MeetingSetting(house.id, "show")),
                ]
            )
            if meeting is not None:
                chair_row: list[Button] = []
                if work.clock.now() >= meeting.starts_at - domain.EARLY_HOLD:
                    chair_row.append(
                        (t("meeting.button_held"), MeetingMenu(house.id, "held", full))
                    )
                chair_row.append(
                    (t("meeting.button_cancel"), MeetingMenu(house.id, "cancel", full))
                )
                rows.append(chair_row)
        return "\n".join(lines), rows

    def planned_text(self, work: Work, t: Translator, house: House, meeting: Meeting) -> str:
        settings = domain.settings_of(work.session, house)
        lines: list[str] = [t("meeting.planned", when=self.when(t, house, meeting))]
        rule = rule_text(t, settings)
        if rule:
            lines.append(rule)
        lines.append(self.chair_line(work, t, house))
        lines.append(t.plural("meeting.agenda_when", settings.agenda_days))
        if settings.checkin_hours:
            lines.append(t.plural("meeting.checkin_when", settings.checkin_hours))
        return "\n".join(lines)

    def handover_text(
        self, t: Translator, handover: domain.Handover, *, thanks: bool = True
    ) -> str:
        chair, co_chair = name_of(handover.chair), name_of(handover.co_chair)
        if chair is None:
            text = t("meeting.handover_none")
        elif not handover.changed:
            text = t("meeting.handover_same", chair=chair)
        elif co_chair is not None:
            text = t("meeting.handover_duo", chair=chair, co_chair=co_chair)
        else:
            text = t("meeting.handover", chair=chair)
        old = handover.old_chair
        if (
            thanks
            and old is not None
            and handover.chair is not None
            and old.id != handover.chair.id
        ):
            text = Html(text + " " + t("meeting.thanks", name=old.person.display_name))
        return text

    async def tell_new_chairs(self, work: Work, house: House, handover: domain.Handover) -> None:
        """Privately, to whoever became (co-)chair: at once in an update; after the commit,
        outside the database lock, in a job (the meeting held by itself)."""
        for member, was, msgid in (
            (handover.chair, handover.old_chair, "meeting.you_chair"),
            (handover.co_chair, handover.old_co_chair, "meeting.you_co_chair"),
        ):
            if member is None or (was is not None and was.id == member.id):
                continue
            t = work.translator_for(member.person, house)
            if isinstance(work, Ctx):
                await work.send_private(member.person, t(msgid, house=house.name))
            else:
                work.post_private(member.person, t(msgid, house=house.name))

    def last_text(self, work: Work, t: Translator, house: House, meeting: Meeting) -> str:
        lines: list[str] = [t("meeting.last.title", when=self.when(t, house, meeting))]
        chair = work.session.get(Member, meeting.chair_id) if meeting.chair_id else None
        co_chair = work.session.get(Member, meeting.co_chair_id) if meeting.co_chair_id else None
        if chair is not None and co_chair is not None:
            lines.append(t("meeting.view.duo", chair=name_of(chair), co_chair=name_of(co_chair)))
        elif chair is not None:
            lines.append(t("meeting.view.chair", chair=name_of(chair)))
        done = [i for i in domain.meeting_items(work.session, meeting) if i.done_at is not None]
        if done:
            lines.append("")
            lines.append(t("meeting.last.items"))
            lines += [f"• {escape(item.text)}" for item in done]
        lines.append("")
        if meeting.minutes:
            lines.append(t("meeting.last.minutes", minutes=meeting.minutes))
        else:
            lines.append(t("meeting.last.no_minutes"))
        decisions = domain.linked_decisions(work.session, meeting)
        if decisions:
            lines.append("")
            lines.append(t("meeting.last.decisions"))
            lines += [
                t("meeting.last.decision", number=d.number, question=d.question) for d in decisions
            ]
        return "\n".join(lines)

    def after_rows(self, t: Translator, meeting: Meeting) -> list[list[Button]]:
        return [
            [
                (t("meeting.button_minutes"), AfterMeeting(meeting.id, "min")),
                (t("meeting.button_decisions"), AfterMeeting(meeting.id, "dec")),
            ],
            [(t("meeting.button_items"), AfterMeeting(meeting.id, "items"))],
        ]

    # --- the schedule -------------------------------------------------------------------
    def key(self, step: str, meeting: Meeting) -> str:
        return f"meeting-{step}-{meeting.id}"

    def job(self, fn: Callable[[Work, int], Awaitable[None]], meeting_id: int) -> JobFn:
        async def work_fn(work: Work) -> None:
            await fn(work, meeting_id)

        run_work: JobWork = work_fn

        async def run() -> None:
            await run_job(self.deps, self.deps.bot, f"{fn.__name__}({meeting_id})", run_work)

        return run

    def unschedule(self, meeting: Meeting) -> None:
        for step in STEPS:
            self.deps.scheduler.cancel(self.key(step, meeting))

    def schedule(self, work: Work, house: House, meeting: Meeting) -> None:
        """(Re)schedule every step of a planned meeting that has not run yet."""
        self.unschedule(meeting)
        times = domain.step_times(domain.settings_of(work.session, house), house, meeting)
        at = self.deps.scheduler.at
        if meeting.agenda_sent_at is None:
            at(self.key("agenda", meeting), times.agenda, self.job(self.agenda_job, meeting.id))
        if times.checkin is not None and meeting.checkin_sent_at is None:
            at(self.key("checkin", meeting), times.checkin, self.job(self.checkin_job, meeting.id))
        if times.reminder is not None and meeting.reminder_sent_at is None:
            at(self.key("remind", meeting), times.reminder, self.job(self.remind_job, meeting.id))
        if times.digest is not None and meeting.digest_sent_at is None:
            at(self.key("digest", meeting), times.digest, self.job(self.digest_job, meeting.id))
        if meeting.asked_at is None:
            at(self.key("ask", meeting), times.ask, self.job(self.ask_job, meeting.id))
        at(self.key("lapse", meeting), times.lapse, self.job(self.lapse_job, meeting.id))

    async def rebuild(self, work: Work) -> None:
        """At start-up: every planned meeting gets its steps back."""
        for meeting in domain.all_planned(work.session):
            house = work.session.get(House, meeting.house_id)
            if house is not None and house.active:
                self.schedule(work, house, meeting)

    def load(self, work: Work, meeting_id: int) -> tuple[House, Meeting] | None:
        meeting = work.session.get(Meeting, meeting_id)
        if meeting is None or meeting.state != MeetingState.PLANNED:
            return None
        house = work.session.get(House, meeting.house_id)
        if house is None or not house.active:
            return None
        return house, meeting

    async def agenda_job(self, work: Work, meeting_id: int) -> None:
        loaded = self.load(work, meeting_id)
        if loaded is None or loaded[1].agenda_sent_at is not None:
            return
        house, meeting = loaded
        meeting.agenda_sent_at = work.clock.now()
        if work.clock.now() >= meeting.starts_at:
            return  # too late to be useful
        t = work.group_translator(house)
        lines: list[str] = [
            t("meeting.agenda_post", when=self.when(t, house, meeting)),
            self.chair_line(work, t, house),
            "",
        ]
        lines += agenda_block(t, agenda.entries(work.session, house))
        # after the commit, outside the database lock
        work.post_group(house, "\n".join(lines), cant_come_rows(t, meeting))

    async def checkin_job(self, work: Work, meeting_id: int) -> None:
        loaded = self.load(work, meeting_id)
        if loaded is None or loaded[1].checkin_sent_at is not None:
            return
        house, meeting = loaded
        times = domain.step_times(domain.settings_of(work.session, house), house, meeting)
        meeting.checkin_sent_at = work.clock.now()
        if times.digest is not None and work.clock.now() < times.digest:
            assert self.checkins is not None
            await self.checkins.send_round(work, house, meeting)
        self.schedule(work, house, meeting)  # the reminder counts from now

    async def remind_job(self, work: Work, meeting_id: int) -> None:
        loaded = self.load(work, meeting_id)
        if loaded is None:
            return
        house, meeting = loaded
        if meeting.reminder_sent_at is not None or meeting.checkin_sent_at is None:
            return  # the check-in job schedules the reminder once it has run
        if work.clock.now() < meeting.checkin_sent_at + domain.REMINDER_GAP:
            return  # an outdated job: the reminder was rescheduled when the question went out
        times = domain.step_times(domain.settings_of(work.session, house), house, meeting)
        meeting.reminder_sent_at = work.clock.now()
        if times.digest is not None and work.clock.now() < times.digest:
            assert self.checkins is not None
            await self.checkins.remind(work, house, meeting)

    async def digest_job(self, work: Work, meeting_id: int) -> None:
        loaded = self.load(work, meeting_id)
        if loaded is None or loaded[1].digest_sent_at is not None:
            return
        house, meeting = loaded
        meeting.digest_sent_at = work.clock.now()
        if meeting.checkin_sent_at is not None:
            assert self.checkins is not None
            await self.checkins.send_digest(work, house, meeting)

    async def ask_job(self, work: Work, meeting_id: int) -> None:
        """After the planned end: "did the meeting take place?", privately to the chair(s)."""
        loaded = self.load(work, meeting_id)
        if loaded is None or loaded[1].asked_at is not None:
            return
        house, meeting = loaded
        meeting.asked_at = work.clock.now()
        for role in (Role.CHAIR, Role.CO_CHAIR):
            member = holder(work.session, house, role)
            if member is None:
                continue
            t = work.translator_for(member.person, house)
            text = t("meeting.did_it_happen", when=self.when(t, house, meeting), house=house.name)
            work.post_private(member.person, text, meetings_close.asked_rows(t, meeting))
        self.schedule(work, house, meeting)  # the lapse counts from the question

    async def lapse_job(self, work: Work, meeting_id: int) -> None:
        loaded = self.load(work, meeting_id)
        if loaded is None or loaded[1].asked_at is None:
            return
        house, meeting = loaded
        if (
            work.clock.now()
            < domain.step_times(domain.settings_of(work.session, house), house, meeting).lapse
        ):
            return  # an outdated job: it was rescheduled when the question went out
        await self.not_held(work, house, meeting)

    async def not_held(self, work: Work, house: House, meeting: Meeting) -> None:
        """Nobody said it took place (or the chair said it did not): every item carries over."""
        following = domain.not_held(work.session, work.clock, house, meeting)
        self.unschedule(meeting)
        t = work.group_translator(house)
        lines: list[str] = [t("meeting.not_held", when=self.when(t, house, meeting))]
        if following is not None:
            self.schedule(work, house, following)
            lines.append(t("meeting.next", when=self.when(t, house, following)))
        if isinstance(work, Ctx):
            await work.send_group(house, "\n".join(lines))
        else:
            work.post_group(house, "\n".join(lines))

    # --- holding ------------------------------------------------------------------------
    async def hold(self, work: Work, house: House, meeting: Meeting) -> None:
        """The meeting was held (the chair said so): tell the group; the chair then ticks the
        items that were discussed."""
        held = domain.hold(work.session, work.clock, house, meeting)
        self.unschedule(meeting)
        if held.next_meeting is not None:
            self.schedule(work, house, held.next_meeting)
        t = work.group_translator(house)
        lines: list[str] = [t("meeting.held", when=self.when(t, house, meeting))]
        if held.items:
            lines.append(t.plural("meeting.items_to_tick", len(held.items)))
        lines.append(self.handover_text(t, held.handover))
        if held.next_meeting is not None:
            lines.append(t("meeting.next", when=self.when(t, house, held.next_meeting)))
        if isinstance(work, Ctx):
            await work.send_group(house, "\n".join(lines))
        else:
            work.post_group(house, "\n".join(lines))
        await self.tell_new_chairs(work, house, held.handover)

    async def after_plan(
        self, ctx: Ctx, house: House, meeting: Meeting, replaced: Meeting | None
    ) -> None:
        if replaced is not None:
            self.unschedule(replaced)
        self.schedule(ctx, house, meeting)
        group_text = self.planned_text(ctx, ctx.group_translator(house), house, meeting)
        if ctx.in_group:
            await respond(ctx, group_text)
            return
        await ctx.send_group(house, group_text)
        own = self.planned_text(ctx, ctx.t, house, meeting)
        await respond(ctx, Html(ctx.t("meeting.planned_private") + "\n\n" + own))


async def respond(ctx: Ctx, text: str, rows: list[list[Button]] | None = None) -> None:
    """Edit the message of the tapped button, or answer a typed message."""
    if ctx.update.callback_query is not None:
        await ctx.edit(text, rows or [])
    else:
        await ctx.reply(text, rows or [])


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Meetings:  # type: ignore[type-arg]
    meetings = Meetings(deps, prompts)
    meetings.checkins = checkin_handlers.register(app, deps, prompts)
    deps.startup_hooks.append(meetings.rebuild)

    def current_house(ctx: Ctx) -> House:
        if ctx.house is None or not ctx.house.active:
            raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
        return ctx.house

    def house_of(ctx: Ctx, house_id: int) -> House:
        house = current_house(ctx)
        if house.id != house_id:
            raise UserError("button.stale")
        return house

    def require_chair(ctx: Ctx, house: House) -> None:
        if is_chair(ctx.member):
            return
        chairs = [
            m.person.display_name
            for m in (holder(ctx.session, house, r) for r in (Role.CHAIR, Role.CO_CHAIR))
            if m is not None
        ]
        if not chairs:
            raise UserError("meeting.no_chair_yet")
        raise UserError("meeting.only_chair", chair=", ".join(chairs))

    async def meeting_command(ctx: Ctx) -> None:
        house = current_house(ctx)
        if ctx.args and ctx.args[0].casefold() in LAST_WORDS:
            await show_last(ctx, house)
            return
        await ctx.reply(*meetings.view(ctx, ctx.t, house, full=is_chair(ctx.member)))

    async def show_last(ctx: Ctx, house: House) -> None:
        meeting = domain.last_held(ctx.session, house)
        if meeting is None:
            await respond(ctx, ctx.t("meeting.last.none"))
            return
        rows: list[list[Button]] = []
        if domain.may_write_minutes(ctx.member, meeting):
            rows = meetings.after_rows(ctx.t, meeting)
        await respond(ctx, meetings.last_text(ctx, ctx.t, house, meeting), rows)

    async def refresh(ctx: Ctx, house: House, full: bool) -> None:
        await ctx.edit(*meetings.view(ctx, ctx.t, house, full=full))

    async def menu(ctx: Ctx) -> None:
        action = ctx.action(MeetingMenu)
        house = house_of(ctx, action.house_id)
        t, op = ctx.t, action.op
        if op == "view":
            await refresh(ctx, house, action.full)
        elif op == "last":
            await show_last(ctx, house)
        elif op == "vol":
            became_chair = domain.volunteer(ctx.session, ctx.clock, house, ctx.member)
            await refresh(ctx, house, action.full)
            if became_chair:
                assert ctx.member is not None
                group_t = ctx.group_translator(house)
                name = ctx.member.person.display_name
                await ctx.send_group(house, group_t("meeting.volunteered_chair", name=name))
                await ctx.popup(t("meeting.you_are_chair_now"), alert=True)
            else:
                await ctx.popup(t("meeting.volunteered"))
        elif op == "wd":
            domain.withdraw(ctx.session, ctx.member)
            await refresh(ctx, house, action.full)
            chair = ctx.member is not None and Role.CHAIR in ctx.member.role_set
            await ctx.popup(t("meeting.withdrawn_chair" if chair else "meeting.withdrawn"))
        elif op == "skip":
            await skip(ctx, house, action.full)
        elif op in ("held", "cancel", "cancel_yes", "cancel_stop"):
            await chair_op(ctx, house, action)
        else:
            raise UserError("button.stale")

    async def skip(ctx: Ctx, house: House, full: bool) -> None:
        member = ctx.member
        if member is not None and Role.CHAIR in member.role_set:
            if domain.volunteer_of(ctx.session, member) is None:
                raise UserError("meeting.not_volunteer")
            handover = domain.pass_chair(ctx.session, ctx.clock, house, member)
            group_t = ctx.group_translator(house)
            text = group_t("meeting.passed", name=member.person.display_name)
            await ctx.send_group(
                house, Html(text + "\n" + meetings.handover_text(group_t, handover, thanks=False))
            )
            await meetings.tell_new_chairs(ctx, house, handover)
            await refresh(ctx, house, full=False)
            await ctx.popup(ctx.t("meeting.passed_popup"))
            return
        skipping = domain.toggle_skip(ctx.session, member)
        await refresh(ctx, house, full)
        await ctx.popup(ctx.t("meeting.skip_on" if skipping else "meeting.skip_off"))

    async def chair_op(ctx: Ctx, house: House, action: MeetingMenu) -> None:
        require_chair(ctx, house)
        meeting = domain.planned(ctx.session, house)
        if meeting is None:
            raise UserError("meeting.not_planned")
        t = ctx.t
        if action.op == "held":
            await meetings.hold(ctx, house, meeting)
            await ctx.edit(*items_view(ctx, meeting, house))
            return
        if action.op == "cancel":
            rows: list[list[Button]] = [
                [(t("meeting.button_cancel_yes"), MeetingMenu(house.id, "cancel_yes", True))]
            ]
            if domain.settings_of(ctx.session, house).recurrence != Recurrence.NONE:
                rows.append(
                    [(t("meeting.button_cancel_stop"), MeetingMenu(house.id, "cancel_stop", True))]
                )
            rows.append([(t("button.back"), MeetingMenu(house.id, "view", True))])
            await ctx.edit(t("meeting.cancel_ask", when=meetings.when(t, house, meeting)), rows)
            return
        stop = action.op == "cancel_stop"
        following = domain.cancel(ctx.session, ctx.clock, house, meeting, stop_series=stop)
        meetings.unschedule(meeting)
        group_t = ctx.group_translator(house)
        lines: list[str] = [
            group_t("meeting.cancelled", when=meetings.when(group_t, house, meeting))
        ]
        if following is not None:
            meetings.schedule(ctx, house, following)
            lines.append(group_t("meeting.next", when=meetings.when(group_t, house, following)))
        elif stop:
            lines.append(group_t("meeting.series_stopped"))
        await ctx.send_group(house, "\n".join(lines))
        await refresh(ctx, house, True)

    # --- planning -----------------------------------------------------------------------
    def back_row(t: Translator, house: House) -> list[Button]:
        return [(t("button.back"), plan_button(house.id, "start"))]

    async def plan(ctx: Ctx) -> None:
        a = PlanStep.of(ctx.action(PlanMeeting))
        house = house_of(ctx, a.house_id)
        require_chair(ctx, house)
        t = ctx.t
        if a.kind == "start":
            rows: list[list[Button]] = [
                [(t(KIND_IDS[kind]), plan_button(house.id, kind)) for kind in ("once", "weekly")],
                [
                    (t(KIND_IDS[kind]), plan_button(house.id, kind))
                    for kind in ("biweekly", "monthly")
                ],
                [(t("button.back"), MeetingMenu(house.id, "view", True))],
            ]
            await ctx.edit(t("meeting.plan.kind"), rows)
            return
        recurrence = domain.KINDS.get(a.kind)
        if recurrence is None:
            raise UserError("button.stale")
        if recurrence == Recurrence.MONTHLY and a.nth == -1:
            nths: list[Button] = [
                (t(NTH_IDS[n]), plan_button(house.id, a.kind, n)) for n in domain.NTHS
            ]
            await ctx.edit(t("meeting.plan.nth"), [nths[:2], nths[2:], back_row(t, house)])
            return
        if a.day == -1:
            await ctx.edit(*day_view(ctx, house, a, recurrence))
            return
        if a.day == -2 and recurrence == Recurrence.NONE:
            await prompts.ask(
                ctx, "meeting_when", t("meeting.plan.ask_date"), house=house, payload=""
            )
            await ctx.popup(t("meeting.answer_below"))
            return
        if a.minute == -1:
            picks: list[Button] = [
                (hhmm(m), plan_button(house.id, a.kind, a.nth, a.day, m)) for m in domain.TIME_PICKS
            ]
            rows = [
                picks[:3],
                picks[3:],
                [(t("meeting.plan.type_time"), plan_button(house.id, a.kind, a.nth, a.day, -2))],
                back_row(t, house),
            ]
            await ctx.edit(t("meeting.plan.time"), rows)
            return
        if a.minute == -2:
            await prompts.ask(
                ctx,
                "meeting_time",
                t("meeting.plan.ask_time"),
                house=house,
                payload=f"{a.kind},{a.nth},{a.day}",
            )
            await ctx.popup(t("meeting.answer_below"))
            return
        await commit(ctx, house, a.kind, a.nth, a.day, a.minute)

    def day_view(
        ctx: Ctx, house: House, a: PlanStep, recurrence: Recurrence
    ) -> tuple[str, list[list[Button]]]:
        t = ctx.t
        buttons: list[Button]
        if recurrence == Recurrence.NONE:
            now = ctx.clock.now()
            buttons = []
            for offset in range(7):
                moment = now + timedelta(days=offset)
                local = moment.astimezone(ZoneInfo(house.timezone)).date()
                value = local.year * 10000 + local.month * 100 + local.day
                label = t.day(moment, house.timezone, "EEE d MMM")
                buttons.append((label, plan_button(house.id, a.kind, a.nth, value)))
            buttons.append((t("meeting.plan.type_date"), plan_button(house.id, a.kind, a.nth, -2)))
            text = t("meeting.plan.day")
        else:
            buttons = [
                (weekday_name(t, w), plan_button(house.id, a.kind, a.nth, w)) for w in range(7)
            ]
            text = t("meeting.plan.weekday")
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append(back_row(t, house))
        return text, rows

    async def commit(ctx: Ctx, house: House, kind: str, nth: int, day: int, minute: int) -> None:
        recurrence = domain.KINDS.get(kind)
        if recurrence is None or not 0 <= minute < 1440:
            raise UserError("button.stale")
        if recurrence == Recurrence.NONE:
            try:
                local = date(day // 10000, day // 100 % 100, day % 100)
            except ValueError:
                raise UserError("button.stale") from None
            moment = domain.local_moment(house, local, minute)
            meeting, replaced = domain.plan_once(ctx.session, ctx.clock, house, moment)
        else:
            meeting, replaced = domain.plan_series(
                ctx.session,
                ctx.clock,
                house,
                recurrence,
                weekday=day,
                minute_of_day=minute,
                nth=nth if recurrence == Recurrence.MONTHLY else None,
            )
        await meetings.after_plan(ctx, house, meeting, replaced)

    def prompt_house(ctx: Ctx, prompt: Prompt) -> House:
        house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
        if house is None or not house.active or ctx.person is None:
            raise UserError("button.stale")
        ctx.member = membership(ctx.session, house, ctx.person)
        return house

    async def answer_when(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house = prompt_house(ctx, prompt)
        require_chair(ctx, house)
        moment = domain.parse_moment(house, ctx.clock.now(), text)
        meeting, replaced = domain.plan_once(ctx.session, ctx.clock, house, moment)
        await meetings.after_plan(ctx, house, meeting, replaced)

    async def answer_time(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house = prompt_house(ctx, prompt)
        require_chair(ctx, house)
        kind, nth, day = prompt.payload.split(",")
        await commit(ctx, house, kind, int(nth), int(day), domain.parse_time(text))

    # --- settings -----------------------------------------------------------------------
    def settings_view(ctx: Ctx, house: House) -> tuple[str, list[list[Button]]]:
        t = ctx.t
        settings = domain.settings_of(ctx.session, house)
        checkin = (
            t.plural("meeting.set.checkin", settings.checkin_hours)
            if settings.checkin_hours
            else t("meeting.set.off")
        )
        text = t(
            "meeting.settings",
            house=house.name,
            agenda=t.plural("meeting.set.agenda", settings.agenda_days),
            checkin=checkin,
            duo=t("meeting.set.yes" if settings.duo else "meeting.set.no"),
            keep=t.plural("meeting.set.keep", settings.retention_weeks),
            support=t(
                "meeting.set.support_own"
                if settings.support_text
                else "meeting.set.support_default"
            ),
        )
        rows: list[list[Button]] = [
            [
                (t("meeting.set.button_agenda"), MeetingSetting(house.id, "agenda")),
                (t("meeting.set.button_checkin"), MeetingSetting(house.id, "checkin")),
            ],
            [
                (t("meeting.set.button_duo"), MeetingSetting(house.id, "duo")),
                (t("meeting.set.button_keep"), MeetingSetting(house.id, "keep")),
            ],
            [(t("meeting.set.button_support"), MeetingSetting(house.id, "support"))],
        ]
        if settings.support_text:
            rows.append(
                [(t("meeting.set.button_support_default"), MeetingSetting(house.id, "supdef"))]
            )
        rows.append([(t("button.back"), MeetingMenu(house.id, "view", True))])
        return text, rows

    async def setting(ctx: Ctx) -> None:
        action = ctx.action(MeetingSetting)
        house = house_of(ctx, action.house_id)
        require_chair(ctx, house)
        settings = domain.settings_of(ctx.session, house)
        if action.item == "support":
            await prompts.ask(
                ctx, "meeting_support", ctx.t("meeting.ask_support"), house=house, payload=""
            )
            await ctx.popup(ctx.t("meeting.answer_below"))
            return
        if action.item == "supdef":
            domain.set_support_text(settings, None)
        elif action.item in ("checkin", "keep"):  # house settings: see /setup
            raise UserError("hs.house_decides")
        elif action.item != "show":
            domain.cycle_setting(settings, action.item)
            meeting = domain.planned(ctx.session, house)
            if meeting is not None:
                meetings.schedule(ctx, house, meeting)
        await ctx.edit(*settings_view(ctx, house))

    async def answer_support(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house = prompt_house(ctx, prompt)
        require_chair(ctx, house)
        domain.set_support_text(domain.settings_of(ctx.session, house), text)
        await ctx.reply(*settings_view(ctx, house))

    # --- after the meeting --------------------------------------------------------------
    async def after(ctx: Ctx) -> None:
        action = ctx.action(AfterMeeting)
        house, meeting = writable(ctx, action.meeting_id)
        t = ctx.t
        if action.op == "view":
            await ctx.edit(
                meetings.last_text(ctx, t, house, meeting), meetings.after_rows(t, meeting)
            )
        elif action.op == "min":
            await prompts.ask(
                ctx,
                "meeting_minutes",
                t("meeting.ask_minutes"),
                house=house,
                payload=str(meeting.id),
            )
            await ctx.popup(t("meeting.answer_below"))
        elif action.op == "dec":
            await ctx.edit(*decisions_view(ctx, house, meeting))
        elif action.op == "items":
            await ctx.edit(*items_view(ctx, meeting))
        else:
            raise UserError("button.stale")

    async def answer_minutes(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house = prompt_house(ctx, prompt)
        meeting = domain.meeting_in_house(ctx.session, house, int(prompt.payload))
        domain.require_minutes_writer(ctx.session, ctx.member, meeting)
        domain.set_minutes(meeting, text)
        await ctx.reply(ctx.t("meeting.minutes_saved"))

    meetings_close.register(app, deps, meetings)
    meetings_room.register(app, deps, prompts)
    prompts.on("meeting_when", answer_when)
    prompts.on("meeting_time", answer_time)
    prompts.on("meeting_support", answer_support)
    prompts.on("meeting_minutes", answer_minutes)
    app.add_handler(CommandHandler(MEETING.names, wrap(deps, meeting_command)))
    for action_type, handler in (
        (MeetingMenu, menu),
        (PlanMeeting, plan),
        (MeetingSetting, setting),
        (AfterMeeting, after),
    ):
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    return meetings
