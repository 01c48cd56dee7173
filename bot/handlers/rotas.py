"""Rotas in the chats: the week's rota, my tasks, opting in, defining tasks, reminders, done /
swap / can't, pauses, thanks, newcomers' invitation and the chair's fairness overview.

What people can do:

- `/rota` (`/rooster`): in the group the coming week's rota (per day: task, who, backup) and
  who is next and why; in the private chat "my tasks", each coming turn a button that opens it
  (Done on the day, Swap, Can't).
- `/rota join` (`/rooster meedoen`, either word with either command): the tasks, a tap to opt
  in or out, and how much one can take on (1, 2, 3 turns a week or as it comes). In the group
  the message shows how many take part and the popups say what changed for the tapper.
- `/rota tasks` and `/rota new [name]` (`taken`, `nieuw`), chair only, in the private chat: the
  task list, the house's rota settings (thanks in the group; the fairness overview), and a form
  per task with buttons (how often, time, people per turn, backup, the meeting decision it
  comes from, save / pause / resume / remove). A meeting decision is linked by the chair typing
  its reference ("Besluit 2026-004") in the form: it is shown when the task is announced.
- `/rota overview` (`overzicht`): turns per person over 4 weeks, privately, for the chair, only
  when the house turned it on.
- `/pause` (`/pauze`), in the private chat: a week, two weeks, a month, a typed last day, or
  until I say; `/pause stop` or the button ends it. No reason is asked.

Jobs (keyed, durable: every one is rebuilt from the database at start-up):

- `rota-task-<task id>`: one per active task, at the task's next moment (an evening-before
  private reminder, the group reminder, or the day its plan must grow). It handles what fell due
  (a reminder more than an hour late is skipped and logged by id), keeps the plan a week ahead,
  looks for new residents, and re-arms itself.
- `rota-ask-<seat id>`: the backup's time to answer ran out: a neutral request in the group.
- `rota-invite-<member id>`: a newcomer's invitation, 14 days after the rota first saw them.
- `rota-back-<member id>`: the first day back after a pause.

No shaming: the group sees who is on duty, open requests without a name ("Who can step in?"),
a swap request from the holder themself, who took a turn over, and thanks; never who could not.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Annotated

from babel.dates import format_date
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from telegram import Message
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import AtLeast, codec
from bot.domain import polls as poll_domain
from bot.domain import rotas as domain
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.handlers.commands import PAUSE, ROTA
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.prompts import PromptRouter
from bot.i18n import Html, Translator, escape
from bot.jobs.runner import job_call
from bot.jobs.scheduler import JobFn
from bot.storage.models import House, Member, MemberStatus, Person, PrivateChat, Prompt
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


@codec.register("tv")
@dataclass(frozen=True)
class RotaView:
    """Open a view: week, mine, join, pause."""

    house_id: int
    view: str


@codec.register("tj")
@dataclass(frozen=True)
class JoinTask:
    """Opt in or out; `refresh` re-renders the join view the button sits in."""

    task_id: int
    refresh: bool


@codec.register("tc")
@dataclass(frozen=True)
class SetCapacity:
    house_id: int
    value: int  # turns a week; 0: as it comes


@codec.register("tt")
@dataclass(frozen=True)
class TurnOp:
    """done, swap, cant, or card (open the turn in the private chat)."""

    turn_id: int
    op: str


@codec.register("tk")
@dataclass(frozen=True)
class TakeSeat:
    seat_id: int


@codec.register("tn")
@dataclass(frozen=True)
class DeclineSeat:
    seat_id: int


@codec.register("tp")
@dataclass(frozen=True)
class PausePick:
    """week, 2weeks, month, date (typed), open (until I say), stop."""

    house_id: int
    pick: str


@codec.register("tm")
@dataclass(frozen=True)
class RotaManage:
    """The chair's task list: list, new, thanks, setting (overview on/off), overview."""

    house_id: int
    item: str


@codec.register("tf")
@dataclass(frozen=True)
class TaskForm:
    """A task's form: form, freq, weekdays, every, once, time, people, backup, note, save,
    drop, pause, resume, remove, remove_yes."""

    task_id: int
    item: str


@codec.register("ts")
@dataclass(frozen=True)
class TaskSet:
    """A value picked in the form: kind (a Frequency index), wd, every, once (days from
    today; -1: type it), time (minutes; -1: type it)."""

    task_id: int
    item: str
    value: Annotated[int, AtLeast(-1)]


JOIN_WORDS = ("join", "meedoen")
TASKS_WORDS = ("tasks", "taken")
NEW_WORDS = ("new", "nieuw")
OVERVIEW_WORDS = ("overview", "overzicht")
STOP_WORDS = ("stop",)
FREQUENCIES = (Frequency.DAILY, Frequency.WEEKDAYS, Frequency.EVERY, Frequency.ONCE)
CAPACITY_TEXT = {1: "rota.cap.1", 2: "rota.cap.2", 3: "rota.cap.3", 0: "rota.cap.0"}
FREQ_BUTTON = {
    Frequency.DAILY: "rota.freq_button.daily",
    Frequency.WEEKDAYS: "rota.freq_button.weekdays",
    Frequency.EVERY: "rota.freq_button.every",
    Frequency.ONCE: "rota.freq_button.once",
}
STATE_TEXT = {
    TaskState.DRAFT: "rota.state.draft",
    TaskState.ACTIVE: "rota.state.active",
    TaskState.PAUSED: "rota.state.paused",
}
PAUSE_TEXT = {"week": "rota.pause.week", "2weeks": "rota.pause.2weeks", "month": "rota.pause.month"}
A_MONDAY = date(2024, 1, 1)
MAX_CARDS = 6  # turn buttons in "my tasks"


# --- words and lines -----------------------------------------------------------------------


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def upper_first(text: str) -> str:
    """A task's name at the start of a sentence: "koken" -> "Koken"."""
    return text[:1].upper() + text[1:]


def long_day(t: Translator, day: date) -> str:
    return str(format_date(day, "EEEE d MMMM", locale=t.locale))


def short_day(t: Translator, day: date) -> str:
    return str(format_date(day, "EEE d MMM", locale=t.locale))


def weekday_name(t: Translator, weekday: int) -> str:
    return str(format_date(A_MONDAY + timedelta(days=weekday), "EEE", locale=t.locale))


def day_phrase(t: Translator, day: date, today: date) -> str:
    if day == today:
        return t("rota.day.today")
    if day == today + timedelta(days=1):
        return t("rota.day.tomorrow")
    return t("rota.day.on", date=long_day(t, day))


def freq_text(t: Translator, task: RotaTask) -> str:
    if task.frequency == Frequency.DAILY:
        return t("rota.freq.daily")
    if task.frequency == Frequency.WEEKDAYS:
        days = ", ".join(weekday_name(t, d) for d in sorted(domain.weekday_set(task)))
        return t("rota.freq.weekdays", days=days)
    if task.frequency == Frequency.EVERY:
        return t("rota.freq.every", n=task.every_days)
    return t("rota.freq.once", date=long_day(t, task.start_on))


def yes_no(t: Translator, value: bool) -> str:
    return t("rota.yes") if value else t("rota.no")


def on_off(t: Translator, value: bool) -> str:
    return t("rota.on") if value else t("rota.off")


def why_text(t: Translator, standing: domain.Standing, today: date) -> str:
    if standing.last is None:
        return t("rota.why.never")
    days = max(0, (today - standing.last).days)
    if days == 0:
        return t("rota.why.today")
    if days == 1:
        return t("rota.why.yesterday")
    return t("rota.why.days", days=days)


Names = Mapping[int, str]  # member id -> display name, for a view that names many people


def house_names(work: Work, house: House) -> dict[int, str]:
    """Every member's display name, in one query: for views with many turns."""
    rows = work.session.execute(
        select(Member.id, Person)
        .join(Person, Person.id == Member.person_id)
        .where(Member.house_id == house.id)
    ).all()
    return {member_id: person.display_name for member_id, person in rows}


def name_of(work: Work, member_id: int | None, names: Names | None = None) -> str | None:
    """A member's display name: from `names` when given, else one small query (the person
    only: no roles, no relationships)."""
    if member_id is None:
        return None
    if names is not None:
        return names.get(member_id)
    person = work.session.scalars(
        select(Person).join(Member, Member.person_id == Person.id).where(Member.id == member_id)
    ).first()
    return person.display_name if person is not None else None


def holders_text(work: Work, t: Translator, turn: RotaTurn, names: Names | None = None) -> str:
    """Who is on duty: names (✅ once done), "still open" for a seat being handed on."""
    parts: list[str] = []
    for seat in turn.seats:
        if seat.backup:
            continue
        name = name_of(work, seat.member_id, names) if seat.state in domain.HELD else None
        if name is None:
            parts.append(t("rota.nobody"))
        else:
            parts.append(name + (" ✅" if seat.state == SeatState.DONE else ""))
    return ", ".join(parts) or t("rota.nobody")


def backup_name(work: Work, turn: RotaTurn, names: Names | None = None) -> str | None:
    seat = next((s for s in turn.seats if s.backup), None)
    return name_of(work, seat.member_id, names) if seat is not None else None


def main_seats(turn: RotaTurn) -> list[RotaSeat]:
    return [s for s in turn.seats if not s.backup]


def holder_request(turn: RotaTurn, member: Member | None) -> tuple[int, int] | None:
    """The group message of the member's swap request for this turn, if there is one."""
    for seat in main_seats(turn):
        mine = member is not None and seat.member_id == member.id
        if mine and seat.chat_id is not None and seat.message_id is not None:
            return seat.chat_id, seat.message_id
    return None


def today_of(work: Work, house: House) -> date:
    return domain.local_today(house, work.clock.now())


# --- views ---------------------------------------------------------------------------------


def week_view(work: Work, t: Translator, house: House) -> tuple[str, list[list[Button]]]:
    """The coming week, per day: time, task, who, backup. Then who is next, and why."""
    now = work.clock.now()
    today = domain.local_today(house, now)
    tasks = domain.tasks_of(work.session, house)
    if not tasks:
        return t("rota.no_tasks"), []
    by_id = {task.id: task for task in tasks}
    lines: list[str] = [t("rota.week_title", house=house.name)]
    turns = domain.week_turns(work.session, house, today)
    if not turns:
        lines += ["", t("rota.week_empty")]
    current: date | None = None
    book = house_names(work, house)
    for turn in turns:
        task = by_id[turn.task_id]
        if turn.day != current:
            current = turn.day
            lines += ["", f"<b>{escape(upper_first(long_day(t, turn.day)))}</b>"]
        backup = backup_name(work, turn, book)
        params = {"time": hhmm(task.at_minute), "task": task.name}
        names = holders_text(work, t, turn, book)
        if backup is not None and task.backup:
            lines.append(t("rota.week_line_backup", names=names, backup=backup, **params))
        else:
            lines.append(t("rota.week_line", names=names, **params))
    lines += ["", t("rota.next_title")]
    for task in tasks:
        lines.append(next_line(work, t, house, task, today, book))
    rows: list[list[Button]] = [[(t("rota.button_join"), RotaView(house.id, "join"))]]
    return "\n".join(lines), rows


def next_up(
    work: Work, t: Translator, task: RotaTask, today: date, names: Names | None = None
) -> tuple[str, str] | None:
    """Who has the task's next turn, and why them: ("Anna", "last did it 9 days ago")."""
    turn = domain.next_turn(work.session, task, work.clock.now())
    if turn is None:
        return None
    holder = next(
        (s.member_id for s in main_seats(turn) if s.member_id and s.state in domain.HELD), None
    )
    if holder is None:
        return None
    standing = domain.standing_before(work.session, task, holder, turn.day)
    return name_of(work, holder, names) or "?", why_text(t, standing, today)


def next_line(
    work: Work, t: Translator, house: House, task: RotaTask, today: date, names: Names | None = None
) -> str:
    found = next_up(work, t, task, today, names)
    if found is None:
        return t("rota.next_nobody", task=task.name)
    name, why = found
    return t("rota.next_line", task=task.name, name=name, why=Html(why))


def capacity_text(t: Translator, row: RotaPerson | None) -> str:
    value = row.capacity if row is not None and row.capacity is not None else 0
    return t(CAPACITY_TEXT.get(value, "rota.cap.0"))


def pause_line(t: Translator, row: RotaPerson | None, today: date) -> str | None:
    if not domain.is_paused(row, today):
        return None
    assert row is not None
    if row.back_on is None:
        return t("rota.paused_open")
    return t("rota.paused_until", date=long_day(t, row.back_on - timedelta(days=1)))


def join_view(
    work: Work, t: Translator, house: House, member: Member | None, *, private: bool
) -> tuple[str, list[list[Button]]]:
    tasks = domain.tasks_of(work.session, house)
    if not tasks:
        return t("rota.no_tasks"), []
    counts = {
        task_id: len(ids) for task_id, ids in domain.volunteer_lists(work.session, house).items()
    }
    mine = domain.my_tasks(work.session, member) if member is not None and private else set()
    lines: list[str] = [t("rota.join_title", house=house.name), ""]
    for task in tasks:
        lines.append(
            t(
                "rota.join_line",
                task=task.name,
                freq=Html(freq_text(t, task)),
                time=hhmm(task.at_minute),
                count=counts.get(task.id, 0),
            )
        )
    row = domain.pause_of(work.session, member) if member is not None else None
    if private and member is not None:
        lines.append("")
        lines.append(t("rota.capacity_line", capacity=Html(capacity_text(t, row))))
    lines += ["", t("rota.join_capacity_question")]
    buttons: list[Button] = [
        (("✅ " if task.id in mine else "") + task.name, JoinTask(task.id, True)) for task in tasks
    ]
    rows: list[list[Button]] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    current = row.capacity or 0 if row is not None else None
    caps: list[Button] = [
        (
            ("✓ " if private and current == value else "") + t(CAPACITY_TEXT[value]),
            SetCapacity(house.id, value),
        )
        for value in domain.CAPACITY_CHOICES
    ]
    rows += [caps[:2], caps[2:]]
    if private:
        rows.append([(t("button.back"), RotaView(house.id, "mine"))])
    return "\n".join(lines), rows


def mine_view(
    work: Work, t: Translator, house: House, member: Member | None
) -> tuple[str, list[list[Button]]]:
    """My tasks: my coming turns, what I take part in, my room a week, my pause."""
    today = today_of(work, house)
    lines: list[str] = [t("rota.mine_title", house=house.name), ""]
    rows: list[list[Button]] = []
    tasks = {task.id: task for task in domain.tasks_of(work.session, house)}
    seats = domain.upcoming_seats(work.session, house, member, today) if member else []
    for turn, seat in seats:
        task = tasks.get(turn.task_id)
        if task is None:
            continue
        params = {
            "task": task.name,
            "day": day_phrase(t, turn.day, today),
            "time": hhmm(task.at_minute),
        }
        if seat.backup:
            lines.append(t("rota.mine_line_backup", **params))
            continue
        lines.append(t("rota.mine_line", **params))
        if len(rows) < MAX_CARDS:
            label = t("rota.turn_button", task=task.name, day=short_day(t, turn.day))
            rows.append([(label, TurnOp(turn.id, "card"))])
    if not seats:
        lines.append(t("rota.mine_none"))
    lines.append("")
    joined = sorted(
        tasks[i].name
        for i in (domain.my_tasks(work.session, member) if member else set())
        if i in tasks
    )
    lines.append(
        t("rota.mine_tasks", tasks=", ".join(joined)) if joined else t("rota.mine_no_tasks")
    )
    row = domain.pause_of(work.session, member) if member is not None else None
    lines.append(t("rota.capacity_line", capacity=Html(capacity_text(t, row))))
    paused = pause_line(t, row, today)
    if paused:
        lines.append(paused)
    pause_button: Button = (
        (t("rota.button_back_from_pause"), PausePick(house.id, "stop"))
        if paused
        else (t("rota.button_pause"), RotaView(house.id, "pause"))
    )
    rows.append([(t("rota.button_join"), RotaView(house.id, "join")), pause_button])
    rows.append([(t("rota.button_week"), RotaView(house.id, "week"))])
    return "\n".join(lines), rows


def card_view(
    work: Work, t: Translator, house: House, task: RotaTask, turn: RotaTurn, member: Member | None
) -> tuple[str, list[list[Button]]]:
    """One of my turns, in the private chat."""
    today = today_of(work, house)
    lines = [
        t(
            "rota.card",
            task=task.name,
            day=day_phrase(t, turn.day, today),
            time=hhmm(task.at_minute),
            house=house.name,
        ),
        t("rota.card_holders", names=holders_text(work, t, turn)),
    ]
    backup = backup_name(work, turn)
    if backup is not None:
        lines.append(t("rota.card_backup", name=backup))
    rows: list[list[Button]] = []
    seat = next(
        (s for s in main_seats(turn) if member is not None and s.member_id == member.id), None
    )
    if seat is not None and seat.state != SeatState.DONE and turn.day >= today:
        buttons: list[Button] = []
        if turn.day == today:
            buttons.append((t("rota.button_done"), TurnOp(turn.id, "done")))
        buttons += [
            (t("rota.button_swap"), TurnOp(turn.id, "swap")),
            (t("rota.button_cant"), TurnOp(turn.id, "cant")),
        ]
        rows.append(buttons)
    rows.append([(t("button.back"), RotaView(house.id, "mine"))])
    return "\n".join(lines), rows


def pause_view(
    work: Work, t: Translator, house: House, member: Member | None
) -> tuple[str, list[list[Button]]]:
    today = today_of(work, house)
    row = domain.pause_of(work.session, member) if member is not None else None
    lines: list[str] = [t("rota.pause_menu")]
    paused = pause_line(t, row, today)
    if paused:
        lines += ["", paused]
    rows: list[list[Button]] = [
        [(t(PAUSE_TEXT[pick]), PausePick(house.id, pick)) for pick in domain.PAUSE_PICKS],
        [
            (t("rota.other_date"), PausePick(house.id, "date")),
            (t("rota.pause_open"), PausePick(house.id, "open")),
        ],
    ]
    if paused:
        rows.append([(t("rota.button_back_from_pause"), PausePick(house.id, "stop"))])
    rows.append([(t("button.back"), RotaView(house.id, "mine"))])
    return "\n".join(lines), rows


def tasks_view(work: Work, t: Translator, house: House) -> tuple[str, list[list[Button]]]:
    """The chair's task list and the house's rota settings."""
    tasks = domain.tasks_of(work.session, house, TaskState.ACTIVE, TaskState.PAUSED)
    counts = {
        task_id: len(ids) for task_id, ids in domain.volunteer_lists(work.session, house).items()
    }
    lines = [t("rota.tasks_title", house=house.name), ""]
    for task in tasks:
        if task.state == TaskState.PAUSED:
            lines.append(t("rota.tasks_line_paused", task=task.name))
        else:
            lines.append(
                t(
                    "rota.tasks_line",
                    task=task.name,
                    freq=Html(freq_text(t, task)),
                    time=hhmm(task.at_minute),
                    count=counts.get(task.id, 0),
                )
            )
    lines += ["", t("rota.tasks_hint") if tasks else t("rota.tasks_none")]
    settings = domain.settings_of(work.session, house)
    buttons: list[Button] = [(task.name, TaskForm(task.id, "form")) for task in tasks]
    rows: list[list[Button]] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t("rota.button_new"), RotaManage(house.id, "new"))])
    rows.append(
        [
            (
                t("rota.button_thanks", value=on_off(t, settings.thanks)),
                RotaManage(house.id, "thanks"),
            )
        ]
    )
    rows.append(
        [
            (
                t("rota.button_overview_setting", value=on_off(t, settings.chair_overview)),
                RotaManage(house.id, "setting"),
            )
        ]
    )
    if settings.chair_overview:
        rows.append([(t("rota.button_overview"), RotaManage(house.id, "overview"))])
    return "\n".join(lines), rows


def form_view(
    work: Work, t: Translator, house: House, task: RotaTask
) -> tuple[str, list[list[Button]]]:
    lines = [
        t(
            "rota.form",
            task=task.name,
            state=t(STATE_TEXT.get(task.state, "rota.state.active")),
            freq=Html(freq_text(t, task)),
            time=hhmm(task.at_minute),
            timezone=house.timezone,
            people=task.per_turn,
            backup=yes_no(t, task.backup),
            note=task.decision_note or "—",
        ),
        "",
    ]
    if task.state == TaskState.DRAFT:
        lines.append(t("rota.form_draft_hint"))
    else:
        if task.state == TaskState.ACTIVE:
            found = next_up(work, t, task, today_of(work, house))
            if found is not None:
                lines.append(t("rota.form_next", name=found[0], why=Html(found[1])))
        lines.append(t("rota.form_active_hint"))
    rows: list[list[Button]] = [
        [
            (t("rota.button_freq"), TaskForm(task.id, "freq")),
            (t("rota.button_time"), TaskForm(task.id, "time")),
        ],
        [
            (t("rota.button_people", n=task.per_turn), TaskForm(task.id, "people")),
            (t("rota.button_backup", value=yes_no(t, task.backup)), TaskForm(task.id, "backup")),
        ],
        [(t("rota.button_note"), TaskForm(task.id, "note"))],
    ]
    if task.state == TaskState.DRAFT:
        rows.append(
            [
                (t("rota.button_save"), TaskForm(task.id, "save")),
                (t("rota.button_drop"), TaskForm(task.id, "drop")),
            ]
        )
    else:
        toggle: Button = (
            (t("rota.button_pause_task"), TaskForm(task.id, "pause"))
            if task.state == TaskState.ACTIVE
            else (t("rota.button_resume_task"), TaskForm(task.id, "resume"))
        )
        rows.append([toggle, (t("rota.button_remove"), TaskForm(task.id, "remove"))])
        rows.append([(t("button.back"), RotaManage(house.id, "list"))])
    return "\n".join(lines), rows


def freq_rows(t: Translator, task: RotaTask) -> list[list[Button]]:
    rows: list[list[Button]] = [
        [(t(FREQ_BUTTON[kind]), TaskSet(task.id, "kind", index))]
        for index, kind in enumerate(FREQUENCIES)
    ]
    rows.append([(t("button.back"), TaskForm(task.id, "form"))])
    return rows


def weekday_rows(t: Translator, task: RotaTask) -> list[list[Button]]:
    chosen = domain.weekday_set(task) if task.frequency == Frequency.WEEKDAYS else set()
    buttons: list[Button] = [
        (("✓ " if d in chosen else "") + weekday_name(t, d), TaskSet(task.id, "wd", d))
        for d in range(7)
    ]
    return [buttons[:4], buttons[4:], [(t("button.done"), TaskForm(task.id, "form"))]]


def every_rows(t: Translator, task: RotaTask) -> list[list[Button]]:
    return [
        [(str(n), TaskSet(task.id, "every", n)) for n in domain.EVERY_CHOICES],
        [(t("button.back"), TaskForm(task.id, "freq"))],
    ]


def once_rows(t: Translator, task: RotaTask) -> list[list[Button]]:
    return [
        [
            (t("rota.once.tomorrow"), TaskSet(task.id, "once", 1)),
            (t("rota.once.day_after"), TaskSet(task.id, "once", 2)),
        ],
        [(t("rota.other_date"), TaskSet(task.id, "once", -1))],
        [(t("button.back"), TaskForm(task.id, "freq"))],
    ]


def time_rows(t: Translator, task: RotaTask) -> list[list[Button]]:
    buttons: list[Button] = [
        (("✓ " if m == task.at_minute else "") + hhmm(m), TaskSet(task.id, "time", m))
        for m in domain.TIME_CHOICES
    ]
    return [
        buttons[:3],
        buttons[3:],
        [(t("rota.other_time"), TaskSet(task.id, "time", -1))],
        [(t("button.back"), TaskForm(task.id, "form"))],
    ]


def overview_text(work: Work, t: Translator, house: House) -> str:
    counts = domain.turn_counts(work.session, house, today_of(work, house))
    lines = [t("rota.overview_title", house=house.name), ""]
    if not counts:
        lines.append(t("rota.overview_empty"))
    for member, count in counts:
        lines.append(t("rota.overview_line", name=member.person.display_name, count=count))
    lines += ["", t("rota.overview_footer")]
    return "\n".join(lines)


def group_turn_view(
    work: Work, t: Translator, house: House, task: RotaTask, turn: RotaTurn
) -> tuple[str, list[list[Button]]]:
    """The reminder in the group on the day: "Today cooking: Anna — backup: Bram"."""
    names = holders_text(work, t, turn)
    backup = backup_name(work, turn) if task.backup else None
    text = (
        t("rota.group_reminder_backup", task=task.name, names=names, backup=backup)
        if backup
        else t("rota.group_reminder", task=task.name, names=names)
    )
    mains = main_seats(turn)
    if mains and all(s.state == SeatState.DONE for s in mains):
        return "\n".join([text, t("rota.group_reminder_all_done")]), []
    rows: list[list[Button]] = [
        [
            (t("rota.button_done"), TurnOp(turn.id, "done")),
            (t("rota.button_swap"), TurnOp(turn.id, "swap")),
            (t("rota.button_cant_today"), TurnOp(turn.id, "cant")),
        ]
    ]
    for seat in mains:
        if seat.state in (SeatState.ASKING, SeatState.OPEN):
            rows.append([(t("rota.button_take"), TakeSeat(seat.id))])
    return "\n".join([text, t("rota.group_reminder_hint")]), rows


# --- the service ---------------------------------------------------------------------------


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
        for row in domain.pending_invitations(session):
            assert row.invite_at is not None
            self.arm_invite(row)
        for row in session.scalars(
            select(RotaPerson).where(RotaPerson.paused.is_(True), RotaPerson.back_on.is_not(None))
        ).all():
            paused_house = session.get(House, row.house_id)
            if paused_house is not None:
                self.arm_back(paused_house, row)

    def arm_invite(self, row: RotaPerson) -> None:
        if row.invite_at is not None and not row.invited:
            self.deps.scheduler.at(
                f"rota-invite-{row.member_id}",
                row.invite_at,
                self.job(self.invite_job, row.member_id),
            )

    def arm_back(self, house: House, row: RotaPerson) -> None:
        key = f"rota-back-{row.member_id}"
        if row.paused and row.back_on is not None:
            when = domain.day_start(house, row.back_on)
            self.deps.scheduler.at(key, when, self.job(self.back_job, row.member_id))
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
        rows = work.session.execute(
            select(Member.id, Member.status).where(Member.id.in_(list(held)))
        ).all()
        if len(rows) != len(held) or any(status not in domain.ON_ROTA for _, status in rows):
            return True
        pauses = work.session.scalars(
            select(RotaPerson).where(
                RotaPerson.member_id.in_(list(held)), RotaPerson.paused.is_(True)
            )
        ).all()
        return any(domain.is_paused(row, held[row.member_id]) for row in pauses)

    async def upkeep(self, work: Work, house: House) -> None:
        """New residents, due invitations, and the plan kept a week ahead."""
        session = work.session
        for row in domain.notice_residents(session, work.clock, house):
            self.arm_invite(row)
        now = work.clock.now()
        for row in domain.pending_invitations(session, house):
            if row.invite_at is not None and row.invite_at <= now:
                await self.invite(work, house, row)
        settings = domain.settings_of(session, house)
        if domain.needs_planning(settings, today_of(work, house)):
            changes = domain.plan_house(session, work.clock, house)
            await self.tell_changes(work, house, changes)
            self.arm_house(work, house)

    async def replan(
        self, work: Work, house: House, *, reshuffle: bool = True
    ) -> list[domain.Change]:
        changes = domain.plan_house(work.session, work.clock, house, reshuffle=reshuffle)
        await self.tell_changes(work, house, changes)
        self.arm_house(work, house)
        return changes

    async def tell_changes(
        self, work: Work, house: House, changes: Sequence[domain.Change]
    ) -> None:
        """Someone who got a turn after its evening-before reminder hears it now."""
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
            if domain.is_paused(domain.pause_of(work.session, member), today):
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
            domain.open_up(seat)
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
        domain.open_up(seat)
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
        row = work.session.scalars(
            select(RotaPerson).where(RotaPerson.member_id == member_id)
        ).one_or_none()
        if row is None or not row.paused or row.back_on is None:
            return
        house = work.session.get(House, row.house_id)
        member = work.session.get(Member, member_id)
        if house is None or member is None:
            return
        if row.back_on > today_of(work, house):
            self.arm_back(house, row)
            return
        domain.end_pause(work.session, house, member)
        await self.replan(work, house)
        if house.active and member.person.private_chat == PrivateChat.OPEN:
            t = work.translator_for(member.person, house)
            work.post_private(member.person, t("rota.pause_back_auto", house=house.name))


# --- the handlers --------------------------------------------------------------------------


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Rotas:  # type: ignore[type-arg]
    rotas = Rotas(deps, prompts)
    deps.startup_hooks.append(rotas.rebuild)

    def current_house(ctx: Ctx) -> House:
        if ctx.house is None or not ctx.house.active:
            raise UserError("members.no_house" if ctx.in_private else "help.group_no_house")
        return ctx.house

    def house_member(ctx: Ctx, house_id: int) -> tuple[House, Member | None]:
        """The house a button is about, and the tapper's membership of it."""
        house = ctx.session.get(House, house_id)
        if house is None or not house.active or ctx.person is None:
            raise UserError("button.stale")
        if ctx.in_group and (ctx.house is None or ctx.house.id != house.id):
            raise UserError("button.stale")
        if ctx.member is not None and ctx.member.house_id == house.id:
            return house, ctx.member
        return house, membership(ctx.session, house, ctx.person)

    def require_chair(ctx: Ctx, house: House, member: Member | None) -> None:
        if poll_domain.is_chair(member):
            return
        chairs = ", ".join(m.person.display_name for m in poll_domain.chairs(ctx.session, house))
        if chairs:
            raise UserError("rota.only_chair", chair=chairs)
        raise UserError("rota.no_chair")

    async def to_private(ctx: Ctx, house: House, msgid: str) -> None:
        await ctx.reply(ctx.t(msgid), [[(ctx.t("card.private_chat"), ctx.deep_link(house))]])

    # --- /rota ------------------------------------------------------------------------
    async def rota_command(ctx: Ctx) -> None:
        house = current_house(ctx)
        word = ctx.args[0].lower() if ctx.args else ""
        rest = " ".join(ctx.args[1:])
        if not word and ctx.in_group:
            await ctx.reply(*week_view(ctx, ctx.t, house))
        elif not word:
            await ctx.reply(*mine_view(ctx, ctx.t, house, ctx.member))
        elif word in JOIN_WORDS:
            await ctx.reply(*join_view(ctx, ctx.t, house, ctx.member, private=ctx.in_private))
        elif word in TASKS_WORDS:
            require_chair(ctx, house, ctx.member)
            if ctx.in_group:
                await to_private(ctx, house, "rota.manage_in_private")
                return
            await ctx.reply(*tasks_view(ctx, ctx.t, house))
        elif word in NEW_WORDS:
            require_chair(ctx, house, ctx.member)
            if ctx.in_group:
                await to_private(ctx, house, "rota.manage_in_private")
                return
            if rest.strip():
                task = domain.new_task(ctx.session, ctx.clock, house, ctx.member, rest)
                await ctx.reply(*form_view(ctx, ctx.t, house, task))
            else:
                await prompts.ask(
                    ctx, "rota_task_name", ctx.t("rota.ask_name"), house=house, payload=""
                )
        elif word in OVERVIEW_WORDS:
            await send_overview(ctx, house, ctx.member)
        else:
            raise UserError("rota.usage")

    async def send_overview(ctx: Ctx, house: House, member: Member | None) -> None:
        require_chair(ctx, house, member)
        if not domain.settings_of(ctx.session, house).chair_overview:
            raise UserError("rota.overview_off")
        assert ctx.person is not None
        t = ctx.translator_for(ctx.person, house)
        text = overview_text(ctx, t, house)
        if ctx.in_private:
            await ctx.reply(text)
            return
        sent = (
            await ctx.send_private(ctx.person, text)
            if ctx.person.private_chat == PrivateChat.OPEN
            else None
        )
        await ctx.reply(ctx.t("rota.overview_sent" if sent else "rota.overview_chat_closed"))

    async def view(ctx: Ctx) -> None:
        action = ctx.action(RotaView)
        house, member = house_member(ctx, action.house_id)
        if member is None and not ctx.in_group:
            raise UserError("button.stale")  # privately, only your own house's rota
        if action.view == "week":
            text, rows = week_view(ctx, ctx.t, house)
        elif action.view == "join":
            text, rows = join_view(ctx, ctx.t, house, member, private=ctx.in_private)
        elif action.view == "mine" and ctx.in_private:
            text, rows = mine_view(ctx, ctx.t, house, member)
        elif action.view == "pause" and ctx.in_private:
            text, rows = pause_view(ctx, ctx.t, house, member)
        else:
            raise UserError("button.stale")
        if ctx.in_group:
            await ctx.reply(text, rows)
        else:
            await ctx.edit(text, rows)

    # --- opting in --------------------------------------------------------------------
    async def join_task(ctx: Ctx) -> None:
        action = ctx.action(JoinTask)
        task = ctx.session.get(RotaTask, action.task_id)
        if task is None:
            raise UserError("button.stale")
        house, member = house_member(ctx, task.house_id)
        task = domain.task_in_house(ctx.session, house, task.id)
        joined = domain.toggle_volunteer(ctx.session, ctx.clock, house, task, member)
        name = task.name
        await rotas.replan(ctx, house)
        if action.refresh:
            await ctx.edit(*join_view(ctx, ctx.t, house, member, private=ctx.in_private))
        await ctx.popup(ctx.t("rota.joined_popup" if joined else "rota.left_popup", task=name))

    async def set_capacity(ctx: Ctx) -> None:
        action = ctx.action(SetCapacity)
        house, member = house_member(ctx, action.house_id)
        row = domain.set_capacity(ctx.session, house, member, action.value)
        text = capacity_text(ctx.t, row)
        await rotas.replan(ctx, house)
        await ctx.edit(*join_view(ctx, ctx.t, house, member, private=ctx.in_private))
        await ctx.popup(ctx.t("rota.capacity_popup", capacity=Html(text)))

    # --- a turn -----------------------------------------------------------------------
    async def turn_op(ctx: Ctx) -> None:
        action = ctx.action(TurnOp)
        turn = ctx.session.get(RotaTurn, action.turn_id)
        if turn is None:
            raise UserError("button.stale")
        house, member = house_member(ctx, turn.house_id)
        task = ctx.session.get(RotaTask, turn.task_id)
        if task is None or task.state != TaskState.ACTIVE:
            raise UserError("rota.task_gone")
        t = ctx.t
        if action.op == "card" and ctx.in_private:
            await ctx.edit(*card_view(ctx, t, house, task, turn, member))
        elif action.op == "done":
            request = holder_request(turn, member)
            seat = domain.mark_done(ctx.session, ctx.clock, house, turn, member)
            if request is not None:  # done after all: a swap request is not needed any more
                await rotas.edit(
                    ctx, *request, ctx.group_translator(house)("rota.request_closed"), []
                )
                seat.chat_id = seat.message_id = None
            await rotas.refresh_turn(ctx, house, task, turn)
            if domain.settings_of(ctx.session, house).thanks:
                group_t = ctx.group_translator(house)
                name = name_of(ctx, seat.member_id) or ""
                await ctx.send_group(
                    house, group_t("rota.thanks", name=name, task=upper_first(task.name))
                )
            if ctx.in_private:
                await ctx.edit(*card_view(ctx, t, house, task, turn, member))
            await ctx.popup(t("rota.done_popup"))
        elif action.op == "swap":
            seat = domain.offer_swap(ctx.session, ctx.clock, house, turn, member)
            group_t = ctx.group_translator(house)
            text = group_t(
                "rota.swap_request",
                name=name_of(ctx, seat.member_id) or "",
                task=task.name,
                day=day_phrase(group_t, turn.day, today_of(ctx, house)),
                time=hhmm(task.at_minute),
            )
            message = await ctx.send_group(
                house, text, [[(group_t("rota.button_take_over"), TakeSeat(seat.id))]]
            )
            if message is not None:
                seat.chat_id, seat.message_id = message.chat_id, message.message_id
            await ctx.popup(t("rota.swap_posted"), alert=True)
        elif action.op == "cant":
            request = holder_request(turn, member)
            seat, backup = domain.step_back(ctx.session, ctx.clock, house, turn, member)
            if request is not None:  # a swap request becomes the backup's or group's question
                await rotas.edit(
                    ctx, *request, ctx.group_translator(house)("rota.request_closed"), []
                )
                seat.chat_id = seat.message_id = None
            if backup is not None:
                await rotas.ask_backup(ctx, house, task, turn, seat, backup)
            else:
                await rotas.open_request(ctx, house, task, turn, seat)
            await rotas.refresh_turn(ctx, house, task, turn)
            if ctx.in_private:
                await ctx.edit(*card_view(ctx, t, house, task, turn, member))
            await ctx.popup(t("rota.cant_popup"), alert=True)
        else:
            raise UserError("button.stale")

    async def take_seat(ctx: Ctx) -> None:
        action = ctx.action(TakeSeat)
        seat = ctx.session.get(RotaSeat, action.seat_id)
        if seat is None:
            raise UserError("rota.taken_already")
        house, member = house_member(ctx, seat.house_id)
        turn = seat.turn
        task = ctx.session.get(RotaTask, turn.task_id)
        if task is None or task.state != TaskState.ACTIVE:
            raise UserError("rota.task_gone")
        request = (seat.chat_id, seat.message_id)
        result = domain.take_over(ctx.session, ctx.clock, house, seat, member)
        deps.scheduler.cancel(f"rota-ask-{seat.id}")
        seat.chat_id = seat.message_id = None
        await rotas.replan(ctx, house, reshuffle=False)  # a backup who stepped in is replaced
        assert member is not None
        today = today_of(ctx, house)
        taker = member.person.display_name
        group_t = ctx.group_translator(house)
        done_text = group_t(
            "rota.taken_over_group",
            name=taker,
            task=task.name,
            day=day_phrase(group_t, turn.day, today),
        )
        chat_id, message_id = request
        query = ctx.update.callback_query
        tapped = query.message.message_id if query and query.message else None
        if chat_id is not None and message_id is not None:
            await rotas.edit(ctx, chat_id, message_id, done_text, [])
        elif ctx.in_group and tapped != turn.message_id:
            await ctx.send_group(house, done_text)
        await rotas.refresh_turn(ctx, house, task, turn)
        me = ctx.translator_for(member.person, house)
        mine = me(
            "rota.taken_over_you",
            task=task.name,
            day=day_phrase(me, turn.day, today),
            time=hhmm(task.at_minute),
        )
        if ctx.in_private:
            await ctx.edit(mine)
        elif member.person.private_chat == PrivateChat.OPEN:
            await ctx.send_private(member.person, mine)
        previous = ctx.session.get(Member, result.previous) if result.previous else None
        if previous is not None and previous.person.private_chat == PrivateChat.OPEN:
            their = ctx.translator_for(previous.person, house)
            await ctx.send_private(
                previous.person,
                their(
                    "rota.taken_over_them",
                    name=taker,
                    task=task.name,
                    day=day_phrase(their, turn.day, today),
                ),
            )
        await ctx.popup(ctx.t("rota.take_popup"))

    async def decline_seat(ctx: Ctx) -> None:
        action = ctx.action(DeclineSeat)
        seat = ctx.session.get(RotaSeat, action.seat_id)
        if seat is None:
            raise UserError("rota.taken_already")
        house, member = house_member(ctx, seat.house_id)
        turn = seat.turn
        task = ctx.session.get(RotaTask, turn.task_id)
        if task is None:
            raise UserError("rota.task_gone")
        domain.decline(ctx.session, turn, seat, member)
        deps.scheduler.cancel(f"rota-ask-{seat.id}")
        await ctx.edit(ctx.t("rota.declined"))
        await rotas.open_request(ctx, house, task, turn, seat)

    # --- pauses -----------------------------------------------------------------------
    async def pause_command(ctx: Ctx) -> None:
        house = current_house(ctx)
        if ctx.in_group:
            await to_private(ctx, house, "rota.pause_private")
            return
        if ctx.args and ctx.args[0].lower() in STOP_WORDS:
            await ctx.reply(*await end_pause(ctx, house, ctx.member))
            return
        await ctx.reply(*pause_view(ctx, ctx.t, house, ctx.member))

    async def apply_pause(
        ctx: Ctx, house: House, member: Member | None, back_on: date | None
    ) -> tuple[str, list[list[Button]]]:
        row = domain.pause(ctx.session, ctx.clock, house, member, back_on)
        assert member is not None
        changes = await rotas.replan(ctx, house)
        rotas.arm_back(house, row)
        t = ctx.t
        lines: list[str] = []
        if back_on is None:
            lines.append(t("rota.pause_set_open"))
        else:
            lines.append(
                t(
                    "rota.pause_set_until",
                    last=long_day(t, back_on - timedelta(days=1)),
                    back=long_day(t, back_on),
                )
            )
        handed = [c for c in changes if c.old == member.id and not c.seat.backup]
        if handed:
            today = today_of(ctx, house)
            lines += ["", t("rota.pause_handed")]
            for change in handed:
                task = ctx.session.get(RotaTask, change.turn.task_id)
                lines.append(
                    t(
                        "rota.pause_handed_line",
                        task=task.name if task else "?",
                        day=day_phrase(t, change.turn.day, today),
                    )
                )
        rows: list[list[Button]] = [
            [(t("rota.button_back_from_pause"), PausePick(house.id, "stop"))]
        ]
        return "\n".join(lines), rows

    async def end_pause(
        ctx: Ctx, house: House, member: Member | None
    ) -> tuple[str, list[list[Button]]]:
        ended = domain.end_pause(ctx.session, house, member)
        if not ended:
            return ctx.t("rota.pause_not_paused"), []
        assert member is not None
        row = domain.person_of(ctx.session, house, member)
        rotas.arm_back(house, row)
        await rotas.replan(ctx, house)
        return ctx.t("rota.pause_ended"), [
            [(ctx.t("rota.button_week"), RotaView(house.id, "week"))]
        ]

    async def pause_pick(ctx: Ctx) -> None:
        action = ctx.action(PausePick)
        if not ctx.in_private:
            raise UserError("button.stale")
        house, member = house_member(ctx, action.house_id)
        if action.pick in domain.PAUSE_PICKS:
            back_on = domain.pause_pick(house, ctx.clock.now(), action.pick)
            await ctx.edit(*await apply_pause(ctx, house, member, back_on))
        elif action.pick == "open":
            await ctx.edit(*await apply_pause(ctx, house, member, None))
        elif action.pick == "stop":
            await ctx.edit(*await end_pause(ctx, house, member))
        elif action.pick == "date":
            if member is None:
                raise UserError("rota.not_member")
            await prompts.ask(
                ctx, "rota_pause_date", ctx.t("rota.ask_pause_date"), house=house, payload=""
            )
            await ctx.popup(ctx.t("setup.answer_below"))
        else:
            raise UserError("button.stale")

    async def answer_pause_date(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
        if house is None or ctx.person is None:
            raise UserError("button.stale")
        member = membership(ctx.session, house, ctx.person)
        last = domain.parse_day(house, ctx.clock.now(), text)
        await ctx.reply(*await apply_pause(ctx, house, member, last + timedelta(days=1)))

    # --- the chair's tasks ------------------------------------------------------------
    def chair_task(ctx: Ctx, task_id: int) -> tuple[House, Member | None, RotaTask]:
        if not ctx.in_private:
            raise UserError("button.stale")
        task = ctx.session.get(RotaTask, task_id)
        if task is None:
            raise UserError("button.stale")
        house, member = house_member(ctx, task.house_id)
        require_chair(ctx, house, member)
        return house, member, domain.task_in_house(ctx.session, house, task.id)

    async def changed(ctx: Ctx, house: House, task: RotaTask) -> None:
        """An active task changed: its coming turns are planned again."""
        if task.state == TaskState.ACTIVE:
            domain.reset_future(ctx.session, task)
            await rotas.replan(ctx, house)

    async def manage(ctx: Ctx) -> None:
        action = ctx.action(RotaManage)
        if not ctx.in_private:
            raise UserError("button.stale")
        house, member = house_member(ctx, action.house_id)
        require_chair(ctx, house, member)
        settings = domain.settings_of(ctx.session, house)
        if action.item == "new":
            await prompts.ask(ctx, "rota_task_name", ctx.t("rota.ask_name"), house=house)
            await ctx.popup(ctx.t("setup.answer_below"))
            return
        if action.item == "overview":
            await send_overview(ctx, house, member)
            return
        if action.item == "thanks":
            settings.thanks = not settings.thanks
        elif action.item == "setting":  # a house setting now: the house decides it (/setup)
            raise UserError("hs.house_decides")
        elif action.item != "list":
            raise UserError("button.stale")
        await ctx.edit(*tasks_view(ctx, ctx.t, house))

    async def task_form(ctx: Ctx) -> None:
        action = ctx.action(TaskForm)
        house, _member, task = chair_task(ctx, action.task_id)
        t, item, now = ctx.t, action.item, ctx.clock.now()
        if item == "form":
            pass
        elif item == "freq":
            await ctx.edit(t("rota.freq_question", task=task.name), freq_rows(t, task))
            return
        elif item == "time":
            await ctx.edit(t("rota.time_question", timezone=house.timezone), time_rows(t, task))
            return
        elif item == "people":
            domain.cycle_per_turn(task)
            await changed(ctx, house, task)
        elif item == "backup":
            domain.toggle_backup(task)
            await changed(ctx, house, task)
        elif item == "note":
            await prompts.ask(
                ctx, "rota_task_note", t("rota.ask_note"), house=house, payload=str(task.id)
            )
            await ctx.popup(t("setup.answer_below"))
            return
        elif item == "save":
            domain.activate(house, now, task)
            domain.notice_residents(ctx.session, ctx.clock, house)
            await rotas.replan(ctx, house)
            await announce_new(ctx, house, task)
            await ctx.edit(
                t("rota.saved", task=upper_first(task.name)),
                [[(t("button.back"), RotaManage(house.id, "list"))]],
            )
            return
        elif item == "drop":
            if task.state != TaskState.DRAFT:
                raise UserError("button.stale")
            ctx.session.delete(task)
            await ctx.edit(t("rota.dropped"))
            return
        elif item in ("pause", "resume", "remove_yes"):
            state = {
                "pause": TaskState.PAUSED,
                "resume": TaskState.ACTIVE,
                "remove_yes": TaskState.REMOVED,
            }[item]
            if task.state == state or task.state == TaskState.DRAFT:
                raise UserError("button.stale")
            name = task.name
            domain.set_task_state(ctx.session, task, state)
            await rotas.replan(ctx, house)
            rotas.arm(ctx, house, task)
            group_t = ctx.group_translator(house)
            announce = {
                TaskState.PAUSED: "rota.announce_paused",
                TaskState.ACTIVE: "rota.announce_resumed",
                TaskState.REMOVED: "rota.announce_removed",
            }[state]
            await ctx.send_group(house, group_t(announce, task=upper_first(name)))
            if state == TaskState.REMOVED:
                await ctx.edit(*tasks_view(ctx, t, house))
                return
        elif item == "remove":
            await ctx.edit(
                t("rota.remove_question", task=upper_first(task.name)),
                [
                    [
                        (t("rota.button_remove_yes"), TaskForm(task.id, "remove_yes")),
                        (t("rota.button_remove_no"), TaskForm(task.id, "form")),
                    ]
                ],
            )
            return
        else:
            raise UserError("button.stale")
        await ctx.edit(*form_view(ctx, t, house, task))

    async def announce_new(ctx: Ctx, house: House, task: RotaTask) -> None:
        group_t = ctx.group_translator(house)
        lines = [
            group_t(
                "rota.announce_new",
                task=task.name,
                freq=Html(freq_text(group_t, task)),
                time=hhmm(task.at_minute),
            )
        ]
        if task.decision_note:
            lines.append(group_t("rota.announce_note", note=task.decision_note))
        await ctx.send_group(
            house,
            "\n".join(lines),
            [[(group_t("rota.button_join_task"), JoinTask(task.id, False))]],
        )

    async def task_set(ctx: Ctx) -> None:
        action = ctx.action(TaskSet)
        house, _member, task = chair_task(ctx, action.task_id)
        t, now, value = ctx.t, ctx.clock.now(), action.value
        if action.item == "kind":
            if not 0 <= value < len(FREQUENCIES):
                raise UserError("button.stale")
            kind = FREQUENCIES[value]
            if kind == Frequency.EVERY:
                await ctx.edit(t("rota.every_question"), every_rows(t, task))
                return
            if kind == Frequency.ONCE:
                await ctx.edit(t("rota.once_question"), once_rows(t, task))
                return
            domain.choose_frequency(house, now, task, kind)
            if kind == Frequency.WEEKDAYS:
                await changed(ctx, house, task)
                await ctx.edit(t("rota.weekdays_question"), weekday_rows(t, task))
                return
        elif action.item == "wd":
            domain.toggle_weekday(task, value)
            await changed(ctx, house, task)
            await ctx.edit(t("rota.weekdays_question"), weekday_rows(t, task))
            return
        elif action.item == "every":
            domain.set_every(house, now, task, value)
        elif action.item == "once":
            if value == -1:
                await prompts.ask(
                    ctx, "rota_task_date", t("rota.ask_date"), house=house, payload=str(task.id)
                )
                await ctx.popup(t("setup.answer_below"))
                return
            if value not in (1, 2):
                raise UserError("button.stale")
            domain.set_once(house, now, task, today_of(ctx, house) + timedelta(days=value))
        elif action.item == "time":
            if value == -1:
                await prompts.ask(
                    ctx, "rota_task_time", t("rota.ask_time"), house=house, payload=str(task.id)
                )
                await ctx.popup(t("setup.answer_below"))
                return
            if value not in domain.TIME_CHOICES:
                raise UserError("button.stale")
            domain.set_time(task, value)
        else:
            raise UserError("button.stale")
        await changed(ctx, house, task)
        await ctx.edit(*form_view(ctx, t, house, task))

    def prompt_task(ctx: Ctx, prompt: Prompt) -> tuple[House, RotaTask]:
        house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
        if house is None or ctx.person is None or not prompt.payload.isdigit():
            raise UserError("button.stale")
        member = membership(ctx.session, house, ctx.person)
        require_chair(ctx, house, member)
        return house, domain.task_in_house(ctx.session, house, int(prompt.payload))

    async def answer_name(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
        if house is None or ctx.person is None:
            raise UserError("button.stale")
        member = membership(ctx.session, house, ctx.person)
        require_chair(ctx, house, member)
        task = domain.new_task(ctx.session, ctx.clock, house, member, text)
        await ctx.reply(*form_view(ctx, ctx.t, house, task))

    async def answer_time(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house, task = prompt_task(ctx, prompt)
        domain.set_time(task, domain.parse_time(text))
        await changed(ctx, house, task)
        await ctx.reply(*form_view(ctx, ctx.t, house, task))

    async def answer_date(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house, task = prompt_task(ctx, prompt)
        now = ctx.clock.now()
        domain.set_once(house, now, task, domain.parse_day(house, now, text))
        await changed(ctx, house, task)
        await ctx.reply(*form_view(ctx, ctx.t, house, task))

    async def answer_note(ctx: Ctx, prompt: Prompt, text: str) -> None:
        house, task = prompt_task(ctx, prompt)
        domain.set_note(task, text)
        await ctx.reply(*form_view(ctx, ctx.t, house, task))

    prompts.on("rota_task_name", answer_name)
    prompts.on("rota_task_time", answer_time)
    prompts.on("rota_task_date", answer_date)
    prompts.on("rota_task_note", answer_note)
    prompts.on("rota_pause_date", answer_pause_date)
    app.add_handler(CommandHandler(ROTA.names, wrap(deps, rota_command)))
    app.add_handler(CommandHandler(PAUSE.names, wrap(deps, pause_command)))
    for action_type, handler in (
        (RotaView, view),
        (JoinTask, join_task),
        (SetCapacity, set_capacity),
        (TurnOp, turn_op),
        (TakeSeat, take_seat),
        (DeclineSeat, decline_seat),
        (PausePick, pause_pick),
        (RotaManage, manage),
        (TaskForm, task_form),
        (TaskSet, task_set),
    ):
        app.add_handler(
            CallbackQueryHandler(wrap(deps, handler), pattern=codec.matcher(action_type))
        )
    return rotas
