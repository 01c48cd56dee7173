"""Residents without Telegram (issue 17.1), as the house lives it: a resident adds a name in
/members and a second resident confirms it; the name counts in every quorum; the chair enters
a paper vote and a second resident confirms it; the poll message and the decision record say
"op papier"; a secret poll's paper vote adds to the counts only — in Dutch and in English."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.domain import offline as domain
from bot.domain.errors import UserError
from bot.storage.models import (
    Ballot,
    Choice,
    MemberStatus,
    Poll,
    PollKind,
    PollOption,
    PollState,
    PrivateChat,
    Role,
)
from bot.storage.offline_models import OfflineResident, PaperVote
from tests.conftest import Bot, make_house, start_bot
from tests.fake_telegram import FakeMessage
from tests.helpers import OPEN_WITH_NAMES, set_house, set_member
from tests.test_polls import Voting, make_voting

T = {
    "nl": {
        "members": "/leden",
        "add": "➕ Iemand zonder Telegram",
        "remove": "➖ Iemand zonder Telegram weghalen",
        "ask": "📄 Hoe heet de bewoner zonder Telegram? Typ de naam als antwoord op dit bericht.",
        "proposed": (
            "📄 Bram wil Piet toevoegen als bewoner zonder Telegram.\n"
            "Piet mag dan meestemmen: op papier, via de voorzitter. "
            "Piet telt ook mee als we kijken of er genoeg stemmen zijn.\n"
            "Klopt dit? Een andere bewoner tikt op Bevestigen. Pas dan geldt het."
        ),
        "confirm": "✅ Bevestigen",
        "not_right": "✖ Klopt niet",
        "not_yourself": "Jij stelde dit voor. Een andere bewoner bevestigt het.",
        "guest_refused": "Alleen een bewoner of de voorzitter kan dit voorstellen.",
        "added": (
            "📄 Piet staat nu in /leden, zonder Telegram. Piet stemt mee op papier, via de "
            "voorzitter. Bevestigd door Carla de Vries."
        ),
        "heading": "📄 Zonder Telegram (stemmen op papier)\n• Piet",
        "waiting": "• Piet — wacht op een tweede bewoner",
        "turnout_4": "✋ Gestemd: 0 van 4.",
        "turnout_5": "✋ Gestemd: 0 van 5.\n📄 1 bewoner stemt op papier (zonder Telegram).",
        "two_on_paper": "📄 2 bewoners stemmen op papier (zonder Telegram).",
        "record": "📄 Stem op papier invoeren",
        "done": "✅ Klaar",
        "settled": "Deze stem op papier is al geregeld.",
        "per_option": "(1 op papier)",
        "who": "📄 Nemen we een kat?\nVan wie is de stem op papier?",
        "what": "📄 Nemen we een kat?\nWat stemde Piet?",
        "yes": "👍 Voor",
        "recorded": (
            "📄 Nemen we een kat?\nIngevoerd: Piet stemt 👍 Voor.\n"
            "Een andere bewoner bevestigt het in de groep. Dan telt de stem."
        ),
        "recorded_popup": "Ingevoerd. Nu bevestigt een andere bewoner het.",
        "ask_confirm": (
            "📄 Nemen we een kat?\nBram voerde de stem op papier van Piet in: 👍 Voor.\n"
            "Heb jij het briefje gezien? Tik dan op Bevestigen. Dan telt de stem."
        ),
        "chair_self": "Jij voerde deze stem in. Een andere bewoner bevestigt hem.",
        "confirmed": (
            "📄 Nemen we een kat?\nDe stem op papier van Piet telt. Bevestigd door Carla de Vries."
        ),
        "counted_popup": "Dank je. De stem telt nu.",
        "option_line": "👍 Voor — 2 ▓▓ (1 op papier)\n    Carla de Vries, Piet 📄",
        "paper_turnout": "✋ Gestemd: 2 van 6.\n📄 Daarvan op papier: 1",
        "rejected": (
            "📄 Nemen we een kat?\nDe stem op papier van Joke telt niet. Anna tikte op: klopt "
            "niet. De voorzitter kan hem opnieuw invoeren."
        ),
        "not_chair": "Alleen de voorzitter voert stemmen op papier in.",
        "decisions": "/besluiten",
        "decision_paper": "📄 Daarvan op papier: 1",
        "secret_recorded": (
            "📄 Nemen we een kat?\nIngevoerd: de stem van Piet.\n"
            "De stemming is geheim: de keuze staat nergens bij de naam.\n"
            "Een andere bewoner bevestigt het in de groep. Dan telt de stem."
        ),
        "secret_ask": (
            "📄 Nemen we een kat?\nBram voerde de stem op papier van Piet in.\n"
            "Heb jij het briefje gezien? Tik dan op Bevestigen. Dan telt de stem."
        ),
        "removal": (
            "📄 Bram wil Piet weghalen uit de lijst zonder Telegram.\n"
            "Piet telt dan niet meer mee als we kijken of er genoeg stemmen zijn.\n"
            "Klopt dit? Een andere bewoner tikt op Bevestigen. Pas dan geldt het."
        ),
        "removed": "📄 Piet staat niet meer in /leden. Bevestigd door Carla de Vries.",
        "lost": (
            "📄 Nemen we een kat?\nDe bot is onverwacht gestopt. Daardoor zijn deze stemmen op "
            "papier kwijt: Piet. Wil je ze opnieuw invoeren? Tik op 📄 Stem op papier invoeren."
        ),
    },
    "en": {
        "members": "/members",
        "add": "➕ Someone without Telegram",
        "remove": "➖ Remove someone without Telegram",
        "ask": (
            "📄 What is the name of the resident without Telegram? "
            "Type the name as a reply to this message."
        ),
        "proposed": (
            "📄 Bram wants to add Piet as a resident without Telegram.\n"
            "Piet may then vote: on paper, through the chair. Piet also counts when we check "
            "whether there are enough votes.\n"
            "Is this right? Another resident taps Confirm. Only then it counts."
        ),
        "confirm": "✅ Confirm",
        "not_right": "✖ Not right",
        "not_yourself": "You proposed this. Another resident confirms it.",
        "guest_refused": "Only a resident or the chair can propose this.",
        "added": (
            "📄 Piet is now in /members, without Telegram. Piet votes on paper, through the "
            "chair. Confirmed by Carla de Vries."
        ),
        "heading": "📄 Without Telegram (vote on paper)\n• Piet",
        "waiting": "• Piet — waiting for a second resident",
        "turnout_4": "✋ Voted: 0 of 4.",
        "turnout_5": "✋ Voted: 0 of 5.\n📄 1 resident votes on paper (without Telegram).",
        "two_on_paper": "📄 2 residents vote on paper (without Telegram).",
        "record": "📄 Enter a paper vote",
        "done": "✅ Done",
        "settled": "This paper vote is settled already.",
        "per_option": "(1 on paper)",
        "who": "📄 Nemen we een kat?\nWhose paper vote is it?",
        "what": "📄 Nemen we een kat?\nWhat did Piet vote?",
        "yes": "👍 For",
        "recorded": (
            "📄 Nemen we een kat?\nEntered: Piet votes 👍 For.\n"
            "Another resident confirms it in the group. Then the vote counts."
        ),
        "recorded_popup": "Entered. Now another resident confirms it.",
        "ask_confirm": (
            "📄 Nemen we een kat?\nBram entered the paper vote of Piet: 👍 For.\n"
            "Did you see the paper? Then tap Confirm. Then the vote counts."
        ),
        "chair_self": "You entered this vote. Another resident confirms it.",
        "confirmed": (
            "📄 Nemen we een kat?\nThe paper vote of Piet counts. Confirmed by Carla de Vries."
        ),
        "counted_popup": "Thank you. The vote counts now.",
        "option_line": "👍 For — 2 ▓▓ (1 on paper)\n    Carla de Vries, Piet 📄",
        "paper_turnout": "✋ Voted: 2 of 6.\n📄 Of these on paper: 1",
        "rejected": (
            "📄 Nemen we een kat?\nThe paper vote of Joke does not count. Anna tapped: not "
            "right. The chair can enter it again."
        ),
        "not_chair": "Only the chair enters paper votes.",
        "decisions": "/decisions",
        "decision_paper": "📄 Of these on paper: 1",
        "secret_recorded": (
            "📄 Nemen we een kat?\nEntered: the vote of Piet.\n"
            "The poll is secret: the choice is never kept with the name.\n"
            "Another resident confirms it in the group. Then the vote counts."
        ),
        "secret_ask": (
            "📄 Nemen we een kat?\nBram entered the paper vote of Piet.\n"
            "Did you see the paper? Then tap Confirm. Then the vote counts."
        ),
        "removal": (
            "📄 Bram wants to remove Piet from the list without Telegram.\n"
            "Piet then no longer counts when we check whether there are enough votes.\n"
            "Is this right? Another resident taps Confirm. Only then it counts."
        ),
        "removed": "📄 Piet is no longer in /members. Confirmed by Carla de Vries.",
        "lost": (
            "📄 Nemen we een kat?\nThe bot stopped unexpectedly. These paper votes were lost: "
            "Piet. Please enter them again: tap 📄 Enter a paper vote."
        ),
    },
}

LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])


async def add_offline(v: Voting, t: dict[str, str], name: str) -> FakeMessage:
    """Bram proposes `name` from /members, Carla confirms. Returns the proposal message."""
    h, driver = v.house, v.bot.driver
    listing = (await driver.send(h.bram, t["members"], chat=h.group)).last
    asked = (await driver.tap(h.bram, listing, t["add"])).last
    proposal = (await driver.send(h.bram, name, chat=h.group, reply_to=asked)).last
    await driver.tap(h.carla, proposal, t["confirm"])
    return proposal


def chair_controls(v: Voting) -> FakeMessage:
    """The chair's private "poll posted" message of the last poll."""
    manage = v.bot.tg.last_bot_message(v.house.bram)
    assert manage is not None
    return manage


async def enter_paper_vote(
    v: Voting, t: dict[str, str], manage: FakeMessage, name: str, option: str
) -> tuple[FakeMessage, FakeMessage]:
    """Bram (the chair) enters `name`'s paper vote; returns his message and the group's
    request for a second resident."""
    h, bot = v.house, v.bot
    who = (await bot.driver.tap(h.bram, manage, t["record"])).last
    await bot.driver.tap(h.bram, who, name)
    reply = await bot.driver.tap(h.bram, who, option)
    return who, reply.to(h.group)[-1]


@LANGUAGES
async def test_a_resident_without_telegram_is_added_by_two_residents_and_counts(
    bot: Bot, language: str
) -> None:
    t = T[language]
    v = await make_voting(bot, language)
    h, driver = v.house, bot.driver
    listing = (await driver.send(h.bram, t["members"], chat=h.group)).last
    assert t["add"] in [b.text for b in bot.tg.all_buttons(listing)]
    assert t["remove"] not in [b.text for b in bot.tg.all_buttons(listing)]  # nobody to remove
    # A guest may not propose it.
    assert (await driver.tap(v.gert, listing, t["add"])).popup == t["guest_refused"]
    asked = (await driver.tap(h.bram, listing, t["add"])).last
    assert asked.text == t["ask"]
    proposal = (await driver.send(h.bram, "Piet", chat=h.group, reply_to=asked)).last
    assert proposal.text == t["proposed"]
    # Waiting: listed as such, and not counted yet.
    waiting = (await driver.send(h.anna, t["members"], chat=h.group)).last
    assert t["waiting"] in waiting.text
    poll = await v.poll("Nemen we een kat?")
    assert t["turnout_4"] in poll.text
    # Not the proposer: a second resident.
    assert (await driver.tap(h.bram, proposal, t["confirm"])).popup == t["not_yourself"]
    await driver.tap(h.carla, proposal, t["confirm"])
    assert proposal.text == t["added"] and proposal.buttons == []
    listing = (await driver.send(h.anna, t["members"], chat=h.group)).last
    assert t["heading"] in listing.text
    assert t["remove"] in [b.text for b in bot.tg.all_buttons(listing)]
    poll = await v.poll("Nemen we een hond?")
    assert t["turnout_5"] in poll.text  # four residents and Piet
    await add_offline(v, t, "Joke")
    poll = await v.poll("Nemen we een vis?")
    assert t["two_on_paper"] in poll.text


@LANGUAGES
async def test_a_paper_vote_counts_once_a_second_resident_confirms_it(
    bot: Bot, language: str
) -> None:
    t = T[language]
    v = await make_voting(bot, language)
    h, driver = v.house, bot.driver
    await add_offline(v, t, "Piet")
    await add_offline(v, t, "Joke")
    poll = await v.poll("Nemen we een kat?")
    manage = chair_controls(v)
    who, ask = await enter_paper_vote(v, t, manage, "Piet", t["yes"])
    assert who.text == t["recorded"]
    assert ask.text == t["ask_confirm"]  # an open poll that shows names: the choice too
    assert (await driver.tap(h.bram, ask, t["confirm"])).popup == t["chair_self"]
    reply = await driver.tap(h.carla, ask, t["confirm"])
    assert reply.popup == t["counted_popup"]
    assert ask.text == t["confirmed"] and ask.buttons == []
    await v.tap(h.carla, poll, t["yes"])
    await bot.advance(seconds=5)
    assert t["option_line"] in poll.text
    assert t["paper_turnout"] in poll.text
    # "🔒 Nu sluiten" before everyone voted explains (issue 16); the paper button stays.
    close = "🔒 Nu sluiten" if t["record"].startswith("📄 Stem") else "🔒 Close now"
    await driver.tap(h.bram, manage, close)
    assert t["record"] in [b.text for b in bot.tg.all_buttons(manage)]
    # A paper vote someone says is not right does not count; the chair may enter it again.
    _, ask = await enter_paper_vote(v, t, manage, "Joke", t["yes"])
    await driver.tap(h.anna, ask, t["not_right"])
    assert ask.text == t["rejected"]
    who = (await driver.tap(h.bram, manage, t["record"])).last
    assert [b.text for b in bot.tg.all_buttons(who)] == ["Joke"]  # Piet has voted
    # Only the chair enters paper votes, even with forged data.
    await driver.send(h.carla, "/help")
    carla_chat = bot.tg.last_bot_message(h.carla)
    assert carla_chat is not None
    data = who.buttons[0][0].callback_data or ""
    assert (await driver.tap_data(h.carla, carla_chat, data)).popup == t["not_chair"]
    late = (await driver.tap(h.bram, manage, t["record"])).last
    await driver.tap(h.bram, late, "Joke")
    late_ask = (await driver.tap(h.bram, late, t["yes"])).to(h.group)[-1]
    await bot.advance(days=4)  # closes: 2 of 6, no quorum, recorded all the same
    # Joke's vote still waited for a second resident: it does not count, and is not kept.
    assert (await driver.tap(h.carla, late_ask, t["confirm"])).popup == t["settled"]
    async with bot.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(PaperVote)) == 0
    assert "📄" in poll.text and t["paper_turnout"].split("\n")[1] in poll.text
    listing = (await driver.send(h.anna, t["decisions"], chat=h.group)).last
    await driver.tap(h.anna, listing, "Nemen we een kat?")  # the record, in place
    assert t["decision_paper"] in listing.text


@LANGUAGES
async def test_a_paper_vote_in_a_secret_poll_adds_to_the_counts_only(
    bot: Bot, language: str
) -> None:
    t = T[language]
    v = await make_voting(bot, language)
    h, driver = v.house, bot.driver
    await add_offline(v, t, "Piet")
    await set_house(bot.database, secret_by_default=True)
    poll = await v.poll("Nemen we een kat?")
    manage = chair_controls(v)
    who, ask = await enter_paper_vote(v, t, manage, "Piet", t["yes"])
    assert who.text == t["secret_recorded"]
    assert ask.text == t["secret_ask"]  # the group never reads the choice
    async with bot.database.transaction() as session:
        waiting = session.scalars(select(PaperVote)).one()
        assert waiting.positions is None and waiting.sealed is not None
    await driver.tap(h.carla, ask, t["confirm"])
    await bot.advance(seconds=5)
    assert t["paper_turnout"].replace("2", "1").replace("6", "5") in poll.text
    async with bot.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(PaperVote)) == 0
        assert session.scalar(select(func.count()).select_from(Choice)) == 0
        ballot = session.scalars(select(Ballot)).one()
        assert ballot.member_id is None and ballot.offline_id is not None
        assert ballot.sealed is not None  # sealed like any other, while the poll is open
    await bot.advance(days=4)
    async with bot.database.transaction() as session:
        assert session.scalars(select(Poll)).one().state == PollState.CLOSED
        assert session.scalars(select(Ballot.sealed)).all() == [None]
        counts = {o.label: o.final_count for o in session.scalars(select(PollOption))}
        assert counts["yes"] == 1
    assert "Piet" not in poll.text


@LANGUAGES
async def test_without_names_shown_the_group_never_reads_a_paper_voters_choice(
    bot: Bot, language: str
) -> None:
    """An open poll that shows counts only: with one paper voter, "(1 op papier)" next to an
    option would name them, so only the total is shown, and the request does not say it."""
    t = T[language]
    v = await make_voting(bot, language)
    await add_offline(v, t, "Piet")
    await set_house(bot.database, open_names=False)
    poll = await v.poll("Nemen we een kat?")
    _, ask = await enter_paper_vote(v, t, chair_controls(v), "Piet", t["yes"])
    assert ask.text == t["secret_ask"]
    await bot.driver.tap(v.house.carla, ask, t["confirm"])
    await bot.advance(seconds=5)
    assert t["paper_turnout"].split("\n")[1] in poll.text  # the total only
    assert t["per_option"] not in poll.text and "Piet" not in poll.text


@LANGUAGES
async def test_after_a_kill_the_chair_is_asked_to_enter_a_secret_paper_vote_again(
    bot: Bot, language: str
) -> None:
    t = T[language]
    v = await make_voting(bot, language)
    h = v.house
    await add_offline(v, t, "Piet")
    await set_house(bot.database, secret_by_default=True)
    poll = await v.poll("Nemen we een kat?")
    _, ask = await enter_paper_vote(v, t, chair_controls(v), "Piet", t["yes"])
    await bot.driver.tap(h.carla, ask, t["confirm"])
    await bot.driver.stop()  # kill -9: no stop hooks ran, the keys are gone
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        assert [m.text for m in restarted.tg.messages(h.bram)][-1] == t["lost"]
        assert t["turnout_5"].split("\n")[0] in poll.text  # 0 of 5 again
    finally:
        await restarted.driver.stop()


@LANGUAGES
async def test_a_resident_without_telegram_is_removed_by_two_residents(
    bot: Bot, language: str
) -> None:
    t = T[language]
    v = await make_voting(bot, language)
    h, driver = v.house, bot.driver
    await add_offline(v, t, "Piet")
    listing = (await driver.send(h.bram, t["members"], chat=h.group)).last
    names = (await driver.tap(h.bram, listing, t["remove"])).last
    await driver.tap(h.bram, names, "Piet")
    assert names.text == t["removal"]
    poll = await v.poll("Nemen we een kat?")
    assert t["turnout_5"] in poll.text  # still counted while it waits
    await driver.tap(h.carla, names, t["confirm"])
    assert names.text == t["removed"]
    listing = (await driver.send(h.anna, t["members"], chat=h.group)).last
    assert "Piet" not in listing.text
    poll = await v.poll("Nemen we een hond?")
    assert t["turnout_4"] in poll.text
    async with bot.database.transaction() as session:  # the name is gone from the database
        assert session.scalar(select(func.count()).select_from(OfflineResident)) == 0


@LANGUAGES
async def test_with_too_few_residents_on_telegram_the_chair_confirms_alone(
    bot: Bot, language: str
) -> None:
    """Bootstrap (fewer than 3 residents on Telegram): nobody could confirm the chair, so the
    chair's own confirmation counts, for the name and for the paper vote."""
    t = T[language]
    h = await make_house(bot, language_code=language)
    await set_member(
        bot.database, h.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    bot.tg.start_bot(h.bram)
    await set_house(bot.database, language=language, **OPEN_WITH_NAMES)
    v = Voting(h, h.anna, h.anna, h.anna)
    listing = (await bot.driver.send(h.bram, t["members"], chat=h.group)).last
    asked = (await bot.driver.tap(h.bram, listing, t["add"])).last
    proposal = (await bot.driver.send(h.bram, "Piet", chat=h.group, reply_to=asked)).last
    await bot.driver.tap(h.bram, proposal, t["confirm"])
    assert proposal.text == t["added"].replace("Carla de Vries", "Bram")
    poll = await v.poll("Nemen we een kat?")
    _, ask = await enter_paper_vote(v, t, chair_controls(v), "Piet", t["yes"])
    await bot.driver.tap(h.bram, ask, t["confirm"])
    assert ask.text == t["confirmed"].replace("Carla de Vries", "Bram")
    await bot.advance(seconds=5)
    assert ("✋ Gestemd: 1 van 2." if language == "nl" else "✋ Voted: 1 of 2.") in poll.text


async def post_multi(v: Voting) -> FakeMessage:
    """A several-choices poll (the full form builds these; here it is arranged directly)."""
    from bot.domain import polls as poll_domain
    from bot.handlers.kit import Work
    from bot.storage.models import House as HouseRow
    from bot.storage.models import Member

    bot = v.bot
    before = len(bot.tg.calls)
    async with bot.database.transaction() as session:
        house = session.scalars(select(HouseRow)).one()
        chair = next(m for m in session.scalars(select(Member)) if Role.CHAIR in m.role_set)
        poll = poll_domain.new_poll(
            session,
            bot.clock,
            house,
            chair,
            question="Wat koken we?",
            kind=PollKind.MULTI,
            options=["Soep", "Pasta", "Rijst"],
        )
        work = Work(session, bot.app.bot_data["deps"], bot.app.bot)
        await bot.app.bot_data["polls"].post(work, house, poll, chair)
    sent = [c.message for c in bot.tg.calls[before:] if c.message is not None]
    return next(m for m in sent if m.chat.id == v.house.group.id)


@LANGUAGES
async def test_a_paper_vote_with_several_choices(bot: Bot, language: str) -> None:
    t = T[language]
    v = await make_voting(bot, language)
    h, driver = v.house, bot.driver
    await add_offline(v, t, "Piet")
    poll = await post_multi(v)
    who = (await driver.tap(h.bram, chair_controls(v), t["record"])).last
    await driver.tap(h.bram, who, "Piet")
    buttons = [b.text for b in bot.tg.all_buttons(who)]
    assert buttons[:3] == ["Soep", "Pasta", "Rijst"] and t["done"] not in buttons
    await driver.tap(h.bram, who, "Soep")
    await driver.tap(h.bram, who, "Rijst")
    await driver.tap(h.bram, who, "Pasta")
    await driver.tap(h.bram, who, "✓ Pasta")  # changed their mind: off again
    buttons = [b.text for b in bot.tg.all_buttons(who)]
    assert buttons[:3] == ["✓ Soep", "Pasta", "✓ Rijst"]
    reply = await driver.tap(h.bram, who, t["done"])
    assert "Soep, Rijst" in who.text
    await driver.tap(h.carla, reply.to(h.group)[-1], t["confirm"])
    await bot.advance(seconds=5)
    assert "Soep — 1 ▓ (1 " in poll.text and "Rijst — 1 ▓ (1 " in poll.text
    assert "Pasta — 0" in poll.text


def test_what_a_paper_vote_may_choose() -> None:
    def poll(kind: PollKind) -> Poll:
        labels = {
            PollKind.YES_NO: ["yes", "no", "abstain"],
            PollKind.MULTI: ["a", "b", "c"],
        }[kind]
        options = [PollOption(position=i, label=label) for i, label in enumerate(labels)]
        options.append(PollOption(position=len(labels), label="discuss", discuss=True))
        return Poll(kind=kind, options=options)

    yes_no, multi = poll(PollKind.YES_NO), poll(PollKind.MULTI)
    assert domain.check_positions(yes_no, [1]) == {1}
    assert domain.check_positions(multi, [0, 2]) == {0, 2}
    assert domain.check_positions(multi, [3]) == {3}  # "discuss first" alone
    for bad_poll, positions in (
        (yes_no, []),
        (yes_no, [0, 1]),  # one answer only
        (yes_no, [7]),  # no such option
        (multi, [0, 3]),  # "discuss first" does not mix with choices
    ):
        with pytest.raises(UserError):
            domain.check_positions(bad_poll, positions)
