"""Residents without Telegram (issue 17.1): the /members part (add or remove a name, confirmed
by a second resident in the group) and paper votes (the chair records one from the private
"poll posted" message; a second resident confirms it in the group).

The domain is `bot/domain/offline.py`; the quorum counts them in `poll_close.eligible_count`;
the poll message says how many vote on paper (`poll_texts.paper_lines`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import (
    OfflineAdd,
    OfflineConfirm,
    OfflineDrop,
    OfflineRemove,
    OfflineRemoveList,
    PaperChoice,
    PaperConfirm,
    PaperDone,
    PaperReject,
    PaperStart,
    codec,
)
from bot.domain import offline as domain
from bot.domain import polls as poll_domain
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.handlers.bind import bind
from bot.handlers.kit import Button, Ctx, Deps, wrap
from bot.handlers.poll_texts import option_label
from bot.handlers.polls import Polls
from bot.handlers.prompts import PromptRouter
from bot.i18n import Translator
from bot.storage.models import House, Member, Poll, PollKind, PollState, Prompt
from bot.storage.offline_models import OfflineResident, PaperVote

ASK_NAME = "offline_name"


class Offline:
    """What the handlers share: the prompt router (the typed name) and the polls service
    (the keys of secret polls, re-rendering a poll's message)."""

    def __init__(self, prompts: PromptRouter, polls: Polls) -> None:
        self.prompts = prompts
        self.polls = polls


# --- /members ------------------------------------------------------------------------------


def members_section(t: Translator, session: Session, house: House) -> list[str]:
    """The lines /members adds: the residents without Telegram, and who waits for a second
    resident."""
    listing = domain.listing(session, house)
    if not listing:
        return []
    lines = ["", t("offline.heading")]
    for person in listing:
        key = "offline.line_waiting" if not person.active else "offline.line"
        lines.append(t(key, name=person.name))
    return lines


def members_rows(t: Translator, session: Session, house: House) -> list[list[Button]]:
    """The /members buttons in the group: add one, and remove one when there are any."""
    rows: list[list[Button]] = [[(t("offline.button_add"), OfflineAdd(house.id))]]
    if domain.count(session, house.id):
        rows.append([(t("offline.button_remove"), OfflineRemoveList(house.id))])
    return rows


def group_house(ctx: Ctx, house_id: int | None = None) -> House:
    """Adding, removing and confirming happen in the house's group."""
    house = ctx.house
    if not ctx.in_group or house is None or not house.active:
        raise UserError("button.stale")
    if house_id is not None and house.id != house_id:
        raise UserError("button.stale")
    return house


def actor_name(ctx: Ctx) -> str:
    return ctx.person.display_name if ctx.person is not None else "?"


def proposal_rows(t: Translator, person: OfflineResident) -> list[list[Button]]:
    return [
        [
            (t("offline.button_confirm"), OfflineConfirm(person.id)),
            (t("offline.button_drop"), OfflineDrop(person.id)),
        ]
    ]


async def add_offline(service: Offline, ctx: Ctx) -> None:
    action = ctx.action(OfflineAdd)
    house = group_house(ctx, action.house_id)
    if not domain.may_propose(ctx.member):
        raise UserError("offline.only_residents")
    await service.prompts.ask(ctx, ASK_NAME, ctx.t("offline.ask_name"), house=house)
    await ctx.popup(ctx.t("setup.answer_below"))


async def answer_name(service: Offline, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = group_house(ctx)
    person = domain.propose_add(ctx.session, ctx.clock, house, ctx.member, text)
    t = ctx.group_translator(house)
    await ctx.reply(
        t("offline.proposed_add", actor=actor_name(ctx), name=person.name),
        proposal_rows(t, person),
    )


async def remove_list(ctx: Ctx) -> None:
    action = ctx.action(OfflineRemoveList)
    house = group_house(ctx, action.house_id)
    if not domain.may_propose(ctx.member):
        raise UserError("offline.only_residents")
    rows: list[list[Button]] = [
        [(person.name, OfflineRemove(person.id))]
        for person in domain.counted(ctx.session, house.id)
    ]
    if not rows:
        raise UserError("offline.gone")
    await ctx.reply(ctx.t("offline.pick_remove"), rows)
    await ctx.popup("")


async def remove(ctx: Ctx) -> None:
    action = ctx.action(OfflineRemove)
    house = group_house(ctx)
    person = domain.offline_in_house(ctx.session, house, action.offline_id)
    domain.propose_remove(ctx.session, person, ctx.member)
    t = ctx.group_translator(house)
    await ctx.edit(
        t("offline.proposed_remove", actor=actor_name(ctx), name=person.name),
        proposal_rows(t, person),
    )
    await ctx.popup(ctx.t("offline.popup_proposed"))


async def confirm(ctx: Ctx) -> None:
    await settle(ctx, ctx.action(OfflineConfirm).offline_id, confirmed=True)


async def drop(ctx: Ctx) -> None:
    await settle(ctx, ctx.action(OfflineDrop).offline_id, confirmed=False)


async def settle(ctx: Ctx, offline_id: int, *, confirmed: bool) -> None:
    """A second resident's ✅ (the proposal counts) or ✖ (it is dropped), said in the group."""
    house = group_house(ctx)
    person = domain.offline_in_house(ctx.session, house, offline_id)
    name = person.name
    if confirmed:
        done = domain.confirm(ctx.session, person, ctx.member)
        msgid = "offline.added" if done == domain.ADD else "offline.removed"
    else:
        dropped = domain.drop_proposal(ctx.session, person, ctx.member)
        msgid = "offline.add_dropped" if dropped == domain.ADD else "offline.remove_dropped"
    t = ctx.group_translator(house)
    await ctx.edit(t(msgid, name=name, by=actor_name(ctx)))
    await ctx.popup(ctx.t("members.thanks"))


# --- paper votes ---------------------------------------------------------------------------


def chair_of(ctx: Ctx, poll_id: int) -> tuple[House, Poll, Member]:
    """The poll and the chair who taps in the private chat (chair or co-chair)."""
    poll = ctx.session.get(Poll, poll_id)
    if poll is None or ctx.person is None:
        raise UserError("button.stale")
    house = ctx.session.get(House, poll.house_id)
    if house is None or not house.active:
        raise UserError("button.stale")
    member = membership(ctx.session, house, ctx.person)
    if not domain.may_record(member):
        raise UserError("paper.only_chair")
    assert member is not None
    poll_domain.ensure_open(poll, ctx.clock.now())
    return house, poll, member


def positions_of(mask: int) -> set[int]:
    return {p for p in range(16) if mask >> p & 1}


def chosen_labels(t: Translator, poll: Poll, positions: set[int]) -> str:
    return ", ".join(option_label(t, poll, o) for o in poll.options if o.position in positions)


async def paper_start(ctx: Ctx) -> None:
    action = ctx.action(PaperStart)
    _, poll, _ = chair_of(ctx, action.poll_id)
    waiting = domain.not_voted(ctx.session, poll)
    if not waiting:
        await ctx.popup(ctx.t("paper.nobody_left"), alert=True)
        return
    rows: list[list[Button]] = [
        [(person.name, PaperChoice(poll.id, person.id, 0))] for person in waiting
    ]
    await ctx.reply(ctx.t("paper.who", question=poll.question), rows)
    await ctx.popup("")


def choice_rows(
    t: Translator, poll: Poll, person: OfflineResident, mask: int
) -> list[list[Button]]:
    rows: list[list[Button]] = []
    for option in poll.options:
        bit = 1 << option.position
        label = option_label(t, poll, option)
        if poll.kind == PollKind.MULTI and not option.discuss:
            mark = "✓ " if mask & bit else ""
            rows.append([(mark + label, PaperChoice(poll.id, person.id, mask ^ bit))])
        else:
            rows.append([(label, PaperDone(poll.id, person.id, bit))])
    if poll.kind == PollKind.MULTI and mask:
        rows.append([(t("paper.button_done"), PaperDone(poll.id, person.id, mask))])
    return rows


async def paper_choice(ctx: Ctx) -> None:
    action = ctx.action(PaperChoice)
    house, poll, _ = chair_of(ctx, action.poll_id)
    person = domain.offline_in_house(ctx.session, house, action.offline_id)
    await ctx.edit(
        ctx.t("paper.what", name=person.name, question=poll.question),
        choice_rows(ctx.t, poll, person, action.mask),
    )
    await ctx.popup("")


async def paper_done(service: Offline, ctx: Ctx) -> None:
    action = ctx.action(PaperDone)
    house, poll, member = chair_of(ctx, action.poll_id)
    person = domain.offline_in_house(ctx.session, house, action.offline_id)
    t = ctx.t
    positions = positions_of(action.mask)
    paper = domain.record(
        ctx.session, ctx.clock, poll, person, member, positions, keys=service.polls.keys
    )
    if poll.secret:
        await ctx.edit(t("paper.recorded_secret", name=person.name, question=poll.question))
    else:
        choice = chosen_labels(t, poll, positions)
        await ctx.edit(t("paper.recorded", name=person.name, question=poll.question, choice=choice))
    group_t = ctx.group_translator(house)
    # The group reads the choice only where it reads everyone's: open, names shown, results not
    # hidden until the close.
    shown = not poll.secret and not poll.hide_results and poll_domain.names_shown(house)
    text = (
        group_t(
            "paper.ask_confirm_choice",
            chair=actor_name(ctx),
            name=person.name,
            question=poll.question,
            choice=chosen_labels(group_t, poll, positions),
        )
        if shown
        else group_t(
            "paper.ask_confirm", chair=actor_name(ctx), name=person.name, question=poll.question
        )
    )
    rows: list[list[Button]] = [
        [
            (group_t("offline.button_confirm"), PaperConfirm(paper.id)),
            (group_t("offline.button_drop"), PaperReject(paper.id)),
        ]
    ]
    await ctx.send_group(house, text, rows)
    await ctx.popup(t("paper.popup_recorded"))


def paper_of(ctx: Ctx, paper_id: int) -> tuple[House, PaperVote, Poll, str]:
    house = group_house(ctx)
    paper = domain.paper_in_house(ctx.session, house, paper_id)
    poll = ctx.session.get(Poll, paper.poll_id)
    person = ctx.session.get(OfflineResident, paper.offline_id)
    if poll is None or person is None:
        raise UserError("paper.gone")
    return house, paper, poll, person.name


async def paper_confirm(service: Offline, ctx: Ctx) -> None:
    house, paper, poll, name = paper_of(ctx, ctx.action(PaperConfirm).paper_id)
    confirmed = domain.confirm_paper(
        ctx.session, ctx.clock, poll, paper, ctx.member, keys=service.polls.keys
    )
    t = ctx.group_translator(house)
    if confirmed.ballot is None:
        await ctx.edit(t("paper.lost", name=name, question=poll.question))
        await ctx.popup(ctx.t("paper.popup_lost"), alert=True)
        return
    service.polls.refresh_soon(ctx, poll)
    await ctx.edit(t("paper.confirmed", name=name, question=poll.question, by=actor_name(ctx)))
    await ctx.popup(ctx.t("paper.popup_confirmed"))


async def paper_reject(ctx: Ctx) -> None:
    house, paper, poll, name = paper_of(ctx, ctx.action(PaperReject).paper_id)
    domain.reject_paper(ctx.session, paper, ctx.member)
    t = ctx.group_translator(house)
    closed = poll.state != PollState.OPEN
    msgid = "paper.rejected_closed" if closed else "paper.rejected"
    await ctx.edit(t(msgid, name=name, question=poll.question, by=actor_name(ctx)))
    await ctx.popup(ctx.t("members.thanks"))


def register(
    app: Application,  # type: ignore[type-arg]
    deps: Deps,
    prompts: PromptRouter,
    polls: Polls,
) -> Offline:
    """Residents without Telegram: the /members buttons, the typed name, paper votes."""
    service = Offline(prompts, polls)
    prompts.on(ASK_NAME, bind(answer_name, service))
    buttons = (
        (OfflineAdd, bind(add_offline, service)),
        (OfflineRemoveList, remove_list),
        (OfflineRemove, remove),
        (OfflineConfirm, confirm),
        (OfflineDrop, drop),
        (PaperStart, paper_start),
        (PaperChoice, paper_choice),
        (PaperDone, bind(paper_done, service)),
        (PaperConfirm, bind(paper_confirm, service)),
        (PaperReject, paper_reject),
    )
    for action_type, button in buttons:
        app.add_handler(
            CallbackQueryHandler(wrap(deps, button), pattern=codec.matcher(action_type))
        )
    return service
