"""Scheduling: keyed jobs replace each other, run in time order, and past jobs run at once."""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import ApplicationBuilder

from bot.clock import ManualClock
from bot.jobs.scheduler import JobQueueScheduler, ManualScheduler


async def test_jobs_run_in_order_at_their_own_time() -> None:
    clock = ManualClock()
    start = clock.now()
    scheduler = ManualScheduler(clock)
    ran: list[tuple[str, timedelta]] = []

    def job(name: str):  # type: ignore[no-untyped-def]
        async def fn() -> None:
            ran.append((name, clock.now() - start))

        return fn

    scheduler.at("b", start + timedelta(hours=2), job("b"))
    scheduler.at("a", start + timedelta(hours=1), job("a"))
    scheduler.at("c", start + timedelta(hours=5), job("c"))
    scheduler.at("a", start + timedelta(hours=3), job("a-again"))  # replaces "a"
    scheduler.cancel("c")
    assert await scheduler.advance(timedelta(hours=4)) == 2
    assert ran == [("b", timedelta(hours=2)), ("a-again", timedelta(hours=3))]
    assert clock.now() - start == timedelta(hours=4)
    assert not scheduler.scheduled("c")


async def test_a_job_in_the_past_runs_at_once_and_may_schedule_more() -> None:
    clock = ManualClock()
    scheduler = ManualScheduler(clock)
    ran: list[str] = []

    async def second() -> None:
        ran.append("second")

    async def first() -> None:
        ran.append("first")
        scheduler.at("second", clock.now(), second)

    scheduler.at("first", clock.now() - timedelta(days=1), first)
    assert await scheduler.run_due() == 2
    assert ran == ["first", "second"]


def test_jobqueue_scheduler_replaces_by_key() -> None:
    app = ApplicationBuilder().token("1:x").build()
    assert app.job_queue is not None
    clock = ManualClock()
    scheduler = JobQueueScheduler(app.job_queue, clock)

    async def fn() -> None:
        return None

    scheduler.at("k", clock.now() + timedelta(minutes=5), fn)
    scheduler.at("k", clock.now() + timedelta(minutes=9), fn)
    live = [job for job in app.job_queue.get_jobs_by_name("k") if not job.removed]
    assert len(live) == 1 and scheduler.scheduled("k")
    scheduler.cancel("k")
    assert not scheduler.scheduled("k")
