"""The agenda of the next meeting, as the house sees it: anyone of the house adds a subject
(in the group or privately, with or without a question first), strangers cannot, and the list
says where each item came from — without names where the vote was secret or the item came
from a report — in Dutch and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.storage.models import AgendaItem, AgendaSource, House, Member, MemberStatus, Person
from tests.conftest import Bot
from tests.helpers import set_member
from tests.test_polls import Voting, make_consent, make_voting


@pytest.fixture
async def voting(bot: Bot) -> Voting:
    return await make_voting(bot)


async def items(bot: Bot) -> list[tuple[AgendaSource, str, str | None]]:
    """(source, text, name of who added it) for every agenda item, oldest first."""
    async with bot.database.transaction() as session:
        rows = session.scalars(select(AgendaItem).order_by(AgendaItem.id)).all()
        found = []
        for item in rows:
            member = session.get(Member, item.added_by_id) if item.added_by_id else None
            found.append((item.source, item.text, member.person.first_name if member else None))
        return found


async def test_anyone_of_the_house_adds_a_subject_in_the_group(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    reply = await driver.send(
        h.carla, "/agenda add Het schoonmaakrooster <klopt> niet", chat=h.group
    )
    assert reply.texts == ["📋 Op de agenda gezet: Het schoonmaakrooster <klopt> niet"]
    assert reply.last.chat.id == h.group.id
    assert reply.last.reply_to is not None and reply.last.reply_to.from_user is h.carla
    # A guest belongs to the house too, and `toevoegen` is the Dutch word.
    reply = await driver.send(voting.gert, "/agenda toevoegen   Een   fietsenrek", chat=h.group)
    assert reply.texts == ["📋 Op de agenda gezet: Een fietsenrek"]
    assert await items(bot) == [
        (AgendaSource.MEMBER, "Het schoonmaakrooster <klopt> niet", "Carla"),
        (AgendaSource.MEMBER, "Een fietsenrek", "Gert"),
    ]

    listing = await driver.send(h.anna, "/agenda", chat=h.group)
    assert listing.texts == [
        "📋 Agenda voor de volgende vergadering · De Boog\n\n"
        "1. Het schoonmaakrooster <klopt> niet\n"
        "    op de agenda gezet door Carla de Vries\n"
        "2. Een fietsenrek\n"
        "    op de agenda gezet door Gert\n\n"
        "Wil je iets bespreken? Typ /agenda toevoegen en je onderwerp."
    ]
    assert "<b>Het schoonmaakrooster &lt;klopt&gt; niet</b>" in listing.last.html


async def test_adding_privately_asks_with_or_without_a_name(bot: Bot) -> None:
    """Added in private, an item is not announced in the group; the bot asks "with your name
    or without?" and shows exactly how the item reads in the group either way."""
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    before = len(h.tg.messages(h.group))
    reply = await driver.send(voting.dirk, "/agenda add Ruzie over de wasmachine")
    assert reply.texts == [
        "📋 Op de agenda gezet. Met je naam of zonder?\n\n"
        "Met je naam staat er in de groep:\nRuzie over de wasmachine (van Dirk)\n\n"
        "Zonder naam staat er:\nRuzie over de wasmachine\n\n"
        "Tot je kiest, staat het er zonder naam."
    ]
    assert [b.text for b in h.tg.all_buttons(reply.last)] == ["Met mijn naam", "Zonder naam"]
    assert reply.to(h.group) == [] and reply.last.chat.id == voting.dirk.id
    assert len(h.tg.messages(h.group)) == before
    assert await items(bot) == [(AgendaSource.MEMBER, "Ruzie over de wasmachine", "Dirk")]
    listing = await driver.send(voting.dirk, "/agenda")
    assert "1. Ruzie over de wasmachine\n    op de agenda gezet door iemand" in listing.last.text
    await driver.tap(voting.dirk, reply.last, "Zonder naam")
    assert reply.last.text == (
        "📋 Op de agenda. Zo staat het in de groep:\nRuzie over de wasmachine"
    )
    listing = await driver.send(h.anna, "/agenda", chat=h.group)
    assert "Dirk" not in listing.last.text

    other = await driver.send(voting.dirk, "/agenda add Een fietsenrek")
    await driver.tap(voting.dirk, other.last, "Met mijn naam")
    assert other.last.text == (
        "📋 Op de agenda. Zo staat het in de groep:\nEen fietsenrek (van Dirk)"
    )
    listing = await driver.send(h.anna, "/agenda", chat=h.group)
    assert "2. Een fietsenrek\n    op de agenda gezet door Dirk" in listing.last.text


async def test_without_text_the_bot_asks_for_it(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    reply = await driver.send(h.carla, "/agenda toevoegen", chat=h.group)
    question = reply.last
    assert question.text == (
        "📋 Carla, wat wil je op de agenda zetten? Schrijf het als antwoord op dit bericht."
    )
    assert f'<a href="tg://user?id={h.carla.id}">Carla</a>' in question.html
    assert await items(bot) == []
    # Someone else's reply is not an answer to Carla's question.
    await driver.send(h.anna, "Iets anders", chat=h.group, reply_to=question)
    assert await items(bot) == []
    answer = await driver.send(
        h.carla, "Een moestuin achter het huis", chat=h.group, reply_to=question
    )
    assert answer.texts == ["📋 Op de agenda gezet: Een moestuin achter het huis"]
    assert answer.last.chat.id == h.group.id

    private = await driver.send(voting.dirk, "/agenda add")
    assert private.texts == [
        "📋 Wat wil je op de agenda zetten? Schrijf het als antwoord op dit bericht."
    ]
    too_long = await driver.send(voting.dirk, "x" * 301, reply_to=private.last)
    assert too_long.texts == [
        "Dat is te lang voor de agenda. Gebruik hoogstens 300 tekens.\n\n"
        "Typ je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen."
    ]
    answer = await driver.send(voting.dirk, "Huisdieren", reply_to=private.last)  # try again
    assert answer.texts[0].startswith("📋 Op de agenda gezet. Met je naam of zonder?")
    assert [text for _, text, _ in await items(bot)] == [
        "Een moestuin achter het huis",
        "Huisdieren",
    ]


async def test_a_stranger_cannot_add_and_bad_input_changes_nothing(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    stranger = bot.tg.add_user("Xander")
    reply = await driver.send(stranger, "/agenda add Gratis pizza voor iedereen")
    assert reply.texts == [
        "Alleen mensen van een huis kunnen iets op de agenda zetten. Hoor je bij een huis? "
        "Tik dan op Privéchat in de groep van je huis."
    ]
    reply = await driver.send(stranger, "/agenda add")
    assert reply.texts[0].startswith("Alleen mensen van een huis kunnen iets op de agenda")
    reply = await driver.send(stranger, "/agenda")
    assert reply.texts == [
        "Ik weet nog niet bij welk huis je hoort. Tik op Privéchat in de groep van je huis."
    ]
    reply = await driver.send(h.carla, "/agenda add " + "x" * 301, chat=h.group)
    assert reply.texts == ["Dat is te lang voor de agenda. Gebruik hoogstens 300 tekens."]
    reply = await driver.send(h.carla, "/agenda schoonmaken", chat=h.group)
    assert reply.texts == [
        "Dat snap ik niet.\n"
        "/agenda laat de agenda zien.\n"
        "/agenda toevoegen en je onderwerp zet iets op de agenda."
    ]
    assert await items(bot) == []
    async with bot.database.transaction() as session:
        person = session.scalars(
            select(Person).where(Person.telegram_id == stranger.id)
        ).one_or_none()
        assert (
            person is None
            or session.scalars(select(Member).where(Member.person_id == person.id)).all() == []
        )


async def test_a_former_resident_may_still_think_along(bot: Bot) -> None:
    voting = await make_voting(bot)
    reply = await bot.driver.send(voting.fien, "/agenda add Een maatje voor nieuwe bewoners")
    assert reply.texts[0].startswith("📋 Op de agenda gezet. Met je naam of zonder?")


async def vote_without_quorum(voting: Voting) -> None:
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(voting.house.carla, message, 1)
    await voting.bot.advance(days=4)


async def object_to_house_rule(voting: Voting, *, secret: bool) -> None:
    """Carla objects, with a reason, to a consent poll that then closes."""
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret)
    await voting.tap(h.anna, message, "✅ Akkoord")
    reply = await bot.driver.tap(h.carla, message, "✋ Bezwaar")
    preview = await bot.driver.send(h.carla, "Ik werk tot laat", reply_to=reply.to(h.carla)[0])
    await bot.driver.tap(h.carla, preview.last, "✅ Zo op de agenda")
    await bot.advance(days=4)


@pytest.mark.parametrize("secret", [True, False])
async def test_the_agenda_says_where_each_item_came_from(voting: Voting, secret: bool) -> None:
    h, bot = voting.house, voting.bot
    added = await bot.driver.send(voting.dirk, "/agenda add De verwarming")
    await bot.driver.tap(voting.dirk, added.last, "Met mijn naam")
    await vote_without_quorum(voting)
    await object_to_house_rule(voting, secret=secret)
    tie = await voting.poll("Welke kleur? | Rood | Blauw")
    await voting.tap(h.anna, tie, "Rood")
    await voting.tap(h.bram, tie, "Blauw")
    await bot.advance(days=4)
    async with bot.database.transaction() as session:  # from the conflicts feature
        house = session.scalars(select(House)).one()
        carla = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == h.carla.id)
        ).one()
        session.add(
            AgendaItem(
                house_id=house.id,
                text="Omgang met elkaar in de keuken",
                source=AgendaSource.CONFLICT,
                added_by_id=carla.id,
                created_at=bot.clock.now(),
            )
        )

    listing = (await bot.driver.send(h.anna, "/agenda", chat=h.group)).last
    objection = (
        "bezwaar tegen: Nieuwe huisregel: stilte na 23:00 · besluit 2026-002"
        if secret
        else "bezwaar van Carla de Vries bij: Nieuwe huisregel: stilte na 23:00 · besluit 2026-002"
    )
    assert listing.text == (
        "📋 Agenda voor de volgende vergadering · De Boog\n\n"
        "1. De verwarming\n"
        "    op de agenda gezet door Dirk\n"
        "2. Nemen we een kat?\n"
        "    stemming zonder genoeg stemmen · besluit 2026-001\n"
        "3. Ik werk tot laat\n"
        f"    {objection}\n"
        "4. Welke kleur?\n"
        "    stemming met gelijke stemmen · besluit 2026-003\n"
        "5. Omgang met elkaar in de keuken\n"
        "    een melding, zonder naam\n\n"
        "Wil je iets bespreken? Typ /agenda toevoegen en je onderwerp."
    )
    # Carla is named only where she may be: her own item, an objection in an open vote.
    assert ("Carla" in listing.text) is not secret


async def test_an_empty_agenda_and_an_english_house(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    h, driver = voting.house, bot.driver
    reply = await driver.send(h.anna, "/agenda", chat=h.group)
    assert reply.texts == [
        "📋 The agenda for the next meeting is still empty.\n\n"
        "Something to discuss? Type /agenda add and your subject."
    ]
    reply = await driver.send(h.carla, "/agenda add A bike rack", chat=h.group)
    assert reply.texts == ["📋 Put on the agenda: A bike rack"]
    await set_member(bot.database, voting.dirk, MemberStatus.RESIDENT)
    reply = await driver.send(voting.dirk, "/agenda add The heating")
    assert reply.texts == [
        "📋 Put on the agenda. With your name or without?\n\n"
        "With your name, the group reads:\nThe heating (from Dirk)\n\n"
        "Without your name, it reads:\nThe heating\n\n"
        "Until you choose, it shows without a name."
    ]
    await driver.tap(voting.dirk, reply.last, "With my name")
    assert (
        reply.last.text
        == "📋 On the agenda. This is how the group reads it:\nThe heating (from Dirk)"
    )
    reply = await driver.send(h.carla, "/agenda add", chat=h.group)
    assert reply.texts == [
        "📋 Carla, what do you want to put on the agenda? Write it as a reply to this message."
    ]
    message = await voting.poll("Shall we get a cat?")
    await voting.tap(h.carla, message, 1)
    await bot.advance(timedelta(days=4))
    reply = await driver.send(h.anna, "/agenda", chat=h.group)
    assert reply.texts == [
        "📋 Agenda for the next meeting · De Boog\n\n"
        "1. A bike rack\n    added by Carla de Vries\n"
        "2. The heating\n    added by Dirk\n"
        "3. Shall we get a cat?\n    vote without enough votes · decision 2026-001\n\n"
        "Something to discuss? Type /agenda add and your subject."
    ]
    reply = await driver.send(h.anna, "/agenda bike", chat=h.group)
    assert reply.texts[0].startswith("I don't understand that.\n/agenda shows the agenda.")
