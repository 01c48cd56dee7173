"""The rate limiter under pressure (issue 15), on virtual time: answers to taps go first and
never wait for a group; a group reply that cannot go out within a minute, or whose very text is
already waiting, is dropped; after a restart a group starts with a small budget; `close()` drops
what is queued."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import Any, TypeVar

import pytest

from bot.telegram.ratelimit import HouseRateLimiter, SendDropped, in_background

GROUP = -1001234567890
T = TypeVar("T")


class VirtualTime:
    """Sleepers wake when virtual time reaches their end; time jumps to the next wake-up only
    when every task that can run has run (a discrete-event simulation)."""

    def __init__(self) -> None:
        self.t = 1000.0
        self._wakes: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._wakes, (self.t + max(0.0, seconds), next(self._order), future))
        await future

    async def run(self, *coroutines: Awaitable[T]) -> list[T | BaseException]:
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        while not all(task.done() for task in tasks):
            for _ in range(20):
                await asyncio.sleep(0)
            live = [w for w in self._wakes if not w[2].done()]
            if not live:
                continue
            heapq.heapify(live)
            self._wakes = live
            when, _, future = heapq.heappop(self._wakes)
            self.t = max(self.t, when)
            future.set_result(None)
        return [task.exception() or task.result() for task in tasks]


class Calls:
    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.at: list[tuple[str, float]] = []

    def callback(self, name: str) -> Any:
        async def call(**kwargs: Any) -> dict[str, Any]:
            self.at.append((name, self.time.t))
            return {}

        return call


def limiter(time: VirtualTime, **options: Any) -> HouseRateLimiter:
    return HouseRateLimiter(monotonic=time.monotonic, sleep=time.sleep, **options)


async def call(
    lim: HouseRateLimiter, calls: Calls, name: str, endpoint: str, chat_id: int, text: str = "x"
) -> Any:
    data = {"chat_id": chat_id, "text": text}
    return await lim.process_request(calls.callback(name), (), {}, endpoint, data, None)


async def answer(lim: HouseRateLimiter, calls: Calls, name: str = "answer") -> Any:
    data = {"callback_query_id": "1"}
    return await lim.process_request(
        calls.callback(name), (), {}, "answerCallbackQuery", data, None
    )


async def test_an_answer_does_not_wait_for_a_spent_group() -> None:
    time = VirtualTime()
    lim, calls = limiter(time), Calls(time)
    sends = [call(lim, calls, f"g{n}", "sendMessage", GROUP, f"t{n}") for n in range(25)]
    await time.run(*sends, answer(lim, calls))
    answered = dict(calls.at)["answer"]
    assert answered == 1000.0
    assert max(t for _, t in calls.at) > 1040  # the group's five over its budget waited


async def test_an_answer_goes_before_every_call_waiting_for_a_global_slot() -> None:
    time = VirtualTime()
    lim, calls = limiter(time), Calls(time)

    async def background(n: int) -> Any:
        with in_background():
            return await call(lim, calls, f"b{n}", "sendMessage", 5000 + n)

    sends = [call(lim, calls, f"p{n}", "sendMessage", 4000 + n) for n in range(90)]
    later = asyncio.sleep(0)  # the tap comes while 90 private messages wait (3 s of budget)

    async def tap() -> Any:
        await later
        return await answer(lim, calls)

    await time.run(*[background(n) for n in range(30)], *sends, tap())
    answered = dict(calls.at)["answer"]
    assert answered - 1000.0 < 1.1
    assert sum(1 for _, t in calls.at if t < answered) <= 31  # at most the first second's


async def test_a_group_reply_that_cannot_go_out_within_a_minute_is_dropped() -> None:
    time = VirtualTime()
    lim, calls = limiter(time, reply_deadline=60), Calls(time)
    replies = [call(lim, calls, f"r{n}", "sendMessage", GROUP, f"t{n}") for n in range(45)]
    results = await time.run(*replies)
    dropped = [r for r in results if isinstance(r, SendDropped)]
    assert len(calls.at) == 40 and len(dropped) == 5  # 20 now, 20 within the minute
    assert max(t for _, t in calls.at) - 1000.0 <= 60
    assert lim.stats.dropped == 5


async def test_background_sends_and_edits_are_never_dropped() -> None:
    time = VirtualTime()
    lim, calls = limiter(time, reply_deadline=60), Calls(time)

    async def announce(n: int) -> Any:
        with in_background():
            return await call(lim, calls, f"a{n}", "sendMessage", GROUP, f"t{n}")

    edits = [call(lim, calls, f"e{n}", "editMessageText", GROUP, f"e{n}") for n in range(25)]
    results = await time.run(*[announce(n) for n in range(25)], *edits)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert len(calls.at) == 50


async def test_the_same_reply_waiting_for_a_group_goes_out_once() -> None:
    time = VirtualTime()
    lim, calls = limiter(time, reply_deadline=60), Calls(time)
    fill = [call(lim, calls, f"f{n}", "sendMessage", GROUP, f"t{n}") for n in range(20)]
    await time.run(*fill)
    helps = [call(lim, calls, f"h{n}", "sendMessage", GROUP, "help") for n in range(10)]
    results = await time.run(*helps)
    assert sum(1 for r in results if isinstance(r, SendDropped)) == 9
    assert sum(1 for name, _ in calls.at if name.startswith("h")) == 1


async def test_after_a_restart_a_group_starts_with_a_small_budget_that_refills() -> None:
    time = VirtualTime()
    lim, calls = limiter(time, group_start_budget=5), Calls(time)
    sends = [call(lim, calls, f"s{n}", "sendMessage", GROUP, f"t{n}") for n in range(20)]
    await time.run(*sends)
    times = sorted(t - 1000.0 for _, t in calls.at)
    assert times[:5] == [0.0] * 5
    assert times[5] == pytest.approx(4.0)  # 15 more come back over the minute: one per 4 s
    assert times[-1] == pytest.approx(60.0)
    # After the first minute a new group gets its whole budget.
    time.t += 61
    other = [call(lim, calls, f"o{n}", "sendMessage", GROUP - 1, f"t{n}") for n in range(20)]
    await time.run(*other)
    assert {t for name, t in calls.at if name.startswith("o")} == {time.t}


async def test_close_drops_what_is_queued_and_says_how_many() -> None:
    time = VirtualTime()
    lim, calls = limiter(time), Calls(time)
    sends = [
        asyncio.ensure_future(call(lim, calls, f"s{n}", "sendMessage", GROUP, f"t{n}"))
        for n in range(30)
    ]
    for _ in range(50):
        await asyncio.sleep(0)
    assert len(calls.at) == 20 and lim.waiting == 10
    assert lim.close() == 10
    results = await asyncio.gather(*sends, return_exceptions=True)
    assert sum(1 for r in results if isinstance(r, SendDropped)) == 10
    assert lim.stats.dropped == 10 and lim.waiting == 0
    with pytest.raises(SendDropped):  # nothing waits any more
        await call(lim, calls, "late", "sendMessage", GROUP, "late")
    await answer(lim, calls)  # an answer to a tap still goes
