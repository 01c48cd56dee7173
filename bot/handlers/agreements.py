"""Agreements that are kept (issue 17.7): "🙋 Ik doe het" on a decision's record, the date,
the owner's private "gelukt?" on that date (a durable job per agreement, rebuilt at
start-up), handing it back. What is not done goes to the next agenda naming the decision
only; the group never reads who did not do something. The rules are in
`bot.domain.agreements`; the record's lines and buttons in `bot.handlers.decisions.record`.
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import AgreementAnswer, AgreementLetGo, AgreementTake, codec
from bot.domain import agreements as domain
from bot.domain.errors import UserError
from bot.domain.members import present_membership
from bot.handlers.bind import bind
from bot.handlers.decisions import NO_BACK, long_date, may_see_review, record
from bot.handlers.kit import Button, Ctx, Deps, Handler, Work, wrap
from bot.jobs.runner import run_job
from bot.jobs.scheduler import JobFn
from bot.storage.agreement_models import Agreement
from bot.storage.models import Decision, House, Member

DUE_LABELS = {
    "1w": "agreements.due.1w",
    "2w": "agreements.due.2w",
    "1m": "agreements.due.1m",
}
ANSWERED = {
    "done": "agreements.answered_done",
    "not_yet": "agreements.answered_not_yet",
    "later": "agreements.answered_later",
}


class Agreements:
    """The durable "gelukt?" question: one keyed job per open agreement (`agreement-<id>`)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @staticmethod
    def key(agreement_id: int) -> str:
        return f"agreement-{agreement_id}"

    def schedule(self, agreement: Agreement) -> None:
        moment = domain.next_moment(agreement)
        if moment is None:
            self.deps.scheduler.cancel(self.key(agreement.id))
            return
        self.deps.scheduler.at(self.key(agreement.id), moment, self.job(agreement.id))

    def cancel(self, agreement_id: int) -> None:
        self.deps.scheduler.cancel(self.key(agreement_id))

    def job(self, agreement_id: int) -> JobFn:
        async def work(w: Work) -> None:
            await self.due(w, agreement_id)

        async def run() -> None:
            await run_job(self.deps, self.deps.bot, f"agreement({agreement_id})", work)

        return run

    async def rebuild(self, work: Work) -> None:
        """At start-up: every open agreement's next moment (one that passed runs at once)."""
        for agreement in domain.open_ones(work.session):
            self.schedule(agreement)

    async def due(self, work: Work, agreement_id: int) -> None:
        agreement = work.session.get(Agreement, agreement_id)
        if agreement is None:
            return
        step = domain.due(work.session, work.clock, agreement)
        if step is None:
            return
        house = work.session.get(House, agreement.house_id)
        decision = work.session.get(Decision, agreement.decision_id)
        owner = work.session.get(Member, agreement.owner_id)
        assert house is not None and decision is not None and owner is not None
        t = work.translator_for(owner.person, house)
        if step == "ask":
            self.schedule(agreement)  # no answer in time: to the agenda
            rows: list[list[Button]] = [
                [(t("agreements.button.done"), AgreementAnswer(agreement.id, "done"))],
                [(t("agreements.button.not_yet"), AgreementAnswer(agreement.id, "not_yet"))],
                [(t("agreements.button.later"), AgreementAnswer(agreement.id, "later"))],
            ]
            text = t(
                "agreements.ask",
                house=house.name,
                number=decision.number,
                question=decision.question,
            )
            await work.send_private_soon(owner.person, text, rows)
        else:  # no answer: on the agenda, and only the owner hears it
            await work.send_private_soon(
                owner.person,
                t(
                    "agreements.to_agenda_quietly",
                    number=decision.number,
                    question=decision.question,
                ),
            )


# --- the handlers ---------------------------------------------------------------------
def decision_of_tap(ctx: Ctx, decision_id: int) -> tuple[House, Decision, Member | None]:
    """The decision a button names, its house, and the tapper's membership there now."""
    decision = ctx.session.get(Decision, decision_id)
    if decision is None or ctx.person is None:
        raise UserError("button.stale")
    house = ctx.session.get(House, decision.house_id)
    if house is None or not house.active:
        raise UserError("button.stale")
    if ctx.in_group and (ctx.house is None or ctx.house.id != house.id):
        raise UserError("button.stale")
    return house, decision, present_membership(ctx.session, house, ctx.person)


async def show_record(ctx: Ctx, house: House, decision: Decision, member: Member | None) -> None:
    viewer = member if ctx.in_private else None
    await ctx.edit(
        *record(ctx, ctx.t, house, decision, NO_BACK, review=may_see_review(ctx), viewer=viewer)
    )


async def take(agreements: Agreements, ctx: Ctx) -> None:
    """ "🙋 Ik doe het": the tapper chooses the date on the record itself; the choice takes it
    on, and on that date they alone are asked."""
    action = ctx.action(AgreementTake)
    house, decision, member = decision_of_tap(ctx, action.decision_id)
    t = ctx.t
    if action.choice == "":
        domain.check_take(ctx.session, house, decision, member)
        assert member is not None
        rows: list[list[Button]] = [
            [(t(label), AgreementTake(decision.id, member.id, key))]
            for key, label in DUE_LABELS.items()
        ]
        rows.append([(t("button.back"), AgreementTake(decision.id, member.id, "back"))])
        await ctx.edit(
            t(
                "agreements.when",
                name=member.person.display_name,
                number=decision.number,
                question=decision.question,
            ),
            rows,
        )
        return
    if member is None or member.id != action.member_id:
        raise UserError("agreements.not_yours")
    if action.choice == "back":
        await show_record(ctx, house, decision, member)
        return
    agreement = domain.take(ctx.session, ctx.clock, house, decision, member, action.choice)
    agreements.schedule(agreement)
    await show_record(ctx, house, decision, member)
    await ctx.popup(
        t("agreements.taken_popup", date=long_date(t, house, agreement.due_at)), alert=True
    )


async def answer(agreements: Agreements, ctx: Ctx) -> None:
    """The owner's answer to "gelukt?" (in their private chat)."""
    action = ctx.action(AgreementAnswer)
    agreement = ctx.session.get(Agreement, action.agreement_id)
    if agreement is None or ctx.person is None:
        raise UserError("button.stale")
    house = ctx.session.get(House, agreement.house_id)
    assert house is not None
    member = present_membership(ctx.session, house, ctx.person)
    agreement = domain.answer(ctx.session, ctx.clock, agreement.id, member, action.choice)
    agreements.schedule(agreement)
    await ctx.edit(ctx.t(ANSWERED[action.choice]))


async def let_go(agreements: Agreements, ctx: Ctx) -> None:
    action = ctx.action(AgreementLetGo)
    house, decision, member = decision_of_tap(ctx, action.decision_id)
    agreement = domain.let_go(ctx.session, decision, member)
    agreements.cancel(agreement.id)
    await show_record(ctx, house, decision, member)
    await ctx.popup(ctx.t("agreements.let_go_popup"))


def register(app: Application, deps: Deps) -> Agreements:  # type: ignore[type-arg]
    """The buttons of agreements and their durable question."""
    agreements = Agreements(deps)
    deps.startup_hooks.append(agreements.rebuild)
    buttons: tuple[tuple[type, Handler], ...] = (
        (AgreementTake, bind(take, agreements)),
        (AgreementAnswer, bind(answer, agreements)),
        (AgreementLetGo, bind(let_go, agreements)),
    )
    for action_type, button in buttons:
        handler = wrap(deps, button)
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
    return agreements
