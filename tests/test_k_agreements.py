"""Agreements that are kept (issue 17.7): someone takes a decision on ("🙋 Ik doe het") with a
date; on that date only they are asked privately "gelukt?"; not done (or no answer) brings it
back to the next agenda naming the decision, never the person; the question survives a
restart — in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.agreement_models import Agreement, AgreementState
from bot.storage.models import AgendaItem, AgendaSource
from tests.conftest import Bot
from tests.test_decisions import decide_cat, decide_dinner
from tests.test_polls import make_voting
from tests.test_startup_refresh import restart

T = {
    "nl": {
        "record": "/besluiten 2026-001",
        "take": "🙋 Ik doe het",
        "print": "🖨 Afdrukken",
        "when": (
            "🙋 Carla de Vries doet besluit 2026-001: Nemen we een kat?\nWanneer is het klaar?"
        ),
        "week": "Over 1 week",
        "popup": "✅ Dank je! Op vrijdag 4 december 2026 vraag ik je privé of het gelukt is.",
        "line": "🙋 Wie doet het: Carla de Vries. Klaar op vrijdag 4 december 2026.",
        "taken": "Carla de Vries doet dit al. Wil je helpen? Vraag het aan Carla de Vries.",
        "ask": (
            "🙋 Je zou dit doen (De Boog), besluit 2026-001:\nNemen we een kat?\n\nIs het gelukt?"
        ),
        "buttons": [
            "✅ Ja, gelukt",
            "🗓 Nog niet: naar de vergadering",
            "⏳ Vraag het over een week",
        ],
        "later": "⏳ Goed. Over een week vraag ik het je nog een keer.",
        "not_yet": (
            "🗓 Oké. Het staat op de agenda van de volgende vergadering. Je naam staat er niet "
            "bij. Samen kijken jullie hoe het verder gaat."
        ),
        "agenda_line": "een afspraak die nog niet klaar is · besluit 2026-001",
        "back_line": "🗓 Nog niet klaar. Het staat weer op de agenda.",
        "done": "✅ Top, dank je wel!",
        "done_line": "✅ Gelukt: Carla de Vries, ",
        "not_yours": "Deze knoppen zijn voor wie op ‘Ik doe het’ tikte.",
        "guest": "Alleen bewoners en ondersteuners van het huis kunnen dit doen.",
        "let_go": "↩️ Ik geef het terug",
        "quietly": (
            "🗓 Besluit 2026-002 (Wat koken we vrijdag?) staat nu op de agenda van de volgende "
            "vergadering. Je naam staat er niet bij."
        ),
    },
    "en": {
        "record": "/decisions 2026-001",
        "take": "🙋 I'll do it",
        "print": "🖨 Print",
        "when": "🙋 Carla de Vries will do decision 2026-001: Nemen we een kat?\n"
        "When will it be done?",
        "week": "In 1 week",
        "popup": "✅ Thank you! On Friday 4 December 2026 I'll ask you privately whether it "
        "worked out.",
        "line": "🙋 Who does it: Carla de Vries. Done by Friday 4 December 2026.",
        "taken": "Carla de Vries is already doing this. Want to help? Ask Carla de Vries.",
        "ask": "🙋 You were going to do this (De Boog), decision 2026-001:\nNemen we een kat?\n\n"
        "Did it work out?",
        "buttons": ["✅ Yes, done", "🗓 Not yet: to the meeting", "⏳ Ask me in a week"],
        "later": "⏳ Fine. I'll ask you again in a week.",
        "not_yet": "🗓 Okay. It is on the agenda of the next meeting. Your name is not on it. "
        "Together you'll see how to go on.",
        "agenda_line": "an agreement not done yet · decision 2026-001",
        "back_line": "🗓 Not done yet. It is on the agenda again.",
        "done": "✅ Great, thank you!",
        "done_line": "✅ Done: Carla de Vries, ",
        "not_yours": "These buttons are for the person who tapped ‘I'll do it’.",
        "guest": "Only residents and supporters of the house can do this.",
        "let_go": "↩️ I'm handing it back",
        "quietly": "🗓 Decision 2026-002 (Wat koken we vrijdag?) is now on the agenda of the "
        "next meeting. Your name is not on it.",
    },
}


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_an_owner_is_asked_privately_and_an_open_one_goes_to_the_agenda(
    bot: Bot, lang: str
) -> None:
    texts = T[lang]
    voting = await make_voting(bot, lang)
    h, driver = voting.house, bot.driver
    await decide_cat(voting)  # Thursday 26 November
    record = (await driver.send(h.carla, texts["record"], chat=h.group)).last
    await driver.tap(h.carla, record, texts["take"])
    assert record.text == texts["when"]
    # Only the one who tapped chooses the date.
    refused = await driver.tap(h.bram, record, texts["week"])
    assert refused.popup == texts["not_yours"]
    chosen = await driver.tap(h.carla, record, texts["week"])
    assert chosen.popup == texts["popup"]
    assert record.text.endswith("\n" + texts["line"])
    assert texts["take"] not in [b.text for b in bot.tg.all_buttons(record)]
    # Someone else cannot take it over while it runs.
    again = (await driver.send(h.bram, texts["record"], chat=h.group)).last
    assert texts["take"] not in [b.text for b in bot.tg.all_buttons(again)]

    # The bot restarts before the day: the question is not lost.
    bot = await restart(bot)
    driver = bot.driver
    day = await bot.advance(days=7)
    assert [m.chat.id for m in day.sent] == [h.carla.id]  # the group reads nothing
    question = day.sent[0]
    assert question.text == texts["ask"]
    assert [b.text for b in bot.tg.all_buttons(question)] == texts["buttons"]
    reply = await driver.tap(h.carla, question, texts["buttons"][2])
    assert question.text == texts["later"]
    assert reply.sent == []

    week = await bot.advance(days=7)
    assert [m.chat.id for m in week.sent] == [h.carla.id]
    question = week.sent[0]
    await driver.tap(h.carla, question, texts["buttons"][1])
    assert question.text == texts["not_yet"]
    agenda = await driver.send(h.bram, "/agenda", chat=h.group)
    assert texts["agenda_line"] in agenda.last.text
    assert "Carla" not in agenda.last.text  # the agenda names the decision, not the person
    record = (await driver.send(h.bram, texts["record"], chat=h.group)).last
    assert record.text.endswith("\n" + texts["back_line"])
    assert "Carla" not in record.text

    # The meeting gives it a new go: Carla takes it on again and it works out.
    await driver.tap(h.carla, record, texts["take"])
    await driver.tap(h.carla, record, texts["week"])
    question = (await bot.advance(days=7)).sent[0]
    await driver.tap(h.carla, question, texts["buttons"][0])
    assert question.text == texts["done"]
    record = (await driver.send(h.bram, texts["record"], chat=h.group)).last
    assert record.text.split("\n")[-1].startswith(texts["done_line"])
    await bot.driver.stop()  # the restarted bot; the fixture stops the one it started


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_no_answer_brings_it_to_the_agenda_quietly(bot: Bot, lang: str) -> None:
    texts = T[lang]
    voting = await make_voting(bot, lang)
    h, driver = voting.house, bot.driver
    await decide_cat(voting)
    await decide_dinner(voting)  # 2026-002, Monday 30 November
    record = (await driver.send(h.carla, texts["record"][:-1] + "2", chat=h.group)).last
    guest = await driver.tap(voting.gert, record, texts["take"])
    assert guest.popup == texts["guest"]
    # Carla takes it, hands it back from her private chat, and takes it again.
    await driver.tap(h.carla, record, texts["take"])
    await driver.tap(h.carla, record, texts["week"])
    private = (await driver.send(h.carla, texts["record"][:-1] + "2")).last
    assert [b.text for b in bot.tg.all_buttons(private)] == [texts["let_go"], texts["print"]]
    await driver.tap(h.carla, private, texts["let_go"])
    assert [b.text for b in bot.tg.all_buttons(private)] == [texts["take"], texts["print"]]
    assert (await bot.advance(days=7)).sent == []  # handed back: nobody is asked
    record = (await driver.send(h.carla, texts["record"][:-1] + "2", chat=h.group)).last
    await driver.tap(h.carla, record, texts["take"])
    await driver.tap(h.carla, record, texts["week"])
    asked = await bot.advance(days=7)
    assert [m.chat.id for m in asked.sent] == [h.carla.id]
    assert asked.sent[0].text.startswith(texts["ask"][:10])
    silence = await bot.advance(days=3)
    assert [(m.chat.id, m.text) for m in silence.sent] == [(h.carla.id, texts["quietly"])]
    async with bot.database.transaction() as session:
        agreement = session.scalars(select(Agreement)).one()
        assert agreement.state == AgreementState.ON_AGENDA
        item = session.get(AgendaItem, agreement.agenda_item_id)
        assert item is not None and item.source == AgendaSource.AGREEMENT
        assert item.added_by_id is None
    # The late answer to the old question is refused politely.
    late = await driver.tap(h.carla, asked.sent[0], texts["buttons"][0])
    assert late.popup is not None
