"""Meetings that lose no voice (issue 14): nothing is held by itself (a meeting nobody marked
is "not held" and every item carries over, a conflict report too), "held" shows the items to
tick (none pre-ticked), "🙋 I can't come" on the agenda message, and the chair stepping down
with one tap — in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.domain import agenda
from bot.storage.meeting_models import Meeting, MeetingAbsence, MeetingState
from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    Decision,
    House,
    Outcome,
    PollKind,
    Role,
)
from tests.conftest import Bot
from tests.test_meetings import plan_quick, roles, view
from tests.test_polls import Voting, make_voting

TEXT = {
    "nl": {
        "day": "ma 23 nov",
        "command": "/vergadering",
        "asked": "🪑 Is de vergadering doorgegaan?",
        "yes": "✅ Ja, gehouden",
        "not_held": "⚪ De vergadering van maandag 23 november, 19:30 is niet als gehouden "
        "gemeld. Alle punten blijven op de agenda.",
        "ticked": "☑️ Afgerond.",
        "cant": "🙋 Ik kan niet komen",
        "named": "Ja, met mijn naam",
        "one_absent": "🙋 1 persoon kan niet komen. (Carla de Vries)",
        "step_down": "🪑 Stoppen als voorzitter",
        "stepped": "🪑 Bram stopt als voorzitter.",
        "room": "📝 Besluit uit de vergadering",
        "right": "✅ Klopt",
        "room_posted": "📝 Besluit uit de vergadering, opgeschreven door Bram:\n"
        "De tuin krijgt een moestuin.",
        "room_done": "📋 Besluit 2026-001 (uit de vergadering):\nDe tuin krijgt een moestuin.\n"
        "Opgeschreven door Bram, bevestigd door Carla de Vries.",
        "decisions": "/besluiten",
    },
    "en": {
        "day": "Mon 23 Nov",
        "command": "/meeting",
        "asked": "🪑 Did the meeting take place?",
        "yes": "✅ Yes, it was held",
        "not_held": "⚪ Nobody said the meeting of Monday 23 November, 19:30 was held. "
        "Every item stays on the agenda.",
        "ticked": None,
        "cant": "🙋 I can't come",
        "named": "Yes, with my name",
        "one_absent": "🙋 1 person can't come. (Carla de Vries)",
        "step_down": "🪑 Step down as chair",
        "stepped": "🪑 Bram steps down as chair.",
        "room": "📝 Decision from the meeting",
        "right": "✅ Right",
        "room_posted": "📝 Decision from the meeting, written down by Bram:\n"
        "De tuin krijgt een moestuin.",
        "room_done": "📋 Decision 2026-001 (from the meeting):\nDe tuin krijgt een moestuin.\n"
        "Written down by Bram, confirmed by Carla de Vries.",
        "decisions": "/decisions",
    },
}


@pytest.fixture(params=["nl", "en"])
async def voting(bot: Bot, request: pytest.FixtureRequest) -> Voting:
    return await make_voting(bot, request.param)


async def language_of(voting: Voting) -> dict[str, str | None]:
    async with voting.bot.database.transaction() as session:
        return TEXT[session.scalars(select(House)).one().language]


async def add_items(bot: Bot) -> None:
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        agenda.add_item(session, bot.clock, house, "Een moestuin?")
        agenda.add_item(
            session, bot.clock, house, "Iemand voelt zich niet veilig", source=AgendaSource.CONFLICT
        )


async def open_items(bot: Bot) -> list[str]:
    async with bot.database.transaction() as session:
        return [i.text for i in session.scalars(select(AgendaItem)) if i.done_at is None]


async def test_a_meeting_nobody_marked_is_not_held_and_every_item_carries_over(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    text = await language_of(voting)
    await add_items(bot)
    await plan_quick(voting, str(text["day"]), "19:30", "en" if text is TEXT["en"] else "nl")
    reply = await bot.advance(hours=12, minutes=30)  # 21:30 house time: the planned end
    asked = [m for m in reply.to(h.bram) if m.text.startswith(str(text["asked"]))]
    assert len(asked) == 1
    assert [m.text[0] for m in reply.to(h.group)] == ["📋"]  # the agenda; nothing held
    reply = await bot.advance(hours=24)
    assert [m.text for m in reply.to(h.group)] == [text["not_held"]]
    async with bot.database.transaction() as session:
        assert session.scalars(select(Meeting)).one().state == MeetingState.NOT_HELD
    await bot.advance(days=7)
    assert await open_items(bot) == ["Een moestuin?", "Iemand voelt zich niet veilig"]
    assert await roles(bot) == {"Bram": {Role.CHAIR}}


async def test_held_with_one_item_ticked_keeps_the_other(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    text = await language_of(voting)
    await add_items(bot)
    await plan_quick(voting, str(text["day"]), "19:30", "en" if text is TEXT["en"] else "nl")
    reply = await bot.advance(hours=12, minutes=30)
    [asked] = [m for m in reply.to(h.bram) if m.text.startswith(str(text["asked"]))]
    await bot.driver.tap(h.bram, asked, str(text["yes"]))
    buttons = [b.text for b in bot.tg.all_buttons(asked)]
    assert buttons[:2] == ["⬜ Een moestuin?", "⬜ Iemand voelt zich niet veilig"]  # none ticked
    reply = await bot.driver.tap(h.bram, asked, "⬜ Een moestuin?")
    if text["ticked"]:
        assert reply.popup == text["ticked"]
    assert next(b.text for b in bot.tg.all_buttons(asked)) == "✓ Een moestuin?"
    await bot.advance(days=7)
    assert await open_items(bot) == ["Iemand voelt zich niet veilig"]  # no tick: it stays


async def test_i_cant_come_shows_the_chair_a_count_and_a_name_only_if_given(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    text = await language_of(voting)
    await plan_quick(voting, str(text["day"]), "19:30", "en" if text is TEXT["en"] else "nl")
    reply = await bot.advance(hours=8)  # Sunday 18:00 house time: the agenda
    [posted] = reply.to(h.group)
    assert [b.text for b in bot.tg.all_buttons(posted)] == [text["cant"]]
    reply = await bot.driver.tap(h.carla, posted, str(text["cant"]))
    assert reply.popup is not None
    [ask] = reply.to(h.carla)
    async with bot.database.transaction() as session:
        [absence] = session.scalars(select(MeetingAbsence)).all()
        assert not absence.named
    chair = await view(voting, h.bram, group=False, command=str(text["command"]))
    assert "(Carla" not in chair.text and "🙋 1 " in chair.text
    await bot.driver.tap(h.carla, ask, str(text["named"]))
    chair = await view(voting, h.bram, group=False, command=str(text["command"]))
    assert text["one_absent"] in chair.text
    resident = await view(voting, h.anna, command=str(text["command"]))
    assert "🙋 1 " not in resident.text  # only the chair sees it


async def test_the_chair_steps_down_with_one_tap(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    text = await language_of(voting)
    chair = await view(voting, h.bram, group=False, command=str(text["command"]))
    reply = await bot.driver.tap(h.bram, chair, str(text["step_down"]))
    assert reply.to(h.group)[0].text.startswith(str(text["stepped"]))
    assert await roles(bot) == {}


async def test_a_decision_taken_in_the_room_is_logged_when_a_second_resident_confirms(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    text = await language_of(voting)
    chair = await view(voting, h.bram, group=False, command=str(text["command"]))
    await bot.driver.tap(h.bram, chair, str(text["room"]))
    question = bot.tg.last_bot_message(h.bram)
    assert question is not None
    reply = await bot.driver.send(h.bram, "De tuin krijgt een moestuin.", reply_to=question)
    [posted] = reply.to(h.group)
    assert posted.text.startswith(str(text["room_posted"]))
    mine = await bot.driver.tap(h.bram, posted, str(text["right"]))  # not the chair themself
    assert mine.popup is not None and "2026-001" not in mine.popup
    guest = await bot.driver.tap(voting.gert, posted, str(text["right"]))  # not a guest
    assert guest.popup is not None and "2026-001" not in guest.popup
    async with bot.database.transaction() as session:
        assert session.scalars(select(Decision)).all() == []
    reply = await bot.driver.tap(h.carla, posted, str(text["right"]))
    assert reply.popup is not None and "2026-001" in reply.popup
    assert posted.text == text["room_done"]
    async with bot.database.transaction() as session:
        [decision] = session.scalars(select(Decision)).all()
        assert decision.question == "De tuin krijgt een moestuin."
        assert decision.kind == PollKind.ROOM and decision.outcome == Outcome.ADOPTED
    listed = await bot.driver.send(h.anna, str(text["decisions"]), chat=h.group)
    assert "2026-001" in listed.last.text
