"""1,000 rota reminders at 19:00: all delivered, none early, no 429, and how long the last one
takes.

Set-up (not timed): `--houses` houses (1,000), all in Europe/Amsterdam so that every reminder
falls due at the same moment (the worst case), each with `--members` residents (4) who opted in
to the house's one task, "afval", on Mondays at 19:00 house time (with `--daily`: every day, so
at 19:00 the private reminders of tomorrow's turns go out too, 2 messages a house). The week is
planned at 18:00 as a running bot keeps it.

The real application then starts at 18:59:50 (Monday 23 November 2026) on the fake Telegram
with Telegram's flood limits enforced, and fake time runs as a discrete-event simulation:

- one fake clock for the bot, its jobs, the rate limiter and the fake Telegram (which answers
  429 above 30 sends a second overall or 20 a minute into one group);
- jobs run as PTB's JobQueue runs them in production: each due job is an asyncio task of its
  own, all started at the moment they fall due (not one after the other, as in the tests);
- the rate limiter's sleeps wait for fake time to reach their end, and with `--rtt-ms` every
  Bot API call takes that long in fake time (the network round trip);
- the clock moves in steps of at most `--step-ms` (100 ms), stopping exactly at every moment
  something waits for (a job, the end of a limiter wait, a network answer), and only once
  everything that can run at the current moment has run.

Probes: residents of three houses send /rooster in their private chat at 18:59:55 (before the
burst), at 19:00:00.5 and at 19:00:10 (during it); the time until the bot answers shows how an
update fares while the reminders go out.

Printed: set-up figures; reminders delivered (must be all), sent early (must be 0), 429 answers
(must be 0); when the first and the last one went out (fake time after 19:00:00), reminders per
fake second and the ratio to Telegram's 30/s (the least possible time for 1,000 is 33.3 s);
how late the reminders were (median, p95, max); the probes' answer times; the database lock
(transactions, longest wait, time held per transaction); the rate limiter's waits; wall time.
Exit code 0 when all is well, 1 when a reminder is missing, duplicated or early, on a 429, a
probe not answered, a failed job or a Bot API spec problem, 2 when it could not run.

    python -m bench.reminders [--houses 1000] [--members 4] [--daily] [--rtt-ms 0]
                              [--step-ms 100] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import itertools
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bench.common import (
    Running,
    SharedClock,
    TaskShape,
    add_database_option,
    chat_id_of,
    fake_telegram,
    most_within,
    percentile,
    populate,
    run_benchmark,
    running_bot,
    spec_problems,
)
from bot.jobs.scheduler import JobFn
from bot.storage.rota_models import Frequency
from tests.fake_telegram import BotCall, FakeUser

DUE = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # Monday 19:00 in Amsterdam (CET)
BEGIN = DUE - timedelta(seconds=10)  # the bot starts, and the clock is moved, from here
PLANNED = DUE - timedelta(hours=1)  # when the running bot planned the week
REMINDER_MINUTE = 19 * 60
OVERALL_PER_SECOND = 30  # Telegram's limit, and the rate limiter's
GIVE_UP = timedelta(minutes=10)  # fake time after 19:00 by which everything must be out
PROBES = (  # (fake time, house index): a resident sends /rooster in the private chat
    (DUE - timedelta(seconds=5), 0),
    (DUE + timedelta(milliseconds=500), 1),
    (DUE + timedelta(seconds=10), 2),
)
SETTLED_ROUNDS = 20  # event-loop rounds without any progress before fake time may move on
GROUP_REMINDER = "📋"  # how the Dutch (and English) group reminder starts
PRIVATE_REMINDER = "⏰"  # how the private reminder of the evening before starts


# ------------------------------------------------------------------------------ fake time


class FakeSleeper:
    """A sleep that waits for fake time: it returns once the simulation has moved the clock to
    the sleep's end (rounded up to the microsecond, the clock's resolution)."""

    def __init__(self, clock: SharedClock) -> None:
        self.clock = clock
        self._heap: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self.started = 0  # sleeps begun, a measure of progress

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        micro = -(-round(seconds * 1e9) // 1000)  # ceil to whole microseconds (ns first)
        wake = self.clock.now() + timedelta(microseconds=micro)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (wake, next(self._order), future))
        self.started += 1
        await future

    def next_wake(self) -> datetime | None:
        return self._heap[0][0] if self._heap else None

    def wake_due(self) -> None:
        now = self.clock.now()
        while self._heap and self._heap[0][0] <= now:
            _wake, _order, future = heapq.heappop(self._heap)
            if not future.done():
                future.set_result(None)

    @property
    def waiting(self) -> int:
        return len(self._heap)


class TaskScheduler:
    """Keyed jobs as `bot.jobs.scheduler.JobQueueScheduler` keeps them, run the way PTB's
    JobQueue runs them (APScheduler's asyncio executor): each due job in an asyncio task of its
    own, all at once. Driven by the simulation (`start_due`), on fake time."""

    def __init__(self, clock: SharedClock) -> None:
        self.clock = clock
        self._jobs: dict[str, tuple[datetime, int, JobFn]] = {}
        self._heap: list[tuple[datetime, int, str]] = []
        self._order = itertools.count()
        self.started = 0
        self.finished = 0

    def at(self, key: str, when: datetime, fn: JobFn) -> None:
        order = next(self._order)
        self._jobs[key] = (when, order, fn)
        heapq.heappush(self._heap, (when, order, key))

    def cancel(self, key: str) -> None:
        self._jobs.pop(key, None)

    def scheduled(self, key: str) -> bool:
        return key in self._jobs

    def _drop_stale(self) -> None:
        while self._heap:
            _when, order, key = self._heap[0]
            current = self._jobs.get(key)
            if current is not None and current[1] == order:
                return
            heapq.heappop(self._heap)

    def next_due(self) -> datetime | None:
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def start_due(self) -> None:
        now = self.clock.now()
        while (when := self.next_due()) is not None and when <= now:
            _when, _order, key = heapq.heappop(self._heap)
            _at, _order, fn = self._jobs.pop(key)
            task = asyncio.create_task(fn(), name=key)
            task.add_done_callback(self._finished)
            self.started += 1

    def _finished(self, _task: asyncio.Task[None]) -> None:
        self.finished += 1

    @property
    def running(self) -> int:
        return self.started - self.finished


async def settle(progress: Callable[[], object]) -> None:
    """Let everything run that can run at the current fake moment: yield to the event loop
    until `progress()` has not changed for SETTLED_ROUNDS rounds. (Everything here runs in
    this process without real waits, so a task that can run does so within a round or two.)"""
    last, still = progress(), 0
    while still < SETTLED_ROUNDS:
        await asyncio.sleep(0)
        now = progress()
        still = still + 1 if now == last else 0
        last = now


# ------------------------------------------------------------------------------ the run


@dataclass
class Probe:
    at: datetime
    user: FakeUser
    answered_at: datetime | None = None
    task: asyncio.Task[object] | None = None
    error: str | None = None


@dataclass
class Figures:
    houses: int
    members: int
    daily: bool
    rtt_ms: float
    step_ms: float
    setup_seconds: float = 0.0
    plan_seconds: float = 0.0
    startup_seconds: float = 0.0
    run_seconds: float = 0.0  # wall time from 18:59:50 until everything went out
    steps: int = 0  # clock moves
    jobs_started: int = 0
    group_sent: list[datetime] = field(default_factory=list)  # fake time of each reminder
    group_chats: Counter[int] = field(default_factory=Counter)
    private_sent: list[datetime] = field(default_factory=list)
    floods: int = 0
    failed_calls: int = 0
    errors_logged: int = 0
    probes: list[Probe] = field(default_factory=list)
    spec_problems: list[str] = field(default_factory=list)
    lock_waited: list[float] = field(default_factory=list)
    lock_held: list[float] = field(default_factory=list)
    lock_held_wall: float = 0.0
    statements: int = 0
    limiter_waits: int = 0
    limiter_waited: float = 0.0
    limiter_retries: int = 0
    busiest_second: int = 0
    gave_up: str | None = None


def the_task(daily: bool) -> TaskShape:
    if daily:
        return TaskShape("afval", REMINDER_MINUTE)
    return TaskShape("afval", REMINDER_MINUTE, Frequency.WEEKDAYS, weekdays="0")  # Mondays


def sent_text(call: BotCall) -> str:
    return str(call.params.get("text", ""))


async def simulate(args: argparse.Namespace, url: str, figures: Figures) -> None:
    clock = SharedClock(BEGIN)
    tg = fake_telegram(clock)
    made = populate(
        url,
        tg,
        houses=args.houses,
        members=args.members,
        tasks=lambda _number: [the_task(args.daily)],
        now=PLANNED,
        plan_at=PLANNED,
    )
    figures.setup_seconds, figures.plan_seconds = made.setup_seconds, made.plan_seconds
    groups = {house.group.id for house in made.houses}
    probes = [
        Probe(at, made.houses[index].residents[-1])
        for at, index in PROBES
        if index < len(made.houses)
    ]
    figures.probes = probes

    sleeper = FakeSleeper(clock)
    scheduler = TaskScheduler(clock)
    began = time.perf_counter()
    async with running_bot(
        url, tg=tg, scheduler=scheduler, sleep=sleeper.sleep, network_sleep=sleeper.sleep
    ) as (running, errors):
        figures.startup_seconds = time.perf_counter() - began
        first_call = len(tg.calls)
        statements_before = running.database.lock_stats.statements
        running.request.delay = args.rtt_ms / 1000
        await run(args, running, sleeper, scheduler, probes, figures)
    figures.errors_logged = errors.count
    measure(running, first_call, statements_before, groups, probes, figures)


async def run(
    args: argparse.Namespace,
    running: Running,
    sleeper: FakeSleeper,
    scheduler: TaskScheduler,
    probes: list[Probe],
    figures: Figures,
) -> None:
    """Move fake time from 18:59:50 until every reminder and probe answer went out."""
    clock, tg = running.clock, running.tg
    step = timedelta(milliseconds=args.step_ms)
    want = args.houses * (2 if args.daily else 1)
    pending = sorted(probes, key=lambda p: p.at)

    def progress() -> object:
        return (len(tg.calls), sleeper.started, scheduler.started, scheduler.running)

    seen, sent = len(tg.calls), 0

    def delivered() -> int:
        nonlocal seen, sent
        for call in tg.calls[seen:]:
            if call.ok and call.method == "sendMessage":
                sent += sent_text(call).startswith((GROUP_REMINDER, PRIVATE_REMINDER))
        seen = len(tg.calls)
        return sent

    began = time.perf_counter()
    while True:
        scheduler.start_due()
        while pending and pending[0].at <= clock.now():
            probe = pending.pop(0)
            probe.task = asyncio.create_task(running.driver.send(probe.user, "/rooster"))
        await settle(progress)
        done = (
            delivered() >= want
            and scheduler.running == 0
            and sleeper.waiting == 0
            and not pending
            and all(p.task is not None and p.task.done() for p in probes)
        )
        if done:
            break
        if clock.now() > DUE + GIVE_UP:
            figures.gave_up = (
                f"gave up {GIVE_UP} (fake) after 19:00 with {delivered()} of {want} reminders "
                f"out, {scheduler.running} jobs still running"
            )
            break
        moments = [clock.now() + step, sleeper.next_wake(), scheduler.next_due()]
        if pending:
            moments.append(pending[0].at)
        clock.set(min(m for m in moments if m is not None))
        figures.steps += 1
        sleeper.wake_due()
    figures.run_seconds = time.perf_counter() - began
    figures.jobs_started = scheduler.started
    for probe in probes:
        if probe.task is not None and probe.task.done() and probe.task.exception():
            probe.error = repr(probe.task.exception())


def measure(
    running: Running,
    first_call: int,
    statements_before: int,
    groups: set[int],
    probes: list[Probe],
    figures: Figures,
) -> None:
    tg = running.tg
    calls = tg.calls[first_call:]
    for call in calls:
        if not call.ok:
            figures.failed_calls += 1
            figures.floods += call.error_code == 429
            continue
        if call.method != "sendMessage":
            continue
        chat = chat_id_of(call)
        text = sent_text(call)
        if chat in groups and text.startswith(GROUP_REMINDER):
            figures.group_sent.append(call.at)
            figures.group_chats[chat] += 1
        elif text.startswith(PRIVATE_REMINDER):
            figures.private_sent.append(call.at)
    for probe in probes:
        figures_answer = [
            c.at
            for c in calls
            if c.ok
            and c.method == "sendMessage"
            and chat_id_of(c) == probe.user.id
            and c.at >= probe.at
            and not sent_text(c).startswith(PRIVATE_REMINDER)
        ]
        probe.answered_at = min(figures_answer) if figures_answer else None
    figures.busiest_second = most_within(  # Telegram's limit: 30 a second
        (c.at for c in calls if c.ok and c.method == "sendMessage"), timedelta(seconds=1)
    )
    figures.spec_problems = spec_problems(tg)
    lock = running.database.lock_stats
    figures.lock_waited, figures.lock_held = lock.waited, lock.held
    figures.lock_held_wall = lock.held_wall
    figures.statements = lock.statements - statements_before
    stats = running.limiter.stats
    figures.limiter_waits, figures.limiter_waited = stats.waits, stats.waited_seconds
    figures.limiter_retries = stats.retries


# ------------------------------------------------------------------------------ report


def hms(moment: datetime) -> str:
    """House time (CET in November) to the millisecond."""
    local = moment + timedelta(hours=1)
    return f"{local:%H:%M:%S}.{local.microsecond // 1000:03d}"


def seconds_after_due(moment: datetime) -> float:
    return (moment - DUE).total_seconds()


def report(figures: Figures, where: str) -> bool:
    f = figures
    per_house = 2 if f.daily else 1
    want = f.houses * per_house
    shape = "every day" if f.daily else "on Mondays"
    print(
        f"Rota reminders on {where}: {f.houses} houses (Europe/Amsterdam), {f.members} "
        f"residents each, one task {shape} at 19:00; Monday 23 November 2026; "
        f"network round trip {f.rtt_ms:g} ms (fake time); clock steps ≤ {f.step_ms:g} ms"
    )
    print(
        f"  set-up, not timed: data {f.setup_seconds:.1f} s, planning {f.plan_seconds:.1f} s; "
        f"start-up at 18:59:50 {f.startup_seconds:.2f} s"
    )
    group = sorted(f.group_sent)
    early = sum(1 for moment in group + f.private_sent if moment < DUE)
    doubled = sum(1 for count in f.group_chats.values() if count > 1)
    missing = f.houses - len(f.group_chats)
    private = f"; private reminders for tomorrow: {len(f.private_sent)} of {f.houses}"
    print(
        f"  group reminders delivered: {len(group)} of {f.houses} "
        f"(houses without one: {missing}, with more than one: {doubled})"
        + (private if f.daily else "")
    )
    print(
        f"  sent before 19:00:00: {early}; 429 answers: {f.floods}; other failed calls: "
        f"{f.failed_calls - f.floods}; errors logged (failed jobs or updates): {f.errors_logged}"
    )
    every = sorted(group + f.private_sent)
    if every:
        first, last = seconds_after_due(every[0]), seconds_after_due(every[-1])
        lateness = [seconds_after_due(m) for m in group]
        least = (want - 1) // OVERALL_PER_SECOND  # a full bucket at once, then 30 each second
        rate = want / last if last > 0 else float("inf")
        print(
            f"  first sent at 19:00:{first:06.3f}, last at 19:00:00 + {last:.3f} s (fake); "
            f"{rate:.1f} messages per fake second = {rate / OVERALL_PER_SECOND:.0%} of "
            f"Telegram's {OVERALL_PER_SECOND}/s (least possible: {least:.1f} s by the rate "
            f"limiter's sliding window, {want / OVERALL_PER_SECOND:.1f} s at an even 30/s; "
            f"last / even = {last / (want / OVERALL_PER_SECOND):.2f})"
        )
        print(
            f"  group reminder late by (fake s): median {percentile(lateness, 0.5):.2f}, "
            f"p95 {percentile(lateness, 0.95):.2f}, max {max(lateness):.2f}; "
            f"busiest second: {f.busiest_second} messages"
        )
    for probe in f.probes:
        after = (
            f"answered after {(probe.answered_at - probe.at).total_seconds():.3f} s"
            if probe.answered_at
            else f"NOT answered {probe.error or ''}"
        )
        print(f"  probe: /rooster in a private chat at {hms(probe.at)}: {after}")
    if f.lock_held:
        print(
            f"  database lock: {len(f.lock_held)} transactions; waited for it up to "
            f"{max(f.lock_waited):.2f} s fake (median {percentile(f.lock_waited, 0.5):.2f} s); "
            f"held {sum(f.lock_held):.2f} s fake in all, up to {max(f.lock_held) * 1000:.1f} ms "
            f"at a time (median {percentile(f.lock_held, 0.5) * 1000:.1f} ms); "
            f"held {f.lock_held_wall:.2f} s wall; {f.statements / len(f.lock_held):.1f} SQL "
            f"statements per transaction"
        )
    print(
        f"  rate limiter: waited {f.limiter_waits}× ({f.limiter_waited:.1f} s fake), retried "
        f"{f.limiter_retries}×; jobs run: {f.jobs_started}; clock steps: {f.steps}; "
        f"Bot API spec problems: {len(f.spec_problems)}"
    )
    for problem in f.spec_problems:
        print(f"  spec: {problem}")
    if f.gave_up:
        print(f"  {f.gave_up}")
    ok = (
        f.gave_up is None
        and len(group) == f.houses
        and missing == 0
        and doubled == 0
        and (not f.daily or len(f.private_sent) == f.houses)
        and early == 0
        and f.floods == 0
        and f.errors_logged == 0
        and all(p.answered_at is not None for p in f.probes)
        and not f.spec_problems
    )
    total = len(group) + len(f.private_sent)
    print(
        f"reminders: {total} of {want} delivered, {early} early, {f.floods}× 429, last "
        f"{seconds_after_due(every[-1]) if every else float('nan'):.1f} s after 19:00 (fake); "
        f"wall time {f.run_seconds:.1f} s ({total / f.run_seconds if f.run_seconds else 0:.0f} "
        f"reminders per wall second) — {'OK' if ok else 'FAILED'}"
    )
    return ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reminders", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--houses", type=int, default=1000, help="houses (1000)")
    parser.add_argument("--members", type=int, default=4, help="residents per house (4)")
    parser.add_argument(
        "--daily",
        action="store_true",
        help="a daily task: at 19:00 also the private reminders for tomorrow (2 per house)",
    )
    parser.add_argument(
        "--rtt-ms", type=float, default=0, help="fake network time of each Bot API call (0)"
    )
    parser.add_argument(
        "--step-ms", type=float, default=100, help="the longest move of the fake clock (100)"
    )
    add_database_option(parser)
    args = parser.parse_args(argv)
    if args.houses < 3 or args.members < 2 or args.rtt_ms < 0 or args.step_ms <= 0:
        parser.error("--houses at least 3, --members at least 2, --rtt-ms ≥ 0, --step-ms > 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    async def bench(url: str, where: str) -> bool:
        figures = Figures(args.houses, args.members, args.daily, args.rtt_ms, args.step_ms)
        await simulate(args, url, figures)
        return report(figures, where)

    return run_benchmark("reminders", args.database, bench)


if __name__ == "__main__":
    sys.exit(main())
