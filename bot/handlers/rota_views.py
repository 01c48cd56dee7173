"""Rotas, what people see: the coming week (`/rota` in the group), my tasks and one turn's card,
the opt-in list (`/rota join`), the pause menu, the chair's task list and task form, the
fairness overview, and the `/rota` command that picks one of them. Also the small helpers the
other rota handler modules share (the current house, the tapper's membership, chair only).

Rendering functions return `(text, button rows)` and never send; handlers are module-level
functions that take the rota service (`bot.handlers.rota_reminders.Rotas`) first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from babel.dates import format_date
from sqlalchemy import select

from bot.domain import away, rota_reading
from bot.domain import polls as poll_domain
from bot.domain import rota_turns as turn_domain
from bot.domain import rotas as domain
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.handlers.kit import Button, Ctx, Work
from bot.i18n import Html, Translator, escape
from bot.printing.buttons import ROTA as PRINT_ROTA
from bot.printing.buttons import print_row
from bot.storage.models import House, Member, Person, PrivateChat
from bot.storage.rota_models import (
    Frequency,
    RotaPerson,
    RotaSeat,
    RotaTask,
    RotaTurn,
    SeatState,
    TaskState,
)

if TYPE_CHECKING:
    from bot.handlers.rota_reminders import Rotas

from bot.handlers.rota_buttons import (
    A_MONDAY,
    CAPACITY_TEXT,
    FREQ_BUTTON,
    FREQUENCIES,
    JOIN_WORDS,
    MAX_CARDS,
    NEW_WORDS,
    OVERVIEW_WORDS,
    STATE_TEXT,
    TASKS_WORDS,
    JoinTask,
    PausePick,
    RotaManage,
    RotaView,
    SetCapacity,
    TakeSeat,
    TaskForm,
    TaskSet,
    TurnOp,
)

# --- words and lines -------------------------------------------------------------------------


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


# --- views -----------------------------------------------------------------------------------


def week_view(work: Work, t: Translator, house: House) -> tuple[str, list[list[Button]]]:
    """The coming week, per day: time, task, who, backup. Then who is next, and when."""
    now = work.clock.now()
    today = domain.local_today(house, now)
    tasks = domain.tasks_of(work.session, house)
    if not tasks:
        return t("rota.no_tasks"), []
    by_id = {task.id: task for task in tasks}
    lines: list[str] = [t("rota.week_title", house=house.name)]
    turns = rota_reading.week_turns(work.session, house, today)
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
    rows: list[list[Button]] = [
        [(t("rota.button_join"), RotaView(house.id, "join"))],
        print_row(t, house.id, PRINT_ROTA),
    ]
    return "\n".join(lines), rows


def next_up(
    work: Work, t: Translator, task: RotaTask, today: date, names: Names | None = None
) -> tuple[str, str] | None:
    """Who has the task's next turn, and why them: ("Anna", "last did it 9 days ago")."""
    turn = rota_reading.next_turn(work.session, task, work.clock.now())
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
    """Who has the task's next turn, and when; or that it is still open. Never why: the
    group does not read who did (or did not do) a task before."""
    turn = rota_reading.next_turn(work.session, task, work.clock.now())
    if turn is None:
        if not domain.volunteers_of(work.session, task):
            return t("rota.next_nobody", task=task.name)
        return t("rota.next_unplanned", task=task.name)
    day = day_phrase(t, turn.day, today)
    holders = [
        name_of(work, s.member_id, names) or "?"
        for s in main_seats(turn)
        if s.member_id is not None and s.state in domain.HELD
    ]
    if not holders:
        return t("rota.next_open", task=task.name, day=day)
    return t("rota.next_line", task=task.name, name=", ".join(holders), day=day)


def open_turns(work: Work, house: House, task: RotaTask) -> int:
    """The task's turns in the coming week with a place nobody holds."""
    turns = rota_reading.week_turns(work.session, house, today_of(work, house))
    return sum(
        1
        for turn in turns
        if turn.task_id == task.id
        and any(s.member_id is None and s.state != SeatState.DONE for s in main_seats(turn))
    )


def capacity_value(row: RotaPerson | None) -> int:
    """The capacity choice that holds: what they said, else the smallest (0: as it comes)."""
    return row.capacity if row is not None and row.capacity is not None else domain.DEFAULT_CAPACITY


def capacity_text(t: Translator, row: RotaPerson | None) -> str:
    return t(CAPACITY_TEXT.get(capacity_value(row), "rota.cap.0"))


def capacity_rows(t: Translator, house: House, current: int | None) -> list[list[Button]]:
    """1, 2, 3 turns a week or as it comes; the current choice ticked."""
    caps: list[Button] = [
        (
            ("✓ " if current == value else "") + t(CAPACITY_TEXT[value]),
            SetCapacity(house.id, value),
        )
        for value in domain.CAPACITY_CHOICES
    ]
    return [caps[:2], caps[2:]]


def capacity_question(
    t: Translator, house: House, task: RotaTask
) -> tuple[str, list[list[Button]]]:
    """Asked at the first opt-in: how much can you take on? Until answered: the smallest."""
    text = t("rota.capacity_first", task=task.name, house=house.name)
    return text, capacity_rows(t, house, domain.DEFAULT_CAPACITY)


def pause_line(t: Translator, member: Member | None, today: date) -> str | None:
    """ "You are away until …" (`bot.domain.away`), or None when the person is not away."""
    if not away.is_away_on(member, today):
        return None
    assert member is not None
    if member.away_back_on is None:
        return t("away.now_open")
    return t("away.now_until", date=long_day(t, member.away_back_on - timedelta(days=1)))


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
    row = turn_domain.pause_of(work.session, member) if member is not None else None
    if private and member is not None:
        lines.append("")
        lines.append(t("rota.capacity_line", capacity=Html(capacity_text(t, row))))
    lines += ["", t("rota.join_capacity_question")]
    buttons: list[Button] = [
        (("✅ " if task.id in mine else "") + task.name, JoinTask(task.id, True)) for task in tasks
    ]
    rows: list[list[Button]] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows += capacity_rows(t, house, capacity_value(row) if private else None)
    if private:
        rows.append([(t("button.back"), RotaView(house.id, "mine"))])
    return "\n".join(lines), rows


def mine_view(
    work: Work, t: Translator, house: House, member: Member | None
) -> tuple[str, list[list[Button]]]:
    """My tasks: my coming turns, what I take part in, my room a week, whether I am away."""
    today = today_of(work, house)
    lines: list[str] = [t("rota.mine_title", house=house.name), ""]
    rows: list[list[Button]] = []
    tasks = {task.id: task for task in domain.tasks_of(work.session, house)}
    seats = rota_reading.upcoming_seats(work.session, house, member, today) if member else []
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
    row = turn_domain.pause_of(work.session, member) if member is not None else None
    lines.append(t("rota.capacity_line", capacity=Html(capacity_text(t, row))))
    paused = pause_line(t, member, today)
    if paused:
        lines.append(paused)
    pause_button: Button = (
        (t("rota.button_back_from_pause"), PausePick(house.id, "stop"))
        if paused
        else (t("rota.button_pause"), PausePick(house.id, "menu"))
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
            uncovered = open_turns(work, house, task)
            if uncovered:
                lines.append(t("rota.form_uncovered", count=uncovered))
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
    counts = rota_reading.turn_counts(work.session, house, today_of(work, house))
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
    on_duty = any(
        s.member_id is not None and s.state in (SeatState.ASSIGNED, SeatState.SWAP) for s in mains
    )
    free = next((s for s in mains if s.state in (SeatState.ASKING, SeatState.OPEN)), None)
    rows: list[list[Button]] = []
    hints: list[str] = []
    if on_duty:
        rows.append(
            [
                (t("rota.button_done"), TurnOp(turn.id, "done")),
                (t("rota.button_swap"), TurnOp(turn.id, "swap")),
                (t("rota.button_cant_today"), TurnOp(turn.id, "cant")),
            ]
        )
        hints.append(t("rota.group_reminder_hint"))
    if free is not None:  # one button, however many places are open: the first is taken
        rows.append([(t("rota.button_take"), TakeSeat(free.id))])
        hints.append(t("rota.group_reminder_open_hint"))
    return "\n".join([text, *hints]), rows


# --- helpers the rota handlers share, and the view handlers ----------------------------------


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


# --- /rota -----------------------------------------------------------------------------------


async def rota_command(rotas: Rotas, ctx: Ctx) -> None:
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
            await new_from_group(rotas, ctx, house, rest)
            return
        if rest.strip():
            task = domain.new_task(ctx.session, ctx.clock, house, ctx.member, rest)
            await ctx.reply(*form_view(ctx, ctx.t, house, task))
        else:
            await rotas.prompts.ask(
                ctx, "rota_task_name", ctx.t("rota.ask_name"), house=house, payload=""
            )
    elif word in OVERVIEW_WORDS:
        await send_overview(ctx, house, ctx.member)
    else:
        raise UserError("rota.usage")


async def new_from_group(rotas: Rotas, ctx: Ctx, house: House, name: str) -> None:
    """`/rooster nieuw` in the group starts the task form in the chair's private chat, as
    `/stemming` does; when that chat is not open yet, the group answer says how."""
    person = ctx.person
    assert person is not None
    t = ctx.translator_for(person, house)
    started = False
    if name.strip() and person.private_chat == PrivateChat.OPEN:
        task = domain.new_task(ctx.session, ctx.clock, house, ctx.member, name)
        started = await ctx.send_private(person, *form_view(ctx, t, house, task)) is not None
    elif not name.strip():
        started = await rotas.prompts.ask_privately(
            ctx, house, "rota_task_name", t("rota.ask_name"), payload=""
        )
    if not started:
        await to_private(ctx, house, "rota.manage_in_private")
        return
    await ctx.reply(
        ctx.t("rota.new_started_in_private", name=person.first_name),
        [[(ctx.t("card.private_chat"), ctx.deep_link(house))]],
    )


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


async def view(rotas: Rotas, ctx: Ctx) -> None:
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
    else:
        raise UserError("button.stale")
    if ctx.in_group:
        await ctx.reply(text, rows)
    else:
        await ctx.edit(text, rows)
