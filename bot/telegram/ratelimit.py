"""A rate limiter for python-telegram-bot with injectable time.

``HouseRateLimiter`` throttles outgoing requests that send or change messages so the bot stays
under Telegram's flood limits (about 30 messages per second overall and about 20 messages per
minute into one group), and retries on ``RetryAfter`` (HTTP 429).

Which endpoints are throttled (see :func:`is_throttled`):

* every ``send*`` method except ``sendChatAction`` (a "typing…" hint, not a message);
* ``copyMessage(s)``, ``forwardMessage(s)``, ``editMessage*``, ``deleteMessage(s)``,
  ``stopPoll``, ``stopMessageLiveLocation``, ``setMessageReaction``, ``pinChatMessage`` and
  ``unpinChatMessage``.

Answers to taps (``answerCallbackQuery``, ``answerInlineQuery``) are no message to a group: they
never wait for a group's budget, but they count towards the overall 30 a second, and they go
first, before every other call that waits for a slot (a tap is answered within a second even
when its group's minute is spent). Everything else (``getMe``, ``getChatMember``,
``setMyCommands``, …) passes straight through.

Under pressure (both off unless asked for; the bot asks, see `bot.app`):

* ``reply_deadline``: a reply to an update (``sendMessage`` into a group, not background work)
  that could not go out within that many seconds is dropped (`SendDropped`) instead of arriving
  minutes late, and so is a reply whose very text is already waiting for the same group (ten
  ``/hulp`` in a row are answered once). Background work (announcements, reminders) and edits are
  never dropped: they wait their turn.
* ``group_start_budget``: after a restart the group's minute may be half spent by the run that
  just stopped; a group first seen in the limiter's first minute starts with only this many
  sends, the rest of its budget coming back evenly over that minute.

`close()` (at shutdown) drops every call still waiting for a slot (`SendDropped`) and says how
many in the log; throttled calls made afterwards are dropped at once (answers to taps still go).

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

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

__all__ = [
    "HouseRateLimiter",
    "RateLimiterStats",
    "SendDropped",
    "in_background",
    "is_throttled",
    "must_wait",
]

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
_ANSWERS = frozenset({"answerCallbackQuery", "answerInlineQuery"})
URGENT, UPDATE, BACKGROUND = -1, 0, 1  # the order in which calls get a global slot

RESTART_BUDGET = 5  # sends a group gets at once in the bot's first minute
REPLY_DEADLINE = 60.0  # seconds: a group reply that cannot go out by then is dropped


class SendDropped(TelegramError):
    """The rate limiter did not make the call: a stale or repeated group reply, or shutdown."""


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


def must_wait(bot: object, chat_id: int) -> bool:
    """Whether a message to group `chat_id` would wait for the group's budget now (False for
    a bot without a `HouseRateLimiter`)."""
    limiter = getattr(bot, "rate_limiter", None)
    return isinstance(limiter, HouseRateLimiter) and limiter.must_wait(chat_id)


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

    def free_at(self, now: float, ahead: int) -> float:
        """About when a call with `ahead` calls queued before it gets its slot (infinity when
        that is more than a window away)."""
        index = len(self._sent) + ahead - self.limit
        if index < 0:
            return now
        if index < len(self._sent):
            return max(now, self._sent[index] + self.period)
        return math.inf

    def assume_spent(self, since: float, count: int) -> None:
        """`count` tokens spent before `since`, coming back evenly over the next window."""
        count = min(count, self.limit)
        for index in range(count):
            self._sent.append(since - self.period + (index + 1) * self.period / count)

    def idle(self, now: float) -> bool:
        """True when the bucket is unused and as good as new (every token has come back)."""
        return self.users == 0 and (not self._sent or self._sent[-1] + self.period <= now)


@dataclass
class RateLimiterStats:
    """Counters for tests and benchmarks."""

    dropped: int = 0  # calls not made (SendDropped): stale or repeated replies, shutdown
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
        reply_deadline: float | None = None,
        group_start_budget: int | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries!r}")
        self._reply_deadline = reply_deadline
        self._start_budget = group_start_budget
        self._started = monotonic()
        self._closed = False
        self._queued = 0  # throttled calls between asking for a slot and getting it
        self._sleepers: set[asyncio.Future[None]] = set()
        self._waiting_texts: dict[tuple[int | str, str], int] = {}
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
        """The limiter's first minute (for `group_start_budget`) starts now."""
        self._started = self._monotonic()
        self._closed = False

    def must_wait(self, chat_id: object) -> bool:
        """Whether a message to this group would have to wait for its budget now."""
        group = _group_key(chat_id)
        if group is None:
            return False
        bucket = self._group_bucket(group)
        now = self._monotonic()
        return bucket.users > 0 or bucket.ready_at(now) > now

    @property
    def waiting(self) -> int:
        """Throttled calls waiting for a slot now."""
        return self._queued

    def close(self) -> int:
        """Drop every call still waiting for a slot (each raises `SendDropped`), and every
        throttled call made later. Returns how many were waiting."""
        self._closed = True
        waiting = self._queued
        for sleeper in list(self._sleepers):
            sleeper.cancel()
        return waiting

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
        urgent = endpoint in _ANSWERS
        reply = (
            group is not None
            and endpoint == "sendMessage"
            and self._reply_deadline is not None
            and not _BACKGROUND.get()
        )
        text = data.get("text") if reply else None
        attempt = 0
        while True:
            if throttled:
                self._queued += 1
                try:
                    await self._acquire(group, text if isinstance(text, str) else None, reply)
                finally:
                    self._queued -= 1
            elif urgent:
                await self._take_global(self._monotonic(), URGENT)
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
                await self._wait(delay, count=False)

    async def _acquire(self, group: int | str | None, text: str | None, reply: bool) -> None:
        """Return once both the group bucket (if any) and the global bucket allow a call."""
        self._drop_if_closed()
        priority = BACKGROUND if _BACKGROUND.get() else UPDATE
        if group is None:
            await self._take_global(self._monotonic(), priority)
            return
        bucket = self._group_bucket(group)
        if reply:
            self._drop_if_stale(bucket, group, text)
        key = (group, text) if text is not None else None
        if key is not None:
            self._waiting_texts[key] = self._waiting_texts.get(key, 0) + 1
        bucket.users += 1
        try:
            async with bucket.lock:
                self._drop_if_closed()
                now = self._monotonic()
                target = bucket.ready_at(now)
                await self._wait(target - now)
                # Still holding the group lock, so the group's slot cannot be taken meanwhile.
                sent_at = await self._take_global(target, priority)
                bucket.record(sent_at)
        finally:
            bucket.users -= 1
            if key is not None:
                self._waiting_texts[key] -= 1
                if not self._waiting_texts[key]:
                    del self._waiting_texts[key]

    def _drop(self, why: str) -> SendDropped:
        self.stats.dropped += 1
        return SendDropped(why)

    def _drop_if_closed(self) -> None:
        if self._closed:
            raise self._drop("shutting down: send dropped")

    def _drop_if_stale(self, bucket: _Bucket, group: int | str, text: str | None) -> None:
        """A group reply goes out within the deadline, and once: else it is not made."""
        assert self._reply_deadline is not None
        if text is not None and self._waiting_texts.get((group, text)):
            logger.info("group %s: the same reply is already waiting; sent once", group)
            raise self._drop("the same reply is already waiting")
        now = self._monotonic()
        if bucket.free_at(now, bucket.users) - now > self._reply_deadline:
            logger.info("group %s: reply dropped, the group's budget is spent for a minute", group)
            raise self._drop("reply could not go out within the deadline")

    async def _take_global(self, not_before: float, priority: int) -> float:
        """Wait for a global slot at or after ``not_before``; return the recorded slot time."""
        await self._global_gate.acquire(priority)
        try:
            if priority != URGENT:
                self._drop_if_closed()
            # After a sleep the clock may read a hair before the target; never sleep for that.
            now = max(self._monotonic(), not_before)
            slot = self._global.ready_at(now)
            if priority != URGENT:
                await self._wait(slot - now)
            elif slot > now:  # an answer to a tap never drops: wait, uncancellable by close
                await self._sleep(slot - now)
            self._global.record(slot)
            return slot
        finally:
            self._global_gate.release()

    async def _wait(self, delay: float, *, count: bool = True) -> None:
        """Sleep `delay` seconds; `close()` cuts the sleep short with `SendDropped`."""
        if delay <= 0:
            return
        self._drop_if_closed()
        if count:
            self.stats.waits += 1
            self.stats.waited_seconds += delay
        sleeper = asyncio.ensure_future(self._sleep(delay))
        self._sleepers.add(sleeper)
        try:
            await sleeper
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self._closed and sleeper.cancelled() and not (task and task.cancelling()):
                raise self._drop("shutting down: send dropped") from None
            raise
        finally:
            self._sleepers.discard(sleeper)

    def _group_bucket(self, group: int | str) -> _Bucket:
        now = self._monotonic()
        if now - self._last_sweep >= self._group[1]:
            self._last_sweep = now
            for key in [k for k, b in self._groups.items() if b.idle(now)]:
                del self._groups[key]
        bucket = self._groups.get(group)
        if bucket is None:
            bucket = self._groups[group] = _Bucket(*self._group)
            if self._start_budget is not None and now < self._started + bucket.period:
                bucket.assume_spent(self._started, bucket.limit - self._start_budget)
        return bucket
