"""Rotas in the chats: the week's rota, my tasks, opting in, defining tasks, reminders, done /
swap / can't, pauses, thanks, newcomers' invitation and the chair's fairness overview.

What people can do:

- `/rota` (`/rooster`): in the group the coming week's rota (per day: task, who, backup) and
  who is next and when (never why: the group does not read who did a task or not); in the
  private chat "my tasks", each coming turn a button that opens it (Done on the day, Hand over
  ("Overdragen"), Can't).
- `/rota join` (`/rooster meedoen`, either word with either command): the tasks, a tap to opt
  in or out, and how much one can take on (1, 2, 3 turns a week or as it comes). The first
  opt-in asks it (privately when tapped in the group); until answered, the smallest holds. In
  the group the message shows how many take part and the popups say what changed for the
  tapper. Turns nobody has room for are told privately to the chair, once per turn.
- `/rota tasks` and `/rota new [name]` (`taken`, `nieuw`), chair only, in the private chat: the
  task list, the house's rota settings (thanks in the group; the fairness overview), and a form
  per task with buttons (how often, time, people per turn, backup, the meeting decision it
  comes from, save / pause / resume / remove). A meeting decision is linked by the chair typing
  its reference ("Besluit 2026-004") in the form: it is shown when the task is announced.
- `/rota overview` (`overzicht`): turns per person over 4 weeks, privately, for the chair, only
  when the house turned it on.
- `/pause` (`/pauze`): "even weg", house-wide, lives in `bot.handlers.away` (routed there,
  with this service bound: the rota replans at once).

Jobs (keyed, durable: every one is rebuilt from the database at start-up):

- `rota-task-<task id>`: one per active task, at the task's next moment (an evening-before
  private reminder, the group reminder, or the day its plan must grow). It handles what fell due
  (a reminder more than an hour late is skipped and logged by id), keeps the plan a week ahead,
  looks for new residents, and re-arms itself.
- `rota-ask-<seat id>`: the backup's time to answer ran out: a neutral request in the group.
- `rota-invite-<member id>`: a newcomer's invitation, 14 days after the rota first saw them.
- `rota-back-<member id>`: the first day back after "even weg" (`bot.domain.away`).

No shaming: the group sees who is on duty, open requests without a name ("Who can step in?"),
a hand-over request from the holder themself, who took a turn over, and thanks; never who could
not, and never who did a task before.

Where the code is (this module only routes: `register()` is the feature's list of commands,
buttons, prompts and start-up hooks):

- `bot.handlers.rota_buttons`: the callback dataclasses (one per button action) and words.
- `bot.handlers.rota_views`: what people see (week, my tasks, a turn, join list, task form,
  overview) and the `/rota` command.
- `bot.handlers.rota_forms`: opting in, capacity, the chair's task list and form.
- `bot.handlers.rota_turns`: Done / Swap / Can't, taking a seat over.
- `bot.handlers.rota_reminders`: the `Rotas` service: schedule, jobs, reminders, requests.
- `bot.domain.rotas` (tasks, planner) and `bot.domain.rota_turns` (turns, newcomers):
  the rules, without Telegram.

Every handler is a module-level function whose first argument is the `Rotas` service;
`register()` binds it with `bot.handlers.bind.bind` (the handler keeps its name).
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import codec
from bot.handlers import rota_forms as forms
from bot.handlers import rota_turns as turns
from bot.handlers import rota_views as views
from bot.handlers.bind import bind
from bot.handlers.commands import ROTA
from bot.handlers.kit import Deps, wrap
from bot.handlers.prompts import PromptRouter
from bot.handlers.rota_buttons import (
    FREQUENCIES,
    DeclineSeat,
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
from bot.handlers.rota_reminders import Rotas

__all__ = [
    "FREQUENCIES",
    "DeclineSeat",
    "JoinTask",
    "PausePick",
    "RotaManage",
    "RotaView",
    "Rotas",
    "SetCapacity",
    "TakeSeat",
    "TaskForm",
    "TaskSet",
    "TurnOp",
    "register",
]


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Rotas:  # type: ignore[type-arg]
    """The rota's commands, buttons, typed answers and start-up hook."""
    rotas = Rotas(deps, prompts)
    deps.startup_hooks.append(rotas.rebuild)  # re-arms every rota job from the database
    commands = (
        (ROTA.names, views.rota_command),  # /rota [join|tasks|new|overview]
    )
    buttons = (
        (RotaView, views.view),
        (JoinTask, forms.join_task),
        (SetCapacity, forms.set_capacity),
        (RotaManage, forms.manage),
        (TaskForm, forms.task_form),
        (TaskSet, forms.task_set),
        (TurnOp, turns.turn_op),
        (TakeSeat, turns.take_seat),
        (DeclineSeat, turns.decline_seat),
    )
    typed = (
        ("rota_task_name", forms.answer_name),
        ("rota_task_time", forms.answer_time),
        ("rota_task_date", forms.answer_date),
        ("rota_task_note", forms.answer_note),
    )
    for names, command in commands:
        app.add_handler(CommandHandler(names, wrap(deps, bind(command, rotas))))
    for action_type, button in buttons:
        handler = wrap(deps, bind(button, rotas))
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
    for kind, answer in typed:
        prompts.on(kind, bind(answer, rotas))
    return rotas
