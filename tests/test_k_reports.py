"""After a report is picked up (issue 17.5): the reporter chooses the next step — talk it
through myself with the confidant's help, a conversation together (a private time poll among
the people who agreed; nobody else hears of it), a mediator from outside (the house's contact
text), or the meeting (anonymous item) — in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.flags_models import Flag, FlagStep, FlagTalk
from bot.storage.models import AgendaItem, AgendaSource
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage
from tests.test_flags import SECRET, Reporting, make_reporting

T = {
    "nl": {
        "topic": "😣 Een conflict met iemand",
        "write": "✏️ Ja, ik schrijf iets",
        "only_dirk": "🤝 Alleen Dirk",
        "pick": "🙋 Ik pak dit op",
        "question": "Wat wil je nu doen? Je kiest zelf. Dirk helpt je.",
        "steps": [
            "🗣 Ik praat het zelf uit, met hulp",
            "🤝 Een gesprek samen",
            "🧭 Een bemiddelaar van buiten",
            "🗓 Naar de vergadering, zonder naam",
            "✅ Opgelost",
        ],
        "who": (
            "🤝 Een gesprek samen. Dirk is erbij. Wie wil je nog vragen? Tik op de namen. "
            "Tik daarna op ‘Vraag het ze’.\nAlleen wie je vraagt hoort ervan."
        ),
        "send": "📨 Vraag het ze",
        "other": "↩️ Iets anders kiezen",
        "asked": "📨 Ik heb het gevraagd aan: Dirk en Bram.",
        "invite": (
            "🤝 Carla de Vries (De Boog) wil graag een gesprek met jou. Dirk "
            "(vertrouwenspersoon) is erbij. Doe je mee?\nAlleen wie meedoet weet ervan."
        ),
        "invite_dirk": (
            "🤝 Carla de Vries (De Boog) wil een gesprek samen, met jou erbij. Doe je mee?"
        ),
        "yes": "✅ Ja, ik doe mee",
        "no": "Nee, liever niet",
        "when": "🕒 Wanneer kun je? Tik op alle momenten die passen. Tik daarna op ‘Klaar’.",
        "slots": [
            "dinsdag 24 nov · 14:00",
            "dinsdag 24 nov · 19:30",
            "woensdag 25 nov · 14:00",
            "woensdag 25 nov · 19:30",
            "donderdag 26 nov · 14:00",
            "donderdag 26 nov · 19:30",
        ],
        "done": "✔️ Klaar",
        "thanks": (
            "✔️ Dank je. Jij kunt: dinsdag 24 nov · 14:00 en woensdag 25 nov · 19:30. "
            "Als iedereen heeft gekozen, hoor je het moment."
        ),
        "moment": (
            "📅 Het gesprek is op woensdag 25 november om 19:30. Met: {names}. "
            "Spreek samen af waar."
        ),
        "and": " en ",
        "mine": "📂 Mijn meldingen (1)",
        "item": "23 nov · Conflict met iemand",
        "next": "➡️ Wat wil je nu doen?",
        "withdraw": "↩️ Intrekken",
        "withdraw_sure": "↩️ Ja, intrekken en wissen",
        "gone": "Dit gesprek gaat niet meer door.",
        "asked_dirk": "📨 Ik heb het gevraagd aan: Dirk.",
        "no_moment": (
            "🕒 Er is geen moment dat voor iedereen past. Dirk zoekt met jullie een ander moment."
        ),
        "no_moment_dirk": (
            "🕒 Er is geen moment dat voor iedereen past. Wil jij met hen een ander moment zoeken?"
        ),
        "said_no": "Oké, dank je dat je het zegt.",
        "not_joining": "Bram doet liever niet mee aan het gesprek.",
        "nobody": (
            "🤝 Er doet niemand mee aan het gesprek. Wil je iets anders kiezen? Dirk helpt je."
        ),
        "self": (
            "🗣 Goed. Jij praat het zelf uit. Dirk weet het en helpt je. Bijvoorbeeld: samen "
            "bedenken wat je wilt zeggen."
        ),
        "self_dirk": (
            "🗣 Carla de Vries (De Boog) wil het zelf uitpraten en vraagt jouw hulp daarbij."
        ),
        "mediator_none": (
            "🧭 Het huis heeft nog geen contact van een bemiddelaar. Dirk weet dat je dit wilt "
            "en zoekt er samen met je een."
        ),
        "mediator": (
            "🧭 Een bemiddelaar van buiten. Zo bereik je die:\n\n"
            "Buurtbemiddeling Oost, 020-1234567\n\nDirk weet het en kan je helpen."
        ),
        "meeting": (
            "🗓 Het staat op de agenda van de volgende vergadering:\n"
            "“Er speelt een conflict in huis. Iemand wil graag dat we het samen bespreken.”\n"
            "Je naam staat er niet bij."
        ),
        "meeting_dirk": (
            "🗓 Carla de Vries (De Boog) zet het op de agenda van de vergadering, zonder naam."
        ),
    },
    "en": {
        "topic": "😣 A conflict with someone",
        "write": "✏️ Yes, I'll write something",
        "only_dirk": "🤝 Only Dirk",
        "pick": "🙋 I'll pick this up",
        "question": "What would you like to do now? You choose. Dirk will help you.",
        "steps": [
            "🗣 I'll talk it through myself, with help",
            "🤝 A conversation together",
            "🧭 A mediator from outside",
            "🗓 To the meeting, without a name",
            "✅ Resolved",
        ],
        "who": (
            "🤝 A conversation together. Dirk will be there. Who else would you like to ask? "
            "Tap the names, then tap ‘Ask them’.\nOnly the people you ask hear of it."
        ),
        "send": "📨 Ask them",
        "other": "↩️ Choose something else",
        "asked": "📨 I have asked: Dirk and Bram.",
        "invite": (
            "🤝 Carla de Vries (De Boog) would like to have a conversation with you. Dirk "
            "(confidant) will be there. Will you join?\nOnly the people in it know about it."
        ),
        "invite_dirk": (
            "🤝 Carla de Vries (De Boog) would like a conversation together, with you there. "
            "Will you join?"
        ),
        "yes": "✅ Yes, I'll join",
        "no": "No, I'd rather not",
        "when": "🕒 When can you? Tap every moment that suits you. Then tap ‘Done’.",
        "slots": [
            "Tuesday 24 Nov · 14:00",
            "Tuesday 24 Nov · 19:30",
            "Wednesday 25 Nov · 14:00",
            "Wednesday 25 Nov · 19:30",
            "Thursday 26 Nov · 14:00",
            "Thursday 26 Nov · 19:30",
        ],
        "done": "✔️ Done",
        "thanks": (
            "✔️ Thank you. You can: Tuesday 24 Nov · 14:00 and Wednesday 25 Nov · 19:30. "
            "When everyone has chosen, you'll hear the moment."
        ),
        "moment": (
            "📅 The conversation is on Wednesday 25 November at 19:30. With: {names}. "
            "Agree together where."
        ),
        "and": " and ",
        "mine": "📂 My reports (1)",
        "item": "23 Nov · Conflict with someone",
        "next": "➡️ What would you like to do now?",
        "withdraw": "↩️ Withdraw",
        "withdraw_sure": "↩️ Yes, withdraw and delete",
        "gone": "This conversation is no longer going ahead.",
        "asked_dirk": "📨 I have asked: Dirk.",
        "no_moment": (
            "🕒 There is no moment that suits everyone. Dirk will find another moment with you."
        ),
        "no_moment_dirk": (
            "🕒 There is no moment that suits everyone. Will you find another moment with them?"
        ),
        "said_no": "Okay, thank you for letting us know.",
        "not_joining": "Bram would rather not join the conversation.",
        "nobody": (
            "🤝 Nobody is joining the conversation. Would you like to choose something else? "
            "Dirk will help you."
        ),
        "self": (
            "🗣 Fine. You'll talk it through yourself. Dirk knows and will help you, for "
            "example by thinking together about what you want to say."
        ),
        "self_dirk": (
            "🗣 Carla de Vries (De Boog) wants to talk it through themselves and asks for your help."
        ),
        "mediator_none": (
            "🧭 The house has no mediator contact yet. Dirk knows you want this and will look "
            "for one with you."
        ),
        "mediator": (
            "🧭 A mediator from outside. This is how to reach one:\n\n"
            "Buurtbemiddeling Oost, 020-1234567\n\nDirk knows and can help you."
        ),
        "meeting": (
            "🗓 It is on the agenda of the next meeting:\n"
            "“There is a conflict in the house. Someone would like us to talk about it "
            "together.”\nYour name is not on it."
        ),
        "meeting_dirk": (
            "🗓 Carla de Vries (De Boog) is putting it on the meeting's agenda, without a name."
        ),
    },
}


async def picked_up(reporting: Reporting, texts: dict[str, object]) -> FakeMessage:
    """Carla reports to Dirk only; Dirk picks it up. Returns Carla's "picked up" message."""
    bot, carla, dirk = reporting.bot, reporting.carla, reporting.dirk
    driver = bot.driver
    menu = (await driver.send(carla, "/melding")).last
    await driver.tap(carla, menu, str(texts["topic"]))
    asked = (await driver.tap(carla, menu, str(texts["write"]))).last
    route = (await driver.send(carla, SECRET, reply_to=asked)).last
    reply = await driver.tap(carla, route, str(texts["only_dirk"]))
    (to_dirk,) = reply.to(dirk)
    reply = await driver.tap(dirk, to_dirk, str(texts["pick"]))
    (told,) = reply.to(carla)
    return told


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_a_conversation_together_finds_a_time_privately(bot: Bot, lang: str) -> None:
    texts = T[lang]
    reporting = await make_reporting(bot, lang)
    h, driver, tg = reporting.house, bot.driver, bot.tg
    carla, dirk, bram = reporting.carla, reporting.dirk, h.bram
    told = await picked_up(reporting, texts)
    assert told.text.endswith("\n\n" + str(texts["question"]))
    assert [b.text for b in tg.all_buttons(told)] == texts["steps"]

    await driver.tap(carla, told, texts["steps"][1])
    assert told.text == texts["who"]
    # Anna, Bram and Eva may be invited; Dirk is in already, Carla is Carla.
    assert [b.text for b in tg.all_buttons(told)] == [
        "▫️ Anna",
        "▫️ Bram",
        "▫️ Eva",
        texts["send"],
        texts["other"],
    ]
    await driver.tap(carla, told, "▫️ Bram")
    await driver.tap(carla, told, "▫️ Anna")
    await driver.tap(carla, told, "✅ Anna")  # changed her mind
    assert [b.text for b in tg.all_buttons(told)][:3] == ["▫️ Anna", "✅ Bram", "▫️ Eva"]
    reply = await driver.tap(carla, told, texts["send"])
    assert told.text == texts["asked"]
    (to_dirk,) = reply.to(dirk)
    (to_bram,) = reply.to(bram)
    assert to_dirk.text == texts["invite_dirk"]
    assert to_bram.text == texts["invite"]
    assert reply.to(h.anna) == [] and reply.to(reporting.eva) == [] and reply.to(h.group) == []
    (poll,) = reply.to(carla)
    assert poll.text == texts["when"]
    slots = texts["slots"]
    assert [b.text for b in tg.all_buttons(poll)] == [f"▫️ {s}" for s in slots] + [texts["done"]]

    # Carla can make Tuesday afternoon and Wednesday evening.
    await driver.tap(carla, poll, f"▫️ {slots[0]}")
    await driver.tap(carla, poll, f"▫️ {slots[3]}")
    await driver.tap(carla, poll, texts["done"])
    assert poll.text == texts["thanks"]
    # Dirk joins: Wednesday evening only.
    await driver.tap(dirk, to_dirk, texts["yes"])
    assert to_dirk.text == texts["when"]
    await driver.tap(dirk, to_dirk, f"▫️ {slots[3]}")
    await driver.tap(dirk, to_dirk, texts["done"])
    # Bram joins last: Wednesday afternoon and evening. Now everyone answered.
    await driver.tap(bram, to_bram, texts["yes"])
    await driver.tap(bram, to_bram, f"▫️ {slots[2]}")
    await driver.tap(bram, to_bram, f"▫️ {slots[3]}")
    reply = await driver.tap(bram, to_bram, texts["done"])
    moment = str(texts["moment"])
    joined = str(texts["and"])
    assert [(m.chat.id, m.text) for m in reply.sent] == [
        (carla.id, moment.format(names=f"Dirk{joined}Bram")),
        (dirk.id, moment.format(names=f"Carla de Vries{joined}Bram")),
        (bram.id, moment.format(names=f"Carla de Vries{joined}Dirk")),
    ]
    assert to_bram.buttons == []  # the time poll is settled
    reporting.assert_group_saw_nothing()
    async with bot.database.transaction() as session:
        flag = session.scalars(select(Flag)).one()
        assert flag.next_step == FlagStep.TALK
        assert session.scalars(select(FlagTalk)).one().chosen_at is not None


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_nobody_joining_offers_another_step(bot: Bot, lang: str) -> None:
    texts = T[lang]
    reporting = await make_reporting(bot, lang)
    h, driver = reporting.house, bot.driver
    carla, dirk, bram = reporting.carla, reporting.dirk, h.bram
    told = await picked_up(reporting, texts)
    await driver.tap(carla, told, texts["steps"][1])
    await driver.tap(carla, told, "▫️ Bram")
    reply = await driver.tap(carla, told, texts["send"])
    (to_dirk,), (to_bram,) = reply.to(dirk), reply.to(bram)
    reply = await driver.tap(bram, to_bram, texts["no"])
    assert to_bram.text == texts["said_no"]
    assert [m.text for m in reply.to(carla)] == [texts["not_joining"]]
    reply = await driver.tap(dirk, to_dirk, texts["no"])
    dirk_no, nobody = reply.to(carla)
    assert dirk_no.text == texts["not_joining"].replace("Bram", "Dirk")
    assert nobody.text == texts["nobody"]
    await driver.tap(carla, nobody, texts["other"])
    assert nobody.text == texts["question"]
    assert [b.text for b in bot.tg.all_buttons(nobody)] == texts["steps"]
    # Later, the steps are also in "my reports".
    menu = (await driver.send(carla, "/melding")).last
    await driver.tap(carla, menu, texts["mine"])
    await driver.tap(carla, menu, texts["item"])
    await driver.tap(carla, menu, texts["next"])
    assert menu.text == texts["question"]
    # She withdraws the report: the invitations (they name her) say it is off.
    menu = (await driver.send(carla, "/melding")).last
    await driver.tap(carla, menu, texts["mine"])
    await driver.tap(carla, menu, texts["item"])
    await driver.tap(carla, menu, texts["withdraw"])
    await driver.tap(carla, menu, texts["withdraw_sure"])
    assert to_bram.text == to_dirk.text == texts["gone"]
    assert to_bram.buttons == [] and to_dirk.buttons == []
    reporting.assert_group_saw_nothing()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_myself_a_mediator_or_the_meeting(bot: Bot, lang: str) -> None:
    texts = T[lang]
    reporting = await make_reporting(bot, lang)
    h, driver = reporting.house, bot.driver
    carla, dirk = reporting.carla, reporting.dirk
    told = await picked_up(reporting, texts)

    reply = await driver.tap(carla, told, texts["steps"][0])
    assert told.text == texts["self"]
    assert [m.text for m in reply.to(dirk)] == [texts["self_dirk"]]

    await driver.tap(carla, told, texts["other"])
    await driver.tap(carla, told, texts["steps"][2])
    assert told.text == texts["mediator_none"]
    async with bot.database.transaction() as session:  # the house decided on a contact
        from bot.domain import arrivals, flag_steps
        from bot.storage.models import House

        house = session.scalars(select(House)).one()
        text = arrivals.new_text(
            session, bot.clock, house, "mediator", "Buurtbemiddeling Oost, 020-1234567"
        )
        flag_steps.set_mediator_text_id(session, house, str(text.id))
    await driver.tap(carla, told, texts["other"])
    await driver.tap(carla, told, texts["steps"][2])
    assert told.text == texts["mediator"]

    await driver.tap(carla, told, texts["other"])
    reply = await driver.tap(carla, told, texts["steps"][3])
    assert told.text == texts["meeting"]
    assert [m.text for m in reply.to(dirk)] == [texts["meeting_dirk"]]
    # Tapped twice (an old message): still one item.
    await driver.tap(carla, told, texts["other"])
    await driver.tap(carla, told, texts["steps"][3])
    async with bot.database.transaction() as session:
        items = session.scalars(select(AgendaItem)).all()
        assert [(i.source, i.added_by_id) for i in items] == [(AgendaSource.CONFLICT, None)]
    agenda = await driver.send(h.anna, "/agenda", chat=h.group)
    assert "Carla" not in agenda.last.text
    reporting.assert_group_saw_nothing()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_no_moment_for_everyone_is_said_to_those_in_it_only(bot: Bot, lang: str) -> None:
    texts = T[lang]
    reporting = await make_reporting(bot, lang)
    driver, carla, dirk = bot.driver, reporting.carla, reporting.dirk
    told = await picked_up(reporting, texts)
    await driver.tap(carla, told, texts["steps"][1])
    reply = await driver.tap(carla, told, texts["send"])  # only Dirk, the confidant
    assert told.text == texts["asked_dirk"]
    (to_dirk,), (poll,) = reply.to(dirk), reply.to(carla)
    await driver.tap(carla, poll, f"▫️ {texts['slots'][0]}")
    await driver.tap(carla, poll, texts["done"])
    await driver.tap(dirk, to_dirk, texts["yes"])
    await driver.tap(dirk, to_dirk, f"▫️ {texts['slots'][5]}")
    reply = await driver.tap(dirk, to_dirk, texts["done"])
    assert [(m.chat.id, m.text) for m in reply.sent] == [
        (carla.id, texts["no_moment"]),
        (dirk.id, texts["no_moment_dirk"]),
    ]
    reporting.assert_group_saw_nothing()
