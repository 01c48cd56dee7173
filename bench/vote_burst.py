"""A vote burst through the fake Telegram, with Telegram's flood limits enforced.

Each round the chair posts `/poll Round k? | A | B | C` in the group; then every resident taps
a random option (seeded), a fifth of them change their mind once, one tap every 100 ms of fake
time, so the bot's coalesced edits of the poll message happen during the burst as they would
for real. Five seconds of fake time later the poll message must show the turnout and the
database exactly what the benchmark tapped (the last choice of each voter). Polls are secret
by default (issue 14): the message shows only the turnout while the poll is open, so it is
edited only when the turnout changes; after the deadline it must show the exact counts.

Printed per round and overall: votes per second (taps / wall time of the burst, the coalesced
edits that run during it included), tap-to-answer latency (the wall time of one tap, which
returns once the bot answered the callback query; median and p95), edits of the poll message,
429 answers (must be 0) and whether the tally is exact (must be). Exit code 1 otherwise, and
also when a tap was refused or the bot broke the Bot API spec; 2 when it could not run.

A secret poll seals each tap's choice (AES-GCM) and counts the tally in memory; "exact" then
also means the in-memory tally matches the taps, every voter has one sealed ballot, and no
choice row was written. `--open` makes every poll open instead (choice rows, names).

    python -m bench.vote_burst [--rounds 5] [--voters 30] [--open] [--database URL]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select, update

from bench.common import (
    BenchError,
    BenchHouse,
    Running,
    add_database_option,
    busiest_window,
    chat_id_of,
    make_house,
    percentile,
    run_benchmark,
    spec_problems,
    start_bot,
)
from bot.domain import ballots
from bot.domain import polls as poll_domain
from bot.domain.polls import DISCUSS
from bot.storage.models import Ballot, Choice, Member, Person, Poll, PollOption
from tests.fake_telegram import FakeMessage

LABELS = ("A", "B", "C")
CHANGE_SHARE = 0.2  # the share of voters who tap a second time, for another option
GROUP_PER_MINUTE = 20  # Telegram's limit for one group (the fake counts sends only, not edits)
SETTLE = timedelta(seconds=5)  # after the last tap; the bot edits at most 3 s after a tap
CLOSE_AFTER = timedelta(days=4)  # past the poll's deadline
COUNT_LINE = re.compile(r"^(?P<label>\S+) — (?P<count>\d+)(?: ▓+)?$")
TURNOUT_LINE = re.compile(r"^✋ (?:\S+: )?(?P<voted>\d+) \S+ (?P<eligible>\d+)\b")


@dataclass
class RoundResult:
    number: int
    taps: int
    burst_seconds: float  # wall time from the first tap to the last answer
    latencies: list[float]  # wall time of each tap, in seconds
    edits: int  # editMessageText calls on the poll message
    floods: int  # calls the fake Telegram answered with 429
    refused: int  # taps not answered with "✅ …"
    problems: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.problems

    @property
    def votes_per_second(self) -> float:
        return self.taps / self.burst_seconds if self.burst_seconds else 0.0


def tap_order(rng: random.Random, voters: int) -> list[int]:
    """Voter indices in tapping order: everyone once, CHANGE_SHARE of them a second time."""
    changers = rng.sample(range(voters), k=round(CHANGE_SHARE * voters))
    order = [*range(voters), *changers]
    rng.shuffle(order)
    return order


def shown_counts(message: FakeMessage) -> tuple[dict[str, list[int]], tuple[int, int] | None]:
    """The option counts ("A — 3 ▓▓▓") and the turnout ("✋ Gestemd: 30 van 30.") the message
    shows."""
    counts: dict[str, list[int]] = {}
    turnout: tuple[int, int] | None = None
    for line in message.text.splitlines():
        if found := COUNT_LINE.match(line):
            counts.setdefault(found["label"], []).append(int(found["count"]))
        elif found := TURNOUT_LINE.match(line):
            turnout = int(found["voted"]), int(found["eligible"])
    return counts, turnout


async def stored_choices(running: Running, message: FakeMessage) -> dict[int, list[str]]:
    """The poll's Choice rows: Telegram user id -> the labels chosen."""
    async with running.database.transaction() as session:
        poll = session.scalars(
            select(Poll).where(
                Poll.chat_id == message.chat.id, Poll.message_id == message.message_id
            )
        ).one()
        rows = session.execute(
            select(Person.telegram_id, PollOption.label)
            .select_from(Choice)
            .join(PollOption, Choice.option_id == PollOption.id)
            .join(Ballot, Choice.ballot_id == Ballot.id)
            .join(Member, Ballot.member_id == Member.id)
            .join(Person, Member.person_id == Person.id)
            .where(Choice.poll_id == poll.id)
        ).all()
    stored: dict[int, list[str]] = {}
    for telegram_id, label in rows:
        stored.setdefault(int(telegram_id), []).append(str(label))
    return stored


async def make_open(running: Running, message: FakeMessage) -> None:
    """Turn the poll just posted (no votes yet, secret by default) into an open one."""
    async with running.database.transaction() as session:
        session.execute(
            update(Poll)
            .where(Poll.chat_id == message.chat.id, Poll.message_id == message.message_id)
            .values(secret=False)
        )


async def check_secret(
    running: Running, message: FakeMessage, expected: dict[int, str]
) -> list[str]:
    """A secret poll: the in-memory tally equals the taps, one sealed ballot per voter, no
    choice row."""
    problems: list[str] = []
    keys = running.app.bot_data["polls"].keys
    async with running.database.transaction() as session:
        poll = session.scalars(
            select(Poll).where(
                Poll.chat_id == message.chat.id, Poll.message_id == message.message_id
            )
        ).one()
        result = poll_domain.tally(session, poll, keys)
        labels = {o.id: o.label for o in poll.options}
        counted = {labels[i]: n for i, n in result.counts.items()}
        sealed = session.scalars(select(Ballot.sealed).where(Ballot.poll_id == poll.id)).all()
        choices = session.scalar(
            select(func.count()).select_from(Choice).where(Choice.poll_id == poll.id)
        )
    want = Counter(expected.values())
    if counted != {**{label: want[label] for label in LABELS}, DISCUSS: 0}:
        problems.append(f"in-memory tally {counted}, tapped {dict(want)}")
    if len(sealed) != len(expected) or any(
        s is None or len(s) != ballots.SEALED_LENGTH for s in sealed
    ):
        problems.append(f"{len(sealed)} ballots for {len(expected)} voters, or not all sealed")
    if choices:
        problems.append(f"{choices} choice rows written for a secret poll")
    return problems


def check_counts(message: FakeMessage, expected: dict[int, str]) -> list[str]:
    """What is wrong with the counts the (closed) poll message shows."""
    problems: list[str] = []
    want = Counter(expected.values())
    counts, _ = shown_counts(message)
    for label in LABELS:
        shown = counts.get(label, [])
        if shown != [want[label]]:
            problems.append(f"message shows {label} {shown}, tapped {want[label]}")
    return problems


def check_tally(
    house: BenchHouse,
    message: FakeMessage,
    expected: dict[int, str],
    stored: dict[int, list[str]] | None,
) -> list[str]:
    """What is wrong with the shown turnout (and counts, if the message shows them) and the
    stored tally, compared to what was tapped (`stored` None: a secret poll, whose counts
    `check_secret` checks)."""
    problems: list[str] = []
    counts, turnout = shown_counts(message)
    if counts:
        problems += check_counts(message, expected)
    if turnout != (len(expected), len(house.residents)):
        problems.append(f"message shows turnout {turnout}, tapped {len(expected)}")
    if stored is None:
        return problems
    names = {r.id: r.first_name for r in house.residents}
    for user_id in sorted(set(expected) | set(stored)):
        tapped, rows = expected.get(user_id), stored.get(user_id, [])
        if rows != ([tapped] if tapped else []):
            problems.append(f"database has {names.get(user_id)}: {rows}, tapped {tapped}")
    return problems


async def run_round(
    running: Running,
    house: BenchHouse,
    number: int,
    rng: random.Random,
    step: timedelta,
    secret: bool = True,
) -> RoundResult:
    tg, driver, group = running.tg, running.driver, house.group
    first_call = len(tg.calls)
    reply = await driver.send(house.chair, f"/poll Round {number}? | A | B | C", chat=group)
    posted = reply.to(group)
    if len(posted) != 1:
        raise BenchError(f"round {number}: the poll was not posted; the bot said {reply.texts}")
    message = posted[0]
    if not secret:
        await make_open(running, message)

    expected: dict[int, str] = {}  # voter's Telegram id -> the last option they tapped
    latencies: list[float] = []
    refused = 0
    burst_start = time.perf_counter()
    for position, index in enumerate(tap_order(rng, len(house.residents))):
        if position:
            await running.advance(step)
        voter = house.residents[index]
        label = rng.choice([o for o in LABELS if o != expected.get(voter.id)])
        expected[voter.id] = label
        tapped_at = time.perf_counter()
        answer = await driver.tap(voter, message, label)
        latencies.append(time.perf_counter() - tapped_at)
        if not (answer.popup or "").startswith("✅"):
            refused += 1
    burst_seconds = time.perf_counter() - burst_start
    await running.advance(SETTLE)

    calls = tg.calls[first_call:]
    edits = sum(
        1
        for c in calls
        if c.method == "editMessageText"
        and chat_id_of(c) == group.id
        and str(c.params.get("message_id")) == str(message.message_id)
    )
    shown = next(m for m in tg.messages(group) if m.message_id == message.message_id)
    if secret:
        problems = check_tally(house, shown, expected, None)
        problems += await check_secret(running, message, expected)
    else:
        problems = check_tally(house, shown, expected, await stored_choices(running, message))
    await running.advance(CLOSE_AFTER)  # the deadline: the counts are shown
    shown = next(m for m in tg.messages(group) if m.message_id == message.message_id)
    problems += check_counts(shown, expected)
    return RoundResult(
        number=number,
        taps=len(latencies),
        burst_seconds=burst_seconds,
        latencies=latencies,
        edits=edits,
        floods=sum(1 for c in calls if c.error_code == 429),
        refused=refused,
        problems=problems,
    )


def row(
    name: str,
    taps: int,
    per_second: float,
    latencies: Sequence[float],
    edits: str,
    floods: int,
    tally: str,
) -> str:
    median = statistics.median(latencies) * 1000 if latencies else 0.0
    p95 = percentile(latencies, 0.95) * 1000
    return (
        f"{name:>5}  {taps:>5}  {per_second:>8.1f}  {median:>7.2f}  {p95:>7.2f}  "
        f"{edits:>6}  {floods:>4}  {tally}"
    )


def report(results: list[RoundResult], running: Running, house: BenchHouse) -> bool:
    """Print the table and the summary; True when every round was clean."""
    print(
        f"{'round':>5}  {'taps':>5}  {'votes/s':>8}  {'p50 ms':>7}  {'p95 ms':>7}  "
        f"{'edits':>6}  {'429':>4}  tally"
    )
    for r in results:
        tally = "exact" if r.exact else "WRONG"
        print(
            row(
                str(r.number),
                r.taps,
                r.votes_per_second,
                r.latencies,
                str(r.edits),
                r.floods,
                tally,
            )
        )
    taps = sum(r.taps for r in results)
    seconds = sum(r.burst_seconds for r in results)
    latencies = [t for r in results for t in r.latencies]
    edits = sum(r.edits for r in results)
    floods = sum(1 for c in running.tg.calls if c.error_code == 429)
    exact = sum(1 for r in results if r.exact)
    refused = sum(r.refused for r in results)
    per_second = taps / seconds if seconds else 0.0
    print(
        row(
            "all",
            taps,
            per_second,
            latencies,
            f"{edits / len(results):.1f}/r",
            floods,
            f"{exact}/{len(results)} exact",
        )
    )
    for r in results:
        for problem in r.problems:
            print(f"round {r.number}: {problem}")

    stats = running.limiter.stats
    busiest = busiest_window(running.tg.calls, house.group, timedelta(minutes=1))
    spec = spec_problems(running.tg)
    print(
        f"\nbusiest minute in the group: {busiest} bot messages and edits "
        f"({'OVER ' if busiest > GROUP_PER_MINUTE else ''}Telegram's ~{GROUP_PER_MINUTE}); "
        f"rate limiter waited {stats.waits}× ({stats.waited_seconds:.1f} s fake), "
        f"retried {stats.retries}×; refused taps: {refused}; Bot API spec problems: {len(spec)}"
    )
    for problem in spec:
        print(f"spec: {problem}")
    ok = floods == 0 and exact == len(results) and refused == 0 and not spec
    print(
        f"vote burst: {taps} votes in {seconds:.2f} s = {per_second:.0f} votes/s; "
        f"latency median {statistics.median(latencies) * 1000:.2f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.2f} ms; {edits} edits; {floods}× 429; "
        f"tallies exact {exact}/{len(results)} — {'OK' if ok else 'FAILED'}"
    )
    return ok


async def bench(args: argparse.Namespace, database_url: str, described: str) -> bool:
    rng = random.Random(args.seed)
    step = timedelta(milliseconds=args.step_ms)
    running = await start_bot(database_url)
    try:
        house = await make_house(running, args.voters)
        taps = args.voters + round(CHANGE_SHARE * args.voters)
        print(
            f"Vote burst on {described}: {args.voters} residents, {taps} taps a round "
            f"(a tap every {args.step_ms:g} ms of fake time), {args.rounds} rounds, "
            f"seed {args.seed}, {'open polls' if args.open else 'secret polls (sealed ballots)'}\n"
        )
        results = [
            await run_round(running, house, number, rng, step, not args.open)
            for number in range(1, args.rounds + 1)
        ]
        return report(results, running, house)
    finally:
        await running.stop()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.vote_burst",
        description="Drive vote bursts through the fake Telegram (flood limits on) and measure.",
    )
    parser.add_argument("--rounds", type=int, default=5, help="polls, one burst each (5)")
    parser.add_argument("--voters", type=int, default=30, help="residents, all voting (30)")
    add_database_option(parser)
    parser.add_argument(
        "--open", action="store_true", help="open polls (the default is secret: sealed ballots)"
    )
    parser.add_argument("--seed", type=int, default=1, help="for the taps (1)")
    parser.add_argument(
        "--step-ms", type=float, default=100, help="fake time between two taps (100)"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.voters < 1 or args.step_ms < 0:
        parser.error("--rounds and --voters must be at least 1, --step-ms at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_benchmark(
        "vote burst", args.database, lambda url, described: bench(args, url, described)
    )


if __name__ == "__main__":
    sys.exit(main())
