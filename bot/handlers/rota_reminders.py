"""Rotas over time: the `Rotas` service that outlives one update. It keeps the schedule (one
keyed job per active task, rebuilt at start-up), sends the private and group reminders, asks
the backup, opens neutral requests in the group, invites newcomers and ends pauses. The rota
handler functions receive it as their first argument.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from telegram import Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.domain import away, rota_reading
from bot.domain import polls as poll_domain
from bot.domain import rota_turns as turn_domain
from bot.domain import rotas as domain
from bot.handlers.kit import Button, Deps, Work
from bot.handlers.prompts import PromptRouter
from bot.handlers.rota_buttons import DeclineSeat, RotaView, TakeSeat, TurnOp
from bot.handlers.rota_views import (
    backup_name,
    day_phrase,
    group_turn_view,
    hhmm,
    main_seats,
    name_of,
    today_of,
)
from bot.i18n import Translator
from bot.jobs.runner import job_call
from bot.jobs.scheduler import JobFn
from bot.storage.models import House, Member, MemberStatus, PrivateChat
from bot.storage.rota_models import (
    Frequency,
    RotaPerson,
    RotaSeat,
    RotaSettings,
    RotaTask,
    RotaTurn,
    SeatState,
    TaskState,
)
from bot.telegram import messenger, outbox

log = logging.getLogger(__name__)

# --- the service -----------------------------------------------------------------------------


class Rotas:
    """Everything about rotas that outlives one update: the schedule, reminders, requests."""

    def __init__(self, deps: Deps, prompts: PromptRouter) -> None:
        self.deps = deps
        self.prompts = prompts

    def job(self, fn: Callable[..., Awaitable[None]], *args: int) -> JobFn:
        """A scheduled call of `fn(work, *args)` in a transaction of its own."""
        return job_call(self.deps, fn, *args)

    # --- the schedule -------------------------------------------------------------------
    def next_moment(
        self,
        work: Work,
        house: House,
        task: RotaTask,
        settings: RotaSettings | None,
        event: datetime | None,
    ) -> datetime | None:
        """When the task's job must run next: its next reminder; without one (a task with
        turns far apart), the day the house's plan must grow, to plan its next turn."""
        if event is not None:
            return event  # the plan grows when the job runs (`upkeep`)
        today = today_of(work, house)
        if task.frequency == Frequency.ONCE and task.start_on < today:
            return None  # nothing more to come
        planned = settings.planned_until if settings is not None else None
        grow_day = (
            planned - timedelta(days=domain.HORIZON_DAYS - 2) if planned is not None else today
        )
        return domain.day_start(house, grow_day)

    def task_event(self, work: Work, task: RotaTask) -> datetime | None:
        session = work.session
        private = session.scalar(
            select(func.min(RotaTurn.private_at)).where(
                RotaTurn.task_id == task.id, RotaTurn.private_done.is_(False)
            )
        )
        group = session.scalar(
            select(func.min(RotaTurn.due_at)).where(
                RotaTurn.task_id == task.id, RotaTurn.group_done.is_(False)
            )
        )
        moments = [m for m in (private, group) if m is not None]
        return min(moments) if moments else None

    def arm(
        self,
        work: Work,
        house: House,
        task: RotaTask,
        settings: RotaSettings | None = None,
        event: datetime | None = None,
        *,
        known: bool = False,
    ) -> None:
        key = f"rota-task-{task.id}"
        if task.state != TaskState.ACTIVE:
            self.deps.scheduler.cancel(key)
            return
        if not known:
            settings = domain.settings_of(work.session, house)
            event = self.task_event(work, task)
        when = self.next_moment(work, house, task, settings, event)
        if when is None:
            self.deps.scheduler.cancel(key)
            return
        self.deps.scheduler.at(key, when, self.job(self.task_job, task.id))

    def arm_house(self, work: Work, house: House) -> None:
        for task in domain.tasks_of(work.session, house, TaskState.ACTIVE, TaskState.PAUSED):
            self.arm(work, house, task)

    async def rebuild(self, work: Work) -> None:
        """At start-up: plan houses whose plan fell behind, then one job per active task (also
        in a house the bot was removed from: it keeps time, and sends again once the bot is back),
        the open questions to backups, newcomers' invitations and the ends of pauses. What fell
        due while the bot was down runs at once (and a reminder over an hour late is skipped)."""
        session = work.session
        now = work.clock.now()
        rows = session.execute(
            select(RotaTask, House)
            .join(House, House.id == RotaTask.house_id)
            .where(RotaTask.state == TaskState.ACTIVE)
        ).all()
        settings = {s.house_id: s for s in session.scalars(select(RotaSettings)).all()}
        houses = {house.id: house for _, house in rows if house.active}
        for house in houses.values():
            if domain.needs_planning(settings.get(house.id), domain.local_today(house, now)):
                changes = domain.plan_house(session, work.clock, house)
                await self.tell_changes(work, house, changes)
                settings[house.id] = domain.settings_of(session, house)
        private = dict(
            session.execute(
                select(RotaTurn.task_id, func.min(RotaTurn.private_at))
                .where(RotaTurn.private_done.is_(False))
                .group_by(RotaTurn.task_id)
            ).all()
        )
        group = dict(
            session.execute(
                select(RotaTurn.task_id, func.min(RotaTurn.due_at))
                .where(RotaTurn.group_done.is_(False))
                .group_by(RotaTurn.task_id)
            ).all()
        )
        for task, house in rows:
            moments = [m for m in (private.get(task.id), group.get(task.id)) if m is not None]
            event = min(moments) if moments else None
            self.arm(work, house, task, settings.get(house.id), event, known=True)
        for seat in session.scalars(
            select(RotaSeat).where(RotaSeat.state == SeatState.ASKING)
        ).all():
            if seat.ask_until is not None:
                self.deps.scheduler.at(
                    f"rota-ask-{seat.id}", seat.ask_until, self.job(self.ask_job, seat.id)
                )
        for row in turn_domain.pending_invitations(session):
            assert row.invite_at is not None
            self.arm_invite(row)
        for member in away.away_with_date(session):
            away_house = session.get(House, member.house_id)
            if away_house is not None:
                self.arm_back(away_house, member)

    def arm_invite(self, row: RotaPerson) -> None:
        if row.invite_at is not None and not row.invited:
            self.deps.scheduler.at(
                f"rota-invite-{row.member_id}",
                row.invite_at,
                self.job(self.invite_job, row.member_id),
            )

    def arm_back(self, house: House, member: Member) -> None:
        """The end of "even weg" (`bot.domain.away`) on the first day back."""
        key = f"rota-back-{member.id}"
        if member.away and member.away_back_on is not None:
            when = domain.day_start(house, member.away_back_on)
            self.deps.scheduler.at(key, when, self.job(self.back_job, member.id))
        else:
            self.deps.scheduler.cancel(key)

    # --- the task's job -----------------------------------------------------------------
    async def task_job(self, work: Work, task_id: int) -> None:
        session = work.session
        task = session.get(RotaTask, task_id)
        if task is None or task.state != TaskState.ACTIVE:
            return
        house = session.get(House, task.house_id)
        if house is None:
            return
        now = work.clock.now()
        due = session.scalars(
            select(RotaTurn)
            .where(
                RotaTurn.task_id == task.id,
                (
                    (RotaTurn.private_done.is_(False) & (RotaTurn.private_at <= now))
                    | (RotaTurn.group_done.is_(False) & (RotaTurn.due_at <= now))
                ),
            )
            .order_by(RotaTurn.due_at)
        ).all()
        if house.active and self.holders_changed(work, due):
            await self.replan(work, house, reshuffle=False)  # e.g. someone moved out
        for turn in due:
            if not turn.private_done and turn.private_at <= now:
                turn.private_done = True
                if not house.active:
                    log.info("rota turn %s: private reminder skipped (bot not in group)", turn.id)
                elif now - turn.private_at <= domain.LATE and now < turn.due_at:
                    await self.remind_private(work, house, task, turn)
                else:
                    log.info("rota turn %s: private reminder skipped (late)", turn.id)
            if not turn.group_done and turn.due_at <= now:
                turn.group_done = True
                if not house.active:
                    log.info("rota turn %s: group reminder skipped (bot not in group)", turn.id)
                elif now - turn.due_at <= domain.LATE:
                    await self.remind_group(work, house, task, turn)
                else:
                    log.info("rota turn %s: group reminder skipped (late)", turn.id)
        if house.active:  # while the bot is out of the group, the rota only keeps time
            await self.upkeep(work, house)
        self.arm(work, house, task)

    def holders_changed(self, work: Work, turns: Sequence[RotaTurn]) -> bool:
        """Whether someone on duty in these turns is no longer on the rota or is paused then:
        a status changed elsewhere (moved out) is seen before any reminder goes out."""
        held = {
            s.member_id: t.day
            for t in turns
            for s in t.seats
            if s.member_id is not None and s.state in (SeatState.ASSIGNED, SeatState.SWAP)
        }
        if not held:
            return False
        members = work.session.scalars(select(Member).where(Member.id.in_(list(held)))).all()
        if len(members) != len(held) or any(m.status not in domain.ON_ROTA for m in members):
            return True
        return any(away.is_away_on(m, held[m.id]) for m in members)

    async def upkeep(self, work: Work, house: House) -> None:
        """New residents, due invitations, and the plan kept a week ahead."""
        session = work.session
        for row in turn_domain.notice_residents(session, work.clock, house):
            self.arm_invite(row)
        now = work.clock.now()
        for row in turn_domain.pending_invitations(session, house):
            if row.invite_at is not None and row.invite_at <= now:
                await self.invite(work, house, row)
        settings = domain.settings_of(session, house)
        if domain.needs_planning(settings, today_of(work, house)):
            changes = domain.plan_house(session, work.clock, house)
            await self.tell_changes(work, house, changes)
            self.arm_house(work, house)

    async def replan(
        self, work: Work, house: House, *, reshuffle: bool = True, tell_chair: bool = True
    ) -> list[domain.Change]:
        changes = domain.plan_house(work.session, work.clock, house, reshuffle=reshuffle)
        await self.tell_changes(work, house, changes, tell_chair=tell_chair)
        self.arm_house(work, house)
        return changes

    async def tell_changes(
        self,
        work: Work,
        house: House,
        changes: Sequence[domain.Change],
        *,
        tell_chair: bool = True,
    ) -> None:
        """Someone who got a turn after its evening-before reminder hears it now; the chair
        hears privately of turns nobody has room for."""
        self.tell_uncovered(work, house, send=tell_chair)
        today = today_of(work, house)
        for change in changes:
            turn = change.turn
            if change.seat.backup or change.new is None:
                continue
            if not turn.private_done or turn.group_done:
                continue
            member = work.session.get(Member, change.new)
            task = work.session.get(RotaTask, turn.task_id)
            if member is None or task is None or member.person.private_chat != PrivateChat.OPEN:
                continue
            t = work.translator_for(member.person, house)
            text = t(
                "rota.assigned",
                house=house.name,
                task=task.name,
                day=day_phrase(t, turn.day, today),
                time=hhmm(task.at_minute),
            )
            rows = self.private_rows(t, turn, today)
            work.post_private(member.person, text, rows)

    def tell_uncovered(self, work: Work, house: House, *, send: bool = True) -> None:
        """Turns of a task people take part in that nobody has room for (everyone's turns a
        week are used up, paused, or said they can't): the chair is told privately, once per
        turn, rather than anyone getting more than they said. On the day, the group reminder
        asks who can do it. Without `send` (the chair is in the task form, which shows the
        count) they are only marked as told."""
        session = work.session
        today = today_of(work, house)
        news = rota_reading.uncovered_news(session, house, today)
        if not news or not send:
            return
        tasks = {task.id: task for task in domain.tasks_of(session, house)}
        for chair in poll_domain.chairs(session, house):
            person = chair.person
            if person.private_chat != PrivateChat.OPEN:
                continue
            t = work.translator_for(person, house)
            lines = [t("rota.uncovered", house=house.name)]
            for turn in news:
                task = tasks.get(turn.task_id)
                if task is not None:
                    lines.append(
                        t(
                            "rota.uncovered_line",
                            task=task.name,
                            day=day_phrase(t, turn.day, today),
                            time=hhmm(task.at_minute),
                        )
                    )
            lines.append(t("rota.uncovered_hint"))
            rows: list[list[Button]] = [[(t("rota.button_week"), RotaView(house.id, "week"))]]
            work.post_private(person, "\n".join(lines), rows)

    # --- reminders ----------------------------------------------------------------------
    def private_rows(self, t: Translator, turn: RotaTurn, today: date) -> list[list[Button]]:
        cant = "rota.button_cant_today" if turn.day == today else "rota.button_cant"
        return [
            [
                (t("rota.button_swap"), TurnOp(turn.id, "swap")),
                (t(cant), TurnOp(turn.id, "cant")),
            ]
        ]

    async def remind_private(
        self, work: Work, house: House, task: RotaTask, turn: RotaTurn
    ) -> None:
        """The evening before, to each person on duty whose private chat is open."""
        today = today_of(work, house)
        backup = backup_name(work, turn) if task.backup else None
        for seat in main_seats(turn):
            if seat.member_id is None or seat.state not in (SeatState.ASSIGNED, SeatState.SWAP):
                continue
            member = work.session.get(Member, seat.member_id)
            if member is None or member.person.private_chat != PrivateChat.OPEN:
                continue
            if away.is_away_on(member, today):
                continue  # the evening before a first day back is still a day of rest
            t = work.translator_for(member.person, house)
            lines = [
                t(
                    "rota.private_reminder",
                    house=house.name,
                    day=day_phrase(t, turn.day, today),
                    task=task.name,
                    time=hhmm(task.at_minute),
                )
            ]
            if backup is not None:
                lines.append(t("rota.private_reminder_backup", name=backup))
            lines.append(t("rota.private_reminder_hint"))
            rows = self.private_rows(t, turn, today)
            work.post_private(member.person, "\n".join(lines), rows)

    async def remind_group(self, work: Work, house: House, task: RotaTask, turn: RotaTurn) -> None:
        """On the day, at the task's time. A place nobody holds is open to anyone: the
        reminder carries an "I'll do it" button for it."""
        for seat in main_seats(turn):
            if seat.member_id is None and seat.state == SeatState.ASSIGNED:
                seat.state = SeatState.OPEN
        t = work.group_translator(house)
        text, rows = group_turn_view(work, t, house, task, turn)
        work.post_group(house, text, rows, then=partial(self.sent_turn, turn.id, text))

    def sent_turn(
        self, turn_id: int, text: str, session: Session, message: Message
    ) -> outbox.FollowUp | None:
        """The day's group reminder went out (after its job's commit): keep its id, so taps
        on it can update it. A turn that changed while the message waited for its turn to be
        sent (someone took over privately) gets the message brought up to date."""
        turn = session.get(RotaTurn, turn_id)
        if turn is None:
            return None
        turn.chat_id, turn.message_id = message.chat_id, message.message_id
        task = session.get(RotaTask, turn.task_id)
        house = session.get(House, turn.house_id)
        if task is None or house is None:
            return None
        work = Work(session, self.deps, self.deps.bot)
        now_text, rows = group_turn_view(work, work.group_translator(house), house, task, turn)
        if now_text == text:
            return None
        markup = work.markup(rows)

        async def catch_up() -> None:
            try:
                await messenger.edit_text(
                    self.deps.bot, message.chat_id, message.message_id, now_text, markup
                )
            except TelegramError as exc:
                log.info("rota turn %s: reminder not brought up to date: %s", turn_id, exc)

        return catch_up

    async def refresh_turn(self, work: Work, house: House, task: RotaTask, turn: RotaTurn) -> None:
        """Bring the group reminder of the day up to date (done, taken over, open)."""
        if turn.chat_id is None or turn.message_id is None:
            return
        t = work.group_translator(house)
        text, rows = group_turn_view(work, t, house, task, turn)
        await self.edit(work, turn.chat_id, turn.message_id, text, rows)

    async def edit(
        self, work: Work, chat_id: int, message_id: int, text: str, rows: Sequence[Sequence[Button]]
    ) -> None:
        try:
            await messenger.edit_text(work.bot, chat_id, message_id, text, work.markup(rows))
        except (BadRequest, Forbidden) as exc:
            log.info(
                "rota: message %s in chat %s cannot be edited: %s", message_id, chat_id, exc.message
            )

    # --- handing a turn on --------------------------------------------------------------
    async def ask_backup(
        self,
        work: Work,
        house: House,
        task: RotaTask,
        turn: RotaTurn,
        seat: RotaSeat,
        backup: Member,
    ) -> None:
        """The backup is asked privately; the group only if they cannot or do not answer."""
        t = work.translator_for(backup.person, house)
        text = t(
            "rota.ask_backup",
            house=house.name,
            day=day_phrase(t, turn.day, today_of(work, house)),
            task=task.name,
            time=hhmm(task.at_minute),
        )
        rows: list[list[Button]] = [
            [
                (t("rota.button_yes_take"), TakeSeat(seat.id)),
                (t("rota.button_no"), DeclineSeat(seat.id)),
            ]
        ]
        sent = await work.send_private(backup.person, text, rows)
        if sent is None or seat.ask_until is None:
            turn_domain.open_up(seat)
            await self.open_request(work, house, task, turn, seat)
            return
        self.deps.scheduler.at(
            f"rota-ask-{seat.id}", seat.ask_until, self.job(self.ask_job, seat.id)
        )

    async def ask_job(self, work: Work, seat_id: int) -> None:
        seat = work.session.get(RotaSeat, seat_id)
        if seat is None or seat.state != SeatState.ASKING:
            return
        turn = seat.turn
        house = work.session.get(House, seat.house_id)
        task = work.session.get(RotaTask, turn.task_id)
        if house is None or task is None or not house.active:
            return
        turn_domain.open_up(seat)
        if turn.day < today_of(work, house):
            return  # the day is over: nothing to ask any more
        await self.open_request(work, house, task, turn, seat)

    async def open_request(
        self, work: Work, house: House, task: RotaTask, turn: RotaTurn, seat: RotaSeat
    ) -> None:
        """A neutral question in the group, without a name: who can step in?"""
        t = work.group_translator(house)
        text = t(
            "rota.open_request",
            day=day_phrase(t, turn.day, today_of(work, house)),
            task=task.name,
            time=hhmm(task.at_minute),
        )
        rows: list[list[Button]] = [[(t("rota.button_take"), TakeSeat(seat.id))]]
        work.post_group(house, text, rows, then=partial(self.sent_request, seat.id))
        await self.refresh_turn(work, house, task, turn)

    def sent_request(
        self, seat_id: int, session: Session, message: Message
    ) -> outbox.FollowUp | None:
        """The open request went out: keep its id, so "I'll do it" can close it. Taken
        meanwhile (through the turn's own message): the request says so at once."""
        seat = session.get(RotaSeat, seat_id)
        if seat is None:
            return None
        house = session.get(House, seat.house_id)
        task = session.get(RotaTask, seat.turn.task_id)
        work = Work(session, self.deps, self.deps.bot)
        taker = name_of(work, seat.member_id)
        if seat.state == SeatState.OPEN or house is None or task is None or taker is None:
            seat.chat_id, seat.message_id = message.chat_id, message.message_id
            return None
        t = work.group_translator(house)
        day = day_phrase(t, seat.turn.day, today_of(work, house))
        text = t("rota.taken_over_group", name=taker, task=task.name, day=day)

        async def taken() -> None:
            await self.edit(work, message.chat_id, message.message_id, text, [])

        return taken

    # --- newcomers and pauses -----------------------------------------------------------
    async def invite_job(self, work: Work, member_id: int) -> None:
        row = work.session.scalars(
            select(RotaPerson).where(RotaPerson.member_id == member_id)
        ).one_or_none()
        if row is None or row.invited:
            return
        house = work.session.get(House, row.house_id)
        if house is not None and house.active:
            await self.invite(work, house, row)

    async def invite(self, work: Work, house: House, row: RotaPerson) -> None:
        """Once, privately, and only if the chat is open: the tasks, and a button to see them.
        Never an assignment. A closed chat keeps the invitation waiting."""
        member = work.session.get(Member, row.member_id)
        if member is None or member.status != MemberStatus.RESIDENT:
            row.invited = True
            return
        if domain.my_tasks(work.session, member):
            row.invited = True
            return
        tasks = domain.tasks_of(work.session, house)
        if not tasks or member.person.private_chat != PrivateChat.OPEN:
            return
        t = work.translator_for(member.person, house)
        text = t("rota.invite", house=house.name, tasks=", ".join(task.name for task in tasks))
        rows: list[list[Button]] = [[(t("rota.button_see_tasks"), RotaView(house.id, "join"))]]
        row.invited = work.post_private(
            member.person, text, rows, unsent=partial(self.not_invited, row.id)
        )

    @staticmethod
    def not_invited(row_id: int, session: Session) -> None:
        """The invitation did not arrive: it waits until the person opens the chat."""
        row = session.get(RotaPerson, row_id)
        if row is not None:
            row.invited = False

    async def back_job(self, work: Work, member_id: int) -> None:
        """The first day back after "even weg": the status ends, the rota replans."""
        member = work.session.get(Member, member_id)
        if member is None or not member.away or member.away_back_on is None:
            return
        house = work.session.get(House, member.house_id)
        if house is None:
            return
        if member.away_back_on > today_of(work, house):
            self.arm_back(house, member)
            return
        away.come_back(member)
        work.deps.hooks.away_changed(work, house)  # the open polls' quorum counts them again
        await self.replan(work, house)
        if house.active and member.person.private_chat == PrivateChat.OPEN:
            t = work.translator_for(member.person, house)
            work.post_private(member.person, t("away.back_auto", house=house.name))
