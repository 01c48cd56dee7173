"""The authorization audit of issue 12, roles and statuses: who may confirm or withdraw a
proposal about someone's role or vote, who may confirm a self-declared resident, that nobody
appoints themself, that someone who moved out cannot declare themself a resident again, and that
a supporter holds a residents' role only if the house allows peer workers.

The world of `tests.audit_helpers`: De Boog has three residents (Anna, also a group admin; Bram,
the chair; Rik), so no bootstrap: a change that gives or takes a role, or takes a vote, is a
proposal a second resident confirms. Every refusal is a polite popup and changes nothing in the
database (`refused_tap`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handlers.people import (
    ConfirmChange,
    ConfirmResident,
    IAmResident,
    ManageMembers,
    ManagePick,
    SetStatus,
    ToggleRole,
    WithdrawChange,
)
from bot.storage.member_models import MemberProposal, ProposalState
from bot.storage.models import House, Member, MemberStatus, Role, StatusSource
from tests import audit_helpers
from tests.audit_helpers import ROLES, World, WorldFactory, assert_refused, button
from tests.fake_telegram import FakeMessage

shared_bot = audit_helpers.shared_bot  # the fixtures: one bot, a fresh world per test
new_world = audit_helpers.new_world

ALLOWED, REFUSED = "allowed", "refused"
A, R = ALLOWED, REFUSED

# fmt: off
TABLE: dict[str, tuple[str, str, str, str, str, str, str]] = {
    #                                          anna bram rik  sam  fien gert zoe
    "confirm Bram's proposal: Rik a guest":   (A,   R,   R,   R,   R,   R,   R),
    "withdraw Bram's proposal":               (R,   A,   R,   R,   R,   R,   R),
    "confirm Zoe's 'I live here'":            (A,   A,   A,   R,   R,   R,   R),
    "give yourself the confidant role":       (R,   R,   R,   R,   R,   R,   R),
    "take your own vote (status: guest)":     (R,   R,   R,   R,   R,   R,   R),
}
# fmt: on
ROWS = [
    pytest.param(action, who, expected, language, id=f"{action} · {who} · {expected} · {language}")
    for action, row in TABLE.items()
    for who, expected in zip(ROLES, row, strict=True)
    for language in ("nl", "en")
]

Run = Callable[[World, str, str], Awaitable[None]]


async def refused_tap(
    world: World, who: str, message: FakeMessage, action: object, popup: str
) -> None:
    before = await world.snapshot()
    reply = await world.tap(who, message, action)
    assert_refused(reply, popup)
    assert await world.snapshot() == before


async def editor(world: World, actor: str, about: str) -> FakeMessage:
    """`actor` (Anna or Bram) opens the status editor of `about` in the group."""
    listing = (await world.group(actor, world.cmd("members", "leden"))).last
    await world.tap(actor, listing, ManageMembers(world.boog_id, 0))
    await world.tap(actor, listing, button(listing, ManagePick, member_id=world.members[about]))
    return listing


async def proposal_to_make_rik_a_guest(world: World) -> FakeMessage:
    listing = await editor(world, "bram", "rik")
    reply = await world.tap("bram", listing, SetStatus(world.members["rik"], "g"))
    [proposal] = reply.to(world.boog)
    return proposal


async def rik(world: World) -> Member:
    return await world.db(lambda s: s.get(Member, world.members["rik"]))


async def confirm_proposal(world: World, who: str, expected: str) -> None:
    message = await proposal_to_make_rik_a_guest(world)
    confirm = button(message, ConfirmChange)
    if expected == REFUSED:
        msgid = {
            "bram": "members.confirm_not_proposer",
            "rik": "members.confirm_not_concerned",
        }.get(who, "members.confirm_residents_only")
        await refused_tap(world, who, message, confirm, world.popup(msgid))
        assert (await rik(world)).status == MemberStatus.RESIDENT
        return
    await world.tap(who, message, confirm)
    assert (await rik(world)).status == MemberStatus.GUEST
    assert message.buttons == []  # settled: the message says so, without buttons


async def withdraw_proposal(world: World, who: str, expected: str) -> None:
    message = await proposal_to_make_rik_a_guest(world)
    withdraw = button(message, WithdrawChange)
    if expected == REFUSED:
        popup = world.popup("members.withdraw_only_proposer")
        await refused_tap(world, who, message, withdraw, popup)
        return
    await world.tap(who, message, withdraw)

    def states(session: Session) -> list[ProposalState]:
        found = session.scalars(
            select(MemberProposal).where(MemberProposal.house_id == world.boog_id)
        )
        return [p.state for p in found]

    assert await world.db(states) == [ProposalState.WITHDRAWN]
    assert (await rik(world)).status == MemberStatus.RESIDENT


async def confirm_zoe(world: World, who: str, expected: str) -> None:
    reply = await world.tap("zoe", world.card(), IAmResident(world.boog_id))
    [declared] = reply.to(world.boog)
    confirm = button(declared, ConfirmResident)

    async def zoe() -> Member:
        return await world.db(lambda s: s.get(Member, world.members["zoe"]))

    if expected == REFUSED:
        msgid = "members.confirm_not_yourself" if who == "zoe" else "members.confirm_residents_only"
        await refused_tap(world, who, declared, confirm, world.popup(msgid))
        assert (await zoe()).status_source == StatusSource.SELF
        return
    await world.tap(who, declared, confirm)
    assert (await zoe()).status_source == StatusSource.CONFIRMED


async def own_role(world: World, who: str, expected: str) -> None:
    """Nobody appoints themself: Anna and Bram manage, and are refused kindly; the others
    cannot open the editor at all."""
    assert expected == REFUSED
    forged = ToggleRole(world.members[who], Role.CONFIDANT)
    if who in ("anna", "bram"):
        listing = await editor(world, who, who)
        await refused_tap(world, who, listing, forged, world.popup("members.not_yourself_role"))
        return
    listing = await editor(world, "anna", "rik")
    await refused_tap(world, who, listing, forged, world.popup("members.only_manager"))


async def own_status(world: World, who: str, expected: str) -> None:
    assert expected == REFUSED
    forged = SetStatus(world.members[who], "g")
    if who in ("anna", "bram"):
        listing = await editor(world, who, who)
        await refused_tap(world, who, listing, forged, world.popup("members.not_your_own_status"))
        return
    listing = await editor(world, "anna", "rik")
    await refused_tap(world, who, listing, forged, world.popup("members.only_manager"))


ACTIONS: dict[str, Run] = {
    "confirm Bram's proposal: Rik a guest": confirm_proposal,
    "withdraw Bram's proposal": withdraw_proposal,
    "confirm Zoe's 'I live here'": confirm_zoe,
    "give yourself the confidant role": own_role,
    "take your own vote (status: guest)": own_status,
}


def test_every_action_of_the_table_is_run() -> None:
    assert set(ACTIONS) == set(TABLE)


@pytest.mark.parametrize(("name", "who", "expected", "language"), ROWS)
async def test_the_table(
    new_world: WorldFactory, name: str, who: str, expected: str, language: str
) -> None:
    world = await new_world(language)
    await ACTIONS[name](world, who, expected)
    world.assert_sound()


# --- single checks --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_former_resident_who_moved_out_herself_cannot_declare_again(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)

    def moved_out_herself(session: Session) -> None:
        session.get(Member, world.members["fien"]).status_source = StatusSource.SELF

    await world.db(moved_out_herself)
    popup = world.popup("members.moved_out_cannot_redeclare")
    await refused_tap(world, "fien", world.card(), IAmResident(world.boog_id), popup)
    world.assert_sound()


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_peer_worker_holds_a_role_only_if_the_house_allows_it(
    new_world: WorldFactory, language: str
) -> None:
    world = await new_world(language)
    listing = await editor(world, "bram", "sam")
    confidant = ToggleRole(world.members["sam"], Role.CONFIDANT)
    popup = world.popup(
        "members.role_for_residents",
        name="Sam",
        role=world.t("role.confidant"),
        status=world.t("kind.peer_worker"),
    )
    await refused_tap(world, "bram", listing, confidant, popup)

    def allow(session: Session) -> None:
        session.get(House, world.boog_id).peer_workers_hold_roles = True

    await world.db(allow)
    reply = await world.tap("bram", listing, confidant)
    [proposal] = reply.to(world.boog)
    await world.tap("rik", proposal, button(proposal, ConfirmChange))
    sam = await world.db(lambda s: s.get(Member, world.members["sam"]))
    assert sam.role_set == {Role.CONFIDANT}
    world.assert_sound()


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_another_houses_proposal_is_refused(new_world: WorldFactory, language: str) -> None:
    """A proposal of De Boog, tapped from Het Anker's group by its chair: stale, nothing
    changes."""
    world = await new_world(language)
    message = await proposal_to_make_rik_a_guest(world)
    confirm = button(message, ConfirmChange)
    anker_message = world.inbox("henk")
    await refused_tap(world, "henk", anker_message, confirm, world.popup("button.stale"))
    assert (await rik(world)).status == MemberStatus.RESIDENT
    world.assert_sound()
