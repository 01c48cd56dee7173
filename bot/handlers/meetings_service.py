"""The `Meetings` service: everything about meetings that outlives one update.

- the texts shared by the handlers and the jobs (the meeting view, planned, handover, last),
- the schedule: keyed, durable jobs per planned meeting (`meeting-<step>-<id>`: agenda,
  check-in round, reminder, digest, "did it happen?", the automatic "not held"), rebuilt at
  start-up,
- holding a meeting and marking it not held, and what follows a planned meeting,
- the guards the handlers share (`current_house`, `house_of`, `require_chair`, `prompt_house`)
  and `respond` (edit the tapped message or answer a typed one).
A message sent as part of a unit of work goes through `Work.send_group_soon` /
`send_private_soon`: a tap sends at once, a job after its commit (outside the database lock).

The handlers are in `bot.handlers.meetings` (the menu), `meetings_plan` (planning, settings,
after the meeting), `meetings_close` and `meetings_room`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.domain import agenda
from bot.domain import meetings as domain
from bot.domain.errors import UserError
from bot.domain.members import holder, membership
from bot.domain.polls import is_chair
from bot.handlers import checkins as checkin_handlers
from bot.handlers import meetings_close, meetings_room
from bot.handlers.kit import Button, Ctx, Deps, Work
from bot.handlers.meetings_close import (
    StepDown,
    absence_line,
    cant_come_rows,
)
from bot.handlers.meetings_texts import (
    AfterMeeting,
    MeetingMenu,
    MeetingSetting,
    agenda_block,
    name_of,
    plan_button,
    rule_text,
)
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator, escape
from bot.jobs.runner import JobWork, run_job
from bot.jobs.scheduler import JobFn
from bot.storage.meeting_models import Meeting, MeetingState
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
            await work.send_private_soon(member.person, t(msgid, house=house.name))

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
        await work.send_group_soon(house, "\n".join(lines))

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
        await work.send_group_soon(house, "\n".join(lines))
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


# --- guards the handlers share --------------------------------------------------------------
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


def prompt_house(ctx: Ctx, prompt: Prompt) -> House:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or not house.active or ctx.person is None:
        raise UserError("button.stale")
    ctx.member = membership(ctx.session, house, ctx.person)
    return house
