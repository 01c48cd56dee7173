"""A job runs in one transaction of its own, like an update; a failure is logged, not lost."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot

from bot.handlers.kit import Deps, Work

log = logging.getLogger("bot.jobs")

JobWork = Callable[[Work], Awaitable[None]]


async def run_job(deps: Deps, bot: Bot, name: str, fn: JobWork) -> None:
    try:
        async with deps.db.transaction() as session:
            work = Work(session, deps, bot)
            await fn(work)
        await work.run_after_commit()
    except Exception:
        log.exception("job %s failed", name)
