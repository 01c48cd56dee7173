"""Admission is the residents' business (issue 12): the bot approves join requests only through
the house's own invite link; any other link is left to the group admins. The house chooses
(a house setting): approve at once, or after two residents tapped "Welkom" in the group."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.storage.models import House as HouseRow
from bot.storage.models import Member, MemberStatus, Person
from tests.conftest import Bot
from tests.test_polls import Voting, make_voting


async def house_link(voting: Voting) -> dict[str, Any]:
    """The group admin makes the bot an admin and creates the house's invite link."""
    bot, h = voting.bot, voting.house
    bot.tg.set_bot_admin(h.group, is_admin=True, can_invite_users=True)
    settings = (await bot.driver.send(h.anna, "/setup", chat=h.group)).last
    await bot.driver.tap(h.anna, settings, "🔗")
    return bot.tg.invite_links(h.group)[0]


async def two_welcomes(bot: Bot) -> None:
    async with bot.database.transaction() as session:  # decided earlier (test_house_settings)
        session.scalars(select(HouseRow)).one().admission = "two_welcomes"


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_join_request_through_a_foreign_link_is_left_to_the_admins(
    bot: Bot, language: str
) -> None:
    voting = await make_voting(bot, language)
    await house_link(voting)
    h, eva = voting.house, bot.tg.add_user("Eva")
    foreign = {
        "invite_link": "https://t.me/+SomeoneElsesLink",
        "creator": h.anna.to_dict(),
        "creates_join_request": True,
        "is_primary": False,
        "is_revoked": False,
    }
    reply = await bot.driver.join_request(h.group, eva, invite_link=foreign)
    assert reply.sent == [] and [c for c in reply.calls if "Join" in c.method] == []
    assert bot.tg.pending_join_requests(h.group) == [eva.id]
    # Nor without a link at all (the group's own join button).
    mo = bot.tg.add_user("Mo")
    reply = await bot.driver.join_request(h.group, mo)
    assert reply.sent == [] and bot.tg.pending_join_requests(h.group) == [eva.id, mo.id]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_two_residents_say_welkom_then_the_newcomer_is_in(bot: Bot, language: str) -> None:
    voting = await make_voting(bot, language)
    link = await house_link(voting)
    await two_welcomes(bot)
    h, eva = voting.house, bot.tg.add_user("Eva", language_code=language)
    nl = language == "nl"

    reply = await bot.driver.join_request(h.group, eva, invite_link=link)
    [asked] = reply.to(h.group)
    assert asked.text == (
        "👋 Eva wil in de groep komen (via de link van het huis).\n"
        "Als 2 bewoners op Welkom tikken, laat ik Eva toe."
        if nl
        else "👋 Eva wants to join the group (through the house's link).\n"
        "When 2 residents tap Welkom, I let Eva in."
    )
    [private] = reply.to(eva)
    assert private.text.startswith(
        "Hoi! Leuk dat je naar De Boog wilt komen. 👋\nTwee bewoners heten je eerst welkom"
        if nl
        else "Hi! Nice that you want to come to De Boog. 👋\nTwo residents first welcome you"
    )
    assert bot.tg.pending_join_requests(h.group) == [eva.id]

    reply = await bot.driver.tap(h.carla, asked, "👋 Welkom")
    assert reply.popup == ("Dank je! 👋" if nl else "Thank you! 👋")
    assert ("Welkom gezegd: Carla de Vries" if nl else "Said welcome: Carla de Vries") in (
        asked.text
    )
    reply = await bot.driver.tap(h.carla, asked, "👋 Welkom")  # the same resident again
    assert reply.popup == (
        "Je hebt al welkom gezegd. Nu nog een andere bewoner."
        if nl
        else "You said welcome already. Now another resident."
    )
    reply = await bot.driver.tap(voting.gert, asked, "👋 Welkom")  # a guest
    assert reply.popup is not None and reply.popup.startswith(
        "Alleen bewoners zeggen welkom." if nl else "Only residents say welcome."
    )
    assert bot.tg.pending_join_requests(h.group) == [eva.id]

    reply = await bot.driver.tap(h.bram, asked, "👋 Welkom")
    assert bot.tg.pending_join_requests(h.group) == []
    assert eva.id in h.group.members
    assert asked.text == (
        "👋 Welkom, Eva! Carla de Vries, Bram hebben je welkom geheten. Je bent nu in de groep."
        if nl
        else "👋 Welcome, Eva! Carla de Vries, Bram welcomed you. You are in the group now."
    )
    # Telegram tells her she is in; the bot sends the house's welcome (test_a_arriving.py).
    [welcome] = reply.to(eva)
    assert welcome.text.startswith("🏡 Zo doen wij het hier" if nl else "🏡 How we do things")
    assert bot.tg.all_buttons(private)[0].url is not None  # the private chat, offered before
    async with bot.database.transaction() as session:
        joined = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == eva.id)
        ).one()
        assert joined.status == MemberStatus.GUEST  # in the group; not yet a voter
