"""Fixtures: both databases, a manual clock, the fake Telegram and the real application.

Every test that uses `database` (directly or through `bot`) runs twice: on SQLite and on
PostgreSQL. PostgreSQL is expected at 127.0.0.1:5432 (user postgres, trust auth), or at
HUISBOT_TEST_POSTGRES_URL. Without it the PostgreSQL half is skipped locally and fails in CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.app import HuisApplication, build_application, startup
from bot.clock import ManualClock
from bot.jobs.scheduler import ManualScheduler
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.schema import load_models
from bot.telegram.ratelimit import HouseRateLimiter
from tests.fake_telegram import Driver, FakeChat, FakeTelegram, FakeUser, Reply

POSTGRES_URL = os.environ.get(
    "HUISBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_database() -> Iterator[str]:
    admin_url = make_url(POSTGRES_URL)
    name = f"huisbot_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL not reachable at {admin_url.render_as_string()}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database of each kind, shared by the session's tests."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "huisbot.db"
        url = f"sqlite:///{path}"
        Database(url).upgrade()
        yield url
        return
    for url in _postgres_database():
        Database(url).upgrade()
        yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    with database.engine.begin() as connection:
        for table in reversed(load_models().sorted_tables):
            connection.execute(table.delete())
    database.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


class FakeTime:
    """Monotonic time and sleep for the rate limiter: sleeping moves time, nothing waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def tg(clock: ManualClock) -> FakeTelegram:
    return FakeTelegram(clock=clock, bot_username="HuisBot")


def make_settings(tg: FakeTelegram, database_url: str, **overrides: Any) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=tg.token,
        database_url=database_url,
        **overrides,
    )


@dataclass
class Bot:
    """The real application, wired to the fake Telegram, ready for a transcript."""

    app: HuisApplication
    driver: Driver
    tg: FakeTelegram
    clock: ManualClock
    database: Database
    time: FakeTime
    scheduler: ManualScheduler

    async def advance(self, delta: timedelta | None = None, **kwargs: float) -> Reply:
        """Let time pass: scheduled work runs when it falls due. Returns what the bot did."""
        before = len(self.tg.calls)
        await self.scheduler.advance(delta if delta is not None else timedelta(**kwargs))
        await self.driver.flush()
        return Reply(self.tg.calls[before:])


async def start_bot(
    tg: FakeTelegram, clock: ManualClock, database: Database, fake_time: FakeTime, **settings: Any
) -> Bot:
    scheduler = ManualScheduler(clock)
    app = build_application(
        make_settings(tg, database.url, **settings),
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=HouseRateLimiter(monotonic=fake_time.monotonic, sleep=fake_time.sleep),
        scheduler=scheduler,
    )
    driver = Driver(tg, app)
    await driver.start()
    await startup(app)
    running = Bot(app, driver, tg, clock, database, fake_time, scheduler)
    await running.advance(seconds=0)  # what fell due while the bot was down runs at once
    return running


@pytest.fixture
async def bot(
    tg: FakeTelegram, clock: ManualClock, database: Database, fake_time: FakeTime
) -> AsyncIterator[Bot]:
    running = await start_bot(tg, clock, database, fake_time)
    yield running
    await running.driver.stop()
    tg.assert_clean()


@dataclass
class House:
    """A registered house: Anna (group admin), Bram and Carla in the group "De Boog"."""

    bot: Bot
    group: FakeChat
    anna: FakeUser
    bram: FakeUser
    carla: FakeUser

    @property
    def driver(self) -> Driver:
        return self.bot.driver

    @property
    def tg(self) -> FakeTelegram:
        return self.bot.tg


async def make_house(bot: Bot, language_code: str = "nl") -> House:
    tg = bot.tg
    anna = tg.add_user("Anna", username="anna", language_code=language_code)
    bram = tg.add_user("Bram", username="bram", language_code=language_code)
    carla = tg.add_user("Carla", last_name="de Vries", language_code=language_code)
    group = tg.add_group("De Boog", members=[anna, bram, carla], admins=[anna], bot_in_group=False)
    await bot.driver.bot_added(group, by=anna)
    await bot.driver.send(anna, "/setup", chat=group)
    return House(bot, group, anna, bram, carla)


@pytest.fixture
async def house(bot: Bot) -> House:
    return await make_house(bot)
