"""Rotas: the buttons (one frozen callback dataclass per action, `bot.callbacks` codec) and the
words and fixed texts the rota's commands and views share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from bot.callbacks import AtLeast, codec
from bot.storage.rota_models import (
    Frequency,
    TaskState,
)


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
    """Even weg (`bot.handlers.away`): menu, week, 2weeks, month, date (typed), open (until I
    say), stop."""

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
