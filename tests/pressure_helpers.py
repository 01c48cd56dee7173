"""Shared set-up of the issue-15 tests (Telegram under pressure)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import update

from bot.app import build_application, startup
from bot.clock import ManualClock
from bot.jobs.scheduler import ManualScheduler
from bot.storage.db import Database
from bot.storage.models import House as HouseRow
from bot.storage.models import MemberStatus, PrivateChat, Role
from bot.telegram.ratelimit import REPLY_DEADLINE, RESTART_BUDGET, HouseRateLimiter
from tests.conftest import Bot, FakeTime, House, make_settings
from tests.fake_telegram import Driver, FakeMessage, FakeTelegram
from tests.helpers import set_member


async def open_poll(house: House, question: str = "Nieuwe bank?") -> FakeMessage:
    """Bram (chair) posts an open yes/no poll in the group (its message shows the counts);
    Anna, Bram and Carla may vote."""
    db, tg = house.bot.database, house.tg
    async with db.transaction() as session:
        session.execute(
            update(HouseRow)
            .where(HouseRow.group_chat_id == house.group.id)
            .values(secret_by_default=False)
        )
    tg.start_bot(house.bram)
    await set_member(db, house.anna, MemberStatus.RESIDENT)
    await set_member(
        db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(db, house.carla, MemberStatus.RESIDENT)
    reply = await house.driver.send(house.bram, f"/stemming {question}", chat=house.group)
    posted = reply.to(house.group)
    assert len(posted) == 1, reply.texts
    return posted[0]


class ForwardClock(ManualClock):
    """The tests' manual clock, also the rate limiter's time: its sleeps move the clock on,
    so the fake Telegram sees a reply that waited for the group's budget as late (and a tap
    answered after it as too old). `set` never moves it back (the scheduler sets the time it
    advanced to after running a job that slept)."""

    def set(self, moment: datetime) -> None:
        if moment > self.now():
            super().set(moment)

    def monotonic(self) -> float:
        return self.now().timestamp()

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)


def pressed_limiter(clock: ForwardClock) -> HouseRateLimiter:
    """The rate limiter as `huisbot run` builds it, on the clock's time."""
    return HouseRateLimiter(
        monotonic=clock.monotonic,
        sleep=clock.sleep,
        reply_deadline=REPLY_DEADLINE,
        group_start_budget=RESTART_BUDGET,
    )


async def start_pressed(tg: FakeTelegram, clock: ForwardClock, database: Database) -> Bot:
    """As `tests.conftest.start_bot`, with the production rate limiter on the clock's time and
    Telegram's flood limits on."""
    tg.enforce_flood_limits = True
    scheduler = ManualScheduler(clock)
    app = build_application(
        make_settings(tg, database.url),
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=pressed_limiter(clock),
        scheduler=scheduler,
    )
    driver = Driver(tg, app)
    await driver.start()
    await startup(app)
    running = Bot(app, driver, tg, clock, database, FakeTime(), scheduler)
    await running.advance(seconds=0)
    return running


def limiter_of(bot: Bot) -> HouseRateLimiter:
    limiter = bot.app.bot.rate_limiter
    assert isinstance(limiter, HouseRateLimiter)
    return limiter


def settings_message(house: House) -> FakeMessage:
    """The settings message /setup posted in the group (buttons for language, time zone…)."""
    for message in reversed(house.tg.messages(house.group)):
        if message.text.startswith(("Instellingen van", "Settings of")):
            return message
    raise AssertionError("no settings message in the group")
