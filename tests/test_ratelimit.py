"""Tests for the house rate limiter, on fake time: nothing here really sleeps."""

from __future__ import annotations

import asyncio
import bisect
import logging
import random
import warnings
from collections import defaultdict
from typing import Any

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.ratelimit import HouseRateLimiter, is_throttled

EPS = 1e-9
GROUP = -1001234567890
PRIVATE = 4242


class FakeTime:
    """``monotonic()`` returns ``t``; ``sleep(d)`` records ``d`` and advances ``t`` by ``d``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.t

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.t += delay
        await asyncio.sleep(0)  # let other tasks run, as a real sleep would


class Recorder:
    """A fake Bot API callback: records the fake time and chat of every call."""

    def __init__(self, clock: FakeTime) -> None:
        self.clock = clock
        self.calls: list[tuple[float, Any]] = []

    async def __call__(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls.append((self.clock.t, kwargs.get("chat_id")))
        return {"message_id": len(self.calls)}

    @property
    def times(self) -> list[float]:
        return [t for t, _ in self.calls]


def make(clock: FakeTime, **kwargs: Any) -> HouseRateLimiter:
    return HouseRateLimiter(monotonic=clock.monotonic, sleep=clock.sleep, **kwargs)


async def send(
    limiter: HouseRateLimiter,
    callback: Any,
    chat_id: int | str = PRIVATE,
    endpoint: str = "sendMessage",
    rate_limit_args: int | None = None,
) -> Any:
    data = {"chat_id": chat_id, "text": "secret text"}
    return await limiter.process_request(
        callback, (), {"chat_id": chat_id}, endpoint, data, rate_limit_args
    )


def max_in_window(times: list[float], window: float) -> int:
    """The most calls that fall in any half-open window [x, x + window)."""
    ordered = sorted(times)
    return max(
        (bisect.bisect_left(ordered, t + window - EPS) - i for i, t in enumerate(ordered)),
        default=0,
    )


async def test_calls_under_the_limits_do_not_sleep() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(20):
        await send(limiter, cb, GROUP)
    for _ in range(10):
        await send(limiter, cb, PRIVATE)
    assert len(cb.calls) == 30
    assert clock.sleeps == []
    assert limiter.stats.waits == 0
    assert limiter.stats.waited_seconds == 0


async def test_result_of_callback_is_returned() -> None:
    clock = FakeTime()
    cb = Recorder(clock)
    assert await send(make(clock), cb) == {"message_id": 1}


async def test_31_sends_in_one_second_are_spread() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for i in range(31):
        clock.t = 1000.0 + i / 40  # arrivals all within one second
        await send(limiter, cb, PRIVATE + i)
    assert len(cb.calls) == 31
    assert max_in_window(cb.times, 1.0) <= 30
    assert cb.times[30] >= cb.times[0] + 1.0 - EPS
    assert limiter.stats.waits == 1
    assert limiter.stats.waited_seconds == pytest.approx(clock.sleeps[0])


async def test_concurrent_burst_of_100_is_spread_fairly() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    await asyncio.gather(*(send(limiter, cb, PRIVATE + i) for i in range(100)))
    assert len(cb.calls) == 100
    assert max_in_window(cb.times, 1.0) <= 30
    # First come, first served: callers leave the queue in the order they arrived.
    assert [chat for _, chat in cb.calls] == [PRIVATE + i for i in range(100)]
    # 100 calls at 30/s need at least three more seconds, and get no more than that.
    assert cb.times[-1] - cb.times[0] == pytest.approx(3.0)
    # Each sleep is one exact computed delay, never a poll.
    assert all(d > 0.5 for d in clock.sleeps)


async def test_21_sends_to_one_group_stay_within_20_per_minute() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(21):
        await send(limiter, cb, GROUP)
    assert max_in_window(cb.times, 60.0) <= 20
    assert cb.times[20] - cb.times[0] == pytest.approx(60.0)
    assert limiter.stats.waits == 1


async def test_group_limit_holds_for_uneven_traffic() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(10):
        await send(limiter, cb, GROUP)
    clock.t += 30
    for _ in range(25):
        await send(limiter, cb, GROUP)
    assert len(cb.calls) == 35
    assert max_in_window(cb.times, 60.0) <= 20


async def test_string_and_int_group_ids_share_a_bucket() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for i in range(21):
        await send(limiter, cb, GROUP if i % 2 else str(GROUP))
    assert max_in_window(cb.times, 60.0) <= 20
    assert limiter.tracked_groups == 1


async def test_private_chats_only_use_the_global_limit() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(30):
        await send(limiter, cb, PRIVATE)
    assert clock.sleeps == []
    assert limiter.tracked_groups == 0


async def test_different_groups_do_not_block_each_other() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(20):
        await send(limiter, cb, -1)
    for _ in range(10):
        await send(limiter, cb, -2)
    assert clock.sleeps == []  # 30 calls: within the global limit, each group within its own
    await send(limiter, cb, -2)  # the global bucket is full: wait one second, not a minute
    assert clock.sleeps == [pytest.approx(1.0)]
    await send(limiter, cb, -1)  # group -1 is full until a minute after its first call
    assert cb.times[-1] - cb.times[0] == pytest.approx(60.0)
    assert max_in_window(cb.times, 1.0) <= 30


async def test_waiting_group_does_not_hold_up_another_group() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(20):
        await send(limiter, cb, -1)
    clock.t += 1  # the global bucket has room again
    await asyncio.gather(send(limiter, cb, -1), send(limiter, cb, -2))
    # Group -1 slept for its slot; group -2 went ahead without sleeping.
    assert [chat for _, chat in cb.calls[-2:]] == [-2, -1]
    assert clock.sleeps == [pytest.approx(59.0)]


# answerCallbackQuery counts towards the overall 30 a second (first in line): see
# tests/test_ratelimit_pressure.py.
@pytest.mark.parametrize("endpoint", ["getMe", "getChatMember", "setMyCommands"])
async def test_non_sending_endpoints_never_wait(endpoint: str) -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(20):
        await send(limiter, cb, GROUP)
    for _ in range(10):
        await send(limiter, cb, PRIVATE)
    # Both the group and the global bucket are now full.
    for _ in range(100):
        await send(limiter, cb, GROUP, endpoint=endpoint)
    assert clock.sleeps == []
    assert len(cb.calls) == 130


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("sendMessage", True),
        ("sendPhoto", True),
        ("sendMediaGroup", True),
        ("copyMessage", True),
        ("forwardMessages", True),
        ("editMessageText", True),
        ("editMessageReplyMarkup", True),
        ("deleteMessage", True),
        ("deleteMessages", True),
        ("stopPoll", True),
        ("pinChatMessage", True),
        ("setMessageReaction", True),
        ("sendChatAction", False),
        ("getMe", False),
        ("getChatMember", False),
        ("setMyCommands", False),
        ("answerCallbackQuery", False),
        ("answerInlineQuery", False),
        ("getUpdates", False),
        ("editChatInviteLink", False),
    ],
)
def test_is_throttled(endpoint: str, expected: bool) -> None:
    assert is_throttled(endpoint) is expected


class Flaky:
    """Raises ``RetryAfter(retry_after)`` ``failures`` times, then succeeds."""

    def __init__(self, failures: int, retry_after: int = 5) -> None:
        self.failures = failures
        self.retry_after = retry_after
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.failures:
            with warnings.catch_warnings():  # PTB's own constructor warns about the type
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                error = RetryAfter(self.retry_after)
            raise error
        return {"ok": True}


@pytest.mark.parametrize("ptb_timedelta", ["false", "true"])  # int or timedelta retry_after
async def test_retry_after_twice_then_success(
    ptb_timedelta: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", ptb_timedelta)
    clock = FakeTime()
    limiter = make(clock)
    cb = Flaky(failures=2, retry_after=5)
    assert await send(limiter, cb) == {"ok": True}
    assert cb.calls == 3
    assert clock.sleeps == [5.0, 5.0]
    assert limiter.stats.retries == 2
    assert limiter.stats.retry_waited_seconds == 10.0
    assert limiter.stats.waits == 0  # retry sleeps are not throttling waits


async def test_retry_after_on_non_throttled_endpoint_is_retried() -> None:
    clock = FakeTime()
    cb = Flaky(failures=1, retry_after=3)
    assert await send(make(clock), cb, endpoint="getMe") == {"ok": True}
    assert clock.sleeps == [3.0]


async def test_retry_after_more_than_max_retries_is_raised() -> None:
    clock = FakeTime()
    limiter = make(clock, max_retries=3)
    cb = Flaky(failures=10)
    with pytest.raises(RetryAfter):
        await send(limiter, cb)
    assert cb.calls == 4
    assert clock.sleeps == [5.0, 5.0, 5.0]
    assert limiter.stats.retries == 3


@pytest.mark.parametrize(("override", "calls"), [(0, 1), (1, 2), (6, 7)])
async def test_rate_limit_args_overrides_max_retries(override: int, calls: int) -> None:
    clock = FakeTime()
    cb = Flaky(failures=10)
    with pytest.raises(RetryAfter):
        await send(make(clock, max_retries=3), cb, rate_limit_args=override)
    assert cb.calls == calls


async def test_retry_warning_names_endpoint_but_not_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeTime()
    with caplog.at_level(logging.WARNING, logger="bot.telegram.ratelimit"):
        await send(make(clock), Flaky(failures=1, retry_after=7))
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "sendMessage" in message
    assert "7.0" in message
    assert "secret text" not in message
    assert str(PRIVATE) not in message


async def test_other_exceptions_pass_through_untouched() -> None:
    clock = FakeTime()

    async def boom(*args: Any, **kwargs: Any) -> bool:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await send(make(clock), boom)
    assert clock.sleeps == []


async def test_idle_group_buckets_are_dropped() -> None:
    clock = FakeTime()
    limiter = make(clock, overall_per_second=10_000)
    cb = Recorder(clock)
    for i in range(1000):
        await send(limiter, cb, -1 - i)
    assert limiter.tracked_groups == 1000
    clock.t += 30
    await send(limiter, cb, -5000)  # still active: nothing may be dropped yet
    assert limiter.tracked_groups == 1001
    clock.t += 31
    await send(limiter, cb, -5000)
    # A minute after the burst the old groups are as good as new, so they are forgotten.
    assert limiter.tracked_groups == 1


async def test_dropping_buckets_does_not_loosen_the_group_limit() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for step in range(200):
        clock.t += 7.0
        await send(limiter, cb, GROUP if step % 3 else -step)
    by_chat: dict[Any, list[float]] = defaultdict(list)
    for t, chat in cb.calls:
        by_chat[chat].append(t)
    assert all(max_in_window(times, 60.0) <= 20 for times in by_chat.values())
    assert limiter.tracked_groups < 20


async def test_random_traffic_respects_both_limits() -> None:
    rng = random.Random(20261123)
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    chats: list[int | str] = [PRIVATE, PRIVATE + 1, -1, -2, -3, "-100777"]
    for _ in range(600):
        clock.t += rng.choice([0.0, 0.0, 0.01, 0.2, 2.0])
        await send(limiter, cb, rng.choice(chats))
    assert max_in_window(cb.times, 1.0) <= 30
    by_chat: dict[Any, list[float]] = defaultdict(list)
    for t, chat in cb.calls:
        by_chat[chat].append(t)
    for chat in (-1, -2, -3, "-100777"):
        assert max_in_window(by_chat[chat], 60.0) <= 20


async def test_fractional_rates() -> None:
    clock = FakeTime()
    limiter = make(clock, overall_per_second=0.5)
    cb = Recorder(clock)
    for _ in range(3):
        await send(limiter, cb)
    assert cb.times[1] - cb.times[0] == pytest.approx(2.0)
    assert cb.times[2] - cb.times[1] == pytest.approx(2.0)


async def test_cancelled_waiter_releases_its_place() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    for _ in range(20):
        await send(limiter, cb, GROUP)
    blocked = asyncio.Event()

    async def never_wakes(delay: float) -> None:
        blocked.set()
        await asyncio.Event().wait()

    limiter._sleep = never_wakes  # only for this test: a sleeper we can cancel
    task = asyncio.create_task(send(limiter, cb, GROUP))
    await blocked.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    limiter._sleep = clock.sleep
    clock.t += 60
    await send(limiter, cb, GROUP)  # the lock was released and no slot was used up
    assert len(cb.calls) == 21


@pytest.mark.parametrize(
    "kwargs",
    [
        {"overall_per_second": 0},
        {"group_per_minute": -1},
        {"overall_per_second": float("inf")},
        {"max_retries": -1},
    ],
)
def test_invalid_settings_are_rejected(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        HouseRateLimiter(**kwargs)


async def test_negative_rate_limit_args_is_rejected() -> None:
    clock = FakeTime()
    with pytest.raises(ValueError):
        await send(make(clock), Recorder(clock), rate_limit_args=-1)


async def test_initialize_and_shutdown() -> None:
    limiter = HouseRateLimiter()  # real clock: only pass-through calls, nothing sleeps
    await limiter.initialize()

    async def get_me(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"id": 1}

    assert await limiter.process_request(get_me, (), {}, "getMe", {}, None) == {"id": 1}
    assert await limiter.process_request(get_me, (), {}, "sendMessage", {"chat_id": -5}, None)
    assert limiter.tracked_groups == 1
    await limiter.shutdown()
    assert limiter.tracked_groups == 0


async def test_calls_for_updates_go_before_background_calls_already_waiting() -> None:
    """A burst of background sends (reminders) is queued; a reply to a person arrives later
    and still gets the next free slot, while the background calls keep their own order."""
    from bot.telegram.ratelimit import in_background

    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)

    async def background(i: int) -> None:
        with in_background():
            await send(limiter, cb, PRIVATE + i)

    burst = [asyncio.ensure_future(background(i)) for i in range(90)]
    for _ in range(5):
        await asyncio.sleep(0)  # the burst takes the first 30 slots and queues the rest
    started = clock.t
    await send(limiter, cb, 7)  # a reply, for an update
    reply_at = clock.t
    await asyncio.gather(*burst)
    chats = [chat for _, chat in cb.calls]
    assert reply_at - started <= 1.0 + EPS  # not after the burst (3 s)
    assert chats.index(7) < 40  # among the first slots after the reply arrived
    background_order = [chat - PRIVATE for chat in chats if chat != 7]
    assert background_order == list(range(90))
    assert max_in_window(cb.times, 1.0) <= 30


async def test_a_cancelled_waiter_does_not_block_the_gate() -> None:
    clock = FakeTime()
    limiter = make(clock)
    cb = Recorder(clock)
    burst = [asyncio.ensure_future(send(limiter, cb, PRIVATE + i)) for i in range(200)]
    for _ in range(5):
        await asyncio.sleep(0)
    burst[150].cancel()
    results = await asyncio.gather(*burst, return_exceptions=True)
    assert sum(isinstance(r, asyncio.CancelledError) for r in results) == 1
    assert len(cb.calls) == 199
    await send(limiter, cb, 8)  # the gate is free again
    assert cb.calls[-1][1] == 8
