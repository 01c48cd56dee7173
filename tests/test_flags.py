"""Private conflict reports (meldingen), as the house sees them: the group sees nothing, each
route (confidants, anonymously on the agenda, only for myself), pick-up and who it was,
resolution by either side, the one reminder (also after a restart), withdrawal, retention, a
house without confidants — in Dutch and in English.

Every test ends by checking every message the group received: no reporter's name, no text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from bot.storage.flags_models import Flag, FlagNotice, FlagRoute, FlagState
from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    MemberRole,
    MemberStatus,
    PrivateChat,
    Role,
)
from tests.conftest import Bot, House, make_house, start_bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import set_member
from tests.test_polls import Outbox

SECRET = "Bram <pakt> steeds mijn eten & zegt niets"


@dataclass
class Reporting:
    """De Boog: Bram is the chair, Dirk and Eva are confidants, Carla (the reporter) and Anna
    are residents. Everyone but Anna has the private chat open."""

    house: House
    dirk: FakeUser
    eva: FakeUser
    secrets: list[str] = field(default_factory=lambda: [SECRET, "Carla", "Vries"])

    @property
    def bot(self) -> Bot:
        return self.house.bot

    @property
    def carla(self) -> FakeUser:
        return self.house.carla

    def assert_group_saw_nothing(self) -> None:
        """Every message in the group, from the start: nothing about the reporter or the
        report."""
        tg = self.bot.tg
        received = [m for m in tg.messages(self.house.group) if m.from_user is tg.bot_user]
        assert received  # the house's greeting at least
        for message in received:
            for secret in self.secrets:
                assert secret not in message.text, message.text
                assert secret not in message.html, message.html

    async def start(self, topic: str, user: FakeUser | None = None) -> FakeMessage:
        """The reporter opens /melding and taps a topic; returns the step message."""
        user = user or self.carla
        menu = (await self.bot.driver.send(user, "/melding")).last
        await self.bot.driver.tap(user, menu, topic)
        return menu

    async def write(self, step: FakeMessage, text: str, user: FakeUser | None = None) -> Reply:
        user = user or self.carla
        asked = (await self.bot.driver.tap(user, step, "✏️ Ja, ik schrijf iets")).last
        return await self.bot.driver.send(user, text, reply_to=asked)

    async def report_to_confidants(self, button: str = "🤝 Vertrouwenspersonen") -> Reply:
        step = await self.start("😣 Een conflict met iemand")
        route = (await self.write(step, SECRET)).last
        return await self.bot.driver.tap(self.carla, route, button)


async def make_reporting(bot: Bot, language: str = "nl") -> Reporting:
    house = await make_house(bot, language_code=language)
    tg, db = bot.tg, bot.database
    dirk = tg.add_user("Dirk", language_code=language)
    eva = tg.add_user("Eva", language_code=language)
    for user in (dirk, eva):
        house.group.members[user.id] = user
    for user in (house.bram, house.carla, dirk, eva):
        tg.start_bot(user)
    await set_member(db, house.anna, MemberStatus.RESIDENT)
    await set_member(
        db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(db, house.carla, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    for user in (dirk, eva):
        await set_member(
            db, user, MemberStatus.RESIDENT, Role.CONFIDANT, private_chat=PrivateChat.OPEN
        )
    if language == "en":
        settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
        await bot.driver.tap(house.anna, settings, "🗣 Taal")
        await bot.driver.tap(house.anna, settings, "English")
    return Reporting(house, dirk, eva)


@pytest.fixture
async def reporting(bot: Bot) -> Reporting:
    return await make_reporting(bot)


async def flags_in_db(bot: Bot) -> list[Flag]:
    async with bot.database.transaction() as session:
        return list(session.scalars(select(Flag).order_by(Flag.id)))


async def count(bot: Bot, model: type) -> int:
    async with bot.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the group ------------------------------------------------------------------------------------


async def test_in_the_group_flag_only_points_to_the_private_chat(reporting: Reporting) -> None:
    h, tg, driver = reporting.house, reporting.bot.tg, reporting.bot.driver
    tg.set_bot_admin(h.group)  # the bot may delete messages
    reply = await driver.send(reporting.carla, f"/melding {SECRET}", chat=h.group)
    command = tg.messages(h.group)  # what is left in the group
    assert all(SECRET not in m.text for m in command)
    assert len(reply.deleted) == 1
    # Carla's private chat is open: nothing is said in the group; her text is carried over to
    # the private chat (tests/test_privacy_flags.py).
    assert reply.to(h.group) == []
    (private,) = reply.to(reporting.carla)
    assert private.text.startswith("📝 Je begon in de groep een melding (De Boog).")
    assert await count(reporting.bot, Flag) == 1  # a draft, with her text
    reporting.assert_group_saw_nothing()


async def test_without_the_right_to_delete_the_command_stays_and_nothing_more_is_said(
    reporting: Reporting,
) -> None:
    h, driver = reporting.house, reporting.bot.driver
    reply = await driver.send(h.anna, "/flag", chat=h.group)  # Anna's private chat is not open
    assert reply.deleted == []
    assert [m.text for m in reply.to(h.group)] == [
        "💬 Dit gaat verder in de privéchat. Tik op de knop."
    ]
    assert reply.to(h.anna) == []
    reporting.secrets.append("Anna")
    reporting.assert_group_saw_nothing()


async def link_token(bot: Bot) -> str:
    from tests.helpers import the_house

    return (await the_house(bot.database)).link_token


# --- to the confidants ----------------------------------------------------------------------------


async def test_confidants_get_it_one_picks_it_up_and_the_reporter_hears_who(
    reporting: Reporting,
) -> None:
    h, bot, driver = reporting.house, reporting.bot, reporting.bot.driver
    dirk, eva, carla = reporting.dirk, reporting.eva, reporting.carla
    menu = (await driver.send(carla, "/melding")).last
    assert menu.text == (
        "📝 Iets melden in De Boog\n"
        "Dit blijft tussen jou en wie jij kiest. Niemand in de groep ziet het.\n\n"
        "Waar gaat het over?"
    )
    assert [b.text for b in bot.tg.all_buttons(menu)] == [
        "😣 Een conflict met iemand",
        "🆘 Ik voel me niet veilig",
        "🏠 Iets in huis",
    ]
    await driver.tap(carla, menu, "😣 Een conflict met iemand")
    assert menu.text.startswith(
        "📝 Onderwerp: Conflict met iemand\n\nWil je er iets over schrijven?"
    )
    reply = await reporting.write(menu, SECRET)
    route = reply.last
    assert route.text == (
        "Wie krijgt je melding?\n\n"
        "Kies zelf wie hem krijgt. Past niemand, bijvoorbeeld omdat het over die persoon gaat? "
        "Zet hem dan anoniem op de agenda, of bewaar hem alleen voor jezelf."
    )
    assert [b.text for b in bot.tg.all_buttons(route)] == [
        "🤝 Vertrouwenspersonen: Dirk, Eva",
        "🤝 Alleen Dirk",
        "🤝 Alleen Eva",
        "📋 Anoniem op de agenda",
        "🔒 Alleen voor mezelf bewaren",
        "✖️ Weggooien",
    ]
    reply = await driver.tap(carla, route, "🤝 Vertrouwenspersonen: Dirk, Eva")
    assert route.text == (
        "✅ Je melding is gestuurd naar: Dirk, Eva. Ik laat het je weten als iemand hem oppakt."
    )
    (to_dirk,) = reply.to(dirk)
    (to_eva,) = reply.to(eva)
    assert to_dirk.text == (
        "🤝 Melding voor de vertrouwenspersonen van De Boog\n"
        "Van: Carla de Vries\n"
        "Onderwerp: Conflict met iemand\n\n"
        f"{SECRET}\n\n"
        "Wil jij dit oppakken? Dan laat ik Carla de Vries weten dat jij het bent."
    )
    assert "&lt;pakt&gt;" in to_dirk.html  # the reporter's text is escaped
    assert [b.text for b in bot.tg.all_buttons(to_eva)] == ["🙋 Ik pak dit op"]
    assert reply.to(h.group) == [] and reply.to(h.bram) == []

    reply = await driver.tap(eva, to_eva, "🙋 Ik pak dit op")
    assert reply.popup == "✅ Jij pakt dit op. Ik laat het weten."
    assert to_eva.text.endswith(
        "✅ Jij pakt dit op. Neem contact op met Carla de Vries. "
        "Tik op ‘Opgelost’ als het klaar is."
    )
    assert to_dirk.text == "🤝 Melding van Carla de Vries (De Boog): Eva pakt dit op."
    assert to_dirk.buttons == []
    (told,) = reply.to(carla)
    assert told.text == (
        "🙋 Eva pakt je melding op (De Boog) en neemt contact met je op. "
        "Je mag ook zelf een bericht sturen.\n\n"
        "Wat wil je nu doen? Je kiest zelf. Eva helpt je."
    )
    # Dirk is too late, with the old button.
    late = await driver.tap_data(dirk, to_dirk, first_button_data(bot, to_eva))
    assert late.popup == "Eva pakt dit al op."

    # Eva resolves it: Carla hears it; nothing more goes anywhere else.
    reply = await driver.tap(eva, to_eva, "✅ Opgelost")
    assert (
        to_eva.text == "✅ Afgesloten als opgelost. De melding wordt gewist op maandag 21 december."
    )
    assert [m.text for m in reply.to(carla)] == [
        "✅ Eva heeft je melding afgesloten als opgelost. Is het toch niet opgelost? "
        "Maak dan een nieuwe melding met /melding."
    ]
    assert to_dirk.text == "🤝 Melding van Carla de Vries (De Boog): afgesloten, opgelost."
    assert reply.to(h.group) == []
    (flag,) = await flags_in_db(bot)
    assert (flag.state, flag.route) == (FlagState.RESOLVED, FlagRoute.CONFIDANTS)
    reporting.assert_group_saw_nothing()


def first_button_data(bot: Bot, message: FakeMessage) -> str:
    """The data of the first button the message was sent with (it may show others now)."""
    sent = next(c for c in bot.tg.calls if c.method == "sendMessage" and c.message is message)
    markup = sent.params["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return str(markup["inline_keyboard"][0][0]["callback_data"])


async def test_one_confidant_only_and_the_reporter_resolves_it(reporting: Reporting) -> None:
    bot, driver = reporting.bot, reporting.bot.driver
    dirk, eva, carla = reporting.dirk, reporting.eva, reporting.carla
    reply = await reporting.report_to_confidants("🤝 Alleen Dirk")
    assert reply.to(eva) == []
    (to_dirk,) = reply.to(dirk)
    reply = await driver.tap(dirk, to_dirk, "🙋 Ik pak dit op")
    (told,) = reply.to(carla)
    reply = await driver.tap(carla, told, "✅ Opgelost")
    assert told.text.startswith("✅ Afgesloten als opgelost.")
    assert [m.text for m in reply.to(dirk)] == [
        "✅ Carla de Vries heeft de melding afgesloten: het is opgelost. Dank je wel."
    ]
    assert to_dirk.text == "🤝 Melding van Carla de Vries (De Boog): afgesloten, opgelost."
    # Eva never got it and cannot act on it.
    await driver.send(eva, "/help")
    eva_chat = bot.tg.last_bot_message(eva)
    assert eva_chat is not None
    forged = await driver.tap_data(eva, eva_chat, first_button_data(bot, to_dirk))
    assert forged.popup is not None and forged.popup.startswith("Deze knop werkt niet meer")
    reporting.assert_group_saw_nothing()


async def test_nobody_picks_it_up_the_confidants_are_reminded_once(reporting: Reporting) -> None:
    bot, dirk, eva = reporting.bot, reporting.dirk, reporting.eva
    await reporting.report_to_confidants()
    reply = await bot.advance(hours=23, minutes=59)
    assert reply.sent == []
    reply = await bot.advance(minutes=1)
    assert sorted(m.chat.id for m in reply.sent) == sorted([dirk.id, eva.id])
    reminder = reply.to(dirk)[0]
    assert reminder.text == (
        "⏰ Sinds maandag 23 november ligt er een melding van Carla de Vries (De Boog). "
        "Nog niemand heeft hem opgepakt. Kun jij het doen?"
    )
    reply = await bot.advance(days=3)
    # once; after two days Carla (only she) hears that nobody picked it up (test_privacy_flags)
    assert [m.chat.id for m in reply.sent] == [reporting.carla.id]
    # The reminder's button works like the first one.
    reply = await bot.driver.tap(dirk, reminder, "🙋 Ik pak dit op")
    assert reply.to(reporting.carla)[0].text.startswith("🙋 Dirk pakt je melding op")
    reporting.assert_group_saw_nothing()


REMINDER = "⏰ Sinds maandag 23 november ligt er een melding"


async def test_the_reminder_goes_out_after_its_commit_and_follows_a_pick_up_on_its_way(
    reporting: Reporting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reminder job does not hold the database while Telegram takes its time. Eva picks
    the report up while the second reminder is on its way: the reminder already out is
    updated with the other messages, the one on its way is brought up to date once sent."""
    bot, driver, dirk, eva = reporting.bot, reporting.bot.driver, reporting.dirk, reporting.eva
    reply = await reporting.report_to_confidants()
    to_eva = reply.to(eva)[0]
    sends = Outbox(bot, monkeypatch)

    async def pick_up(chat_id: int, text: str) -> None:
        if text.startswith("⏰") and len(sends.made) == 2:
            picked = await driver.tap(eva, to_eva, "🙋 Ik pak dit op")
            assert picked.popup == "✅ Jij pakt dit op. Ik laat het weten."

    sends.meanwhile = pick_up
    reply = await bot.advance(days=1)
    assert sorted((chat, text.startswith(REMINDER), free) for chat, text, free in sends.made) == [
        (chat, True, True) for chat in sorted([dirk.id, eva.id])
    ]
    reminders = [m for m in reply.sent if m.chat.id in (dirk.id, eva.id)]
    assert len(reminders) == 2
    for reminder in reminders:
        assert reminder.text == "🤝 Melding van Carla de Vries (De Boog): Eva pakt dit op."
        assert reminder.buttons == []
    assert await count(bot, FlagNotice) == 4  # the reminders are the confidants' messages too
    assert to_eva.text.endswith("Tik op ‘Opgelost’ als het klaar is.")
    reporting.assert_group_saw_nothing()


async def test_a_report_withdrawn_while_its_reminder_is_on_its_way_leaves_nothing(
    reporting: Reporting, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, driver, carla = reporting.bot, reporting.bot.driver, reporting.carla
    await reporting.report_to_confidants()
    sends = Outbox(bot, monkeypatch)

    async def withdraw(chat_id: int, text: str) -> None:
        if text.startswith("⏰") and len(sends.made) == 1:
            menu = (await driver.send(carla, "/melding")).last
            await driver.tap(carla, menu, "📂 Mijn meldingen (1)")
            await driver.tap(carla, menu, "Conflict met iemand")
            await driver.tap(carla, menu, "↩️ Intrekken")
            await driver.tap(carla, menu, "↩️ Ja, intrekken en wissen")

    sends.meanwhile = withdraw
    reply = await bot.advance(days=1)
    assert [free for _, text, free in sends.made if text.startswith("⏰")] == [True, True]
    reminders = [m for m in reply.sent if m.chat.id in (reporting.dirk.id, reporting.eva.id)]
    assert len(reminders) == 2
    for reminder in reminders:
        assert reminder.text == "🤝 Een melding in De Boog is ingetrokken en gewist."
        assert reminder.buttons == []
    assert await count(bot, Flag) == 0 and await count(bot, FlagNotice) == 0
    reporting.assert_group_saw_nothing()


async def test_the_reminder_also_comes_after_a_restart(reporting: Reporting) -> None:
    old, dirk, eva = reporting.bot, reporting.dirk, reporting.eva
    await reporting.report_to_confidants()
    await old.driver.stop()
    old.clock.advance(days=1, hours=12)  # the day passed while the bot was down
    before = len(old.tg.calls)
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        sent = [c.message for c in old.tg.calls[before:] if c.message and c.method == "sendMessage"]
        assert sorted(m.chat.id for m in sent) == sorted([dirk.id, eva.id])
        assert all(m.text.startswith("⏰ Sinds maandag 23 november") for m in sent)
        reply = await restarted.advance(days=2)
        # no second reminder; the reporter's note (two days after sending) was rebuilt too
        assert [m.chat.id for m in reply.sent] == [reporting.carla.id]
    finally:
        await restarted.driver.stop()
    reporting.assert_group_saw_nothing()


async def test_a_house_without_confidants_says_so_and_offers_the_other_routes(bot: Bot) -> None:
    reporting = await make_reporting(bot)
    async with bot.database.transaction() as session:
        for role in session.scalars(select(MemberRole).where(MemberRole.role == Role.CONFIDANT)):
            session.delete(role)
    step = await reporting.start("🏠 Iets in huis")
    await bot.driver.tap(reporting.carla, step, "➡️ Nee, verder")
    assert step.text == (
        "Wie krijgt je melding?\n\n"
        "ℹ️ Dit huis heeft nog geen vertrouwenspersoon. De vergadering kan er een kiezen. "
        "Je kunt je melding wel anoniem op de agenda zetten, of alleen voor jezelf bewaren."
    )
    assert [b.text for b in bot.tg.all_buttons(step)] == [
        "📋 Anoniem op de agenda",
        "🔒 Alleen voor mezelf bewaren",
        "✖️ Weggooien",
    ]
    await bot.driver.tap(reporting.carla, step, "🔒 Alleen voor mezelf bewaren")
    assert step.text.startswith("🔒 Bewaard. Alleen jij ziet het.")
    # A confidant who reports sees no confidants either when they are the only one.
    await set_member(bot.database, reporting.dirk, MemberStatus.RESIDENT, Role.CONFIDANT)
    step = await reporting.start("🏠 Iets in huis", user=reporting.dirk)
    await bot.driver.tap(reporting.dirk, step, "➡️ Nee, verder")
    assert "ℹ️ Dit huis heeft nog geen vertrouwenspersoon." in step.text
    reporting.secrets.append("Dirk")
    reporting.assert_group_saw_nothing()


async def test_confidants_who_cannot_be_reached_leave_the_other_routes(bot: Bot) -> None:
    reporting = await make_reporting(bot)
    for user in (reporting.dirk, reporting.eva):
        bot.tg.block_bot(user)
    reply = await reporting.report_to_confidants()
    route = reply.edits[0]
    assert route.text.startswith(
        "Wie krijgt je melding?\n\nℹ️ Ik kan de vertrouwenspersonen nog geen bericht sturen"
    )
    assert [b.text for b in bot.tg.all_buttons(route)] == [
        "📋 Anoniem op de agenda",
        "🔒 Alleen voor mezelf bewaren",
        "✖️ Weggooien",
    ]
    (flag,) = await flags_in_db(bot)
    assert flag.state == FlagState.DRAFT
    assert await count(bot, FlagNotice) == 0
    reporting.assert_group_saw_nothing()


async def test_i_dont_feel_safe_shows_112_at_once(reporting: Reporting) -> None:
    driver, carla = reporting.bot.driver, reporting.carla
    menu = (await driver.send(carla, "/melding")).last
    reply = await driver.tap(carla, menu, "🆘 Ik voel me niet veilig")
    assert reply.texts[0] == (
        "🆘 Ben je nu in gevaar? Bel 112.\n"
        "Is het heel zwaar, of denk je aan zelfmoord? Je hoeft het niet alleen te dragen. "
        "Praten kan altijd, ook 's nachts: bel 113 of 0800-0113 (gratis), of chat op 113.nl."
    )
    assert menu.text.startswith("📝 Onderwerp: Ik voel me niet veilig")
    reporting.assert_group_saw_nothing()


# --- anonymously on the agenda, or only for me ----------------------------------------------------


async def test_anonymously_on_the_agenda_with_the_text_the_reporter_confirmed(
    reporting: Reporting,
) -> None:
    bot, driver, carla = reporting.bot, reporting.bot.driver, reporting.carla
    step = await reporting.start("😣 Een conflict met iemand")
    route = (await reporting.write(step, SECRET)).last
    await driver.tap(carla, route, "📋 Anoniem op de agenda")
    assert route.text == (
        "📋 Dit komt op de agenda van de volgende vergadering, zonder je naam:\n\n"
        "Er speelt een conflict in huis. Iemand wil graag dat we het samen bespreken.\n\n"
        "Klopt dit? Je kunt ook zelf een tekst schrijven."
    )
    reply = await driver.tap(carla, route, "✏️ Zelf een tekst schrijven")
    asked = reply.last
    assert asked.text.startswith("✏️ Schrijf de tekst voor de agenda. Schrijf geen namen")
    preview = (
        await driver.send(carla, "Afspraken over   eten in de koelkast", reply_to=asked)
    ).last
    assert "Afspraken over eten in de koelkast" in preview.text
    reply = await driver.tap(carla, preview, "✅ Ja, zet het op de agenda")
    assert preview.text == (
        "✅ Het staat op de agenda, zonder je naam:\nAfspraken over eten in de koelkast"
    )
    assert reply.to(reporting.house.group) == []
    async with bot.database.transaction() as session:
        item = session.scalars(select(AgendaItem)).one()
        assert (item.text, item.source, item.added_by_id) == (
            "Afspraken over eten in de koelkast",
            AgendaSource.CONFLICT,
            None,
        )
    (flag,) = await flags_in_db(bot)
    assert (flag.state, flag.route, flag.text) == (FlagState.ON_AGENDA, FlagRoute.AGENDA, SECRET)
    assert await count(bot, FlagNotice) == 0  # no confidant got anything
    # Once the meeting dealt with it, the report counts as resolved; four weeks on it is gone.
    async with bot.database.transaction() as session:
        session.scalars(select(AgendaItem)).one().done_at = bot.clock.now()
    await bot.advance(days=1)
    (flag,) = await flags_in_db(bot)
    assert flag.state == FlagState.RESOLVED
    await bot.advance(weeks=4)
    assert await flags_in_db(bot) == []
    assert await count(bot, AgendaItem) == 1  # the meeting's agenda keeps its own record
    reporting.assert_group_saw_nothing()


async def test_withdrawing_takes_a_report_off_the_agenda(reporting: Reporting) -> None:
    bot, driver, carla = reporting.bot, reporting.bot.driver, reporting.carla
    step = await reporting.start("😣 Een conflict met iemand")
    await driver.tap(carla, step, "➡️ Nee, verder")
    await driver.tap(carla, step, "📋 Anoniem op de agenda")
    await driver.tap(carla, step, "✅ Ja, zet het op de agenda")
    assert await count(bot, AgendaItem) == 1
    # Withdrawing takes it off the agenda again.
    menu = (await driver.send(carla, "/melding")).last
    await driver.tap(carla, menu, "📂 Mijn meldingen (1)")
    await driver.tap(carla, menu, "Conflict met iemand")
    await driver.tap(carla, menu, "↩️ Intrekken")
    await driver.tap(carla, menu, "↩️ Ja, intrekken en wissen")
    assert await count(bot, AgendaItem) == 0 and await count(bot, Flag) == 0
    reporting.assert_group_saw_nothing()


async def test_only_for_myself_then_seen_and_withdrawn(reporting: Reporting) -> None:
    bot, driver, carla = reporting.bot, reporting.bot.driver, reporting.carla
    step = await reporting.start("🏠 Iets in huis")
    route = (await reporting.write(step, SECRET)).last
    reply = await driver.tap(carla, route, "🔒 Alleen voor mezelf bewaren")
    assert route.text == (
        "🔒 Bewaard. Alleen jij ziet het. Je vindt het terug via /melding → Mijn meldingen."
    )
    assert [m.chat.id for m in reply.sent] == []
    menu = (await driver.send(carla, "/melding")).last
    await driver.tap(carla, menu, "📂 Mijn meldingen (1)")
    assert menu.text == "📂 Je meldingen\nTik op een melding om hem te zien."
    await driver.tap(carla, menu, "23 nov · Iets in huis")
    assert menu.text == (
        "📝 Melding van maandag 23 november\n"
        "Onderwerp: Iets in huis\n"
        "Naar: alleen voor jou bewaard\n"
        "Nu: bewaard, alleen voor jou\n\n"
        f"{SECRET}"
    )
    await driver.tap(carla, menu, "↩️ Intrekken")
    assert menu.text.startswith("↩️ Intrekken? Je melding wordt meteen gewist.")
    await driver.tap(carla, menu, "↩️ Ja, intrekken en wissen")
    assert menu.text == "↩️ Ingetrokken en gewist."
    assert await flags_in_db(bot) == []
    await driver.tap(carla, menu, "← Terug")
    assert menu.text == "📂 Je hebt geen meldingen."
    reporting.assert_group_saw_nothing()


async def test_withdrawing_a_picked_up_report_empties_the_confidants_messages(
    reporting: Reporting,
) -> None:
    bot, driver = reporting.bot, reporting.bot.driver
    dirk, eva, carla = reporting.dirk, reporting.eva, reporting.carla
    reply = await reporting.report_to_confidants()
    to_dirk, to_eva = reply.to(dirk)[0], reply.to(eva)[0]
    await driver.tap(dirk, to_dirk, "🙋 Ik pak dit op")
    menu = (await driver.send(carla, "/melding")).last
    await driver.tap(carla, menu, "📂 Mijn meldingen (1)")
    await driver.tap(carla, menu, "Conflict met iemand")
    assert "Naar: vertrouwenspersonen: Dirk, Eva\nNu: Dirk pakt het op" in menu.text
    await driver.tap(carla, menu, "↩️ Intrekken")
    reply = await driver.tap(carla, menu, "↩️ Ja, intrekken en wissen")
    assert [m.text for m in reply.to(dirk)] == [
        "🤝 Een melding die jij oppakte in De Boog is ingetrokken en gewist."
    ]
    for message in (to_dirk, to_eva):
        assert message.text == "🤝 Een melding in De Boog is ingetrokken en gewist."
        assert message.buttons == []
    assert await count(bot, Flag) == 0 and await count(bot, FlagNotice) == 0
    reporting.assert_group_saw_nothing()


async def test_a_draft_can_be_thrown_away_and_old_drafts_disappear(reporting: Reporting) -> None:
    bot, driver, carla = reporting.bot, reporting.bot.driver, reporting.carla
    step = await reporting.start("🏠 Iets in huis")
    await driver.tap(carla, step, "➡️ Nee, verder")
    await driver.tap(carla, step, "✖️ Weggooien")
    assert step.text == "✖️ Weggegooid. Er is niets bewaard."
    assert await count(bot, Flag) == 0
    await reporting.start("🏠 Iets in huis")  # left unfinished
    assert await count(bot, Flag) == 1
    await bot.advance(days=1, hours=1)
    assert await count(bot, Flag) == 0
    reporting.assert_group_saw_nothing()


# --- retention ------------------------------------------------------------------------------------


async def test_a_resolved_report_is_deleted_after_the_retention_period(
    reporting: Reporting,
) -> None:
    bot, driver, dirk, eva = reporting.bot, reporting.bot.driver, reporting.dirk, reporting.eva
    reply = await reporting.report_to_confidants()
    to_dirk, to_eva = reply.to(dirk)[0], reply.to(eva)[0]
    await driver.tap(dirk, to_dirk, "🙋 Ik pak dit op")
    await driver.tap(dirk, to_dirk, "✅ Opgelost")
    await bot.advance(days=27)
    assert len(await flags_in_db(bot)) == 1  # not yet
    reply = await bot.advance(days=2)
    assert await flags_in_db(bot) == []
    assert await count(bot, FlagNotice) == 0
    for message in (to_dirk, to_eva):
        assert message.text == "🤝 Een melding in De Boog is afgerond en gewist."
        assert SECRET not in message.text
    assert reply.to(reporting.house.group) == []
    reporting.assert_group_saw_nothing()


async def test_the_chair_sets_the_retention_period_and_it_holds_after_a_restart(
    reporting: Reporting,
) -> None:
    h, old, driver = reporting.house, reporting.bot, reporting.bot.driver
    menu = (await driver.send(h.bram, "/melding")).last
    assert [b.text for b in old.tg.all_buttons(menu)][-1] == "⚙️ Bewaren: 4 weken"
    await driver.tap(h.bram, menu, "⚙️ Bewaren: 4 weken")
    assert menu.text.startswith("⚙️ Hoe lang blijft een opgeloste melding bewaard? Nu: 4 weken.")
    reply = await driver.tap(h.bram, menu, "1 week")  # a house setting now: by decision
    assert reply.popup is not None and reply.popup.startswith("Dit beslist het huis nu samen.")
    from bot.domain import flags as flag_domain
    from bot.storage.models import House as HouseRow

    async with old.database.transaction() as session:  # the house decided 1 week
        row = session.scalars(select(HouseRow)).one()
        flag_domain.settings(session, row).retention_weeks = 1
    # Someone else cannot, even with the chair's button.
    carla_menu = (await driver.send(reporting.carla, "/melding")).last
    data = old.tg.all_buttons(menu)[0].callback_data
    assert data is not None
    forged = await driver.tap_data(reporting.carla, carla_menu, data)
    assert forged.popup == "Alleen de voorzitter kan dit instellen."

    reply = await reporting.report_to_confidants()
    to_dirk = reply.to(reporting.dirk)[0]
    await driver.tap(reporting.dirk, to_dirk, "🙋 Ik pak dit op")
    await driver.tap(reporting.dirk, to_dirk, "✅ Opgelost")
    assert to_dirk.text == (
        "✅ Afgesloten als opgelost. De melding wordt gewist op maandag 30 november."
    )
    await old.driver.stop()
    old.clock.advance(days=8)
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        assert await flags_in_db(restarted) == []  # the daily clean-up ran at start-up
    finally:
        await restarted.driver.stop()
    reporting.assert_group_saw_nothing()


# --- English --------------------------------------------------------------------------------------


async def test_an_english_house_reports_in_english(bot: Bot) -> None:
    reporting = await make_reporting(bot, language="en")
    h, driver = reporting.house, bot.driver
    dirk, carla = reporting.dirk, reporting.carla
    reply = await driver.send(carla, "/flag", chat=h.group)
    assert reply.to(h.group) == []  # her private chat is open: all of it happens there
    menu = reply.to(carla)[0]
    assert menu.text.startswith("📝 Report something in De Boog\nThis stays between you")
    await driver.tap(carla, menu, "😣 A conflict with someone")
    asked = (await driver.tap(carla, menu, "✏️ Yes, I'll write something")).last
    route = (await driver.send(carla, "They keep taking my food", reply_to=asked)).last
    assert route.text.startswith("Who gets your report?\n\nYou choose who gets it.")
    reply = await driver.tap(carla, route, "🤝 Only Dirk")
    assert route.text == (
        "✅ Your report went to: Dirk. I'll let you know when someone picks it up."
    )
    to_dirk = reply.to(dirk)[0]
    assert to_dirk.text.startswith(
        "🤝 Report for the confidants of De Boog\nFrom: Carla de Vries\n"
        "Subject: Conflict with someone\n\nThey keep taking my food"
    )
    reply = await driver.tap(dirk, to_dirk, "🙋 I'll pick this up")
    assert reply.to(carla)[0].text == (
        "🙋 Dirk is picking up your report (De Boog) and will get in touch with you. "
        "You may also send a message yourself.\n\n"
        "What would you like to do now? You choose. Dirk will help you."
    )
    reply = await driver.tap(carla, reply.to(carla)[0], "✅ Resolved")
    assert (
        reply.to(dirk)[0].text == "✅ Carla de Vries closed the report: it is resolved. Thank you."
    )
    menu = (await driver.send(carla, "/flag")).last
    await driver.tap(carla, menu, "📂 My reports (1)")
    await driver.tap(carla, menu, "Conflict with someone ✅")
    assert menu.text == (
        "📝 Report of Monday 23 November\n"
        "Subject: Conflict with someone\n"
        "To: confidants: Dirk\n"
        "Now: resolved on Monday 23 November\n\n"
        "They keep taking my food\n\n"
        "🗑 Will be deleted on Monday 21 December."
    )
    reporting.secrets.append("They keep taking my food")
    reporting.assert_group_saw_nothing()


async def test_english_unsafe_and_agenda(bot: Bot) -> None:
    reporting = await make_reporting(bot, language="en")
    driver, carla = bot.driver, reporting.carla
    menu = (await driver.send(carla, "/flag")).last
    reply = await driver.tap(carla, menu, "🆘 I don't feel safe")
    assert reply.texts[0].startswith("🆘 Are you in danger right now? Call 112.")
    await driver.tap(carla, menu, "➡️ No, go on")
    await driver.tap(carla, menu, "📋 Anonymously on the agenda")
    assert "Someone does not feel safe in the house." in menu.text
    await driver.tap(carla, menu, "✅ Yes, put it on the agenda")
    assert menu.text.startswith("✅ It is on the agenda, without your name:")
    async with bot.database.transaction() as session:
        item = session.scalars(select(AgendaItem)).one()
        assert item.text.startswith("Someone does not feel safe in the house.")
        assert item.added_by_id is None
    reporting.assert_group_saw_nothing()
