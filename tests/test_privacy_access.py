"""Access follows the present, not the past: someone who left (or was removed from) the
residents' group no longer reads the house's agenda or adds to it from their private chat, and
a vote counts only when it is tapped in the poll's own chat. A former resident keeps what
aftercare needs; someone the bot never saw in the group is checked with Telegram."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import polls as poll_domain
from bot.handlers.polls import Vote
from bot.storage.models import AgendaItem, Member, MemberStatus, Poll
from tests import audit_helpers
from tests.audit_helpers import World, WorldFactory, decoded, post_poll

pytestmark = pytest.mark.asyncio(loop_scope="module")
shared_bot = audit_helpers.shared_bot
new_world = audit_helpers.new_world


async def leaves(world: World, who: str) -> None:
    await world.bot.driver.user_left(world.boog, world.user(who))
    member_id = world.members[who]
    assert await world.db(lambda s: s.get(Member, member_id).in_group) is False  # type: ignore[union-attr]


def add(world: World, subject: str) -> str:
    word = "add" if world.language == "en" else "toevoegen"
    return f"{world.cmd('agenda', 'agenda')} {word} {subject}"


async def agenda_items(world: World) -> list[str]:
    house_id = world.boog_id
    return await world.db(
        lambda s: list(s.scalars(select(AgendaItem.text).where(AgendaItem.house_id == house_id)))
    )


async def ballots(world: World, poll_id: int) -> int:
    def voted(session: Session) -> int:
        poll = session.get(Poll, poll_id)
        assert poll is not None
        return poll_domain.tally(session, poll, world.bot.app.bot_data["polls"].keys).voted

    return await world.db(voted)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_someone_who_left_no_longer_reads_or_adds_to_the_agenda(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)
    await world.group("anna", add(world, "Onveilige situatie in de keuken"))
    reply = await world.private("rik", world.cmd("agenda", "agenda"))
    assert "Onveilige situatie" in reply.text  # while in the group: yes
    await leaves(world, "rik")
    reply = await world.private("rik", world.cmd("agenda", "agenda"))
    assert "Onveilige situatie" not in reply.text
    assert reply.texts == [world.text("members.no_house")]
    await world.private("rik", add(world, "Wraak"))
    assert "Wraak" not in await agenda_items(world)
    world.assert_sound()


async def test_a_vote_counts_only_from_the_polls_own_chat(new_world: WorldFactory) -> None:
    world = await new_world()
    poll_id, message = await post_poll(world)
    vote = decoded(message)[0]
    assert isinstance(vote, Vote)
    # a forged button in the private chat: refused, even for someone in the group
    reply = await world.tap("anna", world.inbox("anna"), vote)
    assert reply.popup == world.popup("button.stale")
    assert await ballots(world, poll_id) == 0
    # someone who left, from his private chat: refused
    await leaves(world, "rik")
    reply = await world.tap("rik", world.inbox("rik"), vote)
    assert await ballots(world, poll_id) == 0
    # in the group it counts
    await world.tap("anna", message, vote)
    assert await ballots(world, poll_id) == 1
    world.assert_sound()


async def test_someone_seen_only_through_the_private_chat_is_checked_with_telegram(
    new_world: WorldFactory,
) -> None:
    """Rik is in the group on Telegram, but the bot's row says he is not (he only ever
    opened the private chat): Telegram is asked, and he keeps access."""
    world = await new_world()
    member_id = world.members["rik"]

    def not_seen(session: object) -> None:
        member = session.get(Member, member_id)  # type: ignore[attr-defined]
        member.in_group = False

    await world.db(not_seen)
    await world.group("anna", add(world, "Tuin"))
    reply = await world.private("rik", world.cmd("agenda", "agenda"))
    assert "Tuin" in reply.text
    assert await world.db(lambda s: s.get(Member, member_id).in_group) is True  # type: ignore[union-attr]
    world.assert_sound()


async def test_a_former_resident_keeps_the_house_for_aftercare(new_world: WorldFactory) -> None:
    world = await new_world()
    member_id = world.members["fien"]
    await leaves(world, "fien")
    assert (
        await world.db(lambda s: s.get(Member, member_id).status)  # type: ignore[union-attr]
        == MemberStatus.FORMER_RESIDENT
    )
    reply = await world.private("fien", world.cmd("aftercare", "nazorg"))
    assert reply.texts != [world.text("members.no_house")]
    world.assert_sound()
