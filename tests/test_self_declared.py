""" "Ik woon hier" counts once a resident confirms it (issue 12): until then the person shows as
"nog niet bevestigd", does not vote and does not count for the quorum; someone who moved out
cannot declare themself a resident again; a starting house lets the chair or an admin confirm.

De Boog (from test_roles): Anna (admin), Bram (chair), Carla and Dirk are residents, Sam a peer
worker, Eva a guest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.domain import polls as poll_domain
from bot.storage.models import Member, MemberStatus, Person, Poll, StatusSource
from tests.conftest import Bot, make_house
from tests.fake_telegram import FakeUser
from tests.helpers import member, set_member
from tests.test_roles import Boog

TEXTS = {
    "nl": {
        "live_here": "🏠 Ik woon hier",
        "members": "/leden",
        "poll": "/stemming Nemen we een kat?",
        "declared": (
            "🏠 Eva zegt: ik woon hier.\n"
            "Dat telt pas als een andere bewoner het bevestigt. Daarna mag Eva meestemmen."
        ),
        "listed": "• Eva — nog niet bevestigd",
        "not_yet": (
            "Je stem telt nog niet. Een andere bewoner moet eerst bevestigen dat je hier woont."
        ),
        "confirm": "✅ Klopt, woont hier",
        "yourself": "Dit gaat over jou. Een andere bewoner moet het bevestigen.",
        "residents_only": "Alleen een bewoner kan dit bevestigen.",
        "confirmed": (
            "✅ Eva woont hier. Carla de Vries heeft het bevestigd. Eva mag nu meestemmen."
        ),
        "confirmed_by_anna": (
            "✅ Bram woont hier. Anna heeft het bevestigd. Bram mag nu meestemmen."
        ),
        "moved_out": (
            "Je bent verhuisd. Daarom kun je jezelf niet weer bewoner maken. "
            "Kom je terug wonen? Dan kan de bewonersvergadering dat regelen."
        ),
    },
    "en": {
        "live_here": "🏠 I live here",
        "members": "/members",
        "poll": "/poll Shall we get a cat?",
        "declared": (
            "🏠 Eva says: I live here.\n"
            "This counts once another resident confirms it. Then Eva can vote."
        ),
        "listed": "• Eva — not yet confirmed",
        "not_yet": (
            "Your vote does not count yet. Another resident first has to confirm that you "
            "live here."
        ),
        "confirm": "✅ Right, lives here",
        "yourself": "This is about you. Another resident has to confirm it.",
        "residents_only": "Only a resident can confirm this.",
        "confirmed": "✅ Eva lives here. Carla de Vries confirmed it. Eva can vote now.",
        "confirmed_by_anna": "✅ Bram lives here. Anna confirmed it. Bram can vote now.",
        "moved_out": (
            "You moved out, so you cannot make yourself a resident again. "
            "Coming back to live here? The residents' meeting can arrange that."
        ),
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])


async def eligible(bot: Bot) -> list[str]:
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        return sorted(m.person.first_name for m in poll_domain.eligible_members(session, poll))


async def source(bot: Bot, user: FakeUser, value: StatusSource) -> None:
    """Who set the member's status, as the features leave it."""
    async with bot.database.transaction() as session:
        found = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == user.id)
        ).one()
        found.status_source = value


@LANGUAGES
async def test_i_live_here_counts_once_a_resident_confirms(bot: Bot, language: str) -> None:
    world = Boog(await make_house(bot, language), language)
    await world.arrange()
    house, t, driver, group = world.house, TEXTS[language], bot.driver, world.house.group
    await source(bot, world.eva, StatusSource.DISCOVERED)  # a newcomer nobody set
    help_card = (await driver.send(world.eva, "/help", chat=group)).last
    reply = await driver.tap(world.eva, help_card, t["live_here"])
    [declared] = reply.to(group)
    assert declared.text == t["declared"]
    eva = await member(bot.database, world.eva)
    assert eva is not None and eva.status == MemberStatus.RESIDENT
    assert eva.status_source == StatusSource.SELF
    listing = await driver.send(house.carla, t["members"], chat=group)
    assert t["listed"] in listing.texts[0]

    # A poll now: Eva neither votes nor counts for the quorum yet.
    poll = (await driver.send(house.bram, t["poll"], chat=group)).to(group)[0]
    assert await eligible(bot) == ["Anna", "Bram", "Carla", "Dirk"]
    reply = await driver.tap(world.eva, poll, 1)
    assert reply.popup == t["not_yet"]

    # Not she herself, not a supporter: a resident confirms.
    for who, refusal in ((world.eva, "yourself"), (world.sam, "residents_only")):
        reply = await driver.tap(who, declared, t["confirm"])
        assert reply.popup == t[refusal]
        assert reply.edits == []
    reply = await driver.tap(house.carla, declared, t["confirm"])
    assert declared.text == t["confirmed"]
    assert declared.buttons == []
    assert reply.to(world.eva)  # she hears it privately
    assert await eligible(bot) == ["Anna", "Bram", "Carla", "Dirk", "Eva"]
    reply = await driver.tap(world.eva, poll, 1)
    assert reply.popup != t["not_yet"]
    eva = await member(bot.database, world.eva)
    assert eva is not None and eva.status_source == StatusSource.CONFIRMED


@LANGUAGES
async def test_someone_who_moved_out_cannot_declare_again(bot: Bot, language: str) -> None:
    world = Boog(await make_house(bot, language), language)
    await world.arrange()
    t, driver, group = TEXTS[language], bot.driver, world.house.group
    await set_member(bot.database, world.eva, MemberStatus.FORMER_RESIDENT)
    await source(bot, world.eva, StatusSource.SELF)  # /verhuizen, when she said it herself
    help_card = (await driver.send(world.eva, "/help", chat=group)).last
    reply = await driver.tap(world.eva, help_card, t["live_here"])
    assert reply.popup == t["moved_out"]
    assert reply.sent == []
    eva = await member(bot.database, world.eva)
    assert eva is not None and eva.status == MemberStatus.FORMER_RESIDENT


@LANGUAGES
async def test_a_starting_house_lets_the_chair_or_an_admin_confirm(bot: Bot, language: str) -> None:
    """No residents yet: nobody could confirm anybody. While fewer than three residents, the
    chair or an admin may."""
    world = Boog(await make_house(bot, language), language)
    await world.arrange(residents=False)
    house, t, driver, group = world.house, TEXTS[language], bot.driver, world.house.group
    help_card = (await driver.send(house.bram, "/help", chat=group)).last
    declared = (await driver.tap(house.bram, help_card, t["live_here"])).to(group)[0]
    # Carla is a guest, not an admin: she cannot.
    reply = await driver.tap(house.carla, declared, t["confirm"])
    assert reply.popup == t["residents_only"]
    # Anna is an admin of the group: in a starting house she may.
    await driver.tap(house.anna, declared, t["confirm"])
    assert declared.text == t["confirmed_by_anna"]
    bram = await member(bot.database, house.bram)
    assert bram is not None and bram.status_source == StatusSource.CONFIRMED
