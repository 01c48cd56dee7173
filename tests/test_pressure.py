"""Telegram under pressure (issue 15): a tap is answered within a second even when its group's
message budget is spent, a repeated group reply goes out once, and a tap answered too late
("query is too old") is one quiet line while what it means still counts.

The bot runs with the rate limiter `huisbot run` builds, on the tests' clock (its waits move the
clock on), against the fake Telegram with its flood limits and expiring callback queries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.storage.db import Database
from bot.storage.models import Choice
from tests.conftest import Bot, House, make_house
from tests.fake_telegram import FakeTelegram
from tests.pressure_helpers import (
    ForwardClock,
    limiter_of,
    open_poll,
    settings_message,
    start_pressed,
)


@pytest.fixture
def clock() -> ForwardClock:
    return ForwardClock()


@pytest.fixture
async def pressed(tg: FakeTelegram, clock: ForwardClock, database: Database) -> AsyncIterator[Bot]:
    running = await start_pressed(tg, clock, database)
    yield running
    await running.driver.stop()
    tg.assert_clean()


async def spend_budget(house: House, count: int = 20) -> None:
    """`count` different group replies, one after the other (the bot waits as it must)."""
    for n in range(count):
        await house.driver.send(house.anna, f"/stemming Vraag {n}?", chat=house.group)


async def test_a_tap_is_answered_at_once_while_the_groups_budget_is_spent(pressed: Bot) -> None:
    house = await make_house(pressed)
    settings = settings_message(house)
    await pressed.advance(minutes=2)  # past the start-up minute
    for _ in range(20):  # the group's 20 a minute, spent by replies
        await house.driver.send(house.bram, "/hulp", chat=house.group)
    calls = len(house.tg.calls)
    tapped = pressed.clock.now()
    reply = await house.driver.tap(house.anna, settings, "🗣 Taal")
    answer = next(c for c in house.tg.calls[calls:] if c.method == "answerCallbackQuery")
    assert answer.ok, answer
    assert answer.at - tapped < timedelta(seconds=1)
    # The edit of the group's message waited for the budget, after the answer.
    edit = next(c for c in reply.calls if c.method == "editMessageText")
    assert edit.ok and edit.at > answer.at
    assert not [c for c in house.tg.calls if c.error_code == 429]


async def test_a_repeated_group_reply_waiting_for_the_budget_goes_out_once(pressed: Bot) -> None:
    house = await make_house(pressed)
    await pressed.advance(minutes=2)
    for _ in range(20):
        await house.driver.send(house.bram, "/hulp", chat=house.group)
    before = len(house.tg.calls)
    updates = []
    for _ in range(10):  # ten people type /hulp while the group's minute is spent
        message = house.tg.user_message(house.carla, house.group, "/hulp")
        updates.extend(house.tg.message_update(message))
    await asyncio.gather(*(house.driver.deliver(update) for update in updates))
    sent = [c for c in house.tg.calls[before:] if c.method == "sendMessage" and c.ok]
    assert len(sent) == 1
    assert limiter_of(pressed).stats.dropped == 9
    assert not [c for c in house.tg.calls if c.error_code == 429]


async def test_a_tap_made_while_the_bot_was_down_counts_and_is_one_quiet_line(
    pressed: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    house = await make_house(pressed)
    poll = await open_poll(house)
    button = house.tg.all_buttons(poll)[0]  # "Ja"
    assert button.callback_data is not None
    update = house.tg.new_callback_query(house.carla, poll, button.callback_data)
    pressed.clock.advance(seconds=40)  # the bot comes back: Telegram expired the query
    caplog.clear()
    with caplog.at_level(logging.INFO):
        await house.driver.deliver(update)
    answer = house.tg.calls_of("answerCallbackQuery")[-1]
    assert not answer.ok and "query is too old" in (answer.error or "")
    too_late = [r for r in caplog.records if "too late to answer" in r.getMessage()]
    assert len(too_late) == 1 and too_late[0].levelno == logging.INFO
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    async with pressed.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Choice)) == 1


async def test_a_stale_button_answered_too_late_is_quiet_too(
    pressed: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    house = await make_house(pressed)
    poll = await open_poll(house)
    update = house.tg.new_callback_query(house.carla, poll, "v|01|2")
    pressed.clock.advance(seconds=40)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        await house.driver.deliver(update)
    assert [r for r in caplog.records if "too late to answer" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


COMMANDS = ["/hulp", "/leden", "/agenda", "/rooster", "/regels", "/besluiten", "/vergadering"]


async def test_after_a_restart_the_bot_assumes_the_groups_minute_partly_spent(
    pressed: Bot, tg: FakeTelegram, clock: ForwardClock, database: Database
) -> None:
    house = await make_house(pressed)
    await open_poll(house)
    await pressed.advance(minutes=5)
    await pressed.driver.stop()
    # The run that just stopped spent most of the group's minute, over that minute (replies,
    # the poll's edits: one budget, as Telegram counts it).
    tg.group_budget_counts_edits = True
    tg.spend_group_budget(house.group, 15, over=timedelta(minutes=1))
    restarted = await start_pressed(tg, clock, database)  # re-renders the poll: one edit
    house.bot = restarted
    for command in COMMANDS:
        await restarted.driver.send(house.bram, command, chat=house.group)
    floods = [c for c in tg.calls if c.error_code == 429]
    assert not floods, floods
    replies = [
        c
        for c in tg.calls
        if c.method == "sendMessage" and c.ok and c.params.get("chat_id") == house.group.id
    ]
    assert len(replies) >= len(COMMANDS)
    await restarted.driver.stop()


async def test_a_tap_whose_work_posts_in_a_spent_group_is_answered_first(pressed: Bot) -> None:
    house = await make_house(pressed)
    poll = await open_poll(house)
    for user in (house.anna, house.bram, house.carla):
        await house.driver.tap(user, poll, "Voor")
    controls = house.tg.last_bot_message(house.bram)  # the chair's controls, in private
    assert controls is not None
    await pressed.advance(minutes=2)
    for _ in range(20):
        await house.driver.send(house.carla, "/hulp", chat=house.group)
    calls = len(house.tg.calls)
    tapped = pressed.clock.now()
    await house.driver.tap(house.bram, controls, "Sluiten")  # the result goes to the group
    answer = next(c for c in house.tg.calls[calls:] if c.method == "answerCallbackQuery")
    assert answer.ok and answer.at - tapped < timedelta(seconds=1)
    result = [
        c
        for c in house.tg.calls[calls:]
        if c.method == "sendMessage" and c.params.get("chat_id") == house.group.id
    ]
    assert result and result[0].ok and result[0].at > answer.at
