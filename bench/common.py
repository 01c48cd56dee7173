"""What a benchmark stands on: a throw-away database, the real application wired to the fake
Telegram (as `tests/conftest.py` wires it, but with Telegram's flood limits enforced), houses
(one by real updates, or many in bulk with their rotas), simulated network time, the errors the
bot logs, a little arithmetic on timings, and the command line every benchmark shares."""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import sys
import tempfile
import time
import uuid
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.app import HuisApplication, build_application, startup
from bot.clock import ManualClock
from bot.domain import rotas as rota_domain
from bot.jobs.scheduler import ManualScheduler, Scheduler
from bot.settings import Settings
from bot.storage.db import Database, SchemaState
from bot.storage.models import (
    House,
    Member,
    MemberRole,
    MemberStatus,
    Person,
    PrivateChat,
    Role,
    StatusSource,
)
from bot.storage.rota_models import (
    Frequency,
    RotaPerson,
    RotaSeat,
    RotaSettings,
    RotaTask,
    RotaTurn,
    RotaVolunteer,
    TaskState,
)
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


class DelayedRequest(BaseRequest):
    """Simulated network time: every Bot API call waits `delay` seconds (by `sleep`) before
    the fake Telegram behind `inner` answers it. `sleep` is `asyncio.sleep` (real time) or a
    fake-time sleep; `delay` may be changed between calls (0: answered at once)."""

    def __init__(
        self, inner: BaseRequest, sleep: Callable[[float], Awaitable[None]], delay: float = 0.0
    ) -> None:
        self.inner = inner
        self.sleep = sleep
        self.delay = delay
        self.calls = 0

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        self.calls += 1
        if self.delay > 0:
            await self.sleep(self.delay)
        return await self.inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )


@dataclass
class LockStats:
    """How the bot used the database's one transaction lock (`Database.transaction`)."""

    transactions: int = 0
    statements: int = 0  # SQL statements sent to the database
    waited: list[float] = field(default_factory=list)  # fake seconds from asking to holding
    held: list[float] = field(default_factory=list)  # fake seconds the lock was held
    held_wall: float = 0.0  # wall seconds the lock was held, all transactions together


class TimedDatabase(Database):
    """The bot's `Database`, unchanged, except that every transaction is timed (how long it
    waited for the lock and how long it held it, in fake time by `now` and in wall time) and
    SQL statements are counted."""

    def __init__(self, url: str, now: Callable[[], float]) -> None:
        super().__init__(url)
        self._now = now
        self.lock_stats = LockStats()
        event.listen(self.engine, "before_cursor_execute", self._count_statement)

    def _count_statement(self, *_args: object) -> None:
        self.lock_stats.statements += 1

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        asked = self._now()
        acquired: tuple[float, float] | None = None
        try:
            async with super().transaction() as session:
                acquired = self._now(), time.perf_counter()
                yield session
        finally:
            if acquired is not None:
                stats = self.lock_stats
                stats.transactions += 1
                stats.waited.append(acquired[0] - asked)
                stats.held.append(self._now() - acquired[0])
                stats.held_wall += time.perf_counter() - acquired[1]


@dataclass
class Running:
    """The real application, wired to the fake Telegram with flood limits on."""

    app: HuisApplication
    driver: Driver
    tg: FakeTelegram
    clock: SharedClock
    scheduler: Scheduler
    database: TimedDatabase
    limiter: HouseRateLimiter
    request: DelayedRequest  # the bot's transport; set `request.delay` for network time

    async def advance(self, delta: timedelta) -> None:
        """Let fake time pass: scheduled work (coalesced edits) runs when it falls due."""
        if not isinstance(self.scheduler, ManualScheduler):
            raise BenchError("advance() needs the ManualScheduler")
        await self.scheduler.advance(delta)
        await self.driver.flush()

    async def stop(self) -> None:
        """Stop the bot; its last calls are answered at once (no network time)."""
        self.request.delay = 0
        await self.driver.stop()
        self.database.dispose()


def fake_telegram(clock: SharedClock) -> FakeTelegram:
    """The fake Telegram of the tests, answering 429 whenever Telegram would."""
    tg = FakeTelegram(clock=clock, bot_username="HuisBot")
    tg.enforce_flood_limits = True
    return tg


async def start_bot(
    database_url: str,
    *,
    tg: FakeTelegram | None = None,
    scheduler: Scheduler | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    network_sleep: Callable[[float], Awaitable[None]] | None = None,
) -> Running:
    """As `tests/conftest.py` `start_bot`, except that the fake Telegram answers 429 whenever
    Telegram would, and the rate limiter lives on the same fake clock as that fake Telegram.

    - `tg`: a fake Telegram built by `fake_telegram` (with the houses already in it); its clock
      must be a `SharedClock`. Default: a new one.
    - `scheduler`: default the tests' `ManualScheduler` on that clock (`Running.advance`).
    - `sleep`: how the rate limiter waits; default `SharedClock.sleep` (moves the clock on).
    - `network_sleep`: how `Running.request` waits its `delay`; default `asyncio.sleep`.
    The bot's transport answers at once until `Running.request.delay` is set."""
    if tg is None:
        tg = fake_telegram(SharedClock())
    clock = tg.clock
    if not isinstance(clock, SharedClock):
        raise BenchError("the fake Telegram must run on a SharedClock")
    scheduler = scheduler if scheduler is not None else ManualScheduler(clock)
    limiter = HouseRateLimiter(monotonic=clock.monotonic, sleep=sleep or clock.sleep)
    database = TimedDatabase(database_url, clock.monotonic)
    request = DelayedRequest(tg.request(), network_sleep or asyncio.sleep)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=tg.token,
        database_url=database_url,
    )
    app = build_application(
        settings,
        clock=clock,
        database=database,
        request_factory=lambda: request,
        rate_limiter=limiter,
        scheduler=scheduler,
    )
    driver = Driver(tg, app)
    await driver.start()
    await startup(app)
    running = Running(app, driver, tg, clock, scheduler, database, limiter, request)
    if isinstance(scheduler, ManualScheduler):
        await running.advance(timedelta(0))  # what fell due while the bot was down
    return running


class ErrorCount(logging.Handler):
    """Counts the errors the bot logs: a failed update (the error handler), a failed job
    (`bot.jobs.runner`)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@asynccontextmanager
async def running_bot(
    database_url: str,
    *,
    tg: FakeTelegram | None = None,
    scheduler: Scheduler | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    network_sleep: Callable[[float], Awaitable[None]] | None = None,
) -> AsyncIterator[tuple[Running, ErrorCount]]:
    """`start_bot` (the same options), and stopped afterwards. The `ErrorCount` counts the
    errors logged from just before the start until just before the stop; it can be read after
    the block too."""
    errors = ErrorCount()
    root = logging.getLogger()
    root.addHandler(errors)
    try:
        running = await start_bot(
            database_url, tg=tg, scheduler=scheduler, sleep=sleep, network_sleep=network_sleep
        )
        try:
            yield running, errors
        finally:
            root.removeHandler(errors)
            await running.stop()
    finally:
        root.removeHandler(errors)


def spec_problems(tg: FakeTelegram) -> list[str]:
    """Where the bot broke the Bot API spec, as the fake Telegram found it, one line each."""
    return [str(v) for v in tg.violations] + tg.unsupported


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


# ------------------------------------------------------------------------------ many houses


@dataclass(frozen=True)
class TaskShape:
    """One rota task of a house: how often, when (minute of the day, house time), its name."""

    name: str
    minute: int
    frequency: Frequency = Frequency.DAILY
    weekdays: str = ""  # "0,3": Monday and Thursday (with Frequency.WEEKDAYS)
    every_days: int = 7  # with Frequency.EVERY


@dataclass
class BulkHouse:
    house_id: int
    group: FakeChat
    residents: list[FakeUser]  # the first one chairs and is the group's admin


@dataclass
class Populated:
    houses: list[BulkHouse]
    setup_seconds: float  # wall time to write the houses, people and tasks
    plan_seconds: float  # wall time of the rota's own planning (0 when not planned)
    turns: int
    seats: int


BATCH = 50  # houses per transaction while setting up
FIRST_USER_ID = 5_000_000


def populate(
    database_url: str,
    tg: FakeTelegram,
    *,
    houses: int,
    members: int,
    tasks: Callable[[int], Sequence[TaskShape]],
    now: datetime,
    plan_at: datetime | None,
    timezone: str = "Europe/Amsterdam",
    bot_is_admin: bool = False,
) -> Populated:
    """Many houses in bulk, straight into the database, and their groups and private chats in
    the fake Telegram: house n is "Huis n" with `members` residents who all opened the private
    chat (the first one chairs and is the group's admin), the rota's tasks `tasks(n)` (0-based
    n), every resident opted in to each and known to the rota (no newcomer invitations due).
    The house was registered 200 days before `now`. With `plan_at`, each house's coming week
    is then planned by the rota's own `plan_house` as a bot running at that moment did. The
    database at `database_url` is opened for this alone and closed again."""
    database = Database(database_url)
    try:
        zone = ZoneInfo(timezone)
        today = now.astimezone(zone).date()
        made: list[BulkHouse] = []
        started = time.perf_counter()
        for first in range(0, houses, BATCH):
            with database.engine.begin() as connection:
                session = Session(bind=connection)
                for number in range(first, min(houses, first + BATCH)):
                    ids = [FIRST_USER_ID + number * members + seat for seat in range(members)]
                    users = [
                        tg.add_user(f"Bewoner {seat + 1}", user_id=user_id)
                        for seat, user_id in enumerate(ids)
                    ]
                    for user in users:
                        tg.start_bot(user)
                    group = tg.add_group(
                        f"Huis {number + 1}",
                        members=users,
                        admins=users[:1],
                        bot_is_admin=bot_is_admin,
                    )
                    house = House(
                        name=f"Huis {number + 1}",
                        timezone=timezone,
                        language="nl",
                        group_chat_id=group.id,
                        active=True,
                        link_token=f"bench{number:07d}",
                        created_at=now - timedelta(days=200),
                    )
                    session.add(house)
                    session.flush()
                    session.add(
                        RotaSettings(
                            house_id=house.id,
                            thanks=True,
                            chair_overview=False,
                            residents_checked_at=now - timedelta(days=100),
                        )
                    )
                    residents: list[Member] = []
                    for user in users:
                        person = Person(
                            telegram_id=user.id,
                            first_name=user.first_name,
                            private_chat=PrivateChat.OPEN,
                            created_at=now - timedelta(days=150),
                        )
                        session.add(person)
                        session.flush()
                        member = Member(
                            house_id=house.id,
                            person_id=person.id,
                            status=MemberStatus.RESIDENT,
                            status_source=StatusSource.MANAGER,
                            in_group=True,
                            joined_at=now - timedelta(days=150),
                        )
                        session.add(member)
                        residents.append(member)
                    session.flush()
                    session.add(
                        MemberRole(
                            house_id=house.id,
                            member_id=residents[0].id,
                            role=Role.CHAIR,
                            assigned_at=now - timedelta(days=100),
                        )
                    )
                    for member in residents:
                        session.add(
                            RotaPerson(
                                house_id=house.id,
                                member_id=member.id,
                                capacity=0,  # as it comes: every turn has someone
                                invited=True,
                            )
                        )
                    for shape in tasks(number):
                        task = RotaTask(
                            house_id=house.id,
                            name=shape.name,
                            frequency=shape.frequency,
                            weekdays=shape.weekdays,
                            every_days=shape.every_days,
                            start_on=today - timedelta(days=30),
                            at_minute=shape.minute,
                            per_turn=1,
                            backup=True,
                            state=TaskState.ACTIVE,
                            created_by_id=residents[0].id,
                            created_at=now - timedelta(days=30),
                        )
                        session.add(task)
                        session.flush()
                        for member in residents:
                            session.add(
                                RotaVolunteer(
                                    house_id=house.id,
                                    task_id=task.id,
                                    member_id=member.id,
                                    joined_at=now - timedelta(days=30),
                                )
                            )
                    made.append(BulkHouse(house.id, group, users))
                session.flush()
                session.close()
        setup_seconds = time.perf_counter() - started
        started = time.perf_counter()
        if plan_at is not None:
            clock = ManualClock(plan_at)
            for first in range(0, len(made), BATCH):
                with database.engine.begin() as connection:
                    session = Session(bind=connection)
                    for bulk in made[first : first + BATCH]:
                        house = session.get(House, bulk.house_id)
                        assert house is not None
                        rota_domain.plan_house(session, clock, house)
                    session.flush()
                    session.close()
        plan_seconds = time.perf_counter() - started if plan_at is not None else 0.0
        with database.engine.connect() as connection:
            turns = connection.execute(select(func.count()).select_from(RotaTurn)).scalar_one()
            seats = connection.execute(select(func.count()).select_from(RotaSeat)).scalar_one()
        return Populated(made, setup_seconds, plan_seconds, turns, seats)
    finally:
        database.dispose()


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


def most_within(moments: Iterable[datetime], window: timedelta) -> int:
    """The most of `moments` within any `window` of time (one that ends at one of them and
    leaves out what lies exactly `window` before it)."""
    ordered = sorted(moments)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        most = max(most, end - start + 1)
    return most


def busiest_window(calls: Iterable[BotCall], chat: FakeChat, window: timedelta) -> int:
    """The most messages and edits the bot got through into `chat` within any `window` of
    fake time (the fake counts sends only; Telegram's 20 per minute per group is commonly
    understood to cover edits as well)."""
    return most_within(
        (
            c.at
            for c in calls
            if c.ok and c.method in SEND_METHODS | EDIT_METHODS and chat_id_of(c) == chat.id
        ),
        window,
    )


# ------------------------------------------------------------------------------ command line


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """`--database URL`, as `scratch_database` takes it."""
    parser.add_argument(
        "--database",
        metavar="URL",
        help="sqlite:///new-file.db, or postgresql+psycopg://postgres@127.0.0.1:5432/postgres "
        "(a temporary database is created on that server and dropped); "
        "default: a temporary SQLite file",
    )


def run_benchmark(
    name: str,
    database: str | None,
    bench: Callable[[str, str], Coroutine[Any, Any, bool]],
) -> int:
    """Run `bench(url, description)` on a scratch database (`scratch_database(database)`), with
    warnings and errors logged to stderr. The exit code: 0 when `bench` says all is well, 1
    when not, 2 when it could not run (a `BenchError`, said in one line after `name`)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        with scratch_database(database) as (url, where):
            ok = asyncio.run(bench(url, where))
    except BenchError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    return 0 if ok else 1
