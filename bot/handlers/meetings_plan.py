"""Planning a meeting and what comes after it, for the chair: the plan form (one-off or a
series, quick picks or a typed date and time), the meeting settings (agenda days, duo, the
support text), and after the meeting (minutes, the decisions it took, the items discussed).

Every handler is a module-level function; `bot.handlers.meetings.register()` routes them.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.domain import meetings as domain
from bot.domain.errors import UserError
from bot.handlers.kit import Button, Ctx
from bot.handlers.meetings_close import (
    decisions_view,
    items_view,
    writable,
)
from bot.handlers.meetings_service import (
    Meetings,
    house_of,
    prompt_house,
    require_chair,
)
from bot.handlers.meetings_texts import (
    KIND_IDS,
    NTH_IDS,
    AfterMeeting,
    MeetingMenu,
    MeetingSetting,
    PlanMeeting,
    PlanStep,
    hhmm,
    plan_button,
    weekday_name,
)
from bot.i18n import Translator
from bot.storage.meeting_models import Recurrence
from bot.storage.models import House, Prompt


# --- planning -----------------------------------------------------------------------
def back_row(t: Translator, house: House) -> list[Button]:
    return [(t("button.back"), plan_button(house.id, "start"))]


async def plan(meetings: Meetings, ctx: Ctx) -> None:
    a = PlanStep.of(ctx.action(PlanMeeting))
    house = house_of(ctx, a.house_id)
    require_chair(ctx, house)
    t = ctx.t
    if a.kind == "start":
        rows: list[list[Button]] = [
            [(t(KIND_IDS[kind]), plan_button(house.id, kind)) for kind in ("once", "weekly")],
            [(t(KIND_IDS[kind]), plan_button(house.id, kind)) for kind in ("biweekly", "monthly")],
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
        await meetings.prompts.ask(
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
        await meetings.prompts.ask(
            ctx,
            "meeting_time",
            t("meeting.plan.ask_time"),
            house=house,
            payload=f"{a.kind},{a.nth},{a.day}",
        )
        await ctx.popup(t("meeting.answer_below"))
        return
    await commit(meetings, ctx, house, a.kind, a.nth, a.day, a.minute)


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
        buttons = [(weekday_name(t, w), plan_button(house.id, a.kind, a.nth, w)) for w in range(7)]
        text = t("meeting.plan.weekday")
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(back_row(t, house))
    return text, rows


async def commit(
    meetings: Meetings, ctx: Ctx, house: House, kind: str, nth: int, day: int, minute: int
) -> None:
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


async def answer_when(meetings: Meetings, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = prompt_house(ctx, prompt)
    require_chair(ctx, house)
    moment = domain.parse_moment(house, ctx.clock.now(), text)
    meeting, replaced = domain.plan_once(ctx.session, ctx.clock, house, moment)
    await meetings.after_plan(ctx, house, meeting, replaced)


async def answer_time(meetings: Meetings, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = prompt_house(ctx, prompt)
    require_chair(ctx, house)
    kind, nth, day = prompt.payload.split(",")
    await commit(meetings, ctx, house, kind, int(nth), int(day), domain.parse_time(text))


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
            "meeting.set.support_own" if settings.support_text else "meeting.set.support_default"
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
        rows.append([(t("meeting.set.button_support_default"), MeetingSetting(house.id, "supdef"))])
    rows.append([(t("button.back"), MeetingMenu(house.id, "view", True))])
    return text, rows


async def setting(meetings: Meetings, ctx: Ctx) -> None:
    action = ctx.action(MeetingSetting)
    house = house_of(ctx, action.house_id)
    require_chair(ctx, house)
    settings = domain.settings_of(ctx.session, house)
    if action.item == "support":
        await meetings.prompts.ask(
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
async def after(meetings: Meetings, ctx: Ctx) -> None:
    action = ctx.action(AfterMeeting)
    house, meeting = writable(ctx, action.meeting_id)
    t = ctx.t
    if action.op == "view":
        await ctx.edit(meetings.last_text(ctx, t, house, meeting), meetings.after_rows(t, meeting))
    elif action.op == "min":
        await meetings.prompts.ask(
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
