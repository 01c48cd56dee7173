"""The secret-ballot promise, tested the hard way: a secret consent poll with an objection and
its reason runs through the fake Telegram on a database in files, and the files are read as
someone with a copy of them would (tests/disk_forensics.py):

- SQLite: the main file and the WAL are copied at several moments while the poll is open and
  after it closed; every committed state each copy can be replayed to is read back, and the raw
  bytes are searched. No state may hold a row that links a voter to an option (a choice row, a
  stored reason question, an agenda item with its objector), and no commit may change what was
  counted while touching the ballots of only some of the voters (the commit itself would link
  them). The reason's text and the poll's key never appear in the bytes before the close.
- PostgreSQL: every heap page of every table (dead tuples included) via `pageinspect`, at the
  same moments.

Also here: a restart while a secret poll is open (graceful: the counts survive and a voter who
taps again is told it is counted; kill -9: the sealed ballots cannot be read, the voters are
asked to vote again).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.domain import ballots
from bot.storage.db import Database
from bot.storage.models import AgendaItem, AgendaSource, Ballot, Poll, PollOption, PollState
from tests.conftest import Bot, FakeTime, start_bot
from tests.disk_forensics import Copy, copy_sqlite, file_database, postgres_pages, replay
from tests.fake_telegram import FakeTelegram
from tests.test_polls import Voting, make_consent, make_voting

__all__ = ["file_database"]  # a fixture

REASON = "Zorgen om de nachtrust " + uuid.uuid4().hex[:8]


@pytest.fixture
async def voting_on_file(
    tg: FakeTelegram, clock: ManualClock, file_database: Database, fake_time: FakeTime
) -> AsyncIterator[Voting]:
    running = await start_bot(tg, clock, file_database, fake_time)
    voting = await make_voting(running)
    yield voting
    await voting.bot.driver.stop()


@pytest.fixture
async def voting(bot: Bot) -> Voting:
    return await make_voting(bot)


class Moments:
    """Copies of the database's files (SQLite) or of its heap pages (PostgreSQL)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.sqlite: list[tuple[Copy, bool]] = []  # (copy, taken while the poll was open)
        self.keys: list[bytes] = []

    @property
    def is_sqlite(self) -> bool:
        return self.database.engine.dialect.name == "sqlite"

    def take(self, label: str, *, poll_open: bool) -> None:
        if self.is_sqlite:
            path = Path(str(self.database.engine.url.database))
            self.sqlite.append((copy_sqlite(path, label), poll_open))
            return
        pages = postgres_pages(self.database)
        where = f"PostgreSQL pages {label}"
        assert pages.tuples.get("choices", 0) == 0, where  # not even a dead one
        assert pages.tables_holding(b"objection_reason") == set(), where
        holding = pages.tables_holding(REASON.encode())
        assert holding == (set() if poll_open else {"agenda_items"}), where
        for key in self.keys:
            assert pages.tables_holding(key) == set(), where
        if poll_open:
            # Nothing counted while open: the options' rows were never updated.
            assert pages.tuples["poll_options"] == 4, where  # and "discuss first"


def _ballots(state: dict[str, list[dict[str, Any]]], poll_id: int) -> dict[int, Any]:
    rows = state.get("ballots", [])
    return {b["id"]: tuple(sorted(b.items())) for b in rows if b["poll_id"] == poll_id}


def _counted(state: dict[str, list[dict[str, Any]]], poll_id: int) -> Any:
    """Everything in a state that depends on what was chosen."""
    options = sorted(tuple(sorted(o.items())) for o in state.get("poll_options", []))
    polls = [str(p.get("carried_reasons")) for p in state.get("polls", []) if p["id"] == poll_id]
    items = sorted(i["text"] for i in state.get("agenda_items", []) if i["poll_id"] == poll_id)
    decisions = sorted(str(d["results"]) for d in state.get("decisions", []))
    return options, polls, items, decisions


def check_states(states: list[dict[str, list[dict[str, Any]]]], poll_id: int, where: str) -> None:
    """No state links a voter to an option; no commit changes the counted results together
    with the ballots of only some voters (or after only some voters' ballots changed)."""
    touched: set[int] = set()  # ballots that changed since the counted results last changed
    for number, state in enumerate(states):
        at = f"{where}, state {number}"
        assert [c for c in state.get("choices", []) if c["poll_id"] == poll_id] == [], at
        assert [p for p in state.get("prompts", []) if p["kind"] == "objection_reason"] == [], at
        for item in state.get("agenda_items", []):
            if item["poll_id"] == poll_id:
                assert item["added_by_id"] is None, at
        for row in state.get("ballots", []):
            if row["poll_id"] == poll_id:
                assert set(row) <= {
                    "id",
                    "house_id",
                    "poll_id",
                    "member_id",
                    "sealed",
                    "offline_id",
                }, at
                assert row.get("sealed") is None or len(row["sealed"]) == ballots.SEALED_LENGTH
        for table, rows in state.items():
            if table != "agenda_items":
                assert REASON not in repr(rows), f"{at}: the reason in {table}"
        if number == 0:
            continue
        before = states[number - 1]
        old, new = _ballots(before, poll_id), _ballots(state, poll_id)
        touched |= {b for b in old.keys() | new.keys() if old.get(b) != new.get(b)}
        if _counted(before, poll_id) != _counted(state, poll_id):
            everyone = old.keys() | new.keys()
            assert touched >= everyone, f"{at}: counts changed after only {touched} voted"
            touched = set()


async def poll_id_of(bot: Bot) -> int:
    async with bot.database.transaction() as session:
        return session.scalars(select(Poll.id)).one()


async def test_a_secret_consent_poll_leaves_no_link_between_voter_and_option_on_disk(
    voting_on_file: Voting, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    voting = voting_on_file
    h, bot = voting.house, voting.bot
    moments = Moments(bot.database)
    real_key = ballots.new_key

    def recorded_key() -> bytes:
        key = real_key()
        moments.keys.append(key)
        return key

    monkeypatch.setattr(ballots, "new_key", recorded_key)
    message = await make_consent(voting, secret=True)
    poll_id = await poll_id_of(bot)

    await voting.tap(h.anna, message, "✅ Akkoord")
    moments.take("anna-agrees", poll_open=True)
    reply = await bot.driver.tap(h.carla, message, "✋ Bezwaar")
    question = reply.to(h.carla)[0]
    moments.take("carla-objects", poll_open=True)
    preview = await bot.driver.send(h.carla, REASON, reply_to=question)
    moments.take("carla-sees-the-preview", poll_open=True)
    await bot.driver.tap(h.carla, preview.last, "✅ Zo op de agenda")
    assert preview.last.text == "✅ Dank je. Je reden gaat mee naar de vergadering."
    moments.take("carla-gave-her-reason", poll_open=True)
    await voting.tap(voting.dirk, message, "✋ Bezwaar")
    await voting.tap(voting.dirk, message, "🤝 Kan ermee leven")  # changed his mind
    await voting.tap(h.bram, message, "✅ Akkoord")
    await bot.advance(seconds=5)
    assert "Gestemd: 4 van 4" in message.text and "Akkoord — " not in message.text
    moments.take("everyone-voted", poll_open=True)
    assert moments.keys, "the poll's key was made"

    reply = await bot.advance(days=4)
    assert "✋ Niet aangenomen: er is bezwaar." in reply.to(h.group)[0].text
    moments.take("closed", poll_open=False)
    assert poll_id not in bot.app.bot_data["polls"].keys  # the key went with the close
    async with bot.database.transaction() as session:
        items = session.scalars(select(AgendaItem).where(AgendaItem.poll_id == poll_id)).all()
        assert [(i.text, i.source, i.added_by_id) for i in items] == [
            (REASON, AgendaSource.OBJECTION, None)
        ]
        counts = {o.label: o.final_count for o in session.scalars(select(PollOption))}
        assert counts == {"agree": 2, "live_with": 1, "objection": 1, "discuss": 0}
        assert session.scalars(select(Ballot.sealed)).all() == [None] * 4

    for copy, poll_open in moments.sqlite:
        where = f"SQLite copy {copy.label}"
        if poll_open:
            assert REASON.encode() not in copy.raw, where
            assert b"objection_reason" not in copy.raw, where
        for key in moments.keys:
            assert key not in copy.raw, where
        check_states(replay(copy, tmp_path / "replay"), poll_id, where)
    states = [s for copy, _ in moments.sqlite for s in replay(copy, tmp_path / "all")]
    check_states(states, poll_id, "SQLite, all copies in order")


async def graceful_restart(bot: Bot) -> Bot:
    """SIGTERM: `run_polling` calls `post_stop` after the updates and jobs are done."""
    assert bot.app.post_stop is not None
    await bot.app.post_stop(bot.app)
    await bot.driver.stop()
    return await start_bot(bot.tg, bot.clock, bot.database, bot.time)


async def test_a_graceful_restart_keeps_the_counts_and_the_vote_can_no_longer_change(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret=True)
    await voting.tap(h.anna, message, "✅ Akkoord")
    reply = await bot.driver.tap(h.carla, message, "✋ Bezwaar")
    preview = await bot.driver.send(h.carla, REASON, reply_to=reply.to(h.carla)[0])
    await bot.driver.tap(h.carla, preview.last, "✅ Zo op de agenda")
    restarted = await graceful_restart(bot)
    try:
        async with restarted.database.transaction() as session:
            poll = session.scalars(select(Poll)).one()
            assert [o.carried for o in poll.options] == [1, 0, 1, 0]
            assert poll.carried_reasons == [REASON]
            assert session.scalars(select(Ballot.sealed)).all() == [None, None]
        tapped = await restarted.driver.tap(h.carla, message, "✅ Akkoord")
        assert tapped.popup == (
            "✅ Je stem is al geteld. De bot is tussendoor opnieuw gestart. "
            "Daarom kun je je stem in deze geheime stemming niet meer veranderen."
        )
        # Those who had not voted vote as before, and may change their mind.
        await restarted.driver.tap(voting.dirk, message, "✋ Bezwaar")
        await restarted.driver.tap(voting.dirk, message, "🤝 Kan ermee leven")
        await restarted.advance(seconds=5)
        assert "Gestemd: 3 van 4" in message.text
        reply = await restarted.advance(days=4)
        assert "✅ Akkoord — 1" in message.text and "🤝 Kan ermee leven — 1" in message.text
        assert "✋ Niet aangenomen: er is bezwaar." in reply.to(h.group)[0].text
        async with restarted.database.transaction() as session:
            poll = session.scalars(select(Poll)).one()
            assert poll.state == PollState.CLOSED and poll.carried_reasons is None
            assert [o.final_count for o in poll.options] == [1, 1, 1, 0]
            items = session.scalars(select(AgendaItem)).all()
            assert [(i.text, i.added_by_id) for i in items] == [(REASON, None)]
    finally:
        await restarted.driver.stop()


async def test_after_a_kill_the_sealed_votes_are_unreadable_and_their_voters_asked_again(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret=True)
    await voting.tap(h.carla, message, "✅ Akkoord")
    await voting.tap(voting.dirk, message, "🤝 Kan ermee leven")
    await bot.driver.stop()  # kill -9: no stop hooks ran, the keys are gone
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        asked = [m.text for m in restarted.tg.messages(voting.dirk)][-1]
        assert asked == (
            "🔒 In De Boog loopt een geheime stemming: Nieuwe huisregel: stilte na 23:00\n"
            "De bot is onverwacht gestopt. Je stem kon daardoor niet bewaard worden. "
            "Sorry! Wil je in de groep nog een keer stemmen?"
        )
        assert [m.text for m in restarted.tg.messages(h.carla)][-1] == asked
        assert "✋ Gestemd: 0 van 4." in message.text
        tapped = await restarted.driver.tap(h.carla, message, "🤝 Kan ermee leven")
        assert tapped.popup is not None and tapped.popup.startswith("✅ Je stem telt")
        await restarted.advance(seconds=5)
        assert "✋ Gestemd: 1 van 4." in message.text  # counts only at the close
        await restarted.advance(days=4)
        assert "🤝 Kan ermee leven — 1" in message.text
    finally:
        await restarted.driver.stop()


async def test_a_voter_who_forgets_themselves_still_counts_in_an_open_secret_poll(
    voting: Voting,
) -> None:
    """The sealed choice is bound to the ballot, not to the person: after /forgetme the
    ballot (no longer naming anyone) still counts, in the turnout and in the counts."""
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret=True)
    await voting.tap(voting.dirk, message, "🤝 Kan ermee leven")
    reply = await bot.driver.send(voting.dirk, "/vergeetmij")
    await bot.driver.tap(voting.dirk, reply.last, 1)
    await voting.tap(h.carla, message, "✅ Akkoord")
    await bot.advance(seconds=5)
    assert "2 van " in message.text  # the turnout counts the forgotten ballot
    reply = await bot.advance(days=4)
    assert "🤝 Kan ermee leven — 1" in message.text
    async with bot.database.transaction() as session:
        assert [o.final_count for o in session.scalars(select(PollOption))] == [1, 1, 0, 0]


async def test_in_english_the_counted_vote_and_the_lost_vote(bot: Bot) -> None:
    voting = await make_voting(bot, "en")
    h = voting.house
    message = await make_consent(voting, secret=True)
    await voting.tap(h.carla, message, "✅ Agree")
    restarted = await graceful_restart(bot)
    try:
        tapped = await restarted.driver.tap(h.carla, message, "🤝 Can live with it")
        assert tapped.popup == (
            "✅ Your vote is already counted. The bot restarted in between. "
            "That is why you can no longer change your vote in this secret vote."
        )
        await restarted.driver.tap(voting.dirk, message, "🤝 Can live with it")
        await restarted.driver.stop()  # kill -9
        restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
        assert [m.text for m in restarted.tg.messages(voting.dirk)][-1] == (
            "🔒 A secret vote is running in De Boog: Nieuwe huisregel: stilte na 23:00\n"
            "The bot stopped unexpectedly, so your vote could not be kept. "
            "Sorry! Would you vote again in the group?"
        )
        assert not [
            m for m in restarted.tg.messages(h.carla) if m.text.startswith("🔒 A secret vote")
        ]
    finally:
        await restarted.driver.stop()


async def test_a_cancelled_secret_poll_keeps_who_voted_and_nothing_sealed(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, secret=True)
    await voting.tap(h.anna, message, "✅ Akkoord")
    manage = bot.tg.last_bot_message(h.bram)
    assert manage is not None
    reply = await bot.driver.tap(h.bram, manage, "🚫 Annuleren")
    question = reply.to(h.bram)[0]
    await bot.driver.send(h.bram, "Eerst bespreken", reply_to=question)
    polls = bot.app.bot_data["polls"]
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        assert poll.state == PollState.CANCELLED
        assert session.scalars(select(Ballot.sealed)).all() == [None]
        assert poll.id not in polls.keys  # dropped once the cancellation committed
