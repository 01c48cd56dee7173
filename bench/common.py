"""What a benchmark stands on: a throw-away database, the real application wired to the fake
Telegram (as `tests/conftest.py` wires it, but with Telegram's flood limits enforced), a house,
and a little arithmetic on timings."""

from __future__ import annotations

import math
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bot.app import HuisApplication, build_application, startup
from bot.clock import ManualClock
from bot.jobs.scheduler import ManualScheduler
from bot.settings import Settings
from bot.storage.db import Database, SchemaState
from bot.storage.models import House, MemberStatus, PrivateChat, Role
from bot.telegram.ratelimit import HouseRateLimiter
from tests.fake_telegram import BotCall, Driver, FakeChat, FakeTelegram, FakeUser
from tests.fake_telegram.world import EDIT_METHODS, SEND_METHODS
from tests.helpers import set_member


class BenchError(Exception):
    """The benchmark could not be set up or run; the message says why, in one line."""


# ------------------------------------------------------------------------------ time


class SharedClock(ManualClock):
    """The one fake time of a run, read by the bot, the scheduler, the fake Telegram (its flood
    windows) and the rate limiter alike, so "20 per minute" means the same minute to all four.

    The rate limiter sleeps by moving this clock on. That may happen inside a job that
    `ManualScheduler.advance` runs, after which the scheduler sets the clock to the target it
    computed before; so `set` never moves time back.
    """

    def set(self, moment: datetime) -> None:
        if moment > self.now():
            super().set(moment)

    def monotonic(self) -> float:
        return self.now().timestamp()

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.advance(timedelta(seconds=seconds))


# ------------------------------------------------------------------------------ database


def _describe(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    return f"PostgreSQL {parsed.host}:{parsed.port or 5432}/{parsed.database}"


@contextmanager
def scratch_database(url: str | None) -> Iterator[tuple[str, str]]:
    """A migrated, empty database for one run: yields (its URL, a description).

    - None: a SQLite file in a temporary directory, removed afterwards.
    - A SQLite URL: that file, which must be new or empty; it is kept.
    - A PostgreSQL URL: the server (and the database to connect to for CREATE DATABASE); the
      run gets a database of its own, ``huisbot_bench_<random>``, dropped afterwards.
    """
    if url is None:
        with tempfile.TemporaryDirectory(prefix="huisbot-bench-") as directory:
            path = Path(directory) / "bench.db"
            yield _migrated(f"sqlite:///{path}"), "SQLite (temporary file)"
        return
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise BenchError(f"--database: not a database URL: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = Database(url)
        try:
            state = database.schema_state()
        finally:
            database.dispose()
        if state != SchemaState.EMPTY:
            raise BenchError(f"--database {url}: not empty; give a new file or leave it out")
        yield _migrated(url), _describe(url)
        return
    if backend != "postgresql":
        raise BenchError(f"--database: only sqlite:/// and postgresql+psycopg:// ({url})")
    name = f"huisbot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        raise BenchError(
            f"PostgreSQL not reachable at {parsed.render_as_string()}: {exc}"
        ) from None
    scratch = parsed.set(database=name).render_as_string(hide_password=False)
    try:
        yield _migrated(scratch), f"{_describe(scratch)} (temporary database)"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrated(url: str) -> str:
    database = Database(url)
    try:
        database.upgrade()
    finally:
        database.dispose()
    return url


# ------------------------------------------------------------------------------ the bot


@dataclass
class Running:
    """The real application, wired to the fake Telegram with flood limits on."""

    app: HuisApplication
    driver: Driver
    tg: FakeTelegram
    clock: SharedClock
    scheduler: ManualScheduler
    database: Database
    limiter: HouseRateLimiter

    async def advance(self, delta: timedelta) -> None:
        """Let fake time pass: scheduled work (coalesced edits) runs when it falls due."""
        await self.scheduler.advance(delta)
        await self.driver.flush()

    async def stop(self) -> None:
        await self.driver.stop()
        self.database.dispose()


async def start_bot(database_url: str) -> Running:
    """As `tests/conftest.py` `start_bot`, except that the fake Telegram answers 429 whenever
    Telegram would, and the rate limiter lives on the same fake clock as that fake Telegram."""
    clock = SharedClock()
    tg = FakeTelegram(clock=clock, bot_username="HuisBot")
    tg.enforce_flood_limits = True
    scheduler = ManualScheduler(clock)
    limiter = HouseRateLimiter(monotonic=clock.monotonic, sleep=clock.sleep)
    database = Database(database_url)
    settings = Settings(
        _env_file=None,
        telegram_bot_token=tg.token,
        database_url=database_url,
    )
    app = build_application(
        settings,
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=limiter,
        scheduler=scheduler,
    )
    driver = Driver(tg, app)
    await driver.start()
    await startup(app)
    running = Running(app, driver, tg, clock, scheduler, database, limiter)
    await running.advance(timedelta(0))
    return running


@dataclass
class BenchHouse:
    group: FakeChat
    chair: FakeUser  # also a resident, and one of the voters
    residents: list[FakeUser]


async def make_house(running: Running, residents: int) -> BenchHouse:
    """One house, "De Boog", with `residents` residents who all opened the private chat; the
    first is the group's admin, registered the house and chairs it."""
    if residents < 1:
        raise BenchError("a house needs at least one resident")
    tg, driver = running.tg, running.driver
    people = [tg.add_user(f"Bewoner {n:02d}") for n in range(1, residents + 1)]
    chair = people[0]
    group = tg.add_group("De Boog", members=people, admins=[chair], bot_in_group=False)
    await driver.bot_added(group, by=chair)
    await driver.send(chair, "/setup", chat=group)
    async with running.database.transaction() as session:
        houses = session.scalar(select(func.count()).select_from(House))
    if houses != 1:
        raise BenchError(f"/setup did not register the house (houses: {houses})")
    for person in people:
        tg.start_bot(person)
        roles = (Role.CHAIR,) if person is chair else ()
        await set_member(
            running.database, person, MemberStatus.RESIDENT, *roles, private_chat=PrivateChat.OPEN
        )
    return BenchHouse(group, chair, people)


# ------------------------------------------------------------------------------ measuring


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of all values at or
    below it; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def chat_id_of(call: BotCall) -> int | None:
    value = call.params.get("chat_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def busiest_window(calls: Iterable[BotCall], chat: FakeChat, window: timedelta) -> int:
    """The most messages and edits the bot got through into `chat` within any `window` of
    fake time (the fake counts sends only; Telegram's 20 per minute per group is commonly
    understood to cover edits as well)."""
    moments = sorted(
        c.at
        for c in calls
        if c.ok and c.method in SEND_METHODS | EDIT_METHODS and chat_id_of(c) == chat.id
    )
    most, start = 0, 0
    for end, moment in enumerate(moments):
        while moments[start] <= moment - window:
            start += 1
        most = max(most, end - start + 1)
    return most
