"""House rules: `/rules` (`/regels`) and the chair's proposals; the feature's entry point also
registers the private conflict reports (`bot.handlers.flags`).

Looking up, anywhere:
- `/rules` shows the rule book (numbered rules in sections; long books are split over
  messages), `/rules 4` one rule with its history, `/rules guests` the rules that match (see
  `bot.domain.rules` for how words are matched), best first, or plainly that nothing matched.
- In the group, `/rules …` sent as a reply to a message answers that message (in its thread).
- Inline: `@bot guests` in any chat offers the matching rules of the person's own house (the
  first rules of the book for an empty query); choosing one posts it.

Any resident (and the chair), in the private chat (`/rules` shows the buttons; issue 12):
- New rule: the text (typed), a section (buttons: an existing one, a new one typed, none),
  then how the house decides: a poll in the group (for/against) or a consent round. Changing or
  dropping a rule: its number (typed), for a change the new text, then the same choice. The
  poll is posted through the polls feature; when it closes (`Polls.on_close`), an ADOPTED
  decision makes the change, records the decision in the rule's history, and announces it in
  the group. Proposals not yet put to a vote wait under "Proposals".
- Import at setup: `/rules import`, then a .txt/.md file (or the pasted text) as the answer; a
  file with the caption `/rules import` works too. The bot shows what it read and saves only
  after "Save"; the group hears that the rule book is in, "not yet confirmed", and a consent
  poll asks the residents to confirm it (one decision for the whole book).
- "No rule about X" has a button that puts X on the agenda of the next meeting.

Every handler is a module-level function: those that ask for typed text or post a poll take the
`Rules` service (the prompt router and the polls feature) first, the others only `ctx`;
`register()` only routes, with `bot.handlers.bind.bind`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from sqlalchemy import select
from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import AtLeast, codec
from bot.domain import agenda as agenda_domain
from bot.domain import polls as poll_domain
from bot.domain import rules as domain
from bot.domain.errors import UserError
from bot.domain.members import home_house, membership
from bot.domain.polls import is_chair
from bot.domain.text import echoed
from bot.handlers import flags
from bot.handlers.bind import bind
from bot.handlers.commands import RULES
from bot.handlers.kit import Button, Ctx, Deps, Work, plain, wrap
from bot.handlers.polls import Polls
from bot.handlers.prompts import PromptRouter, plain_answer
from bot.i18n import Html, Translator, escape
from bot.printing.buttons import RULES as PRINT_RULES
from bot.printing.buttons import print_row
from bot.storage.models import Decision, House, Poll, PollKind, Prompt
from bot.storage.rules_models import (
    ProposalKind,
    ProposalState,
    Rule,
    RuleEventKind,
    RuleProposal,
    RuleState,
)
from bot.telegram import messenger

IMPORT_WORDS = {"import", "importeren", "importeer", "inlezen"}
NEW_WORDS = {"nieuw", "nieuwe", "new", "toevoegen", "add"}
IMPORT_CAPTION = re.compile(r"^/(rules|regels)(@\w+)?\s+(import|importeren|importeer|inlezen)\b")
MAX_FILE = 200_000  # bytes: a rule book is a few pages of text
TEXT_FILES = (".txt", ".md", ".markdown", ".text")
NO_SECTION = -1
NEW_SECTION = -2
INLINE_RESULTS = 10

EVENTS = {
    RuleEventKind.IMPORTED: "rules.event.imported",
    RuleEventKind.ADOPTED: "rules.event.adopted",
    RuleEventKind.CHANGED: "rules.event.changed",
    RuleEventKind.DROPPED: "rules.event.dropped",
}
PROPOSALS = {
    ProposalKind.CONFIRM: "rules.proposal.confirm",
    ProposalKind.NEW: "rules.proposal.new",
    ProposalKind.CHANGE: "rules.proposal.change",
    ProposalKind.DROP: "rules.proposal.drop",
}
POLL_QUESTIONS = {
    ProposalKind.CONFIRM: "rules.poll.confirm",
    ProposalKind.NEW: "rules.poll.new",
    ProposalKind.CHANGE: "rules.poll.change",
    ProposalKind.DROP: "rules.poll.drop",
}
ASK_NUMBER = {"change": "rules.ask_number_change", "drop": "rules.ask_number_drop"}
ANNOUNCEMENTS = {
    ProposalKind.CONFIRM: "rules.announce.confirm",
    ProposalKind.NEW: "rules.announce.new",
    ProposalKind.CHANGE: "rules.announce.change",
    ProposalKind.DROP: "rules.announce.drop",
}


@codec.register("h")
@dataclass(frozen=True)
class RulesMenu:
    """The chair's buttons under the rule book."""

    house_id: int
    op: str  # new | change | drop | import | proposals


@codec.register("hs")
@dataclass(frozen=True)
class RuleSection:
    proposal_id: int
    index: Annotated[int, AtLeast(NEW_SECTION)]  # a book section, NO_SECTION or NEW_SECTION


@codec.register("hp")
@dataclass(frozen=True)
class RuleProposalAct:
    proposal_id: int
    op: str  # show | vote | consent | discard


@codec.register("hi")
@dataclass(frozen=True)
class RuleImport:
    house_id: int
    save: bool


@codec.register("ha")
@dataclass(frozen=True)
class RuleToAgenda:
    """ "No rule about X": put X on the agenda (X is read back from the bot's own message)."""

    house_id: int


# --- texts ---------------------------------------------------------------------------------------


def rule_line(t: Translator, rule: Rule, number: int | None = None) -> str:
    return t("rules.line", number=number or rule.number or 0, text=rule.text)


def book_lines(
    t: Translator, rules: list[Rule], numbers: dict[int, int] | None = None
) -> list[str]:
    lines: list[str] = []
    for section, group in domain.in_sections(rules):
        lines.append("")
        if section is not None:
            lines.append(t("rules.section", section=section))
        lines.extend(rule_line(t, r, (numbers or {}).get(r.id)) for r in group)
    return lines


def book_text(t: Translator, house: House, rules: list[Rule], unconfirmed: int = 0) -> str:
    if not rules:
        return t("rules.book_empty", house=house.name)
    lines: list[str] = [t("rules.book_title", house=house.name)]
    if unconfirmed:  # an imported book, until the residents' decision confirms it
        lines.append(t("rules.book_unconfirmed"))
    lines += [
        *book_lines(t, rules),
        "",
        t("rules.book_footer"),
    ]
    return "\n".join(lines)


def rule_text(work: Work, t: Translator, house: House, rule: Rule) -> str:
    heading = (
        t("rules.one_title_section", number=rule.number or 0, section=rule.section)
        if rule.section
        else t("rules.one_title", number=rule.number or 0)
    )
    lines: list[str] = [heading, escape(rule.text)]
    if rule.state == RuleState.DROPPED:
        lines.append(t("rules.dropped_note"))
    elif not rule.confirmed:
        lines.append(t("rules.rule_unconfirmed"))
    events = domain.history(work.session, rule)
    if events:
        lines += ["", t("rules.history")]
        for event, decision in events:
            day = t.day(event.at, house.timezone, "d MMM yyyy")
            line = t(EVENTS[event.kind], day=day)
            if decision is not None:
                line = Html(line + " " + t("rules.by_decision", number=decision.number))
            lines.append(line)
    return "\n".join(lines)


def results_text(t: Translator, query: str, found: list[Rule]) -> str:
    shown = echoed(query)  # the search as typed, kept short
    if not found:
        return t("rules.nothing_found", query=shown)
    lines: list[str] = [t("rules.found_title", query=shown)]
    for rule in found:
        line = rule_line(t, rule)
        if rule.section:
            line = Html(line + " " + t("rules.in_section", section=rule.section))
        lines.append(line)
    return "\n".join(lines)


def proposal_text(work: Work, t: Translator, proposal: RuleProposal) -> str:
    rule = work.session.get(Rule, proposal.rule_id)
    assert rule is not None
    lines = [
        t(
            PROPOSALS[proposal.kind],
            number=rule.number or 0,
            text=proposal.text or rule.text,
            old=rule.text,
        )
    ]
    if proposal.kind == ProposalKind.NEW and proposal.section:
        lines.append(t("rules.in_section", section=proposal.section))
    return "\n".join(lines)


def poll_question(t: Translator, rule: Rule, proposal: RuleProposal) -> str:
    """The poll's question as plain text (the poll escapes it when shown). A change shows the
    rule's current text too, shortened if the question would be too long."""
    text = proposal.text or rule.text
    params: dict[str, object] = {"number": rule.number or 0, "text": Html(text)}
    if proposal.kind != ProposalKind.CHANGE:
        return str(t(POLL_QUESTIONS[proposal.kind], **params))
    room = poll_domain.MAX_QUESTION - len(t("rules.poll.change", **params, old=Html("")))
    old = rule.text if len(rule.text) <= room else rule.text[: max(room - 1, 0)] + "…"
    return str(t("rules.poll.change", **params, old=Html(old)))


async def confirm_book(ctx: Ctx, house: House, polls: Polls) -> None:
    """The imported book is not yet the residents': a consent poll to confirm it."""
    proposal = domain.confirmation(ctx.session, house)
    assert proposal is not None
    rule = ctx.session.get(Rule, proposal.rule_id)
    assert rule is not None
    poll = poll_domain.new_poll(
        ctx.session,
        ctx.clock,
        house,
        ctx.member,
        question=poll_question(ctx.group_translator(house), rule, proposal),
        kind=PollKind.CONSENT,
    )
    domain.voting_on(proposal, poll)
    await polls.post(ctx, house, poll, ctx.member)


def searched_for(t: Translator, text: str) -> str | None:
    """What was searched, read back from the bot's own "no rule about X" message."""
    before, _, after = plain(t("rules.nothing_found", query=Html("\x00"))).partition("\x00")
    if not text.startswith(before) or not text.endswith(after) or len(text) <= len(before + after):
        return None
    return text[len(before) : len(text) - len(after)]


async def rule_to_agenda(ctx: Ctx) -> None:
    """ "No rule about X": X goes on the agenda of the next meeting (anyone of the house)."""
    action = ctx.action(RuleToAgenda)
    house = ctx.house
    query = ctx.update.callback_query
    message = query.message if query is not None else None
    if house is None or not house.active or house.id != action.house_id or message is None:
        raise UserError("button.stale")
    subject = searched_for(ctx.t, getattr(message, "text", None) or "")
    if subject is None:
        raise UserError("button.stale")
    item = plain(ctx.group_translator(house)("rules.agenda_item", query=subject))
    agenda_domain.add_by_member(ctx.session, ctx.clock, house, ctx.member, item)
    await ctx.edit(ctx.t("rules.put_on_agenda", query=subject))


# --- the feature ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """What the rules handlers share beyond one update: the prompt router (typed answers) and
    the polls feature (a proposal is decided by a poll)."""

    prompts: PromptRouter
    polls: Polls


async def discussed(work: Work, house: House, poll: Poll) -> None:
    """A proposal's poll went to the meeting as "discuss first": it is proposed again."""
    domain.to_meeting(work.session, poll)


def current_house(ctx: Ctx) -> House:
    if ctx.house is None or not ctx.house.active:
        raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
    return ctx.house


def chair_rows(ctx: Ctx, house: House) -> list[list[Button]]:
    if not ctx.in_private or not domain.may_propose(ctx.member):
        return []
    t = ctx.t
    rows: list[list[Button]] = [
        [(t("rules.button.new"), RulesMenu(house.id, "new"))],
    ]
    if domain.book(ctx.session, house):
        rows.append(
            [
                (t("rules.button.change"), RulesMenu(house.id, "change")),
                (t("rules.button.drop"), RulesMenu(house.id, "drop")),
            ]
        )
    elif is_chair(ctx.member):
        rows.append([(t("rules.button.import"), RulesMenu(house.id, "import"))])
    waiting = [
        p for p in domain.open_proposals(ctx.session, house) if domain.may_handle(ctx.member, p)
    ]
    if waiting:
        label = f"{t('rules.button.proposals')} ({len(waiting)})"
        rows.append([(label, RulesMenu(house.id, "proposals"))])
    return rows


async def answer(ctx: Ctx, text: str, rows: list[list[Button]] | None = None) -> None:
    """In the group, a command that replies to a message answers that message."""
    message = ctx.update.effective_message
    target = message.reply_to_message if message is not None else None
    if ctx.in_group and target is not None and ctx.chat is not None:
        try:
            await messenger.send_text(
                ctx.bot, ctx.chat.id, text, ctx.markup(rows or []), reply_to=target.message_id
            )
            return
        except BadRequest:
            pass  # the message is gone: answer plainly
    await ctx.reply(text, rows or [])


def empty_rows(ctx: Ctx, house: House) -> list[list[Button]]:
    """No rules yet, in the group: a way in for whoever may propose (the chair may read the
    book in): the question comes in the private chat."""
    t = ctx.t
    rows: list[list[Button]] = [[(t("rules.button.new"), RulesMenu(house.id, "new"))]]
    if is_chair(ctx.member):
        rows.append([(t("rules.button.import"), RulesMenu(house.id, "import"))])
    rows.append([(t("card.private_chat"), ctx.deep_link(house))])
    return rows


async def start_new(rules: Rules, ctx: Ctx, house: House, op: str) -> None:
    """A new rule (`op` new) or the import (`op` import), asked in the private chat. From the
    group (`/regels nieuw`, a button under an empty book) the question goes to the private
    chat, as `/stemming` does."""
    if op == "import":
        domain.check_can_import(ctx.session, house, ctx.member)
        kind, msgid = "rules_import", "rules.import_ask"
    else:
        domain.require_proposer(ctx.member)
        kind, msgid = "rule_new", "rules.ask_new"
    if ctx.in_private:
        await rules.prompts.ask(ctx, kind, ctx.t(msgid), house=house)
        return
    assert ctx.person is not None
    private_t = ctx.translator_for(ctx.person, house)
    started = await rules.prompts.ask_privately(ctx, house, kind, private_t(msgid))
    said = ctx.t(
        "rules.started_in_private" if started else "rules.open_private_chat",
        name=ctx.person.first_name,
    )
    if ctx.update.callback_query is not None:
        await ctx.popup(said, alert=not started)
    else:
        await ctx.reply(said, [[(ctx.t("card.private_chat"), ctx.deep_link(house))]])


# --- looking up -------------------------------------------------------------------------
async def rules_command(rules: Rules, ctx: Ctx) -> None:
    house = current_house(ctx)
    query = " ".join(ctx.args).strip()
    t = ctx.t
    if query.casefold() in IMPORT_WORDS:
        await start_import(rules, ctx, house)
        return
    if query.casefold() in NEW_WORDS:
        await start_new(rules, ctx, house, "new")
        return
    number = query.lstrip("#")
    if not query:
        book = domain.book(ctx.session, house)
        unconfirmed = domain.unconfirmed(ctx.session, house)
        buttons = chair_rows(ctx, house) if book or ctx.in_private else empty_rows(ctx, house)
        if book:
            buttons.append(print_row(t, house.id, PRINT_RULES))
        await answer(ctx, book_text(t, house, book, unconfirmed), buttons)
    elif number.isdigit():
        rule = domain.by_number(ctx.session, house, int(number))
        if rule.state not in (RuleState.ADOPTED, RuleState.DROPPED):
            raise UserError("rules.no_such_rule", number=int(number))
        await answer(ctx, rule_text(ctx, t, house, rule))
    else:
        found = domain.search(ctx.session, house, query)
        rows: list[list[Button]] = []
        if not found:  # nothing about it: the meeting can talk about it
            rows = [[(t("rules.button.to_agenda"), RuleToAgenda(house.id))]]
        await answer(ctx, results_text(t, query, found), rows)


async def inline(ctx: Ctx) -> None:
    query = ctx.update.inline_query
    assert query is not None
    house = home_house(ctx.session, ctx.person) if ctx.person is not None else None
    results = []
    if house is not None:
        t = ctx.group_translator(house)  # the message goes into a chat: the house's language
        book = domain.book(ctx.session, house)
        text = query.query.strip()
        found = domain.rank(book, text) if text else book
        for rule in found[:INLINE_RESULTS]:
            results.append(
                InlineQueryResultArticle(
                    id=str(rule.id),
                    title=f"{rule.number}. {rule.text[:60]}",
                    description=rule.section or house.name,
                    input_message_content=InputTextMessageContent(
                        t(
                            "rules.inline_message",
                            house=house.name,
                            number=rule.number or 0,
                            text=rule.text,
                        )
                    ),
                )
            )
    await query.answer(results, cache_time=0, is_personal=True)


# --- the chair's proposals ------------------------------------------------------------
def chair_house(ctx: Ctx, house_id: int | None = None) -> House:
    house = ctx.session.get(House, house_id) if house_id is not None else ctx.house
    if house is None or not house.active or ctx.person is None:
        raise UserError("members.no_house")
    member = membership(ctx.session, house, ctx.person)
    domain.require_proposer(member)  # any resident; importing: the chair (check_can_import)
    ctx.house, ctx.member = house, member
    return house


async def chair_menu(rules: Rules, ctx: Ctx) -> None:
    action = ctx.action(RulesMenu)
    house = chair_house(ctx, action.house_id)
    t = ctx.t
    if action.op in ("new", "import") and not ctx.in_private:
        await start_new(rules, ctx, house, action.op)
    elif action.op == "new":
        await rules.prompts.ask(ctx, "rule_new", t("rules.ask_new"), house=house)
    elif action.op in ("change", "drop"):
        await rules.prompts.ask(
            ctx, "rule_number", t(ASK_NUMBER[action.op]), house=house, payload=action.op
        )
    elif action.op == "import":
        await start_import(rules, ctx, house)
    elif action.op == "proposals":
        waiting = [
            p for p in domain.open_proposals(ctx.session, house) if domain.may_handle(ctx.member, p)
        ]
        if not waiting:
            raise UserError("rules.no_proposals")
        rows: list[list[Button]] = []
        for proposal in waiting:
            rule = ctx.session.get(Rule, proposal.rule_id)
            assert rule is not None
            label = f"{proposal.text or rule.text}"[:40]
            if rule.number:
                label = f"{rule.number}. {label}"
            rows.append([(label, RuleProposalAct(proposal.id, "show"))])
        await ctx.reply(t("rules.proposals_title"), rows)
    else:
        raise UserError("button.stale")


async def answer_new(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = chair_house(ctx, prompt.house_id)
    proposal = domain.propose_new(ctx.session, ctx.clock, house, ctx.member, text)
    sections = domain.section_names(ctx.session, house)
    if not sections:
        domain.set_section(ctx.session, proposal, None)
        await show_proposal(ctx, proposal, new_message=True)
        return
    rows: list[list[Button]] = [
        [(name, RuleSection(proposal.id, index))] for index, name in enumerate(sections)
    ]
    rows.append([(ctx.t("rules.button.new_section"), RuleSection(proposal.id, NEW_SECTION))])
    rows.append([(ctx.t("rules.button.no_section"), RuleSection(proposal.id, NO_SECTION))])
    await ctx.reply(ctx.t("rules.ask_section"), rows)


def chair_proposal(ctx: Ctx, proposal_id: int) -> tuple[House, RuleProposal]:
    proposal = ctx.session.get(RuleProposal, proposal_id)
    if proposal is None:
        raise UserError("button.stale")
    house = chair_house(ctx, proposal.house_id)
    if not domain.may_handle(ctx.member, proposal):
        raise UserError("rules.not_your_proposal")
    return house, proposal


async def pick_section(rules: Rules, ctx: Ctx) -> None:
    action = ctx.action(RuleSection)
    house, proposal = chair_proposal(ctx, action.proposal_id)
    if action.index == NEW_SECTION:
        await ctx.edit(ctx.t("rules.ask_section"))
        await rules.prompts.ask(
            ctx,
            "rule_section",
            ctx.t("rules.ask_new_section"),
            house=house,
            payload=str(proposal.id),
        )
        return
    sections = domain.section_names(ctx.session, house)
    if action.index != NO_SECTION and not 0 <= action.index < len(sections):
        raise UserError("button.stale")
    section = None if action.index == NO_SECTION else sections[action.index]
    domain.set_section(ctx.session, proposal, section)
    await show_proposal(ctx, proposal)


async def answer_section(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = chair_house(ctx, prompt.house_id)
    proposal = domain.proposal_in_house(ctx.session, house, int(prompt.payload))
    domain.set_section(ctx.session, proposal, text)
    await show_proposal(ctx, proposal, new_message=True)


async def answer_number(rules: Rules, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = chair_house(ctx, prompt.house_id)
    number = text.strip().lstrip("#")
    if not number.isdigit():
        raise UserError("rules.number_unreadable")
    rule = domain.by_number(ctx.session, house, int(number))
    if rule.state != RuleState.ADOPTED:
        raise UserError("rules.not_in_book", number=int(number))
    if prompt.payload == "drop":
        proposal = domain.propose_drop(ctx.session, ctx.clock, house, ctx.member, rule)
        await show_proposal(ctx, proposal, new_message=True)
        return
    await rules.prompts.ask(
        ctx,
        "rule_change_text",
        ctx.t("rules.ask_change", number=rule.number or 0, text=rule.text),
        house=house,
        payload=str(rule.id),
    )


async def answer_change(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = chair_house(ctx, prompt.house_id)
    rule = domain.rule_in_house(ctx.session, house, int(prompt.payload))
    proposal = domain.propose_change(ctx.session, ctx.clock, house, ctx.member, rule, text)
    await show_proposal(ctx, proposal, new_message=True)


async def show_proposal(ctx: Ctx, proposal: RuleProposal, *, new_message: bool = False) -> None:
    t = ctx.t
    text = Html(proposal_text(ctx, t, proposal) + "\n\n" + t("rules.how_to_decide"))
    rows: list[list[Button]] = [
        [(t("rules.button.vote"), RuleProposalAct(proposal.id, "vote"))],
        [(t("rules.button.consent"), RuleProposalAct(proposal.id, "consent"))],
        [(t("rules.button.discard"), RuleProposalAct(proposal.id, "discard"))],
    ]
    if new_message or ctx.update.callback_query is None:
        await ctx.reply(text, rows)
    else:
        await ctx.edit(text, rows)


async def proposal_act(rules: Rules, ctx: Ctx) -> None:
    action = ctx.action(RuleProposalAct)
    house, proposal = chair_proposal(ctx, action.proposal_id)
    t = ctx.t
    if action.op == "show":
        if proposal.state not in (ProposalState.PROPOSED,):
            raise UserError("rules.proposal_voting")
        await show_proposal(ctx, proposal, new_message=True)
    elif action.op == "discard":
        summary = proposal_text(ctx, t, proposal)
        domain.discard(ctx.session, proposal)
        await ctx.edit(Html(summary + "\n\n" + t("rules.discarded")))
    elif action.op in ("vote", "consent"):
        rule = ctx.session.get(Rule, proposal.rule_id)
        assert rule is not None
        question = poll_question(ctx.group_translator(house), rule, proposal)
        poll = poll_domain.new_poll(
            ctx.session,
            ctx.clock,
            house,
            ctx.member,
            question=question,
            kind=PollKind.YES_NO if action.op == "vote" else PollKind.CONSENT,
        )
        summary = proposal_text(ctx, t, proposal)
        domain.voting_on(proposal, poll)
        # The chair gets the poll's controls; a resident who proposed it only the poll.
        await rules.polls.post(ctx, house, poll, ctx.member if is_chair(ctx.member) else None)
        await ctx.edit(Html(summary + "\n\n" + t("rules.vote_posted")))
    else:
        raise UserError("button.stale")


async def decided(work: Work, house: House, poll: Poll, decision: Decision) -> None:
    """A poll closed: if it decided a proposal, change the book and tell the group (after
    the close job's commit when the deadline closed it; at once when the chair did)."""
    change = domain.decide(work.session, work.clock, house, poll, decision)
    if change is None or not change.adopted:
        return
    t = work.group_translator(house)
    rule = change.rule
    await work.send_group_soon(
        house,
        t(
            ANNOUNCEMENTS[change.proposal.kind],
            number=rule.number or 0,
            text=rule.text,
            decision=decision.number,
        ),
    )


# --- import ------------------------------------------------------------------------------
async def start_import(rules: Rules, ctx: Ctx, house: House) -> None:
    if not ctx.in_private:
        raise UserError("rules.import_in_private")
    domain.check_can_import(ctx.session, house, ctx.member)
    await rules.prompts.ask(ctx, "rules_import", ctx.t("rules.import_ask"), house=house)


async def preview(ctx: Ctx, house: House, text: str) -> None:
    parsed = domain.parse(text)
    drafts = domain.stage_import(ctx.session, ctx.clock, house, ctx.member, parsed)
    first = domain.next_number(ctx.session, house)
    numbers = {rule.id: first + index for index, rule in enumerate(drafts)}
    t = ctx.t
    sections = len({s for s, _ in parsed.rules if s is not None})
    lines: list[str] = [t("rules.import_preview", count=len(drafts), sections=sections)]
    lines += book_lines(t, drafts, numbers)
    if parsed.skipped:
        lines += ["", t("rules.import_skipped", count=parsed.skipped)]
    lines += ["", t("rules.import_confirm")]
    rows: list[list[Button]] = [
        [(t("rules.button.save"), RuleImport(house.id, True))],
        [(t("rules.button.dont_save"), RuleImport(house.id, False))],
    ]
    await ctx.reply("\n".join(lines), rows)


async def answer_import(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = chair_house(ctx, prompt.house_id)
    await preview(ctx, house, text)


async def document(rules: Rules, ctx: Ctx) -> None:
    """A file in the private chat: an import if it answers the bot's question or has the
    caption `/rules import`; else it goes to whatever question it answers."""
    message = ctx.update.effective_message
    assert message is not None and message.document is not None
    asked = None
    if message.reply_to_message is not None and ctx.person is not None:
        asked = ctx.session.scalars(
            select(Prompt).where(
                Prompt.chat_id == message.chat.id,
                Prompt.message_id == message.reply_to_message.message_id,
                Prompt.person_id == ctx.person.id,
                Prompt.kind == "rules_import",
            )
        ).one_or_none()
    if asked is None and not IMPORT_CAPTION.match(message.caption or ""):
        if not await rules.prompts.answer(ctx) and ctx.update.message is not None:
            await plain_answer(ctx)  # a file that answers nothing: never silence
        return
    house = chair_house(ctx, asked.house_id if asked else None)
    domain.check_can_import(ctx.session, house, ctx.member)
    doc = message.document
    name = (doc.file_name or "").casefold()
    is_text = (doc.mime_type or "").startswith("text/") or name.endswith(TEXT_FILES)
    if not is_text:
        raise UserError("rules.import_not_text")
    if doc.file_size is not None and doc.file_size > MAX_FILE:
        raise UserError("rules.import_too_big")
    file = await doc.get_file()
    data = bytes(await file.download_as_bytearray())
    if len(data) > MAX_FILE:
        raise UserError("rules.import_too_big")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if asked is not None:
        ctx.session.delete(asked)
    await preview(ctx, house, text)


async def import_decision(rules: Rules, ctx: Ctx) -> None:
    action = ctx.action(RuleImport)
    house = chair_house(ctx, action.house_id)
    t = ctx.t
    if not action.save:
        domain.cancel_import(ctx.session, house)
        await ctx.edit(t("rules.import_cancelled"))
        return
    saved = domain.confirm_import(ctx.session, ctx.clock, house, ctx.member)
    await ctx.edit(t("rules.import_saved", count=len(saved)))
    group_t = ctx.group_translator(house)
    await ctx.send_group(house, group_t("rules.announce.imported", count=len(saved)))
    await confirm_book(ctx, house, rules.polls)


def register(
    app: Application,  # type: ignore[type-arg]
    deps: Deps,
    prompts: PromptRouter,
    polls: Polls,
) -> None:
    """House rules and, with them, the private conflict reports (one feature, one line in
    `bot/app.py`): commands, inline search, a file, buttons, typed answers, poll hooks."""
    app.bot_data["flags"] = flags.register(app, deps, prompts)
    rules = Rules(prompts, polls)
    polls.on_close.append(decided)
    polls.on_discuss.append(discussed)
    prompts.on("rule_new", answer_new)
    prompts.on("rule_section", answer_section)
    prompts.on("rule_number", bind(answer_number, rules))
    prompts.on("rule_change_text", answer_change)
    prompts.on("rules_import", answer_import)
    app.add_handler(CommandHandler(RULES.names, wrap(deps, bind(rules_command, rules))))
    app.add_handler(InlineQueryHandler(wrap(deps, inline)))
    private_file = filters.ChatType.PRIVATE & filters.Document.ALL
    app.add_handler(MessageHandler(private_file, wrap(deps, bind(document, rules))))
    buttons: tuple[tuple[type, Callable[[Ctx], Awaitable[None]]], ...] = (
        (RulesMenu, bind(chair_menu, rules)),
        (RuleSection, bind(pick_section, rules)),
        (RuleProposalAct, bind(proposal_act, rules)),
        (RuleImport, bind(import_decision, rules)),
        (RuleToAgenda, rule_to_agenda),
    )
    for action_type, handler in buttons:
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
