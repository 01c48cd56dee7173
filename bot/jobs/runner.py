"""A job runs in one transaction of its own, like an update; a failure is logged, not lost.
Its Telegram calls are background work: the rate limiter lets those of updates go first."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot

from bot.handlers.kit import Deps, Work
from bot.jobs.scheduler import JobFn
from bot.telegram.ratelimit import SendDropped, in_background

log = logging.getLogger("bot.jobs")

JobWork = Callable[[Work], Awaitable[None]]


async def run_job(
    deps: Deps, bot: Bot, name: str, fn: JobWork, *, each_alone: bool = False
) -> None:
    """Run `fn` in a transaction, then its sends; Telegram calls go after those of updates.
    `each_alone` (the start-up hooks): a call after the commit that fails is logged and the
    others still go."""
    with in_background():
        try:
            async with deps.db.transaction() as session:
                work = Work(session, deps, bot)
                await fn(work)
            if not each_alone:
                await work.run_after_commit()
                return
            for call in work.after_commit:
                try:
                    await call()
                except SendDropped:
                    raise
                except Exception as error:
                    log.warning("job %s: a call failed (%s)", name, type(error).__name__)
        except SendDropped:
            log.info("job %s: a send was dropped (shutting down)", name)
        except Exception:
            log.exception("job %s failed", name)


def job_call(deps: Deps, fn: Callable[..., Awaitable[None]], *args: int) -> JobFn:
    """A scheduled call of `fn(work, *args)` in a transaction of its own (see `run_job`)."""

    async def unit(work: Work) -> None:
        await fn(work, *args)

    async def run() -> None:
        await run_job(deps, deps.bot, f"{fn.__name__}{args}", unit)

    return run
