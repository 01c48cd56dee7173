"""After a meeting, and what nobody may lose before it (issue 14): "did the meeting take
place?" to the chair(s) after its planned end (no answer: not held, every item carries over),
the items to tick as discussed after "held" (none pre-ticked), "🙋 I can't come" on the agenda
message, and the chair stepping down with one tap. Module-level handlers; `register` routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import codec
from bot.domain import meeting_voice as voice
from bot.domain import meetings as domain
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.domain.polls import is_chair
from bot.handlers.bind import bind
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.meetings_texts import AfterMeeting, LinkDecision, short
from bot.i18n import Html, Translator
from bot.storage.meeting_models import Meeting, MeetingState
from bot.storage.models import House, Role

if TYPE_CHECKING:
    from bot.handlers.meetings_service import Meetings


@codec.register("cdh")
@dataclass(frozen=True)
class DidItHappen:
    """The chair's private answer to "did the meeting take place?" (1 = yes)."""

    meeting_id: int
    held: int


@codec.register("cit")
@dataclass(frozen=True)
class TickItem:
    meeting_id: int
    item_id: int


@codec.register("cab")
@dataclass(frozen=True)
class CantCome:
    """ "🙋 I can't come" on the agenda message (op "t"), and in private whether the chair may
    see the name ("n" yes, "a" no)."""

    meeting_id: int
    op: str


@codec.register("csd")
@dataclass(frozen=True)
class StepDown:
    house_id: int


def items_view(
    ctx: Ctx, meeting: Meeting, house: House | None = None
) -> tuple[str, list[list[Button]]]:
    """The items that were on the meeting's agenda, to tick as discussed. An item without a
    tick stays on the agenda for the next meeting. With `house`: right after "held"."""
    t = ctx.t
    items = domain.meeting_items(ctx.session, meeting)
    rows: list[list[Button]] = [
        [
            (
                ("✓ " if item.done_at is not None else "⬜ ") + short(item.text),
                TickItem(meeting.id, item.id),
            )
        ]
        for item in items
    ]
    rows.append([(t("button.back"), AfterMeeting(meeting.id, "view"))])
    text = t("meeting.items_pick" if items else "meeting.items_none")
    if house is not None:
        when = t.moment(meeting.starts_at, house.timezone)
        text = Html(t("meeting.after", when=when) + "\n\n" + text)
    return text, rows


def writable(ctx: Ctx, meeting_id: int) -> tuple[House, Meeting]:
    """The meeting of an after-meeting button, for whoever may write its minutes."""
    house = ctx.house
    if house is None or not house.active:
        raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
    meeting = domain.meeting_in_house(ctx.session, house, meeting_id)
    domain.require_minutes_writer(ctx.session, ctx.member, meeting)
    return house, meeting


def decisions_view(ctx: Ctx, house: House, meeting: Meeting) -> tuple[str, list[list[Button]]]:
    """The decisions since the meeting before, to link to the minutes."""
    t = ctx.t
    linked = {d.id for d in domain.linked_decisions(ctx.session, meeting)}
    offered = {d.id: d for d in domain.linked_decisions(ctx.session, meeting)}
    offered.update({d.id: d for d in domain.linkable_decisions(ctx.session, house, meeting)})
    rows: list[list[Button]] = [
        [
            (
                ("✓ " if d.id in linked else "") + short(f"{d.number} {d.question}"),
                LinkDecision(meeting.id, d.id),
            )
        ]
        for d in sorted(offered.values(), key=lambda d: (d.year, d.seq))
    ]
    rows.append([(t("button.back"), AfterMeeting(meeting.id, "view"))])
    return t("meeting.decisions_pick" if offered else "meeting.decisions_none"), rows


async def link_decision(ctx: Ctx) -> None:
    action = ctx.action(LinkDecision)
    house, meeting = writable(ctx, action.meeting_id)
    linked = domain.toggle_decision(ctx.session, house, meeting, action.decision_id)
    await ctx.edit(*decisions_view(ctx, house, meeting))
    await ctx.popup(ctx.t("meeting.decision_linked" if linked else "meeting.decision_unlinked"))


def asked_rows(t: Translator, meeting: Meeting) -> list[list[Button]]:
    return [
        [(t("meeting.button_it_happened"), DidItHappen(meeting.id, 1))],
        [(t("meeting.button_it_did_not"), DidItHappen(meeting.id, 0))],
    ]


def cant_come_rows(t: Translator, meeting: Meeting) -> list[list[Button]]:
    return [[(t("meeting.button_cant_come"), CantCome(meeting.id, "t"))]]


def absence_line(work: Work, t: Translator, meeting: Meeting) -> str | None:
    """For the chair: how many cannot come, and the names of those who gave them."""
    absent = voice.absences(work.session, meeting)
    if not absent.count:
        return None
    line = t.plural("meeting.absent", absent.count)
    if absent.names:
        line = Html(line + " " + t("meeting.absent_names", names=", ".join(absent.names)))
    return line


def _meeting_of(ctx: Ctx, meeting_id: int) -> tuple[House, Meeting]:
    meeting = ctx.session.get(Meeting, meeting_id)
    if meeting is None or ctx.person is None:
        raise UserError("button.stale")
    house = ctx.session.get(House, meeting.house_id)
    if house is None or not house.active:
        raise UserError("button.stale")
    ctx.member = membership(ctx.session, house, ctx.person)
    return house, meeting


async def did_it_happen(meetings: Meetings, ctx: Ctx) -> None:
    action = ctx.action(DidItHappen)
    house, meeting = _meeting_of(ctx, action.meeting_id)
    if not is_chair(ctx.member):
        raise UserError("meeting.not_chair")
    if meeting.state != MeetingState.PLANNED:
        raise UserError("meeting.answered_already")
    if action.held:
        await meetings.hold(ctx, house, meeting)
        await ctx.edit(*items_view(ctx, meeting, house))
        return
    await meetings.not_held(ctx, house, meeting)
    await ctx.edit(ctx.t("meeting.not_held_private"))


async def tick_item(ctx: Ctx) -> None:
    action = ctx.action(TickItem)
    _, meeting = _meeting_of(ctx, action.meeting_id)
    domain.require_minutes_writer(ctx.session, ctx.member, meeting)
    done = domain.tick_item(ctx.session, ctx.clock, meeting, action.item_id)
    await ctx.edit(*items_view(ctx, meeting))
    await ctx.popup(ctx.t("meeting.item_done" if done else "meeting.item_reopened"))


async def cant_come(ctx: Ctx) -> None:
    action = ctx.action(CantCome)
    house, meeting = _meeting_of(ctx, action.meeting_id)
    if action.op in ("n", "a"):
        voice.name_absence(ctx.session, meeting, ctx.member, action.op == "n")
        await ctx.edit(ctx.t("meeting.absent_named" if action.op == "n" else "meeting.absent_anon"))
        return
    absent = voice.cant_come(ctx.session, ctx.clock, house, meeting, ctx.member)
    if not absent:
        await ctx.popup(ctx.t("meeting.can_come_after_all"), alert=True)
        return
    assert ctx.person is not None
    t = ctx.translator_for(ctx.person, house)
    when = t.moment(meeting.starts_at, house.timezone)
    sent = await ctx.send_private(
        ctx.person,
        t("meeting.absent_ask_name", when=when),
        [
            [(t("meeting.button_absent_named"), CantCome(meeting.id, "n"))],
            [(t("meeting.button_absent_anon"), CantCome(meeting.id, "a"))],
        ],
    )
    await ctx.popup(
        ctx.t("meeting.absent_noted" if sent is not None else "meeting.absent_noted_no_chat"),
        alert=True,
    )


async def step_down(meetings: Meetings, ctx: Ctx) -> None:
    action = ctx.action(StepDown)
    house = ctx.house
    if house is None or house.id != action.house_id or ctx.member is None:
        raise UserError("button.stale")
    member = ctx.member
    handover = domain.step_down(ctx.session, ctx.clock, house, member)
    group_t = ctx.group_translator(house)
    text = group_t("meeting.stepped_down", name=member.person.display_name)
    if handover.chair is None:
        text = Html(text + "\n" + group_t("meeting.handover_none"))
    elif handover.chair.id != member.id and Role.CHAIR in handover.chair.role_set:
        text = Html(text + "\n" + meetings.handover_text(group_t, handover, thanks=False))
    await ctx.send_group(house, text)
    await meetings.tell_new_chairs(ctx, house, handover)
    await ctx.edit(*meetings.view(ctx, ctx.t, house, full=False))
    await ctx.popup(ctx.t("meeting.stepped_down_popup"))


def register(app: Application, deps: Deps, meetings: Meetings) -> None:  # type: ignore[type-arg]
    """The buttons after (and just before) a meeting."""
    buttons: tuple[tuple[type, Callable[[Ctx], Awaitable[None]]], ...] = (
        (DidItHappen, bind(did_it_happen, meetings)),
        (TickItem, tick_item),
        (LinkDecision, link_decision),
        (CantCome, cant_come),
        (StepDown, bind(step_down, meetings)),
    )
    for action_type, button in buttons:
        handler = wrap(deps, button)
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
