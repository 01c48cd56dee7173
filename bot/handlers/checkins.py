"""The check-in round in the private chat: the question and its three steps, the one reminder,
the digest for the group and the chair, the offer of a person after a low answer (with a
confirmation before anyone is messaged), `/mycheckins` (a small picture, only for the person),
and the daily deletion of old notes. The rules are in `bot.domain.checkins`.

An answer's steps are a `Flow`; the monthly "how are you?" of aftercare
(`bot.handlers.aftercare`) is another flow with the same steps, its own buttons, texts and
share targets.

Nothing of an answer is ever logged. The meeting's schedule (`bot.handlers.meetings_service`)
decides when the round, the reminder and the digest run; this module does the sending, after the
job's commit (`Work.post_private`): a round does not hold the database while Telegram takes its
time. `/mycheckins` is a module-level handler; `register()` routes it and the flow's buttons.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Generic
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.orm import Session
from telegram import Message
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import CheckinOff, codec
from bot.domain import away
from bot.domain import checkins as domain
from bot.domain import meetings as meeting_domain
from bot.domain.checkins import Row
from bot.domain.errors import UserError
from bot.domain.members import holder, home_house
from bot.domain.rotas import local_today
from bot.handlers.commands import MYCHECKINS
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator
from bot.jobs.runner import run_job
from bot.storage.meeting_models import CheckIn, Meeting, Share
from bot.storage.models import House, Member, Prompt, Role
from bot.telegram import messenger, outbox

RETENTION_KEY = "checkin-retention"
RETENTION_EVERY = timedelta(days=1)
EMOJI = {5: "😄", 4: "🙂", 3: "😐", 2: "😕", 1: "😞"}
LEVEL_IDS = {
    5: "checkin.level.5",
    4: "checkin.level.4",
    3: "checkin.level.3",
    2: "checkin.level.2",
    1: "checkin.level.1",
}
COLOURS = {5: "#2e7d32", 4: "#7cb342", 3: "#f9a825", 2: "#ef6c00", 1: "#c62828"}
DONE_IDS = {
    Share.GROUP: "checkin.done.group",
    Share.CHAIR: "checkin.done.chair",
    Share.SELF: "checkin.done.self",
}

# Who a resident's buddy is: the buddy feature (issue 7) sets this; without it, no buddy button.
BuddyFinder = Callable[[Session, Member], Member | None]


# The buttons of an answer's steps. Each flow registers its own (the prefix tells the flows
# apart, and a button already in a chat keeps working); the fields are these.
@dataclass(frozen=True)
class LevelTap:
    checkin_id: int
    level: int


@dataclass(frozen=True)
class NoNoteTap:
    checkin_id: int


@dataclass(frozen=True)
class ShareTap:
    checkin_id: int
    share: Share


@dataclass(frozen=True)
class ContactTap:
    """After a low answer: ask (show the confirmation), send, or back to the offer."""

    checkin_id: int
    member_id: int
    op: str


@dataclass(frozen=True)
class Taps:
    """A flow's buttons."""

    level: type[LevelTap]
    no_note: type[NoNoteTap]
    share: type[ShareTap]
    contact: type[ContactTap]


@codec.register("cil")
@dataclass(frozen=True)
class CheckinLevel(LevelTap):
    """The meeting check-in's scale."""


@codec.register("cin")
@dataclass(frozen=True)
class CheckinNoNote(NoNoteTap):
    pass


@codec.register("cis")
@dataclass(frozen=True)
class CheckinShare(ShareTap):
    pass


@codec.register("cic")
@dataclass(frozen=True)
class CheckinContact(ContactTap):
    pass


def level_text(t: Translator, level: int) -> str:
    return f"{EMOJI[level]} {t(LEVEL_IDS[level])}"


def chosen_text(t: Translator, checkin: Row) -> Html:
    assert checkin.level is not None
    text = t("checkin.chosen", level=level_text(t, checkin.level))
    if checkin.note:
        text = Html(text + "\n" + t("checkin.chosen_note", note=checkin.note))
    return text


def chair_holders(work: Work, house: House) -> list[Member]:
    """The chair and the co-chair, where the house has them."""
    found = (holder(work.session, house, role) for role in (Role.CHAIR, Role.CO_CHAIR))
    return [m for m in found if m is not None]


def render_chart(
    t: Translator,
    answers: list[tuple[datetime, int]],
    timezone: str,
    since: datetime,
    until: datetime,
) -> bytes:
    """A small PNG: one dot per answer on the five-step scale, from `since` to `until`."""
    width, height = 640, 320
    left, right, top, bottom = 110, 30, 40, 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    title = t("checkin.chart_title", weeks=domain.HISTORY_WEEKS)
    draw.text((left, 10), title, fill="black", font=font)
    span = height - top - bottom
    total = max((until - since).total_seconds(), 1.0)

    def y_of(level: int) -> float:
        return top + span * (5 - level) / 4

    def x_of(moment: datetime) -> float:
        share = min(max((moment - since).total_seconds() / total, 0.0), 1.0)
        return left + (width - right - left) * share

    for level in domain.LEVELS:
        y = y_of(level)
        draw.line([(left, y), (width - right, y)], fill="#e0e0e0")
        draw.text((8, y - 8), t(LEVEL_IDS[level]), fill=COLOURS[level], font=font)
    points = [(x_of(moment), y_of(level)) for moment, level in answers]
    if len(points) > 1:
        draw.line(points, fill="#9e9e9e", width=2)
    for (x, y), (_, level) in zip(points, answers, strict=True):
        draw.ellipse([(x - 6, y - 6), (x + 6, y + 6)], fill=COLOURS[level])
    zone = ZoneInfo(timezone)
    for moment, anchor in ((since, "lt"), (until, "rt")):
        label = moment.astimezone(zone).strftime("%d-%m")
        draw.text(
            (x_of(moment), height - bottom + 12), label, fill="black", font=font, anchor=anchor
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class Flow(ABC, Generic[Row]):
    """An answer's steps in the private chat: the scale, an optional note, who may see it, and
    after a low answer the offer of a person (messaged only when the person confirms). The
    meeting check-in (`Checkins`) and the monthly aftercare question
    (`bot.handlers.aftercare.Monthly`) are flows; each says what differs: the stored row and its
    rules, the buttons, the note prompt, the share step's targets and texts."""

    steps: domain.Steps[Row]
    taps: Taps
    prompt: str  # the kind of the note prompt
    group_button: str  # the text id of the "the group may see it" button
    done_ids: Mapping[Share, str]  # the text ids after the share step

    def __init__(self, deps: Deps, prompts: PromptRouter) -> None:
        self.deps = deps
        self.prompts = prompts
        self.buddy_of: BuddyFinder | None = None

    # --- what a flow says -------------------------------------------------------------------
    @abstractmethod
    def share_text(self, t: Translator, checkin: Row, chairs: list[str], group: bool) -> str:
        """The share step's question (`chairs`: their names; `group`: the group is offered)."""

    def group_open(self, work: Work, house: House) -> bool:
        """Whether "the group" can be chosen now."""
        return True

    async def shared(
        self, ctx: Ctx, house: House, member: Member, checkin: Row, share: Share
    ) -> None:
        """What the share choice does at once (nothing: the meeting's digest shows it)."""

    # --- asking (from a job) ----------------------------------------------------------------
    def question_rows(self, t: Translator, checkin: Row) -> list[list[Button]]:
        return [
            [(level_text(t, level), self.taps.level(checkin.id, level))] for level in domain.LEVELS
        ]

    def ask(
        self,
        work: Work,
        house: House,
        members: Sequence[Member],
        question: Callable[[Translator], str],
        **about: object,
    ) -> int:
        """Ask each of `members` privately; `about` names what for (see `Steps.new`). The
        questions go after the job's commit, outside the database lock; a question's message is
        kept when it went out. Returns how many were asked."""
        asked = 0
        for member in members:
            checkin = self.steps.new(work.session, work.clock, member, **about)
            t = work.translator_for(member.person, house)
            rows = self.question_rows(t, checkin)
            then = partial(self.keep_question, checkin.id)
            if not work.post_private(member.person, question(t), rows, then=then):
                work.session.delete(checkin)  # the private chat is closed: not asked
                continue
            asked += 1
        work.session.flush()
        return asked

    def keep_question(
        self, checkin_id: int, session: Session, message: Message
    ) -> outbox.FollowUp | None:
        """The question went out: keep its message (a tap on it may have come first)."""
        checkin = session.get(self.steps.row, checkin_id)
        if checkin is not None and checkin.message_id is None:
            checkin.chat_id, checkin.message_id = message.chat_id, message.message_id
        return None

    # --- the offer after a low answer -------------------------------------------------------
    def people_for(self, work: Work, house: House, member: Member) -> list[tuple[Member, bool]]:
        """(person, is buddy): the buddy first, then the confidants."""
        found: list[tuple[Member, bool]] = []
        buddy = self.buddy_of(work.session, member) if self.buddy_of is not None else None
        if buddy is not None and buddy.id != member.id and buddy.house_id == house.id:
            found.append((buddy, True))
        found += [
            (m, False)
            for m in domain.confidants(work.session, house, member)
            if buddy is None or m.id != buddy.id
        ]
        return found

    def support_text(self, work: Work, t: Translator, house: House) -> str:
        own = meeting_domain.settings_of(work.session, house).support_text
        return own if own is not None else t("checkin.support_default")

    def offer(
        self, work: Work, t: Translator, house: House, checkin: Row, member: Member
    ) -> tuple[str, list[list[Button]]]:
        """A chosen person for both low answers; the support numbers (113/112) only for the
        lowest, after the people."""
        people = self.people_for(work, house, member)
        lines = [chosen_text(t, checkin), ""]
        lines.append(t("checkin.offer_people") if people else t("checkin.offer_nobody"))
        if checkin.level == min(domain.LEVELS):
            lines += ["", self.support_text(work, t, house)]
        rows: list[list[Button]] = []
        for person, is_buddy in people:
            msgid = "checkin.button_ask_buddy" if is_buddy else "checkin.button_ask_confidant"
            name = person.person.name_with_username  # someone to trust: told apart by @username
            rows.append([(t(msgid, name=name), self.taps.contact(checkin.id, person.id, "ask"))])
        return Html("\n".join(lines)), rows

    def contact_message(self, t: Translator, house: House, member: Member) -> Html:
        person = member.person
        if person.username:
            return t(
                "checkin.contact_request_username",
                name=person.display_name,
                house=house.name,
                username=person.username,
            )
        return t("checkin.contact_request", name=person.display_name, house=house.name)

    # --- the steps, as the person taps and types ----------------------------------------------
    def context_of(self, ctx: Ctx, checkin: Row) -> tuple[House, Member]:
        house = ctx.session.get(House, checkin.house_id)
        member = ctx.session.get(Member, checkin.member_id)
        assert house is not None and member is not None
        ctx.t = ctx.translator_for(member.person, house)
        return house, member

    async def on_level(self, ctx: Ctx) -> None:
        action = ctx.action(self.taps.level)
        checkin = self.steps.own(ctx.session, ctx.person, action.checkin_id)
        house, member = self.context_of(ctx, checkin)
        low = self.steps.answer_level(ctx.session, ctx.clock, checkin, action.level)
        t = ctx.t
        query = ctx.update.callback_query
        if query is not None and query.message is not None:
            checkin.chat_id = query.message.chat.id
            checkin.message_id = query.message.message_id
        no_note = [[(t("checkin.button_no_note"), self.taps.no_note(checkin.id))]]
        if not low:
            await ctx.edit(t("checkin.note_step", chosen=chosen_text(t, checkin)), no_note)
        else:
            # In this order: the answer and the offer of a person (in place of the question),
            # then the note's step with its button, then the note's question right below it.
            await ctx.edit(*self.offer(ctx, t, house, checkin, member))
            message = await ctx.reply(t("checkin.note_question"), no_note)
            assert message is not None  # a private chat: sent at once
            checkin.chat_id, checkin.message_id = message.chat_id, message.message_id
        await self.prompts.ask(
            ctx, self.prompt, t("checkin.ask_note"), house=house, payload=str(checkin.id)
        )

    def share_view(self, ctx: Ctx, house: House, checkin: Row) -> tuple[str, list[list[Button]]]:
        t = ctx.t
        group = self.group_open(ctx, house)
        chairs = [m.person.name_with_username for m in chair_holders(ctx, house)]
        share = self.taps.share
        rows: list[list[Button]] = []
        if group:
            rows.append([(t(self.group_button), share(checkin.id, Share.GROUP))])
        if chairs:
            rows.append([(t("checkin.button_chair"), share(checkin.id, Share.CHAIR))])
        rows.append([(t("checkin.button_self"), share(checkin.id, Share.SELF))])
        return self.share_text(t, checkin, chairs, group), rows

    async def on_no_note(self, ctx: Ctx) -> None:
        action = ctx.action(self.taps.no_note)
        checkin = self.steps.own(ctx.session, ctx.person, action.checkin_id)
        house, _ = self.context_of(ctx, checkin)
        self.steps.set_note(ctx.session, ctx.clock, checkin, None)
        await ctx.edit(*self.share_view(ctx, house, checkin))

    async def on_note(self, ctx: Ctx, prompt: Prompt, text: str) -> None:
        checkin = self.steps.own(ctx.session, ctx.person, int(prompt.payload))
        house, _ = self.context_of(ctx, checkin)
        self.steps.set_note(ctx.session, ctx.clock, checkin, text)
        if checkin.chat_id is not None and checkin.message_id is not None:
            await messenger.edit_text(
                ctx.bot, checkin.chat_id, checkin.message_id, chosen_text(ctx.t, checkin)
            )
        message = await ctx.reply(*self.share_view(ctx, house, checkin))
        assert message is not None  # a private chat: sent at once
        checkin.chat_id, checkin.message_id = message.chat_id, message.message_id

    async def on_share(self, ctx: Ctx) -> None:
        action = ctx.action(self.taps.share)
        checkin = self.steps.own(ctx.session, ctx.person, action.checkin_id)
        house, member = self.context_of(ctx, checkin)
        if action.share == Share.GROUP and not self.group_open(ctx, house):
            raise UserError("button.stale")
        self.steps.set_share(ctx.session, ctx.clock, checkin, action.share)
        await self.shared(ctx, house, member, checkin, action.share)
        t = ctx.t
        await ctx.edit(t(self.done_ids[action.share], chosen=chosen_text(t, checkin)))

    async def on_contact(self, ctx: Ctx) -> None:
        action = ctx.action(self.taps.contact)
        checkin = self.steps.own(ctx.session, ctx.person, action.checkin_id)
        house, member = self.context_of(ctx, checkin)
        if checkin.level is None or checkin.level > domain.LOW:
            raise UserError("button.stale")
        t = ctx.t
        people = {p.id: p for p, _ in self.people_for(ctx, house, member)}
        target = people.get(action.member_id)
        if target is None:
            raise UserError("button.stale")
        name = target.person.display_name
        target_t = ctx.translator_for(target.person, house)
        contact = self.taps.contact
        if action.op == "ask":
            await ctx.edit(
                t(
                    "checkin.confirm",
                    name=name,
                    message=self.contact_message(target_t, house, member),
                ),
                [
                    [(t("checkin.button_send"), contact(checkin.id, target.id, "send"))],
                    [(t("checkin.button_not_now"), contact(checkin.id, target.id, "back"))],
                ],
            )
        elif action.op == "send":
            sent = await ctx.send_private(
                target.person, self.contact_message(target_t, house, member)
            )
            if sent is not None:
                await ctx.edit(t("checkin.contact_sent", name=name))
                return
            text, rows = self.offer(ctx, t, house, checkin, member)
            await ctx.edit(Html(t("checkin.contact_unreachable", name=name) + "\n\n" + text), rows)
        elif action.op == "back":
            await ctx.edit(*self.offer(ctx, t, house, checkin, member))
        else:
            raise UserError("button.stale")

    def register(self, app: Application) -> None:  # type: ignore[type-arg]
        """The note prompt and the buttons of this flow."""
        self.prompts.on(self.prompt, self.on_note)
        for action_type, handler in (
            (self.taps.level, self.on_level),
            (self.taps.no_note, self.on_no_note),
            (self.taps.share, self.on_share),
            (self.taps.contact, self.on_contact),
        ):
            app.add_handler(
                CallbackQueryHandler(wrap(self.deps, handler), pattern=codec.matcher(action_type))
            )


class Checkins(Flow[CheckIn]):
    """The meeting check-in: sending the round, its reminder and its digest (after the job's
    commit); the daily note clean-up."""

    steps = domain.MEETING
    taps = Taps(CheckinLevel, CheckinNoNote, CheckinShare, CheckinContact)
    prompt = "checkin_note"
    group_button = "checkin.button_group"
    done_ids = DONE_IDS

    def question_rows(self, t: Translator, checkin: CheckIn) -> list[list[Button]]:
        """The scale, and a way to stop these questions for myself (`bot.handlers.away`)."""
        off = (t("away.button_checkin_off"), CheckinOff(checkin.house_id, "q"))
        return [*super().question_rows(t, checkin), [off]]

    def share_text(self, t: Translator, checkin: CheckIn, chairs: list[str], group: bool) -> str:
        if chairs:
            return t("checkin.ask_share", chosen=chosen_text(t, checkin), chair=", ".join(chairs))
        return t("checkin.ask_share_no_chair", chosen=chosen_text(t, checkin))

    # --- the round ----------------------------------------------------------------------
    def when(self, t: Translator, house: House, meeting: Meeting) -> str:
        return t.moment(meeting.starts_at, house.timezone)

    async def send_round(self, work: Work, house: House, meeting: Meeting) -> int:
        """Ask every resident with an open private chat. Returns how many were asked."""

        def question(t: Translator) -> str:
            return t("checkin.question", house=house.name, when=self.when(t, house, meeting))

        members = domain.round_members(work.session, house, meeting)
        return self.ask(work, house, members, question, meeting_id=meeting.id)

    async def remind(self, work: Work, house: House, meeting: Meeting) -> int:
        """The one gentle reminder, to those who did not answer. Never a name anywhere."""
        sent = 0
        for checkin in domain.reminder_targets(work.session, meeting):
            checkin.reminded_at = work.clock.now()
            member = work.session.get(Member, checkin.member_id)
            assert member is not None
            if not away.asks_checkin(member, local_today(house, work.clock.now())):
                continue  # away, or the check-in turned off since the question
            t = work.translator_for(member.person, house)
            text = t("checkin.reminder", house=house.name, when=self.when(t, house, meeting))
            if work.post_private(member.person, text, self.question_rows(t, checkin)):
                sent += 1
        return sent

    async def send_digest(self, work: Work, house: House, meeting: Meeting) -> None:
        """The group sees what was shared with it, and a number for the rest; the chair(s)
        get what was meant for them only. Nothing is sent when nobody answered."""
        result = domain.digest(work.session, meeting)
        if result.empty:
            return
        # A count of private answers below three singles people out in a small house ("1
        # other checked in" — and everyone knows who was asked): the group hears of them only
        # from three on, and gets no message at all when nobody shared with it.
        others = result.others if result.others >= domain.PRIVATE_COUNT_MIN else 0
        if result.shared or others:
            t = work.group_translator(house)
            lines: list[str] = [t("checkin.digest.header", when=self.when(t, house, meeting))]
            lines += [self.answer_line(t, answer) for answer in result.shared]
            if others:
                lines.append(t.plural("checkin.digest.others", others))
            work.post_group(house, "\n".join(lines))
        if not result.chair_only:
            return
        # Each answer goes to the chair(s) the person saw named when answering; an answer
        # stored before that was kept goes to the chair(s) of now.
        now = tuple(m.id for m in chair_holders(work, house))
        to_ids = list(dict.fromkeys(i for a in result.chair_only for i in (a.to or now)))
        for chair_id in to_ids:
            chair = work.session.get(Member, chair_id)
            if chair is None:
                continue
            mine = [a for a in result.chair_only if chair_id in (a.to or now)]
            chair_t = work.translator_for(chair.person, house)
            text = "\n".join(
                [chair_t("checkin.digest.chair", when=self.when(chair_t, house, meeting))]
                + [self.answer_line(chair_t, answer) for answer in mine]
            )
            work.post_private(chair.person, text)

    async def shared(
        self, ctx: Ctx, house: House, member: Member, checkin: CheckIn, share: Share
    ) -> None:
        """ "Only the chair": the chair(s) named to the person now are the ones who get it."""
        if share == Share.CHAIR:
            checkin.shared_with = domain.recipients_text(chair_holders(ctx, house))

    def answer_line(self, t: Translator, answer: domain.Answer) -> str:
        level = level_text(t, answer.level)
        if answer.note:
            return t("checkin.digest.line_note", name=answer.name, level=level, note=answer.note)
        return t("checkin.digest.line", name=answer.name, level=level)

    # --- retention ----------------------------------------------------------------------
    async def retention(self, work: Work) -> None:
        """Delete old notes now, and again every day."""
        domain.purge_notes(work.session, work.clock)

        async def run() -> None:
            await run_job(self.deps, self.deps.bot, "checkin retention", self.retention)

        self.deps.scheduler.at(RETENTION_KEY, work.clock.now() + RETENTION_EVERY, run)


async def my_checkins(ctx: Ctx) -> None:
    """`/mycheckins`, privately: my answers of the last weeks, counted and as a chart."""
    if not ctx.in_private:
        rows: list[list[Button]] = []
        if ctx.house is not None:
            rows = [[(ctx.t("card.private_chat"), ctx.deep_link(ctx.house))]]
        await ctx.reply(ctx.t("checkin.private_only"), rows)
        return
    assert ctx.person is not None and ctx.chat is not None
    answers = domain.history(ctx.session, ctx.clock, ctx.person)
    if not answers:
        await ctx.reply(ctx.t("checkin.history_empty"))
        return
    house = home_house(ctx.session, ctx.person) or ctx.session.get(House, answers[0].house_id)
    assert house is not None
    t = ctx.t
    levels = [(c.asked_at, c.level) for c in answers if c.level is not None]
    counts = " · ".join(
        f"{EMOJI[level]} {sum(1 for _, lv in levels if lv == level)}" for level in domain.LEVELS
    )
    last_at, last_level = levels[-1]
    caption = t.plural(
        "checkin.history",
        len(levels),
        weeks=domain.HISTORY_WEEKS,
        counts=counts,
        last=level_text(t, last_level),
        day=t.day(last_at, house.timezone),
    )
    now = ctx.clock.now()
    since = now - timedelta(weeks=domain.HISTORY_WEEKS)
    picture = render_chart(t, levels, house.timezone, since, now)
    await ctx.bot.send_photo(ctx.chat.id, photo=picture, caption=caption)


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Checkins:  # type: ignore[type-arg]
    """`/mycheckins`, the check-in buttons and note prompt, and the retention start-up hook."""
    checkins = Checkins(deps, prompts)
    deps.startup_hooks.append(checkins.retention)
    app.add_handler(CommandHandler(MYCHECKINS.names, wrap(deps, my_checkins)))
    checkins.register(app)
    return checkins
