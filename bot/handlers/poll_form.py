"""The full poll form, in the private chat, so the group is not flooded.

How it starts (the `Polls.form` hook; `/poll` has already checked `can_launch`):
- In the group, `/poll` (`/stemming`) without text: one short line in the group with a button
  that opens the private chat (`deep_link(house)`: the house's link token, so `/start` there
  links the person as usual — `people.start` owns `/start`, and a `/start poll` payload would be
  a second handler for one update). If the chair's private chat is open, the bot asks the
  question there right away and the group line says so; otherwise the line asks to send
  `/stemming` in the private chat.
- In the private chat, `/poll` asks the question (a typed answer), or takes it from the text
  (`/poll Question | Option | Option` pre-fills the options like the quick form).

The answer creates a DRAFT with the house's defaults and shows ONE form message: a preview of
the poll as the group will see it, and buttons for every setting. Taps edit that message in
place; typed answers (question, options, another date, what is fixed) are asked with a
force-reply, and the form then moves below the answer (the old one is deleted), so there is
always one form and it stays in sight. A typed answer that fails the domain's checks is answered
with the reason by the wrapper; the transaction rolls back, so the question stays open and the
person can reply again. "Post in the group" goes through `Polls.post`; "Throw away" deletes the
draft. Every button checks that the draft is still a draft of the person who taps.

What is here: the form's button data, the views (`form_view`, `kind_view`, `deadline_view`,
`quorum_view`), the handlers (module-level functions taking the `Polls` service first: it holds
the prompt router and posts the poll), and `register()`, the routing table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import codec
from bot.domain import polls as domain
from bot.domain.errors import UserError
from bot.domain.members import mark_private_chat, present_membership
from bot.handlers.bind import bind
from bot.handlers.kit import Button, Ctx, Deps, wrap
from bot.handlers.poll_texts import deadline_text, poll_text
from bot.handlers.polls import Polls, ask_secret
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator
from bot.storage.models import (
    House,
    Member,
    Poll,
    PollKind,
    PollState,
    PrivateChat,
    Prompt,
)

log = logging.getLogger(__name__)

NEW = "poll_form_new"  # prompt kind: the question of a poll that does not exist yet
FIELD = "poll_form"  # prompt kind: a typed field of a draft; payload `field:poll_id:form_id`
TYPED_FIELDS = ("q", "opt", "date", "frm")
WITH_OPTIONS = (PollKind.SINGLE, PollKind.MULTI)

KIND_LABELS = {
    PollKind.YES_NO: "poll_form.kind.yes_no",
    PollKind.SINGLE: "poll_form.kind.single",
    PollKind.MULTI: "poll_form.kind.multi",
    PollKind.CONSENT: "poll_form.kind.consent",
}
DEADLINE_LABELS = {
    "tonight": "poll_form.deadline.tonight",
    "tomorrow": "poll_form.deadline.tomorrow",
    "3d": "poll_form.deadline.3d",
    "week": "poll_form.deadline.week",
}
OTHER_DATE = "other"
QUORUM_LABELS = {
    0: "poll_form.quorum.none",
    33: "poll_form.quorum.third",
    50: "poll_form.quorum.half",
    67: "poll_form.quorum.two_thirds",
    100: "poll_form.quorum.all",
}


@codec.register("pf")
@dataclass(frozen=True)
class FormEdit:
    """A button of the form: q, kind, opt, dl, sec, who, quo, frm, nofrm, hide, post, drop,
    back."""

    poll_id: int
    item: str


@codec.register("pfk")
@dataclass(frozen=True)
class FormKind:
    poll_id: int
    kind: PollKind


@codec.register("pfd")
@dataclass(frozen=True)
class FormDeadline:
    poll_id: int
    pick: str  # a key of DEADLINE_LABELS, or OTHER_DATE: type it


@codec.register("pfq")
@dataclass(frozen=True)
class FormQuorum:
    poll_id: int
    percent: int  # one of domain.QUORUM_CHOICES


@dataclass(frozen=True)
class Draft:
    house: House
    member: Member
    poll: Poll


def find_draft(ctx: Ctx, poll_id: int) -> Draft | None:
    """The draft `poll_id` if it is still a draft of the person of this update, in the private
    chat, in an active house."""
    poll = ctx.session.get(Poll, poll_id)
    if poll is None or ctx.person is None or not ctx.in_private:
        return None
    house = ctx.session.get(House, poll.house_id)
    if house is None or not house.active:
        return None
    member = present_membership(ctx.session, house, ctx.person)
    if member is None or poll.created_by_id != member.id or poll.state != PollState.DRAFT:
        return None
    return Draft(house, member, poll)


def require_draft(ctx: Ctx, poll_id: int) -> Draft:
    draft = find_draft(ctx, poll_id)
    if draft is None:
        raise UserError("button.stale")
    return draft


def require_launcher(session: Session, house: House, member: Member) -> None:
    """The chair (or anyone, if the house says so) may still launch polls: roles change."""
    if not domain.can_launch(house, member):
        chair = ", ".join(m.person.display_name for m in domain.chairs(session, house))
        raise UserError("poll.only_chair_may", chair=chair or "—")


def quorum_label(t: Translator, percent: int, eligible: int) -> Html:
    needed = domain.quorum_needed(eligible, percent)
    return t(QUORUM_LABELS[percent], needed=needed, eligible=eligible)


def form_view(ctx: Ctx, draft: Draft) -> tuple[str, list[list[Button]]]:
    """The form: the preview (in the house's language, as the group will see it), what the
    preview does not show, and the buttons (in the person's language)."""
    t, house, poll = ctx.t, draft.house, draft.poll
    result = domain.tally(ctx.session, poll)
    preview = poll_text(ctx.group_translator(house), house, poll, result)
    voters = t("poll_form.voters", who=t(f"poll.who.{poll.voters.value}"), count=result.eligible)
    quorum = (
        t("poll_form.quorum_line", needed=result.quorum_needed, eligible=result.eligible)
        if poll.quorum_percent
        else t("poll_form.quorum_line_none")
    )
    lines = [t("poll_form.title"), f"<blockquote>{preview}</blockquote>", voters, quorum]
    if poll.kind in WITH_OPTIONS and len(poll.options) < 2:
        lines.append(t("poll_form.no_options"))
    lines.append("")
    lines.append(t("poll_form.hint"))

    def button(msgid: str, item: str) -> Button:
        return t(msgid), FormEdit(poll.id, item)

    rows: list[list[Button]] = [
        [button("poll_form.button_question", "q"), button("poll_form.button_kind", "kind")],
        [button("poll_form.button_deadline", "dl")],
        [
            button(
                "poll_form.button_secret_on" if poll.secret else "poll_form.button_secret_off",
                "sec",
            ),
        ],
        [button("poll_form.button_quorum", "quo"), button("poll_form.button_frame", "frm")],
        [
            button(
                "poll_form.button_hide_on" if poll.hide_results else "poll_form.button_hide_off",
                "hide",
            )
        ],
        [button("poll_form.button_post", "post")],
        [button("poll_form.button_drop", "drop")],
    ]
    if len(domain.allowed_voters(house)) > 1:  # never more voters than the house decided
        rows[2].append((t(f"poll_form.who.{poll.voters.value}"), FormEdit(poll.id, "who")))
    if poll.kind in WITH_OPTIONS:
        rows[1].insert(0, button("poll_form.button_options", "opt"))
    if poll.frame:
        rows[3].append(button("poll_form.button_frame_clear", "nofrm"))
    return "\n".join(lines), rows


def kind_view(ctx: Ctx, poll: Poll) -> tuple[str, list[list[Button]]]:
    rows: list[list[Button]] = [
        [(("✓ " if kind == poll.kind else "") + ctx.t(msgid), FormKind(poll.id, kind))]
        for kind, msgid in KIND_LABELS.items()
    ]
    rows.append([(ctx.t("button.back"), FormEdit(poll.id, "back"))])
    return ctx.t("poll_form.choose_kind"), rows


def deadline_view(ctx: Ctx, house: House, poll: Poll) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    now = ctx.clock.now()
    picks: list[Button] = [
        (t(msgid), FormDeadline(poll.id, pick))
        for pick, msgid in DEADLINE_LABELS.items()
        if pick_allowed(house, now, pick)  # never shorter than the house's shortest poll
    ]
    rows: list[list[Button]] = [
        picks[:2],
        picks[2:],
        [(t("poll_form.deadline.other"), FormDeadline(poll.id, OTHER_DATE))],
        [(t("button.back"), FormEdit(poll.id, "back"))],
    ]
    text: str = t("poll_form.choose_deadline", deadline=deadline_text(t, house, poll))
    text += "\n" + t("poll_form.shortest", hours=house.min_poll_hours)
    return text, [row for row in rows if row]


def pick_allowed(house: House, now: datetime, pick: str) -> bool:
    try:
        return domain.long_enough(house, now, domain.deadline_pick(house, now, pick))
    except UserError:  # tonight, too late already
        return False


def quorum_view(ctx: Ctx, house: House, poll: Poll) -> tuple[str, list[list[Button]]]:
    eligible = domain.eligible_count(ctx.session, poll)
    rows: list[list[Button]] = [
        [
            (
                ("✓ " if percent == poll.quorum_percent else "")
                + quorum_label(ctx.t, percent, eligible),
                FormQuorum(poll.id, percent),
            )
        ]
        for percent in domain.allowed_quorums(house)  # never less than the house's floor
    ]
    rows.append([(ctx.t("button.back"), FormEdit(poll.id, "back"))])
    text: str = ctx.t("poll_form.choose_quorum", eligible=eligible)
    if house.quorum_percent:
        text += "\n" + ctx.t(
            "poll_form.quorum_floor", floor=quorum_label(ctx.t, house.quorum_percent, eligible)
        )
    return text, rows


def option_lines(text: str) -> list[str]:
    """The options as people type them: one per line (empty lines do not count); on one line,
    separated by `|` or, without a bar, by commas (`koken, afwas, boodschappen`)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        return lines
    for separator in ("|", ","):
        if separator in lines[0]:
            return [part for part in lines[0].split(separator) if part.strip()]
    return lines


# --- starting -------------------------------------------------------------------------------
async def start_form(polls: Polls, ctx: Ctx, house: House, text: str) -> None:
    """The `Polls.form` hook: `/poll` checked `can_launch(house, ctx.member)` already."""
    assert ctx.person is not None and ctx.member is not None
    if ctx.in_group:
        await invite_from_group(polls, ctx, house)
        return
    if not text.strip():
        await polls.prompts.ask(
            ctx, NEW, ctx.t("poll_form.ask_question", house=house.name), house=house
        )
        return
    await new_draft(ctx, house, ctx.member, text)


async def invite_from_group(polls: Polls, ctx: Ctx, house: House) -> None:
    person = ctx.person
    assert person is not None
    started = False
    if person.private_chat == PrivateChat.OPEN:
        private_t = ctx.translator_for(person, house)
        try:
            await polls.prompts.ask_in(
                ctx,
                person.telegram_id,
                person,
                NEW,
                private_t("poll_form.ask_question", house=house.name),
                house=house,
            )
            started = True
        except Forbidden:
            mark_private_chat(ctx.clock, person, PrivateChat.CLOSED)
    msgid = "poll_form.started_in_private" if started else "poll_form.open_private_chat"
    await ctx.reply(
        ctx.t(msgid, name=person.first_name),
        [[(ctx.t("card.private_chat"), ctx.deep_link(house))]],
    )


async def new_draft(ctx: Ctx, house: House, member: Member, text: str) -> None:
    """A draft from the question (`Question | Option | Option` fills in the options, as in
    the quick form), and its form."""
    question, kind, options = domain.parse_quick(text)
    poll = domain.new_poll(
        ctx.session, ctx.clock, house, member, question=question, kind=kind, options=options
    )
    await ctx.reply(*form_view(ctx, Draft(house, member, poll)))


async def answer_new(polls: Polls, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or not house.active or ctx.person is None:
        raise UserError("members.no_house")
    member = present_membership(ctx.session, house, ctx.person)
    if member is None:
        raise UserError("members.no_house")
    require_launcher(ctx.session, house, member)
    await new_draft(ctx, house, member, text)


# --- the buttons ----------------------------------------------------------------------------
def form_message_id(ctx: Ctx) -> int:
    query = ctx.update.callback_query
    assert query is not None and query.message is not None
    return query.message.message_id


async def ask_field(polls: Polls, ctx: Ctx, draft: Draft, field: str, question: str) -> None:
    payload = f"{field}:{draft.poll.id}:{form_message_id(ctx)}"
    await polls.prompts.ask(ctx, FIELD, question, house=draft.house, payload=payload)
    await ctx.popup(ctx.t("setup.answer_below"))


async def edit(polls: Polls, ctx: Ctx) -> None:
    action = ctx.action(FormEdit)
    draft = require_draft(ctx, action.poll_id)
    poll, t = draft.poll, ctx.t
    item = action.item
    if item == "q":
        await ask_field(polls, ctx, draft, "q", t("poll_form.ask_new_question"))
        return
    if item == "opt" and poll.kind in WITH_OPTIONS:
        await ask_field(
            polls, ctx, draft, "opt", t("poll_form.ask_options", max=domain.MAX_OPTIONS)
        )
        return
    if item == "frm":
        await ask_field(polls, ctx, draft, "frm", t("poll_form.ask_frame"))
        return
    if item == "kind":
        await ctx.edit(*kind_view(ctx, poll))
        return
    if item == "dl":
        await ctx.edit(*deadline_view(ctx, draft.house, poll))
        return
    if item == "quo":
        await ctx.edit(*quorum_view(ctx, draft.house, poll))
        return
    if item == "post":
        require_launcher(ctx.session, draft.house, draft.member)
        domain.check_floors(draft.house, poll, ctx.clock.now())
        if not poll.secret and domain.names_a_member(ctx.session, draft.house, poll.question):
            await ask_secret(ctx, poll)  # about someone: "make it secret?" first
            return
        await polls.post(ctx, draft.house, poll, draft.member)
        await ctx.edit(t("poll_form.posted", question=poll.question))
        return
    if item == "drop":
        question = poll.question
        ctx.session.delete(poll)
        await ctx.edit(t("poll_form.dropped", question=question))
        return
    if item == "sec":
        poll.secret = not poll.secret
    elif item == "who":
        allowed = domain.allowed_voters(draft.house)
        if len(allowed) < 2:
            raise UserError("poll.weaker_voters")
        at = allowed.index(poll.voters) if poll.voters in allowed else -1
        poll.voters = allowed[(at + 1) % len(allowed)]
    elif item == "hide":
        poll.hide_results = not poll.hide_results
    elif item == "nofrm":
        poll.frame = None
    elif item != "back":
        raise UserError("button.stale")
    await ctx.edit(*form_view(ctx, draft))


async def choose_kind(polls: Polls, ctx: Ctx) -> None:
    action = ctx.action(FormKind)
    draft = require_draft(ctx, action.poll_id)
    poll = draft.poll
    keep = [o.label for o in poll.options] if poll.kind in WITH_OPTIONS else []
    domain.set_options(ctx.session, poll, action.kind, keep if action.kind in WITH_OPTIONS else [])
    await ctx.edit(*form_view(ctx, draft))
    if action.kind in WITH_OPTIONS and len(poll.options) < 2:
        await ask_field(
            polls, ctx, draft, "opt", ctx.t("poll_form.ask_options", max=domain.MAX_OPTIONS)
        )


async def choose_deadline(polls: Polls, ctx: Ctx) -> None:
    action = ctx.action(FormDeadline)
    draft = require_draft(ctx, action.poll_id)
    if action.pick == OTHER_DATE:
        await ask_field(polls, ctx, draft, "date", ctx.t("poll_form.ask_date"))
        return
    if action.pick not in DEADLINE_LABELS:
        raise UserError("button.stale")
    deadline = domain.deadline_pick(draft.house, ctx.clock.now(), action.pick)
    domain.check_length(draft.house, ctx.clock.now(), deadline)
    draft.poll.deadline = deadline
    await ctx.edit(*form_view(ctx, draft))


async def choose_quorum(polls: Polls, ctx: Ctx) -> None:
    action = ctx.action(FormQuorum)
    draft = require_draft(ctx, action.poll_id)
    if action.percent not in domain.QUORUM_CHOICES:
        raise UserError("button.stale")
    domain.check_quorum(draft.house, action.percent)
    draft.poll.quorum_percent = action.percent
    await ctx.edit(*form_view(ctx, draft))


# --- typed answers --------------------------------------------------------------------------
async def answer_field(polls: Polls, ctx: Ctx, prompt: Prompt, text: str) -> None:
    field, _, ids = prompt.payload.partition(":")
    poll_id, _, form_id = ids.partition(":")
    draft = (
        find_draft(ctx, int(poll_id))
        if field in TYPED_FIELDS and poll_id.isdigit() and form_id.isdigit()
        else None
    )
    if draft is None:
        await ctx.reply(ctx.t("poll_form.gone"))
        return
    poll, house = draft.poll, draft.house
    if field == "q":
        poll.question = domain.check_question(text)
    elif field == "opt":
        domain.set_options(ctx.session, poll, poll.kind, option_lines(text))
    elif field == "date":
        deadline = domain.parse_deadline(house, ctx.clock.now(), text)
        domain.check_length(house, ctx.clock.now(), deadline)
        poll.deadline = deadline
    else:
        poll.frame = domain.check_frame(text)
    ctx.session.flush()
    assert ctx.chat is not None
    try:
        await ctx.bot.delete_message(ctx.chat.id, int(form_id))
    except BadRequest as exc:  # already moved, or too old to delete: it may stay
        log.info("poll form %s: the old form stays: %s", poll.id, exc.message)
    await ctx.reply(*form_view(ctx, draft))


def register(
    app: Application,  # type: ignore[type-arg]
    deps: Deps,
    prompts: PromptRouter,
    polls: Polls,
) -> None:
    """The full form: the `Polls.form` hook, its typed answers and its buttons."""
    polls.form = bind(start_form, polls)  # `/poll` without a quick question
    typed = (
        (NEW, answer_new),  # the question
        (FIELD, answer_field),  # another question, the options, a date, what is fixed
    )
    buttons = (
        (FormEdit, edit),
        (FormKind, choose_kind),
        (FormDeadline, choose_deadline),
        (FormQuorum, choose_quorum),
    )
    for kind, answer in typed:
        prompts.on(kind, bind(answer, polls))
    for action_type, button in buttons:
        handler = wrap(deps, bind(button, polls))
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
