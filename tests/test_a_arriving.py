"""Arriving (issue 17.4): the newcomer gets the house's "Zo doen wij het hier" privately, with
buttons to the rules, the next meeting and the rota, and a buddy offered at the door (a
resident who lives here longer may be one); after the settling-in period the newcomer and the
chair are each asked privately about the evaluation talk; the house changes its text by a
decision — in Dutch and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.callbacks import TalkAnswer, codec
from bot.domain import aftercare as aftercare_domain
from bot.domain import members as member_domain
from bot.storage.arrival_models import Arrival
from bot.storage.models import House as HouseRow
from bot.storage.models import Member, MemberStatus, Person, StatusSource
from tests.conftest import Bot, start_bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import set_member, the_house
from tests.test_admission import house_link, two_welcomes
from tests.test_house_settings import settings_message
from tests.test_polls import Voting, make_voting

W = {
    "nl": {
        "welcome": (
            "🏡 Zo doen wij het hier · De Boog\n\n"
            "Leuk dat je er bent!\n"
            "Hier beslissen de bewoners samen, in de bewonersvergadering. Iedereen mag een punt "
            "op de agenda zetten.\n"
            "We doen de taken samen, met een rooster. Je zegt zelf hoeveel je kunt doen.\n"
            "Gaat het even niet? Een stapje terug mag. Je hoeft niet te zeggen waarom.\n"
            "Heb je een vraag? Vraag het een bewoner, of je maatje.\n\n"
            "🤝 Wil je een maatje? Dat is iemand die hier al langer woont, of hier woonde. "
            "Je kunt samen koffie drinken of iets vragen. Ik vraag het eerst aan het maatje."
        ),
        "buttons": [
            "📜 De huisregels",
            "📅 De volgende vergadering",
            "🧹 Het rooster",
            "🤝 Ja, ik wil graag een maatje",
        ],
        "press_start": "Tik eerst op ▶️ Start in mijn bericht hierboven. Dan kan ik het je sturen.",
        "rules": "📜 De Boog heeft nog geen huisregels in de bot.",
        "meeting": "📅 Er is nog geen vergadering gepland.",
        "rota": "📋 Er staan nog geen taken op het rooster.",
        "looking": "🔎 Ik zoek een maatje voor je.",
        "buddy": "/maatje",
        "offer": "🤝 Ik wil maatje zijn voor een nieuwe bewoner",
        "to_buddy": (
            "🤝 Eva woont nog niet zo lang in De Boog en zoekt een maatje. Wil jij dat zijn?"
        ),
        "to_newcomer": (
            "🤝 Dirk woont al langer in De Boog en wil graag je maatje zijn. Lijkt je dat wat?"
        ),
        "yes": "✅ Ja, graag",
        "introduced": "🤝 Jullie zijn nu maatjes: jij en Dirk! Stuur Dirk een berichtje: Dirk",
        "ask_newcomer": (
            "🌱 Je woont nu 6 weken in De Boog. Na de eerste weken is er een gesprek met de "
            "voorzitter: hoe gaat het, wat gaat goed, wat kan beter? Zullen we dat gesprek "
            "plannen?"
        ),
        "ask_chair": (
            "🌱 Eva woont nu 6 weken in De Boog. Tijd voor het gesprek na de eerste weken. "
            "Wil je dat gesprek met Eva plannen? Ik vraag het Eva ook zelf."
        ),
        "talk_yes": "✅ Ja, plannen",
        "talk_later": "⏳ Nog niet",
        "later": "Oké. Over twee weken vraag ik het nog een keer.",
        "stale": "Deze knop werkt niet meer. Vraag zo nodig een nieuw bericht op.",
        "wait_newcomer": (
            "✅ Fijn. Ik wacht nog op Eva. Zegt Eva ook ja? Dan laat ik het jullie allebei weten."
        ),
        "again": "🌱 Je woont nu 8 weken in De Boog.",
        "both_eva": (
            "🗓 Jullie willen het gesprek allebei plannen: jij en Bram. Spreek samen een tijd af. "
            "Stuur Bram een berichtje: @bram"
        ),
        "both_bram": (
            "🗓 Jullie willen het gesprek allebei plannen: jij en Eva. Spreek samen een tijd af. "
            "Stuur Eva een berichtje: Eva"
        ),
        "setting": "Zo doen wij het hier",
        "new_text": "✏️ Een nieuwe tekst voorstellen",
        "type_text": (
            "✏️ Typ de nieuwe tekst voor 'Zo doen wij het hier' als antwoord op dit bericht."
        ),
        "own": "Bij ons eet iedereen op vrijdag samen. Welkom!",
        "proposed": (
            "🗳 Carla de Vries stelt voor: Zo doen wij het hier: “Bij ons eet iedereen op vrijdag "
            "samen. Welkom!”. De bewoners stemmen erover. Het verandert pas als het besluit is "
            "aangenomen."
        ),
        "question": "🗳 Voorstel: een nieuwe tekst voor 'Zo doen wij het hier'",
        "agree": "Akkoord",
        "adopted": (
            "✅ Besluit 2026-001: Zo doen wij het hier is nu “Bij ons eet iedereen op vrijdag "
            "samen. Welkom!”."
        ),
        "own_welcome": "🏡 Zo doen wij het hier · De Boog\n\nBij ons eet iedereen op vrijdag",
    },
    "en": {
        "welcome": (
            "🏡 How we do things here · De Boog\n\n"
            "Glad you're here!\n"
            "Here the residents decide together, at the residents' meeting. Anyone may put a "
            "subject on the agenda.\n"
            "We share the tasks, with a rota. You say yourself how much you can do.\n"
            "Not going well for a while? Taking a step back is fine. You don't have to say why.\n"
            "A question? Ask a resident, or your buddy.\n\n"
            "🤝 Would you like a buddy? That is someone who has lived here longer, or used to "
            "live here. You can have a coffee together or ask things. I ask the buddy first."
        ),
        "buttons": [
            "📜 The house rules",
            "📅 The next meeting",
            "🧹 The rota",
            "🤝 Yes, I'd like a buddy",
        ],
        "press_start": "First tap ▶️ Start in my message above. Then I can send it to you.",
        "rules": "📜 De Boog has no house rules in the bot yet.",
        "meeting": "📅 No meeting is planned yet.",
        "rota": "📋 There are no tasks on the rota yet.",
        "looking": "🔎 I'm looking for a buddy for you.",
        "buddy": "/buddy",
        "offer": "🤝 I'd like to be a buddy for a new resident",
        "to_buddy": (
            "🤝 Eva hasn't lived in De Boog for long and is looking for a buddy. Would you like "
            "to be one?"
        ),
        "to_newcomer": (
            "🤝 Dirk has lived in De Boog for a while and would like to be your buddy. "
            "Would you like that?"
        ),
        "yes": "✅ Yes, please",
        "introduced": "🤝 You're buddies now: you and Dirk! Send Dirk a message: Dirk",
        "ask_newcomer": (
            "🌱 You have lived in De Boog for 6 weeks now. After the first weeks there is a "
            "talk with the chair: how is it going, what goes well, what could be better? Shall "
            "we plan that talk?"
        ),
        "ask_chair": (
            "🌱 Eva has lived in De Boog for 6 weeks now. Time for the talk after the first "
            "weeks. Would you like to plan that talk with Eva? I'm asking Eva too."
        ),
        "talk_yes": "✅ Yes, let's plan it",
        "talk_later": "⏳ Not yet",
        "later": "Okay. I'll ask again in two weeks.",
        "stale": "This button no longer works. Ask for a new message if you need one.",
        "wait_newcomer": (
            "✅ Good. I'm waiting for Eva. If Eva says yes too, I'll let you both know."
        ),
        "again": "🌱 You have lived in De Boog for 8 weeks now.",
        "both_eva": (
            "🗓 You both want to plan the talk: you and Bram. Agree on a time together. "
            "Send Bram a message: @bram"
        ),
        "both_bram": (
            "🗓 You both want to plan the talk: you and Eva. Agree on a time together. "
            "Send Eva a message: Eva"
        ),
        "setting": "How we do things here",
        "new_text": "✏️ Propose a new text",
        "type_text": "✏️ Type the new text for 'How we do things here' as a reply to this message.",
        "own": "Here everyone eats together on Fridays. Welcome!",
        "proposed": (
            "🗳 Carla de Vries proposes: How we do things here: “Here everyone eats together on "
            "Fridays. Welcome!”."
        ),
        "question": "🗳 Proposal: a new text for 'How we do things here'",
        "agree": "Agree",
        "adopted": (
            "✅ Decision 2026-001: How we do things here is now “Here everyone eats together on "
            "Fridays. Welcome!”."
        ),
        "own_welcome": "🏡 How we do things here · De Boog\n\nHere everyone eats together",
    },
}


async def join(voting: Voting, name: str, language: str) -> tuple[FakeUser, Reply]:
    """`name` asks to join through the house's link (made once); the house decides the rest."""
    bot = voting.bot
    links = bot.tg.invite_links(voting.house.group)
    link = links[0] if links else await house_link(voting)
    user = bot.tg.add_user(name, language_code=language)
    return user, await bot.driver.join_request(voting.house.group, user, invite_link=link)


async def press_start(bot: Bot, user: FakeUser, greeting: FakeMessage) -> Reply:
    """The newcomer taps ▶️ Start in the bot's greeting: the deep link opens the private chat."""
    url = bot.tg.all_buttons(greeting)[0].url
    assert url is not None
    bot.tg.start_bot(user)
    return await bot.driver.send(user, "/start " + url.split("?start=")[1])


def buttons(bot: Bot, message: FakeMessage) -> list[str]:
    return [b.text for b in bot.tg.all_buttons(message)]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_newcomer_gets_the_house_way_privately_and_a_buddy_at_the_door(
    bot: Bot, language: str
) -> None:
    voting = await make_voting(bot, language)
    h, w, driver = voting.house, W[language], bot.driver
    eva, reply = await join(voting, "Eva", language)
    assert eva.id in h.group.members
    greeting, welcome = reply.to(eva)
    assert welcome.text == w["welcome"]
    assert buttons(bot, welcome) == w["buttons"]
    assert reply.to(h.group) == []  # the group reads nothing of it

    # Telegram lets the bot write only after Start: the tap says so, kindly.
    tapped = await driver.tap(eva, welcome, w["buttons"][0])
    assert tapped.popup == w["press_start"] and tapped.to(eva) == []
    assert [m.text for m in (await press_start(bot, eva, greeting)).to(eva)][1:] == []  # once

    for label, expected in zip(w["buttons"], ("rules", "meeting", "rota"), strict=False):
        tapped = await driver.tap(eva, welcome, label)
        [shown] = tapped.to(eva)
        assert shown.text.startswith(w[expected])
    tapped = await driver.tap(eva, welcome, w["buttons"][3])
    assert tapped.popup == w["looking"]

    # Dirk lives here longer: he may offer. He is asked first; Eva only once he said yes.
    menu = (await driver.send(voting.dirk, w["buddy"])).last
    tapped = await driver.tap(voting.dirk, menu, w["offer"])
    [proposal] = [m for m in tapped.to(voting.dirk) if m is not menu]
    assert proposal.text == w["to_buddy"]
    assert tapped.to(eva) == []
    tapped = await driver.tap(voting.dirk, proposal, w["yes"])
    [to_eva] = tapped.to(eva)
    assert to_eva.text == w["to_newcomer"]
    tapped = await driver.tap(eva, to_eva, w["yes"])
    assert to_eva.text == w["introduced"]
    assert len(tapped.to(voting.dirk)) == 1

    # A newcomer does not offer to be a buddy while settling in.
    menu = (await driver.send(eva, w["buddy"])).last
    assert w["offer"] not in buttons(bot, menu)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_after_the_settling_in_period_the_newcomer_and_the_chair_are_asked_privately(
    bot: Bot, language: str
) -> None:
    voting = await make_voting(bot, language)
    h, w, driver = voting.house, W[language], bot.driver
    eva, reply = await join(voting, "Eva", language)
    await press_start(bot, eva, reply.to(eva)[0])
    await set_member(bot.database, eva, MemberStatus.RESIDENT)  # the house confirmed her

    reply = await bot.advance(timedelta(weeks=6) - timedelta(hours=1))
    assert reply.to(eva) == [] and reply.to(h.bram) == []
    reply = await bot.advance(hours=1)
    [to_eva] = reply.to(eva)
    [to_bram] = reply.to(h.bram)
    assert to_eva.text == w["ask_newcomer"]
    assert to_bram.text == w["ask_chair"]
    assert buttons(bot, to_eva) == [w["talk_yes"], w["talk_later"]]
    assert reply.to(h.group) == []  # nobody else hears of it
    assert all(reply.to(u) == [] for u in (h.anna, h.carla, voting.dirk))

    await driver.tap(eva, to_eva, w["talk_later"])
    assert to_eva.text == w["later"]
    tapped = await driver.tap(h.bram, to_bram, w["talk_yes"])
    assert to_bram.text == w["wait_newcomer"] and tapped.to(eva) == []
    async with bot.database.transaction() as session:
        arrival_id = session.scalars(select(Arrival.id)).one()
    tapped = await driver.tap_data(
        h.bram, to_bram, codec.encode(TalkAnswer(arrival_id, False, True))
    )
    assert tapped.popup == w["stale"]  # Eva's own question is hers: nothing changes

    reply = await bot.advance(weeks=2)  # Eva is asked again; Bram, who said yes, is not
    [again] = reply.to(eva)
    assert again.text.startswith(w["again"])
    assert reply.to(h.bram) == []
    tapped = await driver.tap(eva, again, w["talk_yes"])
    assert again.text == w["both_eva"]
    assert [m.text for m in tapped.to(h.bram)] == [w["both_bram"]]
    assert tapped.to(h.group) == []

    # Nothing is asked twice.
    reply = await bot.advance(weeks=4)
    assert reply.to(eva) == [] and reply.to(h.bram) == []


async def test_a_welcome_the_bot_could_not_deliver_comes_when_the_private_chat_opens(
    bot: Bot,
) -> None:
    voting = await make_voting(bot)
    h, w = voting.house, W["nl"]
    await two_welcomes(bot)
    eva, reply = await join(voting, "Eva", "nl")
    [greeting] = reply.to(eva)
    asked = reply.to(h.group)[0]
    await bot.advance(minutes=10)  # the window to write to her after her request closed
    await bot.driver.tap(h.carla, asked, "👋 Welkom")
    reply = await bot.driver.tap(h.bram, asked, "👋 Welkom")
    assert eva.id in h.group.members
    assert reply.to(eva) == []  # the bot cannot write to her yet
    reply = await press_start(bot, eva, greeting)
    assert [m.text for m in reply.to(eva)][1:] == [w["welcome"]]
    reply = await press_start(bot, eva, greeting)
    assert len(reply.to(eva)) == 1  # once
    async with bot.database.transaction() as session:
        arrival = session.scalars(select(Arrival)).one()
        assert arrival.welcomed_at is not None


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_house_changes_its_welcome_text_by_a_decision(bot: Bot, language: str) -> None:
    voting = await make_voting(bot, language)
    h, w, driver = voting.house, W[language], bot.driver
    listing = await settings_message(bot, h.carla, voting, language)
    await driver.tap(h.carla, listing, w["setting"])
    assert "Leuk dat je er bent!" in listing.text or "Glad you're here!" in listing.text
    reply = await driver.tap(h.carla, listing, w["new_text"])
    [question] = reply.to(h.group)
    assert question.text == w["type_text"]
    reply = await driver.send(h.carla, w["own"], chat=h.group, reply_to=question)
    announcement, poll = reply.to(h.group)
    assert announcement.text.startswith(w["proposed"])
    assert poll.text.startswith(w["question"])

    eva, reply = await join(voting, "Eva", language)  # not before the decision
    assert reply.to(eva)[1].text == w["welcome"]

    for user in (h.anna, h.bram, h.carla, voting.dirk):
        await driver.tap(user, poll, w["agree"])
    reply = await bot.advance(days=4)
    assert w["adopted"] in [m.text for m in reply.to(h.group)]

    mo, reply = await join(voting, "Mo", language)
    assert reply.to(mo)[1].text.startswith(w["own_welcome"])
    assert w["buttons"][0] in buttons(bot, reply.to(mo)[1])


async def test_the_talk_question_survives_a_restart_and_comes_once(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, w, tg = voting.house, W["nl"], bot.tg
    eva, reply = await join(voting, "Eva", "nl")
    await press_start(bot, eva, reply.to(eva)[0])
    await set_member(bot.database, eva, MemberStatus.RESIDENT)
    await bot.driver.stop()
    bot.clock.set(bot.clock.now() + timedelta(weeks=7))  # down when it fell due
    restarted = await start_bot(tg, bot.clock, bot.database, bot.time)
    try:
        asked = [m.text for m in tg.messages(eva) if m.text.startswith("🌱")]
        assert asked == [w["ask_newcomer"].replace("6 weken", "7 weken")]
        assert [m.text for m in tg.messages(h.bram) if m.text.startswith("🌱")] == [
            w["ask_chair"].replace("6 weken", "7 weken")
        ]
        reply = await restarted.advance(weeks=3)
        assert reply.to(eva) == [] and reply.to(h.bram) == []
    finally:
        await restarted.driver.stop()


async def test_who_may_ask_for_and_offer_to_be_a_buddy(bot: Bot) -> None:
    """The combinations, in the domain: a newcomer at the door asks (not yet a resident) and
    does not offer while settling in; a confirmed resident past that offers; a resident who only
    said "I live here" does not offer; a former resident offers; a guest does neither."""
    voting = await make_voting(bot)
    eva, _ = await join(voting, "Eva", "nl")
    async with bot.database.transaction() as session:
        house = session.scalars(select(HouseRow)).one()
        clock = bot.clock

        def who(user: FakeUser) -> Member:
            found = member_domain.membership(
                session,
                house,
                session.scalars(select(Person).where(Person.telegram_id == user.id)).one(),
            )
            assert found is not None
            return found

        newcomer, dirk, gert, fien = who(eva), who(voting.dirk), who(voting.gert), who(voting.fien)
        assert newcomer.status == MemberStatus.GUEST
        cases = {
            "newcomer": (newcomer, True, False),
            "resident": (dirk, True, True),
            "guest": (gert, False, False),
            "former": (fien, False, True),
        }
        for name, (member, asks, offers) in cases.items():
            assert aftercare_domain.may_ask_buddy(session, clock, member) is asks, name
            assert aftercare_domain.may_offer_buddy(session, clock, member) is offers, name
        dirk.status_source = StatusSource.SELF  # only said "I live here"
        assert not aftercare_domain.may_offer_buddy(session, clock, dirk)
        # After the settling-in period the newcomer is no newcomer: not a resident either yet.
        clock.set(clock.now() + timedelta(weeks=6))
        assert not aftercare_domain.may_ask_buddy(session, clock, newcomer)
        newcomer.status, newcomer.status_source = MemberStatus.RESIDENT, StatusSource.CONFIRMED
        assert aftercare_domain.may_offer_buddy(session, clock, newcomer)
        session.rollback()


async def test_the_talk_is_for_a_resident_a_guest_is_asked_once_confirmed(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, w = voting.house, W["nl"]
    eva, reply = await join(voting, "Eva", "nl")
    await press_start(bot, eva, reply.to(eva)[0])
    reply = await bot.advance(weeks=6)
    assert reply.to(eva) == [] and reply.to(h.bram) == []  # not (yet) living here
    await set_member(bot.database, eva, MemberStatus.RESIDENT)
    reply = await bot.advance(weeks=2)
    assert [m.text for m in reply.to(eva)] == [w["ask_newcomer"].replace("6 weken", "8 weken")]
    assert len(reply.to(h.bram)) == 1


async def test_someone_a_member_added_to_the_group_is_welcomed_when_the_private_chat_opens(
    bot: Bot,
) -> None:
    voting = await make_voting(bot)
    h, w = voting.house, W["nl"]
    mo = bot.tg.add_user("Mo", language_code="nl")
    reply = await bot.driver.user_joined(h.group, mo)
    assert reply.to(mo) == [] and reply.to(h.group) == []  # the bot may not write to him yet
    bot.tg.start_bot(mo)
    token = (await the_house(bot.database)).link_token
    reply = await bot.driver.send(mo, f"/start {token}")
    assert [m.text for m in reply.to(mo)][1:] == [w["welcome"]]
    # Someone the house knew (back in the group) is no newcomer.
    await bot.driver.user_left(h.group, voting.dirk)
    reply = await bot.driver.user_joined(h.group, voting.dirk)
    assert reply.to(voting.dirk) == []
