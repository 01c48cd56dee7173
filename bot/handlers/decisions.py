"""The decision log and the meeting's agenda.

`/besluiten` (`/decisions`): the latest decisions with a button each for the full record and
paging; `/besluiten woorden` searches; `/besluiten 2026-014` shows one; `/besluiten export …`
sends a Markdown file of a period for the minutes. From the full record the chair sets a review
date: on that day the subject comes back on the agenda (scheduled, and rebuilt at start-up).
The full record also shows who took the decision on and by when (`record`; the buttons and the
"gelukt?" question are in `bot.handlers.agreements`).

`/agenda`: the open items for the next meeting and where they came from; `/agenda add …`
(`toevoegen`) lets anyone of the house put a subject on it, in the group or privately.

Every handler is a module-level function (the `Reviews` service or the prompt router first
when it needs one); `register()` routes them with `bot.handlers.bind.bind`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import AgreementLetGo, AgreementTake, AtLeast, codec
from bot.domain import agenda
from bot.domain import agreements as agreement_domain
from bot.domain import decisions as domain
from bot.domain.errors import UserError
from bot.domain.members import present_membership
from bot.domain.polls import FIXED_OPTIONS, chairs, is_chair
from bot.handlers.bind import bind
from bot.handlers.commands import AGENDA, DECISIONS
from bot.handlers.kit import Button, Ctx, Deps, Handler, Work, wrap
from bot.handlers.meetings_texts import item_text, shown_text
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator, escape
from bot.jobs.runner import JobWork, run_job
from bot.jobs.scheduler import JobFn
from bot.printing.buttons import AGENDA as PRINT_AGENDA
from bot.printing.buttons import DECISION as PRINT_DECISION
from bot.printing.buttons import print_row
from bot.storage.agreement_models import AgreementState
from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    Decision,
    House,
    Member,
    Outcome,
    PollKind,
    Prompt,
)

NO_BACK = -1  # a full record opened from search results: no way back to a list page
SHORT_LINE = 40  # a question in the list
SHORT_BUTTON = 28  # a question on a button
ADD_WORDS = {"add", "toevoegen"}
EXPORT_WORDS = {"export", "exporteren", "exporteer"}
BAR = "▓"

OUTCOME_WORDS = {
    Outcome.ADOPTED: "decisions.word.adopted",
    Outcome.REJECTED: "decisions.word.rejected",
    Outcome.CHOSEN: "decisions.word.chosen",
    Outcome.TIE: "decisions.word.tie",
    Outcome.OBJECTION: "decisions.word.objection",
    Outcome.NO_QUORUM: "decisions.word.no_quorum",
}
OUTCOME_LINES = {
    Outcome.ADOPTED: "poll.outcome.adopted",
    Outcome.REJECTED: "poll.outcome.rejected",
    Outcome.TIE: "poll.outcome.tie",
    Outcome.OBJECTION: "poll.outcome.objection",
}
REVIEW_LABELS = {
    "1m": "decisions.review.1m",
    "3m": "decisions.review.3m",
    "6m": "decisions.review.6m",
    "1y": "decisions.review.1y",
}
SOURCE_TEXTS = {
    AgendaSource.NO_QUORUM: "agenda.from.no_quorum",
    AgendaSource.TIE: "agenda.from.tie",
    AgendaSource.CONFLICT: "agenda.from.conflict",
    AgendaSource.AGREEMENT: "agenda.from.agreement",
}


@codec.register("agn")
@dataclass(frozen=True)
class AgendaName:
    """An item added in private: with the adder's name (1) or without (0)."""

    item_id: int
    named: int


@codec.register("decl")
@dataclass(frozen=True)
class DecisionPage:
    page: int


@codec.register("decs")
@dataclass(frozen=True)
class ShowDecision:
    decision_id: int
    back: Annotated[int, AtLeast(NO_BACK)]  # the list page to go back to, or NO_BACK
    fresh: bool  # send the record as a new message (search results stay in view)


@codec.register("decr")
@dataclass(frozen=True)
class ReviewMenu:
    decision_id: int
    back: Annotated[int, AtLeast(NO_BACK)]


@codec.register("decv")
@dataclass(frozen=True)
class SetReview:
    decision_id: int
    choice: str  # a key of domain.REVIEW_MONTHS, or domain.NO_REVIEW
    back: Annotated[int, AtLeast(NO_BACK)]


# --- rendering -----------------------------------------------------------------------------


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def option_label(t: Translator, decision: Decision, label: str) -> str:
    msgid = f"poll.option.{label}"
    if decision.kind in FIXED_OPTIONS and t.has(msgid):
        return t(msgid)
    return label


def outcome_word(t: Translator, decision: Decision, winner: str | None = None) -> Html:
    """One short phrase: `✅ aangenomen`, `✅ gekozen: Soep`. `winner` replaces the stored
    winner (the Markdown file passes it escaped its own way, as `Html`)."""
    return t(
        OUTCOME_WORDS[decision.outcome],
        winner=(decision.winner or "") if winner is None else winner,
    )


def outcome_line(t: Translator, decision: Decision) -> Html:
    if decision.outcome == Outcome.NO_QUORUM:
        return t("poll.outcome.no_quorum", voted=decision.turnout, needed=decision.quorum_needed)
    if decision.outcome == Outcome.CHOSEN:
        return t("poll.outcome.chosen", winner=decision.winner or "")
    return t(OUTCOME_LINES[decision.outcome])


def short_date(t: Translator, house: House, moment: datetime) -> str:
    return t.day(moment, house.timezone, "d MMM")


def long_date(t: Translator, house: House, moment: datetime) -> str:
    return t.day(moment, house.timezone, "EEEE d MMMM yyyy")


def list_view(t: Translator, house: House, page: domain.Page) -> tuple[str, list[list[Button]]]:
    if not page.decisions:
        return t("decisions.none"), []
    lines = [t("decisions.title", house=house.name), ""]
    rows: list[list[Button]] = []
    for decision in page.decisions:
        lines.append(
            t(
                "decisions.line",
                number=decision.number,
                date=short_date(t, house, decision.decided_at),
                question=shorten(decision.question, SHORT_LINE),
                outcome=outcome_word(t, decision),
            )
        )
        label = f"{decision.number} · {shorten(decision.question, SHORT_BUTTON)}"
        rows.append([(label, ShowDecision(decision.id, page.page, False))])
    lines.append("")
    if page.pages > 1:
        lines.append(t("decisions.page", page=page.page + 1, pages=page.pages))
    lines.append(t("decisions.tap_hint"))
    lines.append(t("decisions.more_hint"))
    nav: list[Button] = []
    if page.page > 0:
        nav.append((t("decisions.newer"), DecisionPage(page.page - 1)))
    if page.page < page.pages - 1:
        nav.append((t("decisions.older"), DecisionPage(page.page + 1)))
    if nav:
        rows.append(nav)
    return "\n".join(lines), rows


def full_text(t: Translator, house: House, decision: Decision, now: datetime) -> str:
    lines: list[str] = [
        t(
            "decisions.full_title",
            number=decision.number,
            date=long_date(t, house, decision.decided_at),
            question=decision.question,
        )
    ]
    if decision.frame:
        lines.append(t("decisions.frame", frame=decision.frame))
    if decision.secret:
        lines.append(t("decisions.secret"))
    lines.append("")
    if decision.kind == PollKind.ROOM:  # taken in the meeting, confirmed by a second resident
        lines.append(t("poll.how.room"))
        lines.append(outcome_line(t, decision))
        return "\n".join(lines)
    for label, count in decision.results:
        line = f"{escape(option_label(t, decision, str(label)))} — <b>{int(count)}</b>"
        if count:
            line += " " + BAR * min(int(count), 20)
        lines.append(line)
    lines.append("")
    lines.append(t("poll.turnout", voted=decision.turnout, eligible=decision.eligible))
    if decision.paper_turnout:
        lines.append(t("paper.turnout", count=decision.paper_turnout))
    if decision.voters is not None:
        lines.append(t(f"poll.who.{decision.voters.value}"))
    quorum = "decisions.quorum_met" if decision.quorum_met else "decisions.quorum_missed"
    lines.append(t(quorum, needed=decision.quorum_needed))
    lines.append(outcome_line(t, decision))
    if decision.review_on is not None:
        review = "decisions.review_future" if decision.review_on > now else "decisions.review_past"
        lines.append(t(review, date=long_date(t, house, decision.review_on)))
    return "\n".join(lines)


def full_rows(
    t: Translator, decision: Decision, back: int, *, review: bool = True
) -> list[list[Button]]:
    """Back to the list, and the review button: in the group for everyone to see (the
    handler checks who taps it), in a private chat only for the chair."""
    rows: list[list[Button]] = []
    if review:
        rows.append([(t("decisions.button_review"), ReviewMenu(decision.id, back))])
    rows.append(print_row(t, decision.house_id, PRINT_DECISION, decision.id))
    if back != NO_BACK:
        rows.append([(t("button.back"), DecisionPage(back))])
    return rows


def record(
    work: Work,
    t: Translator,
    house: House,
    decision: Decision,
    back: int,
    *,
    review: bool = True,
    viewer: Member | None = None,
) -> tuple[str, list[list[Button]]]:
    """The full record with who took it on and by when, and its buttons: "🙋 Ik doe het" for
    a decision nobody carries now; for its owner in a private chat, handing it back. What
    went back to the meeting names nobody."""
    text = full_text(t, house, decision, work.clock.now())
    rows = full_rows(t, decision, back, review=review)
    if not agreement_domain.takeable(work.session, decision):
        return text, rows
    agreement = agreement_domain.of_decision(work.session, decision)
    take: list[list[Button]] = [[(t("agreements.button.take"), AgreementTake(decision.id, 0, ""))]]
    if agreement is None:
        return text, take + rows
    owner = work.session.get(Member, agreement.owner_id)
    name = owner.person.display_name if owner is not None else "—"
    if agreement.state == AgreementState.OPEN:
        line = t("agreements.line_open", name=name, date=long_date(t, house, agreement.due_at))
        if viewer is not None and viewer.id == agreement.owner_id:
            take = [[(t("agreements.button.let_go"), AgreementLetGo(decision.id))]]
        else:
            take = []
    elif agreement.state == AgreementState.DONE:
        assert agreement.done_at is not None
        line = t("agreements.line_done", name=name, date=long_date(t, house, agreement.done_at))
        take = []
    else:
        line = t("agreements.line_agenda")
    return f"{text}\n{line}", take + rows


def review_rows(t: Translator, decision: Decision, back: int, now: datetime) -> list[list[Button]]:
    def choice(key: str) -> Button:
        return (t(REVIEW_LABELS[key]), SetReview(decision.id, key, back))

    rows: list[list[Button]] = [[choice("1m"), choice("3m")], [choice("6m"), choice("1y")]]
    if decision.review_on is not None and decision.review_on > now:
        rows.append([(t("decisions.review.none"), SetReview(decision.id, domain.NO_REVIEW, back))])
    rows.append([(t("button.back"), ShowDecision(decision.id, back, False))])
    return rows


def search_view(
    t: Translator, house: House, words: str, found: list[Decision], total: int
) -> tuple[str, list[list[Button]]]:
    if not found:
        return t("decisions.search_none", words=words), []
    lines = [t("decisions.search_title", words=words), ""]
    rows: list[list[Button]] = []
    for decision in found:
        lines.append(
            t(
                "decisions.line",
                number=decision.number,
                date=short_date(t, house, decision.decided_at),
                question=shorten(decision.question, SHORT_LINE),
                outcome=outcome_word(t, decision),
            )
        )
        label = f"{decision.number} · {shorten(decision.question, SHORT_BUTTON)}"
        rows.append([(label, ShowDecision(decision.id, NO_BACK, True))])
    lines.append("")
    if total > len(found):
        lines.append(t("decisions.search_more", shown=len(found), total=total))
    lines.append(t("decisions.tap_hint"))
    return "\n".join(lines), rows


# --- the Markdown file for the minutes ----------------------------------------------------

MD_SPECIAL = set("\\`*_[]<>#|~&")


def md_escape(text: str) -> str:
    """User text made inert in Markdown: one line, special characters backslash-escaped."""
    return "".join(f"\\{c}" if c in MD_SPECIAL else c for c in " ".join(text.split()))


def md(t: Translator, msgid: str, **params: object) -> str:
    """A catalog text with Markdown-escaped values (not HTML-escaped: this is no message).
    Values marked `Html` were made for the file already and go in as they are."""
    safe = {k: v if isinstance(v, Html) else Html(md_escape(str(v))) for k, v in params.items()}
    return str(t(msgid, **safe))


def calendar_day(t: Translator, day: date, fmt: str) -> str:
    return t.day(datetime.combine(day, time(12, 0), tzinfo=UTC), "UTC", fmt)


def period_name(t: Translator, period: domain.Period) -> str:
    if period.kind == "year":
        return str(period.start.year)
    if period.kind == "month":
        return calendar_day(t, period.start, "MMMM yyyy")
    if period.start == period.end:
        return calendar_day(t, period.start, "d MMMM yyyy")
    return str(
        t(
            "decisions.period_range",
            start=calendar_day(t, period.start, "d MMMM yyyy"),
            end=calendar_day(t, period.end, "d MMMM yyyy"),
        )
    )


def markdown(
    t: Translator,
    house: House,
    period: domain.Period,
    found: Sequence[Decision],
    now: datetime,
) -> str:
    lines = [
        "# " + md(t, "decisions.md.title", house=house.name),
        "",
        md(t, "decisions.md.period", period=period_name(t, period)),
        "",
        md(t, "decisions.md.made", date=long_date(t, house, now)),
    ]
    for decision in found:
        votes = " · ".join(
            f"{md_escape(option_label(t, decision, str(label)))} {int(count)}"
            for label, count in decision.results
        )
        quorum = "decisions.md.quorum_met" if decision.quorum_met else "decisions.md.quorum_missed"
        lines += [
            "",
            "## "
            + md(t, "decisions.md.heading", number=decision.number, question=decision.question),
            "",
            "- " + md(t, "decisions.md.date", date=long_date(t, house, decision.decided_at)),
        ]
        if decision.frame:
            lines.append("- " + md(t, "decisions.md.frame", frame=decision.frame))
        winner = Html(md_escape(decision.winner or ""))
        lines.append(
            "- " + md(t, "decisions.md.outcome", outcome=Html(outcome_word(t, decision, winner)))
        )
        if decision.kind == PollKind.ROOM:  # no vote: taken in the meeting, confirmed
            lines.append("- " + md_escape(t("poll.how.room")))
        else:
            lines.append("- " + md(t, "decisions.md.votes", votes=Html(votes)))
            lines.append(
                "- "
                + md(
                    t,
                    "decisions.md.turnout",
                    voted=decision.turnout,
                    eligible=decision.eligible,
                    needed=decision.quorum_needed,
                    quorum=t(quorum),
                )
            )
            if decision.paper_turnout:
                lines.append("- " + md(t, "paper.turnout", count=decision.paper_turnout))
        if decision.voters is not None:
            lines.append("- " + md(t, f"poll.who.{decision.voters.value}"))
        if decision.secret:
            lines.append("- " + md(t, "decisions.md.secret"))
        if decision.review_on is not None:
            lines.append(
                "- " + md(t, "decisions.md.review", date=long_date(t, house, decision.review_on))
            )
    return "\n".join(lines) + "\n"


# --- the agenda ---------------------------------------------------------------------------


def agenda_view(
    t: Translator,
    house: House,
    entries: Sequence[agenda.Entry],
    by_poll: dict[int, Decision],
) -> str:
    if not entries:
        return "\n".join([t("agenda.none"), "", t("agenda.add_hint")])
    lines = [t("agenda.title", house=house.name), ""]
    for number, entry in enumerate(entries, start=1):
        lines.append(f"{number}. <b>{escape(shown_text(t, entry.item))}</b>")
        lines.append(f"    <i>{source_text(t, entry, by_poll)}</i>")
    lines += ["", t("agenda.add_hint")]
    return "\n".join(lines)


def source_text(t: Translator, entry: agenda.Entry, by_poll: dict[int, Decision]) -> Html:
    item = entry.item
    decision = by_poll.get(item.poll_id) if item.poll_id is not None else None
    if item.source == AgendaSource.MEMBER:
        if entry.name is None:
            return t("agenda.from.member_unknown")
        return t("agenda.from.member", name=entry.name)
    if item.source == AgendaSource.DISCUSS:
        return t.plural("agenda.from.discuss", agenda.discuss_votes(entry))
    if item.source == AgendaSource.REVIEW:
        if decision is None:
            return t("agenda.from.review_unknown")
        return t("agenda.from.review", number=decision.number)
    if item.source == AgendaSource.OBJECTION:
        question = entry.poll.question if entry.poll is not None else "—"
        text = (
            t("agenda.from.objection_by", name=entry.name, question=question)
            if entry.name
            else t("agenda.from.objection", question=question)
        )
    else:
        text = t(SOURCE_TEXTS[item.source])
    if decision is not None and item.source != AgendaSource.CONFLICT:
        text = Html(f"{text} · {t('agenda.decision_ref', number=decision.number)}")
    return text


# --- review dates that outlive a restart ---------------------------------------------------


class Reviews:
    """Each review date is a keyed job (`review-<id>`); rebuilt from the database at
    start-up, where a date that passed while the bot was down runs at once."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @staticmethod
    def key(decision_id: int) -> str:
        return f"review-{decision_id}"

    def schedule(self, decision: Decision) -> None:
        key = self.key(decision.id)
        if decision.review_on is None:
            self.deps.scheduler.cancel(key)
            return
        self.deps.scheduler.at(key, decision.review_on, self.job(decision.id))

    def job(self, decision_id: int) -> JobFn:
        async def work_fn(work: Work) -> None:
            await self.review_job(work, decision_id)

        work: JobWork = work_fn

        async def run() -> None:
            await run_job(self.deps, self.deps.bot, f"review_job({decision_id})", work)

        return run

    async def rebuild(self, work: Work) -> None:
        for decision in domain.pending_reviews(work.session):
            self.schedule(decision)

    async def review_job(self, work: Work, decision_id: int) -> None:
        decision = work.session.get(Decision, decision_id)
        if decision is None:
            return
        house = work.session.get(House, decision.house_id)
        if house is None:
            return
        if domain.bring_back(work.session, work.clock, house, decision) is None:
            return
        t = work.group_translator(house)
        work.post_group(  # after the job's commit, outside the database lock
            house, t("decisions.review_due", number=decision.number, question=decision.question)
        )


# --- an agenda item added in private: with a name or without ------------------------------


def agenda_line(ctx: Ctx, house: House, item: AgendaItem, named: bool) -> str:
    """Exactly how the item reads on the agenda in the group (in the group's language)."""
    name = ctx.person.display_name if named and ctx.person is not None else None
    return item_text(ctx.group_translator(house), agenda.Entry(item, name, None))


async def ask_name(ctx: Ctx, house: House, item: AgendaItem) -> None:
    t = ctx.t
    await ctx.reply(
        t(
            "agenda.added_private",
            named=agenda_line(ctx, house, item, True),
            anonymous=agenda_line(ctx, house, item, False),
        ),
        [
            [(t("agenda.button_with_name"), AgendaName(item.id, 1))],
            [(t("agenda.button_without_name"), AgendaName(item.id, 0))],
        ],
    )


async def choose_name(ctx: Ctx) -> None:
    action = ctx.action(AgendaName)
    item = agenda.choose_name(
        ctx.session, ctx.house, ctx.member, action.item_id, bool(action.named)
    )
    assert ctx.house is not None
    line = agenda_line(ctx, ctx.house, item, item.show_name)
    await ctx.edit(ctx.t("agenda.name_chosen", line=line))


# --- the handlers --------------------------------------------------------------------------


def current_house(ctx: Ctx) -> House:
    if ctx.house is None or not ctx.house.active:
        raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
    return ctx.house


def may_see_review(ctx: Ctx) -> bool:
    return ctx.in_group or is_chair(ctx.member)


def viewer(ctx: Ctx) -> Member | None:
    """Who reads a record in their private chat (the owner there may hand it back)."""
    return ctx.member if ctx.in_private else None


# --- /besluiten -----------------------------------------------------------------------
async def decisions_command(ctx: Ctx) -> None:
    house = current_house(ctx)
    args = ctx.args
    if not args:
        await ctx.reply(*list_view(ctx.t, house, domain.latest(ctx.session, house)))
    elif args[0].lower() in EXPORT_WORDS:
        await export(ctx, house, args[1:])
    elif len(args) == 1 and domain.is_number(args[0]):
        decision = domain.by_number(ctx.session, house, args[0])
        await ctx.reply(
            *record(
                ctx, ctx.t, house, decision, NO_BACK, review=may_see_review(ctx), viewer=viewer(ctx)
            )
        )
    else:
        words = " ".join(args)
        found, total = domain.search(ctx.session, house, words)
        await ctx.reply(*search_view(ctx.t, house, " ".join(words.split()), found, total))


async def export(ctx: Ctx, house: House, words: Sequence[str]) -> None:
    now = ctx.clock.now()
    period = domain.parse_period(words, domain.today_in(house, now))
    found = domain.in_period(ctx.session, house, period)
    name = period_name(ctx.t, period)
    if not found:
        await ctx.reply(ctx.t("decisions.export_empty", period=name))
        return
    house_t = ctx.group_translator(house)
    content = markdown(house_t, house, period, found, now)
    assert ctx.chat is not None
    await ctx.bot.send_document(
        ctx.chat.id,
        document=content.encode(),
        filename=f"{house_t('decisions.file_stem')}-{period.label}.md",
        caption=ctx.t("decisions.export_caption", period=name, count=len(found)),
    )


async def page(ctx: Ctx) -> None:
    action = ctx.action(DecisionPage)
    house = current_house(ctx)
    await ctx.edit(*list_view(ctx.t, house, domain.latest(ctx.session, house, action.page)))


async def show(ctx: Ctx) -> None:
    action = ctx.action(ShowDecision)
    house = current_house(ctx)
    decision = domain.decision_in_house(ctx.session, house, action.decision_id)
    text, rows = record(
        ctx, ctx.t, house, decision, action.back, review=may_see_review(ctx), viewer=viewer(ctx)
    )
    if action.fresh:
        await ctx.reply(text, rows)
    else:
        await ctx.edit(text, rows)


def chair_only(ctx: Ctx, house: House) -> None:
    if not is_chair(ctx.member):
        names = ", ".join(m.person.display_name for m in chairs(ctx.session, house))
        raise UserError("poll.only_chair_may", chair=names or "—")


async def review_menu(ctx: Ctx) -> None:
    action = ctx.action(ReviewMenu)
    house = current_house(ctx)
    decision = domain.decision_in_house(ctx.session, house, action.decision_id)
    chair_only(ctx, house)
    await ctx.edit(
        ctx.t("decisions.review_question", number=decision.number, question=decision.question),
        review_rows(ctx.t, decision, action.back, ctx.clock.now()),
    )


async def set_review(reviews: Reviews, ctx: Ctx) -> None:
    action = ctx.action(SetReview)
    house = current_house(ctx)
    decision = domain.decision_in_house(ctx.session, house, action.decision_id)
    chair_only(ctx, house)
    when = domain.set_review(ctx.clock, house, decision, action.choice)
    reviews.schedule(decision)
    await ctx.edit(*record(ctx, ctx.t, house, decision, action.back, viewer=viewer(ctx)))
    if when is None:
        await ctx.popup(ctx.t("decisions.review_removed", number=decision.number))
    else:
        date_text = long_date(ctx.t, house, when)
        await ctx.popup(
            ctx.t("decisions.review_set", number=decision.number, date=date_text), alert=True
        )


# --- /agenda --------------------------------------------------------------------------
async def agenda_command(prompts: PromptRouter, ctx: Ctx) -> None:
    args = ctx.args
    adding = bool(args) and args[0].lower() in ADD_WORDS
    if adding and ctx.in_private and ctx.house is None:
        raise UserError("agenda.not_member")
    house = current_house(ctx)
    if not args:
        entries = agenda.entries(ctx.session, house)
        poll_ids = [e.item.poll_id for e in entries if e.item.poll_id is not None]
        by_poll = domain.by_poll(ctx.session, house, poll_ids)
        await ctx.reply(
            agenda_view(ctx.t, house, entries, by_poll), [print_row(ctx.t, house.id, PRINT_AGENDA)]
        )
        return
    if not adding:
        raise UserError("agenda.unknown_word")
    text = " ".join(args[1:])
    if text.strip():
        item = agenda.add_by_member(
            ctx.session, ctx.clock, house, ctx.member, text, private=ctx.in_private
        )
        await added(ctx, house, item)
        return
    if ctx.member is None:
        raise UserError("agenda.not_member")
    question = ctx.t("agenda.ask")
    if ctx.in_group and ctx.user is not None:
        mention = Html(f'<a href="tg://user?id={ctx.user.id}">{escape(ctx.user.first_name)}</a>')
        question = ctx.t("agenda.ask_group", name=mention)
    await prompts.ask(ctx, "agenda_add", question, house=house)


async def added(ctx: Ctx, house: House, item: AgendaItem) -> None:
    if ctx.in_private:
        await ask_name(ctx, house, item)
    else:
        await ctx.reply(ctx.t("agenda.added", text=item.text), quote=True)


async def answer_add(ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or not house.active or ctx.person is None:
        raise UserError("button.stale")
    member = present_membership(ctx.session, house, ctx.person)
    item = agenda.add_by_member(ctx.session, ctx.clock, house, member, text, private=ctx.in_private)
    await added(ctx, house, item)


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Reviews:  # type: ignore[type-arg]
    """`/decisions` and `/agenda`, their buttons and typed answer, and the reviews' start-up
    hook."""
    reviews = Reviews(deps)
    deps.startup_hooks.append(reviews.rebuild)  # re-arms every review date
    commands = (
        (DECISIONS.names, decisions_command),
        (AGENDA.names, bind(agenda_command, prompts)),
    )
    buttons: tuple[tuple[type, Handler], ...] = (
        (DecisionPage, page),
        (ShowDecision, show),
        (ReviewMenu, review_menu),
        (SetReview, bind(set_review, reviews)),
        (AgendaName, choose_name),
    )
    prompts.on("agenda_add", answer_add)
    for names, command in commands:
        app.add_handler(CommandHandler(names, wrap(deps, command)))
    for action_type, button in buttons:
        handler = wrap(deps, button)
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
    return reviews
