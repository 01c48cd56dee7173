"""The full poll form in the private chat, as the chair uses it: starting from the group or
the private chat, every setting with buttons or a typed answer, the preview, posting and
throwing away; checks on what is typed; buttons of someone else or of a finished draft — in
Dutch and in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.storage.models import (
    MemberRole,
    MemberStatus,
    Person,
    Poll,
    PollKind,
    PollOption,
    PollState,
    PrivateChat,
    Prompt,
    Role,
    Voters,
)
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage, FakeUser
from tests.helpers import person, set_member, the_house
from tests.test_polls import Voting, make_voting

ANSWER_BELOW = "Typ je antwoord als reactie op mijn vraag."
STALE = "Deze knop werkt niet meer. Vraag zo nodig een nieuw bericht op."
RULE = "Nieuwe huisregel: stilte na 23:00"


@pytest.fixture
async def voting(bot: Bot) -> Voting:
    return await make_voting(bot)


async def the_poll(bot: Bot) -> Poll:
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        _ = poll.options
        return poll


async def count(bot: Bot, model: type) -> int:
    async with bot.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


async def private_form(voting: Voting, question: str, user: FakeUser | None = None) -> FakeMessage:
    """`/stemming <question>` in the private chat: the form comes back as one message."""
    user = user or voting.house.bram
    reply = await voting.bot.driver.send(user, f"/stemming {question}")
    assert len(reply.sent) == 1, reply.texts
    return reply.last


async def ask(voting: Voting, form: FakeMessage, button: str, popup: str = ANSWER_BELOW) -> str:
    """Tap a form button that asks for a typed answer; returns the question asked."""
    bram = voting.house.bram
    tapped = await voting.bot.driver.tap(bram, form, button)
    assert tapped.popup == popup
    return tapped.to(bram)[-1].text


async def type_answer(
    voting: Voting, form: FakeMessage, text: str, question: FakeMessage | None = None
) -> FakeMessage:
    """Answer a question of the bot (by default its last message); the form moves below the
    answer."""
    bram, tg = voting.house.bram, voting.bot.tg
    question = question or tg.last_bot_message(bram)
    assert question is not None
    reply = await voting.bot.driver.send(bram, text, reply_to=question)
    assert form.deleted, reply.texts
    assert len(reply.sent) == 1
    return reply.last


async def test_the_chair_builds_a_consent_poll_with_the_form_and_posts_it(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    driver, tg = bot.driver, bot.tg
    # In the group: one short line, a button to the private chat, and the question there.
    reply = await driver.send(h.bram, "/stemming", chat=h.group)
    group_line = reply.to(h.group)
    assert [m.text for m in group_line] == [
        "📝 Bram, je maakt de stemming in de privéchat. Ik heb je daar een bericht gestuurd."
    ]
    house = await the_house(bot.database)
    [[button]] = group_line[0].buttons
    assert (button.text, button.url) == (
        "💬 Privéchat",
        f"https://t.me/HuisBot?start={house.link_token}",
    )
    assert [m.text for m in reply.to(h.bram)] == [
        "📝 Een nieuwe stemming voor De Boog.\n❓ Wat is de vraag? Antwoord op dit bericht."
    ]
    assert await count(bot, Poll) == 0  # nothing exists before there is a question

    reply = await driver.send(h.bram, RULE, reply_to=reply.to(h.bram)[0])
    form = reply.last
    assert form.chat.id == h.bram.id
    assert form.text == (
        "📝 Je stemming staat nog niet in de groep. Zo komt ze eruit te zien:\n"
        f"🗳 {RULE}\n"
        "Stem voor of tegen. Wil je niet stemmen? Tik dan op Ik stem niet.\n"
        "👁 Open: iedereen ziet wie wat kiest.\n"
        "👥 Wie stemt: bewoners\n"
        "⏰ Stemmen kan tot donderdag 26 november, 20:00.\n\n"
        "👍 Voor — 0\n👎 Tegen — 0\n🤷 Ik stem niet — 0\n\n"
        "✋ Gestemd: 0 van 4.\nNog 2 stemmen nodig.\n"
        "👥 Wie stemt: bewoners (4)\n"
        "✋ Genoeg stemmen: 2 van 4\n\n"
        "Tik op een knop om iets te veranderen. Klaar? Tik op ✅ Plaatsen in de groep."
    )
    assert [b.text for b in tg.all_buttons(form)] == [
        "❓ Vraag",
        "🗂 Soort stemming",
        "⏰ Tot wanneer",
        "🔒 Geheim: nee",
        "✋ Genoeg stemmen",
        "📌 Wat staat vast",
        "🙈 Uitslag pas aan het eind: nee",
        "✅ Plaatsen in de groep",
        "🗑 Weggooien",
    ]

    # The kind: a submenu in the same message.
    await driver.tap(h.bram, form, "🗂 Soort stemming")
    assert form.text == "🗂 Wat voor stemming wordt het?"
    assert [b.text for b in tg.all_buttons(form)] == [
        "✓ 👍 Voor, tegen of ik stem niet",
        "☝️ Eén keuze uit een lijst",
        "✌️ Meer keuzes mogen",
        "🤝 Akkoord, kan ermee leven of bezwaar",
        "← Terug",
    ]
    await driver.tap(h.bram, form, "🤝 Akkoord, kan ermee leven of bezwaar")
    assert "✅ Akkoord — 0\n🤝 Kan ermee leven — 0\n✋ Bezwaar — 0" in form.text

    # What is fixed: typed. The form moves below the answer.
    assert await ask(voting, form, "📌 Wat staat vast") == (
        "📌 Wat staat al vast? Bijvoorbeeld het geld dat er is, of een regel van buiten het "
        "huis. Schrijf het in één zin. Antwoord op dit bericht."
    )
    form = await type_answer(voting, form, "De verhuurder wil rust <na> 23:00 & dat is zo")
    assert "📌 Dit staat vast: De verhuurder wil rust <na> 23:00 & dat is zo\n" in form.text
    assert "🧹 Weghalen wat vaststaat" in [b.text for b in tg.all_buttons(form)]

    await driver.tap(h.bram, form, "🔒 Geheim: nee")
    assert "🔒 Geheim: niemand ziet wie wat kiest." in form.text
    assert "🔒 Geheim: ja" in [b.text for b in tg.all_buttons(form)]

    # The deadline: the quick picks, or a typed date.
    await driver.tap(h.bram, form, "⏰ Tot wanneer")
    assert form.text == (
        "⏰ Tot wanneer kan iedereen stemmen?\nNu: donderdag 26 november, 20:00.\n"
        "Het huis heeft besloten: een stemming duurt minstens 24 uur."
    )
    assert [b.text for b in tg.all_buttons(form)] == [  # tonight is shorter than the house's
        "Morgen 20:00",
        "Over 3 dagen",
        "Over een week",
        "📅 Andere datum",
        "← Terug",
    ]
    assert await ask(voting, form, "📅 Andere datum") == (
        "📅 Tot wanneer kan iedereen stemmen? Schrijf de datum zo: 28-11 of 28-11 18:30. "
        "Antwoord op dit bericht."
    )
    form = await type_answer(voting, form, "28-11 18:30")
    assert "⏰ Stemmen kan tot zaterdag 28 november, 18:30." in form.text

    # Enough votes: each choice says what it means for the 4 residents.
    await driver.tap(h.bram, form, "✋ Genoeg stemmen")
    assert form.text == (
        "✋ Hoeveel stemmen zijn genoeg voor een besluit?\nNu mogen 4 mensen stemmen.\n"
        "Het huis heeft besloten hoeveel stemmen minstens nodig zijn: De helft (2 van 4). "
        "Meer mag, minder niet."
    )
    assert [b.text for b in tg.all_buttons(form)] == [  # nothing weaker than the house's
        "✓ De helft (2 van 4)",
        "Twee derde (3 van 4)",
        "Iedereen (4 van 4)",
        "← Terug",
    ]
    await driver.tap(h.bram, form, "Twee derde (3 van 4)")
    assert "✋ Genoeg stemmen: 3 van 4\n" in form.text

    await driver.tap(h.bram, form, "🙈 Uitslag pas aan het eind: nee")
    preview = (
        f"🗳 {RULE}\n"
        "📌 Dit staat vast: De verhuurder wil rust <na> 23:00 & dat is zo\n"
        "Akkoord, kan ermee leven, of bezwaar. Eén bezwaar betekent: niet aangenomen, "
        "naar de vergadering.\n"
        "🔒 Geheim: niemand ziet wie wat kiest. Ook de bot vergeet het na afloop.\n"
        "👥 Wie stemt: bewoners\n"
        "⏰ Stemmen kan tot zaterdag 28 november, 18:30.\n\n"
        "De uitslag zie je als de stemming sluit.\n\n"
        "✋ Gestemd: 0 van 4.\nNog 3 stemmen nodig."
    )
    assert form.text == (
        "📝 Je stemming staat nog niet in de groep. Zo komt ze eruit te zien:\n"
        f"{preview}\n"
        "👥 Wie stemt: bewoners (4)\n"
        "✋ Genoeg stemmen: 3 van 4\n\n"
        "Tik op een knop om iets te veranderen. Klaar? Tik op ✅ Plaatsen in de groep."
    )
    assert "<blockquote>" in form.html and "&lt;na&gt;" in form.html
    assert await count(bot, Poll) == 1
    assert tg.messages(h.group)[-1].text == group_line[0].text  # nothing posted yet

    # Post: the group gets exactly the preview, with the vote buttons.
    reply = await driver.tap(h.bram, form, "✅ Plaatsen in de groep")
    [posted] = reply.to(h.group)
    assert posted.text == preview
    assert [b.text for b in tg.all_buttons(posted)] == [
        "✅ Akkoord",
        "🤝 Kan ermee leven",
        "✋ Bezwaar",
        "💬 Eerst bespreken",
    ]
    assert form.text == f"✅ Geplaatst in de groep: {RULE}" and form.buttons == []
    assert [m.text for m in reply.to(h.bram)] == [
        f"🗳 De stemming staat in de groep: {RULE}\n"
        "Met de knoppen hieronder kun je eraan herinneren, haar eerder sluiten of stoppen.\n"
        "🔒 Eerder sluiten kan als iedereen heeft gestemd."
    ]
    poll = await the_poll(bot)
    assert poll.state == PollState.OPEN and poll.kind == PollKind.CONSENT
    assert (poll.secret, poll.hide_results, poll.quorum_percent) == (True, True, 67)
    assert poll.voters == Voters.RESIDENTS
    assert poll.deadline is not None
    assert poll.deadline.replace(tzinfo=UTC) == datetime(2026, 11, 28, 17, 30, tzinfo=UTC)
    assert (poll.chat_id, poll.message_id) == (h.group.id, posted.message_id)

    # The posted poll is a real one: it closes at the chosen deadline.
    await voting.tap(h.carla, posted, "✅ Akkoord")
    reply = await bot.advance(days=5, hours=9)
    assert reply.to(h.group)[-1].text.startswith(f"📋 Besluit 2026-001: {RULE}\n⚪ Geen besluit")


async def test_a_single_choice_poll_with_options_typed_one_per_line_in_english(
    bot: Bot,
) -> None:
    voting = await make_voting(bot, language="en")
    h, driver, tg = voting.house, bot.driver, bot.tg
    reply = await driver.send(h.bram, "/poll")
    assert reply.texts == [
        "📝 A new poll for De Boog.\n❓ What is the question? Reply to this message."
    ]
    reply = await driver.send(h.bram, "What do we cook on Friday?", reply_to=reply.last)
    form = reply.last
    assert form.text.startswith(
        "📝 Your poll is not in the group yet. This is how it will look:\n"
        "🗳 What do we cook on Friday?\nVote for, against, or abstain.\n"
    )
    await driver.tap(h.bram, form, "🗂 Kind of poll")
    assert form.text == "🗂 What kind of poll is it?"
    # Choosing a kind with options asks for them right away.
    tapped = await driver.tap(h.bram, form, "☝️ One choice from a list")
    assert tapped.popup == "Type your answer as a reply to my question."
    assert tapped.to(h.bram)[-1].text == (
        "✏️ Write the options. Put each option on a line of its own (2 to 10 options). "
        "Reply to this message."
    )
    assert "⚠️ There are no options yet. Tap ✏️ Options." in form.text
    assert "🗳 What do we cook on Friday?\nChoose one.\n" in form.text
    reply = await driver.send(
        h.bram, "Pasta\n  Soup \n\nCurry\n", reply_to=tg.last_bot_message(h.bram)
    )
    assert form.deleted
    form = reply.last
    assert "Pasta — 0\nSoup — 0\nCurry — 0\n" in form.text
    assert "⚠️" not in form.text
    assert [b.text for b in tg.all_buttons(form)][:4] == [
        "❓ Question",
        "🗂 Kind of poll",
        "✏️ Options",
        "⏰ Until when",
    ]
    # The house decided that residents vote: one poll cannot widen that, so no such button.
    assert "👥 Who votes: residents (4)" in form.text
    assert not [b for b in tg.all_buttons(form) if b.text.startswith("👥")]
    await driver.tap(h.bram, form, "⏰ Until when")
    await driver.tap(h.bram, form, "Tomorrow 20:00")
    assert "⏰ You can vote until Tuesday 24 November, 20:00." in form.text

    reply = await driver.tap(h.bram, form, "✅ Post in the group")
    [posted] = reply.to(h.group)
    assert posted.text == (
        "🗳 What do we cook on Friday?\nChoose one.\n"
        "👁 Open: everyone sees who chose what.\n"
        "👥 Who votes: residents\n"
        "⏰ You can vote until Tuesday 24 November, 20:00.\n\n"
        "Pasta — 0\nSoup — 0\nCurry — 0\n💬 Discuss first — 0\n\n"
        "✋ Voted: 0 of 4.\n2 more votes needed."
    )
    assert [b.text for b in tg.all_buttons(posted)] == [
        "Pasta",
        "Soup",
        "Curry",
        "💬 Discuss first",
    ]
    assert form.text == "✅ Posted in the group: What do we cook on Friday?"
    popup = await voting.tap(h.carla, posted, "Soup")
    assert popup == "✅ Your vote counts: Soup. You can change it until the vote closes."


async def test_an_approval_poll_where_a_resident_takes_a_choice_back(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    driver, tg = bot.driver, bot.tg
    form = await private_form(voting, "Wat doen we op de huisdag?")
    await driver.tap(h.bram, form, "🗂 Soort stemming")
    await driver.tap(h.bram, form, "☝️ Eén keuze uit een lijst")
    form = await type_answer(voting, form, "Tuin opruimen\nSchilderen\nSamen koken")
    # From one choice to several: the options stay.
    await driver.tap(h.bram, form, "🗂 Soort stemming")
    tapped = await driver.tap(h.bram, form, "✌️ Meer keuzes mogen")
    assert tapped.sent == []  # the options are there: nothing is asked
    assert (
        "Kies er één of meer. Tik nog eens om een keuze weg te halen.\n" in form.text
        and "Tuin opruimen — 0\nSchilderen — 0\nSamen koken — 0\n" in form.text
    )
    reply = await driver.tap(h.bram, form, "✅ Plaatsen in de groep")
    [posted] = reply.to(h.group)
    assert [b.text for b in tg.all_buttons(posted)] == [
        "Tuin opruimen",
        "Schilderen",
        "Samen koken",
        "💬 Eerst bespreken",
    ]

    carla = h.carla
    assert await voting.tap(carla, posted, "Tuin opruimen") == (
        "✅ Je keuzes tellen: Tuin opruimen. Je kunt ze veranderen tot de stemming sluit."
    )
    assert await voting.tap(carla, posted, "Samen koken") == (
        "✅ Je keuzes tellen: Tuin opruimen, Samen koken. "
        "Je kunt ze veranderen tot de stemming sluit."
    )
    assert await voting.tap(carla, posted, "Tuin opruimen") == (
        "✅ Je keuzes tellen: Samen koken. Je kunt ze veranderen tot de stemming sluit."
    )
    edits_before = posted.edits
    reply = await bot.advance(seconds=3)
    assert [m.message_id for m in reply.edits] == [posted.message_id]
    assert posted.edits == edits_before + 1  # three taps, one edit
    assert (
        "Tuin opruimen — 0\nSchilderen — 0\nSamen koken — 1 ▓\n    Carla de Vries\n"
        "💬 Eerst bespreken — 0\n\n"
        "✋ Gestemd: 1 van 4.\nNog 1 stem nodig."
    ) in posted.text


async def test_typed_answers_are_checked_and_change_nothing(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    driver, tg = bot.driver, bot.tg
    form = await private_form(voting, "Nemen we een kat?")
    await driver.tap(h.bram, form, "🗂 Soort stemming")
    await driver.tap(h.bram, form, "☝️ Eén keuze uit een lijst")
    question = tg.last_bot_message(h.bram)
    assert question is not None and question.text.startswith("✏️ Schrijf de keuzes.")
    before = form.text

    async def refused(answer: str, to: FakeMessage) -> list[str]:
        reply = await driver.send(h.bram, answer, reply_to=to)
        assert not form.deleted and form.text == before
        again = "\n\nTyp je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen."
        return [text.removesuffix(again) for text in reply.texts]  # asked again: issue 16

    assert await refused("Ja\nja", question) == [
        "Twee keuzes zijn hetzelfde. Maak ze verschillend."
    ]
    assert (await the_poll(bot)).options == []
    # The question stays open: a better answer still counts.
    form = await type_answer(voting, form, "Ja, een kat\nNee, geen kat", question)
    assert [o.label for o in (await the_poll(bot)).options] == ["Ja, een kat", "Nee, geen kat"]

    await driver.tap(h.bram, form, "⏰ Tot wanneer")
    await ask(voting, form, "📅 Andere datum")
    question = tg.last_bot_message(h.bram)
    assert question is not None
    before = form.text
    assert await refused("23-11 09:00", question) == [
        "Die tijd is al voorbij (of te dichtbij). Kies een later moment."
    ]
    deadline = (await the_poll(bot)).deadline
    assert deadline is not None
    assert deadline.replace(tzinfo=UTC) == datetime(2026, 11, 26, 19, 0, tzinfo=UTC)

    await driver.tap(h.bram, form, "← Terug")
    await ask(voting, form, "❓ Vraag")
    question = tg.last_bot_message(h.bram)
    assert question is not None
    assert question.text == "❓ Wat wordt de vraag? Antwoord op dit bericht."
    before = form.text
    assert await refused("x" * 301, question) == [
        "De vraag is te lang. Gebruik hoogstens 300 tekens."
    ]
    assert (await the_poll(bot)).question == "Nemen we een kat?"
    # Both questions are still open; the form moves once for each good answer.
    form = await type_answer(voting, form, "Nemen we een poes?", question)
    assert "🗳 Nemen we een poes?\n" in form.text
    assert (await the_poll(bot)).question == "Nemen we een poes?"
    assert await count(bot, Prompt) == 2  # the date is still asked (and asked again)

    # A question that is too long in /stemming itself: no draft.
    reply = await driver.send(h.bram, "/stemming " + "y" * 301)
    assert reply.texts == ["De vraag is te lang. Gebruik hoogstens 300 tekens."]
    assert await count(bot, Poll) == 1


async def test_someone_who_is_not_the_chair_is_refused_in_the_private_chat(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    reply = await bot.driver.send(h.carla, "/stemming")
    assert reply.texts == [
        "Alleen de voorzitter (Bram) kan een stemming starten.\n"
        "Wil je iets bespreken? Zet het op de agenda: /agenda toevoegen en je onderwerp."
    ]
    assert reply.last.buttons == []
    assert await count(bot, Poll) == 0
    assert await count(bot, Prompt) == 0


async def test_a_chair_whose_private_chat_is_not_open_is_sent_there(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    driver, tg = bot.driver, bot.tg
    await set_member(bot.database, h.anna, MemberStatus.RESIDENT, Role.CO_CHAIR)
    reply = await driver.send(h.anna, "/poll", chat=h.group)
    assert reply.texts == [
        "📝 Anna, je maakt de stemming in de privéchat. Tik op de knop en stuur daar /stemming."
    ]
    url = reply.last.buttons[0][0].url
    house = await the_house(bot.database)
    assert url == f"https://t.me/HuisBot?start={house.link_token}"
    assert tg.messages(h.anna) == []
    # Anna follows the button (/start with the link) and sends /stemming there.
    tg.start_bot(h.anna)
    reply = await driver.send(h.anna, f"/start {house.link_token}")
    assert reply.texts[0].startswith("Hoi Anna")
    reply = await driver.send(h.anna, "/stemming")
    assert reply.texts == [
        "📝 Een nieuwe stemming voor De Boog.\n❓ Wat is de vraag? Antwoord op dit bericht."
    ]
    reply = await driver.send(h.anna, "Een moestuin?", reply_to=reply.last)
    assert reply.last.text.startswith("📝 Je stemming staat nog niet in de groep.")
    assert (await the_poll(bot)).question == "Een moestuin?"


async def test_a_forged_or_finished_form_button_gets_the_stale_popup(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    driver, tg = bot.driver, bot.tg
    form = await private_form(voting, "Nemen we een kat?")
    secret = next(b for b in tg.all_buttons(form) if b.text == "🔒 Geheim: nee")
    post = next(b for b in tg.all_buttons(form) if b.text == "✅ Plaatsen in de groep")
    assert secret.callback_data and post.callback_data
    # Carla (not the chair) sends the data of Bram's buttons from her own chat.
    await driver.send(h.carla, "/help")
    carla_chat = tg.last_bot_message(h.carla)
    assert carla_chat is not None
    for data in (secret.callback_data, post.callback_data):
        reply = await driver.tap_data(h.carla, carla_chat, data)
        assert reply.popup == STALE
    poll = await the_poll(bot)
    assert (poll.state, poll.secret) == (PollState.DRAFT, False)
    assert tg.messages(h.group)[-1].text.startswith("Woon je in De Boog?")  # nothing posted
    # A made-up poll id, and a button of a poll that is already posted.
    reply = await driver.tap_data(h.bram, form, f"pf|{poll.id + 100}|sec")
    assert reply.popup == STALE
    await driver.tap(h.bram, form, "✅ Plaatsen in de groep")
    reply = await driver.tap_data(h.bram, form, secret.callback_data)
    assert reply.popup == STALE
    assert (await the_poll(bot)).secret is False


async def test_throwing_a_draft_away(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    driver, tg = bot.driver, bot.tg
    form = await private_form(voting, "Wat koken we? | Pasta | Soep")
    assert "Pasta — 0\nSoep — 0\n" in form.text  # the quick form's options are taken over
    await ask(voting, form, "📌 Wat staat vast")
    form = await type_answer(voting, form, "Het budget is €30")
    assert "📌 Dit staat vast: Het budget is €30\n" in form.text
    await driver.tap(h.bram, form, "🧹 Weghalen wat vaststaat")
    assert "📌 Dit staat vast" not in form.text
    assert "🧹 Weghalen wat vaststaat" not in [b.text for b in tg.all_buttons(form)]
    assert (await the_poll(bot)).frame is None

    await ask(voting, form, "📌 Wat staat vast")
    frame_question = tg.last_bot_message(h.bram)
    assert frame_question is not None
    reply = await driver.tap(h.bram, form, "🗑 Weggooien")
    assert form.text == "🗑 Weggegooid: Wat koken we?" and form.buttons == []
    assert reply.to(h.group) == []
    assert await count(bot, Poll) == 0 and await count(bot, PollOption) == 0
    # The question asked before is answered politely; nothing comes back.
    reply = await driver.send(h.bram, "Het budget is €40", reply_to=frame_question)
    assert reply.texts == ["Deze stemming is al geplaatst of weggegooid."]
    assert await count(bot, Poll) == 0 and await count(bot, Prompt) == 0


async def test_a_chair_whose_private_chat_is_blocked_is_sent_there_too(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    bot.tg.block_bot(h.bram)  # the database still thinks the chat is open
    reply = await bot.driver.send(h.bram, "/stemming", chat=h.group)
    assert reply.texts == [
        "📝 Bram, je maakt de stemming in de privéchat. Tik op de knop en stuur daar /stemming."
    ]
    found = await person(bot.database, h.bram)
    assert found is not None and found.private_chat == PrivateChat.CLOSED
    assert await count(bot, Prompt) == 0


async def test_only_someone_who_may_still_launch_can_post_the_draft(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    form = await private_form(voting, "Nemen we een kat?")
    # Meanwhile the meeting chose Anna as chair instead of Bram.
    await set_member(bot.database, h.anna, MemberStatus.RESIDENT, Role.CHAIR)
    async with bot.database.transaction() as session:
        bram = session.scalars(select(Person).where(Person.telegram_id == h.bram.id)).one()
        for role in session.scalars(select(MemberRole)).all():
            if role.member.person_id == bram.id:
                session.delete(role)
    reply = await bot.driver.tap(h.bram, form, "✅ Plaatsen in de groep")
    assert reply.popup == "Alleen de voorzitter (Anna) kan dit."
    assert reply.to(h.group) == []
    assert (await the_poll(bot)).state == PollState.DRAFT
