"""Reports (meldingen) follow the confidant role as it is now: the reporter sees the confidants
(with their @username) and picks one, or another route when none fits; a confidant whose role
was taken away, or who moved out, is not reminded, cannot pick up, gets no new reports, and
their messages about a report are emptied; nobody picked it up in two days: the reporter is
told privately and offered another route."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bot.handlers.flags import FlagCarry, FlagNew, FlagPick, FlagReroute, FlagSend, FlagWrite
from bot.handlers.member_editor import ConfirmChange, ToggleRole
from bot.storage.flags_models import Flag, FlagState, FlagTopic
from bot.storage.models import Member, MemberRole, MemberStatus, Role
from tests import audit_helpers
from tests.audit_helpers import World, WorldFactory, add_sent_flag, button, decoded
from tests.test_authorization_roles import editor

pytestmark = pytest.mark.asyncio(loop_scope="module")
shared_bot = audit_helpers.shared_bot
new_world = audit_helpers.new_world


async def give_role(world: World, who: str) -> None:
    member_id, house_id, now = world.members[who], world.boog_id, world.now()

    def give(session: Session) -> None:
        member = session.get(Member, member_id)
        assert member is not None
        member.roles.append(MemberRole(house_id=house_id, role=Role.CONFIDANT, assigned_at=now))

    await world.db(give)


async def take_role(world: World, who: str) -> None:
    member_id = world.members[who]

    def take(session: Session) -> None:
        member = session.get(Member, member_id)
        assert member is not None
        member.roles = [r for r in member.roles if r.role != Role.CONFIDANT]

    await world.db(take)


async def route_view(world: World, who: str = "rik") -> audit_helpers.FakeMessage:
    menu = (await world.private(who, world.cmd("flag", "melding"))).last
    await world.tap(who, menu, FlagNew(world.boog_id, FlagTopic.CONFLICT))
    await world.tap(who, menu, button(menu, FlagWrite, write=False))
    return menu


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_reporter_sees_the_confidants_and_chooses(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)
    await give_role(world, "anna")
    menu = await route_view(world)
    labels = [b.text for b in world.bot.tg.all_buttons(menu)]
    assert any("Anna (@anna)" in label for label in labels)  # one button for her by name
    assert world.text("flags.none_fits") in menu.text  # and it says what else there is
    sends = [a for a in decoded(menu) if isinstance(a, FlagSend)]
    assert {a.route.value for a in sends} == {"confidants", "agenda", "self"}
    assert all(a.member_id == world.members["anna"] for a in sends if a.route.value == "confidants")
    world.assert_sound()


async def test_a_confidant_who_moved_out_gets_no_new_reports(new_world: WorldFactory) -> None:
    world = await new_world()
    await give_role(world, "anna")
    await give_role(world, "fien")  # a former resident who still has the role
    menu = await route_view(world)
    labels = " ".join(b.text for b in world.bot.tg.all_buttons(menu))
    assert "Anna" in labels and "Fien" not in labels
    world.assert_sound()


async def test_a_former_confidant_is_not_reminded_cannot_pick_up_and_is_emptied(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    flag_id = await add_sent_flag(world, "rik", "sam")
    notice = world.inbox("sam")
    await take_role(world, "sam")
    reply = await world.tap("sam", notice, FlagPick(flag_id))
    assert reply.popup == world.popup("button.stale")
    reply = await world.bot.advance(hours=25)
    assert reply.to(world.user("sam")) == []  # no reminder
    assert notice.text == world.text("flags.notice_role_gone", house="De Boog")  # emptied
    world.assert_sound()


async def test_nobody_picked_it_up_in_two_days_the_reporter_is_told(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    await give_role(world, "sam")
    menu = await route_view(world)
    send = button(menu, FlagSend, member_id=world.members["sam"])
    flag_id = send.flag_id
    sent = await world.tap("rik", menu, send)
    notice = sent.to(world.user("sam"))[0]
    reply = await world.bot.advance(hours=47)
    assert reply.to(world.user("rik")) == []
    reply = await world.bot.advance(hours=2)
    told = reply.to(world.user("rik"))
    assert len(told) == 1 and "Nog niemand heeft je melding" in told[0].text
    reroute = button(told[0], FlagReroute)
    assert reroute.flag_id == flag_id
    again = await world.bot.advance(days=3)
    assert again.to(world.user("rik")) == []  # once
    reply = await world.tap("rik", told[0], reroute)
    sends = [a for a in decoded(told[0]) if isinstance(a, FlagSend)]
    assert {a.route.value for a in sends} >= {"agenda", "self"}
    assert "afwas" not in notice.text  # the confidant's message is emptied
    state = await world.db(lambda s: s.get(Flag, flag_id).state)  # type: ignore[union-attr]
    assert state == FlagState.DRAFT
    world.assert_sound()


async def test_a_confidant_status_change_counts_too(new_world: WorldFactory) -> None:
    world = await new_world()
    flag_id = await add_sent_flag(world, "rik", "sam")
    member_id = world.members["sam"]

    def moved_out(session: Session) -> None:
        member = session.get(Member, member_id)
        assert member is not None
        member.status = MemberStatus.FORMER_RESIDENT

    await world.db(moved_out)
    reply = await world.tap("sam", world.inbox("sam"), FlagPick(flag_id))
    assert reply.popup == world.popup("button.stale")
    world.assert_sound()


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_confidant_role_taken_away_in_members_empties_her_notices_at_once(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)
    await add_sent_flag(world, "rik", "sam")
    notice = world.inbox("sam")
    listing = await editor(world, "bram", "sam")
    reply = await world.tap("bram", listing, ToggleRole(world.members["sam"], Role.CONFIDANT))
    [proposal] = reply.to(world.boog)
    assert notice.text != world.text("flags.notice_role_gone", house="De Boog")  # not yet
    await world.tap("rik", proposal, button(proposal, ConfirmChange))
    assert notice.text == world.text("flags.notice_role_gone", house="De Boog")
    world.assert_sound()


# --- /melding with a text, typed in the group ------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_report_typed_in_the_group_goes_on_privately_with_its_text(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)
    world.bot.tg.set_bot_admin(world.boog)  # the bot may delete messages
    typed = "Bram pakt steeds mijn eten"
    reply = await world.group("rik", f"{world.cmd('flag', 'melding')} {typed}")
    assert len(reply.deleted) == 1
    assert reply.to(world.boog) == []  # nothing said in the group
    assert all(typed not in m.text for m in world.bot.tg.messages(world.boog))
    (private,) = reply.to(world.user("rik"))
    assert typed in private.text
    carry = [a for a in decoded(private) if isinstance(a, FlagCarry)]
    assert {a.topic for a in carry} == set(FlagTopic)
    await world.tap("rik", private, carry[0])
    flag_id = carry[0].flag_id
    assert await world.db(lambda s: s.get(Flag, flag_id).text) == typed  # type: ignore[union-attr]
    assert any(isinstance(a, FlagSend) for a in decoded(private))  # on to who gets it
    world.assert_sound()


async def test_a_report_the_bot_cannot_delete_is_explained_privately(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    typed = "Bram pakt steeds mijn eten"
    reply = await world.group("rik", f"{world.cmd('flag', 'melding')} {typed}")
    assert reply.deleted == []
    assert reply.to(world.boog) == []
    texts = [m.text for m in reply.to(world.user("rik"))]
    assert world.text("flags.delete_yourself", house="De Boog") in texts
    assert any(typed in text for text in texts)
    world.assert_sound()


async def test_a_confidant_who_leaves_the_group_has_her_notices_emptied_at_once(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    await add_sent_flag(world, "rik", "sam")
    notice = world.inbox("sam")
    await world.bot.driver.user_left(world.boog, world.user("sam"))
    assert notice.text == world.text("flags.notice_role_gone", house="De Boog")
    world.assert_sound()
