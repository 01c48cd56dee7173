"""Moving out and aftercare in the chats: `/moveout`, the aftercare group, the monthly "how are
you?", help requests, buddies, and the chair's question when someone leaves the group. The
rules are in `bot.domain.aftercare`.

What people can do:

- `/moveout` (`/verhuizen`), in the group or privately. A resident gets a private question with
  a confirmation button ("Yes, I am moving out" / "No"). The chair gets a list of the residents
  and taps a name: that resident gets the private question (with the chair's name); nothing
  changes until they confirm, and when the bot cannot reach them the chair is told so. After the
  confirmation: the rota re-plans, house polls no longer count them, the person is asked "a
  goodbye in the group?" (yes / no) and is offered the aftercare group's invite link privately;
  then the group reads one message: the status change, with the goodbye if wanted (after a day
  without an answer, the status change alone: the durable job `aftercare-moved-<move id>`).
- `/setup aftercare` (`/instellen nazorg`; also `/nazorg koppel`, `/aftercare link`), in the
  aftercare group, by an admin of that group who is the house's chair or an admin of the
  residents' group: the bot (an admin there, allowed to invite) makes an invite link that creates
  join requests ("Nazorg") and links the group to the house. `/setup aftercare unlink`
  (`/nazorg ontkoppel`) undoes it. A plain `/setup` there is refused: it is not a house.
- `/nazorg` elsewhere: for the chair (or an admin of the residents' group) the settings: may
  supporters join, is the monthly question on; for a former resident, privately: the invite
  link, the monthly question on or off, and offering to be a buddy. `/nazorg stop` / `aan`
  turns one's monthly question off / on.
- `/nazorg hulp <question>` (`/aftercare help …`), by the chair or a confirmed resident (one
  request a day each): the question goes to the aftercare group with an "I'll help" button.
  The one who asked hears privately who offered (first names); the group message only shows
  how many.
- `/buddy` (`/maatje`), privately: a resident or a newcomer asks for a buddy (or no longer), a
  former resident or a resident who lives here longer offers to be one (or stops); the buddy is
  asked first, the newcomer after the buddy's yes; introductions come privately.

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

Where the code is (this module only routes: `register()` is the feature's list of commands,
buttons, hooks and start-up hooks):

- `bot.handlers.aftercare_buttons`: the callback dataclasses, words and shared small helpers.
- `bot.handlers.moving_out`: `/moveout`, its confirmation and goodbye, leaving the group.
- `bot.handlers.aftercare_group`: linking the aftercare group, settings, `/aftercare`, help.
- `bot.handlers.buddies`: `/buddy` and its buttons.
- `bot.handlers.aftercare_service`: the `Aftercare` service (jobs, monthly round) and `Monthly`.

Every handler is a module-level function whose first argument is the `Aftercare` service;
`register()` binds it with `bot.handlers.bind.bind` (the handler keeps its name).
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import codec
from bot.domain import aftercare as domain
from bot.handlers import aftercare_group as group
from bot.handlers import buddies
from bot.handlers import moving_out as moving
from bot.handlers.aftercare_buttons import (
    SETUP_WORDS,
    AcContact,
    AcLevel,
    AcNoNote,
    AcShare,
    AcStop,
    AftercareMine,
    AftercareSet,
    BuddyAnswer,
    BuddyEnd,
    BuddyMenu,
    Goodbye,
    HelpTap,
    LeftAnswer,
    MoveAnswer,
    MovePick,
)
from bot.handlers.aftercare_service import Aftercare, Monthly
from bot.handlers.bind import bind
from bot.handlers.checkins import Checkins
from bot.handlers.commands import AFTERCARE, BUDDY, MOVEOUT
from bot.handlers.kit import Deps, wrap
from bot.handlers.prompts import PromptRouter
from bot.handlers.rotas import Rotas

__all__ = [
    "AcContact",
    "AcLevel",
    "AcNoNote",
    "AcShare",
    "AcStop",
    "Aftercare",
    "AftercareMine",
    "AftercareSet",
    "BuddyAnswer",
    "BuddyEnd",
    "BuddyMenu",
    "Goodbye",
    "HelpTap",
    "LeftAnswer",
    "Monthly",
    "MoveAnswer",
    "MovePick",
    "register",
]


def register(app: Application, deps: Deps, prompts: PromptRouter) -> Aftercare:  # type: ignore[type-arg]
    """Moving out, the aftercare group, help and buddies: commands, buttons, hooks, start-up."""
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
    deps.startup_hooks.append(aftercare.rebuild)  # the monthly rounds and the daily deletion
    commands = (
        (MOVEOUT.names, moving.moveout_command),  # /moveout [name]
        (AFTERCARE.names, group.aftercare_command),  # /aftercare [link|unlink|help|on|off]
        (BUDDY.names, buddies.buddy_command),  # /buddy
    )
    buttons = (
        (MoveAnswer, moving.move_answer),
        (MovePick, moving.move_pick),
        (Goodbye, moving.goodbye),
        (LeftAnswer, moving.left_answer),
        (AftercareSet, group.aftercare_set),
        (AftercareMine, group.aftercare_mine),
        (AcStop, group.ac_stop),
        (HelpTap, group.help_tap),
        (BuddyAnswer, buddies.buddy_answer),
        (BuddyMenu, buddies.buddy_menu),
        (BuddyEnd, buddies.buddy_end),
    )
    for names, command in commands:
        app.add_handler(CommandHandler(names, wrap(deps, bind(command, aftercare))))
    for action_type, button in buttons:
        handler = wrap(deps, bind(button, aftercare))
        app.add_handler(CallbackQueryHandler(handler, pattern=codec.matcher(action_type)))
    aftercare.monthly.register(app)  # the monthly question's steps
    # Updates that `house.py` and `people.py` receive, handled in their transaction.
    deps.hooks.join_requests.append(bind(group.join_request, aftercare))
    deps.hooks.migrations.append(bind(group.migrated, aftercare))
    deps.hooks.departures.append(bind(moving.departed, aftercare))
    deps.hooks.setup_guards.append(bind(group.not_a_house, aftercare))
    for word in SETUP_WORDS:
        deps.hooks.setup_words[word] = bind(group.setup_aftercare, aftercare)
    return aftercare
