"""Even weg (issue 17.3), as a resident lives it: `/pauze` is a house-wide status without a
reason. While it lasts: no rota turns (a turn nobody else can take becomes a neutral open
request), no poll reminders, no check-in questions; left out of the quorum's count, but voting
stays possible (and then counts); the group reads nothing about it. The meeting check-in can be
turned off for oneself, for a while or for good — in Dutch and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain import away
from bot.domain import polls as poll_domain
from bot.storage.models import House, Member, MemberStatus, Person, Poll
from tests.conftest import Bot
from tests.test_checkins import DIGEST_AT, make_round
from tests.test_meetings import plan_quick, view
from tests.test_polls import make_voting
from tests.test_rotas import make_rota

W = {
    "nl": {
        "pause": "/pauze",
        "week": "Een week",
        "open": "Tot ik het zeg",
        "menu": "⏸ Even weg\nHeb je even tijd voor jezelf nodig? Dat mag. Je hoeft niets uit te "
        "leggen.\n\nZolang je weg bent:\n• krijg je geen beurten op het rooster;\n• krijg je "
        "geen herinneringen voor stemmingen;\n• vraag ik niet hoe het met je gaat voor de "
        "vergadering.\nStemmen mag wel. Je telt dan niet mee voor het aantal stemmen dat nodig "
        "is.\nNiemand in de groep ziet dat je weg bent.\n\nTot wanneer?",
        "set_open": "⏸ Je bent even weg. Geen beurten, geen herinneringen, geen vragen.\n"
        "Ben je er weer? Tik hieronder of typ /pauze stop.",
        "poll": "/stemming Nemen we een kat?",
        "for": "👍 Voor",
        "turnout": "Gestemd: {voted} van {eligible}.",
        "remind": "⏰ In De Boog loopt een stemming",
        "back": "▶️ Ik ben er weer",
        "ended": "▶️ Welkom terug! Je doet weer mee: het rooster, de stemmingen en de vragen.",
        "checkin_on": "👋 Voor de vergadering vraag ik hoe het met je gaat.",
        "off": "🔕 Liever niet meer vragen",
        "off_menu": "🔕 Wil je niet meer gevraagd worden hoe het met je gaat? Dat is goed.\n"
        "Hoe lang?",
        "month": "Een maand",
        "off_set": "🔕 Goed. Ik vraag het weer vanaf donderdag 24 december.\n"
        "Eerder weer? Tik hieronder, of typ /pauze.",
        "off_line": "🔕 Ik vraag niet hoe het met je gaat voor de vergadering, tot donderdag "
        "24 december.",
        "on": "🔔 Wel weer vragen",
        "on_set": "🔔 Goed. Voor de vergadering vraag ik weer hoe het met je gaat.",
        "open_line": "• koken — vandaag: ik vraag in de groep wie het kan doen (zonder je naam)",
        "request": "🙋 Wie kan vandaag invallen voor koken, om 17:00?",
    },
    "en": {
        "pause": "/pause",
        "week": "A week",
        "open": "Until I say",
        "menu": "⏸ Away for a while\nDo you need some time for yourself? That's fine. You "
        "don't have to explain.\n\nWhile you are away:\n• you get no turns on the rota;\n• you "
        "get no reminders for polls;\n• I don't ask how you are before the meeting.\nYou can "
        "still vote. You don't count towards the number of votes needed.\nNobody in the group "
        "sees that you are away.\n\nUntil when?",
        "set_open": "⏸ You are away. No turns, no reminders, no questions.\n"
        "Back again? Tap below or type /pause stop.",
        "poll": "/poll Shall we get a cat?",
        "for": "👍 For",
        "turnout": "Voted: {voted} of {eligible}.",
        "remind": "⏰ There is a vote in De Boog",
        "back": "▶️ I'm back",
        "ended": "▶️ Welcome back! You take part again: the rota, the polls and the questions.",
        "checkin_on": "👋 Before the meeting I ask how you are.",
        "off": "🔕 Rather not be asked",
        "off_menu": "🔕 Would you rather not be asked how you are? That's fine.\nFor how long?",
        "month": "A month",
        "off_set": "🔕 Fine. I'll ask again from Thursday 24 December.\n"
        "Sooner? Tap below, or type /pause.",
        "off_line": "🔕 I don't ask how you are before the meeting, until Thursday 24 December.",
        "on": "🔔 Ask me again",
        "on_set": "🔔 Fine. Before the meeting I'll ask again how you are.",
        "open_line": "• cooking — today: I ask in the group who can do it (without your name)",
        "request": "🙋 Who can step in for cooking today, at 17:00?",
    },
}


async def the_poll(bot: Bot) -> tuple[Poll, int]:
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        return poll, len(poll_domain.eligible_members(session, poll))


async def away_names(bot: Bot) -> set[str]:
    async with bot.database.transaction() as session:
        rows = session.scalars(
            select(Person.first_name).join(Member).where(Member.away.is_(True))
        ).all()
        return set(rows)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_away_no_reminders_left_out_of_the_count_may_still_vote(
    bot: Bot, language: str
) -> None:
    w = W[language]
    voting = await make_voting(bot, language=language)
    h, dirk, driver = voting.house, voting.dirk, bot.driver
    menu = (await driver.send(dirk, w["pause"])).last
    assert menu.text == w["menu"] + "\n\n" + w["checkin_on"]
    reply = await driver.tap(dirk, menu, w["open"])
    assert menu.text == w["set_open"]
    assert reply.to(h.group) == []
    assert await away_names(bot) == {"Dirk"}

    # A poll: four residents, Dirk away, so three count.
    message = (await driver.send(h.bram, w["poll"], chat=h.group)).to(h.group)[0]
    _, eligible = await the_poll(bot)
    assert eligible == 3
    assert w["turnout"].format(voted=0, eligible=3) in message.text
    # The reminders go to Bram and Carla (open chat, not voted), not to Dirk.
    deadline = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
    reply = await bot.advance(deadline - timedelta(hours=24) - bot.clock.now())
    assert {m.chat.id for m in reply.sent} == {h.bram.id, h.carla.id}
    assert reply.to(h.bram)[0].text.startswith(w["remind"])
    # Dirk may still vote; then he counts, in the votes and in the count alike.
    await driver.tap(dirk, message, w["for"])
    await bot.advance(minutes=1)
    _, eligible = await the_poll(bot)
    assert eligible == 4
    assert w["turnout"].format(voted=1, eligible=4) in message.text
    # Back again: he counts as anyone else.
    menu = (await driver.send(dirk, w["pause"])).last
    await driver.tap(dirk, menu, w["back"])
    assert menu.text == w["ended"]
    assert await away_names(bot) == set()
    # The group never read a word about it.
    group = " ".join(m.text for m in bot.tg.messages(h.group)).lower()
    assert "⏸" not in group and "even weg" not in group and "are away" not in group


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_away_or_check_in_off_means_no_check_in_question(bot: Bot, language: str) -> None:
    """Dirk is away and Carla turned the check-in off from the question: neither is asked
    again or reminded; Carla turns it on again from `/pauze`."""
    w = W[language]
    r = await make_round(bot, language)
    h, driver, dirk = r.voting.house, bot.driver, r.voting.dirk
    question = r.question(h.carla)
    reply = await driver.tap(h.carla, question, w["off"])
    menu = reply.to(h.carla)[0]
    assert menu.text == w["off_menu"]
    await driver.tap(h.carla, menu, w["month"])
    assert menu.text == w["off_set"]
    # The reminder (an hour before the digest) goes to Bram and Eva, not to Carla.
    reply = await r.until(DIGEST_AT - timedelta(minutes=1))
    reminded = {m.chat.id for m in reply.sent if not m.text.startswith("📋")}
    assert h.carla.id not in reminded and h.bram.id in reminded
    # The next meeting's round: Dirk is away now; Carla still has it off.
    pause = (await driver.send(dirk, w["pause"])).last
    await driver.tap(dirk, pause, w["open"])
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        members = {
            m.person.first_name: m
            for m in session.scalars(select(Member).where(Member.status == MemberStatus.RESIDENT))
        }
        day = date(2026, 12, 1)
        asked = {name for name, m in members.items() if away.asks_checkin(m, day)}
        assert asked == {"Anna", "Bram", "Eva"}
        assert house.id == members["Carla"].house_id
    # Carla's /pauze shows it, and turns it on again.
    view = (await driver.send(h.carla, w["pause"])).last
    assert w["off_line"] in view.text
    await driver.tap(h.carla, view, w["on"])
    assert view.text == w["on_set"]
    view = (await driver.send(h.carla, w["pause"])).last
    assert w["checkin_on"] in view.text


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_turn_nobody_else_can_take_becomes_an_open_request(bot: Bot, language: str) -> None:
    """Anna alone cooks; she goes away: today's turn is asked for in the group, without
    her name, instead of silently becoming "nog open"."""
    w = W[language]
    rota = await make_rota(bot, language)
    h = rota.house
    if language == "nl":
        koken = await rota.new_task("koken")
    else:
        koken = await rota.new_task("cooking", words="/rota new")
    await rota.join(h.anna, koken)
    menu = (await rota.private(h.anna, w["pause"])).last
    reply = await rota.tap(h.anna, menu, w["open"])
    assert w["open_line"] in menu.text
    requests = reply.to(h.group)
    assert [m.text for m in requests][:1] == [w["request"]]
    assert all("Anna" not in m.text for m in requests)


def test_the_days_of_away_and_of_the_check_in() -> None:
    """The combinatorics, without a database: away until a day, until I say, the check-in
    off for a while or for good, and both at once."""
    today = date(2026, 11, 23)
    later = today + timedelta(days=7)

    def member(**fields: object) -> Member:
        values: dict[str, object] = {
            "away": False,
            "away_back_on": None,
            "checkin_off": False,
            "checkin_back_on": None,
        }
        values.update(fields)
        return Member(**values)

    assert not away.is_away_on(member(), today)
    assert away.is_away_on(member(away=True), later)
    until = member(away=True, away_back_on=later)
    assert away.is_away_on(until, later - timedelta(days=1))
    assert not away.is_away_on(until, later)
    assert not away.asks_checkin(until, later)  # still away now (the back job ends it)
    assert away.asks_checkin(member(away_back_on=later), today)  # a stale date is nothing
    off = member(checkin_off=True, checkin_back_on=later)
    assert not away.asks_checkin(off, today) and away.asks_checkin(off, later)
    assert not away.asks_checkin(member(checkin_off=True), later + timedelta(days=999))
    back = member(away=True, away_back_on=later)
    assert away.come_back(back) and not back.away and back.away_back_on is None
    assert not away.come_back(back)


async def test_the_rotating_chair_passes_over_someone_away(bot: Bot) -> None:
    """Carla is next in line but even weg: Dirk chairs; nobody reads why."""
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    message = await view(voting, h.bram)
    for user in (h.carla, voting.dirk, h.bram):
        await driver.tap(user, message, "🙋 Ik wil voorzitten")
    pause = (await driver.send(h.carla, "/pauze")).last
    await driver.tap(h.carla, pause, "Tot ik het zeg")
    await plan_quick(voting, "ma 23 nov", "19:30")
    await bot.advance(hours=9, minutes=45)  # 19:45 house time
    chair_view = await view(voting, h.bram)
    reply = await driver.tap(h.bram, chair_view, "✅ Gehouden")
    assert [m.text for m in reply.to(h.group)] == [
        "✅ De vergadering van maandag 23 november, 19:30 is gehouden.\n"
        "🪑 Nieuwe voorzitter: Dirk. Dank je wel, Bram!"
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_an_open_poll_shows_the_new_count_when_someone_goes_away_or_comes_back(
    bot: Bot, language: str
) -> None:
    """Going "even weg" changes who counts in an open poll's quorum: its message follows at
    once (a coalesced edit), not only at the next vote; and again when they are back."""
    w = W[language]
    voting = await make_voting(bot, language=language)
    h, dirk, driver = voting.house, voting.dirk, bot.driver
    message = (await driver.send(h.bram, w["poll"], chat=h.group)).to(h.group)[0]
    assert w["turnout"].format(voted=0, eligible=4) in message.text
    menu = (await driver.send(dirk, w["pause"])).last
    await driver.tap(dirk, menu, w["open"])
    await bot.advance(seconds=5)
    assert w["turnout"].format(voted=0, eligible=3) in message.text
    menu = (await driver.send(dirk, w["pause"])).last
    await driver.tap(dirk, menu, w["back"])
    await bot.advance(seconds=5)
    assert w["turnout"].format(voted=0, eligible=4) in message.text
