"""A rate limiter for python-telegram-bot with injectable time.

``HouseRateLimiter`` throttles outgoing requests that send or change messages so the bot stays
under Telegram's flood limits (about 30 messages per second overall and about 20 messages per
minute into one group), and retries on ``RetryAfter`` (HTTP 429).

Which endpoints are throttled (see :func:`is_throttled`):

* every ``send*`` method except ``sendChatAction`` (a "typing…" hint, not a message);
* ``copyMessage(s)``, ``forwardMessage(s)``, ``editMessage*``, ``deleteMessage(s)``,
  ``stopPoll``, ``stopMessageLiveLocation``, ``setMessageReaction``, ``pinChatMessage`` and
  ``unpinChatMessage``.

Everything else (``getMe``, ``getChatMember``, ``setMyCommands``, ``answerCallbackQuery``,
``answerInlineQuery``, …) passes straight through: it neither sends nor changes a message, and
answers to button presses and inline queries must be fast.

Background work goes last: a call made while `in_background()` is on (the job runner turns
it on for every scheduled job) waits for its global slot behind every call made for an update.
So a person who taps a button during a burst of a thousand reminders is answered within about a
second, not after the burst, and their update does not hold the database meanwhile.

Each limit is a sliding-window bucket: a bucket of ``limit`` tokens where a spent token comes
back exactly ``period`` seconds after it was spent. So no window of ``period`` seconds ever holds
more than ``limit`` calls, and a quiet bucket allows a burst of ``limit`` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

__all__ = ["HouseRateLimiter", "RateLimiterStats", "in_background", "is_throttled"]

logger = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]

_THROTTLED_PREFIXES = (
    "send",
    "copyMessage",
    "forwardMessage",
    "editMessage",
    "deleteMessage",
)
_THROTTLED_EXACT = frozenset(
    {
        "stopPoll",
        "stopMessageLiveLocation",
        "setMessageReaction",
        "pinChatMessage",
        "unpinChatMessage",
    }
)
_NOT_THROTTLED = frozenset({"sendChatAction"})


_BACKGROUND: ContextVar[bool] = ContextVar("huisbot_background", default=False)


@contextlib.contextmanager
def in_background() -> Iterator[None]:
    """Calls made inside (and in tasks started inside) go after calls made for updates."""
    token = _BACKGROUND.set(True)
    try:
        yield
    finally:
        _BACKGROUND.reset(token)


class _Gate:
    """A lock whose waiters go in order of priority (0 first), then of arrival."""

    def __init__(self) -> None:
        self._busy = False
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrivals = itertools.count()

    async def acquire(self, priority: int) -> None:
        if not self._busy and not self._waiters:
            self._busy = True
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (priority, next(self._arrivals), future)
        heapq.heappush(self._waiters, entry)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed the gate while being cancelled: pass it on
            else:
                self._waiters.remove(entry)
                heapq.heapify(self._waiters)
            raise

    def release(self) -> None:
        while self._waiters:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(None)  # the gate stays busy: handed over
                return
        self._busy = False


def is_throttled(endpoint: str) -> bool:
    """Whether ``endpoint`` (a Bot API method name like ``"sendMessage"``) is throttled."""
    if endpoint in _NOT_THROTTLED:
        return False
    return endpoint in _THROTTLED_EXACT or endpoint.startswith(_THROTTLED_PREFIXES)


def _group_key(chat_id: object) -> int | str | None:
    """The bucket key for a group/supergroup/channel chat id, or ``None`` for other chats."""
    if isinstance(chat_id, bool):
        return None
    if isinstance(chat_id, int):
        return chat_id if chat_id < 0 else None
    if isinstance(chat_id, str) and chat_id.startswith("-"):
        try:
            return int(chat_id)
        except ValueError:
            return chat_id
    return None


def _retry_seconds(exc: RetryAfter) -> float:
    """``exc.retry_after`` in seconds, whether PTB hands out an int/float or a timedelta."""
    with warnings.catch_warnings():
        # PTB 22.x warns that the attribute will become a timedelta; we handle both.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: object = exc.retry_after
    if isinstance(value, timedelta):
        return max(0.0, value.total_seconds())
    if isinstance(value, int | float):
        return max(0.0, float(value))
    raise TypeError(f"unexpected retry_after type: {type(value).__name__}")


def _window(rate: float, per: float, name: str) -> tuple[int, float]:
    """Turn ``rate`` calls per ``per`` seconds into (tokens, window seconds)."""
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {rate!r}")
    limit = max(1, math.floor(rate))
    return limit, per * limit / rate


class _Bucket:
    """At most ``limit`` calls in any window of ``period`` seconds; callers queue on ``lock``."""

    __slots__ = ("_sent", "limit", "lock", "period", "users")

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.lock = asyncio.Lock()
        self.users = 0  # requests currently queued on or holding this bucket
        self._sent: deque[float] = deque(maxlen=limit)

    def ready_at(self, now: float) -> float:
        """The earliest moment, not before ``now``, at which one more call is allowed."""
        if not self._sent:
            return now
        earliest = self._sent[-1]  # keep recorded times non-decreasing
        if len(self._sent) == self.limit:
            earliest = max(earliest, self._sent[0] + self.period)
        return max(now, earliest)

    def record(self, at: float) -> None:
        self._sent.append(at)

    def idle(self, now: float) -> bool:
        """True when the bucket is unused and as good as new (every token has come back)."""
        return self.users == 0 and (not self._sent or self._sent[-1] + self.period <= now)


@dataclass
class RateLimiterStats:
    """Counters for tests and benchmarks."""

    waits: int = 0  # sleeps caused by throttling
    waited_seconds: float = 0.0  # total length of those sleeps
    retries: int = 0  # retries after RetryAfter
    retry_waited_seconds: float = 0.0  # total time slept because of RetryAfter


class HouseRateLimiter(BaseRateLimiter[int]):
    """Throttles message-sending requests and retries on ``RetryAfter``.

    ``rate_limit_args``, when given (an ``int`` >= 0), overrides ``max_retries`` for that
    one call, e.g. ``await bot.send_message(..., rate_limit_args=0)`` never retries.

    ``RetryAfter`` only delays the call that received it (it sleeps and then queues again).
    Group buckets untouched for a whole group window are dropped, so memory is bounded by the
    number of groups active in the last minute or so.
    """

    def __init__(
        self,
        *,
        overall_per_second: float = 30,
        group_per_minute: float = 20,
        max_retries: int = 3,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries!r}")
        self._overall = _window(overall_per_second, 1.0, "overall_per_second")
        self._group = _window(group_per_minute, 60.0, "group_per_minute")
        self._max_retries = max_retries
        self._monotonic = monotonic
        self._sleep = sleep
        self._global = _Bucket(*self._overall)
        self._global_gate = _Gate()
        self._groups: dict[int | str, _Bucket] = {}
        self._last_sweep = monotonic()
        self.stats = RateLimiterStats()

    @property
    def tracked_groups(self) -> int:
        """How many per-group buckets are currently kept."""
        return len(self._groups)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Forget all buckets (they hold locks bound to the running event loop)."""
        self._global = _Bucket(*self._overall)
        self._global_gate = _Gate()
        self._groups.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Wait for a slot if ``endpoint`` is throttled, call ``callback``, retry on 429."""
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"rate_limit_args must be an int >= 0, got {rate_limit_args!r}")
        throttled = is_throttled(endpoint)
        group = _group_key(data.get("chat_id")) if throttled else None
        attempt = 0
        while True:
            if throttled:
                await self._acquire(group)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= retries:
                    raise
                attempt += 1
                delay = _retry_seconds(exc)
                self.stats.retries += 1
                self.stats.retry_waited_seconds += delay
                logger.warning(
                    "Flood limit hit on %s: retrying in %.1f s (retry %d of %d)",
                    endpoint,
                    delay,
                    attempt,
                    retries,
                )
                await self._sleep(delay)

    async def _acquire(self, group: int | str | None) -> None:
        """Return once both the group bucket (if any) and the global bucket allow a call."""
        if group is None:
            await self._take_global(self._monotonic())
            return
        bucket = self._group_bucket(group)
        bucket.users += 1
        try:
            async with bucket.lock:
                now = self._monotonic()
                target = bucket.ready_at(now)
                await self._wait(target - now)
                # Still holding the group lock, so the group's slot cannot be taken meanwhile.
                sent_at = await self._take_global(target)
                bucket.record(sent_at)
        finally:
            bucket.users -= 1

    async def _take_global(self, not_before: float) -> float:
        """Wait for a global slot at or after ``not_before``; return the recorded slot time."""
        await self._global_gate.acquire(1 if _BACKGROUND.get() else 0)
        try:
            # After a sleep the clock may read a hair before the target; never sleep for that.
            now = max(self._monotonic(), not_before)
            slot = self._global.ready_at(now)
            await self._wait(slot - now)
            self._global.record(slot)
            return slot
        finally:
            self._global_gate.release()

    async def _wait(self, delay: float) -> None:
        if delay <= 0:
            return
        self.stats.waits += 1
        self.stats.waited_seconds += delay
        await self._sleep(delay)

    def _group_bucket(self, group: int | str) -> _Bucket:
        now = self._monotonic()
        if now - self._last_sweep >= self._group[1]:
            self._last_sweep = now
            for key in [k for k, b in self._groups.items() if b.idle(now)]:
                del self._groups[key]
        bucket = self._groups.get(group)
        if bucket is None:
            bucket = self._groups[group] = _Bucket(*self._group)
        return bucket
