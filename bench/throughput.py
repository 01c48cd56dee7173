"""Updates processed per second, end to end through the fake Telegram, one after the other
and 16 at a time.

Set-up (not timed): `--houses` houses (50) of `--members` residents (6) in bulk, as
`bench.reminders` makes them (the bot is admin of each group, so it reads every message there;
everybody opened the private chat; the first resident chairs), each with two rota tasks and the
coming week planned, and an open poll that the chair posts with `/poll` in the group.

Then `--updates` updates (2,000), a seeded mix over all houses and residents:

| kind | share | what |
|---|---|---|
| command in the group | 25 % | /hulp, /leden, /rooster or /agenda, by a resident |
| command in private | 20 % | the same four in the resident's private chat |
| vote | 30 % | a tap on an option of the house's poll |
| message | 25 % | a plain message in the group |

They run twice on the same bot: one after the other (each `Driver.deliver` awaited before the
next, as PTB with one update at a time), and in batches of `--concurrency` (16) delivered with
`asyncio.gather`, as PTB's `concurrent_updates(16)` would have them in flight. Between updates
fake time moves `--step-ms` (100 ms, for a batch its size times that), so the bot's coalesced
edits of poll messages and its rate limiter (on the same fake clock as the fake Telegram, which
answers 429 like Telegram) work as they would.

With `--latency-ms`, every Bot API call waits that long in real time before the fake Telegram
answers it (the network round trip): what running 16 updates at once gains is then visible.
With latency a smaller `--updates` keeps the run short (each call costs that time for real).

Printed per mode: updates/s (updates / wall time), latency p50/p95 (the wall time of one
`Driver.deliver`, which returns once the bot has made every call for it), Telegram calls per
update, 429s, the share of wall time the database's transaction lock was held; per kind
(updates one after the other) the same figures. Exit code 0 when all is well, 1 on a 429, an
error logged, a refused vote or a Bot API spec problem, 2 when it could not run.

    python -m bench.throughput [--houses 50] [--members 6] [--updates 2000] [--seed 1]
                               [--concurrency 16] [--latency-ms 0] [--step-ms 100]
                               [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bench.common import (
    BenchError,
    BulkHouse,
    Running,
    SharedClock,
    TaskShape,
    add_database_option,
    fake_telegram,
    percentile,
    populate,
    run_benchmark,
    running_bot,
    spec_problems,
)
from bot.storage.rota_models import Frequency
from tests.fake_telegram import FakeMessage, Reply

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Amsterdam
COMMANDS = ("/hulp", "/leden", "/rooster", "/agenda")
OPTIONS = ("Ja", "Nee", "Later")
MESSAGES = (
    "Wie heeft er nog melk?",
    "Ik ben vanavond laat thuis.",
    "De wasmachine is weer vrij.",
    "Heeft iemand mijn fietssleutel gezien?",
    "Pizza om zeven uur?",
)
MIX = (  # (kind, share)
    ("group", 25),
    ("private", 20),
    ("vote", 30),
    ("message", 25),
)
TASKS = (
    TaskShape("koken", 18 * 60),
    TaskShape("afval", 19 * 60, Frequency.WEEKDAYS, weekdays="0,3"),
)


@dataclass(frozen=True)
class Update:
    kind: str  # "group", "private", "vote" or "message"
    house: int
    resident: int
    text: str  # the command or message; the option for a vote

    @property
    def label(self) -> str:
        if self.kind in ("group", "private"):
            return f"{self.text} {'group' if self.kind == 'group' else 'private'}"
        return self.kind


@dataclass
class Timing:
    """What one run of the updates measured."""

    name: str
    updates: int = 0
    wall: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)  # label -> seconds
    calls: dict[str, int] = field(default_factory=dict)  # label -> Bot API calls it caused
    statements: dict[str, int] = field(default_factory=dict)  # label -> SQL statements
    all_calls: int = 0  # every Bot API call in the run, scheduled edits included
    floods: int = 0
    refused: int = 0
    lock_wall: float = 0.0  # wall seconds the database's transaction lock was held
    limiter_waits: int = 0

    @property
    def per_second(self) -> float:
        return self.updates / self.wall if self.wall else 0.0


def make_updates(rng: random.Random, count: int, houses: int, members: int) -> list[Update]:
    kinds = [kind for kind, _ in MIX]
    weights = [share for _, share in MIX]
    updates = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        house, resident = rng.randrange(houses), rng.randrange(members)
        if kind in ("group", "private"):
            text = rng.choice(COMMANDS)
        elif kind == "vote":
            text = rng.choice(OPTIONS)
        else:
            text = rng.choice(MESSAGES)
        updates.append(Update(kind, house, resident, text))
    return updates


class Bench:
    def __init__(self, running: Running, houses: list[BulkHouse], polls: list[FakeMessage]):
        self.running = running
        self.houses = houses
        self.polls = polls

    async def deliver(self, update: Update, arrived: float) -> tuple[Reply, float, bool]:
        """One update through the fake Telegram: what the bot did (when one at a time), the
        wall time since it `arrived` (its batch was handed over: in flight together, the later
        ones of a batch wait for the earlier ones), and whether a vote was refused (its answer
        not "✅ …")."""
        driver, tg = self.running.driver, self.running.tg
        house = self.houses[update.house]
        user = house.residents[update.resident]
        refused = False
        if update.kind == "private":
            reply = await driver.send(user, update.text)
        elif update.kind == "vote":
            poll = self.polls[update.house]
            data = driver.find_button(poll, update.text).callback_data
            assert data is not None
            query = tg.new_callback_query(user, poll, data)
            reply = await driver.deliver(query)
            _answered, popup, _alert = tg.callback_answer(query["callback_query"]["id"])
            refused = not (popup or "").startswith("✅")
        else:  # a command or a plain message in the group
            reply = await driver.send(user, update.text, chat=house.group)
        return reply, time.perf_counter() - arrived, refused

    async def run(self, name: str, updates: list[Update], batch: int, step: timedelta) -> Timing:
        running, tg = self.running, self.running.tg
        timing = Timing(name, updates=len(updates))
        first_call = len(tg.calls)
        lock_before = running.database.lock_stats.held_wall
        waits_before = running.limiter.stats.waits
        began = time.perf_counter()
        for start in range(0, len(updates), batch):
            group = updates[start : start + batch]
            arrived = time.perf_counter()
            statements = running.database.lock_stats.statements
            if batch == 1:
                results = [await self.deliver(group[0], arrived)]
            else:
                results = list(await asyncio.gather(*(self.deliver(u, arrived) for u in group)))
            for update, (reply, seconds, refused) in zip(group, results, strict=True):
                timing.latencies.setdefault(update.label, []).append(seconds)
                if batch == 1:  # one at a time: the reply holds exactly this update's calls
                    label = update.label
                    timing.calls[label] = timing.calls.get(label, 0) + len(reply.calls)
                    sql = running.database.lock_stats.statements - statements
                    timing.statements[label] = timing.statements.get(label, 0) + sql
                timing.refused += refused
            await running.advance(step * len(group))
        timing.wall = time.perf_counter() - began
        calls = tg.calls[first_call:]
        timing.all_calls = len(calls)
        timing.floods = sum(1 for c in calls if c.error_code == 429)
        timing.lock_wall = running.database.lock_stats.held_wall - lock_before
        timing.limiter_waits = running.limiter.stats.waits - waits_before
        return timing


def row(name: str, count: int, per_second: float, latencies: Sequence[float], calls: str) -> str:
    median = statistics.median(latencies) * 1000 if latencies else 0.0
    p95 = percentile(latencies, 0.95) * 1000
    return f"{name:<18} {count:>6} {per_second:>9.1f} {median:>8.2f} {p95:>8.2f} {calls:>11}"


def header(first: str) -> str:
    return (
        f"{first:<18} {'updates':>6} {'updates/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'calls/update':>11}"
    )


def report(timings: list[Timing], errors: int, spec: list[str], args: argparse.Namespace) -> bool:
    print(header("mode") + f" {'429':>4} {'lock held':>9}")
    for t in timings:
        latencies = [s for values in t.latencies.values() for s in values]
        share = t.lock_wall / t.wall if t.wall else 0.0
        print(
            row(t.name, t.updates, t.per_second, latencies, f"{t.all_calls / t.updates:.2f}")
            + f" {t.floods:>4} {share:>9.0%}"
        )
    serial = timings[0]
    print(
        "\nper kind, one at a time (updates/s: 1 / mean latency; calls and SQL statements: "
        "made for the update)"
    )
    print(header("kind") + f" {'SQL/update':>10}")
    for label in sorted(serial.latencies):
        values = serial.latencies[label]
        calls = serial.calls.get(label, 0) / len(values)
        sql = serial.statements.get(label, 0) / len(values)
        print(
            row(label, len(values), 1 / statistics.mean(values), values, f"{calls:.2f}")
            + f" {sql:>10.1f}"
        )
    scheduled = serial.all_calls - sum(serial.calls.values())
    print(f"{'scheduled work':<18} {'':>6} {'':>9} {'':>8} {'':>8} {scheduled:>11} (in all)")
    floods = sum(t.floods for t in timings)
    refused = sum(t.refused for t in timings)
    waits = sum(t.limiter_waits for t in timings)
    print(
        f"\nrate limiter waited {waits}×; refused votes: {refused}; errors logged: {errors}; "
        f"Bot API spec problems: {len(spec)}"
    )
    for problem in spec:
        print(f"spec: {problem}")
    ok = floods == 0 and refused == 0 and errors == 0 and not spec
    gain = timings[1].per_second / serial.per_second if serial.per_second else 0.0
    print(
        f"throughput: {serial.per_second:.0f} updates/s one at a time, "
        f"{timings[1].per_second:.0f} updates/s {args.concurrency} at a time "
        f"(×{gain:.2f}), network {args.latency_ms:g} ms a call; {floods}× 429 — "
        f"{'OK' if ok else 'FAILED'}"
    )
    return ok


async def bench(args: argparse.Namespace, url: str, where: str) -> bool:
    tg = fake_telegram(SharedClock(START))
    made = populate(
        url,
        tg,
        houses=args.houses,
        members=args.members,
        tasks=lambda _number: TASKS,
        now=START,
        plan_at=START,
        bot_is_admin=True,
    )
    async with running_bot(url, tg=tg) as (running, errors):
        polls = []
        for house in made.houses:
            question = f"/poll Nieuwe bank voor de woonkamer? | {' | '.join(OPTIONS)}"
            posted = (await running.driver.send(house.residents[0], question, house.group)).to(
                house.group
            )
            if len(posted) != 1:
                raise BenchError(f"the poll was not posted in {house.group.title}")
            polls.append(posted[0])
        await running.advance(timedelta(seconds=5))
        if errors.count:
            raise BenchError(f"{errors.count} errors logged while setting up")
        print(
            f"Throughput on {where}: {args.houses} houses × {args.members} residents; "
            f"{args.updates} updates (seed {args.seed}), {args.step_ms:g} ms of fake time apart; "
            f"network {args.latency_ms:g} ms a Bot API call (real time)\n"
            f"  set-up, not timed: data {made.setup_seconds:.1f} s, planning "
            f"{made.plan_seconds:.1f} s, {args.houses} polls posted\n"
        )
        updates = make_updates(random.Random(args.seed), args.updates, args.houses, args.members)
        running.request.delay = args.latency_ms / 1000
        step = timedelta(milliseconds=args.step_ms)
        runner = Bench(running, made.houses, polls)
        timings = [
            await runner.run("one at a time", updates, 1, step),
            await runner.run(f"{args.concurrency} at a time", updates, args.concurrency, step),
        ]
        running.request.delay = 0
        await running.advance(timedelta(seconds=5))  # the last coalesced edits
    return report(timings, errors.count, spec_problems(tg), args)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.throughput", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--houses", type=int, default=50, help="houses (50)")
    parser.add_argument("--members", type=int, default=6, help="residents per house (6)")
    parser.add_argument("--updates", type=int, default=2000, help="updates per mode (2000)")
    parser.add_argument("--seed", type=int, default=1, help="for the mix of updates (1)")
    parser.add_argument(
        "--concurrency", type=int, default=16, help="updates in flight at once (16)"
    )
    parser.add_argument(
        "--latency-ms", type=float, default=0, help="real time each Bot API call takes (0)"
    )
    parser.add_argument(
        "--step-ms", type=float, default=100, help="fake time between two updates (100)"
    )
    add_database_option(parser)
    args = parser.parse_args(argv)
    if min(args.houses, args.members, args.updates, args.concurrency) < 1:
        parser.error("--houses, --members, --updates and --concurrency must be at least 1")
    if args.latency_ms < 0 or args.step_ms < 0:
        parser.error("--latency-ms and --step-ms must be at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_benchmark("throughput", args.database, lambda url, where: bench(args, url, where))


if __name__ == "__main__":
    sys.exit(main())
