"""The residents' meeting in the chat: `/meeting` (`/vergadering`) shows the next meeting, its
chair, the chair order and the agenda; anyone volunteers for the chair order, withdraws, or says
"not this time"; the chair marks it held or calls it off. `/meeting last` (`/vergadering
vorige`) shows the last meeting: what was discussed, the minutes, the decisions.

Where the code is (this module holds the `/meeting` command and its menu; `register()` is the
feature's list of commands, buttons, typed answers and start-up hooks):

- `bot.handlers.meetings_service`: the `Meetings` service (texts, the durable schedule of each
  planned meeting, holding it) and the guards the handlers share.
- `bot.handlers.meetings_plan`: planning (one-off or a series, quick picks or typed), the
  meeting settings, and after the meeting (minutes, decisions, items).
- `bot.handlers.meetings_close`: "did it happen?", ticking items, "I can't come", stepping down.
- `bot.handlers.meetings_room`: a decision taken in the room.
- `bot.handlers.meetings_texts`: the button dataclasses and small texts.
- `bot.domain.meetings`: the rules, without Telegram; the check-in round in
  `bot.handlers.checkins`.

Every handler is a module-level function whose first argument is the `Meetings` service (or
just `ctx`); `register()` binds it with `bot.handlers.bind.bind`.
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import codec
from bot.domain import meetings as domain
from bot.domain.errors import UserError
from bot.domain.polls import is_chair
from bot.handlers import checkins as checkin_handlers
from bot.handlers import meetings_close, meetings_room
from bot.handlers import meetings_plan as plan
from bot.handlers.bind import bind
from bot.handlers.commands import MEETING
from bot.handlers.kit import Button, Ctx, Deps, wrap
from bot.handlers.meetings_close import items_view
from bot.handlers.meetings_service import (
    LAST_WORDS,
    Meetings,
    current_house,
    house_of,
    require_chair,
    respond,
)
from bot.handlers.meetings_texts import (
    AfterMeeting,
    MeetingMenu,
    MeetingSetting,
    PlanMeeting,
    PlanStep,
    plan_button,
)
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html
from bot.storage.meeting_models import Recurrence
from bot.storage.models import House, Role

__all__ = [
    "AfterMeeting",
    "MeetingMenu",
    "MeetingSetting",
    "Meetings",
    "PlanMeeting",
    "PlanStep",
    "plan_button",
    "register",
]


async def meeting_command(meetings: Meetings, ctx: Ctx) -> None:
    house = current_house(ctx)
    if ctx.args and ctx.args[0].casefold() in LAST_WORDS:
        await show_last(meetings, ctx, house)
        return
    await ctx.reply(*meetings.view(ctx, ctx.t, house, full=is_chair(ctx.member)))


async def show_last(meetings: Meetings, ctx: Ctx, house: House) -> None:
    meeting = domain.last_held(ctx.session, house)
    if meeting is None:
        await respond(ctx, ctx.t("meeting.last.none"))
        return
    rows: list[list[Button]] = []
    if domain.may_write_minutes(ctx.member, meeting):
        rows = meetings.after_rows(ctx.t, meeting)
    await respond(ctx, meetings.last_text(ctx, ctx.t, house, meeting), rows)


async def refresh(meetings: Meetings, ctx: Ctx, house: House, full: bool) -> None:
    await ctx.edit(*meetings.view(ctx, ctx.t, house, full=full))


async def menu(meetings: Meetings, ctx: Ctx) -> None:
    action = ctx.action(MeetingMenu)
    house = house_of(ctx, action.house_id)
    t, op = ctx.t, action.op
    if op == "view":
        await refresh(meetings, ctx, house, action.full)
    elif op == "last":
        await show_last(meetings, ctx, house)
    elif op == "vol":
        became_chair = domain.volunteer(ctx.session, ctx.clock, house, ctx.member)
        await refresh(meetings, ctx, house, action.full)
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
        await refresh(meetings, ctx, house, action.full)
        chair = ctx.member is not None and Role.CHAIR in ctx.member.role_set
        await ctx.popup(t("meeting.withdrawn_chair" if chair else "meeting.withdrawn"))
    elif op == "skip":
        await skip(meetings, ctx, house, action.full)
    elif op in ("held", "cancel", "cancel_yes", "cancel_stop"):
        await chair_op(meetings, ctx, house, action)
    else:
        raise UserError("button.stale")


async def skip(meetings: Meetings, ctx: Ctx, house: House, full: bool) -> None:
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
        await refresh(meetings, ctx, house, full=False)
        await ctx.popup(ctx.t("meeting.passed_popup"))
        return
    skipping = domain.toggle_skip(ctx.session, member)
    await refresh(meetings, ctx, house, full)
    await ctx.popup(ctx.t("meeting.skip_on" if skipping else "meeting.skip_off"))


async def chair_op(meetings: Meetings, ctx: Ctx, house: House, action: MeetingMenu) -> None:
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
    lines: list[str] = [group_t("meeting.cancelled", when=meetings.when(group_t, house, meeting))]
    if following is not None:
        meetings.schedule(ctx, house, following)
        lines.append(group_t("meeting.next", when=meetings.when(group_t, house, following)))
    elif stop:
        lines.append(group_t("meeting.series_stopped"))
    await ctx.send_group(house, "\n".join(lines))
    await refresh(meetings, ctx, house, True)


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Meetings:  # type: ignore[type-arg]
    """The meeting's command, buttons, typed answers and start-up hook."""
    meetings = Meetings(deps, prompts)
    meetings.checkins = checkin_handlers.register(app, deps, prompts)
    deps.startup_hooks.append(meetings.rebuild)  # re-arms every meeting's steps
    meetings_close.register(app, deps, meetings)
    meetings_room.register(app, deps, prompts)
    buttons = (
        (MeetingMenu, menu),
        (PlanMeeting, plan.plan),
        (MeetingSetting, plan.setting),
        (AfterMeeting, plan.after),
    )
    typed = (
        ("meeting_when", bind(plan.answer_when, meetings)),
        ("meeting_time", bind(plan.answer_time, meetings)),
        ("meeting_support", plan.answer_support),
        ("meeting_minutes", plan.answer_minutes),
    )
    for kind, answer in typed:
        prompts.on(kind, answer)
    app.add_handler(CommandHandler(MEETING.names, wrap(deps, bind(meeting_command, meetings))))
    for action_type, button in buttons:
        handler = wrap(deps, bind(button, meetings))
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
    return meetings
