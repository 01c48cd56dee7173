"""Rota, issue 16 "nobody gets more than they said yes to": the capacity asked at the first
opt-in (the smallest until answered), never planned beyond it, the chair told privately of
turns nobody has room for; the group reminder's buttons; "Wie is de volgende?" saying who and
when, never who did (or did not) do it; a hand-over named as such; someone who said "can't"
(or declined as backup) never planned back onto that turn — in Dutch and in English.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.domain.rotas import Availability, Planner
from bot.storage.models import Member, Person
from bot.storage.rota_models import RotaSeat, RotaTask, RotaTurn
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage
from tests.test_rotas import MONDAY, assert_no_shaming, at, holders, join_as_it_comes, make_rota

T = {
    "nl": {
        "new": "/rooster nieuw",
        "koken": "koken",
        "afval": "afval",
        "asked": "✅ Je doet mee met koken. In de privéchat vraag ik hoeveel beurten je kunt doen.",
        "question": (
            "✅ Je doet mee met koken (De Boog).\n"
            "Hoeveel beurten per week kun je doen? Je krijgt nooit meer dan je hier kiest.\n"
            "Kies je niets, dan krijg je 1 beurt per week."
        ),
        "caps": [
            "✓ 1 beurt per week",
            "2 beurten per week",
            "3 beurten per week",
            "zoals het komt",
        ],
        "two": "2 beurten per week",
        "tasks": "/rooster taken",
        "form_open": "Beurten zonder iemand de komende week: 5. Niemand krijgt meer dan hij zei.",
        "saved": "✅ Opgeslagen: 2 beurten per week.",
        "uncovered": (
            "📋 De Boog: voor deze beurten is nog niemand. "
            "Ik geef niemand meer beurten dan hij zelf koos.\n"
        ),
        "uncovered_hint": (
            "Op de dag zelf vraag ik in de groep wie het wil doen. "
            "Je kunt ook vragen of meer mensen meedoen."
        ),
        "joined_afval": "✅ Je doet mee met afval.",
        "reminder_open": (
            "📋 Vandaag koken: nog open, nog open\nWie wil het doen? Tik op 🙋 Ik doe het."
        ),
        "take": "🙋 Ik doe het",
        "reminder_half": (
            "📋 Vandaag koken: Carla de Vries, nog open\n"
            "Tik op ✅ Klaar als het gedaan is.\n"
            "Wie wil het doen? Tik op 🙋 Ik doe het."
        ),
        "turn_row": ["✅ Klaar", "🔁 Overdragen", "🙋 Kan vandaag niet"],
        "next": "Wie is de volgende?\n• koken, morgen: nog open",
        "week": "/rooster",
        "cant": "🙋 Kan niet",
        "no": "Nee, lukt niet",
        "them": "✅ Dirk neemt koken van je over, morgen. Je hoeft niets te doen.",
        "pause": "/pauze",
        "a_week": "Een week",
        "handover": "🔁 Overdragen",
        "handover_request": "🔁 Carla de Vries zoekt iemand die koken overneemt: morgen, om 17:00.",
        "take_over": "🙋 Ik neem het over",
    },
    "en": {
        "new": "/rota new",
        "koken": "cooking",
        "afval": "waste",
        "asked": (
            "✅ You take part in cooking. In the private chat I ask how many turns you can do."
        ),
        "question": (
            "✅ You take part in cooking (De Boog).\n"
            "How many turns a week can you do? You never get more than you choose here.\n"
            "If you choose nothing, you get 1 turn a week."
        ),
        "caps": ["✓ 1 turn a week", "2 turns a week", "3 turns a week", "as it comes"],
        "two": "2 turns a week",
        "tasks": "/rota tasks",
        "form_open": "Turns without anyone in the coming week: 5. Nobody gets more than they said.",
        "saved": "✅ Saved: 2 turns a week.",
        "uncovered": (
            "📋 De Boog: nobody has these turns yet. "
            "I never give anyone more turns than they chose.\n"
        ),
        "uncovered_hint": (
            "On the day I ask in the group who wants to do it. "
            "You can also ask if more people want to take part."
        ),
        "joined_afval": "✅ You take part in waste.",
        "reminder_open": (
            "📋 Today cooking: still open, still open\nWho wants to do it? Tap 🙋 I'll do it."
        ),
        "take": "🙋 I'll do it",
        "reminder_half": (
            "📋 Today cooking: Carla de Vries, still open\n"
            "Tap ✅ Done when it is done.\n"
            "Who wants to do it? Tap 🙋 I'll do it."
        ),
        "turn_row": ["✅ Done", "🔁 Hand over", "🙋 Can't today"],
        "next": "Who is next?\n• cooking, tomorrow: still open",
        "week": "/rota",
        "cant": "🙋 Can't",
        "no": "No, I can't",
        "them": "✅ Dirk takes cooking over from you, tomorrow. You don't need to do anything.",
        "pause": "/pause",
        "a_week": "A week",
        "handover": "🔁 Hand over",
        "handover_request": (
            "🔁 Carla de Vries is looking for someone to take over cooking: tomorrow, at 17:00."
        ),
        "take_over": "🙋 I'll take it",
    },
}


def labels(message: FakeMessage) -> list[str]:
    return [b.text for row in message.buttons for b in row]


async def seat_names(bot: Bot, task_name: str, day: date) -> tuple[list[str | None], str | None]:
    """Who holds the main seats of a task's turn on a day (None: nobody), and its backup."""
    async with bot.database.transaction() as session:
        turn = session.scalars(
            select(RotaTurn)
            .join(RotaTask, RotaTask.id == RotaTurn.task_id)
            .where(RotaTask.name == task_name, RotaTurn.day == day)
        ).one()

        def name(seat: RotaSeat) -> str | None:
            if seat.member_id is None:
                return None
            member = session.get(Member, seat.member_id)
            assert member is not None
            person = session.get(Person, member.person_id)
            assert person is not None
            return person.first_name

        mains = [name(s) for s in turn.seats if not s.backup]
        backup = next((name(s) for s in turn.seats if s.backup), None)
        return mains, backup


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_capacity_is_asked_at_the_first_opt_in_and_never_exceeded(
    bot: Bot, language: str
) -> None:
    w = T[language]
    rota = await make_rota(bot, language)
    h = rota.house
    koken = await rota.new_task(w["koken"], words=w["new"])
    # One tap in the group: Anna is asked privately how much she can do.
    reply = await rota.tap(h.anna, koken, 1)
    assert reply.popup == w["asked"]
    question = reply.to(h.anna)[0]
    assert question.text == w["question"]
    assert labels(question) == w["caps"]
    # Until she answers: the smallest, one turn in the week — not cooking every day.
    planned = await holders(bot, w["koken"])
    assert sum("Anna" in names for names in planned.values()) == 1
    # The chair (Bram) hears privately which turns nobody has room for; the group nothing.
    told = reply.to(h.bram)
    assert len(told) == 1
    assert told[0].text.startswith(w["uncovered"])
    assert told[0].text.endswith(w["uncovered_hint"])
    assert told[0].text.count("\n• ") == 6  # the six other days of the week
    assert reply.to(h.group) == []
    # Anna chooses two a week: two turns, never more; the chair is not told again.
    reply = await rota.tap(h.anna, question, w["two"])
    assert reply.popup == w["saved"]
    planned = await holders(bot, w["koken"])
    assert sum("Anna" in names for names in planned.values()) == 2
    assert reply.to(h.bram) == []
    listing = (await rota.private(h.bram, w["tasks"])).last
    await rota.tap(h.bram, listing, w["koken"])
    assert w["form_open"] in listing.text  # the chair's task form shows it too
    # A second opt-in asks nothing more.
    afval = await rota.new_task(w["afval"], words=w["new"])
    reply = await rota.tap(h.anna, afval, 1)
    assert reply.popup == w["joined_afval"]
    assert all(not m.buttons or w["two"] not in labels(m) for m in reply.to(h.anna))
    both = [*(await holders(bot, w["koken"])).values(), *(await holders(bot, w["afval"])).values()]
    assert sum("Anna" in names for names in both) == 2  # over all tasks together


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_reminder_has_one_take_button_and_no_done_without_a_holder(
    bot: Bot, language: str
) -> None:
    w = T[language]
    rota = await make_rota(bot, language)
    h = rota.house
    # Two people a turn, no backup; nobody takes part yet.
    reply = await rota.private(h.bram, f"{w['new']} {w['koken']}")
    form = reply.last
    await rota.tap(h.bram, form, 3)  # people per turn: 1 -> 2
    await rota.tap(h.bram, form, 4)  # backup: yes -> no
    save = "✅ Opslaan" if language == "nl" else "✅ Save"
    await rota.tap(h.bram, form, save)
    week = (await rota.group(h.anna, w["week"])).last.text
    assert "deed het" not in week and "did it" not in week
    reminder = (await bot.advance(at(MONDAY, 17) - bot.clock.now())).to(h.group)[0]
    assert reminder.text == w["reminder_open"]
    assert labels(reminder) == [w["take"]]  # one button, not one per open place
    await rota.tap(h.carla, reminder, w["take"])
    assert reminder.text == w["reminder_half"]
    assert labels(reminder) == [*w["turn_row"], w["take"]]
    # Who is next: who and when, or still open; never who did or did not do it before.
    week = (await rota.group(h.anna, w["week"])).last.text
    assert week.endswith(w["next"])
    for word in ("deed het", "nog niet eerder", "did it", "has not done"):
        assert word not in week


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_who_said_cant_or_declined_is_never_planned_back_onto_the_turn(
    bot: Bot, language: str
) -> None:
    w = T[language]
    rota = await make_rota(bot, language)
    h, dirk = rota.house, rota.dirk
    koken = await rota.new_task(w["koken"], words=w["new"])
    for user in (h.anna, h.bram, h.carla, dirk):
        await join_as_it_comes(bot, user, koken)
    tuesday = MONDAY + timedelta(days=1)
    mains, backup = await seat_names(bot, w["koken"], tuesday)
    assert mains == ["Bram"] and backup is not None
    standby = {"Anna": h.anna, "Carla": h.carla, "Dirk": dirk}[backup]
    reply = await bot.advance(at(MONDAY, 19) - bot.clock.now())
    evening = reply.to(h.bram)[0]
    since = len(bot.tg.calls)
    # Bram can't; the backup is asked and says no: no longer the backup, not asked again.
    reply = await rota.tap(h.bram, evening, w["cant"])
    ask = reply.to(standby)[0]
    reply = await rota.tap(standby, ask, w["no"])
    request = reply.to(h.group)[0]
    mains, new_backup = await seat_names(bot, w["koken"], tuesday)
    assert mains == [None] and new_backup not in (backup, "Bram")
    # Someone takes it (not the one who declined); Bram hears he need not do anything.
    taker = dirk if standby is not dirk else h.anna
    reply = await rota.tap(taker, request, w["take"])
    if taker is dirk:
        assert [m.text for m in reply.to(h.bram)] == [w["them"]]
    # The taker pauses: the turn never goes back to Bram, nor the backup to who declined.
    menu = (await rota.private(taker, w["pause"])).last
    reply = await rota.tap(taker, menu, w["a_week"])
    mains, new_backup = await seat_names(bot, w["koken"], tuesday)
    assert "Bram" not in mains and taker.first_name not in mains
    assert new_backup not in (backup, "Bram")
    assert reply.to(h.bram) == [] and reply.to(standby) == []
    assert_no_shaming(rota, h.bram, standby, since=since)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_hand_over_is_named_as_such(bot: Bot, language: str) -> None:
    w = T[language]
    rota = await make_rota(bot, language)
    h = rota.house
    koken = await rota.new_task(w["koken"], words=w["new"])
    for user in (h.anna, h.carla):
        await join_as_it_comes(bot, user, koken)
    tuesday = MONDAY + timedelta(days=1)
    assert (await seat_names(bot, w["koken"], tuesday))[0] == ["Carla"]
    evening = (await bot.advance(at(MONDAY, 19) - bot.clock.now())).to(h.carla)[0]
    assert labels(evening)[0] == w["handover"]
    request = (await rota.tap(h.carla, evening, w["handover"])).to(h.group)[0]
    assert request.text == w["handover_request"]
    await rota.tap(h.anna, request, w["take_over"])
    mains, backup = await seat_names(bot, w["koken"], tuesday)
    assert mains == ["Anna"] and backup != "Carla"  # handed over: not planned back, not backup


def test_the_planner_never_plans_more_than_said() -> None:
    today = MONDAY
    # Not said (no row, or the default): the smallest, one turn a week over all tasks.
    planner = Planner(today, {1: [5], 2: [5]}, {})
    assert planner.pick(1, today) == 5
    assert planner.pick(1, today + timedelta(days=1)) is None
    assert planner.pick(2, today + timedelta(days=2)) is None
    assert planner.pick(1, today + timedelta(days=7)) == 5  # a new week
    # As it comes (None): no weekly limit; 2 a week: two.
    free = Planner(today, {1: [6, 7]}, {6: Availability(6, None), 7: Availability(7, 2)})
    picks = [free.pick(1, today + timedelta(days=d), exclude={6}) for d in range(4)]
    assert picks == [7, 7, None, None]
    assert free.pick(1, today) == 6
