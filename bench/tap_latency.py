"""Tap latency while a group's message budget is spent: how long until each tap is answered.

One house, "De Boog", registered by real updates, with `--residents` residents; the chair posts a
poll. Two minutes later (a fresh group budget of 20 a minute) `--replies` residents type /hulp in
the group within 3 s of fake time: their replies spend the group's budget (and more are asked
than it holds). Then `--taps` taps follow, one every `--tap-ms` of fake time: residents voting on
the poll, and every third tap the chair tapping "🗣 Taal" on the group's settings message (which
edits a message in that same group).

Fake time runs as a discrete-event simulation (as `bench.reminders`): updates are handled
concurrently, as PTB's `concurrent_updates` has them; the rate limiter's sleeps wait until fake
time reaches their end; the bot's jobs (the coalesced poll edits) run when they fall due. The
fake Telegram enforces the flood limits and expires a callback query 15 s after the tap ("query
is too old").

Printed: p50/p95/max of the time from each tap until the bot answered it (fake seconds), the
taps answered too late (refused as too old, or later than 15 s), the replies sent and dropped,
429s and errors logged. Exit code 1 when a tap was answered too late or took over a second.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bench.common import (
    BenchError,
    BenchHouse,
    ErrorCount,
    SharedClock,
    TimedDatabase,
    add_database_option,
    fake_telegram,
    make_house,
    percentile,
    run_benchmark,
)
from bench.reminders import FakeSleeper, TaskScheduler, settle
from bot.app import build_application, startup
from bot.settings import Settings
from bot.telegram.ratelimit import HouseRateLimiter
from tests.fake_telegram import Driver, FakeMessage, FakeTelegram

T = TypeVar("T")
TOO_OLD = timedelta(seconds=15)  # Telegram's patience with an unanswered tap (the fake's too)
ONE_SECOND = 1.0
GIVE_UP = timedelta(minutes=10)


@dataclass
class Tap:
    at: datetime
    query_id: str
    kind: str  # vote | settings
    answered_at: datetime | None = None
    ok: bool = False


@dataclass
class Figures:
    taps: list[Tap] = field(default_factory=list)
    replies_asked: int = 0
    replies_sent: int = 0
    dropped: int = 0
    floods: int = 0
    errors: int = 0
    wall: float = 0.0
    limiter: str = ""


class Sim:
    """The bot, the fake Telegram and fake time, moved on by hand."""

    def __init__(self, clock: SharedClock, tg: FakeTelegram) -> None:
        self.clock, self.tg = clock, tg
        self.sleeper = FakeSleeper(clock)
        self.scheduler = TaskScheduler(clock)
        self.tasks: list[asyncio.Task[Any]] = []
        self.taps: list[Tap] = []
        self.arrivals: list[tuple[datetime, Callable[[], Awaitable[Any]]]] = []

    def progress(self) -> object:
        return (len(self.tg.calls), self.sleeper.started, self.scheduler.started)

    async def step(self, until: datetime | None = None) -> bool:
        """Run what can run now; then move the clock to the next thing (False: nothing left)."""
        self.scheduler.start_due()
        while self.arrivals and self.arrivals[0][0] <= self.clock.now():
            _at, make = self.arrivals.pop(0)
            self.tasks.append(asyncio.ensure_future(make()))
        await settle(self.progress)
        moments = [self.sleeper.next_wake(), self.scheduler.next_due()]
        if self.arrivals:
            moments.append(self.arrivals[0][0])
        if until is not None:
            moments.append(until)
        upcoming = [m for m in moments if m is not None and m > self.clock.now()]
        if not upcoming:
            return any(not t.done() for t in self.tasks)
        self.clock.set(min(upcoming))
        self.sleeper.wake_due()
        return True

    async def until(self, work: Awaitable[T]) -> T:
        task = asyncio.ensure_future(work)
        while not task.done():
            if not await self.step() and not task.done():
                await asyncio.sleep(0)
        return task.result()

    async def wait(self, delta: timedelta) -> None:
        end = self.clock.now() + delta
        while self.clock.now() < end:
            await self.step(until=end)


def production_limiter(clock: SharedClock, sleep: Callable[[float], Awaitable[None]]) -> Any:
    """The limiter as `huisbot run` builds it (`bot.app`), on fake time."""
    try:
        from bot.telegram.ratelimit import REPLY_DEADLINE, RESTART_BUDGET

        limiter = HouseRateLimiter(
            monotonic=clock.monotonic,
            sleep=sleep,
            reply_deadline=REPLY_DEADLINE,
            group_start_budget=RESTART_BUDGET,
        )
        return limiter, f"reply deadline {REPLY_DEADLINE:.0f} s, start budget {RESTART_BUDGET}"
    except ImportError:  # a version of the bot before issue 15
        return HouseRateLimiter(monotonic=clock.monotonic, sleep=sleep), "defaults"


def settings_message(tg: FakeTelegram, house: BenchHouse) -> FakeMessage:
    for message in reversed(tg.messages(house.group)):
        if message.text.startswith("Instellingen van"):
            return message
    raise BenchError("no settings message in the group")


async def bench(args: argparse.Namespace, url: str, where: str) -> bool:
    clock = SharedClock()
    tg = fake_telegram(clock)
    sim = Sim(clock, tg)
    limiter, described = production_limiter(clock, sim.sleeper.sleep)
    figures = Figures(limiter=described)
    database = TimedDatabase(url, clock.monotonic)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=tg.token,
        database_url=url,
    )
    app = build_application(
        settings,
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=limiter,
        scheduler=sim.scheduler,
    )
    driver = Driver(tg, app)
    errors = ErrorCount()
    logging.getLogger().addHandler(errors)
    began = time.perf_counter()
    try:
        await driver.start()
        await sim.until(startup(app))
        house = await sim.until(make_house(_running(app, driver, tg, clock), args.residents))
        chair = house.chair
        await sim.until(driver.send(chair, "/stemming Nieuwe bank?", chat=house.group))
        poll = tg.last_bot_message(house.group)
        assert poll is not None
        settings_msg = settings_message(tg, house)
        vote_data = [b.callback_data for b in tg.all_buttons(poll)][:2]
        taal = next(b for b in tg.all_buttons(settings_msg) if b.text == "🗣 Taal").callback_data
        if None in vote_data or taal is None:
            raise BenchError("the poll or the settings message has no buttons")
        await sim.wait(timedelta(minutes=2))  # a fresh minute for the group

        start = clock.now()
        first_call = len(tg.calls)
        gap = timedelta(seconds=3) / max(1, args.replies)
        for n in range(args.replies):
            person = house.residents[1 + n % (len(house.residents) - 1)]
            message = tg.user_message(person, house.group, "/hulp")
            (update,) = tg.message_update(message)
            sim.arrivals.append((start + n * gap, _deliver(driver, update)))
        taps_start = start + timedelta(seconds=3.5)
        for n in range(args.taps):
            at = taps_start + n * timedelta(milliseconds=args.tap_ms)
            if n % 3 == 0:
                sim.arrivals.append((at, _tap(sim, driver, chair, settings_msg, taal, "settings")))
            else:
                voter = house.residents[1 + n % (len(house.residents) - 1)]
                data = vote_data[n % 2]
                assert data is not None
                sim.arrivals.append((at, _tap(sim, driver, voter, poll, data, "vote")))
        sim.arrivals.sort(key=lambda a: a[0])
        figures.replies_asked = args.replies
        while await sim.step():
            if clock.now() - start > GIVE_UP:
                break
        figures.taps = sim.taps
        for tap in figures.taps:
            for call in tg.calls[first_call:]:
                if (
                    call.method == "answerCallbackQuery"
                    and call.params.get("callback_query_id") == tap.query_id
                ):
                    tap.answered_at, tap.ok = call.at, call.ok
        calls = tg.calls[first_call:]
        figures.replies_sent = sum(
            1
            for c in calls
            if c.method == "sendMessage" and c.ok and c.params.get("chat_id") == house.group.id
        )
        figures.floods = sum(1 for c in calls if c.error_code == 429)
        figures.dropped = getattr(limiter.stats, "dropped", 0)
    finally:
        figures.wall = time.perf_counter() - began
        logging.getLogger().removeHandler(errors)
        figures.errors = errors.count
        await driver.stop()
        database.dispose()
    return report(args, figures, where)


def _running(app: Any, driver: Driver, tg: FakeTelegram, clock: SharedClock) -> Any:
    """What `bench.common.make_house` needs of a running bot."""
    deps = app.bot_data["deps"]

    @dataclass
    class Handle:
        driver: Driver
        tg: FakeTelegram
        database: Any

    return Handle(driver, tg, deps.db)


def _deliver(driver: Driver, update: dict[str, Any]) -> Callable[[], Awaitable[Any]]:
    async def deliver() -> Any:
        return await driver.deliver(update)

    return deliver


def _tap(
    sim: Sim, driver: Driver, user: Any, message: FakeMessage, data: str, kind: str
) -> Callable[[], Awaitable[Any]]:
    async def tap() -> Any:
        update = sim.tg.new_callback_query(user, message, data)
        sim.taps.append(Tap(sim.clock.now(), update["callback_query"]["id"], kind))
        return await driver.deliver(update)

    return tap


def report(args: argparse.Namespace, figures: Figures, where: str) -> bool:
    waits: list[float] = []
    late = 0
    for tap in figures.taps:
        if tap.answered_at is None:
            late += 1
            waits.append(float("inf"))
            continue
        waited = (tap.answered_at - tap.at).total_seconds()
        late += not tap.ok or waited > TOO_OLD.total_seconds()
        waits.append(waited)
    finite = [w for w in waits if w != float("inf")]
    p50 = percentile(finite, 0.5) if finite else float("nan")
    p95 = percentile(finite, 0.95) if finite else float("nan")
    longest = max(waits) if waits else float("nan")
    print(f"tap latency — {where}; rate limiter: {figures.limiter}")
    print(
        f"{args.replies} × /hulp in 3 s into a group with a fresh budget of 20/min, then "
        f"{args.taps} taps every {args.tap_ms:.0f} ms (fake time)"
    )
    print(f"taps answered: p50 {p50:.2f} s, p95 {p95:.2f} s, max {longest:.2f} s (fake)")
    print(f"answered too late (query too old / over 15 s): {late} of {len(figures.taps)}")
    print(
        f"group replies sent: {figures.replies_sent} (asked {figures.replies_asked}), "
        f"dropped by the limiter: {figures.dropped}, 429s: {figures.floods}, "
        f"errors logged: {figures.errors}, wall {figures.wall:.1f} s"
    )
    ok = late == 0 and longest <= ONE_SECOND and figures.floods == 0
    print("OK" if ok else "FAILED")
    return ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.tap_latency", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--residents", type=int, default=31, help="residents (31)")
    parser.add_argument("--replies", type=int, default=25, help="/hulp typed in 3 s (25)")
    parser.add_argument("--taps", type=int, default=30, help="taps after them (30)")
    parser.add_argument("--tap-ms", type=float, default=200, help="fake time between taps (200)")
    add_database_option(parser)
    args = parser.parse_args(argv)
    if args.residents < 3 or args.replies < 0 or args.taps < 1 or args.tap_ms <= 0:
        parser.error("--residents at least 3, --replies ≥ 0, --taps ≥ 1, --tap-ms > 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    async def run(url: str, where: str) -> bool:
        return await bench(args, url, where)

    return run_benchmark("tap_latency", args.database, run)


if __name__ == "__main__":
    sys.exit(main())
