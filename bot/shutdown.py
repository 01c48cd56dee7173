"""A quick, clean stop of `huisbot run` (SIGTERM from `docker stop`, systemd, or Ctrl-C).

`docker stop` sends SIGKILL 10 s after SIGTERM, so the bot must be gone well before, whatever
is queued: a group's message budget can hold replies back for a minute. On the signal:

1. python-telegram-bot stops taking updates (the updater stops) and waits for the updates and
   jobs in hand;
2. they get `GRACE` seconds for their work in flight;
3. then the rate limiter drops every send that is only queued (`HouseRateLimiter.close`): the
   database is the truth, and what a job did not send it sends again or reports after the next
   start. The log says how many sends were dropped;
4. the application shuts down and the database closes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from telegram.ext import Application

from bot.telegram.ratelimit import HouseRateLimiter

log = logging.getLogger(__name__)

GRACE = 1.5  # seconds for work in flight after the stop signal
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
HuisApplication = Application[Any, Any, Any, Any, Any, Any]


def _limiter(application: HuisApplication) -> HouseRateLimiter | None:
    limiter = application.bot.rate_limiter
    return limiter if isinstance(limiter, HouseRateLimiter) else None


def _drop_queued(application: HuisApplication) -> None:
    limiter = _limiter(application)
    if limiter is not None:
        waiting = limiter.close()
        log.info("Grace period over: %d queued sends dropped", waiting)


def quick_stop_loop(
    application: HuisApplication, grace: float = GRACE
) -> asyncio.AbstractEventLoop:
    """A new event loop (set as the current one, for `run_polling` / `run_webhook` with
    `stop_signals=None`) whose stop signals stop the application quickly (see the module)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stopping = False

    def on_signal(signum: int) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        limiter = _limiter(application)
        waiting = limiter.waiting if limiter is not None else 0
        log.info(
            "Stopping (%s): no new updates; %.0f s for work in hand, %d sends queued",
            signal.Signals(signum).name,
            grace,
            waiting,
        )
        loop.call_later(grace, _drop_queued, application)
        application.stop_running()

    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, on_signal, signum)
    return loop


def report_stopped(application: HuisApplication) -> None:
    limiter = _limiter(application)
    dropped = limiter.stats.dropped if limiter is not None else 0
    log.info("Huisbot stopped (%d sends dropped in all)", dropped)
