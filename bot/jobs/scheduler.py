"""When to run what: PTB's JobQueue in production, a hand-driven scheduler in tests.

Jobs are keyed (`poll-close-12`): scheduling a key again replaces the earlier job, so
rebuilding the schedule at start-up is idempotent. A job whose time has passed runs at once.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram.ext import CallbackContext, Job, JobQueue

from bot.clock import Clock, ManualClock

JobFn = Callable[[], Awaitable[None]]


class Scheduler(Protocol):
    def at(self, key: str, when: datetime, fn: JobFn) -> None:
        """Run `fn` at `when` (at once if that has passed), replacing a job with this key."""
        ...

    def cancel(self, key: str) -> None: ...

    def scheduled(self, key: str) -> bool: ...


class JobQueueScheduler:
    """Keyed jobs on PTB's JobQueue. An index by key keeps scheduling O(1): PTB's own
    look-up by name scans every job (10,000 rota tasks made start-up quadratic)."""

    def __init__(self, job_queue: JobQueue[Any], clock: Clock) -> None:
        self.job_queue = job_queue
        self.clock = clock
        self._jobs: dict[str, Job[Any]] = {}

    def at(self, key: str, when: datetime, fn: JobFn) -> None:
        self.cancel(key)
        delay = max(0.0, (when - self.clock.now()).total_seconds())

        async def callback(_context: CallbackContext[Any, Any, Any, Any]) -> None:
            if self._jobs.get(key) is job:
                del self._jobs[key]
            await fn()

        job = self.job_queue.run_once(callback, when=delay, name=key)
        self._jobs[key] = job

    def cancel(self, key: str) -> None:
        job = self._jobs.pop(key, None)
        if job is not None:
            job.schedule_removal()

    def scheduled(self, key: str) -> bool:
        job = self._jobs.get(key)
        return job is not None and not job.removed


class ManualScheduler:
    """Jobs run only when time is moved by hand (`advance`) or `run_due()` is called."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self._jobs: dict[str, tuple[datetime, int, JobFn]] = {}
        self._heap: list[tuple[datetime, int, str]] = []
        self._order = itertools.count()

    def at(self, key: str, when: datetime, fn: JobFn) -> None:
        order = next(self._order)
        self._jobs[key] = (when, order, fn)
        heapq.heappush(self._heap, (when, order, key))

    def cancel(self, key: str) -> None:
        self._jobs.pop(key, None)

    def scheduled(self, key: str) -> bool:
        return key in self._jobs

    def pending(self) -> list[tuple[str, datetime]]:
        return sorted(((key, when) for key, (when, _, _) in self._jobs.items()), key=lambda x: x[1])

    async def run_due(self) -> int:
        """Run every job that is due now, including jobs that due jobs schedule for now."""
        ran = 0
        while self._heap and self._heap[0][0] <= self.clock.now():
            _when, order, key = heapq.heappop(self._heap)
            current = self._jobs.get(key)
            if current is None or current[1] != order:
                continue  # cancelled or replaced
            del self._jobs[key]
            await current[2]()
            ran += 1
        return ran

    async def advance(self, delta: timedelta) -> int:
        """Move the clock forward, stopping at each job's time so it runs when it is due."""
        target = self.clock.now() + delta
        ran = await self.run_due()
        while self._heap and self._heap[0][0] <= target:
            when = self._heap[0][0]
            if when > self.clock.now():
                self.clock.set(when)
            ran += await self.run_due()
        self.clock.set(target)
        return ran + await self.run_due()
