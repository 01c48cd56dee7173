"""Aftercare over time: the `Aftercare` service that outlives one update (the monthly round and
its job, the daily deletion of old notes, sending to the aftercare group, asking the chairs,
proposing buddy pairs), and `Monthly`, the monthly "how are you?" flow. The aftercare handler
functions receive the service as their first argument.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy import select
from telegram import Message
from telegram.error import ChatMigrated, Forbidden

from bot.domain import aftercare as domain
from bot.domain import polls as poll_domain
from bot.handlers.aftercare_buttons import (
    DONE_IDS,
    RETENTION_EVERY,
    RETENTION_KEY,
    AcContact,
    AcLevel,
    AcNoNote,
    AcShare,
    AcStop,
    BuddyAnswer,
    LeftAnswer,
    MoveAnswer,
    contact_of,
    shared_line,
)
from bot.handlers.checkins import (
    Checkins,
    Flow,
    Taps,
    chair_holders,
    chosen_text,
)
from bot.handlers.kit import Button, Ctx, Deps, Work
from bot.handlers.prompts import PromptRouter
from bot.handlers.rotas import Rotas
from bot.i18n import Html, Translator
from bot.jobs.runner import job_call, run_job
from bot.jobs.scheduler import JobFn
from bot.storage.aftercare_models import (
    AftercareCheckin,
    AftercareMove,
    AftercareSettings,
    BuddyPair,
    MoveStart,
)
from bot.storage.meeting_models import Share
from bot.storage.models import House, Member, MemberStatus
from bot.telegram import messenger

log = logging.getLogger(__name__)


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


# --- the service -----------------------------------------------------------------------------


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
        for move in domain.unannounced(work.session):  # the group hears of each move once
            self.arm_announcement(move)
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
        *,
        announce_now: bool,
    ) -> None:
        """Re-plan the rota at once. The group hears it in one message: now (`announce_now`:
        nobody is asked about a goodbye), or after the goodbye question is answered, or after
        `domain.ANNOUNCE_AFTER` without an answer (a durable job)."""
        if self.rotas is not None:
            await self.rotas.replan(work, house)
        if announce_now:
            await self.announce(work, house, member, move, goodbye=False)
        else:
            self.arm_announcement(move)

    def arm_announcement(self, move: AftercareMove) -> None:
        self.deps.scheduler.at(
            f"aftercare-moved-{move.id}",
            domain.announce_at(move),
            self.job(self.announce_job, move.id),
        )

    async def announce_job(self, work: Work, move_id: int) -> None:
        move = work.session.get(AftercareMove, move_id)
        if move is None:
            return
        house = work.session.get(House, move.house_id)
        member = work.session.get(Member, move.member_id)
        if house is None or member is None or not house.active:
            return
        await self.announce(work, house, member, move, goodbye=False)

    async def announce(
        self, work: Work, house: House, member: Member, move: AftercareMove, *, goodbye: bool
    ) -> bool:
        """The one group message about a move: the status change (and the roles it ended), with
        the goodbye when the person wants one. False when the group heard it already."""
        if not domain.take_announcement(work.session, work.clock, move):
            return False
        self.deps.scheduler.cancel(f"aftercare-moved-{move.id}")
        group_t = work.group_translator(house)
        old = group_t(f"status.{move.old_status or 'resident'}")
        chair = work.session.get(Member, move.chair_id) if move.chair_id is not None else None
        name = member.person.display_name
        if chair is not None and chair.id != member.id:
            text = group_t(
                "aftercare.moved_out_chair", name=name, old=old, actor=chair.person.display_name
            )
        else:
            text = group_t("aftercare.moved_out_self", name=name, old=old)
        roles_ended = domain.roles_of(move)
        if roles_ended:
            roles = group_t.join([group_t(f"role.{role.value}") for role in roles_ended])
            text = Html(text + "\n" + group_t("aftercare.moved_out_roles", name=name, roles=roles))
        if goodbye:
            line = group_t("aftercare.goodbye_line", name=member.person.first_name)
            text = Html(text + "\n\n" + line)
        await work.send_group_soon(house, text)
        return True

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
            sent = await work.send_private(
                buddy.person,
                tb(
                    "aftercare.buddy.propose_buddy",
                    name=newcomer.person.first_name,
                    house=house.name,
                ),
                self.answer_rows(tb, pair),
            )
            if sent is None:
                work.session.delete(pair)  # one of them cannot be reached now: no proposal
                continue
            made += 1
        work.session.flush()
        return made

    async def ask_newcomer(self, work: Work, house: House, pair: BuddyPair, buddy: Member) -> bool:
        """The buddy said yes: now the newcomer is asked (never before: "X would like to be
        your buddy" is true only now). False when the newcomer cannot be reached."""
        newcomer = work.session.get(Member, pair.newcomer_id)
        assert newcomer is not None
        tn = work.translator_for(newcomer.person, house)
        msgid = (
            "aftercare.buddy.propose_newcomer"
            if buddy.status == MemberStatus.FORMER_RESIDENT
            else "aftercare.buddy.propose_newcomer_resident"
        )
        text = tn(msgid, name=buddy.person.first_name, house=house.name)
        return (
            await work.send_private(newcomer.person, text, self.answer_rows(tn, pair)) is not None
        )

    def introduction(self, t: Translator, other: Member) -> Html:
        return t(
            "aftercare.buddy.introduced",
            name=other.person.display_name,
            contact=contact_of(other.person),
        )


# --- the handlers ----------------------------------------------------------------------------
