"""`send_soon` / `send_group_soon` / `send_private_soon` (bot/handlers/kit.py): code shared by
updates and jobs sends at once for an update (`Ctx`) and after the commit for a job (`Work`),
and what a send teaches is recorded either way (in the work's session, or after the commit in a
transaction of its own)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from telegram import Update

from bot.handlers.kit import Ctx, Work
from bot.storage.models import House, Person, PrivateChat
from bot.storage.ops_models import PendingSend
from tests.conftest import Bot
from tests.conftest import House as HouseFixture


def job(bot: Bot, session: Any) -> Work:
    return Work(session, bot.app.bot_data["deps"], bot.app.bot)


def update(bot: Bot, session: Any) -> Ctx:
    context: Any = None
    return Ctx(session, bot.app.bot_data["deps"], bot.app.bot, Update(update_id=1), context)


def group_texts(bot: Bot, house: HouseFixture) -> list[str]:
    return [
        c.message.text or ""
        for c in bot.tg.calls
        if c.message is not None and c.message.chat.id == house.group.id
    ]


def person(session: Any, user_id: int) -> Person:
    return session.scalars(select(Person).where(Person.telegram_id == user_id)).one()


async def test_send_soon_is_at_once_for_an_update_and_after_the_commit_for_a_job(
    house: HouseFixture,
) -> None:
    bot = house.bot
    made: list[str] = []

    async def send(name: str) -> None:
        made.append(name)

    async with bot.database.transaction() as session:
        ctx = update(bot, session)
        await ctx.send_soon(lambda: send("update"))
        assert made == ["update"]
        work = job(bot, session)
        await work.send_soon(lambda: send("job"))
        assert made == ["update"]
    await work.run_after_commit()
    assert made == ["update", "job"]


async def test_send_group_soon_for_an_update_sends_at_once(house: HouseFixture) -> None:
    bot = house.bot
    async with bot.database.transaction() as session:
        ctx = update(bot, session)
        assert await ctx.send_group_soon(session.scalars(select(House)).one(), "Nu meteen")
        assert "Nu meteen" in group_texts(bot, house)
        assert session.scalar(select(func.count()).select_from(PendingSend)) == 0
    assert ctx.after_commit == []


async def test_send_group_soon_for_a_job_waits_for_the_commit_and_survives_in_pending_sends(
    house: HouseFixture,
) -> None:
    bot = house.bot
    async with bot.database.transaction() as session:
        work = job(bot, session)
        assert await work.send_group_soon(session.scalars(select(House)).one(), "Na de commit")
        assert "Na de commit" not in group_texts(bot, house)
        assert session.scalar(select(func.count()).select_from(PendingSend)) == 1
    assert "Na de commit" not in group_texts(bot, house)
    await work.run_after_commit()
    assert "Na de commit" in group_texts(bot, house)
    async with bot.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(PendingSend)) == 0


async def test_send_group_soon_is_false_when_the_bot_is_out(house: HouseFixture) -> None:
    bot = house.bot
    async with bot.database.transaction() as session:
        group = session.scalars(select(House)).one()
        group.active = False
        assert not await update(bot, session).send_group_soon(group, "x")
        assert not await job(bot, session).send_group_soon(group, "x")
        session.rollback()


async def test_a_403_is_learned_in_the_updates_session_or_after_a_jobs_commit(
    house: HouseFixture,
) -> None:
    """Bram never opened the private chat: Telegram answers 403. An update learns it in its
    own session (False at once); a job queues the send (True) and learns it after its commit,
    in a transaction of its own."""
    bot, bram, carla = house.bot, house.bram, house.carla
    for user in (bram, carla):  # known to the bot, from the group
        await bot.driver.send(user, "/help", chat=house.group)
    async with bot.database.transaction() as session:
        assert person(session, bram.id).private_chat != PrivateChat.CLOSED
        assert not await update(bot, session).send_private_soon(person(session, bram.id), "Hoi")
        assert person(session, bram.id).private_chat == PrivateChat.CLOSED
        work = job(bot, session)
        assert await work.send_private_soon(person(session, carla.id), "Hoi")
        assert person(session, carla.id).private_chat != PrivateChat.CLOSED
    await work.run_after_commit()
    async with bot.database.transaction() as session:
        assert person(session, bram.id).private_chat == PrivateChat.CLOSED
        assert person(session, carla.id).private_chat == PrivateChat.CLOSED
        # A chat known closed is not tried again, by either.
        assert not await update(bot, session).send_private_soon(person(session, carla.id), "x")
        assert not await job(bot, session).send_private_soon(person(session, bram.id), "x")
