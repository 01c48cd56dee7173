"""Deciding together (issue 14): "discuss first" on every poll, secret polls by default that
show only the turnout until they close, and the question when an open poll names someone —
in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.storage.models import AgendaItem, AgendaSource, Decision, Outcome, Poll, PollState
from tests.conftest import Bot
from tests.helpers import set_house
from tests.test_polls import Voting, make_voting

TEXT = {
    "nl": {
        "discuss": "💬 Eerst bespreken",
        "yes": "👍 Voor",
        "no": "👎 Tegen",
        "closed_two": "💬 Nemen we een kat?\nGeen besluit: 2 stemmen voor eerst bespreken. "
        "Het staat op de agenda van de vergadering.",
        "agenda_two": "stemming: 2 stemmen voor eerst bespreken",
        "outcome_two": "💬 Geen besluit: 2 stemmen voor eerst bespreken. "
        "Het onderwerp gaat naar de vergadering.",
        "turnout": "✋ Gestemd: {n} van 4.",
        "later": "🔒 Hoe er gestemd is, zie je als de stemming sluit.",
        "count_yes": "👍 Voor — 1",
        "count_no": "👎 Tegen — 1",
        "about": "👤 Deze stemming gaat over iemand. Geheim maken?",
        "make_secret": "🔒 Ja, geheim",
        "keep_open": "👁 Nee, open",
        "secret_line": "🔒 Geheim",
        "open_line": "👁 Open",
        "question_person": "Mag Carla de logeerkamer een week?",
    },
    "en": {
        "discuss": "💬 Discuss first",
        "yes": "👍 For",
        "no": "👎 Against",
        "closed_two": "💬 Nemen we een kat?\nNo decision: 2 votes to discuss it first. "
        "It is on the agenda of the meeting.",
        "agenda_two": "poll: 2 votes to discuss it first",
        "outcome_two": "💬 No decision: 2 votes to discuss it first. "
        "The subject goes to the meeting.",
        "turnout": "✋ Voted: {n} of 4.",
        "later": "🔒 You see how people voted when the poll closes.",
        "count_yes": "👍 For — 1",
        "count_no": "👎 Against — 1",
        "about": "👤 This poll is about someone. Make it secret?",
        "make_secret": "🔒 Yes, secret",
        "keep_open": "👁 No, open",
        "secret_line": "🔒 Secret",
        "open_line": "👁 Open",
        "question_person": "May carla use the guest room for a week?",
    },
}


@pytest.fixture(params=["nl", "en"])
async def voting(bot: Bot, request: pytest.FixtureRequest) -> Voting:
    made = await make_voting(bot, request.param)
    # The house as a new house is: secret polls, no names, "discuss first" at 2 votes.
    await set_house(bot.database, secret_by_default=True, open_names=False, discuss_threshold=2)
    return made


async def texts_for(voting: Voting, message_text: str) -> dict[str, str]:
    return TEXT["en" if "Stem voor" not in message_text else "nl"]


async def decisions(bot: Bot) -> int:
    async with bot.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Decision)) or 0)


async def test_discuss_first_reaching_the_threshold_sends_the_poll_to_the_meeting(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")
    text = await texts_for(voting, message.text)
    assert [b.text for b in bot.tg.all_buttons(message)][-1] == text["discuss"]
    await voting.tap(h.anna, message, text["discuss"])
    reply = await bot.driver.tap(h.carla, message, text["discuss"])  # the second: threshold 2
    assert reply.to(h.group)[-1].text == text["closed_two"]
    assert text["outcome_two"] in message.text
    assert bot.tg.all_buttons(message) == []
    assert await decisions(bot) == 0  # no decision is recorded
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        assert poll.state == PollState.CLOSED and poll.outcome == Outcome.DISCUSS
        item = session.scalars(select(AgendaItem)).one()
        assert item.source == AgendaSource.DISCUSS and item.text == "Nemen we een kat?"
    shown = (await bot.driver.send(h.anna, "/agenda", chat=h.group)).last.text
    assert "Nemen we een kat?" in shown and text["agenda_two"] in shown


async def test_discuss_first_winning_at_the_deadline(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    await set_house(bot.database, discuss_threshold=3)
    message = await voting.poll("Nemen we een kat?")
    text = await texts_for(voting, message.text)
    await voting.tap(h.anna, message, text["discuss"])
    await voting.tap(h.carla, message, text["discuss"])
    await voting.tap(voting.dirk, message, text["yes"])
    async with bot.database.transaction() as session:
        assert session.scalars(select(Poll)).one().state == PollState.OPEN  # 2 < 3: still open
    reply = await bot.advance(days=4)
    assert reply.to(h.group)[-1].text == text["closed_two"]
    assert await decisions(bot) == 0
    async with bot.database.transaction() as session:
        assert session.scalars(select(Poll)).one().outcome == Outcome.DISCUSS
        assert session.scalars(select(AgendaItem)).one().source == AgendaSource.DISCUSS


async def test_a_secret_poll_shows_only_the_turnout_until_it_closes(voting: Voting) -> None:
    h, bot = voting.house, voting.bot
    message = await voting.poll("Nemen we een kat?")  # the house's default: secret
    text = await texts_for(voting, message.text)
    assert text["secret_line"] in message.text and text["later"] in message.text
    assert text["turnout"].format(n=0) in message.text
    edits = len(bot.tg.calls_of("editMessageText"))
    await voting.tap(h.anna, message, text["yes"])
    await bot.advance(seconds=5)
    after_one = message.text
    assert text["turnout"].format(n=1) in after_one and "— 1" not in after_one
    assert len(bot.tg.calls_of("editMessageText")) == edits + 1
    await voting.tap(h.anna, message, text["no"])  # a changed vote: the turnout stays
    await bot.advance(seconds=5)
    await voting.tap(h.anna, message, text["yes"])
    await bot.advance(seconds=5)
    assert message.text == after_one
    assert len(bot.tg.calls_of("editMessageText")) == edits + 1  # no edit: nothing to see
    await voting.tap(h.carla, message, text["no"])
    await bot.advance(seconds=5)
    assert text["turnout"].format(n=2) in message.text and "— 1" not in message.text
    assert len(bot.tg.calls_of("editMessageText")) == edits + 2
    await bot.advance(days=4)
    assert text["count_yes"] in message.text and text["count_no"] in message.text
    for name in ("Anna", "Carla"):
        assert name not in message.text


@pytest.mark.parametrize("answer", ["make_secret", "keep_open"])
async def test_an_open_poll_about_someone_asks_to_make_it_secret(
    voting: Voting, answer: str
) -> None:
    h, bot = voting.house, voting.bot
    await set_house(bot.database, secret_by_default=False)
    probe = await voting.poll("Nemen we een kat?")  # names nobody: posted at once, open
    text = await texts_for(voting, probe.text)
    assert text["open_line"] in probe.text
    reply = await bot.driver.send(h.bram, f"/stemming {text['question_person']}", chat=h.group)
    asked = reply.last
    assert asked.text.startswith(text["about"])
    buttons = [b.text for b in bot.tg.all_buttons(asked)]
    assert buttons == [text["make_secret"], text["keep_open"]]  # "yes, secret" first
    async with bot.database.transaction() as session:
        polls = session.scalars(select(Poll).order_by(Poll.id)).all()
        assert polls[-1].state == PollState.DRAFT  # not posted before the answer
    other = await bot.driver.tap(h.anna, asked, text[answer])  # not the launcher
    assert other.popup is not None
    reply = await bot.driver.tap(h.bram, asked, text[answer])
    posted = [m for m in reply.to(h.group) if m.text.startswith("🗳")]
    assert len(posted) == 1
    line = text["secret_line"] if answer == "make_secret" else text["open_line"]
    assert line in posted[0].text


async def test_the_full_form_also_asks_when_an_open_poll_is_about_someone(
    voting: Voting,
) -> None:
    h, bot = voting.house, voting.bot
    await set_house(bot.database, secret_by_default=False)
    probe = await voting.poll("Nemen we een kat?")
    text = await texts_for(voting, probe.text)
    form = (await bot.driver.send(h.bram, f"/stemming {text['question_person']}")).last
    post = next(b.text for b in bot.tg.all_buttons(form) if b.text.startswith("✅"))
    reply = await bot.driver.tap(h.bram, form, post)
    assert reply.to(h.group) == []  # not posted before the answer
    asked = bot.tg.last_bot_message(h.bram)
    assert asked is not None and asked.text.startswith(text["about"])
    reply = await bot.driver.tap(h.bram, asked, text["make_secret"])
    [posted] = [m for m in reply.to(h.group) if m.text.startswith("🗳")]
    assert text["secret_line"] in posted.text
