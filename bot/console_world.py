"""The console's simulated world: the real application on the fake Telegram, and the house
(Anna, Bram and Carla in De Boog) it runs in. See `bot/console.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class FakeTime:
    """Monotonic time and sleep for the rate limiter: sleeping moves time, nothing waits."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Script:
    """The lines of a --script file, typed one by one."""

    lines: list[str]
    position: int = 0

    def next(self) -> str | None:
        if self.position >= len(self.lines):
            return None
        self.position += 1
        return self.lines[self.position - 1]


@dataclass
class World:
    """The simulated house and the running bot."""

    fake: Any  # the tests.fake_telegram module
    tg: Any  # FakeTelegram
    driver: Any  # Driver
    group: Any  # FakeChat: the house's group, De Boog
    people: dict[str, Any]  # lower-case first name -> FakeUser
    clock: Any  # ManualClock
    scheduler: Any  # ManualScheduler: scheduled work runs as time moves
    groups: list[Any] = field(default_factory=list)  # every group chat, De Boog first
    # Force-reply questions: (chat id, message id) -> id of the person they were asked.
    asked: dict[tuple[int, int], int] = field(default_factory=dict)
    files: Path | None = None  # where the bot's documents and photos are saved (made when needed)


def start_world(fake: Any, database: Any) -> tuple[World, Any]:
    """The real application on the fake Telegram, and the house (the bot not yet added)."""
    from bot.app import build_application
    from bot.clock import ManualClock
    from bot.jobs.scheduler import ManualScheduler
    from bot.settings import load_settings
    from bot.telegram.ratelimit import HouseRateLimiter

    clock = ManualClock(start=datetime.now(UTC))
    tg = fake.FakeTelegram(clock=clock, bot_username="HuisBot")
    scheduler = ManualScheduler(clock)
    settings = load_settings(None, telegram_bot_token=tg.token, database_url=database.url)
    time = FakeTime()
    application = build_application(
        settings,
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=HouseRateLimiter(monotonic=time.monotonic, sleep=time.sleep),
        scheduler=scheduler,
    )
    # The application's own error handler answers "something went wrong", as in production.
    driver = fake.Driver(tg, application, raise_handler_errors=False)
    anna = tg.add_user("Anna", username="anna", language_code="nl")
    bram = tg.add_user("Bram", username="bram", language_code="nl")
    carla = tg.add_user("Carla", last_name="de Vries", language_code="nl")
    group = tg.add_group("De Boog", members=[anna, bram, carla], admins=[anna], bot_in_group=False)
    people = {"anna": anna, "bram": bram, "carla": carla}
    world = World(
        fake=fake,
        tg=tg,
        driver=driver,
        group=group,
        people=people,
        clock=clock,
        scheduler=scheduler,
        groups=[group],
    )
    return world, application
