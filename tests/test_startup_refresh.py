"""After a crash or a restart (issue 15): every house's live poll message is brought up to date
once at start-up, each house on its own; a group that became a supergroup while the bot was
down is followed (the house moves, the poll is posted again there), and one house's failure
never stops the others."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.storage.models import House as HouseRow
from bot.storage.models import Poll
from tests.conftest import Bot, FakeTime, House, make_house, start_bot
from tests.fake_telegram import FakeMessage
from tests.pressure_helpers import open_poll


async def second_house(bot: Bot) -> House:
    tg = bot.tg
    anna = tg.add_user("Anouk", username="anouk")
    bram = tg.add_user("Bas")
    carla = tg.add_user("Cor")
    group = tg.add_group(
        "Het Anker", members=[anna, bram, carla], admins=[anna], bot_in_group=False
    )
    await bot.driver.bot_added(group, by=anna)
    await bot.driver.send(anna, "/setup", chat=group)
    for user in (bram, carla):
        await bot.driver.send(user, "/hulp", chat=group)
    return House(bot, group, anna, bram, carla)


async def restart(bot: Bot) -> Bot:
    """The bot stops (what it only had in memory is gone) and starts again."""
    await bot.driver.stop()
    return await start_bot(bot.tg, bot.clock, bot.database, FakeTime())


def counts(message: FakeMessage) -> str:
    return "\n".join(line for line in message.text.splitlines() if "—" in line)


async def test_a_lost_edit_and_a_migrated_group_are_brought_up_to_date_at_start_up(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    boog = await make_house(bot)
    boog_poll = await open_poll(boog, "Nieuwe bank?")
    anker = await second_house(bot)
    anker_poll = await open_poll(anker, "Een kat?")
    # A vote in each house; the coalesced edit of the poll message is still pending ...
    await bot.driver.tap(boog.carla, boog_poll, "Voor")
    await bot.driver.tap(anker.carla, anker_poll, "Tegen")
    assert "<b>1</b>" not in boog_poll.html and "<b>1</b>" not in anker_poll.html
    # ... when the bot stops; meanwhile De Boog's group becomes a supergroup.
    supergroup, _updates = bot.tg.migrate(boog.group)  # delivered only after the start-up
    caplog.clear()
    with caplog.at_level(logging.INFO):
        bot = await restart(bot)

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    # Het Anker: its poll message shows the vote now (edited once).
    assert "Tegen — <b>1</b>" in anker_poll.html
    # De Boog followed its group, and its poll lives on there with the vote counted.
    async with bot.database.transaction() as session:
        house = session.scalars(select(HouseRow).where(HouseRow.name == "De Boog")).one()
        assert house.group_chat_id == supergroup.id
        poll = session.scalars(select(Poll).where(Poll.question == "Nieuwe bank?")).one()
        assert poll.chat_id == supergroup.id
        message_id = poll.message_id
    assert message_id is not None
    moved = bot.tg.message(supergroup, message_id)
    assert moved is not None and "Voor — <b>1</b>" in moved.html
    assert [b.text for b in bot.tg.all_buttons(moved)][:2] == ["👍 Voor", "👎 Tegen"]
    # Voting goes on in the new group.
    boog.group = supergroup
    reply = await bot.driver.tap(boog.bram, moved, "Voor")
    assert reply.popup and reply.popup.startswith("✅")
    await bot.driver.stop()


async def test_one_house_failing_at_start_up_does_not_stop_the_others(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    boog = await make_house(bot)
    boog_poll = await open_poll(boog, "Nieuwe bank?")
    anker = await second_house(bot)
    anker_poll = await open_poll(anker, "Een kat?")
    await bot.driver.tap(anker.carla, anker_poll, "Voor")
    boog_poll.deleted = True  # someone deleted De Boog's poll message
    caplog.clear()
    with caplog.at_level(logging.INFO):
        bot = await restart(bot)
    assert "Voor — <b>1</b>" in anker_poll.html
    async with bot.database.transaction() as session:
        boog_id = session.scalars(select(HouseRow.id).where(HouseRow.name == "De Boog")).one()
    failed = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(failed) == 1 and f"house {boog_id}:" in failed[0].getMessage()
    assert "Nieuwe bank" not in caplog.text  # the house's id only, never a text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    await bot.driver.stop()


async def test_a_start_up_call_that_fails_does_not_stop_the_next(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.handlers.kit import Work
    from bot.jobs.runner import run_job

    done: list[str] = []

    async def fails() -> None:
        raise RuntimeError("one house's stale message")

    async def works() -> None:
        done.append("next house")

    async def hook(work: Work) -> None:
        work.later(fails)
        work.later(works)

    deps = bot.app.bot_data["deps"]
    with caplog.at_level(logging.INFO):
        await run_job(deps, bot.app.bot, "startup hook", hook, each_alone=True)
    assert done == ["next house"]
    assert "job startup hook: a call failed (RuntimeError)" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
