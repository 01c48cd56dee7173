"""A page for the notice board (issue 17.2): "🖨 Afdrukken" under `/agenda`, `/rooster`,
`/regels` and a closed decision sends one A4 page as a PDF, in large type with an icon per
task. Each page is rendered through the real bot and read back with pypdf — in Dutch and in
English, on both databases."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.callbacks import PrintPage, codec
from bot.printing import pdf
from bot.printing.pdf import Fonts, Line, Sheet, render
from bot.printing.sheets import task_icon
from bot.storage.meeting_models import Meeting, MeetingState
from bot.storage.models import Decision, House
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.test_decisions import decide_cat
from tests.test_polls import make_voting
from tests.test_rotas import make_rota
from tests.test_rules import DUTCH_BOOK, ENGLISH_BOOK, add_rules, make_rule_house

A4 = (595, 842)  # points, give or take one

P = {
    "nl": {
        "print": "🖨 Afdrukken",
        "making": "🖨 Even geduld: ik maak de pagina.",
        "caption": "🖨 Een pagina voor het prikbord (A4). Print hem en hang hem op.",
    },
    "en": {
        "print": "🖨 Print",
        "making": "🖨 One moment: I'm making the page.",
        "caption": "🖨 A page for the notice board (A4). Print it and put it up.",
    },
}
STALE = {
    "nl": "Deze knop werkt niet meer. Vraag zo nodig een nieuw bericht op.",
    "en": "This button no longer works. Ask for a new message if you need one.",
}


def pdf_text(message: FakeMessage) -> str:
    """The PDF's one page as text (pypdf), after checking it is one A4 page; the lines joined
    with one space, so the test does not depend on where a long line wraps."""
    assert message.kind == "document"
    assert message.file is not None and message.file.name.endswith(".pdf")
    reader = PdfReader(io.BytesIO(message.file.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    return " ".join(reader.pages[0].extract_text().split())


async def print_from(
    bot: Bot, user: FakeUser, message: FakeMessage, language: str
) -> tuple[Reply, FakeMessage]:
    """`user` taps "🖨 Afdrukken" under `message`: a popup, then the PDF in the same chat."""
    reply = await bot.driver.tap(user, message, P[language]["print"])
    assert reply.popup == P[language]["making"]
    [document] = [m for m in reply.sent if m.kind == "document"]
    assert document.chat.id == message.chat.id
    assert document.caption == P[language]["caption"]
    return reply, document


# --- the four pages -------------------------------------------------------------------------

AGENDA = {
    "nl": {
        "add": "/agenda toevoegen Fietsen <niet> in de gang",
        "page": (
            "Agenda van De Boog "
            "Vergadering: dinsdag 1 december, om 19:30 uur "
            "1. Fietsen <niet> in de gang "
            "op de agenda gezet door Carla de Vries "
            "2. Nemen we een kat? "
            "op de agenda gezet door iemand van het huis "
            "Wil je iets bespreken? Zet het op de agenda: typ /agenda toevoegen in de groep. "
            "Geen Telegram? Zeg het tegen de voorzitter. "
            "Gemaakt op 23 november 2026 door Huisbot."
        ),
    },
    "en": {
        "add": "/agenda add Bikes <not> in the hall",
        "page": (
            "Agenda of De Boog "
            "Meeting: Tuesday 1 December, at 19:30 "
            "1. Bikes <not> in the hall "
            "added by Carla de Vries "
            "2. Nemen we een kat? "
            "added by someone from the house "
            "Would you like to talk about something? Put it on the agenda: type /agenda add in "
            "the group. No Telegram? Tell the chair. "
            "Made on 23 November 2026 by Huisbot."
        ),
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_agenda_of_the_next_meeting_on_one_page(bot: Bot, language: str) -> None:
    voting = await make_voting(bot, language)
    h = voting.house
    async with bot.database.transaction() as session:  # Tuesday 1 December, 19:30 in Amsterdam
        house = session.scalars(select(House)).one()
        session.add(
            Meeting(
                house_id=house.id,
                starts_at=datetime(2026, 12, 1, 18, 30, tzinfo=UTC),
                state=MeetingState.PLANNED,
                created_at=bot.clock.now(),
            )
        )
    await bot.driver.send(h.carla, AGENDA[language]["add"], chat=h.group)
    await bot.driver.send(h.bram, "/agenda toevoegen Nemen we een kat?")  # in private
    await bot.driver.tap(h.bram, bot.tg.last_bot_message(h.bram), 2)  # without a name
    reply = await bot.driver.send(h.carla, "/agenda", chat=h.group)
    _, document = await print_from(bot, h.carla, reply.last, language)
    assert document.file is not None and document.file.name == "agenda.pdf"
    assert pdf_text(document) == AGENDA[language]["page"]


ROTA = {
    "nl": {
        "new": "/rooster nieuw",
        "file": "rooster.pdf",
        "page": (
            "Rooster van De Boog "
            "Van maandag 23 november tot en met zondag 29 november "
            "Maandag 23 november "
            "♻ 17:00 Vuilnis buiten zetten: Anna "
            "♨ 17:00 koken: Carla de Vries (reserve: Dirk) "
            "Dinsdag 24 november "
            "♻ 17:00 Vuilnis buiten zetten: Anna "
            "♨ 17:00 koken: Dirk (reserve: Carla de Vries) "
        ),
        "footer": (
            "Kun je een keer niet? Zeg het op tijd. Dan zoeken we samen iemand. "
            "Geen Telegram? Zeg het tegen de voorzitter. "
            "Gemaakt op 23 november 2026 door Huisbot."
        ),
    },
    "en": {
        "new": "/rota new",
        "file": "rota.pdf",
        "page": (
            "Rota of De Boog "
            "From Monday 23 November to Sunday 29 November "
            "Monday 23 November "
            "♻ 17:00 Vuilnis buiten zetten: Anna "
            "♨ 17:00 koken: Carla de Vries (backup: Dirk) "
            "Tuesday 24 November "
            "♻ 17:00 Vuilnis buiten zetten: Anna "
            "♨ 17:00 koken: Dirk (backup: Carla de Vries) "
        ),
        "footer": (
            "Can't do it one time? Say so in time. Then we look for someone together. "
            "No Telegram? Tell the chair. "
            "Made on 23 November 2026 by Huisbot."
        ),
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_rota_of_the_week_with_an_icon_per_task(bot: Bot, language: str) -> None:
    rota = await make_rota(bot, language)
    h = rota.house
    announcement = await rota.new_task("koken", words=ROTA[language]["new"])
    await rota.join(h.carla, announcement)
    await rota.join(rota.dirk, announcement)
    announcement = await rota.new_task("Vuilnis buiten zetten", words=ROTA[language]["new"])
    await rota.join(h.anna, announcement)
    reply = await rota.group(h.carla, "/rooster")
    _, document = await print_from(bot, h.carla, reply.last, language)
    assert document.file is not None and document.file.name == ROTA[language]["file"]
    text = pdf_text(document)
    assert text.startswith(ROTA[language]["page"]), text
    assert text.endswith(ROTA[language]["footer"]), text
    assert text.count("♨ 17:00 koken") == 7  # every day of the week, the cooking pot
    assert "✅" not in text and "•" not in text  # the chat's marks stay in the chat


RULES = {
    "nl": (
        "Huisregels van De Boog "
        "§ 5. De logeerregel geldt ook voor familie. "
        "Samen wonen "
        "§ 1. Gasten mogen twee nachten per week blijven logeren. "
        "§ 2. Een huisdier mag alleen met toestemming van de vergadering. "
        "Rust "
        "§ 3. Na 23:00 is het stil in huis. "
        "Keuken "
        "§ 4. Ruim de keuken op na het koken. "
        "De bewonersvergadering maakt en verandert de regels. Een idee? Zet het op de agenda. "
        "Gemaakt op 23 november 2026 door Huisbot."
    ),
    "en": (
        "House rules of De Boog "
        "Living together "
        "§ 1. Guests may stay two nights a week. "
        "§ 2. Pets only with the meeting's consent. "
        "Quiet "
        "§ 3. After 11 pm the house is quiet. "
        "The residents' meeting makes and changes the rules. An idea? Put it on the agenda. "
        "Made on 23 November 2026 by Huisbot."
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_house_rules_in_a_private_chat(bot: Bot, language: str) -> None:
    rule_house = await make_rule_house(bot, language)
    await add_rules(bot, DUTCH_BOOK if language == "nl" else ENGLISH_BOOK)
    carla = rule_house.house.carla
    reply = await bot.driver.send(carla, "/regels")
    _, document = await print_from(bot, carla, reply.last, language)
    assert document.chat.id == carla.id  # only Carla sees it
    assert document.file is not None
    assert document.file.name == ("huisregels.pdf" if language == "nl" else "house-rules.pdf")
    assert pdf_text(document) == RULES[language]


DECISION = {
    "nl": (
        "besluit-2026-001.pdf",
        "Besluit 2026-001 "
        "De Boog · besloten op donderdag 26 november 2026 "
        "Nemen we een kat? "
        "✔ Aangenomen "
        "Voor: 2 Tegen: 1 Ik stem niet: 0 "
        "Gestemd: 3 van 4. "
        "Vragen over dit besluit? Zet het op de agenda of vraag het aan de voorzitter. "
        "Gemaakt op 27 november 2026 door Huisbot.",
    ),
    "en": (
        "decision-2026-001.pdf",
        "Decision 2026-001 "
        "De Boog · decided on Thursday 26 November 2026 "
        "Nemen we een kat? "
        "✔ Adopted "
        "For: 2 Against: 1 Abstain: 0 "
        "Voted: 3 of 4. "
        "Questions about this decision? Put it on the agenda or ask the chair. "
        "Made on 27 November 2026 by Huisbot.",
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_closed_decision_on_one_page(bot: Bot, language: str) -> None:
    voting = await make_voting(bot, language)
    h = voting.house
    message = await voting.poll("Nemen we een kat?")
    for user, choice in ((h.anna, 1), (h.bram, 1), (h.carla, 2)):
        await voting.tap(user, message, choice)
    closed = await bot.advance(days=4)
    [result] = [m for m in closed.to(h.group) if "2026-001" in m.text]  # the result message
    name, page = DECISION[language]
    _, document = await print_from(bot, voting.dirk, result, language)
    assert document.file is not None and document.file.name == name
    assert pdf_text(document) == page
    # The same page from the decision log.
    command = "/besluiten 2026-001" if language == "nl" else "/decisions 2026-001"
    reply = await bot.driver.send(h.carla, command, chat=h.group)
    _, document = await print_from(bot, h.carla, reply.last, language)
    assert pdf_text(document) == page


# --- who may print what -----------------------------------------------------------------------


async def test_a_forged_or_foreign_print_button_prints_nothing(bot: Bot) -> None:
    voting = await make_voting(bot)
    h = voting.house
    await decide_cat(voting)
    reply = await bot.driver.send(h.carla, "/besluiten 2026-001", chat=h.group)
    record = reply.last
    house_id = codec.decode(bot.driver.find_button(record, P["nl"]["print"]).callback_data)
    assert isinstance(house_id, PrintPage)
    for forged in (
        PrintPage(house_id.house_id, "decision", 999),  # no such decision
        PrintPage(house_id.house_id + 1, "rules", 0),  # another house
        PrintPage(house_id.house_id, "minutes", 0),  # no such page
    ):
        reply = await bot.driver.tap_data(h.carla, record, codec.encode(forged))
        assert reply.popup == STALE["nl"]
        assert not [m for m in reply.sent if m.kind == "document"]
    stranger = bot.tg.add_user("Sam", language_code="en")
    bot.tg.start_bot(stranger)
    await bot.driver.send(stranger, "/start")
    message = bot.tg.last_bot_message(stranger)
    assert message is not None
    data = codec.encode(PrintPage(house_id.house_id, "rules", 0))
    reply = await bot.driver.tap_data(stranger, message, data)
    assert reply.popup == STALE["en"]
    assert not [m for m in reply.sent if m.kind == "document"]


# --- the page itself (no database) ------------------------------------------------------------


def test_icons_by_the_words_in_a_task_name() -> None:
    assert task_icon("Koken voor iedereen") == "♨"
    assert task_icon("Cooking") == "♨"
    assert task_icon("Afwas") == "☕"
    assert task_icon("GFT-container aan de straat") == "♻"
    assert task_icon("Boodschappen") == "€"
    assert task_icon("Deurdienst") == "⌂"
    assert task_icon("Tuin") == "✿"
    assert task_icon("WC schoonmaken") == "✧"
    assert task_icon("Bijeenkomst voorbereiden") == "★"


def page_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split())


def test_a_long_page_gets_smaller_type_then_a_pointer_to_the_rest() -> None:
    short = Sheet("Huisregels", [Line("1. Kort.", icon="§")], more="Meer: /regels")
    pages, text = page_text(render(short))
    assert (pages, text) == (1, "Huisregels § 1. Kort.")
    rules = [
        Line(f"{n}. Een regel die best lang is, over twee regels.", icon="§") for n in range(1, 121)
    ]
    long = Sheet("Huisregels", rules, more="Meer: /regels", footer=["Gemaakt door Huisbot."])
    pages, text = page_text(render(long))
    assert pages == 1
    assert text.startswith("Huisregels § 1. Een regel")
    assert text.endswith("Meer: /regels Gemaakt door Huisbot.")
    assert "120." not in text  # the rest is in the chat


def test_without_the_dejavu_font_the_page_uses_helvetica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "find_fonts", lambda: Fonts(None, None))
    sheet = Sheet(
        "Één pagina 🖨",
        [Line("Café <b>koken</b> 🍳", icon="♨"), Line("Daarna", heading=True)],
        more="Meer",
    )
    pages, text = page_text(render(sheet))
    assert (pages, text) == (1, "Één pagina Café <b>koken</b> Daarna")  # a dot for the icon


async def test_a_decision_with_paper_votes_says_so_on_its_page(bot: Bot) -> None:
    """Residents without Telegram (issue 17.1): the page says how many voted on paper, as the
    decision record does."""
    voting = await make_voting(bot)
    h = voting.house
    await decide_cat(voting)
    async with bot.database.transaction() as session:
        decision = session.scalars(select(Decision)).one()
        decision.paper_turnout = 1  # as `poll_close.record_decision` writes it
    reply = await bot.driver.send(h.carla, "/besluiten 2026-001", chat=h.group)
    _, document = await print_from(bot, h.carla, reply.last, "nl")
    assert "Daarvan op papier: 1" in pdf_text(document)  # the page draws no 📄 (no such glyph)
