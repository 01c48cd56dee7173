"""People: discovery, "I live here", the private chat and 403, statuses and roles, /members,
language (a Dutch and an English transcript), help, forged buttons and the error handler."""

from __future__ import annotations

import pytest

from bot.storage.models import MemberStatus, PrivateChat, Role, StatusSource, SupporterKind
from tests.conftest import Bot, House
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import member, person, the_house


async def test_members_become_known_by_writing_joining_and_commands(house: House) -> None:
    tg, driver, group = house.tg, house.driver, house.group
    assert await member(house.bot.database, house.bram) is None  # never seen yet
    await driver.send(house.bram, "/hulp", chat=group)
    bram = await member(house.bot.database, house.bram)
    assert bram is not None and bram.status == MemberStatus.GUEST and bram.in_group

    dirk = tg.add_user("Dirk")
    await driver.user_joined(group, dirk)  # a service message: seen even in privacy mode
    found = await member(house.bot.database, dirk)
    assert found is not None and found.status == MemberStatus.GUEST

    await driver.user_left(group, dirk)
    found = await member(house.bot.database, dirk)
    assert found is not None and not found.in_group

    # Without admin rights the bot does not see ordinary messages (privacy mode)...
    eva = tg.add_user("Eva")
    group.members[eva.id] = eva
    reply = await driver.send(eva, "hoi allemaal", chat=group)
    assert not reply.delivered and await member(house.bot.database, eva) is None
    # ...as an admin it does, and learns who writes, without answering.
    tg.set_bot_admin(group, is_admin=True)
    reply = await driver.send(eva, "hoi allemaal", chat=group)
    assert reply.delivered and reply.sent == []
    assert await member(house.bot.database, eva) is not None


async def test_i_live_here_is_announced_and_only_for_new_members(house: House) -> None:
    driver, group = house.driver, house.group
    card = house.tg.last_bot_message(group)
    assert card is not None
    reply = await driver.tap(house.bram, card, "🏠 Ik woon hier")
    assert reply.popup == (
        "✅ Je staat nu als bewoner in de lijst van De Boog. "
        "Een andere bewoner bevestigt het in de groep. Daarna mag je meestemmen."
    )
    assert reply.to(group)[0].text == (
        "🏠 Bram zegt: ik woon hier.\n"
        "Dat telt pas als een andere bewoner het bevestigt. Daarna mag Bram meestemmen."
    )
    bram = await member(house.bot.database, house.bram)
    assert bram is not None and bram.status == MemberStatus.RESIDENT
    assert bram.status_source == StatusSource.SELF

    reply = await driver.tap(house.bram, card, "🏠 Ik woon hier")
    assert reply.popup == "Je staat al als bewoner in de lijst."
    assert reply.sent == []

    # A status the chair or an admin set is theirs to change.
    await set_status(house, house.carla, "Sociaal werker")
    reply = await driver.tap(house.carla, card, "🏠 Ik woon hier")
    assert reply.popup == (
        "Je staat in de lijst als sociaal werker. Dat heeft de voorzitter of een "
        "groepsbeheerder zo gezet. Vraag hen om het te veranderen."
    )
    assert reply.sent == []
    carla = await member(house.bot.database, house.carla)
    assert carla is not None and carla.status == MemberStatus.SUPPORTER


async def test_deep_link_opens_the_private_chat_and_links_the_house(house: House) -> None:
    driver, bram = house.driver, house.bram
    card = house.tg.last_bot_message(house.group)
    assert card is not None
    link = house.tg.all_buttons(card)[1].url
    assert link is not None
    payload = link.split("?start=")[1]
    reply = await driver.send(bram, f"/start {payload}")
    assert reply.texts[0] == (
        "Hoi Bram! 👋 Leuk dat je er bent.\n"
        "Je hoort nu bij De Boog. "
        "Ik stuur je hier soms een bericht, bijvoorbeeld een herinnering.\n"
        "Typ /hulp om te zien wat ik kan."
    )
    # A newcomer can say "I live here" from the private chat too; the group hears it.
    reply = await driver.tap(bram, reply.last, "🏠 Ik woon hier")
    assert reply.to(house.group)[0].text.startswith("🏠 Bram zegt: ik woon hier.")
    found = await person(house.bot.database, bram)
    assert found is not None and found.private_chat == PrivateChat.OPEN
    assert found.current_house_id == (await the_house(house.bot.database)).id

    reply = await driver.send(bram, "/start")
    assert reply.texts == ["Hoi Bram! 👋 Je hoort bij De Boog. Typ /hulp om te zien wat ik kan."]
    reply = await driver.send(bram, "/start wrong-token")
    assert reply.texts == ["Deze link werkt niet (meer). Tik op Privéchat in de groep van je huis."]
    stranger = house.tg.add_user("Stranger")
    reply = await driver.send(stranger, "/start")
    assert "Ga naar de groep van je huis" in reply.texts[0]


async def open_manager(house: House, actor_name: str = "anna") -> FakeMessage:
    actor = getattr(house, actor_name)
    listing = (await house.driver.send(actor, "/leden", chat=house.group)).last
    await house.driver.tap(actor, listing, "✏️ Status of rol aanpassen")
    return listing


def label(user: FakeUser) -> str:
    """How a person's button starts in the member picker: the name and the @username."""
    name = " ".join(filter(None, (user.first_name, user.last_name)))
    return (f"{name} (@{user.username})" if user.username else name) + " ·"


async def set_status(house: House, who: FakeUser, choice: str, actor_name: str = "anna") -> Reply:
    actor = getattr(house, actor_name)
    await house.driver.send(who, "/hulp", chat=house.group)  # make sure the bot knows them
    listing = await open_manager(house, actor_name)
    await house.driver.tap(actor, listing, label(who))
    return await house.driver.tap(actor, listing, choice)


async def test_members_list_with_statuses_roles_and_private_chat(house: House) -> None:
    driver, group = house.driver, house.group
    await driver.send(house.bram, "/hulp", chat=group)
    await driver.send(house.carla, "/hulp", chat=group)
    await set_status(house, house.bram, "Bewoner")
    await set_status(house, house.carla, "Ervaringswerker")
    listing = await open_manager(house)
    await driver.tap(house.anna, listing, "Bram (@bram) ·")
    await driver.tap(house.anna, listing, "voorzitter")
    assert "✓ voorzitter" in [b.text for b in house.tg.all_buttons(listing)]
    token = (await the_house(house.bot.database)).link_token
    await driver.send(house.bram, f"/start {token}")

    reply = await driver.send(house.carla, "/members", chat=group)
    assert reply.texts[0] == (
        "Leden van De Boog (3)\n\n"
        "🏠 Bewoners\n"
        "• Bram — voorzitter 💬\n\n"
        "🤝 Ondersteuners (ervaringswerkers en sociaal werkers)\n"
        "• Carla de Vries — ervaringswerker\n\n"
        "👋 Gasten\n"
        "• Anna\n\n"
        "💬 = ik kan deze persoon een privébericht sturen."
    )
    # In the private chat: the same list, without the buttons to change it.
    reply = await driver.send(house.bram, "/leden")
    assert reply.texts[0].startswith("Leden van De Boog (3)")
    assert reply.last.buttons == []


BOOTSTRAP = (
    "Het huis heeft nog geen 3 bewoners. Daarom mag de voorzitter of een groepsbeheerder "
    "dit nu nog alleen doen. Later bevestigt een tweede bewoner zo'n verandering."
)


async def test_status_changes_are_for_the_chair_or_an_admin_and_always_announced(
    house: House,
) -> None:
    """A house with fewer than 3 residents (bootstrap): the chair or an admin changes statuses
    and roles directly, each change announced with the reason one person may do it."""
    driver, group, tg = house.driver, house.group, house.tg
    await driver.send(house.bram, "/hulp", chat=group)
    await driver.send(house.carla, "/hulp", chat=group)
    listing = (await driver.send(house.bram, "/leden", chat=group)).last
    reply = await driver.tap(house.bram, listing, "✏️ Status of rol aanpassen")
    assert reply.popup == "Alleen de voorzitter of een groepsbeheerder kan dit."
    assert reply.edits == []

    # A guest made a resident only gains say: direct, announced.
    reply = await set_status(house, house.bram, "Bewoner")
    assert reply.to(group)[0].text == "Anna heeft Bram op bewoner gezet (was: gast)."
    await set_status(house, house.carla, "Bewoner")

    # Anna (an admin) makes Carla chair; then Carla, not an admin, may manage.
    listing = await open_manager(house)
    await driver.tap(house.anna, listing, "Carla de Vries ·")
    reply = await driver.tap(house.anna, listing, "voorzitter")
    assert (
        reply.to(group)[0].text
        == "Carla de Vries is nu voorzitter. Anna heeft dit veranderd.\n" + BOOTSTRAP
    )
    listing = await open_manager(house, "carla")
    await driver.tap(house.carla, listing, "Bram (@bram) ·")
    reply = await driver.tap(house.carla, listing, "Sociaal werker")
    assert reply.to(group)[0].text == (
        "Carla de Vries heeft Bram op sociaal werker gezet (was: bewoner).\n" + BOOTSTRAP
    )
    bram = await member(house.bot.database, house.bram)
    assert bram is not None and bram.status == MemberStatus.SUPPORTER
    assert bram.supporter_kind == SupporterKind.SOCIAL_WORKER

    # A social worker cannot be chair: it is a residents' role.
    reply = await driver.tap(house.carla, listing, "voorzitter")
    assert reply.popup == (
        "Alleen een bewoner kan voorzitter zijn. Bram is sociaal werker. "
        "Een ervaringswerker kan het alleen als het huis dat heeft besloten."
    )
    assert reply.sent == []
    reply = await driver.tap(house.carla, listing, "Bewoner")
    assert reply.to(group)[0].text == (
        "Carla de Vries heeft Bram op bewoner gezet (was: sociaal werker).\n" + BOOTSTRAP
    )

    # One chair at a time: giving it to Bram takes it from Carla, and the group hears both.
    reply = await driver.tap(house.carla, listing, "voorzitter")
    assert reply.to(group)[0].text == (
        "Bram is nu voorzitter. Carla de Vries heeft dit veranderd.\n"
        "Carla de Vries is nu geen voorzitter meer.\n" + BOOTSTRAP
    )
    carla = await member(house.bot.database, house.carla)
    bram = await member(house.bot.database, house.bram)
    assert carla is not None and Role.CHAIR not in carla.role_set
    assert bram is not None and bram.role_set == {Role.CHAIR}
    # Carla is no longer chair: her old buttons do nothing now.
    reply = await driver.tap(house.carla, listing, "Gast")
    assert reply.popup == "Alleen de voorzitter of een groepsbeheerder kan dit."
    # Anna closes the editor: the message shows the list again.
    await driver.tap(house.anna, listing, "← Terug")
    await driver.tap(house.anna, listing, "✅ Klaar")
    assert listing.text.startswith("Leden van De Boog (3)")
    assert "• Bram — voorzitter" in listing.text
    assert tg.calls_of("editMessageText")[-1].params["message_id"] == listing.message_id


async def test_tapping_the_current_status_changes_nothing_and_is_not_an_error(
    house: House,
) -> None:
    """Telegram answers "message is not modified" to an edit that changes nothing."""
    await set_status(house, house.bram, "Bewoner")
    editor = house.tg.messages(house.group)[-2]  # the picker, above the announcement
    reply = await house.driver.tap(house.anna, editor, "✓ Bewoner")
    assert any("message is not modified" in (c.error or "") for c in reply.calls)
    assert reply.popup == "Dat was al zo."
    assert reply.sent == []


async def test_403_is_recorded_and_never_retried_until_the_person_writes(house: House) -> None:
    """Bram never opened the private chat: Telegram answers 403 once, and the bot stops trying."""
    driver, tg, bram = house.driver, house.tg, house.bram
    await set_status(house, bram, "Bewoner")
    attempts = [c for c in tg.calls_of("sendMessage") if c.params.get("chat_id") == bram.id]
    assert [c.error_code for c in attempts] == [403]
    found = await person(house.bot.database, bram)
    assert found is not None and found.private_chat == PrivateChat.CLOSED

    await set_status(house, bram, "Oud-bewoner")  # announced in the group, no private attempt
    attempts = [c for c in tg.calls_of("sendMessage") if c.params.get("chat_id") == bram.id]
    assert len(attempts) == 1

    token = (await the_house(house.bot.database)).link_token
    await driver.send(bram, f"/start {token}")  # Bram opens the chat: reachable again
    reply = await set_status(house, bram, "Bewoner")
    private = reply.to(bram)
    assert [m.text for m in private] == [
        "In De Boog ben je nu: bewoner. Anna heeft dit veranderd. "
        "Klopt het niet? Zeg het tegen de voorzitter."
    ]


async def test_a_person_who_blocks_the_bot_is_not_retried(house: House) -> None:
    driver, tg, bram = house.driver, house.tg, house.bram
    await driver.send(bram, f"/start {(await the_house(house.bot.database)).link_token}")
    tg.block_bot(bram)
    await set_status(house, bram, "Bewoner")
    await set_status(house, bram, "Gast")
    attempts = [c for c in tg.calls_of("sendMessage") if c.params.get("chat_id") == bram.id]
    assert [c.error_code for c in attempts[1:]] == [403]


async def test_language_switch_dutch_to_english(house: House) -> None:
    driver, bram = house.driver, house.bram
    await driver.send(bram, f"/start {(await the_house(house.bot.database)).link_token}")
    reply = await driver.send(bram, "/taal")
    assert reply.texts[0].startswith("In welke taal wil je berichten van mij krijgen?")
    assert [b.text for b in house.tg.all_buttons(reply.last)] == ["✓ Nederlands", "English"]
    reply = await driver.tap(bram, reply.last, "English")
    assert reply.popup == "✅ I now speak English with you."
    assert reply.edits[0].text == "✅ I now speak English with you."
    # Bram's own command menu is now English.
    assert house.tg.commands("chat", chat_id=bram.id)[0] == ("help", "What can this bot do?")
    reply = await driver.send(bram, "/help")
    assert reply.texts[0].startswith("Hi! This is what I can do for you:")
    assert "• /members – who belongs to your house" in reply.texts[0]
    # The group keeps the house language.
    reply = await driver.send(bram, "/hulp", chat=house.group)
    assert reply.texts[0].startswith("Ik ben Huisbot, de hulp van dit huis.")
    reply = await driver.send(bram, "/language", chat=house.group)
    assert reply.texts[0].startswith("In de groep praat ik de taal van het huis: Nederlands.")


async def test_language_switch_english_to_dutch(bot: Bot) -> None:
    from tests.conftest import make_house

    house = await make_house(bot, language_code="en")
    driver, dirk = bot.driver, house.bram
    await driver.send(dirk, f"/start {(await the_house(bot.database)).link_token}")
    reply = await driver.send(dirk, "/language")
    reply = await driver.tap(dirk, reply.last, "English")
    assert reply.popup == "✅ I now speak English with you."
    reply = await driver.send(dirk, "/language")
    assert reply.texts[0].startswith("In which language do you want my messages?")
    reply = await driver.tap(dirk, reply.last, "Nederlands")
    assert reply.popup == "✅ Ik praat nu Nederlands met je."
    reply = await driver.send(dirk, "/help")
    assert reply.texts[0].startswith("Hoi! Dit kan ik voor je doen:")
    assert "• /leden – wie hoort bij je huis" in reply.texts[0]


async def test_command_menus_per_scope_and_language(bot: Bot) -> None:
    from bot.handlers.commands import MENU

    tg = bot.tg
    group = [spec.dutch for spec in MENU if spec.group]
    private = [spec.dutch for spec in MENU if spec.private]
    assert [c for c, _ in tg.commands("all_group_chats", "nl")] == group
    assert [c for c, _ in tg.commands("all_private_chats", "nl")] == private
    assert [c for c, _ in tg.commands("all_private_chats", "en")] == [
        spec.english for spec in MENU if spec.private
    ]
    assert group[:3] == ["hulp", "stemming", "besluiten"] and "instellen" in group
    assert "instellen" not in private and "melding" in private and "melding" not in group
    assert tg.commands("all_private_chats", "en")[:2] == [
        ("help", "What can this bot do?"),
        ("poll", "Start a vote (chair)"),
    ]
    assert tg.commands("all_group_chats", None) == tg.commands("all_group_chats", "nl")


@pytest.mark.parametrize(
    "data",
    ["garbage", "mp|99999", "ms|1|zz", "mr|1|king", "res|-5", "lng|fr", "sm|1|explode", ""],
)
async def test_forged_or_stale_buttons_get_a_polite_answer(house: House, data: str) -> None:
    card = house.tg.last_bot_message(house.group)
    assert card is not None
    reply = await house.driver.tap_data(house.bram, card, data)
    assert reply.popup in (
        "Deze knop werkt niet meer. Vraag zo nodig een nieuw bericht op.",
        "Alleen de voorzitter of een groepsbeheerder kan dit.",
        "Alleen een groepsbeheerder kan de instellingen veranderen. "
        "Vraag het aan een groepsbeheerder.",
    )
    assert reply.sent == [] and reply.edits == []


async def test_another_houses_member_cannot_be_changed_from_here(bot: Bot) -> None:
    from tests.conftest import make_house

    first = await make_house(bot)
    tg = bot.tg
    zoe = tg.add_user("Zoe")
    other = tg.add_group("Het Anker", members=[zoe], admins=[zoe], bot_in_group=False)
    await bot.driver.bot_added(other, by=zoe)
    await bot.driver.send(zoe, "/setup", chat=other)
    zoe_member = await member(bot.database, zoe)
    assert zoe_member is not None
    listing = (await bot.driver.send(first.anna, "/leden", chat=first.group)).last
    reply = await bot.driver.tap_data(first.anna, listing, f"ms|{zoe_member.id}|f")
    assert reply.popup == "Die persoon staat niet (meer) in de lijst van dit huis."
    assert (await member(bot.database, zoe)).status == MemberStatus.GUEST  # type: ignore[union-attr]
    assert reply.sent == []


async def test_an_unexpected_failure_is_logged_and_answered_kindly(
    house: House, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.domain import members as member_domain

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire: secret text")

    monkeypatch.setattr(member_domain, "list_members", broken)
    reply = await house.driver.send(house.bram, "/leden", chat=house.group)
    assert reply.texts == ["Sorry, er ging iets mis. Probeer het later nog eens."]
    assert "failed to handle update" in caplog.text
    assert "Traceback" not in reply.texts[0]


async def test_unknown_private_command_points_to_help(house: House) -> None:
    reply = await house.driver.send(house.bram, "/dance")
    assert reply.texts == ["Dat ken ik niet. Typ /hulp om te zien wat ik kan."]
    reply = await house.driver.send(house.bram, "/dance", chat=house.group)
    assert reply.sent == []  # in a group it may be meant for another bot
