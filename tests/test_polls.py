"""Polls, as the house sees them: launching, one-tap voting, eligibility, the live message,
closing at the deadline (also after a restart), quorum, consent objections, the secret-ballot
promise, reminders, and the chair's controls — in Dutch and in English."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    Ballot,
    Choice,
    Decision,
    MemberStatus,
    Poll,
    PollOption,
    PollState,
    PrivateChat,
    Role,
)
from tests.conftest import Bot, House, make_house, start_bot
from tests.fake_telegram import FakeMessage, FakeUser
from tests.helpers import OPEN_WITH_NAMES, person, set_house, set_member


@dataclass
class Voting:
    """De Boog with a chair (Bram), residents Anna, Bram, Carla and Dirk, a guest (Gert)
    and a former resident (Fien). Bram, Carla and Dirk have the private chat open."""

    house: House
    dirk: FakeUser
    gert: FakeUser
    fien: FakeUser

    @property
    def bot(self) -> Bot:
        return self.house.bot

    async def poll(self, text: str, by: FakeUser | None = None) -> FakeMessage:
        reply = await self.bot.driver.send(
            by or self.house.bram, f"/stemming {text}", chat=self.house.group
        )
        posted = reply.to(self.house.group)
        assert len(posted) == 1, reply.texts
        return posted[0]

    async def tap(self, user: FakeUser, message: FakeMessage, button: str) -> str:
        reply = await self.bot.driver.tap(user, message, button)
        assert reply.popup is not None
        return reply.popup


async def make_voting(bot: Bot, language: str = "nl") -> Voting:
    house = await make_house(bot, language_code=language)
    tg, db = bot.tg, bot.database
    dirk, gert, fien = tg.add_user("Dirk"), tg.add_user("Gert"), tg.add_user("Fien")
    for user in (dirk, gert, fien):
        house.group.members[user.id] = user
    for user in (house.bram, house.carla, dirk):
        tg.start_bot(user)
    await set_member(db, house.anna, MemberStatus.RESIDENT)
    await set_member(
        db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(db, house.carla, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(db, dirk, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(db, gert, MemberStatus.GUEST)
    await set_member(db, fien, MemberStatus.FORMER_RESIDENT)
    await set_house(db, **OPEN_WITH_NAMES)  # these tests are about open polls, with names
    if language == "en":
        settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
        await bot.driver.tap(house.anna, settings, "🗣 Taal")
        await bot.driver.tap(house.anna, settings, "English")
    return Voting(house, dirk, gert, fien)


@pytest.fixture
async def voting(bot: Bot) -> Voting:
    return await make_voting(bot)


class Outbox:
    """The sends a job queued until after its commit (`bot.telegram.outbox`), as (chat id,
    text, whether the database lock was free while Telegram was asked). `meanwhile(chat id,
    text)`, when set, runs just before such a send: another update, while it is on its way."""

    def __init__(self, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
        from bot.telegram import outbox

        self.made: list[tuple[int, str, bool]] = []
        self.meanwhile: Callable[[int, str], Awaitable[None]] | None = None
        real_send = outbox.send_text

        async def send_text(tg_bot: Any, chat_id: int, text: str, *args: Any, **kw: Any) -> Any:
            self.made.append((chat_id, text, not bot.database._lock.locked()))
            if self.meanwhile is not None:
                await self.meanwhile(chat_id, text)
            return await real_send(tg_bot, chat_id, text, *args, **kw)

        monkeypatch.setattr(outbox, "send_text", send_text)

    def to(self, chat_id: int) -> list[tuple[str, bool]]:
        """(text, lock free) of the sends to this chat."""
        return [(text, free) for chat, text, free in self.made if chat == chat_id]


async def count(bot: Bot, model: type, **where: object) -> int:
    async with bot.database.transaction() as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return int(session.scalar(query) or 0)


async def test_the_chair_launches_a_yes_no_poll_with_the_quick_form(voting: Voting) -> None:
    message = await voting.poll("Nemen we een kat?")
    assert message.text == (
        "🗳 Nemen we een kat?\n"
        "Stem voor of tegen. Wil je niet stemmen? Tik dan op Ik stem niet.\n"
        "👁 Open: iedereen ziet wie wat kiest.\n"
        "👥 Wie stemt: bewoners\n"
        "⏰ Stemmen kan tot donderdag 26 november, 20:00.\n\n"
        "👍 Voor — 0\n👎 Tegen — 0\n🤷 Ik stem niet — 0\n💬 Eerst bespreken — 0\n\n"
        "✋ Gestemd: 0 van 4.\nNog 2 stemmen nodig."
    )
    assert [b.text for b in voting.bot.tg.all_buttons(message)] == [
        "👍 Voor",
        "👎 Tegen",
        "🤷 Ik stem niet",
        "💬 Eerst bespreken",
    ]
    manage = voting.bot.tg.last_bot_message(voting.house.bram)
    assert manage is not None and manage.text.startswith("🗳 De stemming staat in de groep")
    assert [b.text for b in voting.bot.tg.all_buttons(manage)] == [
        "🔔 Herinnering sturen",
        "🔒 Nu sluiten",
        "🚫 Annuleren",
    ]


async def test_someone_else_is_told_who_the_chair_is_and_offered_the_agenda(
    voting: Voting,
) -> None:
    driver, group = voting.bot.driver, voting.house.group
    reply = await driver.send(voting.house.carla, "/poll Een moestuin? | Ja | Nee", chat=group)
    assert reply.texts == ["Alleen de voorzitter (Bram) kan een stemming starten."]
    assert await count(voting.bot, Poll, state=PollState.OPEN) == 0
    # Only Carla can use her button; then the subject is on the agenda.
    other = await driver.tap(voting.dirk, reply.last, "📋 Op de agenda zetten")
    assert other.popup == "Deze knop werkt niet meer. Vraag zo nodig een nieuw bericht op."
    tapped = await driver.tap(voting.house.carla, reply.last, "📋 Op de agenda zetten")
    assert tapped.popup == "✅ Het staat op de agenda."
    assert reply.last.text == "📋 Op de agenda gezet: Een moestuin?"
    assert await count(voting.bot, AgendaItem, source=AgendaSource.MEMBER) == 1
    assert await count(voting.bot, Poll) == 0  # the draft is gone


async def test_one_tap_votes_change_of_mind_and_refusals(voting: Voting) -> None:
    message = await voting.poll("Nemen we een kat?")
    carla, bot = voting.house.carla, voting.bot
    assert await voting.tap(carla, message, "👍 Voor") == (
        "✅ Je stem telt: 👍 Voor. Je kunt hem veranderen tot de stemming sluit."
    )
    assert await voting.tap(carla, message, "👎 Tegen") == (
        "✅ Je stem telt: 👎 Tegen. Je kunt hem veranderen tot de stemming sluit."
    )
    assert (await voting.tap(voting.gert, message, "👍 Voor")).startswith(
        "Alleen bewoners stemmen mee. Je staat als gast in de lijst."
    )
    assert await voting.tap(voting.fien, message, "👍 Voor") == (
        "Oud-bewoners stemmen niet mee over het huis. Er is niets opgeslagen."
    )
    stranger = bot.tg.add_user("Xander")
    voting.house.group.members[stranger.id] = stranger
    assert (await voting.tap(stranger, message, "👍 Voor")).startswith("Alleen bewoners")
    assert await count(bot, Ballot) == 1
    assert await count(bot, Choice) == 1

    edits = await bot.advance(seconds=1)
    assert [m.message_id for m in edits.edits] == [message.message_id]
    assert "👎 Tegen — 1 ▓\n    Carla de Vries" in message.text
    assert message.text.endswith("✋ Gestemd: 1 van 4.\nNog 1 stem nodig.")


async def test_a_burst_of_taps_gives_few_edits_and_the_true_final_state(voting: Voting) -> None:
    message = await voting.poll("Nemen we een kat?")
    bot, h = voting.bot, voting.house
    for user, choice in ((h.anna, "👍 Voor"), (h.bram, "👍 Voor"), (h.carla, "👎 Tegen")):
        await voting.tap(user, message, choice)
        await bot.advance(seconds=0.3)
    await voting.tap(voting.dirk, message, "🤷 Ik stem niet")
    edits_before = message.edits
    await bot.advance(seconds=5)
    assert 1 <= message.edits - edits_before + 1 <= 2  # coalesced, not one per tap
    assert "👍 Voor — 2 ▓▓" in message.text
    assert "👎 Tegen — 1 ▓" in message.text
    assert "🤷 Ik stem niet — 1 ▓" in message.text
    assert "✋ Gestemd: 4 van 4." in message.text


async def test_the_poll_closes_at_its_deadline_with_a_decision(voting: Voting) -> None:
    message = await voting.poll("Nemen we een kat?")
    h = voting.house
    await voting.tap(h.anna, message, "👍 Voor")
    await voting.tap(h.bram, message, "👍 Voor")
    await voting.tap(h.carla, message, "👎 Tegen")
    reply = await voting.bot.advance(days=4)
    assert message.buttons == []
    assert message.text.endswith("✋ Gestemd: 3 van 4.\n\n✅ Aangenomen")
    assert "⏰" not in message.text
    posted = reply.to(h.group)
    assert [m.text for m in posted] == [
        "📋 Besluit 2026-001: Nemen we een kat?\n✅ Aangenomen\nGestemd: 3 van 4."
    ]
    async with voting.bot.database.transaction() as session:
        decision = session.scalars(select(Decision)).one()
        assert (decision.number, decision.turnout, decision.eligible) == ("2026-001", 3, 4)
        assert decision.results == [["yes", 2], ["no", 1], ["abstain", 0]]
        assert decision.quorum_met and decision.quorum_needed == 2
    late = await voting.bot.driver.tap(h.carla, message, 1) if message.buttons else None
    assert late is None


async def test_the_close_at_the_deadline_announces_after_the_jobs_commit(
    voting: Voting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The close job does not hold the database while the result goes out; a secret poll
    keeps its promise, and its message is brought to its final state once."""
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret=True)
    await voting.tap(h.anna, message, "✅ Akkoord")
    await voting.tap(h.bram, message, "✅ Akkoord")
    await voting.tap(h.carla, message, "🤝 Kan ermee leven")
    await bot.advance(seconds=5)
    edits = message.edits
    sends = Outbox(bot, monkeypatch)
    reply = await bot.advance(days=4)
    assert [(text.split("\n")[0], free) for text, free in sends.to(h.group.id)] == [
        ("📋 Besluit 2026-001: Nieuwe huisregel: stilte na 23:00", True)
    ]
    assert [m.text for m in reply.to(h.group)] == [
        "📋 Besluit 2026-001: Nieuwe huisregel: stilte na 23:00\n✅ Aangenomen\nGestemd: 3 van 4."
    ]
    assert message.edits == edits + 1 and message.buttons == []
    assert "✅ Akkoord — 2" in message.text and message.text.endswith("✅ Aangenomen")
    for name in ("Anna", "Bram", "Carla"):
        assert name not in message.text
    async with bot.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Choice)) == 0
        assert session.scalars(select(Poll)).one().state == PollState.CLOSED


async def test_the_chairs_close_still_announces_within_the_update(
    voting: Voting, monkeypatch: pytest.MonkeyPatch
) -> None:
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    for user in (h.anna, h.bram, h.carla, voting.dirk):
        await voting.tap(user, message, "👍 Voor")
    manage = bot.tg.last_bot_message(h.bram)
    assert manage is not None
    sends = Outbox(bot, monkeypatch)
    reply = await bot.driver.tap(h.bram, manage, "🔒 Nu sluiten")
    assert [m.text.split("\n")[0] for m in reply.to(h.group)] == [
        "📋 Besluit 2026-001: Nemen we een kat?"
    ]
    assert sends.made == []  # an update: sent as it happens, not queued


async def test_a_vote_after_the_deadline_does_not_count(voting: Voting) -> None:
    message = await voting.poll("Nemen we een kat?")
    buttons = voting.bot.tg.all_buttons(message)
    voting.bot.clock.advance(days=4)  # the deadline passed; the close job has not run yet
    data = buttons[0].callback_data
    assert data is not None
    reply = await voting.bot.driver.tap_data(voting.house.carla, message, data)
    assert reply.popup == "Deze stemming is gesloten."
    assert await count(voting.bot, Ballot) == 0


async def test_a_deadline_that_passed_while_the_bot_was_down_closes_at_start_up(
    voting: Voting,
) -> None:
    message = await voting.poll("Nemen we een kat?")
    h, old = voting.house, voting.bot
    await voting.tap(h.anna, message, "👍 Voor")
    await voting.tap(h.carla, message, "👍 Voor")
    await old.driver.stop()  # the bot goes down before the edit and the deadline
    old.clock.advance(days=5)
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        assert message.buttons == []
        assert message.text.endswith("✅ Aangenomen")
        assert "👍 Voor — 2" in message.text
        assert h.tg.last_bot_message(h.group).text.startswith(  # type: ignore[union-attr]
            "📋 Besluit 2026-001: Nemen we een kat?"
        )
    finally:
        await restarted.driver.stop()


async def test_no_quorum_means_no_decision_and_the_subject_goes_to_the_agenda(
    voting: Voting,
) -> None:
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(voting.house.carla, message, "👍 Voor")
    reply = await voting.bot.advance(days=4)
    assert reply.to(voting.house.group)[0].text == (
        "📋 Besluit 2026-001: Nemen we een kat?\n"
        "⚪ Geen besluit: te weinig stemmen (1, er waren 2 nodig). "
        "Het onderwerp gaat naar de vergadering.\n"
        "Gestemd: 1 van 4."
    )
    async with voting.bot.database.transaction() as session:
        item = session.scalars(select(AgendaItem)).one()
        assert (item.source, item.text) == (AgendaSource.NO_QUORUM, "Nemen we een kat?")


async def test_single_choice_with_a_winner_and_a_tie(voting: Voting) -> None:
    h = voting.house
    message = await voting.poll("Wat koken we vrijdag? | Pasta | Soep | Curry")
    assert [b.text for b in voting.bot.tg.all_buttons(message)] == [
        "Pasta",
        "Soep",
        "Curry",
        "💬 Eerst bespreken",
    ]
    await voting.tap(h.anna, message, "Soep")
    await voting.tap(h.bram, message, "Soep")
    await voting.tap(h.carla, message, "Pasta")
    reply = await voting.bot.advance(days=4)
    assert "✅ Gekozen: Soep" in reply.to(h.group)[0].text

    tie = await voting.poll("Welke kleur? | Rood | Blauw")
    await voting.tap(h.anna, tie, "Rood")
    await voting.tap(h.bram, tie, "Blauw")
    reply = await voting.bot.advance(days=4)
    assert "⚖️ Gelijk: geen besluit." in reply.to(h.group)[0].text
    assert "📋 Besluit 2026-002: Welke kleur?" in reply.to(h.group)[0].text


async def make_consent(voting: Voting, secret: bool) -> FakeMessage:
    """A consent poll (the full form builds these; here it is arranged directly)."""
    from bot.domain import polls as domain
    from bot.handlers.kit import Work
    from bot.storage.models import House as HouseRow
    from bot.storage.models import Member, PollKind

    bot = voting.bot
    deps = bot.app.bot_data["deps"]
    polls = bot.app.bot_data["polls"]
    before = len(bot.tg.calls)
    async with bot.database.transaction() as session:
        house = session.scalars(select(HouseRow)).one()
        chair = next(m for m in session.scalars(select(Member)) if Role.CHAIR in m.role_set)
        poll = domain.new_poll(
            session,
            bot.clock,
            house,
            chair,
            question="Nieuwe huisregel: stilte na 23:00",
            kind=PollKind.CONSENT,
            secret=secret,
        )
        await polls.post(Work(session, deps, bot.app.bot), house, poll, chair)
    sent = [c.message for c in bot.tg.calls[before:] if c.message is not None]
    return next(m for m in sent if m.chat.id == voting.house.group.id)


@pytest.mark.parametrize("secret", [True, False])
async def test_consent_objection_asks_a_reason_privately_and_goes_to_the_agenda(
    voting: Voting, secret: bool
) -> None:
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret)
    await voting.tap(h.anna, message, "✅ Akkoord")
    await voting.tap(h.bram, message, "🤝 Kan ermee leven")
    reply = await bot.driver.tap(h.carla, message, "✋ Bezwaar")
    assert reply.popup == "✋ Je bezwaar telt. Ik vraag je privé om een korte reden."
    question = reply.to(h.carla)[0]
    assert question.text.startswith("✋ Je hebt bezwaar tegen: Nieuwe huisregel")
    answer = await bot.driver.send(
        h.carla, "Ik werk tot laat <&> kom later thuis", reply_to=question
    )
    assert answer.texts[0].startswith("✋ Zo komt je reden op de agenda in de groep:")
    await bot.driver.tap(h.carla, answer.last, "✅ Zo op de agenda")
    assert answer.last.text == "✅ Dank je. Je reden gaat mee naar de vergadering."
    # Anna, whose private chat was never opened, objects too: told how to give a reason.
    reply = await bot.driver.tap(h.anna, message, "✋ Bezwaar")
    assert reply.popup is not None and reply.popup.startswith("✋ Je bezwaar telt. Open de")

    reply = await bot.advance(days=4)
    assert "✋ Niet aangenomen: er is bezwaar." in reply.to(h.group)[0].text
    async with bot.database.transaction() as session:
        items = session.scalars(select(AgendaItem).order_by(AgendaItem.id)).all()
        texts = sorted(i.text for i in items)
        assert texts == ["Ik werk tot laat <&> kom later thuis", "—"]
        named = [i.added_by_id is not None for i in items]
        assert named == [not secret, not secret]
    # Nothing of the reason or the objectors reached the group.
    group_texts = "\n".join(m.text for m in h.tg.messages(h.group))
    assert "Ik werk tot laat" not in group_texts


async def test_the_secret_ballot_promise(voting: Voting) -> None:
    """While open, a secret poll shows counts but never names; once closed, the database
    keeps who voted and how many chose what, and nothing that links the two."""
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret=True)
    assert "🔒 Geheim" in message.text
    await voting.tap(h.anna, message, "✅ Akkoord")
    await voting.tap(h.bram, message, "✅ Akkoord")
    await voting.tap(h.carla, message, "🤝 Kan ermee leven")
    await bot.advance(seconds=2)
    assert "✋ Gestemd: 3 van 4." in message.text  # a secret poll: only the turnout
    assert "Akkoord — " not in message.text
    for name in ("Anna", "Bram", "Carla"):
        assert name not in message.text
    await bot.advance(days=4)
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        assert poll.state == PollState.CLOSED
        assert session.scalar(select(func.count()).select_from(Choice)) == 0
        assert session.scalar(select(func.count()).select_from(Ballot)) == 3
        counts = {o.label: o.final_count for o in session.scalars(select(PollOption))}
        assert counts == {"agree": 2, "live_with": 1, "objection": 0, "discuss": 0}
        columns = {c.name for c in Ballot.__table__.columns}
        assert columns == {"id", "house_id", "poll_id", "member_id", "sealed", "offline_id"}
        assert session.scalars(select(Ballot.sealed)).all() == [None, None, None]
    assert "✅ Akkoord — 2" in message.text and "Anna" not in message.text


async def test_reminders_go_privately_to_those_who_have_not_voted(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(h.carla, message, "👍 Voor")
    deadline = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
    reply = await bot.advance(deadline - timedelta(hours=24) - bot.clock.now())
    reminded = {m.chat.id for m in reply.sent}
    assert reminded == {voting.dirk.id, h.bram.id}  # not Carla (voted), not Anna (no chat)
    assert reply.to(voting.dirk)[0].text.startswith("⏰ In De Boog loopt een stemming")
    assert reply.to(h.group) == []  # never names in the group
    reply = await bot.advance(hours=23)
    assert {m.chat.id for m in reply.sent} == {voting.dirk.id, h.bram.id}
    reply = await bot.advance(minutes=59)
    assert reply.sent == []


async def test_reminders_go_out_after_the_jobs_commit_and_a_blocked_chat_is_learnt(
    voting: Voting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reminder job does not hold the database while Telegram takes its time. Dirk
    blocked the bot: his reminder is refused, his chat is marked closed, and the next
    reminder does not try him again."""
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(h.carla, message, "👍 Voor")
    bot.tg.block_bot(voting.dirk)
    sends = Outbox(bot, monkeypatch)
    deadline = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
    reply = await bot.advance(deadline - timedelta(hours=24) - bot.clock.now())
    reminder = "⏰ In De Boog loopt een stemming"
    assert [(text[: len(reminder)], free) for text, free in sends.to(h.bram.id)] == [
        (reminder, True)
    ]
    assert [free for _, free in sends.to(voting.dirk.id)] == [True]
    assert [m.chat.id for m in reply.sent] == [h.bram.id]  # Dirk's was refused
    dirk = await person(bot.database, voting.dirk)
    assert dirk is not None and dirk.private_chat == PrivateChat.CLOSED
    sends.made.clear()
    reply = await bot.advance(hours=23)
    assert [chat for chat, _, _ in sends.made] == [h.bram.id]
    assert [m.chat.id for m in reply.sent] == [h.bram.id]
    assert reply.to(h.group) == []  # never names in the group


async def test_a_reminder_missed_during_downtime_is_sent_once_at_start_up(
    voting: Voting,
) -> None:
    h, old = voting.house, voting.bot
    await voting.poll("Nemen we een kat?")
    await old.driver.stop()
    old.clock.advance(days=3, hours=9)  # one hour before the deadline: both reminders missed
    before = len(old.tg.calls)
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        sent = [c.message for c in old.tg.calls[before:] if c.message and c.method == "sendMessage"]
        assert sorted(m.chat.id for m in sent) == sorted([voting.dirk.id, h.bram.id, h.carla.id])
        reply = await restarted.advance(minutes=30)
        assert reply.sent == []  # the earlier reminder is not sent on top
    finally:
        await restarted.driver.stop()


async def test_the_chair_may_remind_once_and_close_only_when_everyone_voted(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    manage = bot.tg.last_bot_message(h.bram)
    assert manage is not None
    reply = await bot.driver.tap(h.bram, manage, "🔔 Herinnering sturen")
    assert reply.popup == "🔔 Herinnering gestuurd aan 3 mensen."
    assert "🔔 Herinnering sturen" not in [b.text for b in bot.tg.all_buttons(manage)]
    reply = await bot.driver.tap(h.bram, manage, "🔒 Nu sluiten")
    assert reply.popup is None  # explained in the message, not refused (issue 16)
    assert "Eerder sluiten kan pas als iedereen heeft gestemd. Nu: 0 van 4." in manage.text
    for user in (h.anna, h.bram, h.carla, voting.dirk):
        await voting.tap(user, message, "👍 Voor")
    # Someone who is not the chair cannot use the controls, even with forged data.
    await bot.driver.send(h.carla, "/help")
    carla_chat = bot.tg.last_bot_message(h.carla)
    assert carla_chat is not None
    reply = await bot.driver.tap_data(h.carla, carla_chat, manage.buttons[0][0].callback_data or "")
    assert reply.popup == "Alleen de voorzitter (Bram) kan dit."
    reply = await bot.driver.tap(h.bram, manage, "🔒 Nu sluiten")
    assert reply.popup == "✅ Gesloten. Besluit 2026-001."
    assert message.buttons == [] and message.text.endswith("✅ Aangenomen")


async def test_the_chair_can_cancel_with_a_reason_that_is_announced(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    manage = bot.tg.last_bot_message(h.bram)
    assert manage is not None
    reply = await bot.driver.tap(h.bram, manage, "🚫 Annuleren")
    question = reply.to(h.bram)[0]
    reply = await bot.driver.send(h.bram, "De huisbaas staat geen dieren toe", reply_to=question)
    assert reply.to(h.group)[0].text == (
        "🚫 Bram heeft de stemming geannuleerd: Nemen we een kat?\n"
        "Reden: De huisbaas staat geen dieren toe"
    )
    assert message.buttons == [] and "🚫 Geannuleerd" in message.text
    assert await count(bot, Decision) == 0
    reply = await bot.advance(days=5)
    assert reply.sent == []  # nothing closes or reminds any more


async def test_quick_form_input_is_checked(voting: Voting) -> None:
    driver, group, bram = voting.bot.driver, voting.house.group, voting.house.bram
    for text, answer in (
        ("Kat? | Ja | ja", "Twee keuzes zijn hetzelfde. Maak ze verschillend."),
        ("Kat? | Ja | ", "Een keuze is leeg. Schrijf bij elke keuze iets."),
        ("Kat? | Ja", "Geef minstens twee keuzes."),
        ("x" * 301, "De vraag is te lang. Gebruik hoogstens 300 tekens."),
    ):
        reply = await driver.send(bram, f"/poll {text}", chat=group)
        assert reply.texts == [answer]
    reply = await driver.send(bram, "/poll <b>Kat</b> & <i>hond</i>?", chat=group)
    assert reply.to(group)[0].text.startswith("🗳 <b>Kat</b> & <i>hond</i>?")
    assert reply.to(group)[0].html.startswith("🗳 <b>&lt;b&gt;Kat&lt;/b&gt; &amp; &lt;i&gt;")
    assert await count(voting.bot, Poll, state=PollState.OPEN) == 1


async def test_an_english_house_votes_in_english(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    message = await voting.poll("Shall we get a cat?")
    assert message.text.startswith("🗳 Shall we get a cat?\nVote for, against, or abstain.")
    assert "⏰ You can vote until Thursday 26 November, 20:00." in message.text
    popup = await voting.tap(voting.house.carla, message, "👍 For")
    assert popup == "✅ Your vote counts: 👍 For. You can change it until the vote closes."
    reply = await bot.advance(days=4)
    assert reply.to(voting.house.group)[0].text == (
        "📋 Decision 2026-001: Shall we get a cat?\n"
        "⚪ No decision: too few votes (1, 2 were needed). The subject goes to the meeting.\n"
        "Voted: 1 of 4."
    )


async def test_supporters_vote_only_where_the_house_says_so(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    peer = bot.tg.add_user("Petra")
    h.group.members[peer.id] = peer
    await set_member(bot.database, peer, MemberStatus.SUPPORTER)
    message = await voting.poll("Nemen we een kat?")
    assert await voting.tap(peer, message, "👍 Voor") == (
        "Bij deze stemming stemmen alleen bewoners. Er is niets opgeslagen."
    )
    from bot.storage.models import House as HouseRow

    async with bot.database.transaction() as session:  # the house decided (test_house_settings)
        row = session.scalars(select(HouseRow)).one()
        row.peer_workers_vote = row.social_workers_vote = True
    # A poll keeps the rule it started with; the next one lets peer workers co-decide.
    assert (await voting.tap(peer, message, "👍 Voor")).startswith("Bij deze stemming")
    second = await voting.poll("Een moestuin?")
    assert "✋ Gestemd: 0 van 5." in second.text
    assert (await voting.tap(peer, second, "👍 Voor")).startswith("✅ Je stem telt")


async def test_a_restart_between_a_vote_and_its_edit_loses_nothing(voting: Voting) -> None:
    h, old = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    await voting.tap(h.carla, message, "👍 Voor")  # answered; the edit is still scheduled
    assert "✋ Gestemd: 0 van 4" in message.text
    await old.driver.stop()
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        assert "✋ Gestemd: 1 van 4." in message.text
        assert "👍 Voor — 1" in message.text
        assert message.buttons  # still open
    finally:
        await restarted.driver.stop()


def test_an_open_poll_with_too_many_names_shows_counts_only() -> None:
    from bot.domain.polls import Tally
    from bot.handlers.polls import poll_text
    from bot.i18n import I18n
    from bot.storage.models import House as HouseRow
    from bot.storage.models import PollKind

    house = HouseRow(name="Groot", timezone="Europe/Amsterdam", language="nl", open_names=True)
    poll = Poll(
        question="Kat?",
        kind=PollKind.SINGLE,
        state=PollState.OPEN,
        secret=False,
        hide_results=False,
        deadline=datetime(2026, 12, 1, 19, tzinfo=UTC),
    )
    poll.options = [
        PollOption(id=1, position=0, label="A"),
        PollOption(id=2, position=1, label="B"),
    ]
    names = [f"Bewoner met een lange naam {n}" for n in range(300)]
    result = Tally({1: 300, 2: 0}, 300, 400, 200, {1: names, 2: []})
    text = poll_text(I18n()("nl"), house, poll, result)
    assert len(text) <= 4096
    assert "Bewoner met een lange naam" not in text
    assert "A — <b>300</b>" in text and text.endswith("(Te veel namen om hier te tonen.)")


async def test_unfinished_drafts_are_thrown_away_after_a_week(voting: Voting) -> None:
    bot, h = voting.bot, voting.house
    await bot.driver.send(h.carla, "/poll Een moestuin?", chat=h.group)  # refused: a draft
    await voting.poll("Nemen we een kat?")
    assert await count(bot, Poll, state=PollState.DRAFT) == 1
    await bot.advance(days=6)
    assert await count(bot, Poll, state=PollState.DRAFT) == 1
    await bot.advance(days=2)
    assert await count(bot, Poll, state=PollState.DRAFT) == 0
    assert await count(bot, Poll) == 1  # the real poll stays
