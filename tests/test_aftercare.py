"""Moving out and aftercare, as the house lives them: moving out (by oneself, by the chair with
the resident's confirmation), the rota and the vote that follow, the goodbye only when wanted,
linking the aftercare group, join requests approved and declined, the monthly "how are you?"
(and opting out, and the job after a restart), help requests, and leaving the group without
moving out — in Dutch and in English. Buddies are in `test_aftercare_buddies.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.storage.aftercare_models import AftercareCheckin, AftercareSettings
from bot.storage.models import House as HouseRow
from bot.storage.models import Member, MemberStatus, Person, PrivateChat, Role, StatusSource
from tests.conftest import Bot, House, start_bot
from tests.fake_telegram import FakeChat, FakeMessage, FakeUser, Reply
from tests.helpers import set_member
from tests.test_checkins import Sends
from tests.test_rotas import MONDAY, holders, join_as_it_comes, make_rota

DECEMBER = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam: the monthly round
JANUARY = datetime(2027, 1, 1, 10, 0, tzinfo=UTC)

WORDS = {
    "nl": {
        "moveout": "/verhuizen",
        "aftercare": "/nazorg",
        "link": "/setup nazorg",
        "yes": "🏡 Ja, ik verhuis",
        "no": "✖️ Nee, dat klopt niet",
        "goodbye_yes": "👋 Ja, graag",
        "goodbye_no": "Nee, liever niet",
        "vote": "👍 Voor",
        "poll": "/stemming",
    },
    "en": {
        "moveout": "/moveout",
        "aftercare": "/aftercare",
        "link": "/setup aftercare",
        "yes": "🏡 Yes, I'm moving out",
        "no": "✖️ No, that's not right",
        "goodbye_yes": "👋 Yes, please",
        "goodbye_no": "No, thanks",
        "vote": "👍 For",
        "poll": "/poll",
    },
}


@dataclass
class Aftercare:
    """De Boog (see `make_rota`: Anna, Bram the chair, Carla and Dirk live there, all with the
    private chat open), with Fien, who moved out earlier, and the aftercare group "Nazorg De
    Boog" (Bram is its admin; Fien is in it). The bot is an admin of both groups."""

    house: House
    dirk: FakeUser
    fien: FakeUser
    nazorg: FakeChat
    language: str

    @property
    def bot(self) -> Bot:
        return self.house.bot

    @property
    def w(self) -> dict[str, str]:
        return WORDS[self.language]

    async def group(self, user: FakeUser, text: str) -> Reply:
        return await self.bot.driver.send(user, text, chat=self.house.group)

    async def private(self, user: FakeUser, text: str) -> Reply:
        return await self.bot.driver.send(user, text)

    async def tap(self, user: FakeUser, message: FakeMessage, button: str | int) -> Reply:
        return await self.bot.driver.tap(user, message, button)

    @property
    def link(self) -> dict[str, object]:
        return self.bot.tg.invite_links(self.nazorg)[-1]


async def make_aftercare(bot: Bot, language: str = "nl", *, link: bool = True) -> Aftercare:
    rota = await make_rota(bot, language)
    house, tg = rota.house, bot.tg
    fien = tg.add_user("Fien", username="fien", language_code=language)
    house.group.members[fien.id] = fien
    tg.start_bot(fien)
    await set_member(
        bot.database, fien, MemberStatus.FORMER_RESIDENT, private_chat=PrivateChat.OPEN
    )
    tg.set_bot_admin(house.group, is_admin=True)
    nazorg = tg.add_group(
        "Nazorg De Boog", members=[house.bram, fien], admins=[house.bram], bot_in_group=False
    )
    await bot.driver.bot_added(nazorg, by=house.bram, as_admin=True)
    care = Aftercare(house, rota.dirk, fien, nazorg, language)
    if link:
        reply = await bot.driver.send(house.bram, care.w["link"], chat=nazorg)
        assert len(reply.to(nazorg)) == 1, reply.texts
    return care


async def status_of(bot: Bot, user: FakeUser) -> tuple[MemberStatus, StatusSource, bool]:
    async with bot.database.transaction() as session:
        member = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == user.id)
        ).one()
        return member.status, member.status_source, member.in_group


# --- linking the aftercare group ---------------------------------------------------------


async def test_an_admin_of_the_aftercare_group_links_it_to_the_house(bot: Bot) -> None:
    care = await make_aftercare(bot, link=False)
    h, tg, driver, nazorg = care.house, bot.tg, bot.driver, care.nazorg
    reply = await driver.send(h.bram, "/nazorg", chat=nazorg)
    assert reply.texts == [
        "Is dit de nazorggroep van jullie huis? Dan stuurt een groepsbeheerder: /instellen nazorg"
    ]
    reply = await care.group(h.bram, "/setup nazorg")
    assert reply.texts == [
        "Dit is de groep van de bewoners. De nazorggroep is een aparte groep. "
        "Stuur /instellen nazorg in die groep."
    ]
    reply = await care.group(h.bram, "/nazorg koppel")
    assert reply.texts == ["Stuur /instellen nazorg in de nazorggroep zelf, niet hier."]
    reply = await driver.send(care.fien, "/setup nazorg", chat=nazorg)
    assert reply.texts == ["Alleen een groepsbeheerder kan dit doen."]
    tg.set_admin(nazorg, care.fien)
    reply = await driver.send(care.fien, "/setup nazorg", chat=nazorg)
    assert reply.texts == [
        "Alleen de voorzitter van een huis, of een groepsbeheerder van de groep van de "
        "bewoners, kan de nazorggroep met het huis verbinden. Dat ben jij (nog) niet."
    ]
    tg.set_bot_admin(nazorg, is_admin=True, can_invite_users=False)
    reply = await driver.send(h.bram, "/setup nazorg", chat=nazorg)
    assert reply.texts == [
        "Maak mij eerst groepsbeheerder van deze groep, met het recht om mensen uit te nodigen. "
        "Stuur daarna opnieuw /instellen nazorg."
    ]
    tg.set_bot_admin(nazorg, is_admin=True, can_invite_users=True)
    reply = await driver.send(h.bram, "/setup nazorg", chat=nazorg)
    assert reply.to(nazorg)[0].text == (
        "🤝 Dit is nu de nazorggroep van De Boog. Welkom allemaal!\n"
        "Oud-bewoners krijgen van mij een uitnodiging. Vraagt iemand om erbij te komen? "
        "Dan laat ik oud-bewoners binnen."
    )
    assert reply.to(h.group)[0].text == (
        "🤝 Bram heeft de nazorggroep met het huis verbonden. "
        "Wie verhuist, krijgt van mij een uitnodiging voor die groep."
    )
    link = care.link
    assert link["creates_join_request"] is True and link["name"] == "Nazorg"
    async with bot.database.transaction() as session:
        settings = session.scalars(select(AftercareSettings)).one()
        assert settings.group_chat_id == nazorg.id
        assert settings.invite_link == link["invite_link"]
        assert settings.next_round_at == DECEMBER
    assert bot.scheduler.scheduled(f"aftercare-round-{settings.house_id}")
    reply = await driver.send(care.fien, "/nazorg", chat=nazorg)
    assert reply.texts == ["🤝 Dit is de nazorggroep van De Boog. Fijn dat je er bent!"]
    # The chair sees how it is set up.
    reply = await care.group(h.bram, "/nazorg")
    assert reply.last.text == (
        "🤝 Nazorg van De Boog\n"
        "Nazorggroep: verbonden ✅\n"
        "Ondersteuners mogen in de nazorggroep: nee\n"
        "Elke maand 'Hoe gaat het?' aan oud-bewoners: ja"
    )


async def test_linking_in_english_and_the_chair_without_a_group_is_told_how(bot: Bot) -> None:
    care = await make_aftercare(bot, "en", link=False)
    h, driver = care.house, bot.driver
    reply = await care.group(h.bram, "/aftercare")
    assert reply.last.text == (
        "🤝 Aftercare of De Boog\n"
        "Aftercare group: not connected yet\n"
        "Supporters may join the aftercare group: no\n"
        "Every month 'How are you?' to former residents: yes\n\n"
        "How to make an aftercare group: make a separate Telegram group for former residents. "
        "Add me and make me an admin, with the right to invite users. "
        "Then send in that group: /setup aftercare. Then the group is connected to the house."
    )
    reply = await care.group(h.bram, "/aftercare help Who can cook on Friday?")
    assert reply.texts == [
        "There is no aftercare group yet. Type /aftercare to see how to make one."
    ]
    reply = await driver.send(h.bram, "/setup aftercare", chat=care.nazorg)
    assert reply.to(care.nazorg)[0].text.startswith(
        "🤝 This is now the aftercare group of De Boog. Welcome, everyone!"
    )
    assert reply.to(h.group)[0].text == (
        "🤝 Bram connected the aftercare group to the house. "
        "Whoever moves out gets an invitation to that group from me."
    )


# --- moving out --------------------------------------------------------------------------


SELF = {
    "nl": {
        "see_private": "📩 Ik heb je een privébericht gestuurd.",
        "confirm": (
            "🏡 Ga je verhuizen uit De Boog?\n"
            "Als je ja zegt:\n"
            "• sta je in de lijst als oud-bewoner;\n"
            "• sta je niet meer op het rooster;\n"
            "• stem je niet meer mee over het huis.\n"
            "Je blijft welkom. Kom gerust eens langs!"
        ),
        "announced": "🏡 Dirk is verhuisd en is nu oud-bewoner (was: bewoner).",
        "done": (
            "✅ Je bent nu oud-bewoner van De Boog. Leuk dat je er was! 💛\n"
            "Ik zet in de groep dat je verhuisd bent. Wil je er een afscheid bij?"
        ),
        "invite": (
            "🤝 De Boog heeft een nazorggroep voor oud-bewoners. Zo blijf je in contact met "
            "elkaar. Tik op de knop om erbij te komen: ik laat je binnen."
        ),
        "join": "🤝 Naar de nazorggroep",
        "no_goodbye": "Oké. In de groep staat alleen dat je verhuisd bent.",
        "no_vote": "Oud-bewoners stemmen niet mee over het huis. Er is niets opgeslagen.",
    },
    "en": {
        "see_private": "📩 I've sent you a private message.",
        "confirm": (
            "🏡 Are you moving out of De Boog?\n"
            "If you say yes:\n"
            "• the list shows you as a former resident;\n"
            "• you are no longer on the rota;\n"
            "• you no longer vote on house matters.\n"
            "You stay welcome. Drop by any time!"
        ),
        "announced": "🏡 Dirk has moved out and is now a former resident (was: resident).",
        "done": (
            "✅ You are now a former resident of De Boog. It was lovely having you! 💛\n"
            "I'll tell the group that you moved out. Would you like a goodbye with it?"
        ),
        "invite": (
            "🤝 De Boog has an aftercare group for former residents, to stay in touch with each "
            "other. Tap the button to join: I'll let you in."
        ),
        "join": "🤝 Join the aftercare group",
        "no_goodbye": "Okay. The group only reads that you moved out.",
        "no_vote": "Former residents do not vote on the house. Nothing was saved.",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_resident_moves_out_themself_leaves_the_rota_and_loses_the_vote(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, dirk, w, texts = care.house, care.dirk, care.w, SELF[language]
    koken = await rota_task(care)
    for user in (h.anna, h.carla, dirk):
        await join_as_it_comes(bot, user, koken)
    before = await holders(bot, "koken" if language == "nl" else "cooking")
    dirk_days = [day for day, names in before.items() if "Dirk" in names and day > MONDAY]
    assert dirk_days

    reply = await care.group(dirk, w["moveout"])
    assert reply.to(h.group)[0].text == texts["see_private"]
    question = reply.to(dirk)[0]
    assert question.text == texts["confirm"]
    assert [b.text for b in bot.tg.all_buttons(question)] == [w["yes"], w["no"]]
    assert (await status_of(bot, dirk))[0] == MemberStatus.RESIDENT  # nothing changed yet

    reply = await care.tap(dirk, question, w["yes"])
    assert reply.to(h.group) == []  # asked first: the group hears it once, after the goodbye
    assert question.text == texts["done"]
    assert [b.text for b in bot.tg.all_buttons(question)] == [w["goodbye_yes"], w["goodbye_no"]]
    invite = reply.to(dirk)[-1]
    assert invite.text == texts["invite"]
    assert bot.tg.all_buttons(invite)[0].text == texts["join"]
    assert bot.tg.all_buttons(invite)[0].url == care.link["invite_link"]
    assert await status_of(bot, dirk) == (MemberStatus.FORMER_RESIDENT, StatusSource.SELF, True)
    after = await holders(bot, "koken" if language == "nl" else "cooking")
    assert all("Dirk" not in names for names in after.values())
    assert all(after[day] for day in dirk_days)  # each of his turns went to someone else

    # No goodbye: the group reads only that he moved out.
    reply = await care.tap(dirk, question, w["goodbye_no"])
    assert [m.text for m in reply.to(h.group)] == [texts["announced"]]
    assert question.text == texts["done"] + "\n\n" + texts["no_goodbye"]
    assert bot.tg.all_buttons(question) == []

    # The vote is gone: a poll's button tells him so, and nothing is stored.
    poll = (await care.group(h.bram, f"{w['poll']} Een kat?")).to(h.group)[0]
    reply = await care.tap(dirk, poll, w["vote"])
    assert reply.popup == texts["no_vote"]
    reply = await care.group(dirk, w["moveout"])
    assert reply.texts == [
        "Dat is al gebeurd: in de lijst staat al oud-bewoner."
        if language == "nl"
        else "That is done already: the list already says former resident."
    ]


async def rota_task(care: Aftercare) -> FakeMessage:
    """The chair makes a daily task ("koken" / "cooking") with a backup; returns its
    announcement in the group, whose first button opts in."""
    h = care.house
    words = "/rooster nieuw koken" if care.language == "nl" else "/rota new cooking"
    reply = await care.private(h.bram, words)
    save = "✅ Opslaan" if care.language == "nl" else "✅ Save"
    reply = await care.tap(h.bram, reply.last, save)
    return reply.to(h.group)[0]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_goodbye_in_the_group_only_when_they_want_one(bot: Bot, language: str) -> None:
    care = await make_aftercare(bot, language)
    h, w = care.house, care.w
    question = (await care.private(h.carla, w["moveout"])).last
    reply = await care.tap(h.carla, question, w["yes"])
    assert reply.to(h.group) == []  # nothing before she answered
    reply = await care.tap(h.carla, question, w["goodbye_yes"])
    assert [m.text for m in reply.to(h.group)] == [  # one message: the move and the goodbye
        "🏡 Carla de Vries is verhuisd en is nu oud-bewoner (was: bewoner).\n\n"
        "👋 Leuk dat je er was, Carla! Veel geluk in je nieuwe huis. Kom gerust eens langs. 💛"
        if language == "nl"
        else "🏡 Carla de Vries has moved out and is now a former resident (was: resident).\n\n"
        "👋 It was lovely having you here, Carla! Good luck in your new home. Drop by any time. 💛"
    ]
    assert question.text.endswith(
        "👋 Je afscheid staat in de groep."
        if language == "nl"
        else "👋 Your goodbye is in the group."
    )
    # Once: an old button does not post it again.
    reply = await bot.driver.tap_data(h.carla, question, f"agb|{await member_id(bot, h.carla)}|1")
    assert reply.to(h.group) == []
    assert reply.popup is not None


async def member_id(bot: Bot, user: FakeUser) -> int:
    async with bot.database.transaction() as session:
        return int(
            session.scalars(
                select(Member.id).join(Person).where(Person.telegram_id == user.id)
            ).one()
        )


CHAIR = {
    "nl": {
        "pick": (
            "🏡 Wie gaat er verhuizen? Tik op de naam.\n"
            "Ik vraag het die persoon eerst zelf, privé. Er verandert niets tot die persoon ja "
            "zegt."
        ),
        "only_chair": (
            "Alleen de voorzitter kan dit voor iemand anders doen. Ga je zelf verhuizen? "
            "Typ /verhuizen."
        ),
        "asked": "📩 Ik heb Dirk privé gevraagd of het klopt. Er verandert niets tot Dirk ja zegt.",
        "confirm": "🏡 Bram geeft door dat je verhuist uit De Boog. Klopt dat?\n",
        "not_moving": "Oké, er verandert niets. Fijn dat je er bent!",
        "declined": (
            "Dirk zegt dat het niet klopt: Dirk gaat niet verhuizen. Er is niets veranderd."
        ),
        "announced": "🏡 Dirk is verhuisd en is nu oud-bewoner (was: bewoner). Bram gaf het door.",
        "confirmed": "✅ Dirk heeft het bevestigd en is nu oud-bewoner.",
        "unreachable": (
            "Ik kan Anna niet privé bereiken. Vraag Anna om de privéchat met mij te openen "
            "(via /hulp in de groep). Er is niets veranderd."
        ),
    },
    "en": {
        "pick": (
            "🏡 Who is moving out? Tap the name.\n"
            "I ask that person first, privately. Nothing changes until they say yes."
        ),
        "only_chair": (
            "Only the chair can do this for someone else. Are you moving out yourself? "
            "Type /moveout."
        ),
        "asked": "📩 I've asked Dirk privately if it's right. Nothing changes until Dirk says yes.",
        "confirm": "🏡 Bram says you are moving out of De Boog. Is that right?\n",
        "not_moving": "Okay, nothing changes. Glad you're here!",
        "declined": "Dirk says it's not right: Dirk is not moving out. Nothing has changed.",
        "announced": (
            "🏡 Dirk has moved out and is now a former resident (was: resident). Bram passed it on."
        ),
        "confirmed": "✅ Dirk confirmed and is now a former resident.",
        "unreachable": (
            "I can't reach Anna privately. Ask Anna to open the private chat with me "
            "(via /help in the group). Nothing has changed."
        ),
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_chair_says_someone_moves_out_and_nothing_changes_until_they_confirm(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, dirk, w, texts, tg = care.house, care.dirk, care.w, CHAIR[language], bot.tg
    koken = await rota_task(care)
    await join_as_it_comes(bot, dirk, koken)
    await join_as_it_comes(bot, h.anna, koken)
    task = "koken" if language == "nl" else "cooking"
    assert any("Dirk" in names for names in (await holders(bot, task)).values())

    picker = (await care.group(h.bram, w["moveout"])).to(h.group)[0]
    assert picker.text == texts["pick"]
    assert [b.text for b in tg.all_buttons(picker)] == [  # a person to pick: with @username
        "Anna (@anna)",
        "Bram (@bram)",
        "Carla de Vries",
        "Dirk",
    ]
    reply = await care.tap(h.carla, picker, "Dirk")
    assert reply.popup == texts["only_chair"]
    assert reply.to(dirk) == []

    reply = await care.tap(h.bram, picker, "Dirk")
    assert picker.text == texts["asked"]
    question = reply.to(dirk)[0]
    assert question.text.startswith(texts["confirm"])
    assert reply.to(h.group) == []
    assert (await status_of(bot, dirk))[0] == MemberStatus.RESIDENT

    # Dirk says it is not right: nothing changes, the chair hears it.
    reply = await care.tap(dirk, question, w["no"])
    assert question.text == texts["not_moving"]
    assert [m.text for m in reply.to(h.bram)] == [texts["declined"]]
    assert reply.to(h.group) == []
    assert (await status_of(bot, dirk))[0] == MemberStatus.RESIDENT
    reply = await care.tap(dirk, question, w["yes"]) if tg.all_buttons(question) else None
    assert reply is None  # the buttons are gone

    # Asked again, Dirk confirms.
    picker = (await care.group(h.bram, w["moveout"])).to(h.group)[0]
    question = (await care.tap(h.bram, picker, "Dirk")).to(dirk)[0]
    reply = await care.tap(dirk, question, w["yes"])
    assert reply.to(h.group) == []  # first his goodbye question
    assert [m.text for m in reply.to(h.bram)] == [texts["confirmed"]]
    reply = await bot.advance(hours=23)
    assert "Dirk" not in " ".join(m.text for m in reply.to(h.group))  # (rota reminders only)
    reply = await bot.advance(hours=1)  # a day without an answer: the group hears it, once
    assert [m.text for m in reply.to(h.group)] == [texts["announced"]]
    reply = await care.tap(dirk, question, w["goodbye_no"])
    assert reply.to(h.group) == []
    assert await status_of(bot, dirk) == (
        MemberStatus.FORMER_RESIDENT,
        StatusSource.MANAGER,
        True,
    )
    assert all("Dirk" not in names for names in (await holders(bot, task)).values())

    # Someone the bot cannot reach privately is not changed: the chair is told.
    await set_member(bot.database, h.anna, MemberStatus.RESIDENT, private_chat=PrivateChat.CLOSED)
    picker = (await care.group(h.bram, w["moveout"])).to(h.group)[0]
    reply = await care.tap(h.bram, picker, "Anna")
    assert reply.popup == texts["unreachable"]
    assert (await status_of(bot, h.anna))[0] == MemberStatus.RESIDENT


# --- join requests to the aftercare group ------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_join_requests_former_residents_in_everyone_else_declined_with_a_note(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, tg, driver, nazorg = care.house, bot.tg, bot.driver, care.nazorg
    dirk = care.dirk
    # Dirk moves out and uses the link he is offered.
    question = (await care.private(dirk, care.w["moveout"])).last
    await care.tap(dirk, question, care.w["yes"])
    reply = await driver.join_request(nazorg, dirk, invite_link=care.link)
    assert [m.text for m in reply.to(dirk)] == [
        "Welkom in de nazorggroep van De Boog, Dirk! 🤝 Leuk dat je erbij komt. "
        "Je kunt nu in de groep."
        if language == "nl"
        else "Welcome to the aftercare group of De Boog, Dirk! 🤝 Glad you're joining. "
        "You can now enter the group."
    ]
    assert dirk.id in nazorg.members
    assert tg.pending_join_requests(nazorg) == []
    assert reply.to(nazorg) == []

    # A resident, a guest and a stranger are declined, each with a polite private note.
    gert = tg.add_user("Gert", language_code=language)
    h.group.members[gert.id] = gert
    await set_member(bot.database, gert, MemberStatus.GUEST)
    stranger = tg.add_user("Xander", language_code=language)
    for user in (h.carla, gert, stranger):
        reply = await driver.join_request(nazorg, user, invite_link=care.link)
        note = (
            f"Hoi {user.first_name}! De nazorggroep van De Boog is voor oud-bewoners. Daarom "
            "laat ik je er niet in. Denk je dat dit niet klopt? Vraag het aan de voorzitter "
            "van De Boog."
            if language == "nl"
            else f"Hi {user.first_name}! The aftercare group of De Boog is for former "
            "residents, so I can't let you in. Do you think this is a mistake? Ask the chair "
            "of De Boog."
        )
        assert [m.text for m in reply.to(user)] == [note]
        assert user.id not in nazorg.members
    assert tg.pending_join_requests(nazorg) == []
    assert tg.calls_of("declineChatJoinRequest")[-1].ok

    # Supporters only when the house allows it.
    petra = tg.add_user("Petra", language_code=language)
    h.group.members[petra.id] = petra
    await set_member(bot.database, petra, MemberStatus.SUPPORTER)
    reply = await driver.join_request(nazorg, petra, invite_link=care.link)
    assert petra.id not in nazorg.members
    settings = (await care.group(h.bram, care.w["aftercare"])).last
    label = "👥 Ondersteuners erin: nee" if language == "nl" else "👥 Supporters may join: no"
    await care.tap(h.bram, settings, label)
    assert (
        "Ondersteuners mogen in de nazorggroep: ja"
        if language == "nl"
        else "Supporters may join the aftercare group: yes"
    ) in settings.text
    reply = await care.tap(h.carla, settings, 1)
    assert reply.popup is not None and reply.popup.startswith(
        "Alleen de voorzitter" if language == "nl" else "Only the chair"
    )
    reply = await driver.join_request(nazorg, petra, invite_link=care.link)
    assert petra.id in nazorg.members


async def test_a_join_request_to_the_residents_group_is_still_house_business(bot: Bot) -> None:
    care = await make_aftercare(bot)
    tg, h = bot.tg, care.house
    tg.set_bot_admin(h.group, is_admin=True, can_invite_users=True)
    eva = tg.add_user("Eva")
    settings = (await bot.driver.send(h.anna, "/setup", chat=h.group)).last
    await bot.driver.tap(h.anna, settings, "🔗")  # the house's own link (admission, issue 12)
    link = tg.invite_links(h.group)[-1]
    reply = await bot.driver.join_request(h.group, eva, invite_link=link)
    assert reply.to(eva)[0].text.split("!")[0] == "Welkom bij De Boog, Eva"
    assert eva.id in h.group.members


async def test_the_aftercare_group_becoming_a_supergroup_stays_linked(bot: Bot) -> None:
    care = await make_aftercare(bot)
    new = await bot.driver.migrate(care.nazorg, by=care.house.bram)
    async with bot.database.transaction() as session:
        assert session.scalars(select(AftercareSettings)).one().group_chat_id == new.id
    reply = await care.group(care.house.bram, "/nazorg hulp Wie kookt vrijdag?")
    assert len(reply.to(new)) == 1


class Transactions:
    """Counts the database transactions opened while it is installed."""

    def __init__(self, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = bot.database.transaction

        def counted() -> Any:
            self.count += 1
            return real()

        monkeypatch.setattr(bot.database, "transaction", counted)


async def test_each_aftercare_update_is_one_transaction(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    care = await make_aftercare(bot)
    h, tg, driver = care.house, bot.tg, bot.driver
    transactions = Transactions(bot, monkeypatch)
    reply = await driver.join_request(care.nazorg, care.fien, invite_link=care.link)
    assert care.fien.id in care.nazorg.members and len(reply.to(care.fien)) == 1
    assert transactions.count == 1
    # Leaving the residents' group: a service message and a chat_member update, each handled
    # once, in one transaction each; the chair is asked once.
    updates = tg.user_left(h.group, care.dirk)
    assert len(updates) == 2
    transactions.count = 0
    reply = await driver._deliver_all(updates)
    assert transactions.count == 2
    assert len(reply.to(h.bram)) == 1
    transactions.count = 0
    new = await driver.migrate(care.nazorg, by=h.bram)
    assert transactions.count == 2  # one service message in each chat
    async with bot.database.transaction() as session:
        assert session.scalars(select(AftercareSettings)).one().group_chat_id == new.id


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_setup_in_the_aftercare_group_is_not_a_house_and_unlinks_on_request(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, driver, nazorg = care.house, bot.driver, care.nazorg
    nl = language == "nl"
    reply = await driver.send(h.bram, "/setup", chat=nazorg)
    assert reply.texts == [
        "Dit is de nazorggroep van De Boog, geen huis. /instellen is voor de groep van de "
        "bewoners. Wil je deze groep los van het huis maken? Stuur: /instellen nazorg ontkoppel"
        if nl
        else "This is the aftercare group of De Boog, not a house. /setup is for the "
        "residents' group. Disconnect it from the house? Send: /setup aftercare unlink"
    ]
    async with bot.database.transaction() as session:
        assert len(session.scalars(select(HouseRow.id)).all()) == 1  # no second house

    reply = await driver.send(care.fien, "/help" if not nl else "/hulp", chat=nazorg)
    assert reply.texts[0].startswith(
        "🤝 Dit is de nazorggroep van De Boog. Hier houden oud-bewoners en het huis contact."
        if nl
        else "🤝 This is the aftercare group of De Boog. Former residents and the house stay "
        "in touch here."
    )
    unlink = "/setup nazorg ontkoppel" if nl else "/setup aftercare unlink"
    reply = await driver.send(care.fien, unlink, chat=nazorg)
    assert reply.texts == [
        "Alleen een groepsbeheerder kan dit doen."
        if nl
        else "Only an admin of this group can do this."
    ]
    reply = await driver.send(h.bram, unlink, chat=nazorg)
    assert len(reply.to(nazorg)) == 1 and len(reply.to(h.group)) == 1
    async with bot.database.transaction() as session:
        assert session.scalars(select(AftercareSettings)).one().group_chat_id is None
    # Unlinked, the group can be set up again.
    reply = await driver.send(h.bram, care.w["link"], chat=nazorg)
    assert len(reply.to(h.group)) == 1
    async with bot.database.transaction() as session:
        assert session.scalars(select(AftercareSettings)).one().group_chat_id == nazorg.id


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_chair_who_moves_out_is_no_longer_chair(bot: Bot, language: str) -> None:
    care = await make_aftercare(bot, language)
    h, w = care.house, care.w
    picker = (await care.private(h.bram, w["moveout"])).last
    question = (await care.tap(h.bram, picker, "Bram")).last  # the chair picks himself
    reply = await care.tap(h.bram, question, w["yes"])
    reply = await care.tap(h.bram, question, w["goodbye_no"])  # the group hears it then
    assert [m.text for m in reply.to(h.group)] == [
        "🏡 Bram is verhuisd en is nu oud-bewoner (was: bewoner).\n"
        "Bram is nu geen voorzitter meer. Kies in de vergadering wie het overneemt."
        if language == "nl"
        else "🏡 Bram has moved out and is now a former resident (was: resident).\n"
        "Bram is no longer chair. Choose at the meeting who takes over."
    ]
    async with bot.database.transaction() as session:
        bram = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == h.bram.id)
        ).one()
        assert bram.role_set == frozenset()


# --- the monthly "how are you?" ----------------------------------------------------------


SCALE = {
    "nl": ["😄 Heel goed", "🙂 Goed", "😐 Gaat wel", "😕 Niet zo goed", "😞 Slecht"],
    "en": ["😄 Very good", "🙂 Good", "😐 Okay", "😕 Not so good", "😞 Bad"],
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_monthly_question_shares_with_the_aftercare_group_and_can_be_turned_off(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, fien, dirk, nazorg, tg = care.house, care.fien, care.dirk, care.nazorg, bot.tg
    question = (await care.private(dirk, care.w["moveout"])).last
    await care.tap(dirk, question, care.w["yes"])
    reply = await bot.advance(DECEMBER - bot.clock.now() - timedelta(minutes=1))
    assert all("👋" not in m.text for m in reply.to(fien))
    reply = await bot.advance(minutes=1)
    asked = {m.chat.id: m for m in reply.sent if m.chat.type == "private"}
    assert set(asked) == {fien.id, dirk.id}  # former residents only, privately
    assert reply.to(nazorg) == [] and reply.to(h.group) == []
    question = asked[fien.id]
    assert question.text == (
        "👋 Hoe gaat het met je?\nDe Boog denkt aan je. Tik wat past. Antwoorden hoeft niet."
        if language == "nl"
        else "👋 How are you?\nDe Boog is thinking of you. Tap what fits. You don't have to answer."
    )
    stop = "🔕 Niet meer vragen" if language == "nl" else "🔕 Don't ask me any more"
    assert [b.text for b in tg.all_buttons(question)] == [*SCALE[language], stop]

    # Fien: a level, a note, shared with the aftercare group.
    reply = await care.tap(fien, question, SCALE[language][1])
    prompt = reply.to(fien)[-1]
    reply = await bot.driver.send(fien, "Mijn nieuwe huis is fijn", reply_to=prompt)
    share = reply.last
    assert [b.text for b in tg.all_buttons(share)] == (
        ["👥 De nazorggroep", "🪑 Alleen de voorzitter", "🔒 Alleen ik"]
        if language == "nl"
        else ["👥 The aftercare group", "🪑 Only the chair", "🔒 Only me"]
    )
    assert (
        "🪑 Alleen de voorzitter: Bram (@bram)."  # whom to trust: with @username
        if language == "nl"
        else "🪑 Only the chair: Bram (@bram)."
    ) in (share.text)
    group_button = "👥 De nazorggroep" if language == "nl" else "👥 The aftercare group"
    reply = await care.tap(fien, share, group_button)
    assert [m.text for m in reply.to(nazorg)] == [
        f"☕ Fien: {SCALE[language][1]} — Mijn nieuwe huis is fijn"
    ]
    assert reply.to(h.group) == [] and reply.to(h.bram) == []
    assert share.text.endswith(
        "✅ Dank je! Het staat in de nazorggroep."
        if language == "nl"
        else "✅ Thank you! It's in the aftercare group."
    )

    # Dirk does not want it any more.
    reply = await care.tap(dirk, asked[dirk.id], stop)
    assert asked[dirk.id].text == (
        "🔕 Oké, ik vraag het niet meer. Wil je het toch weer? Typ /nazorg."
        if language == "nl"
        else "🔕 Okay, I won't ask any more. Changed your mind? Type /aftercare."
    )
    reply = await bot.advance(JANUARY - bot.clock.now())
    assert [m.chat.id for m in reply.sent if m.chat.type == "private"] == [fien.id]


async def test_the_monthly_round_survives_a_restart_and_catches_up_once(bot: Bot) -> None:
    care = await make_aftercare(bot)
    tg, fien = bot.tg, care.fien
    # A restart before the round: the job is rebuilt from the database.
    await bot.driver.stop()
    restarted = await start_bot(tg, bot.clock, bot.database, bot.time)
    try:
        reply = await restarted.advance(DECEMBER - restarted.clock.now())
        assert [m.chat.id for m in reply.sent if "👋" in m.text] == [fien.id]
        # Down over the January round: it runs at once after the start, once.
        await restarted.driver.stop()
        restarted.clock.set(JANUARY + timedelta(days=2))
        again = await start_bot(tg, restarted.clock, restarted.database, restarted.time)
        try:
            sent = [
                c
                for c in tg.calls_of("sendMessage")
                if str(c.params.get("chat_id")) == str(fien.id) and "👋" in str(c.params["text"])
            ]
            assert len(sent) == 2
            reply = await again.advance(days=3)
            assert [m for m in reply.to(fien) if "👋" in m.text] == []
            async with again.database.transaction() as session:
                rounds = session.scalars(select(AftercareCheckin.round_at)).all()
                settings = session.scalars(select(AftercareSettings)).one()
            assert sorted(rounds) == [DECEMBER, JANUARY]
            assert settings.next_round_at == datetime(2027, 2, 1, 10, 0, tzinfo=UTC)
        finally:
            await again.driver.stop()
    finally:
        if restarted.driver.application.running:
            await restarted.driver.stop()


async def test_the_monthly_round_is_sent_after_its_commit_and_each_question_is_kept(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The monthly round does not hold the database while Telegram takes its time: each
    question goes out after the job's commit; its message is kept afterwards. A former resident
    who blocked the bot (unknown to it) is found out then: their private chat is closed."""
    care = await make_aftercare(bot)
    fien, dirk = care.fien, care.dirk
    question = (await care.private(dirk, care.w["moveout"])).last
    await care.tap(dirk, question, care.w["yes"])
    bot.tg.block_bot(dirk)
    sends = Sends(bot, monkeypatch)
    reply = await bot.advance(DECEMBER - bot.clock.now())
    assert sorted(sends.of("Hoe gaat het met je?")) == sorted([(fien.id, True), (dirk.id, True)])
    question = reply.to(fien)[0]
    assert reply.to(dirk) == []
    async with bot.database.transaction() as session:
        rows = {
            person.telegram_id: (checkin, person)
            for checkin, person in session.execute(
                select(AftercareCheckin, Person)
                .join(Member, AftercareCheckin.member_id == Member.id)
                .join(Person, Member.person_id == Person.id)
            ).all()
        }
        assert (rows[fien.id][0].chat_id, rows[fien.id][0].message_id) == (
            fien.id,
            question.message_id,
        )
        assert rows[dirk.id][0].message_id is None
        assert rows[dirk.id][1].private_chat == PrivateChat.CLOSED
    reply = await care.tap(fien, question, SCALE["nl"][1])  # the question works
    assert [m.text for m in reply.sent] == ["✍️ Je notitie, kort (mag ook niet):"]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_low_answer_offers_a_person_and_the_support_numbers(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    fien, tg = care.fien, bot.tg
    petra = tg.add_user("Petra", language_code=language)
    care.house.group.members[petra.id] = petra
    tg.start_bot(petra)
    await set_member(
        bot.database, petra, MemberStatus.SUPPORTER, Role.CONFIDANT, private_chat=PrivateChat.OPEN
    )
    question = (await bot.advance(DECEMBER - bot.clock.now())).to(fien)[0]
    reply = await care.tap(fien, question, SCALE[language][4])
    offer, question = question, reply.to(fien)[0]  # the offer in place; the note's step below
    assert (
        "💛 Fijn dat je het laat weten." if language == "nl" else "💛 Good that you let us know."
    ) in offer.text
    assert "113" in offer.text
    button = (
        "💬 Vraag Petra (vertrouwenspersoon)" if language == "nl" else "💬 Ask Petra (confidant)"
    )
    assert [b.text for b in tg.all_buttons(offer)] == [button]
    await care.tap(fien, offer, button)
    send = "✅ Ja, stuur het" if language == "nl" else "✅ Yes, send it"
    reply = await care.tap(fien, offer, send)
    assert len(reply.to(petra)) == 1
    assert "Fien" in reply.to(petra)[0].text and "Slecht" not in reply.to(petra)[0].text
    # Keep it to myself: it goes nowhere.
    reply = await care.tap(fien, question, "➡️ Geen notitie" if language == "nl" else "➡️ No note")
    reply = await care.tap(fien, question, "🔒 Alleen ik" if language == "nl" else "🔒 Only me")
    assert reply.to(care.nazorg) == [] and reply.to(care.house.bram) == []


# --- help requests -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_help_request_the_group_sees_a_count_the_chair_sees_names(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, fien, dirk, nazorg, driver = care.house, care.fien, care.dirk, care.nazorg, bot.driver
    command = "/nazorg hulp" if language == "nl" else "/aftercare help"
    question = "Wie helpt zaterdag met een verhuizing?"
    reply = await care.group(fien, f"{command} {question}")  # a former resident
    assert reply.texts == [
        "Een hulpvraag aan de nazorggroep kan iedereen stellen die hier woont."
        if language == "nl"
        else "Anyone who lives here can ask the aftercare group for help."
    ]
    reply = await care.group(h.bram, command)
    assert reply.texts[0].startswith(
        "Schrijf de vraag achter het commando." if language == "nl" else "Write the question"
    )
    reply = await care.group(h.bram, f"{command} {question}")
    assert reply.to(h.group)[0].text == (
        "✅ Je vraag staat in de nazorggroep. Ik laat je privé weten wie er helpt."
        if language == "nl"
        else "✅ Your question is in the aftercare group. I'll tell you privately who offers help."
    )
    posted = reply.to(nazorg)[0]
    assert posted.text == (
        "🙋 Hulpvraag van De Boog\n"
        f"{question}\n"
        "Kun je helpen? Tik op de knop. Alleen wie de vraag stelde, ziet wie er helpt.\n\n"
        "Nog niemand heeft zich gemeld."
        if language == "nl"
        else "🙋 Request for help from De Boog\n"
        f"{question}\n"
        "Can you help? Tap the button. Only the one who asked sees who helps.\n\n"
        "Nobody has offered yet."
    )
    button = "🙋 Ik help" if language == "nl" else "🙋 I'll help"
    assert [b.text for b in bot.tg.all_buttons(posted)] == [button]

    nazorg.members[dirk.id] = dirk
    reply = await driver.tap(fien, posted, button)
    assert reply.popup == (
        "💛 Dank je! Ik laat het Bram weten."
        if language == "nl"
        else "💛 Thank you! I'll let Bram know."
    )
    assert posted.text.endswith(
        "🙌 1 persoon helpt mee." if language == "nl" else "🙌 1 person is helping."
    )
    assert [m.text for m in reply.to(h.bram)] == [
        f"🙋 Fien wil helpen met: {question}\nTot nu toe: Fien"
        if language == "nl"
        else f"🙋 Fien would like to help with: {question}\nSo far: Fien"
    ]
    reply = await driver.tap(dirk, posted, button)
    assert posted.text.endswith(
        "🙌 2 mensen helpen mee." if language == "nl" else "🙌 2 people are helping."
    )
    assert reply.to(h.bram)[0].text.endswith(": Fien, Dirk")
    reply = await driver.tap(fien, posted, button)
    assert reply.popup is not None and reply.to(h.bram) == []
    assert posted.text.endswith(
        "2 mensen helpen mee." if language == "nl" else "2 people are helping."
    )
    # The group never reads who offered.
    assert "Fien" not in posted.text and "Dirk" not in posted.text


# --- leaving the group without moving out ------------------------------------------------


LEFT = {
    "nl": {
        "ask": (
            "👋 {name} is uit de groep van De Boog gegaan. Verhuist {name}, of is het iets "
            "anders?\nEr verandert niets vanzelf. Wat wil je doen?"
        ),
        "out": "🏡 Zet op verhuisd",
        "keep": "✋ Laat het zo",
        "kept": "✅ Oké, alles blijft zoals het is voor Dirk.",
        "confirm": "🏡 Bram geeft door dat je verhuist uit De Boog. Klopt dat?\n",
        "done": (
            "✅ Ik kon Anna niet privé bereiken. Zoals jij koos: Anna is nu oud-bewoner. "
            "De groep weet het."
        ),
        "announced": "🏡 Anna is verhuisd en is nu oud-bewoner (was: bewoner). Bram gaf het door.",
    },
    "en": {
        "ask": (
            "👋 {name} left the group of De Boog. Is {name} moving out, or is it something "
            "else?\nNothing changes by itself. What would you like to do?"
        ),
        "out": "🏡 Mark as moved out",
        "keep": "✋ Keep as is",
        "kept": "✅ Okay, everything stays as it is for Dirk.",
        "confirm": "🏡 Bram says you are moving out of De Boog. Is that right?\n",
        "done": (
            "✅ I couldn't reach Anna privately. As you chose: Anna is now a former resident. "
            "The group has been told."
        ),
        "announced": (
            "🏡 Anna has moved out and is now a former resident (was: resident). Bram passed it on."
        ),
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_leaving_the_group_without_moving_out_the_chair_is_asked_nothing_changes(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, dirk, driver, texts = care.house, care.dirk, bot.driver, LEFT[language]
    reply = await driver.user_left(h.group, dirk)
    asked = reply.to(h.bram)
    assert [m.text for m in asked] == [texts["ask"].format(name="Dirk")]  # once, not twice
    assert [b.text for b in bot.tg.all_buttons(asked[0])] == [texts["out"], texts["keep"]]
    assert reply.to(h.group) == [] and reply.to(dirk) == []
    await bot.advance(days=3)
    assert await status_of(bot, dirk) == (MemberStatus.RESIDENT, StatusSource.MANAGER, False)
    reply = await care.tap(h.bram, asked[0], texts["keep"])
    assert asked[0].text == texts["kept"]
    assert await status_of(bot, dirk) == (MemberStatus.RESIDENT, StatusSource.MANAGER, False)

    # Carla leaves; the chair marks her as moved out: she is asked to confirm.
    reply = await driver.user_left(h.group, h.carla)
    question = reply.to(h.bram)[0]
    reply = await care.tap(h.bram, question, texts["out"])
    confirm = reply.to(h.carla)[0]
    assert confirm.text.startswith(texts["confirm"])
    assert (await status_of(bot, h.carla))[0] == MemberStatus.RESIDENT
    await care.tap(h.carla, confirm, care.w["yes"])
    assert (await status_of(bot, h.carla))[0] == MemberStatus.FORMER_RESIDENT

    # Anna leaves and cannot be reached: the chair's choice stands, and is announced.
    bot.tg.block_bot(h.anna)
    reply = await driver.user_left(h.group, h.anna)
    question = reply.to(h.bram)[0]
    reply = await care.tap(h.bram, question, texts["out"])
    assert question.text == texts["done"]
    assert [m.text for m in reply.to(h.group)] == [texts["announced"]]
    assert (await status_of(bot, h.anna))[0] == MemberStatus.FORMER_RESIDENT

    # A former resident leaving is no question.
    reply = await driver.user_left(h.group, care.fien)
    assert reply.to(h.bram) == []


async def test_someone_back_in_the_group_before_the_chair_answers_stays_as_is(bot: Bot) -> None:
    care = await make_aftercare(bot)
    h, dirk, driver = care.house, care.dirk, bot.driver
    question = (await driver.user_left(h.group, dirk)).to(h.bram)[0]
    await driver.user_joined(h.group, dirk)
    await care.tap(h.bram, question, "🏡 Zet op verhuisd")
    assert question.text == "Dirk is weer in de groep. Er is niets veranderd."
    assert await status_of(bot, dirk) == (MemberStatus.RESIDENT, StatusSource.MANAGER, True)
