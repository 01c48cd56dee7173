"""Rotas (rooster, taken): tasks, opting in, fair rotation, turns, swaps, stepping back, pauses.

Rules, in the house's words:

- **Tasks** are defined by the chair (or a co-chair): a name, how often (every day, on chosen
  weekdays, every N days, once on a date), the reminder time in the house's time zone, people per
  turn, and a backup or not. A task that comes from a meeting decision carries a short note
  naming it ("Besluit 2026-004"); the chair records it. A task can be paused or removed.
- **Nobody is put on a task without saying yes, nor on more than they said.** Residents and
  supporters opt in per task and are asked, at their first opt-in, how much they can take on: at
  most 1, 2 or 3 turns a week, or "as it comes". Until they answer, it is the smallest (1 turn a
  week, over all tasks). A turn nobody has room for stays open (the chair is told privately;
  on the day the group is asked), rather than overloading anyone. Newcomers are
  not asked at once: 14 days after the rota first sees them as a resident they get one private
  invitation (only if their private chat is open).
- **Fair rotation** (`Planner`, pure and deterministic): the next turn goes to the person who
  opted in, is not paused on that day and has room left that week, and who did the task least
  recently; then who did it least often in the last 8 weeks; then who opted in first; then the
  lowest member id. A turn "done" means a turn held: the rota never records who could not.
- **Planning** is rolling: turns exist for the coming 7 days of the house calendar
  (`plan_house`). Re-planning after someone joins, leaves, pauses or changes how much they can
  take on, or after a task changes, re-assigns the future turns that nobody has been reminded of
  yet and that people did not arrange themselves (swaps, take-overs). Seats of someone who can no
  longer do them (paused, opted out, no longer a resident) are re-assigned whenever they come.
- **Turns**: the private reminder goes the evening before (19:00 house time), the group
  reminder at the task's time on the day. A reminder that fell due while the bot was down is
  still sent when less than an hour late, otherwise skipped (`LATE`).
- **Done / swap / can't**: the holder marks a turn done; offers it for a swap (the first who
  takes it over gets it); or says they can't: the backup is asked privately, and when nobody
  took it by `ask_until` a neutral open request goes to the group. Who said "can't" for a
  turn, handed it over, or declined as its backup is never planned back onto that turn
  (`RotaExcusal`, forgotten when the day is over, never shown).
- **Pause** (even een stapje terug): until a date or "until I say", no reason asked. Paused
  people get no turns and no reminders; their coming turns go to others.

Times: every moment is computed from the house's calendar day and local time with zoneinfo, so a
17:00 reminder is at 17:00 local on both sides of a daylight-saving change.

This module holds the house calendar, the fair rotation (`Planner`), settings, people and
volunteers, the tasks and the rolling plan, and reading the rota. What happens to a turn once
planned (done, swap, can't, take over), pauses and newcomers are in `bot.domain.rota_turns`.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.text import checked, clean
from bot.domain.typed import typed_day, typed_time
from bot.storage.models import House, Member, MemberStatus
from bot.storage.rota_models import (
    Frequency,
    RotaExcusal,
    RotaPerson,
    RotaSeat,
    RotaSettings,
    RotaTask,
    RotaTurn,
    RotaVolunteer,
    SeatState,
    TaskState,
)

HORIZON_DAYS = 7  # turns are planned this many days ahead, today included
HISTORY_DAYS = 56  # "least often": in the last 8 weeks
OVERVIEW_DAYS = 28  # the chair's fairness overview: 4 weeks
EVENING = time(19, 0)  # the private reminder, the evening before
LATE = timedelta(hours=1)  # a reminder later than this (downtime) is skipped
NEWCOMER_WAIT = timedelta(days=14)
ASK_WAIT = timedelta(hours=1)  # how long the backup has before the group is asked
ASK_AT_LEAST = timedelta(minutes=15)
MAX_NAME = 40
MAX_NOTE = 120
MAX_PER_TURN = 3
MAX_DAYS_AHEAD = 366
EVERY_CHOICES = (2, 3, 4, 7, 14)
TIME_CHOICES = (8 * 60, 12 * 60, 17 * 60, 18 * 60, 19 * 60, 20 * 60)
CAPACITY_CHOICES = (1, 2, 3, 0)  # turns a week; 0: as it comes
DEFAULT_CAPACITY = 1  # not said yet: the smallest
PAUSE_PICKS = ("week", "2weeks", "month")
ON_ROTA = (MemberStatus.RESIDENT, MemberStatus.SUPPORTER)
HELD = (SeatState.ASSIGNED, SeatState.SWAP, SeatState.DONE)  # a seat someone holds


# --- the house calendar --------------------------------------------------------------------


def zone(house: House) -> ZoneInfo:
    return ZoneInfo(house.timezone)


def local_today(house: House, now: datetime) -> date:
    return now.astimezone(zone(house)).date()


def at_local(house: House, day: date, minute: int) -> datetime:
    """`minute` minutes after midnight on the house's calendar `day`, as aware UTC."""
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone(house))
    return local.astimezone(UTC)


def day_start(house: House, day: date) -> datetime:
    return at_local(house, day, 0)


def add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def weekday_set(task: RotaTask) -> set[int]:
    return {int(d) for d in task.weekdays.split(",") if d.strip().isdigit()}


def occurs_on(task: RotaTask, day: date) -> bool:
    if day < task.start_on:
        return False
    if task.frequency == Frequency.DAILY:
        return True
    if task.frequency == Frequency.WEEKDAYS:
        return day.weekday() in weekday_set(task)
    if task.frequency == Frequency.EVERY:
        return (day - task.start_on).days % max(1, task.every_days) == 0
    return day == task.start_on


def first_day(house: House, now: datetime, minute: int) -> date:
    """Today if the time has not passed yet, else tomorrow."""
    today = local_today(house, now)
    return today if at_local(house, today, minute) > now else today + timedelta(days=1)


# --- fair rotation (pure) ------------------------------------------------------------------

Week = tuple[int, int]


def week_of(day: date) -> Week:
    iso = day.isocalendar()
    return iso.year, iso.week


@dataclass(frozen=True)
class Availability:
    """What the planner needs to know about a person: their room a week and a pause.

    `free_on` is the one place that says whether someone can be planned on a day at all."""

    member_id: int
    capacity: int | None = DEFAULT_CAPACITY  # turns a week; None: as it comes
    paused: bool = False
    back_on: date | None = None

    def free_on(self, day: date) -> bool:
        return not self.paused or (self.back_on is not None and day >= self.back_on)


@dataclass(frozen=True)
class Standing:
    """Where a person stands for a task: the explanation of a choice."""

    member_id: int
    last: date | None  # the last day they held a turn of this task
    count: int  # turns of this task in the last 8 weeks


class Planner:
    """Who gets the next turn, deterministically: least recently, then least often, then who
    opted in first, then the lowest member id; among people who opted in, are free that day,
    are not on the turn already and have room left that week (across all the house's tasks)."""

    def __init__(
        self,
        today: date,
        volunteers: dict[int, list[int]],  # task id -> member ids, in the order they opted in
        people: dict[int, Availability],
    ) -> None:
        self.today = today
        self.volunteers = volunteers
        self.people = people
        self.days: dict[tuple[int, int], list[date]] = defaultdict(list)
        self.load: Counter[tuple[int, Week]] = Counter()

    def person(self, member_id: int) -> Availability:
        return self.people.get(member_id) or Availability(member_id)

    def record(self, task_id: int, member_id: int, day: date) -> None:
        """`member_id` holds a turn of `task_id` on `day` (past, kept or just planned)."""
        self.days[(task_id, member_id)].append(day)
        self.load[(member_id, week_of(day))] += 1

    def standing(self, task_id: int, member_id: int) -> Standing:
        days = self.days.get((task_id, member_id), [])
        since = self.today - timedelta(days=HISTORY_DAYS)
        return Standing(member_id, max(days) if days else None, sum(1 for d in days if d >= since))

    def has_room(self, member_id: int, day: date) -> bool:
        capacity = self.person(member_id).capacity
        return capacity is None or self.load[(member_id, week_of(day))] < capacity

    def ranking(self, task_id: int, day: date, exclude: Iterable[int] = ()) -> list[Standing]:
        """Everyone who could take this turn, the fairest first."""
        skip = set(exclude)
        order = self.volunteers.get(task_id, [])
        eligible = [
            m
            for m in order
            if m not in skip and self.person(m).free_on(day) and self.has_room(m, day)
        ]
        standings = [self.standing(task_id, m) for m in eligible]
        return sorted(
            standings,
            key=lambda s: (
                s.last is not None,
                s.last or date.min,
                s.count,
                order.index(s.member_id),
                s.member_id,
            ),
        )

    def pick(self, task_id: int, day: date, exclude: Iterable[int] = ()) -> int | None:
        """The next turn's holder, recorded; None when nobody can."""
        ranking = self.ranking(task_id, day, exclude)
        if not ranking:
            return None
        chosen = ranking[0].member_id
        self.record(task_id, chosen, day)
        return chosen

    def pick_backup(self, task_id: int, day: date, exclude: Iterable[int] = ()) -> int | None:
        """The backup: the next in line. Standing by is not a turn, so nothing is recorded."""
        ranking = self.ranking(task_id, day, exclude)
        return ranking[0].member_id if ranking else None


# --- settings, people, volunteers ----------------------------------------------------------


def settings_of(session: Session, house: House) -> RotaSettings:
    settings = session.scalars(
        select(RotaSettings).where(RotaSettings.house_id == house.id)
    ).one_or_none()
    if settings is None:
        settings = RotaSettings(house_id=house.id, thanks=True, chair_overview=False)
        session.add(settings)
        session.flush()
    return settings


def person_of(session: Session, house: House, member: Member) -> RotaPerson:
    row = session.scalars(select(RotaPerson).where(RotaPerson.member_id == member.id)).one_or_none()
    if row is None:
        row = RotaPerson(house_id=house.id, member_id=member.id, invited=False)
        session.add(row)
        session.flush()
    return row


def weekly_room(row: RotaPerson | None) -> int | None:
    """Turns a week someone can take on: what they said, else the smallest; None: as it
    comes (they chose that)."""
    if row is None or row.capacity is None:
        return DEFAULT_CAPACITY
    return row.capacity or None


def availability(session: Session, house: House) -> dict[int, Availability]:
    """Each person's room a week (`weekly_room`) and whether they are "even weg"
    (`bot.domain.away`): the member's house-wide status, not the rota's."""
    rows = session.execute(
        select(RotaPerson, Member.away, Member.away_back_on)
        .join(Member, Member.id == RotaPerson.member_id)
        .where(RotaPerson.house_id == house.id)
    ).all()
    return {
        r.member_id: Availability(r.member_id, weekly_room(r), away, back_on)
        for r, away, back_on in rows
    }


def capacity_said(session: Session, member: Member) -> bool:
    """Whether the member ever said how much they can take on."""
    row = session.scalars(select(RotaPerson).where(RotaPerson.member_id == member.id)).first()
    return row is not None and row.capacity is not None


def excusals(session: Session, house: House) -> dict[int, set[int]]:
    """Per turn, who is not to be planned on it again."""
    result: dict[int, set[int]] = defaultdict(set)
    for turn_id, member_id in session.execute(
        select(RotaExcusal.turn_id, RotaExcusal.member_id).where(RotaExcusal.house_id == house.id)
    ).all():
        result[turn_id].add(member_id)
    return result


def excuse(session: Session, turn: RotaTurn, member_id: int) -> None:
    """`member_id` said "can't" for this turn (or handed it over, or declined as backup)."""
    found = session.scalars(
        select(RotaExcusal).where(
            RotaExcusal.turn_id == turn.id, RotaExcusal.member_id == member_id
        )
    ).first()
    if found is None:
        session.add(RotaExcusal(house_id=turn.house_id, turn_id=turn.id, member_id=member_id))
        session.flush()


def unexcuse(session: Session, turn: RotaTurn, member_id: int) -> None:
    """They took the turn after all."""
    session.execute(
        delete(RotaExcusal).where(
            RotaExcusal.turn_id == turn.id, RotaExcusal.member_id == member_id
        )
    )


def forget_excusals(session: Session, house: House, today: date) -> None:
    """Who could not is forgotten once the turn's day is over."""
    over = select(RotaTurn.id).where(RotaTurn.house_id == house.id, RotaTurn.day < today)
    session.execute(
        delete(RotaExcusal).where(RotaExcusal.house_id == house.id, RotaExcusal.turn_id.in_(over))
    )


def volunteer_lists(session: Session, house: House) -> dict[int, list[int]]:
    """Per task, the members on the rota who opted in, in the order they did."""
    rows = session.execute(
        select(RotaVolunteer.task_id, RotaVolunteer.member_id)
        .join(Member, Member.id == RotaVolunteer.member_id)
        .where(RotaVolunteer.house_id == house.id, Member.status.in_(ON_ROTA))
        .order_by(RotaVolunteer.joined_at, RotaVolunteer.id)
    ).all()
    result: dict[int, list[int]] = defaultdict(list)
    for task_id, member_id in rows:
        result[task_id].append(member_id)
    return result


def volunteers_of(session: Session, task: RotaTask) -> list[int]:
    return list(
        session.scalars(
            select(RotaVolunteer.member_id)
            .join(Member, Member.id == RotaVolunteer.member_id)
            .where(RotaVolunteer.task_id == task.id, Member.status.in_(ON_ROTA))
        ).all()
    )


def my_tasks(session: Session, member: Member) -> set[int]:
    return set(
        session.scalars(
            select(RotaVolunteer.task_id).where(RotaVolunteer.member_id == member.id)
        ).all()
    )


def check_on_rota(member: Member | None) -> Member:
    if member is None:
        raise UserError("rota.not_member")
    if member.status not in ON_ROTA:
        raise UserError("rota.residents_only")
    return member


def toggle_volunteer(
    session: Session, clock: Clock, house: House, task: RotaTask, member: Member | None
) -> bool:
    """Opt in to a task, or out again. True when the member now takes part."""
    member = check_on_rota(member)
    if task.state != TaskState.ACTIVE:
        raise UserError("rota.task_not_active")
    row = session.scalars(
        select(RotaVolunteer).where(
            RotaVolunteer.task_id == task.id, RotaVolunteer.member_id == member.id
        )
    ).one_or_none()
    if row is not None:
        session.delete(row)
        session.flush()
        return False
    session.add(
        RotaVolunteer(
            house_id=house.id, task_id=task.id, member_id=member.id, joined_at=clock.now()
        )
    )
    person_of(session, house, member).invited = True  # no invitation needed any more
    session.flush()
    return True


def set_capacity(session: Session, house: House, member: Member | None, value: int) -> RotaPerson:
    member = check_on_rota(member)
    if value not in CAPACITY_CHOICES:
        raise UserError("button.stale")
    row = person_of(session, house, member)
    row.capacity = value  # 0: as it comes
    return row


# --- tasks ---------------------------------------------------------------------------------


def check_name(text: str) -> str:
    return checked(text, limit=MAX_NAME, empty="rota.name_empty", too_long="rota.name_too_long")


def new_task(
    session: Session, clock: Clock, house: House, creator: Member | None, name: str
) -> RotaTask:
    """A draft with the usual choices: every day at 17:00, one person, with a backup."""
    now = clock.now()
    task = RotaTask(
        house_id=house.id,
        name=check_name(name),
        frequency=Frequency.DAILY,
        weekdays="",
        every_days=7,
        start_on=local_today(house, now),
        at_minute=17 * 60,
        per_turn=1,
        backup=True,
        state=TaskState.DRAFT,
        created_by_id=creator.id if creator else None,
        created_at=now,
    )
    session.add(task)
    session.flush()
    return task


def task_in_house(session: Session, house: House | None, task_id: int) -> RotaTask:
    task = in_house(session, RotaTask, house, task_id)
    if task.state == TaskState.REMOVED:
        raise UserError("rota.task_gone")
    return task


def tasks_of(session: Session, house: House, *states: TaskState) -> list[RotaTask]:
    wanted = states or (TaskState.ACTIVE,)
    return list(
        session.scalars(
            select(RotaTask)
            .where(RotaTask.house_id == house.id, RotaTask.state.in_(wanted))
            .order_by(RotaTask.name, RotaTask.id)
        ).all()
    )


def choose_frequency(house: House, now: datetime, task: RotaTask, kind: Frequency) -> None:
    task.frequency = kind
    if kind == Frequency.WEEKDAYS and not weekday_set(task):
        task.weekdays = str(local_today(house, now).weekday())
    if kind == Frequency.EVERY:
        task.start_on = first_day(house, now, task.at_minute)
    if kind == Frequency.DAILY or kind == Frequency.WEEKDAYS:
        task.start_on = local_today(house, now)
    if kind == Frequency.ONCE:
        task.start_on = max(task.start_on, first_day(house, now, task.at_minute))


def toggle_weekday(task: RotaTask, weekday: int) -> None:
    if not 0 <= weekday <= 6:
        raise UserError("button.stale")
    days = weekday_set(task)
    if weekday in days:
        if len(days) == 1:
            raise UserError("rota.weekday_needed")
        days.discard(weekday)
    else:
        days.add(weekday)
    task.frequency = Frequency.WEEKDAYS
    task.weekdays = ",".join(str(d) for d in sorted(days))


def set_every(house: House, now: datetime, task: RotaTask, days: int) -> None:
    if days not in EVERY_CHOICES:
        raise UserError("button.stale")
    task.frequency = Frequency.EVERY
    task.every_days = days
    task.start_on = first_day(house, now, task.at_minute)


def set_once(house: House, now: datetime, task: RotaTask, day: date) -> None:
    today = local_today(house, now)
    if day < today or at_local(house, day, task.at_minute) <= now:
        raise UserError("rota.date_past")
    if (day - today).days > MAX_DAYS_AHEAD:
        raise UserError("rota.date_too_far")
    task.frequency = Frequency.ONCE
    task.start_on = day


def set_time(task: RotaTask, minute: int) -> None:
    if not 0 <= minute < 24 * 60:
        raise UserError("rota.time_unreadable")
    task.at_minute = minute


def parse_time(text: str) -> int:
    """`17:00`, `17.30`, `9:05`, `17`, `half vijf` (`bot.domain.typed`)."""
    try:
        return typed_time(text)
    except ValueError:
        raise UserError("rota.time_unreadable") from None


def parse_day(house: House, now: datetime, text: str) -> date:
    """A typed day: `12-12`, `12-12-2026`, `2026-12-12`, `zondag`, `morgen` (today or later)."""
    today = local_today(house, now)
    try:
        result = typed_day(clean(text), today)
    except ValueError:
        raise UserError("rota.date_unreadable") from None
    if result < today:
        raise UserError("rota.date_past")
    if (result - today).days > MAX_DAYS_AHEAD:
        raise UserError("rota.date_too_far")
    return result


def cycle_per_turn(task: RotaTask) -> None:
    task.per_turn = task.per_turn % MAX_PER_TURN + 1


def toggle_backup(task: RotaTask) -> None:
    task.backup = not task.backup


def set_note(task: RotaTask, text: str) -> None:
    """The meeting decision the task comes from, in the chair's words; "-" clears it."""
    note = clean(text)
    if note in ("", "-"):
        task.decision_note = None
        return
    if len(note) > MAX_NOTE:
        raise UserError("rota.note_too_long", max=MAX_NOTE)
    task.decision_note = note


def activate(house: House, now: datetime, task: RotaTask) -> None:
    """The draft goes on the rota."""
    if task.state != TaskState.DRAFT:
        raise UserError("button.stale")
    if task.frequency == Frequency.ONCE and at_local(house, task.start_on, task.at_minute) <= now:
        raise UserError("rota.date_past")
    if task.frequency in (Frequency.DAILY, Frequency.WEEKDAYS):
        task.start_on = local_today(house, now)
    task.state = TaskState.ACTIVE


def set_task_state(session: Session, task: RotaTask, state: TaskState) -> None:
    """Pause, resume or remove a task. Turns nobody was reminded of in the group go."""
    if task.state == TaskState.DRAFT and state != TaskState.REMOVED:
        raise UserError("button.stale")
    task.state = state
    if state != TaskState.ACTIVE:
        reset_future(session, task)


def reset_future(session: Session, task: RotaTask) -> None:
    """Forget the task's turns that have not come yet, to plan them again from the task."""
    session.execute(
        delete(RotaTurn).where(RotaTurn.task_id == task.id, RotaTurn.group_done.is_(False))
    )
    session.expire_all()


# --- planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A seat that changed hands by planning: to tell people where that matters."""

    turn: RotaTurn
    seat: RotaSeat
    old: int | None
    new: int | None


def ensure_turns(
    session: Session, house: House, task: RotaTask, today: date, now: datetime
) -> None:
    existing = set(
        session.scalars(
            select(RotaTurn.day).where(RotaTurn.task_id == task.id, RotaTurn.day >= today)
        ).all()
    )
    for offset in range(HORIZON_DAYS):
        day = today + timedelta(days=offset)
        if day in existing or not occurs_on(task, day):
            continue
        due = at_local(house, day, task.at_minute)
        if due <= now:
            continue
        private = at_local(house, day - timedelta(days=1), EVENING.hour * 60 + EVENING.minute)
        session.add(
            RotaTurn(
                house_id=house.id,
                task_id=task.id,
                day=day,
                due_at=due,
                private_at=private,
                private_done=private <= now,  # planned late: the holder hears it at once
                group_done=False,
                seats=[],
            )
        )


def _fit_seats(house: House, task: RotaTask, turn: RotaTurn) -> None:
    """As many seats as the task wants people per turn, and a backup seat if it has one."""
    mains = [s for s in turn.seats if not s.backup]
    for _ in range(task.per_turn - len(mains)):
        turn.seats.append(RotaSeat(house_id=house.id, state=SeatState.ASSIGNED, fixed=False))
    extra = len(mains) - task.per_turn
    if extra > 0:
        removable = [s for s in reversed(mains) if s.state != SeatState.DONE]
        for seat in removable[:extra]:
            turn.seats.remove(seat)
    backups = [s for s in turn.seats if s.backup]
    if task.backup and not backups:
        turn.seats.append(
            RotaSeat(house_id=house.id, backup=True, state=SeatState.ASSIGNED, fixed=False)
        )
    if not task.backup:
        for seat in backups:
            turn.seats.remove(seat)


def plan_house(
    session: Session, clock: Clock, house: House, *, reshuffle: bool = False
) -> list[Change]:
    """Plan the coming `HORIZON_DAYS` days of the house's active tasks.

    Empty seats are filled and seats of people who can no longer do them (paused that day,
    opted out, no longer on the rota) are re-assigned. With `reshuffle` (someone joined, left,
    paused, changed their room, or a task changed), every future turn that nobody has been
    reminded of and that people did not arrange themselves is planned again, fairly.
    Nobody gets more turns than they said, nor a turn they said "can't" for (`excusals`)."""
    now = clock.now()
    today = local_today(house, now)
    forget_excusals(session, house, today)
    excused = excusals(session, house)
    tasks = {t.id: t for t in tasks_of(session, house)}
    for task in tasks.values():
        ensure_turns(session, house, task, today, now)
    session.flush()
    volunteers = volunteer_lists(session, house)
    planner = Planner(today, volunteers, availability(session, house))
    turns = session.scalars(
        select(RotaTurn)
        .where(
            RotaTurn.house_id == house.id,
            RotaTurn.day >= today - timedelta(days=HISTORY_DAYS),
        )
        .order_by(RotaTurn.due_at, RotaTurn.task_id, RotaTurn.id)
    ).all()

    def free(turn: RotaTurn, member_id: int) -> bool:
        return planner.person(member_id).free_on(turn.day) and member_id not in excused.get(
            turn.id, ()
        )

    def ok(turn: RotaTurn, member_id: int) -> bool:
        return member_id in volunteers.get(turn.task_id, []) and free(turn, member_id)

    open_turns: list[tuple[RotaTurn, dict[int, int | None]]] = []
    for turn in turns:
        turn_task = tasks.get(turn.task_id)
        settled = turn.group_done or turn.day < today or turn_task is None
        if turn_task is not None and not settled:
            _fit_seats(house, turn_task, turn)
        released: dict[int, int | None] = {}  # id(seat) -> who held it
        for seat in turn.seats:
            holder = seat.member_id
            if settled or seat.state in (SeatState.DONE, SeatState.ASKING, SeatState.OPEN):
                if holder is not None and seat.state in HELD and not seat.backup:
                    planner.record(turn.task_id, holder, turn.day)
                continue
            replannable = (
                reshuffle
                and turn.day > today
                and not turn.private_done
                and not seat.fixed
                and seat.state == SeatState.ASSIGNED
            )
            keep = holder is not None and (
                free(turn, holder)
                if seat.fixed  # arranged by people (a swap, a take-over): theirs while free
                else ok(turn, holder)
            )
            if holder is not None and keep and not replannable:
                if not seat.backup:
                    planner.record(turn.task_id, holder, turn.day)
                continue
            released[id(seat)] = holder
            seat.member_id = None
            seat.state = SeatState.ASSIGNED
            seat.fixed = False
        if not settled:
            open_turns.append((turn, released))

    changes: list[Change] = []
    for turn, released in open_turns:
        mains = [s for s in turn.seats if not s.backup]
        backup = next((s for s in turn.seats if s.backup), None)
        on_turn = {s.member_id for s in turn.seats if s.member_id is not None}
        for seat in [*mains, *([backup] if backup else [])]:
            if seat.member_id is not None or seat.state != SeatState.ASSIGNED:
                continue  # held, done, or being handed on by people
            skip = on_turn | excused.get(turn.id, set())
            if seat.backup:
                chosen = planner.pick_backup(turn.task_id, turn.day, skip)
            else:
                chosen = planner.pick(turn.task_id, turn.day, skip)
                standby = backup.member_id if backup is not None else None
                if chosen is None and backup is not None and standby is not None:
                    # nobody else has room: the backup steps up (another may stand by)
                    chosen = planner.pick(turn.task_id, turn.day, skip - {standby})
                    if chosen == standby:
                        backup.member_id = None
            seat.member_id = chosen
            if chosen is not None:
                on_turn.add(chosen)
            old = released.get(id(seat))
            if old != chosen:
                changes.append(Change(turn, seat, old, chosen))
    settings_of(session, house).planned_until = today + timedelta(days=HORIZON_DAYS - 1)
    session.flush()
    return changes


def needs_planning(settings: RotaSettings | None, today: date) -> bool:
    """The house's plan does not reach a full week ahead any more."""
    horizon = today + timedelta(days=HORIZON_DAYS - 1)
    return settings is None or settings.planned_until is None or settings.planned_until < horizon


def standing_before(session: Session, task: RotaTask, member_id: int, day: date) -> Standing:
    """For the explanation of a turn: when the holder last did the task before `day`, and how
    often in the 8 weeks before."""
    days = session.scalars(
        select(RotaTurn.day)
        .join(RotaSeat, RotaSeat.turn_id == RotaTurn.id)
        .where(
            RotaTurn.task_id == task.id,
            RotaTurn.day < day,
            RotaSeat.member_id == member_id,
            RotaSeat.backup.is_(False),
            RotaSeat.state.in_(HELD),
        )
    ).all()
    since = day - timedelta(days=HISTORY_DAYS)
    return Standing(member_id, max(days) if days else None, sum(1 for d in days if d >= since))
