"""Questions the bot waits for expire: after a day, or when their subject closes, they are
deleted; whoever answers one too late is told so kindly (the bot never goes silent)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.handlers.flags import FlagDiscard, FlagNew, FlagWrite
from bot.storage.flags_models import FlagTopic
from bot.storage.models import Prompt
from tests import audit_helpers
from tests.audit_helpers import WorldFactory, button
from tests.test_bad_input import flag_question

pytestmark = pytest.mark.asyncio(loop_scope="module")
shared_bot = audit_helpers.shared_bot
new_world = audit_helpers.new_world


async def prompts_in(world: audit_helpers.World, who: str) -> int:
    chat_id = world.user(who).id
    return await world.db(
        lambda s: s.scalar(select(func.count(Prompt.id)).where(Prompt.chat_id == chat_id)) or 0
    )


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_an_answer_after_a_day_is_told_kindly_and_the_question_is_gone(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)
    asked = await flag_question(world)
    assert await prompts_in(world, "rik") == 1
    world.bot.clock.advance(timedelta(hours=24, minutes=1))  # no job ran yet
    reply = await world.private("rik", "Het is te laat", reply_to=asked)
    assert reply.texts == [world.text("prompt.expired")]
    assert await prompts_in(world, "rik") == 0
    world.assert_sound()


async def test_the_daily_clean_up_deletes_questions_nobody_answered(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    await flag_question(world)
    assert await prompts_in(world, "rik") == 1
    await world.bot.advance(hours=23)
    assert await prompts_in(world, "rik") == 1  # still answerable within the day
    await world.bot.advance(hours=26)
    assert await prompts_in(world, "rik") == 0
    world.assert_sound()


async def test_a_question_goes_with_its_subject(new_world: WorldFactory) -> None:
    """Rik is asked for his report's text, then discards the report: the question goes."""
    world = await new_world()
    menu = (await world.private("rik", world.cmd("flag", "melding"))).last
    await world.tap("rik", menu, FlagNew(world.boog_id, FlagTopic.HOUSE))
    write = button(menu, FlagWrite, write=True)
    reply = await world.tap("rik", menu, write)
    asked = reply.to(world.user("rik"))[-1]
    assert await prompts_in(world, "rik") == 1
    await world.tap("rik", menu, FlagDiscard(write.flag_id))
    assert await prompts_in(world, "rik") == 0
    reply = await world.private("rik", "Toch maar", reply_to=asked)
    assert reply.texts == [world.text("prompt.expired")]
    world.assert_sound()
