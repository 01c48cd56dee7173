"""Arriving (issue 17.4): the newcomer's welcome and, after the settling-in period, the question
about the evaluation talk. The rules are in `bot.domain.arrivals`.

- When the bot lets someone in through the house's own link (`admission.py` calls the
  `arrivals` hook, at once or after the second "Welkom"), or a member adds someone new to the
  group (`people.py` calls it), the newcomer gets privately the
  house's "Zo doen wij het hier" text (a house setting: `/setup`, changed by a decision), with
  buttons to the rules, the next meeting and the rota, and a buddy offered at the door. A
  welcome that could not be delivered comes when they open the private chat (`people.start`
  calls the same hook).
- After the settling-in period (a house setting, default six weeks) a durable job
  (`arrival-talk-<id>`, rebuilt at start-up) asks the newcomer and the chair, each privately,
  whether to plan the evaluation talk. When both say yes, each gets the other's contact to
  agree a time. "Later" asks that one again after two weeks. Nobody else hears of it.

Handlers are module-level functions taking the `Arriving` service first; `register()` routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import ArrivalShow, TalkAnswer, codec
from bot.domain import aftercare as aftercare_domain
from bot.domain import arrivals as domain
from bot.domain import members as member_domain
from bot.domain import polls as poll_domain
from bot.domain import rules as rules_domain
from bot.domain.errors import UserError
from bot.handlers import rota_views
from bot.handlers.aftercare_buttons import contact_of
from bot.handlers.aftercare_service import Aftercare
from bot.handlers.bind import bind
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.meetings import Meetings
from bot.handlers.rules import book_text
from bot.i18n import Translator
from bot.jobs.runner import job_call
from bot.storage.arrival_models import Arrival
from bot.storage.models import House, Member

SHOW = ("rules", "meet", "rota", "buddy")


class Arriving:
    """What outlives one update: the evaluation-talk jobs; the features the welcome points to."""

    def __init__(self, deps: Deps, aftercare: Aftercare | None, meetings: Meetings | None) -> None:
        self.deps = deps
        self.aftercare = aftercare
        self.meetings = meetings

    # --- the welcome ----------------------------------------------------------------------
    def welcome(self, work: Work, t: Translator, house: House) -> tuple[str, list[list[Button]]]:
        own = domain.house_way(work.session, house)
        text = t(
            "arrival.welcome",
            house=house.name,
            text=own if own is not None else t("arrival.house_way.default"),
        )
        rows: list[list[Button]] = [
            [(t("arrival.button_rules"), ArrivalShow(house.id, "rules"))],
            [(t("arrival.button_meeting"), ArrivalShow(house.id, "meet"))],
            [(t("arrival.button_rota"), ArrivalShow(house.id, "rota"))],
            [(t("arrival.button_buddy"), ArrivalShow(house.id, "buddy"))],
        ]
        return text + "\n\n" + t("arrival.buddy_offer"), rows

    async def arrived(self, ctx: Ctx, house: House, member: Member, approved: bool) -> None:
        """The `arrivals` hook. `approved`: they arrive now (let in through the house's link,
        or added to the group by a member; the arrival is kept); else they opened the private
        chat (a welcome still owed)."""
        if approved:
            arrival = domain.arrive(ctx.session, ctx.clock, house, member)
            if arrival is None:  # someone the house knows already
                return
            self.arm(arrival)
            if arrival.welcomed_at is not None:
                return
        else:
            arrival = domain.welcome_owed(ctx.session, member)
            if arrival is None:
                return
        t = ctx.translator_for(member.person, house)
        if await ctx.send_private(member.person, *self.welcome(ctx, t, house)) is not None:
            domain.welcomed(ctx.clock, arrival)

    # --- the evaluation talk --------------------------------------------------------------
    def arm(self, arrival: Arrival) -> None:
        self.deps.scheduler.at(
            f"arrival-talk-{arrival.id}",
            arrival.talk_at,
            job_call(self.deps, self.talk_job, arrival.id),
        )

    async def rebuild(self, work: Work) -> None:
        """At start-up: every arrival not yet asked about gets its job back (one that fell due
        while the bot was down runs at once)."""
        for arrival in domain.pending(work.session):
            self.arm(arrival)

    async def talk_job(self, work: Work, arrival_id: int) -> None:
        arrival = work.session.get(Arrival, arrival_id)
        if arrival is None:
            return
        house = work.session.get(House, arrival.house_id)
        if house is None or not house.active:
            return
        if arrival.talk_at > work.clock.now():  # moved by a "later": wait for it
            self.arm(arrival)
            return
        newcomer = domain.due(work.session, work.clock, arrival)
        if newcomer is None:
            if arrival.asked_at is None:  # not yet a resident: asked again later
                self.arm(arrival)
            return
        weeks = max(1, (work.clock.now() - arrival.arrived_at).days // 7)
        name = newcomer.person.first_name
        if arrival.newcomer_answer is None:
            t = work.translator_for(newcomer.person, house)
            await work.send_private_soon(
                newcomer.person,
                t("arrival.talk.ask_newcomer", weeks=weeks, house=house.name),
                talk_rows(t, arrival, chair=False),
            )
        if arrival.chair_answer is None:
            for chair in poll_domain.chairs(work.session, house):
                if chair.id == newcomer.id:
                    continue
                t = work.translator_for(chair.person, house)
                await work.send_private_soon(
                    chair.person,
                    t("arrival.talk.ask_chair", name=name, weeks=weeks, house=house.name),
                    talk_rows(t, arrival, chair=True),
                )


def talk_rows(t: Translator, arrival: Arrival, *, chair: bool) -> list[list[Button]]:
    return [
        [(t("arrival.talk.button_yes"), TalkAnswer(arrival.id, chair, True))],
        [(t("arrival.talk.button_later"), TalkAnswer(arrival.id, chair, False))],
    ]


# --- the buttons -------------------------------------------------------------------------------


async def show(arriving: Arriving, ctx: Ctx) -> None:
    """A button of the welcome: the rules, the next meeting, the rota, or a buddy."""
    action = ctx.action(ArrivalShow)
    house = ctx.session.get(House, action.house_id)
    if house is None or not house.active or ctx.person is None or action.what not in SHOW:
        raise UserError("button.stale")
    member = member_domain.membership(ctx.session, house, ctx.person)
    if member is None or not member_domain.present(member):
        raise UserError("button.stale")
    ctx.house, ctx.member = house, member
    ctx.t = t = ctx.translator_for(ctx.person, house)
    if action.what == "buddy":  # kept even before the private chat is open
        aftercare_domain.ask_for_buddy(ctx.session, ctx.clock, member, True)
        await ctx.popup(t("aftercare.buddy.ask_saved"))
        await ctx.send_private(ctx.person, t("aftercare.buddy.looking"))
        if arriving.aftercare is not None:
            await arriving.aftercare.propose_pairs(ctx, house)
        return
    rows: list[list[Button]] = []
    if action.what == "rules":
        book = rules_domain.book(ctx.session, house)
        text = book_text(t, house, book, rules_domain.unconfirmed(ctx.session, house))
    elif action.what == "meet":
        if arriving.meetings is None:
            raise UserError("button.stale")
        text, rows = arriving.meetings.view(ctx, t, house, full=False)
    else:
        text, rows = rota_views.week_view(ctx, t, house)
    if await ctx.send_private(ctx.person, text, rows) is None:
        raise UserError("arrival.press_start")  # Telegram lets the bot write only after Start


async def talk_answer(arriving: Arriving, ctx: Ctx) -> None:
    """The newcomer or a chair answers "plan the evaluation talk?"."""
    action = ctx.action(TalkAnswer)
    arrival = ctx.session.get(Arrival, action.arrival_id)
    house = ctx.session.get(House, arrival.house_id) if arrival is not None else None
    if arrival is None or house is None or ctx.person is None:
        raise UserError("button.stale")
    member = member_domain.membership(ctx.session, house, ctx.person)
    if action.chair and not poll_domain.is_chair(member):
        raise UserError("arrival.talk.only_chair")
    answer = domain.YES if action.yes else domain.NOT_NOW
    result = domain.answer_talk(ctx.session, ctx.clock, arrival.id, member, action.chair, answer)
    assert member is not None
    ctx.t = t = ctx.translator_for(ctx.person, house)
    newcomer = result.newcomer
    if result.later:
        arriving.arm(arrival)
        await ctx.edit(t("arrival.talk.later"))
        return
    if not result.both_yes:
        msgid = "arrival.talk.wait_newcomer" if action.chair else "arrival.talk.wait_chair"
        await ctx.edit(t(msgid, name=newcomer.person.first_name))
        return
    chair = ctx.session.get(Member, arrival.chair_id) if arrival.chair_id else None
    assert chair is not None
    other = newcomer if action.chair else chair
    await ctx.edit(
        t("arrival.talk.both", name=other.person.first_name, contact=contact_of(other.person))
    )
    other_t = ctx.translator_for(other.person, house)
    await ctx.send_private(
        other.person,
        other_t(
            "arrival.talk.both",
            name=member.person.first_name,
            contact=contact_of(member.person),
        ),
    )


def register(app: Application, deps: Deps) -> Arriving:  # type: ignore[type-arg]
    """The welcome's buttons, the talk's answers, the `arrivals` hook and the start-up jobs."""
    aftercare = app.bot_data.get("aftercare")
    meetings = app.bot_data.get("meetings")
    arriving = Arriving(
        deps,
        aftercare if isinstance(aftercare, Aftercare) else None,
        meetings if isinstance(meetings, Meetings) else None,
    )
    deps.hooks.arrivals.append(arriving.arrived)
    deps.startup_hooks.append(arriving.rebuild)
    buttons: tuple[tuple[type, Callable[..., Awaitable[None]]], ...] = (
        (ArrivalShow, show),
        (TalkAnswer, talk_answer),
    )
    for action_type, handler in buttons:
        bound = wrap(deps, bind(handler, arriving))
        app.add_handler(CallbackQueryHandler(bound, pattern=codec.matcher(action_type)))
    return arriving
