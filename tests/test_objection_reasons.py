"""An objection's reason (issue 14): before it is saved, the objector sees exactly how it will
read on the group's agenda (no name in a secret poll), and may keep it for the chair to read
out, or skip it — in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.models import AgendaItem
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage
from tests.test_polls import Voting, make_consent, make_voting

TEXT = {
    "nl": {
        "object": "✋ Bezwaar",
        "agree": "✅ Akkoord",
        "preview": "✋ Zo komt je reden op de agenda in de groep:\n"
        "Bezwaar tegen „Nieuwe huisregel: stilte na 23:00”: Ik werk tot laat\n\n",
        "save": "✅ Zo op de agenda",
        "chair": "🪑 Alleen voor de voorzitter om voor te lezen",
        "skip": "⏭ Overslaan, geen reden",
        "chair_done": "✅ Dank je. Alleen de voorzitter ziet je reden",
        "skip_done": "👍 Goed. Je bezwaar telt, zonder reden.",
        "chair_reads": "de voorzitter leest de reden voor",
        "command": "/vergadering",
    },
    "en": {
        "object": "✋ Objection",
        "agree": "✅ Agree",
        "preview": "✋ This is how your reason will read on the agenda in the group:\n"
        "Objection to “Nieuwe huisregel: stilte na 23:00”: Ik werk tot laat\n\n",
        "save": "✅ Put it on the agenda like this",
        "chair": "🪑 Only for the chair to read out",
        "skip": "⏭ Skip, no reason",
        "chair_done": "✅ Thank you. Only the chair sees your reason",
        "skip_done": "👍 Fine. Your objection counts, without a reason.",
        "chair_reads": "the chair reads out the reason",
        "command": "/meeting",
    },
}


@pytest.fixture(params=["nl", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def voting(bot: Bot, language: str) -> Voting:
    return await make_voting(bot, language)


async def object_with_reason(
    voting: Voting, text: dict[str, str]
) -> tuple[FakeMessage, FakeMessage]:
    h, bot = voting.house, voting.bot
    message = await make_consent(voting, True)
    await voting.tap(h.anna, message, text["agree"])
    reply = await bot.driver.tap(h.carla, message, text["object"])
    preview = await bot.driver.send(h.carla, "Ik werk tot laat", reply_to=reply.to(h.carla)[0])
    return message, preview.last


async def reasons(bot: Bot) -> list[tuple[str, bool]]:
    async with bot.database.transaction() as session:
        return [(i.text, i.chair_only) for i in session.scalars(select(AgendaItem))]


async def test_the_preview_shows_the_reason_as_the_group_will_read_it(
    voting: Voting, language: str
) -> None:
    bot = voting.bot
    text = TEXT[language]
    _, preview = await object_with_reason(voting, text)
    assert preview.text.startswith(text["preview"])
    assert "Carla" not in preview.text
    assert [b.text for b in bot.tg.all_buttons(preview)] == [
        text["save"],
        text["chair"],
        text["skip"],
    ]
    await bot.advance(days=4)
    assert await reasons(bot) == [("—", False)]  # nothing saved before a choice


async def test_a_reason_only_for_the_chair_to_read_out(voting: Voting, language: str) -> None:
    h, bot = voting.house, voting.bot
    text = TEXT[language]
    _, preview = await object_with_reason(voting, text)
    await bot.driver.tap(h.carla, preview, text["chair"])
    assert preview.text.startswith(text["chair_done"])
    await bot.advance(days=4)
    assert await reasons(bot) == [("Ik werk tot laat", True)]
    listing = (await bot.driver.send(h.anna, "/agenda", chat=h.group)).last.text
    assert "Ik werk tot laat" not in listing and text["chair_reads"] in listing
    chair = (await bot.driver.send(h.bram, text["command"])).last.text
    assert "Ik werk tot laat" in chair  # the chair reads it out


async def test_skipping_the_reason_keeps_the_objection(voting: Voting, language: str) -> None:
    h, bot = voting.house, voting.bot
    text = TEXT[language]
    _, preview = await object_with_reason(voting, text)
    await bot.driver.tap(h.carla, preview, text["skip"])
    assert preview.text == text["skip_done"]
    await bot.advance(days=4)
    assert await reasons(bot) == [("—", False)]
