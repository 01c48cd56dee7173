"""Start-up with many rotas: 1,000 houses of 10 tasks each, rebuilt from the database.

Set-up (not part of the timing): a throw-away database (a temporary SQLite file, or with
`--database` a temporary PostgreSQL database that is dropped afterwards) gets `--houses` houses,
each with `--members` residents (the first one chairs) who all opted in to each of the house's
`--tasks` tasks. The tasks vary: every day, on two weekdays, every 3 days; reminder times from
08:00 to 20:00, house time. Unless `--cold`, every house then has its coming week planned, as a
running bot keeps it (turns and seats), so the start-up is a restart on the same day.

Timed: the application's start-up as `huisbot run` does it, on the fake Telegram of the tests
(tests/fake_telegram): `build_application`, `initialize()` (PTB's getMe), and `startup()`: the
command menus and every feature's rebuild hook, the rota's among them (one keyed job per active
task, the open questions to backups, newcomers' invitations, the ends of pauses). With `--cold`
no turn exists yet, so the rebuild plans every house (the worst case: the first start after a
long downtime). The scheduler is the ManualScheduler of the tests (then what fell due is run and
timed too), or with `--scheduler jobqueue` the production JobQueueScheduler on PTB's JobQueue
(not started: the jobs are only registered).

Printed: set-up figures, start-up time (and per house, per task), the number of scheduled jobs
(and per task), resident memory (RSS now and peak, from /proc and getrusage) and, with
`--tracemalloc`, the Python heap the start-up allocated (slower).

    python -m bench.rota_startup [--houses 1000] [--tasks 10] [--members 4]
                                 [--database URL] [--cold] [--tracemalloc]
                                 [--scheduler manual|jobqueue]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bench.common import BenchError, SharedClock, TaskShape, scratch_database
from bench.common import populate as common_populate
from bot.app import build_application, startup
from bot.jobs.scheduler import JobQueueScheduler, ManualScheduler, Scheduler
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.rota_models import Frequency, RotaTask, TaskState
from bot.telegram.ratelimit import HouseRateLimiter
from tests.fake_telegram import Driver, FakeTelegram

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Amsterdam
NAMES = (
    "koken",
    "afwas",
    "boodschappen",
    "afval",
    "badkamer",
    "keuken",
    "gang",
    "tuin",
    "deurdienst",
    "nachttelefoon",
    "wasruimte",
    "trap",
)
SCHEDULERS = {
    "manual": "ManualScheduler (the tests' scheduler)",
    "jobqueue": "JobQueueScheduler on PTB's JobQueue (production; not started)",
}


@dataclass
class Figures:
    houses: int
    tasks: int
    members: int
    setup_seconds: float
    plan_seconds: float
    turns: int
    seats: int
    build_seconds: float
    initialize_seconds: float
    startup_seconds: float
    due_seconds: float
    jobs: int
    rota_jobs: int
    rss_before: int
    rss_after: int
    peak_rss: int
    traced_peak: int | None
    sent: int = 0
    failed: int = 0


def rss_bytes() -> int:
    """Resident memory now (Linux: /proc/self/status), else the peak from getrusage."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return peak_rss_bytes()


def peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def task_shape(index: int) -> TaskShape:
    """A house's task `index`: every day, on two weekdays, or every 3 days; 08:00 … 20:00."""
    name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f" {index}")
    minute = (8 + (index * 7) % 13) * 60  # 08:00 … 20:00
    if index % 5 == 3:
        weekdays = f"{index % 7},{(index + 3) % 7}"
        return TaskShape(name, minute, Frequency.WEEKDAYS, weekdays=weekdays)
    if index % 5 == 4:
        return TaskShape(name, minute, Frequency.EVERY, every_days=3)
    return TaskShape(name, minute)


def populate(
    database_url: str, tg: FakeTelegram, houses: int, tasks: int, members: int, plan: bool
) -> Figures:
    """Houses, people, tasks and volunteers in bulk (`bench.common.populate`), and their
    groups and private chats in the fake Telegram; then (unless cold) each house's week planned
    by the rota's own `plan_house`, by a bot that ran until a minute before the start-up."""
    shapes = [task_shape(index) for index in range(tasks)]
    made = common_populate(
        database_url,
        tg,
        houses=houses,
        members=members,
        tasks=lambda _number: shapes,
        now=START,
        plan_at=START - timedelta(minutes=1) if plan else None,
    )
    return Figures(
        houses,
        tasks,
        members,
        made.setup_seconds,
        made.plan_seconds,
        made.turns,
        made.seats,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        None,
    )


async def start(
    database_url: str,
    tg: FakeTelegram,
    clock: SharedClock,
    figures: Figures,
    kind: str,
    trace: bool,
) -> None:
    """Time the start-up, count the jobs, measure memory."""
    clock.set(START)
    limiter = HouseRateLimiter(monotonic=clock.monotonic, sleep=clock.sleep)
    database = Database(database_url)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=tg.token,
        database_url=database_url,
    )
    given: Scheduler | None = None
    if kind == "manual":
        given = ManualScheduler(clock)
    figures.rss_before = rss_bytes()
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    app = build_application(
        settings,
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=limiter,
        scheduler=given,
    )
    built = time.perf_counter()
    driver = Driver(tg, app)
    await driver.start()
    initialized = time.perf_counter()
    await startup(app)
    done = time.perf_counter()
    scheduler: Scheduler = app.bot_data["deps"].scheduler
    if isinstance(scheduler, ManualScheduler):
        keys = [key for key, _ in scheduler.pending()]
        ran = time.perf_counter()
        await scheduler.run_due()  # what fell due while the bot was down
        figures.due_seconds = time.perf_counter() - ran
    else:
        assert isinstance(scheduler, JobQueueScheduler)
        keys = [job.name or "" for job in scheduler.job_queue.jobs()]
    if trace:
        figures.traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    figures.build_seconds = built - began
    figures.initialize_seconds = initialized - built
    figures.startup_seconds = done - initialized
    figures.jobs = len(keys)
    figures.rota_jobs = sum(1 for key in keys if key.startswith("rota-task-"))
    figures.rss_after = rss_bytes()
    figures.peak_rss = peak_rss_bytes()
    async with database.transaction() as session:
        active = session.scalar(
            select(func.count()).select_from(RotaTask).where(RotaTask.state == TaskState.ACTIVE)
        )
    if figures.rota_jobs != active:
        raise BenchError(f"{active} active tasks but {figures.rota_jobs} rota jobs scheduled")
    await driver.stop()


def report(figures: Figures, where: str, kind: str, cold: bool) -> str:
    f = figures
    tasks = f.houses * f.tasks
    total = f.build_seconds + f.initialize_seconds + f.startup_seconds
    mib = 1024 * 1024
    grown = f.rss_after - f.rss_before
    lines = [
        f"Rota start-up: {f.houses} houses × {f.tasks} tasks = {tasks} tasks, "
        f"{f.members} residents each; {where}; "
        f"{SCHEDULERS[kind]}; "
        f"{'cold (nothing planned yet)' if cold else 'warm (the coming week planned)'}",
        f"  set-up, not timed: data {f.setup_seconds:.1f} s, planning {f.plan_seconds:.1f} s "
        f"-> {f.turns} turns, {f.seats} seats",
        f"  start-up: build_application {f.build_seconds:.3f} s · initialize "
        f"{f.initialize_seconds:.3f} s · startup (menus + rebuild hooks) "
        f"{f.startup_seconds:.3f} s · total {total:.3f} s",
        f"  per house {1000 * total / f.houses:.2f} ms · per task {1e6 * total / tasks:.0f} µs",
        (
            f"  due at start-up, run at once: {f.due_seconds:.3f} s "
            f"({f.sent} messages sent, {f.failed} refused)"
            if kind == "manual"
            else "  due at start-up: registered to run at once (the JobQueue is not started here)"
        ),
        f"  jobs scheduled: {f.jobs} (rota-task: {f.rota_jobs} = "
        f"{f.rota_jobs / tasks:.2f} per task; other: {f.jobs - f.rota_jobs})",
        f"  memory: RSS {f.rss_before / mib:.0f} MiB before build, {f.rss_after / mib:.0f} MiB "
        f"after start-up (+{grown / mib:.1f} MiB, {grown / tasks / 1024:.2f} KiB per task); "
        f"peak RSS {f.peak_rss / mib:.0f} MiB",
    ]
    if f.traced_peak is not None:
        lines.append(
            f"  Python heap allocated during start-up (tracemalloc peak): "
            f"{f.traced_peak / mib:.1f} MiB ({f.traced_peak / tasks / 1024:.2f} KiB per task)"
        )
    return "\n".join(lines)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.rota_startup", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--houses", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--database", default=None, help="sqlite:///new.db or a PostgreSQL URL")
    parser.add_argument("--scheduler", choices=("manual", "jobqueue"), default="manual")
    parser.add_argument("--cold", action="store_true", help="no turns planned before start-up")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    args = parser.parse_args(argv)
    if args.houses < 1 or args.tasks < 1 or args.members < 1:
        parser.error("--houses, --tasks and --members must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        with scratch_database(args.database) as (url, where):
            clock = SharedClock(START)
            tg = FakeTelegram(clock=clock, bot_username="HuisBot")
            figures = populate(url, tg, args.houses, args.tasks, args.members, plan=not args.cold)
            asyncio.run(start(url, tg, clock, figures, args.scheduler, args.tracemalloc))
            sends = [c for c in tg.calls if c.method == "sendMessage"]
            figures.sent = len(sends)
            figures.failed = sum(1 for c in sends if not c.ok)
    except BenchError as error:
        print(f"rota_startup: {error}", file=sys.stderr)
        return 1
    print(report(figures, where, args.scheduler, args.cold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
