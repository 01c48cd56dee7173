"""/forgetme leaves nothing in the database's files: not in SQLite's WAL (checkpointed and
truncated after the forget, `secure_delete` on), not in PostgreSQL's heap pages (the touched
tables are rewritten: a plain VACUUM leaves the dead bytes in the pages' free space)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.storage.db import Database
from bot.storage.models import MemberStatus, PrivateChat
from tests.conftest import Bot, FakeTime, House, make_house, start_bot
from tests.disk_forensics import copy_sqlite, file_database, postgres_pages
from tests.fake_telegram import FakeTelegram
from tests.helpers import set_member

__all__ = ["file_database"]  # a fixture

NAME = "Xylofoonia"
USERNAME = "xylo_" + uuid.uuid4().hex[:8]


@pytest.fixture
async def house_on_file(
    tg: FakeTelegram, clock: ManualClock, file_database: Database, fake_time: FakeTime
) -> AsyncIterator[House]:
    running: Bot = await start_bot(tg, clock, file_database, fake_time)
    yield await make_house(running)
    await running.driver.stop()


def on_disk(database: Database, needle: bytes) -> set[str]:
    """Where the bytes are: SQLite's files, or PostgreSQL tables' heap pages."""
    if database.engine.dialect.name == "sqlite":
        path = Path(str(database.engine.url.database))
        copy = copy_sqlite(path, "now")
        found = set()
        if needle in copy.main:
            found.add("huisbot.db")
        if needle in copy.wal:
            found.add("huisbot.db-wal")
        return found
    return postgres_pages(database).tables_holding(needle)


async def test_what_forgetme_removes_cannot_be_read_back_from_the_files(
    house_on_file: House,
) -> None:
    h = house_on_file
    bot, database = h.bot, h.bot.database
    xylo = bot.tg.add_user(NAME, username=USERNAME)
    h.group.members[xylo.id] = xylo
    bot.tg.start_bot(xylo)
    await bot.driver.send(xylo, "Hallo allemaal", chat=h.group)
    await set_member(database, xylo, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await bot.driver.send(xylo, "/leden", chat=h.group)
    assert on_disk(database, NAME.encode()), "the name is in the files before"
    assert on_disk(database, USERNAME.encode())

    reply = await bot.driver.send(xylo, "/vergeetmij")
    await bot.driver.tap(xylo, reply.last, "🗑 Ja, wis alles over mij")
    assert on_disk(database, NAME.encode()) == set()
    assert on_disk(database, USERNAME.encode()) == set()
    if database.engine.dialect.name == "sqlite":
        wal = Path(f"{database.engine.url.database}-wal")
        assert not wal.exists() or wal.stat().st_size == 0
