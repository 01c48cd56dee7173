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
from bot.storage.models import House, Member
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


# --- the handlers ----------------------------------------------------------------------------
