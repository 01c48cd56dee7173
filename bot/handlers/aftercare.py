"""Moving out and aftercare in the chats: `/moveout`, the aftercare group, the monthly "how are
you?", help requests, buddies, and the chair's question when someone leaves the group. The
rules are in `bot.domain.aftercare`.

What people can do:

- `/moveout` (`/verhuizen`), in the group or privately. A resident gets a private question with
  a confirmation button ("Yes, I am moving out" / "No"). The chair gets a list of the residents
  and taps a name: that resident gets the private question (with the chair's name); nothing
  changes until they confirm, and when the bot cannot reach them the chair is told so. After the
  confirmation: the group reads the status change, the rota re-plans, house polls no longer
  count them, the person is asked "a goodbye in the group?" (yes / no) and is offered the
  aftercare group's invite link privately.
- `/setup aftercare` (`/instellen nazorg`; also `/nazorg koppel`, `/aftercare link`), in the
  aftercare group, by an admin of that group who is the house's chair or an admin of the
  residents' group: the bot (an admin there, allowed to invite) makes an invite link that creates
  join requests ("Nazorg") and links the group to the house. `/setup aftercare unlink`
  (`/nazorg ontkoppel`) undoes it. A plain `/setup` there is refused: it is not a house.
- `/nazorg` elsewhere: for the chair (or an admin of the residents' group) the settings: may
  supporters join, is the monthly question on; for a former resident, privately: the invite
  link, the monthly question on or off, and offering to be a buddy. `/nazorg stop` / `aan`
  turns one's monthly question off / on.
- `/nazorg hulp <question>` (`/aftercare help …`), by the chair: the question goes to the
  aftercare group with an "I'll help" button. The chair hears privately who offered (first
  names); the group message only shows how many.
- `/buddy` (`/maatje`), privately: a resident asks for a buddy (or no longer), a former resident
  offers to be one (or stops); proposals and introductions come privately, with buttons.

Updates that `house.py` and `people.py` receive, handled through `deps.hooks` in their
handler's transaction (one update, one handler, one transaction):

- join requests for an aftercare group: approved for former residents (and supporters, when the
  house allows it), declined with a polite private note for everyone else (the note is sent
  first: the 5-minute window to write to someone who asked to join closes when the request is
  handled);
- an aftercare group that became a supergroup: the link follows it;
- a resident leaving the residents' group (`chat_member`, or the `left_chat_member` service
  message): the chair(s) are asked privately what to do. Nothing changes on its own.

Jobs (durable, rebuilt at start-up): `aftercare-round-<house id>` at the house's next monthly
round (a round missed while the bot was down runs at once, once; its questions go after the
job's commit, outside the database lock), and `aftercare-retention`, the daily deletion of old
notes.

The monthly question's steps are the meeting check-in's (`bot.handlers.checkins.Flow`):
`Monthly` gives its buttons, texts and share targets (the aftercare group, at once).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from telegram import Message
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
)

from bot.callbacks import codec
from bot.domain import aftercare as domain
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain import polls as poll_domain
from bot.domain.errors import UserError
from bot.handlers.checkins import (
    Checkins,
    ContactTap,
    Flow,
    LevelTap,
    NoNoteTap,
    ShareTap,
    Taps,
    chair_holders,
    chosen_text,
    level_text,
)
from bot.handlers.commands import AFTERCARE, BUDDY, MOVEOUT
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.prompts import PromptRouter
from bot.handlers.rotas import Rotas
from bot.i18n import Html, Translator, escape
from bot.jobs.runner import job_call, run_job
from bot.jobs.scheduler import JobFn
from bot.storage.aftercare_models import (
    AftercareCheckin,
    AftercareMove,
    AftercareSettings,
    BuddyPair,
    HelpRequest,
    MoveStart,
    PairState,
)
from bot.storage.meeting_models import Share
from bot.storage.models import House, Member, MemberStatus, Person
from bot.telegram import messenger

log = logging.getLogger(__name__)

RETENTION_KEY = "aftercare-retention"
RETENTION_EVERY = timedelta(days=1)
LINK_WORDS = frozenset({"koppel", "link"})
UNLINK_WORDS = frozenset({"ontkoppel", "unlink"})
HELP_WORDS = frozenset({"hulp", "help"})
OFF_WORDS = frozenset({"stop", "uit", "off"})
ON_WORDS = frozenset({"aan", "on", "start"})
SETUP_WORDS = ("aftercare", "nazorg")  # `/setup aftercare`, `/instellen nazorg`
INVITE_NAME = "Nazorg"
DONE_IDS = {
    Share.GROUP: "aftercare.checkin.done_group",
    Share.CHAIR: "aftercare.checkin.done_chair",
    Share.SELF: "aftercare.checkin.done_self",
}


@codec.register("amv")
@dataclass(frozen=True)
class MoveAnswer:
    """The resident's answer to "are you moving out?"."""

    move_id: int
    yes: bool


@codec.register("amp")
@dataclass(frozen=True)
class MovePick:
    """The chair picks who moves out."""

    house_id: int
    member_id: int


@codec.register("agb")
@dataclass(frozen=True)
class Goodbye:
    member_id: int
    yes: bool


@codec.register("alq")
@dataclass(frozen=True)
class LeftAnswer:
    """The chair's answer about someone who left the group: out (moved out) or keep."""

    move_id: int
    op: str


@codec.register("aset")
@dataclass(frozen=True)
class AftercareSet:
    """The chair's settings: sup (supporters may join), monthly, done."""

    house_id: int
    item: str


@codec.register("ame")
@dataclass(frozen=True)
class AftercareMine:
    """A former resident's own switches: monthly, buddy."""

    member_id: int
    item: str


@codec.register("acl")
@dataclass(frozen=True)
class AcLevel(LevelTap):
    """The monthly question's scale."""


@codec.register("acn")
@dataclass(frozen=True)
class AcNoNote(NoNoteTap):
    pass


@codec.register("acs")
@dataclass(frozen=True)
class AcShare(ShareTap):
    pass


@codec.register("acc")
@dataclass(frozen=True)
class AcContact(ContactTap):
    pass


@codec.register("acx")
@dataclass(frozen=True)
class AcStop:
    """ "Do not ask me any more", under the monthly question."""

    checkin_id: int


@codec.register("ahl")
@dataclass(frozen=True)
class HelpTap:
    request_id: int


@codec.register("bpa")
@dataclass(frozen=True)
class BuddyAnswer:
    pair_id: int
    yes: bool


@codec.register("bme")
@dataclass(frozen=True)
class BuddyMenu:
    """ask / unask (a resident), offer / unoffer (a former resident)."""

    member_id: int
    op: str


@codec.register("bend")
@dataclass(frozen=True)
class BuddyEnd:
    pair_id: int


# --- texts ---------------------------------------------------------------------------------


def shared_line(t: Translator, name: str, checkin: AftercareCheckin) -> str:
    assert checkin.level is not None
    level = level_text(t, checkin.level)
    if checkin.note:
        return t("aftercare.checkin.shared_note", name=name, level=level, note=checkin.note)
    return t("aftercare.checkin.shared", name=name, level=level)


def help_text(t: Translator, house: House, request: HelpRequest, count: int) -> str:
    lines = [t("aftercare.help.request", house=house.name, question=request.text), ""]
    lines.append(t.plural("aftercare.help.count", count) if count else t("aftercare.help.nobody"))
    return "\n".join(lines)


def contact_of(person: Person) -> Html:
    """How to reach someone: their @username, else a link that opens a chat with them."""
    if person.username:
        return escape(f"@{person.username}")
    return Html(f'<a href="tg://user?id={person.telegram_id}">{escape(person.first_name)}</a>')


def yes_no(t: Translator, value: bool) -> str:
    return t("aftercare.yes") if value else t("aftercare.no")


# --- the monthly question --------------------------------------------------------------------


class Monthly(Flow[AftercareCheckin]):
    """The monthly "how are you?": the meeting check-in's steps, with "do not ask me any more"
    under the scale; sharing with the group (when the house has an aftercare group) or with the
    chair sends the answer there at once."""

    steps = domain.MONTHLY
    taps = Taps(AcLevel, AcNoNote, AcShare, AcContact)
    prompt = "aftercare_note"
    group_button = "aftercare.checkin.button_group"
    done_ids = DONE_IDS

    def __init__(self, deps: Deps, prompts: PromptRouter, aftercare: Aftercare) -> None:
        super().__init__(deps, prompts)
        self.aftercare = aftercare

    def question_rows(self, t: Translator, checkin: AftercareCheckin) -> list[list[Button]]:
        rows = super().question_rows(t, checkin)
        rows.append([(t("aftercare.checkin.button_stop"), AcStop(checkin.id))])
        return rows

    def group_open(self, work: Work, house: House) -> bool:
        return domain.linked(domain.settings_of(work.session, house))

    def share_text(
        self, t: Translator, checkin: AftercareCheckin, chairs: list[str], group: bool
    ) -> str:
        lines = [chosen_text(t, checkin), "", t("aftercare.checkin.share_title")]
        if group:
            lines.append(t("aftercare.checkin.share_group"))
        if chairs:
            lines.append(t("aftercare.checkin.share_chair", chair=", ".join(chairs)))
        lines.append(t("aftercare.checkin.share_self"))
        return "\n".join(lines)

    async def shared(
        self, ctx: Ctx, house: House, member: Member, checkin: AftercareCheckin, share: Share
    ) -> None:
        name = member.person.display_name
        if share == Share.GROUP:
            t = ctx.group_translator(house)
            settings = domain.settings_of(ctx.session, house)
            await self.aftercare.send_aftercare(ctx, settings, shared_line(t, name, checkin), [])
        elif share == Share.CHAIR:
            for chair in chair_holders(ctx, house):
                chair_t = ctx.translator_for(chair.person, house)
                text = chair_t("aftercare.checkin.for_chair", house=house.name)
                await ctx.send_private(
                    chair.person, text + "\n" + shared_line(chair_t, name, checkin)
                )


# --- the service ---------------------------------------------------------------------------


class Aftercare:
    """What outlives one update: the monthly round, sending to the aftercare group, proposals."""

    def __init__(
        self, deps: Deps, prompts: PromptRouter, rotas: Rotas | None, checkins: Checkins | None
    ) -> None:
        self.deps = deps
        self.prompts = prompts
        self.rotas = rotas
        self.checkins = checkins
        self.monthly = Monthly(deps, prompts, self)

    def job(self, fn: Callable[..., Awaitable[None]], *args: int) -> JobFn:
        """A scheduled call of `fn(work, *args)` in a transaction of its own."""
        return job_call(self.deps, fn, *args)

    # --- the aftercare group ------------------------------------------------------------
    async def send_aftercare(
        self, work: Work, settings: AftercareSettings, text: str, rows: Sequence[Sequence[Button]]
    ) -> Message | None:
        """Send to the aftercare group, following a supergroup migration. A group the bot was
        removed from is unlinked (the house can link it again)."""
        if settings.group_chat_id is None:
            return None
        markup = work.markup(rows)
        try:
            return await messenger.send_text(work.bot, settings.group_chat_id, text, markup)
        except ChatMigrated as migrated:
            settings.group_chat_id = migrated.new_chat_id
            return await messenger.send_text(work.bot, settings.group_chat_id, text, markup)
        except Forbidden:
            log.info("house %s: the bot is out of the aftercare group; unlinked", settings.house_id)
            domain.unlink_group(settings)
            self.arm_round(settings)
            return None

    # --- the monthly round --------------------------------------------------------------
    def arm_round(self, settings: AftercareSettings) -> None:
        key = f"aftercare-round-{settings.house_id}"
        if not domain.linked(settings) or not settings.monthly or settings.next_round_at is None:
            self.deps.scheduler.cancel(key)
            return
        self.deps.scheduler.at(
            key, settings.next_round_at, self.job(self.round_job, settings.house_id)
        )

    async def rebuild(self, work: Work) -> None:
        """At start-up: every linked house gets its monthly round back (a round that fell due
        while the bot was down runs at once); old notes are deleted now and every day."""
        for settings in work.session.scalars(
            select(AftercareSettings).where(AftercareSettings.group_chat_id.is_not(None))
        ).all():
            self.arm_round(settings)
        await self.retention(work)

    async def retention(self, work: Work) -> None:
        for house in work.session.scalars(select(House)).all():
            domain.purge_notes(work.session, work.clock, house)

        async def run() -> None:
            await run_job(self.deps, self.deps.bot, "aftercare retention", self.retention)

        self.deps.scheduler.at(RETENTION_KEY, work.clock.now() + RETENTION_EVERY, run)

    async def round_job(self, work: Work, house_id: int) -> None:
        session = work.session
        house = session.get(House, house_id)
        settings = session.scalars(
            select(AftercareSettings).where(AftercareSettings.house_id == house_id)
        ).one_or_none()
        if house is None or settings is None or settings.next_round_at is None:
            return
        if not domain.linked(settings) or not settings.monthly:
            return
        now = work.clock.now()
        if settings.next_round_at > now:
            self.arm_round(settings)
            return
        if house.active:
            self.send_round(work, house, settings.next_round_at)
        settings.next_round_at = domain.next_round_at(house, now)
        self.arm_round(settings)

    def send_round(self, work: Work, house: House, round_at: datetime) -> int:
        """Ask every former resident who wants it (after the job's commit). Returns how many
        were asked."""

        def question(t: Translator) -> str:
            return t("aftercare.checkin.question", house=house.name)

        members = domain.round_members(work.session, house, round_at)
        return self.monthly.ask(work, house, members, question, round_at=round_at)

    # --- moving out ---------------------------------------------------------------------
    async def ask_confirmation(
        self, work: Work, house: House, member: Member, move: AftercareMove
    ) -> Message | None:
        """The resident's private question, with the buttons. None when not reachable."""
        t = work.translator_for(member.person, house)
        chair = work.session.get(Member, move.chair_id) if move.chair_id is not None else None
        if chair is not None and move.started != MoveStart.SELF:
            text = t(
                "aftercare.move.confirm_chair", house=house.name, chair=chair.person.first_name
            )
        else:
            text = t("aftercare.move.confirm_self", house=house.name)
        rows: list[list[Button]] = [
            [(t("aftercare.move.button_yes"), MoveAnswer(move.id, True))],
            [(t("aftercare.move.button_no"), MoveAnswer(move.id, False))],
        ]
        return await work.send_private(member.person, text, rows)

    async def moved_out(
        self,
        work: Work,
        house: House,
        member: Member,
        move: AftercareMove,
        moved: domain.MovedOut,
    ) -> None:
        """Announce the status change like any other (and the roles it ended), re-plan the
        rota."""
        group_t = work.group_translator(house)
        old = group_t(f"status.{moved.change.old_status.value}")
        chair = work.session.get(Member, move.chair_id) if move.chair_id is not None else None
        name = member.person.display_name
        if chair is not None and chair.id != member.id:
            text = group_t(
                "aftercare.moved_out_chair", name=name, old=old, actor=chair.person.display_name
            )
        else:
            text = group_t("aftercare.moved_out_self", name=name, old=old)
        if moved.roles_ended:
            roles = group_t.join([group_t(f"role.{role.value}") for role in moved.roles_ended])
            text = Html(text + "\n" + group_t("aftercare.moved_out_roles", name=name, roles=roles))
        await work.send_group(house, text)
        if self.rotas is not None:
            await self.rotas.replan(work, house)

    async def offer_invite(self, work: Work, house: House, member: Member) -> None:
        settings = domain.settings_of(work.session, house)
        if not domain.linked(settings) or settings.invite_link is None:
            return
        t = work.translator_for(member.person, house)
        rows: list[list[Button]] = [[(t("aftercare.button_join"), settings.invite_link)]]
        await work.send_private(member.person, t("aftercare.invite", house=house.name), rows)

    async def ask_chairs(
        self, work: Work, house: House, member: Member, move: AftercareMove
    ) -> int:
        """Someone left the residents' group: each chair is asked privately."""
        reached = 0
        for chair in poll_domain.chairs(work.session, house):
            if chair.id == member.id:
                continue
            t = work.translator_for(chair.person, house)
            text = t("aftercare.left.ask", name=member.person.display_name, house=house.name)
            rows: list[list[Button]] = [
                [(t("aftercare.left.button_out"), LeftAnswer(move.id, "out"))],
                [(t("aftercare.left.button_keep"), LeftAnswer(move.id, "keep"))],
            ]
            if await work.send_private(chair.person, text, rows) is not None:
                reached += 1
        return reached

    # --- buddies ------------------------------------------------------------------------
    def answer_rows(self, t: Translator, pair: BuddyPair) -> list[list[Button]]:
        return [
            [(t("aftercare.buddy.button_yes"), BuddyAnswer(pair.id, True))],
            [(t("aftercare.buddy.button_no"), BuddyAnswer(pair.id, False))],
        ]

    async def propose_pairs(self, work: Work, house: House) -> int:
        """Propose every pair that can be made now, privately to both (first names only)."""
        made = 0
        for pair in domain.propose(work.session, work.clock, house):
            newcomer = work.session.get(Member, pair.newcomer_id)
            buddy = work.session.get(Member, pair.buddy_id)
            assert newcomer is not None and buddy is not None
            tb = work.translator_for(buddy.person, house)
            tn = work.translator_for(newcomer.person, house)
            sent = await work.send_private(
                buddy.person,
                tb(
                    "aftercare.buddy.propose_buddy",
                    name=newcomer.person.first_name,
                    house=house.name,
                ),
                self.answer_rows(tb, pair),
            )
            if sent is not None:
                sent = await work.send_private(
                    newcomer.person,
                    tn(
                        "aftercare.buddy.propose_newcomer",
                        name=buddy.person.first_name,
                        house=house.name,
                    ),
                    self.answer_rows(tn, pair),
                )
            if sent is None:
                work.session.delete(pair)  # one of them cannot be reached now: no proposal
                continue
            made += 1
        work.session.flush()
        return made

    def introduction(self, t: Translator, other: Member) -> Html:
        return t(
            "aftercare.buddy.introduced",
            name=other.person.display_name,
            contact=contact_of(other.person),
        )


# --- the handlers --------------------------------------------------------------------------


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Aftercare:  # type: ignore[type-arg]
    rotas = app.bot_data.get("rotas")
    meetings = app.bot_data.get("meetings")
    checkins = getattr(meetings, "checkins", None)
    aftercare = Aftercare(
        deps,
        prompts,
        rotas if isinstance(rotas, Rotas) else None,
        checkins if isinstance(checkins, Checkins) else None,
    )
    # The low-answer offer includes the buddy, in both check-ins.
    aftercare.monthly.buddy_of = domain.buddy_of
    if aftercare.checkins is not None:
        aftercare.checkins.buddy_of = domain.buddy_of
    deps.startup_hooks.append(aftercare.rebuild)

    def current_house(ctx: Ctx) -> House:
        if ctx.house is None or not ctx.house.active:
            raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
        return ctx.house

    def private_link_rows(ctx: Ctx, house: House | None) -> list[list[Button]]:
        return [[(ctx.t("card.private_chat"), ctx.deep_link(house))]] if house else []

    async def may_manage(ctx: Ctx, house: House) -> bool:
        """The chair, or an admin of the residents' group (asked there)."""
        if poll_domain.is_chair(ctx.member):
            return True
        return ctx.in_group and ctx.house is not None and await ctx.is_group_admin()

    # --- /moveout ---------------------------------------------------------------------
    async def moveout_command(ctx: Ctx) -> None:
        house = current_house(ctx)
        member = ctx.member
        if poll_domain.is_chair(member):
            residents = [
                m
                for m in member_domain.list_members(ctx.session, house)
                if m.status == MemberStatus.RESIDENT
            ]
            if not residents:
                raise UserError("aftercare.move.nobody")
            rows: list[list[Button]] = [
                [(m.person.name_with_username, MovePick(house.id, m.id))] for m in residents
            ]
            await ctx.reply(ctx.t("aftercare.move.pick"), rows)
            return
        await ask_self(ctx, house, member)

    async def ask_self(ctx: Ctx, house: House, member: Member | None) -> None:
        move = domain.start_move(ctx.session, ctx.clock, house, member, None)
        assert member is not None
        sent = await aftercare.ask_confirmation(ctx, house, member, move)
        if ctx.in_private and sent is not None:
            return
        if ctx.update.callback_query is not None:
            msgid = "aftercare.move.see_private" if sent else "aftercare.move.open_private"
            await ctx.edit(ctx.t(msgid), [] if sent else private_link_rows(ctx, house))
        elif sent is not None:
            await ctx.reply(ctx.t("aftercare.move.see_private"))
        else:
            await ctx.reply(ctx.t("aftercare.move.open_private"), private_link_rows(ctx, house))

    async def move_pick(ctx: Ctx) -> None:
        action = ctx.action(MovePick)
        house = current_house(ctx)
        if house.id != action.house_id:
            raise UserError("button.stale")
        chair = ctx.member
        if not poll_domain.is_chair(chair):
            raise UserError("aftercare.move.only_chair")
        assert chair is not None
        member = member_domain.member_in_house(ctx.session, house, action.member_id)
        if member.id == chair.id:
            await ask_self(ctx, house, member)
            return
        move = domain.start_move(ctx.session, ctx.clock, house, member, chair)
        if await aftercare.ask_confirmation(ctx, house, member, move) is None:
            raise UserError("aftercare.move.unreachable", name=member.person.display_name)
        await ctx.edit(ctx.t("aftercare.move.asked", name=member.person.display_name))

    async def move_answer(ctx: Ctx) -> None:
        action = ctx.action(MoveAnswer)
        move, house, member = domain.move_in_house(ctx.session, action.move_id)
        assert ctx.person is not None
        ctx.t = t = ctx.translator_for(ctx.person, house)
        chair = ctx.session.get(Member, move.chair_id) if move.chair_id is not None else None
        if not action.yes:
            domain.decline_move(ctx.clock, move, member, ctx.person)
            await ctx.edit(t("aftercare.move.not_moving"))
            if chair is not None and chair.id != member.id:
                chair_t = ctx.translator_for(chair.person, house)
                await ctx.send_private(
                    chair.person,
                    chair_t("aftercare.move.chair_declined", name=member.person.display_name),
                )
            return
        change = domain.confirm_move(ctx.session, ctx.clock, move, member, ctx.person)
        await aftercare.moved_out(ctx, house, member, move, change)
        await ctx.edit(
            t("aftercare.move.done", house=house.name),
            [
                [(t("aftercare.goodbye.button_yes"), Goodbye(member.id, True))],
                [(t("aftercare.goodbye.button_no"), Goodbye(member.id, False))],
            ],
        )
        await aftercare.offer_invite(ctx, house, member)
        if chair is not None and chair.id != member.id:
            chair_t = ctx.translator_for(chair.person, house)
            await ctx.send_private(
                chair.person,
                chair_t("aftercare.move.chair_confirmed", name=member.person.display_name),
            )

    async def goodbye(ctx: Ctx) -> None:
        action = ctx.action(Goodbye)
        member = ctx.session.get(Member, action.member_id)
        domain.take_goodbye(ctx.session, member, ctx.person)
        assert member is not None and ctx.person is not None
        house = ctx.session.get(House, member.house_id)
        assert house is not None
        ctx.t = t = ctx.translator_for(ctx.person, house)
        done = t("aftercare.move.done", house=house.name)
        if action.yes:
            group_t = ctx.group_translator(house)
            await ctx.send_group(house, group_t("aftercare.goodbye", name=ctx.person.first_name))
            await ctx.edit(Html(done + "\n\n" + t("aftercare.goodbye.sent")))
        else:
            await ctx.edit(Html(done + "\n\n" + t("aftercare.goodbye.none")))

    # --- someone left the residents' group ---------------------------------------------
    async def departed(ctx: Ctx, house: House, member: Member) -> None:
        """A resident left the residents' group (`people.py` marked it): ask the chair."""
        move = domain.member_left(ctx.session, ctx.clock, house, member)
        if move is None:
            return
        if not await aftercare.ask_chairs(ctx, house, member, move):
            ctx.session.delete(move)  # nobody to ask: nothing to remember
            log.info("house %s: a resident left the group; no chair to ask", house.id)

    async def left_answer(ctx: Ctx) -> None:
        action = ctx.action(LeftAnswer)
        move, house, member = domain.move_in_house(ctx.session, action.move_id)
        assert ctx.person is not None
        chair = member_domain.membership(ctx.session, house, ctx.person)
        if not poll_domain.is_chair(chair):
            raise UserError("aftercare.left.only_chair")
        assert chair is not None
        ctx.t = t = ctx.translator_for(ctx.person, house)
        domain.chair_answers(ctx.clock, move, chair)
        name = member.person.display_name
        if member.in_group:
            domain.keep_as_is(ctx.clock, move)
            await ctx.edit(t("aftercare.left.back", name=name))
        elif action.op == "keep":
            domain.keep_as_is(ctx.clock, move)
            await ctx.edit(t("aftercare.left.kept", name=name))
        elif action.op == "out":
            domain.check_can_move(member)
            domain.ask_person(move)
            if await aftercare.ask_confirmation(ctx, house, member, move) is not None:
                await ctx.edit(t("aftercare.move.asked", name=name))
                return
            change = domain.chair_moves_out(ctx.session, ctx.clock, move, member)
            await aftercare.moved_out(ctx, house, member, move, change)
            await ctx.edit(t("aftercare.left.done", name=name))
        else:
            raise UserError("button.stale")

    # --- the aftercare group: linking, join requests, migration --------------------------
    async def managed_house(ctx: Ctx) -> House:
        """The house this person may link a group for: where they are the chair or an admin
        of the residents' group (their own house first)."""
        assert ctx.person is not None and ctx.user is not None
        houses = [m.house for m in member_domain.memberships(ctx.session, ctx.person)]
        home = member_domain.home_house(ctx.session, ctx.person)
        houses.sort(key=lambda h: h.id != (home.id if home else None))
        for house in houses:
            member = member_domain.membership(ctx.session, house, ctx.person)
            if poll_domain.is_chair(member):
                return house
            try:
                found = await ctx.bot.get_chat_member(house.group_chat_id, ctx.user.id)
            except TelegramError:
                continue
            if found.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR):
                return house
        raise UserError("aftercare.link.no_house")

    async def link(ctx: Ctx) -> None:
        if ctx.house is not None:
            raise UserError("aftercare.link.house_group")
        if not await ctx.is_group_admin():
            raise UserError("aftercare.link.only_admin")
        assert ctx.chat is not None and ctx.person is not None
        house = await managed_house(ctx)
        try:
            invite = await ctx.bot.create_chat_invite_link(
                ctx.chat.id, name=INVITE_NAME, creates_join_request=True
            )
        except (BadRequest, Forbidden) as exc:
            log.info("house %s: no aftercare invite link: %s", house.id, exc.message)
            raise UserError("aftercare.link.needs_admin") from None
        settings = domain.link_group(ctx.session, ctx.clock, house, ctx.chat.id, invite.invite_link)
        aftercare.arm_round(settings)
        t = ctx.group_translator(house)
        await ctx.reply(t("aftercare.link.done_here", house=house.name))
        await ctx.send_group(house, t("aftercare.link.done_house", name=ctx.person.display_name))

    async def setup_aftercare(ctx: Ctx) -> None:
        """`/setup aftercare` (`/instellen nazorg`), in the aftercare group: link it; with
        `unlink` / `ontkoppel` after it: unlink it."""
        found = speak_as_linked(ctx)
        if ctx.args[1:2] and ctx.args[1].casefold() in UNLINK_WORDS and found is not None:
            await unlink(ctx, *found)
        else:
            await link(ctx)

    def speak_as_linked(ctx: Ctx) -> tuple[AftercareSettings, House] | None:
        """In a linked aftercare group the bot speaks the house's language."""
        assert ctx.chat is not None
        found = domain.linked_to(ctx.session, ctx.chat.id)
        if found is not None:
            ctx.t = ctx.group_translator(found[1])
        return found

    def not_a_house(ctx: Ctx) -> None:
        """`/setup` cannot make a linked aftercare group a house of its own."""
        found = speak_as_linked(ctx)
        if found is not None:
            raise UserError("aftercare.setup.is_aftercare_group", house=found[1].name)

    async def unlink(ctx: Ctx, settings: AftercareSettings, house: House) -> None:
        if not await ctx.is_group_admin():
            raise UserError("aftercare.link.only_admin")
        domain.unlink_group(settings)
        aftercare.arm_round(settings)
        t = ctx.group_translator(house)
        await ctx.reply(t("aftercare.unlinked_here", house=house.name))
        await ctx.send_group(house, t("aftercare.unlinked_house"))

    async def join_request(ctx: Ctx) -> bool:
        """A join request for a group that is not a house's: ours if it is an aftercare group."""
        request = ctx.update.chat_join_request
        assert request is not None
        found = domain.linked_to(ctx.session, request.chat.id)
        if found is None or ctx.person is None:
            return False  # not an aftercare group: the group's own admins decide
        settings, house = found
        if not house.active:
            return False
        member = member_domain.membership(ctx.session, house, ctx.person)
        t = ctx.translator_for(ctx.person, house)
        welcome = domain.may_join(settings, member)
        msgid = "aftercare.join.welcome" if welcome else "aftercare.join.declined"
        try:  # first: the window to write to them closes when the request is handled
            await ctx.bot.send_message(
                request.user_chat_id, t(msgid, name=ctx.person.first_name, house=house.name)
            )
        except Forbidden:
            log.info("house %s: could not write to an aftercare join request", house.id)
        try:
            await (request.approve() if welcome else request.decline())
        except BadRequest as exc:
            log.warning("house %s: aftercare join request not handled: %s", house.id, exc.message)
        return True

    def migrated(ctx: Ctx, old: int, new: int) -> None:
        settings = domain.migrate_chat(ctx.session, old, new)
        if settings is not None:
            log.info("house %s: the aftercare group became a supergroup", settings.house_id)

    # --- /aftercare ---------------------------------------------------------------------
    def settings_view(
        t: Translator, house: House, settings: AftercareSettings
    ) -> tuple[str, list[list[Button]]]:
        group = t(
            "aftercare.settings.linked"
            if domain.linked(settings)
            else "aftercare.settings.not_linked"
        )
        monthly = yes_no(t, settings.monthly)
        supporters = yes_no(t, settings.supporters_may_join)
        text = t(
            "aftercare.settings.text",
            house=house.name,
            group=group,
            supporters=supporters,
            monthly=monthly,
        )
        if not domain.linked(settings):
            text = Html(text + "\n\n" + t("aftercare.settings.how_to_link"))
        rows: list[list[Button]] = [
            [
                (
                    t("aftercare.settings.button_supporters", value=supporters),
                    AftercareSet(house.id, "sup"),
                )
            ],
            [
                (
                    t("aftercare.settings.button_monthly", value=monthly),
                    AftercareSet(house.id, "monthly"),
                )
            ],
            [(t("button.done"), AftercareSet(house.id, "done"))],
        ]
        return text, rows

    def mine_view(ctx: Ctx, house: House, member: Member) -> tuple[str, list[list[Button]]]:
        t = ctx.t
        settings = domain.settings_of(ctx.session, house)
        row = domain.person_of(ctx.session, member)
        monthly = yes_no(t, row.monthly and settings.monthly and domain.linked(settings))
        buddy = yes_no(t, row.offers_buddy_at is not None)
        lines = [t("aftercare.mine.text", house=house.name, monthly=monthly, buddy=buddy)]
        rows: list[list[Button]] = []
        if domain.linked(settings) and settings.invite_link:
            rows.append([(t("aftercare.button_join"), settings.invite_link)])
        else:
            lines.append(t("aftercare.mine.no_group"))
        rows.append(
            [
                (
                    t(
                        "aftercare.mine.button_monthly_off"
                        if row.monthly
                        else "aftercare.mine.button_monthly_on"
                    ),
                    AftercareMine(member.id, "monthly"),
                )
            ]
        )
        rows.append(
            [
                (
                    t(
                        "aftercare.mine.button_buddy_off"
                        if row.offers_buddy_at
                        else "aftercare.mine.button_buddy_on"
                    ),
                    AftercareMine(member.id, "buddy"),
                )
            ]
        )
        return "\n\n".join(lines), rows

    async def aftercare_command(ctx: Ctx) -> None:
        word = ctx.args[0].casefold() if ctx.args else ""
        if ctx.in_group and ctx.house is None:  # not a residents' group: maybe the aftercare one
            found = speak_as_linked(ctx)
            if word in LINK_WORDS:
                await link(ctx)
            elif word in UNLINK_WORDS and found is not None:
                await unlink(ctx, *found)
            elif found is not None:
                await ctx.reply(ctx.t("aftercare.group_info", house=found[1].name))
            else:
                raise UserError("aftercare.link.how")
            return
        house = current_house(ctx)
        if word in HELP_WORDS:
            await help_request(ctx, house, " ".join(ctx.args[1:]))
            return
        if word in LINK_WORDS | UNLINK_WORDS:
            raise UserError("aftercare.link.not_here")
        member = ctx.member
        if word in OFF_WORDS | ON_WORDS:
            if member is None or member.status != MemberStatus.FORMER_RESIDENT:
                raise UserError("aftercare.mine.former_only")
            on = word in ON_WORDS
            domain.set_monthly(ctx.session, member, on)
            await ctx.reply(
                ctx.t("aftercare.mine.monthly_now_on" if on else "aftercare.mine.monthly_now_off")
            )
            return
        if await may_manage(ctx, house):
            await ctx.reply(*settings_view(ctx.t, house, domain.settings_of(ctx.session, house)))
            if (
                ctx.in_private
                and member is not None
                and member.status == MemberStatus.FORMER_RESIDENT
            ):
                await ctx.reply(*mine_view(ctx, house, member))
            return
        if member is not None and member.status == MemberStatus.FORMER_RESIDENT:
            if not ctx.in_private:
                await ctx.reply(ctx.t("aftercare.mine.private"), private_link_rows(ctx, house))
                return
            await ctx.reply(*mine_view(ctx, house, member))
            return
        await ctx.reply(ctx.t("aftercare.info", house=house.name))

    async def aftercare_set(ctx: Ctx) -> None:
        action = ctx.action(AftercareSet)
        house = current_house(ctx)
        if house.id != action.house_id:
            raise UserError("button.stale")
        if not await may_manage(ctx, house):
            raise UserError("aftercare.settings.only_chair")
        if action.item == "done":
            await ctx.edit(ctx.t("aftercare.settings.saved"))
            return
        settings = domain.toggle_setting(ctx.session, ctx.clock, house, action.item)
        aftercare.arm_round(settings)
        await ctx.edit(*settings_view(ctx.t, house, settings))

    async def aftercare_mine(ctx: Ctx) -> None:
        action = ctx.action(AftercareMine)
        member = ctx.session.get(Member, action.member_id)
        if member is None or ctx.person is None or member.person_id != ctx.person.id:
            raise UserError("button.stale")
        house = ctx.session.get(House, member.house_id)
        assert house is not None
        ctx.t = ctx.translator_for(ctx.person, house)
        row = domain.person_of(ctx.session, member)
        if action.item == "monthly":
            if member.status != MemberStatus.FORMER_RESIDENT:
                raise UserError("aftercare.mine.former_only")
            domain.set_monthly(ctx.session, member, not row.monthly)
            popup = (
                "aftercare.mine.monthly_now_on" if row.monthly else "aftercare.mine.monthly_now_off"
            )
        elif action.item == "buddy":
            offering = row.offers_buddy_at is None
            domain.offer_as_buddy(ctx.session, ctx.clock, member, offering)
            popup = "aftercare.buddy.offer_saved" if offering else "aftercare.buddy.offer_stopped"
        else:
            raise UserError("button.stale")
        await ctx.edit(*mine_view(ctx, house, member))
        await ctx.popup(ctx.t(popup))
        await aftercare.propose_pairs(ctx, house)

    # --- help requests ------------------------------------------------------------------
    async def help_request(ctx: Ctx, house: House, text: str) -> None:
        chair = ctx.member
        if not poll_domain.is_chair(chair):
            raise UserError("aftercare.help.only_chair")
        assert chair is not None
        settings = domain.settings_of(ctx.session, house)
        if not domain.linked(settings):
            raise UserError("aftercare.help.no_group")
        request = domain.new_help(ctx.session, ctx.clock, house, chair, text)
        t = ctx.group_translator(house)
        rows: list[list[Button]] = [[(t("aftercare.help.button"), HelpTap(request.id))]]
        message = await aftercare.send_aftercare(
            ctx, settings, help_text(t, house, request, 0), rows
        )
        if message is None:
            raise UserError("aftercare.help.group_unreachable")
        request.chat_id, request.message_id = message.chat_id, message.message_id
        await ctx.reply(ctx.t("aftercare.help.posted"))

    async def help_tap(ctx: Ctx) -> None:
        action = ctx.action(HelpTap)
        if ctx.person is None or ctx.chat is None:
            raise UserError("button.stale")
        found = domain.linked_to(ctx.session, ctx.chat.id)
        house = found[1] if found is not None else None
        request = house_domain.in_house(ctx.session, HelpRequest, house, action.request_id)
        assert house is not None
        ctx.t = t = ctx.translator_for(ctx.person, house)
        if not domain.offer_help(ctx.session, ctx.clock, request, ctx.person):
            await ctx.popup(t("aftercare.help.already"))
            return
        people = domain.helpers(ctx.session, request)
        group_t = ctx.group_translator(house)
        await ctx.edit(
            help_text(group_t, house, request, len(people)),
            [[(group_t("aftercare.help.button"), HelpTap(request.id))]],
        )
        asker = ctx.session.get(Member, request.asked_by_id) if request.asked_by_id else None
        chairs = [asker] if asker is not None else poll_domain.chairs(ctx.session, house)
        names = ", ".join(p.first_name for p in people)
        for chair in chairs:
            chair_t = ctx.translator_for(chair.person, house)
            await ctx.send_private(
                chair.person,
                chair_t(
                    "aftercare.help.offered",
                    name=ctx.person.first_name,
                    question=request.text,
                    names=names,
                ),
            )
        await ctx.popup(t("aftercare.help.thanks"))

    # --- the monthly question -----------------------------------------------------------
    async def ac_stop(ctx: Ctx) -> None:
        action = ctx.action(AcStop)
        checkin = aftercare.monthly.steps.own(ctx.session, ctx.person, action.checkin_id)
        _, member = aftercare.monthly.context_of(ctx, checkin)
        domain.set_monthly(ctx.session, member, False)
        await ctx.edit(ctx.t("aftercare.mine.monthly_now_off"))
        await ctx.popup(ctx.t("aftercare.checkin.stopped"))

    # --- buddies ------------------------------------------------------------------------
    def buddy_view(ctx: Ctx, house: House, member: Member | None) -> tuple[str, list[list[Button]]]:
        t = ctx.t
        if member is None or member.status not in (
            MemberStatus.RESIDENT,
            MemberStatus.FORMER_RESIDENT,
        ):
            return t("aftercare.buddy.not_for_you", house=house.name), []
        row = domain.person_of(ctx.session, member)
        lines: list[str] = []
        rows: list[list[Button]] = []
        active = domain.pairs_of(ctx.session, member, PairState.ACTIVE)
        for pair in active:
            other = domain.other_of(ctx.session, pair, member)
            lines.append(
                t(
                    "aftercare.buddy.yours",
                    name=other.person.display_name,
                    contact=contact_of(other.person),
                )
            )
            rows.append(
                [(t("aftercare.buddy.button_end", name=other.person.first_name), BuddyEnd(pair.id))]
            )
        if member.status == MemberStatus.RESIDENT:
            if active:
                pass
            elif row.wants_buddy_at is not None:
                lines.append(t("aftercare.buddy.looking"))
                rows.append([(t("aftercare.buddy.button_unask"), BuddyMenu(member.id, "unask"))])
            else:
                lines.append(t("aftercare.buddy.explain_resident"))
                rows.append([(t("aftercare.buddy.button_ask"), BuddyMenu(member.id, "ask"))])
        elif row.offers_buddy_at is not None:
            lines.append(t("aftercare.buddy.offering"))
            rows.append([(t("aftercare.buddy.button_unoffer"), BuddyMenu(member.id, "unoffer"))])
        else:
            lines.append(t("aftercare.buddy.explain_former"))
            rows.append([(t("aftercare.buddy.button_offer"), BuddyMenu(member.id, "offer"))])
        return "\n\n".join(lines), rows

    async def buddy_command(ctx: Ctx) -> None:
        if not ctx.in_private:
            await ctx.reply(ctx.t("aftercare.buddy.private"), private_link_rows(ctx, ctx.house))
            return
        house = current_house(ctx)
        await ctx.reply(*buddy_view(ctx, house, ctx.member))

    async def buddy_menu(ctx: Ctx) -> None:
        action = ctx.action(BuddyMenu)
        member = ctx.session.get(Member, action.member_id)
        if member is None or ctx.person is None or member.person_id != ctx.person.id:
            raise UserError("button.stale")
        house = ctx.session.get(House, member.house_id)
        assert house is not None
        ctx.t = ctx.translator_for(ctx.person, house)
        if action.op in ("ask", "unask"):
            domain.ask_for_buddy(ctx.session, ctx.clock, member, action.op == "ask")
        elif action.op in ("offer", "unoffer"):
            domain.offer_as_buddy(ctx.session, ctx.clock, member, action.op == "offer")
        else:
            raise UserError("button.stale")
        await ctx.edit(*buddy_view(ctx, house, member))
        popups = {
            "ask": "aftercare.buddy.ask_saved",
            "unask": "aftercare.buddy.ask_stopped",
            "offer": "aftercare.buddy.offer_saved",
            "unoffer": "aftercare.buddy.offer_stopped",
        }
        await ctx.popup(ctx.t(popups[action.op]))
        await aftercare.propose_pairs(ctx, house)

    async def buddy_answer(ctx: Ctx) -> None:
        action = ctx.action(BuddyAnswer)
        pair, member = domain.pair_of(ctx.session, action.pair_id, ctx.person)
        house = ctx.session.get(House, pair.house_id)
        assert house is not None and ctx.person is not None
        ctx.t = t = ctx.translator_for(ctx.person, house)
        result = domain.answer_pair(ctx.session, ctx.clock, pair, member, action.yes)
        other = result.other
        other_t = ctx.translator_for(other.person, house)
        if not action.yes:
            await ctx.edit(t("aftercare.buddy.said_no"))
            msgid = (
                "aftercare.buddy.off_newcomer"
                if other.id == pair.newcomer_id
                else "aftercare.buddy.off_buddy"
            )
            await ctx.send_private(other.person, other_t(msgid))
            await aftercare.propose_pairs(ctx, house)
        elif result.introduced:
            await ctx.edit(aftercare.introduction(t, other))
            await ctx.send_private(other.person, aftercare.introduction(other_t, member))
        else:
            await ctx.edit(t("aftercare.buddy.waiting", name=other.person.first_name))

    async def buddy_end(ctx: Ctx) -> None:
        action = ctx.action(BuddyEnd)
        pair, member = domain.pair_of(ctx.session, action.pair_id, ctx.person)
        house = ctx.session.get(House, pair.house_id)
        assert house is not None and ctx.person is not None
        ctx.t = ctx.translator_for(ctx.person, house)
        domain.end_pair(ctx.clock, pair)
        other = domain.other_of(ctx.session, pair, member)
        await ctx.edit(*buddy_view(ctx, house, member))
        await ctx.popup(ctx.t("aftercare.buddy.ended_you", name=other.person.first_name))
        other_t = ctx.translator_for(other.person, house)
        await ctx.send_private(
            other.person, other_t("aftercare.buddy.ended_other", name=member.person.first_name)
        )

    app.add_handler(CommandHandler(MOVEOUT.names, wrap(deps, moveout_command)))
    app.add_handler(CommandHandler(AFTERCARE.names, wrap(deps, aftercare_command)))
    app.add_handler(CommandHandler(BUDDY.names, wrap(deps, buddy_command)))
    for action_type, handler in (
        (MoveAnswer, move_answer),
        (MovePick, move_pick),
        (Goodbye, goodbye),
        (LeftAnswer, left_answer),
        (AftercareSet, aftercare_set),
        (AftercareMine, aftercare_mine),
        (AcStop, ac_stop),
        (HelpTap, help_tap),
        (BuddyAnswer, buddy_answer),
        (BuddyMenu, buddy_menu),
        (BuddyEnd, buddy_end),
    ):
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    aftercare.monthly.register(app)  # the monthly question's steps
    # Updates that `house.py` and `people.py` receive, handled in their transaction.
    deps.hooks.join_requests.append(join_request)
    deps.hooks.migrations.append(migrated)
    deps.hooks.departures.append(departed)
    deps.hooks.setup_guards.append(not_a_house)
    for word in SETUP_WORDS:
        deps.hooks.setup_words[word] = setup_aftercare
    return aftercare
