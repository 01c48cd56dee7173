"""The house and its group: greeting, /setup, settings, invite links, join requests,
supergroup migration, removal, flood limits and "message is not modified"."""

from __future__ import annotations

from bot.storage.models import MemberStatus, PrivateChat
from tests.conftest import Bot, House, make_house
from tests.helpers import member, person, the_house


async def test_bot_added_greets_the_group_and_asks_an_admin_for_setup(bot: Bot) -> None:
    anna = bot.tg.add_user("Anna")
    group = bot.tg.add_group("De Boog", members=[anna], admins=[anna], bot_in_group=False)
    reply = await bot.driver.bot_added(group, by=anna)
    assert len(reply.to(group)) == 1
    greeting = reply.to(group)[0].text
    assert greeting.startswith("Hallo allemaal! 👋 Ik ben Huisbot")
    assert "Een groepsbeheerder kan nu /instellen sturen" in greeting


async def test_setup_by_an_admin_registers_the_house(house: House) -> None:
    registered = await the_house(house.bot.database)
    assert registered.name == "De Boog"
    assert registered.timezone == "Europe/Amsterdam"
    assert registered.language == "nl"
    assert registered.group_chat_id == house.group.id
    texts = [m.text for m in house.tg.messages(house.group)]
    assert "✅ De Boog is aangemeld. Welkom!" in texts
    settings = next(t for t in texts if t.startswith("Instellingen van De Boog"))
    assert "🕒 Tijdzone: Europe/Amsterdam" in settings
    assert "Ik ben geen groepsbeheerder in deze groep" in settings  # what admin rights would add
    card = house.tg.last_bot_message(house.group)
    assert card is not None
    assert [b.text for b in house.tg.all_buttons(card)] == ["🏠 Ik woon hier", "💬 Privéchat"]
    assert (
        house.tg.all_buttons(card)[1].url == f"https://t.me/HuisBot?start={registered.link_token}"
    )


async def test_setup_by_someone_else_is_refused_clearly(bot: Bot) -> None:
    tg = bot.tg
    anna, bram = tg.add_user("Anna"), tg.add_user("Bram")
    group = tg.add_group("De Boog", members=[anna, bram], admins=[anna], bot_in_group=False)
    await bot.driver.bot_added(group, by=anna)
    reply = await bot.driver.send(bram, "/setup", chat=group)
    assert reply.texts == [
        "Alleen een groepsbeheerder kan de instellingen veranderen. "
        "Vraag het aan een groepsbeheerder."
    ]
    async with bot.database.transaction() as session:
        from bot.storage.models import House as HouseRow

        assert session.query(HouseRow).count() == 0
    reply = await bot.driver.send(bram, "/setup")
    assert reply.texts == ["Stuur /instellen in de groep van je huis, niet hier."]


async def test_setup_with_the_bot_name_and_the_dutch_alias(house: House) -> None:
    for command in ("/setup@HuisBot", "/instellen"):
        reply = await house.driver.send(house.anna, command, chat=house.group)
        assert reply.texts[0].startswith("Instellingen van De Boog")
        assert "✅ Klaar" in [b.text for b in house.tg.all_buttons(reply.last)]


async def test_setup_again_changes_language_time_zone_and_name(house: House) -> None:
    driver, anna, group = house.driver, house.anna, house.group
    settings = (await driver.send(anna, "/setup", chat=group)).last

    reply = await driver.tap(anna, settings, "🗣 Taal")
    assert reply.edits[0].text == "Welke taal praat ik in de groep?"
    reply = await driver.tap(anna, settings, "English")
    assert reply.popup == "✅ Language in the group: English"
    assert settings.text.startswith("Settings of De Boog")

    await driver.tap(anna, settings, "🕒 Time zone")
    reply = await driver.tap(anna, settings, "Europe/London")
    assert reply.popup == "✅ Time zone: Europe/London"
    assert "🕒 Time zone: Europe/London" in settings.text

    reply = await driver.tap(anna, settings, "✏️ Name")
    question = reply.to(group)[0]
    assert question.text == "Anna, what is the name of the house? Reply to this message."
    assert question.reply_markup == {"force_reply": True, "selective": True}
    # Bram's answer to Anna's question does not count; Anna's does.
    reply = await driver.send(house.bram, "Bram's Palace", chat=group, reply_to=question)
    assert reply.texts == []
    reply = await driver.send(anna, "  Het   <Anker> ", chat=group, reply_to=question)
    assert reply.texts == ["✅ The house is now called Het <Anker>."]
    assert reply.last.html == "✅ The house is now called Het &lt;Anker&gt;."
    # The question was answered: replying again changes nothing.
    reply = await driver.send(anna, "Something else", chat=group, reply_to=question)
    assert reply.texts == []

    stored = await the_house(house.bot.database)
    assert (stored.name, stored.language, stored.timezone) == (
        "Het <Anker>",
        "en",
        "Europe/London",
    )

    reply = await driver.tap(anna, settings, "✅ Done")
    assert settings.text == "✅ Done. Send /setup to see the settings of Het <Anker> again."
    assert settings.buttons == []


async def test_a_typed_time_zone_is_checked(house: House) -> None:
    driver, anna, group = house.driver, house.anna, house.group
    settings = (await driver.send(anna, "/setup", chat=group)).last
    await driver.tap(anna, settings, "🕒 Tijdzone")
    reply = await driver.tap(anna, settings, "Een andere…")
    question = reply.to(group)[0]
    reply = await driver.send(anna, "Mars/Olympus", chat=group, reply_to=question)
    assert reply.texts == [
        "Die tijdzone ken ik niet: Mars/Olympus. Typ een stad, zoals Amsterdam, of "
        "Europe/Amsterdam.\n\nAnna, typ je antwoord opnieuw als antwoord op dit bericht. "
        "Wil je stoppen? Typ dan: stop"
    ]
    reply = await driver.send(anna, "America/Curacao", chat=group, reply_to=question)
    assert reply.texts == ["✅ Tijdzone: America/Curacao"]
    assert (await the_house(house.bot.database)).timezone == "America/Curacao"


async def test_only_admins_can_use_the_settings_buttons(house: House) -> None:
    settings = (await house.driver.send(house.anna, "/setup", chat=house.group)).last
    before = settings.text
    reply = await house.driver.tap(house.bram, settings, "🗣 Taal")
    assert reply.popup is not None and "Alleen een groepsbeheerder" in reply.popup
    assert reply.edits == [] and settings.text == before
    forged = settings.buttons[0][0].callback_data
    assert forged is not None
    reply = await house.driver.tap_data(house.bram, settings, "slg|1|en")
    assert reply.popup is not None
    assert (await the_house(house.bot.database)).language == "nl"


async def test_invite_link_needs_admin_rights_then_join_requests_are_welcomed(house: House) -> None:
    tg, driver, anna, group = house.tg, house.driver, house.anna, house.group
    settings = (await driver.send(anna, "/setup", chat=group)).last
    reply = await driver.tap(anna, settings, "🔗 Uitnodigingslink")
    assert reply.popup is not None and "Maak mij groepsbeheerder" in reply.popup

    tg.set_bot_admin(group, is_admin=True, can_invite_users=True)
    reply = await driver.tap(anna, settings, "🔗 Uitnodigingslink")
    assert reply.popup == "✅ De uitnodigingslink staat in de instellingen."
    link = tg.invite_links(group)[0]
    assert link["creates_join_request"] is True
    assert f"🔗 Uitnodigingslink: {link['invite_link']}" in settings.text
    assert "Ik ben groepsbeheerder in deze groep" in settings.text

    dirk = tg.add_user("Dirk", language_code="en")
    reply = await driver.join_request(group, dirk, invite_link=link)
    welcome = reply.to(dirk)
    assert len(welcome) == 2  # then the house's "Zo doen wij het hier" (test_a_arriving.py)
    assert welcome[0].text.startswith("Welkom bij De Boog, Dirk! 👋")
    start = tg.all_buttons(welcome[0])[0]
    token = (await the_house(house.bot.database)).link_token
    assert start.url == f"https://t.me/HuisBot?start={token}"
    assert tg.pending_join_requests(group) == []
    assert dirk.id in group.members
    joined = await member(house.bot.database, dirk)
    assert joined is not None and joined.status == MemberStatus.GUEST

    reply = await driver.send(dirk, f"/start {token}")
    assert reply.texts[0].startswith("Hoi Dirk! 👋 Leuk dat je er bent.")
    found = await person(house.bot.database, dirk)
    assert found is not None and found.private_chat == PrivateChat.OPEN


async def test_join_request_for_a_group_without_a_house_is_left_to_its_admins(bot: Bot) -> None:
    tg = bot.tg
    anna, dirk = tg.add_user("Anna"), tg.add_user("Dirk")
    group = tg.add_group("Other", members=[anna], admins=[anna], bot_in_group=False)
    await bot.driver.bot_added(group, by=anna, as_admin=True)
    tg.set_bot_admin(group, is_admin=True, can_invite_users=True)
    reply = await bot.driver.join_request(group, dirk)
    assert reply.sent == []
    assert tg.pending_join_requests(group) == [dirk.id]


async def test_the_house_follows_its_group_to_a_supergroup(house: House) -> None:
    new_group = await house.driver.migrate(house.group)
    assert (await the_house(house.bot.database)).group_chat_id == new_group.id
    reply = await house.driver.send(house.bram, "/leden", chat=new_group)
    assert reply.to(new_group)[0].text.startswith("Leden van De Boog")


async def test_a_send_to_the_old_group_id_follows_the_migration(house: House) -> None:
    """The migration notice was missed: the first send learns the new id and resends."""
    tg, driver, bram = house.tg, house.driver, house.bram
    new_group, _updates = tg.migrate(house.group)  # Telegram migrates; the bot hears nothing
    token = (await the_house(house.bot.database)).link_token
    welcome = (await driver.send(bram, f"/start {token}")).last
    reply = await driver.tap(bram, welcome, "🏠 Ik woon hier")
    assert any(
        c.error_code == 400 and c.params.get("chat_id") == house.group.id for c in reply.calls
    )
    assert reply.to(new_group)[0].text.startswith("🏠 Bram zegt: ik woon hier.")
    assert (await the_house(house.bot.database)).group_chat_id == new_group.id


async def test_removed_bot_goes_quiet_and_comes_back(house: House) -> None:
    driver, anna = house.driver, house.anna
    await driver.send(anna, f"/start {(await the_house(house.bot.database)).link_token}")
    reply = await driver.bot_removed(house.group, by=anna)
    assert reply.sent == []
    assert (await the_house(house.bot.database)).active is False
    # Nothing is sent to the group any more, and the house is not offered privately.
    reply = await driver.send(anna, "/leden")
    assert reply.texts[0].startswith("Ik weet nog niet bij welk huis je hoort.")
    assert not any(c.params.get("chat_id") == house.group.id for c in reply.calls)

    reply = await driver.bot_added(house.group, by=anna)
    assert reply.to(house.group)[0].text.startswith("Ik ben er weer! 👋 Alles van De Boog")
    assert (await the_house(house.bot.database)).active is True


async def test_flood_limit_waits_retry_after_and_sends_once(house: House) -> None:
    house.tg.inject_flood(count=1, retry_after=3)
    reply = await house.driver.send(house.bram, "/hulp", chat=house.group)
    assert [c.error_code for c in reply.calls if c.method == "sendMessage"] == [429, None]
    assert len(reply.to(house.group)) == 1
    assert house.bot.time.slept == [3]


async def test_english_house_speaks_english_in_the_group(bot: Bot) -> None:
    english = await make_house(bot, language_code="en")
    settings = (await bot.driver.send(english.anna, "/setup", chat=english.group)).last
    await bot.driver.tap(english.anna, settings, "🗣 Taal")
    await bot.driver.tap(english.anna, settings, "English")
    reply = await bot.driver.send(english.bram, "/help", chat=english.group)
    assert reply.texts[0].startswith("I am Huisbot, this house's helper.")
    assert "• /members – who belongs to the house" in reply.texts[0]
