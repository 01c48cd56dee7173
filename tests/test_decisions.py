"""The decision log, as the house sees it: the latest decisions, a record in full, searching,
the Markdown file for the minutes, and review dates that bring a subject back to the agenda
(also after a restart) — in Dutch and in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    Decision,
    House,
    Member,
    Outcome,
    PollKind,
    Role,
)
from tests.conftest import Bot, make_house, start_bot
from tests.fake_telegram import FakeMessage
from tests.test_polls import Outbox, Voting, make_voting


async def post_poll(
    voting: Voting,
    question: str,
    *,
    kind: PollKind = PollKind.YES_NO,
    options: tuple[str, ...] = (),
    frame: str | None = None,
    secret: bool = False,
) -> FakeMessage:
    """A poll with a frame or a secret ballot (the full form builds these; arranged here)."""
    from bot.domain import polls as domain
    from bot.handlers.kit import Work

    bot = voting.bot
    before = len(bot.tg.calls)
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        chair = next(m for m in session.scalars(select(Member)) if Role.CHAIR in m.role_set)
        poll = domain.new_poll(
            session,
            bot.clock,
            house,
            chair,
            question=question,
            kind=kind,
            options=options,
            frame=frame,
            secret=secret,
        )
        work = Work(session, bot.app.bot_data["deps"], bot.app.bot)
        await bot.app.bot_data["polls"].post(work, house, poll, chair)
    sent = [c.message for c in bot.tg.calls[before:] if c.message is not None]
    return next(m for m in sent if m.chat.id == voting.house.group.id)


async def decide_cat(voting: Voting) -> None:
    """Decision 2026-001, closed on Thursday 26 November: 2 for, 1 against."""
    h = voting.house
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(h.anna, message, 1)
    await voting.tap(h.bram, message, 1)
    await voting.tap(h.carla, message, 2)
    await voting.bot.advance(days=4)


async def decide_dinner(voting: Voting) -> None:
    """Decision 2026-002, closed on Monday 30 November, a secret vote with a frame."""
    h = voting.house
    message = await post_poll(
        voting,
        "Wat koken we vrijdag?",
        kind=PollKind.SINGLE,
        options=("Pasta & kaas", "Soep_van_de_dag"),
        frame="Budget 40 euro *per* week",
        secret=True,
    )
    await voting.tap(h.anna, message, "Soep_van_de_dag")
    await voting.tap(h.bram, message, "Soep_van_de_dag")
    await voting.tap(voting.dirk, message, "Pasta & kaas")
    await voting.bot.advance(days=4)


async def arrange_decisions(bot: Bot, questions: list[str]) -> None:
    """Decisions straight in the database, one a day from 1 November (for paging)."""
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        for seq, question in enumerate(questions, start=1):
            session.add(
                Decision(
                    house_id=house.id,
                    year=2026,
                    seq=seq,
                    decided_at=datetime(2026, 11, seq, 12, 0, tzinfo=UTC),
                    question=question,
                    kind=PollKind.YES_NO,
                    outcome=Outcome.ADOPTED if seq % 2 else Outcome.REJECTED,
                    results=[["yes", 3], ["no", 1], ["abstain", 0]],
                    turnout=4,
                    eligible=4,
                    quorum_needed=2,
                    quorum_met=True,
                )
            )


async def agenda_items(bot: Bot) -> list[tuple[AgendaSource, str]]:
    async with bot.database.transaction() as session:
        items = session.scalars(select(AgendaItem).order_by(AgendaItem.id)).all()
        return [(i.source, i.text) for i in items]


async def test_the_decision_log_lists_the_latest_and_shows_one_in_full(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    empty = await driver.send(h.carla, "/besluiten", chat=h.group)
    assert empty.texts == [
        "📋 Er zijn nog geen besluiten. Een besluit komt hier als een stemming sluit."
    ]
    await decide_cat(voting)
    await decide_dinner(voting)

    reply = await driver.send(h.carla, "/besluiten", chat=h.group)
    listing = reply.last
    assert listing.text == (
        "📋 Besluitenlijst van De Boog\n\n"
        "2026-002 · 30 nov · Wat koken we vrijdag? · ✅ gekozen: Soep_van_de_dag\n"
        "2026-001 · 26 nov · Nemen we een kat? · ✅ aangenomen\n\n"
        "Tik op een besluit om alles te zien.\n"
        "Zoeken: /besluiten en een woord. Een bestand voor het verslag: /besluiten exporteren."
    )
    assert [b.text for b in bot.tg.all_buttons(listing)] == [
        "2026-002 · Wat koken we vrijdag?",
        "2026-001 · Nemen we een kat?",
    ]

    await driver.tap(h.carla, listing, "2026-002")
    assert listing.text == (
        "📋 Besluit 2026-002 · maandag 30 november 2026\n"
        "Wat koken we vrijdag?\n"
        "📌 Dit stond vast: Budget 40 euro *per* week\n"
        "🔒 Geheime stemming.\n\n"
        "Pasta & kaas — 1 ▓\n"
        "Soep_van_de_dag — 2 ▓▓\n\n"
        "✋ Gestemd: 3 van 4.\n"
        "👥 Wie stemt: bewoners\n"
        "✔️ Genoeg stemmen: er waren er 2 nodig.\n"
        "✅ Gekozen: Soep_van_de_dag"
    )
    assert [b.text for b in bot.tg.all_buttons(listing)] == [
        "🙋 Ik doe het",  # who carries it out (tests/test_k_agreements.py)
        "🔁 Later opnieuw bespreken",
        "🖨 Afdrukken",
        "← Terug",
    ]
    await driver.tap(h.carla, listing, "← Terug")
    assert listing.text.startswith("📋 Besluitenlijst van De Boog")

    # Also by its number, and privately (the person's own house).
    reply = await driver.send(h.carla, "/besluiten 2026-001")
    assert reply.last.chat.id == h.carla.id
    # privately, the review button is for the chair only
    assert [b.text for b in bot.tg.all_buttons(reply.last)] == ["🙋 Ik doe het", "🖨 Afdrukken"]
    assert reply.last.text.startswith("📋 Besluit 2026-001 · donderdag 26 november 2026")
    assert "👍 Voor — 2 ▓▓\n👎 Tegen — 1 ▓\n🤷 Ik stem niet — 0" in reply.last.text
    reply = await driver.send(h.carla, "/besluiten 2026-099", chat=h.group)
    assert reply.texts == ["Besluit 2026-099 bestaat niet. Typ /besluiten om de lijst te zien."]


async def test_a_decision_without_quorum_says_so(bot: Bot) -> None:
    voting = await make_voting(bot)
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(voting.house.carla, message, 1)
    await bot.advance(days=4)
    reply = await bot.driver.send(
        voting.house.carla, "/besluiten 2026-001", chat=voting.house.group
    )
    assert reply.last.text.endswith(
        "✋ Gestemd: 1 van 4.\n"
        "👥 Wie stemt: bewoners\n"
        "⚠️ Te weinig stemmen: er waren er 2 nodig.\n"
        "⚪ Geen besluit: te weinig stemmen (1, er waren 2 nodig). "
        "Het onderwerp gaat naar de vergadering."
    )
    listing = await bot.driver.send(voting.house.carla, "/besluiten", chat=voting.house.group)
    assert "2026-001 · 26 nov · Nemen we een kat? · ⚪ te weinig stemmen" in listing.last.text


async def test_more_than_ten_decisions_page_newest_first(bot: Bot) -> None:
    voting = await make_voting(bot)
    await arrange_decisions(bot, [f"Vraag {n}" for n in range(1, 13)])
    reply = await bot.driver.send(voting.house.anna, "/besluiten", chat=voting.house.group)
    listing = reply.last
    lines = [line for line in listing.text.split("\n") if line.startswith("2026-")]
    assert [line.split(" · ")[0] for line in lines] == [f"2026-{n:03d}" for n in range(12, 2, -1)]
    assert lines[0] == "2026-012 · 12 nov · Vraag 12 · ❌ niet aangenomen"
    assert "Bladzijde 1 van 2." in listing.text
    assert [b.text for b in listing.buttons[-1]] == ["Ouder ›"]

    await bot.driver.tap(voting.house.anna, listing, "Ouder ›")
    lines = [line for line in listing.text.split("\n") if line.startswith("2026-")]
    assert lines == [
        "2026-002 · 2 nov · Vraag 2 · ❌ niet aangenomen",
        "2026-001 · 1 nov · Vraag 1 · ✅ aangenomen",
    ]
    assert "Bladzijde 2 van 2." in listing.text
    assert [b.text for b in listing.buttons[-1]] == ["‹ Nieuwer"]
    # The record remembers the page it came from.
    await bot.driver.tap(voting.house.anna, listing, "2026-001")
    await bot.driver.tap(voting.house.anna, listing, "← Terug")
    assert "Bladzijde 2 van 2." in listing.text


async def test_search_needs_every_word_and_says_plainly_when_nothing_matches(bot: Bot) -> None:
    voting = await make_voting(bot)
    await arrange_decisions(
        bot,
        [
            "Nemen we een KAT?",
            "Een kattenluik in de achterdeur",
            "Huur 50% omlaag?",
            "Het CAFÉ op de hoek",
            "Wie doet de_afwas?",
        ],
    )
    h, driver = voting.house, bot.driver

    async def search(words: str) -> list[str]:
        reply = await driver.send(h.carla, f"/besluiten {words}", chat=h.group)
        return [b.text for b in bot.tg.all_buttons(reply.last)]

    assert await search("kat") == [
        "2026-002 · Een kattenluik in de achter…",
        "2026-001 · Nemen we een KAT?",
    ]
    assert await search("KAT luik") == ["2026-002 · Een kattenluik in de achter…"]
    assert await search("50%") == ["2026-003 · Huur 50% omlaag?"]
    assert await search("%") == ["2026-003 · Huur 50% omlaag?"]  # a % is a %, not "anything"
    assert await search("_") == ["2026-005 · Wie doet de_afwas?"]
    assert await search("café") == ["2026-004 · Het CAFÉ op de hoek"]  # the same on both
    reply = await driver.send(h.carla, "/besluiten kat", chat=h.group)
    assert reply.last.text.startswith("🔎 Besluiten met „kat”\n\n2026-002 · 2 nov · Een kattenluik")

    reply = await driver.send(h.carla, "/besluiten hond <b>", chat=h.group)
    assert reply.texts == ["🔎 Geen besluit gevonden met „hond <b>”. Probeer een ander woord."]
    assert reply.last.buttons == []
    reply = await driver.send(h.carla, "/besluiten " + "x" * 101, chat=h.group)
    assert reply.texts == ["Dat is te lang om op te zoeken. Gebruik hoogstens 100 tekens."]

    # A result opens as a message of its own, so the results stay in view.
    found = (await driver.send(h.carla, "/besluiten luik", chat=h.group)).last
    opened = await driver.tap(h.carla, found, "2026-002")
    assert opened.last.text.startswith("📋 Besluit 2026-002 · maandag 2 november 2026")
    assert found.text.startswith("🔎 Besluiten met „luik”")


async def test_search_finds_the_frame_and_the_winner(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    await decide_dinner(voting)
    reply = await bot.driver.send(voting.house.anna, "/besluiten budget", chat=voting.house.group)
    assert [b.text for b in bot.tg.all_buttons(reply.last)] == ["2026-002 · Wat koken we vrijdag?"]
    reply = await bot.driver.send(voting.house.anna, "/besluiten soep", chat=voting.house.group)
    assert [b.text for b in bot.tg.all_buttons(reply.last)] == ["2026-002 · Wat koken we vrijdag?"]
    reply = await bot.driver.send(voting.house.anna, "/besluiten kaas", chat=voting.house.group)
    assert reply.texts[0].startswith("🔎 Geen besluit gevonden")  # a losing option is no match


async def test_the_export_of_a_month_is_a_markdown_file_for_the_minutes(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    await decide_dinner(voting)
    h = voting.house
    reply = await bot.driver.send(h.carla, "/besluiten export 2026-11", chat=h.group)
    [document] = reply.to(h.group)
    assert document.kind == "document"
    assert document.caption == (
        "📋 Besluitenlijst van november 2026 voor het verslag. Aantal besluiten: 2."
    )
    assert document.file is not None
    assert document.file.name == "besluitenlijst-2026-11.md"
    assert document.file.content.decode() == (
        "# Besluitenlijst De Boog\n"
        "\n"
        "Periode: november 2026\n"
        "\n"
        "Gemaakt door Huisbot op dinsdag 1 december 2026.\n"
        "\n"
        "## Besluit 2026-001: Nemen we een kat?\n"
        "\n"
        "- Datum: donderdag 26 november 2026\n"
        "- Uitkomst: ✅ aangenomen\n"
        "- Stemmen: 👍 Voor 2 · 👎 Tegen 1 · 🤷 Ik stem niet 0\n"
        "- Gestemd: 3 van 4 (genoeg stemmen: er waren er 2 nodig)\n"
        "- 👥 Wie stemt: bewoners\n"
        "\n"
        "## Besluit 2026-002: Wat koken we vrijdag?\n"
        "\n"
        "- Datum: maandag 30 november 2026\n"
        "- Dit stond vast: Budget 40 euro \\*per\\* week\n"
        "- Uitkomst: ✅ gekozen: Soep\\_van\\_de\\_dag\n"
        "- Stemmen: Pasta \\& kaas 1 · Soep\\_van\\_de\\_dag 2\n"
        "- Gestemd: 3 van 4 (genoeg stemmen: er waren er 2 nodig)\n"
        "- 👥 Wie stemt: bewoners\n"
        "- Geheime stemming\n"
    )
    # A year and a range of days work too; the range leaves out what falls outside it.
    reply = await bot.driver.send(h.carla, "/besluiten export 2026", chat=h.group)
    assert reply.last.file is not None and reply.last.file.name == "besluitenlijst-2026.md"
    reply = await bot.driver.send(
        h.carla, "/besluiten export 2026-11-27 tot 2026-11-30", chat=h.group
    )
    assert reply.last.file is not None
    assert reply.last.file.name == "besluitenlijst-2026-11-27-2026-11-30.md"
    content = reply.last.file.content.decode()
    assert "2026-002" in content and "2026-001" not in content
    assert "Periode: 27 november 2026 tot en met 30 november 2026" in content


async def test_an_empty_period_or_a_bad_one_sends_no_file(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    await bot.advance(days=5)  # 2 December
    h, driver = voting.house, bot.driver
    reply = await driver.send(h.carla, "/besluiten export 2026-10", chat=h.group)
    assert reply.texts == ["📋 In oktober 2026 zijn er geen besluiten. Ik stuur dus geen bestand."]
    reply = await driver.send(h.carla, "/besluiten export", chat=h.group)  # this month: December
    assert reply.texts == ["📋 In december 2026 zijn er geen besluiten. Ik stuur dus geen bestand."]
    for period in ("2026-13", "vorige week", "31-02-2026", "2026-11-01 2026-11-02 2026-11-03"):
        reply = await driver.send(h.carla, f"/besluiten export {period}", chat=h.group)
        assert reply.texts[0].startswith("Die periode snap ik niet. Schrijf bijvoorbeeld:")
    reply = await driver.send(h.carla, "/besluiten export 2026-11-30 2026-11-01", chat=h.group)
    assert reply.texts == ["De laatste dag ligt vóór de eerste dag. Zet de vroegste dag eerst."]
    assert bot.tg.calls_of("sendDocument") == []


async def test_a_review_date_brings_the_subject_back_on_the_agenda(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    h, driver = voting.house, bot.driver
    record = (await driver.send(h.bram, "/besluiten 2026-001", chat=h.group)).last
    await driver.tap(h.bram, record, "🔁 Later opnieuw bespreken")
    assert record.text == (
        "🔁 Wanneer komt besluit 2026-001 terug op de agenda?\n"
        "Nemen we een kat?\n"
        "Op die dag zet ik het op de agenda van de vergadering."
    )
    assert [b.text for b in bot.tg.all_buttons(record)] == [
        "Over 1 maand",
        "Over 3 maanden",
        "Over 6 maanden",
        "Over 1 jaar",
        "← Terug",
    ]
    tapped = await driver.tap(h.bram, record, "Over 1 maand")
    assert tapped.popup == (
        "✅ Besluit 2026-001 komt terug op de agenda op zondag 27 december 2026."
    )
    assert record.text.endswith("🔁 Komt terug op de agenda op zondag 27 december 2026.")

    reply = await bot.advance(days=29, hours=23)  # 27 December, 9:00: not yet
    assert reply.to(h.group) == []
    reply = await bot.advance(hours=1)  # 10:00
    assert [m.text for m in reply.to(h.group)] == [
        "🔁 Tijd om besluit 2026-001 opnieuw te bespreken: Nemen we een kat?\n"
        "Het staat op de agenda van de volgende vergadering."
    ]
    assert await agenda_items(bot) == [(AgendaSource.REVIEW, "Nemen we een kat?")]
    agenda = await driver.send(h.carla, "/agenda", chat=h.group)
    assert "1. Nemen we een kat?\n    opnieuw bespreken: besluit 2026-001" in agenda.last.text
    shown = await driver.send(h.carla, "/besluiten 2026-001", chat=h.group)
    assert "🔁 Kwam terug op de agenda op zondag 27 december 2026." in shown.last.text

    # Once only: later time and a restart add nothing more.
    await bot.advance(days=40)
    await bot.driver.stop()
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        assert await agenda_items(restarted) == [(AgendaSource.REVIEW, "Nemen we een kat?")]
    finally:
        await restarted.driver.stop()


async def test_the_review_date_is_announced_after_the_jobs_commit(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review job does not hold the database while the group is told."""
    voting = await make_voting(bot)
    await decide_cat(voting)
    h, driver = voting.house, bot.driver
    record = (await driver.send(h.bram, "/besluiten 2026-001", chat=h.group)).last
    await driver.tap(h.bram, record, "🔁 Later opnieuw bespreken")
    await driver.tap(h.bram, record, "Over 1 maand")
    sends = Outbox(bot, monkeypatch)
    reply = await bot.advance(days=31)
    assert [m.text for m in reply.to(h.group)] == [
        "🔁 Tijd om besluit 2026-001 opnieuw te bespreken: Nemen we een kat?\n"
        "Het staat op de agenda van de volgende vergadering."
    ]
    assert [free for _, free in sends.to(h.group.id)] == [True]
    assert await agenda_items(bot) == [(AgendaSource.REVIEW, "Nemen we een kat?")]


async def test_a_review_date_that_passed_while_the_bot_was_down_is_handled_at_start_up(
    bot: Bot,
) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    h = voting.house
    record = (await bot.driver.send(h.bram, "/besluiten 2026-001", chat=h.group)).last
    await bot.driver.tap(h.bram, record, "🔁 Later opnieuw bespreken")
    await bot.driver.tap(h.bram, record, "Over 3 maanden")
    await bot.driver.stop()
    bot.clock.advance(days=120)
    before = len(bot.tg.calls)
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        sent = [c.message for c in bot.tg.calls[before:] if c.method == "sendMessage"]
        assert [m.text for m in sent if m is not None] == [
            "🔁 Tijd om besluit 2026-001 opnieuw te bespreken: Nemen we een kat?\n"
            "Het staat op de agenda van de volgende vergadering."
        ]
        assert await agenda_items(restarted) == [(AgendaSource.REVIEW, "Nemen we een kat?")]
    finally:
        await restarted.driver.stop()


async def test_a_review_date_set_before_a_restart_still_comes(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    h = voting.house
    record = (await bot.driver.send(h.bram, "/besluiten 2026-001")).last  # privately
    await bot.driver.tap(h.bram, record, "🔁 Later opnieuw bespreken")
    await bot.driver.tap(h.bram, record, "Over 6 maanden")
    await bot.driver.stop()
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        assert (await restarted.advance(days=180)).to(h.group) == []
        reply = await restarted.advance(days=2)
        assert reply.to(h.group)[0].text.startswith("🔁 Tijd om besluit 2026-001")
        assert await agenda_items(restarted) == [(AgendaSource.REVIEW, "Nemen we een kat?")]
    finally:
        await restarted.driver.stop()


async def test_only_the_chair_sets_a_review_date_and_it_can_be_removed(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    h, driver = voting.house, bot.driver
    record = (await driver.send(h.carla, "/besluiten 2026-001", chat=h.group)).last
    refused = await driver.tap(h.carla, record, "🔁 Later opnieuw bespreken")
    assert refused.popup == "Alleen de voorzitter (Bram) kan dit."
    await driver.tap(h.bram, record, "🔁 Later opnieuw bespreken")
    refused = await driver.tap(h.carla, record, "Over 1 jaar")  # a menu the chair opened
    assert refused.popup == "Alleen de voorzitter (Bram) kan dit."
    async with bot.database.transaction() as session:
        assert session.scalars(select(Decision)).one().review_on is None

    await driver.tap(h.bram, record, "Over 1 jaar")
    assert record.text.endswith("🔁 Komt terug op de agenda op zaterdag 27 november 2027.")
    await driver.tap(h.bram, record, "🔁 Later opnieuw bespreken")
    removed = await driver.tap(h.bram, record, "🚫 Niet terug laten komen")
    assert removed.popup == "✅ Besluit 2026-001 komt niet vanzelf terug op de agenda."
    assert record.text.endswith("✅ Aangenomen")
    assert (await bot.advance(days=400)).to(h.group) == []
    assert await agenda_items(bot) == []
    # Forged data does not get around the check either.
    async with bot.database.transaction() as session:
        decision_id = session.scalars(select(Decision.id)).one()
    forged = await driver.tap_data(h.carla, record, f"decv|{decision_id}|1m|0")
    assert forged.popup == "Alleen de voorzitter (Bram) kan dit."
    stale = await driver.tap_data(h.bram, record, f"decv|{decision_id}|2w|0")
    assert stale.popup == "Deze knop werkt niet meer. Vraag zo nodig een nieuw bericht op."
    async with bot.database.transaction() as session:
        assert session.scalars(select(Decision)).one().review_on is None


async def test_an_english_house_keeps_its_decision_log_in_english(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    h, driver = voting.house, bot.driver
    message = await voting.poll("Shall we get a cat?")
    for user in (h.anna, h.bram, h.carla):
        await voting.tap(user, message, "👍 For")
    await bot.advance(days=4)

    listing = (await driver.send(h.carla, "/decisions", chat=h.group)).last
    assert listing.text == (
        "📋 Decision log of De Boog\n\n"
        "2026-001 · 26 Nov · Shall we get a cat? · ✅ adopted\n\n"
        "Tap a decision to see all of it.\n"
        "Search: /decisions and a word. A file for the minutes: /decisions export."
    )
    await driver.tap(h.carla, listing, "2026-001")
    assert listing.text == (
        "📋 Decision 2026-001 · Thursday 26 November 2026\n"
        "Shall we get a cat?\n\n"
        "👍 For — 3 ▓▓▓\n👎 Against — 0\n🤷 Abstain — 0\n\n"
        "✋ Voted: 3 of 4.\n"
        "👥 Who votes: residents\n"
        "✔️ Enough votes: 2 were needed.\n"
        "✅ Adopted"
    )
    reply = await driver.send(h.carla, "/decisions dog", chat=h.group)
    assert reply.texts == ["🔎 No decision found with “dog”. Try another word."]
    reply = await driver.send(h.carla, "/decisions CAT", chat=h.group)
    assert reply.last.text.startswith("🔎 Decisions with “CAT”\n\n2026-001 · 26 Nov")

    reply = await driver.send(h.carla, "/decisions export 11-2026", chat=h.group)
    assert reply.last.caption == (
        "📋 Decision log of November 2026 for the minutes. Number of decisions: 1."
    )
    assert reply.last.file is not None and reply.last.file.name == "decision-log-2026-11.md"
    assert reply.last.file.content.decode().startswith(
        "# Decision log De Boog\n\nPeriod: November 2026\n\nMade by Huisbot on "
    )
    assert "- Votes: 👍 For 3 · 👎 Against 0 · 🤷 Abstain 0\n" in reply.last.file.content.decode()
    reply = await driver.send(h.carla, "/decisions export 2025", chat=h.group)
    assert reply.texts == ["📋 There are no decisions in 2025, so I am not sending a file."]

    await driver.tap(h.bram, listing, "🔁 Discuss again later")
    tapped = await driver.tap(h.bram, listing, "In 3 months")
    assert (
        tapped.popup
        == "✅ Decision 2026-001 comes back on the agenda on Saturday 27 February 2027."
    )
    reply = await bot.advance(days=100)
    assert reply.to(h.group)[0].text == (
        "🔁 Time to discuss decision 2026-001 again: Shall we get a cat?\n"
        "It is on the agenda of the next meeting."
    )
    agenda = await driver.send(h.carla, "/agenda", chat=h.group)
    assert "1. Shall we get a cat?\n    review of decision 2026-001" in agenda.last.text


async def test_a_stranger_gets_no_decision_log(bot: Bot) -> None:
    voting = await make_voting(bot)
    await decide_cat(voting)
    stranger = bot.tg.add_user("Xander")
    reply = await bot.driver.send(stranger, "/besluiten")
    assert reply.texts == [
        "Ik weet nog niet bij welk huis je hoort. Tik op Privéchat in de groep van je huis."
    ]
    async with bot.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 1


async def test_a_review_month_follows_the_house_calendar(bot: Bot) -> None:
    """31 January + 1 month is 28 February; the day is the house's day, not UTC's."""
    from bot.domain.decisions import review_moment

    await make_house(bot)
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        late = review_moment(house, datetime(2027, 1, 31, 23, 30, tzinfo=UTC), 1)
        noon = review_moment(house, datetime(2027, 1, 31, 12, 0, tzinfo=UTC), 1)
    # 23:30 UTC on 31 January is already 1 February in Amsterdam.
    assert late == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    assert noon == datetime(2027, 2, 28, 9, 0, tzinfo=UTC)
