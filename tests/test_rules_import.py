"""Importing the house's existing rule book at setup: the chair sends a text or Markdown file
(or pastes the text) in the private chat, sees what the bot read, and saves it.

Files that people send come from the fake Telegram: `tg.user_document(...)`, `getFile` and the
download of the file."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import MemberStatus, PrivateChat, Role
from bot.storage.rules_models import Rule, RuleEvent, RuleEventKind, RuleState
from tests.conftest import Bot, House, make_house
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import set_member

BOOK = """# Huisregels De Boog

Deze afspraken maakten we samen.

## Samen wonen
1. Gasten mogen **twee nachten** per week logeren.
2. Huisdieren alleen met toestemming
   van de vergadering.

Keuken:
- Ruim op na het koken.
- Eten in de koelkast krijgt je naam.
"""


async def send_file(
    bot: Bot,
    user: FakeUser,
    name: str,
    content: bytes,
    mime_type: str = "text/markdown",
    caption: str = "",
    reply_to: FakeMessage | None = None,
) -> Reply:
    tg = bot.tg
    msg = tg.user_document(
        user, tg.private_chat(user), name, content, mime_type, caption, reply_to=reply_to
    )
    (update,) = tg.message_update(msg)
    return await bot.driver.deliver(update)


async def make_setup(bot: Bot) -> House:
    house = await make_house(bot)
    for user in (house.bram, house.carla):
        bot.tg.start_bot(user)
    await set_member(
        bot.database, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(bot.database, house.carla, MemberStatus.RESIDENT)
    return house


async def rules_in_db(bot: Bot) -> list[tuple[int | None, str | None, str, RuleState]]:
    async with bot.database.transaction() as session:
        return [
            (r.number, r.section, r.text, r.state)
            for r in session.scalars(select(Rule).order_by(Rule.id))
        ]


PREVIEW = (
    "📥 Zo lees ik het regelboek (regels: 4, kopjes: 2):\n"
    "\n"
    "Samen wonen\n"
    "1. Gasten mogen twee nachten per week logeren.\n"
    "2. Huisdieren alleen met toestemming van de vergadering.\n"
    "\n"
    "Keuken\n"
    "3. Ruim op na het koken.\n"
    "4. Eten in de koelkast krijgt je naam.\n"
    "\n"
    "ℹ️ Overgeslagen, want zonder nummer of streepje: 1 stukjes tekst.\n"
    "\n"
    "Klopt dit? Dan sla ik het op."
)


async def test_the_chair_imports_a_file_with_a_preview_and_saves_it(bot: Bot) -> None:
    house = await make_setup(bot)
    driver, bram = bot.driver, house.bram
    asked = (await driver.send(bram, "/regels importeren")).last
    assert asked.text.startswith("📥 Stuur het regelboek als bestand (.txt of .md)")
    reply = await send_file(bot, bram, "huisregels.md", BOOK.encode(), reply_to=asked)
    assert reply.texts == [PREVIEW]
    assert [b.text for b in bot.tg.all_buttons(reply.last)] == ["✅ Opslaan", "✖️ Niet opslaan"]
    assert [r[3] for r in await rules_in_db(bot)] == [RuleState.DRAFT] * 4
    # Nothing is in the book before the chair saves.
    assert (
        (await driver.send(house.carla, "/regels"))
        .texts[0]
        .startswith("📜 De Boog heeft nog geen huisregels")
    )

    saved = await driver.tap(bram, reply.last, "✅ Opslaan")
    assert reply.last.text == "✅ Opgeslagen: 4 regels. Ik heb het in de groep verteld."
    announced, poll = saved.to(house.group)  # not yet the residents': a poll to confirm it
    assert announced.text == (
        "📜 Het huisreglement staat nu in de bot: 4 regels. Het is nog niet bevestigd. "
        "Stem hieronder of jullie het bevestigen. Typ /regels om het te lezen."
    )
    assert poll.text.startswith(
        "🗳 Bevestigen we het ingelezen huisreglement? Lees het met /regels."
    )
    assert await rules_in_db(bot) == [
        (1, "Samen wonen", "Gasten mogen twee nachten per week logeren.", RuleState.ADOPTED),
        (
            2,
            "Samen wonen",
            "Huisdieren alleen met toestemming van de vergadering.",
            RuleState.ADOPTED,
        ),
        (3, "Keuken", "Ruim op na het koken.", RuleState.ADOPTED),
        (4, "Keuken", "Eten in de koelkast krijgt je naam.", RuleState.ADOPTED),
    ]
    async with bot.database.transaction() as session:
        kinds = [e.kind for e in session.scalars(select(RuleEvent))]
        assert kinds == [RuleEventKind.IMPORTED] * 4
    texts = (await driver.send(house.carla, "/regels 2")).texts
    assert texts[0].endswith("• 23 nov 2026: overgenomen uit het regelboek dat het huis al had")
    assert (await driver.send(house.carla, "/regels logere")).texts[0].split("\n")[1] == (
        "1. Gasten mogen twee nachten per week logeren. (Samen wonen)"
    )
    # A second import is refused: the book is no longer empty.
    reply = await driver.send(bram, "/regels import")
    assert reply.texts == [
        "Het regelboek heeft al regels. Inlezen kan alleen als het nog leeg is. "
        "Verander regels met een voorstel."
    ]


async def test_a_file_with_the_command_as_caption_and_not_saving(bot: Bot) -> None:
    house = await make_setup(bot)
    driver, bram = bot.driver, house.bram
    reply = await send_file(
        bot, bram, "regels.txt", BOOK.encode("utf-8-sig"), "text/plain", "/regels importeren"
    )
    assert reply.texts == [PREVIEW]
    await driver.tap(bram, reply.last, "✖️ Niet opslaan")
    assert reply.last.text == (
        "✖️ Niet opgeslagen. Je kunt een ander bestand sturen met /regels inlezen."
    )
    assert await rules_in_db(bot) == []
    assert bot.tg.messages(house.group)[-1].text.startswith("📜") is False


async def test_pasted_text_works_too(bot: Bot) -> None:
    house = await make_setup(bot)
    driver, bram = bot.driver, house.bram
    asked = (await driver.send(bram, "/regels import")).last
    reply = await driver.send(
        bram, "- Afval op dinsdag buiten.\n- Post in het vakje.", reply_to=asked
    )
    assert reply.texts[0].startswith("📥 Zo lees ik het regelboek (regels: 2, kopjes: 0):")
    await driver.tap(bram, reply.last, "✅ Opslaan")
    assert [r[:3] for r in await rules_in_db(bot)] == [
        (1, None, "Afval op dinsdag buiten."),
        (2, None, "Post in het vakje."),
    ]


async def test_what_cannot_be_imported_is_said(bot: Bot) -> None:
    house = await make_setup(bot)
    driver, bram, carla = bot.driver, house.bram, house.carla
    asked = (await driver.send(bram, "/regels import")).last
    reply = await send_file(bot, bram, "foto.jpg", b"\xff\xd8\xff", "image/jpeg", reply_to=asked)
    assert reply.texts == [
        "Dit is geen tekstbestand. Stuur een .txt- of .md-bestand, of plak de tekst."
    ]
    reply = await send_file(
        bot, bram, "leeg.txt", b"Welkom in huis!\n", "text/plain", reply_to=asked
    )
    assert reply.texts == [
        "Ik vond geen huisregels in de tekst. Zet voor elke regel een nummer (1.) "
        "of een streepje (-)."
    ]
    reply = await send_file(bot, bram, "groot.txt", b"- x\n" * 60_000, "text/plain", reply_to=asked)
    assert reply.texts == ["Dit bestand is te groot voor een regelboek. Stuur een kleiner bestand."]
    assert bot.tg.downloads == ["documents/USERFILE0002.bin"]
    # Only the chair imports; in the group it is pointed to the private chat.
    reply = await send_file(bot, carla, "regels.md", BOOK.encode(), caption="/regels import")
    assert reply.texts[0].startswith("Alleen de voorzitter kan het regelboek inlezen.")
    reply = await driver.send(bram, "/regels import", chat=house.group)
    assert reply.texts == [
        "Het regelboek inlezen doe je in de privéchat met mij. Typ daar /regels inlezen."
    ]
    # A file nobody asked for is not read; the bot says briefly what it can do (issue 16).
    reply = await send_file(bot, carla, "vakantie.txt", b"- zon", "text/plain")
    assert reply.texts == [
        "Ik begrijp alleen opdrachten en knoppen. Tik op een knop, of typ / voor de lijst."
    ]
    assert await rules_in_db(bot) == []
