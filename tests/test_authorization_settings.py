"""The authorization audit of the house settings, the per-poll overrides and admission
(issue 12), in the world of `tests.audit_helpers` (Anna: resident and group admin · Bram: chair
· Rik: resident · Sam: supporter, peer worker · Fien: former resident · Gert: guest · Zoe: a
stranger from Het Anker, a discovered guest in De Boog's group).

- Every house setting × everyone, in a house of three residents: a resident's tap is a
  proposal (the poll is posted, the setting is unchanged); everyone else is refused politely
  and nothing changes.
- The same while the house has two residents (Rik arranged as a guest): the chair and the group
  admin set it directly (announced in the group); everyone else is refused.
- The old direct paths (the meeting's check-in settings, the reports' retention, the rota
  overview) are refused for everyone, the chair too.
- Per-poll overrides weaker than the house (quorum, who votes, posting a weakened draft) are
  refused for the chair; anyone else's tap on his draft is stale.
- "Welkom" on a waiting newcomer: residents only.
- Join requests: through a foreign link or none, nothing happens; through the house's link
  the house's setting decides.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import house_settings as settings_domain
from bot.domain import polls as poll_domain
from bot.handlers.admission import Welcome
from bot.handlers.flags import FlagKeep
from bot.handlers.house_settings import HouseSettingPick
from bot.handlers.meetings import MeetingSetting
from bot.handlers.poll_form import FormEdit, FormQuorum
from bot.handlers.rotas import RotaManage
from bot.storage.house_settings_models import Admission, ChangeState, HouseSettingChange
from bot.storage.models import House, Member, MemberStatus, Person, Voters
from tests import audit_helpers
from tests.audit_helpers import ROLES, World, WorldFactory, assert_refused

shared_bot = audit_helpers.shared_bot  # the fixtures: one bot, a fresh world per test
new_world = audit_helpers.new_world

RESIDENTS = ("anna", "bram", "rik")
SETTERS = ("anna", "bram")  # the group admin and the chair
SETTINGS = [(i, s) for i, s in enumerate(settings_domain.SETTINGS) if not s.typed]  # values


def setting_rows(mode: str, allowed: tuple[str, ...], language: str = "nl") -> list[Any]:
    return [
        pytest.param(
            index,
            who,
            language,
            id=f"{mode} · {setting.key} · {who} · {'allowed' if who in allowed else 'refused'}"
            + (" · en" if language == "en" else ""),
        )
        for index, setting in SETTINGS
        for who in ROLES
    ]


async def listing(world: World) -> Any:
    """The house settings in the group, as any member opens them (Rik is no admin)."""
    return (await world.group("rik", world.cmd("setup", "instellen"))).last


async def value_of(world: World, index: int) -> str:
    setting = settings_domain.SETTINGS[index]

    def read(session: Session) -> str:
        house = session.get(House, world.boog_id)
        assert house is not None
        return setting.get(session, house)

    return await world.db(read)


async def changes(world: World) -> list[tuple[str, str, ChangeState, bool]]:
    def read(session: Session) -> list[tuple[str, str, ChangeState, bool]]:
        rows = session.scalars(
            select(HouseSettingChange).where(HouseSettingChange.house_id == world.boog_id)
        ).all()
        return [(c.key, c.value, c.state, c.poll_id is not None) for c in rows]

    return await world.db(read)


async def tap_other_value(world: World, who: str, index: int) -> tuple[Any, str, str]:
    setting = settings_domain.SETTINGS[index]
    message = await listing(world)
    current = await value_of(world, index)
    other = (setting.values.index(current) + 1) % len(setting.values)
    reply = await world.tap(who, message, HouseSettingPick.of(world.boog_id, index, other))
    return reply, current, setting.values[other]


@pytest.mark.parametrize(
    ("index", "who", "language"),
    setting_rows("proposal", RESIDENTS)
    + [r for r in setting_rows("proposal", RESIDENTS, "en") if r.values[0] in (0, 4)],
)
async def test_a_house_setting_is_proposed_by_a_resident_only(
    new_world: WorldFactory, index: int, who: str, language: str
) -> None:
    world = await new_world(language)
    setting = settings_domain.SETTINGS[index]
    await listing(world)
    before = await world.snapshot()
    reply, current, proposed = await tap_other_value(world, who, index)
    if who in RESIDENTS:
        posted = reply.to(world.boog)
        assert len(posted) == 2  # the announcement and the consent poll
        assert posted[0].text.startswith("🗳 ")
        assert await value_of(world, index) == current  # not before the decision
        assert await changes(world) == [(setting.key, proposed, ChangeState.PROPOSED, True)]
    else:
        assert_refused(reply, world.popup("hs.only_residents_propose"))
        assert await world.snapshot() == before
    world.assert_sound()


async def two_residents(world: World) -> None:
    def arrange(session: Session) -> None:
        rik = session.get(Member, world.member("rik"))
        assert rik is not None
        rik.status = MemberStatus.GUEST

    await world.db(arrange)


@pytest.mark.parametrize(("index", "who", "language"), setting_rows("bootstrap", SETTERS))
async def test_while_the_house_has_two_residents_the_chair_or_admin_sets_it_directly(
    new_world: WorldFactory, index: int, who: str, language: str
) -> None:
    world = await new_world(language)
    setting = settings_domain.SETTINGS[index]
    await two_residents(world)
    await listing(world)
    before = await world.snapshot()
    reply, _current, chosen = await tap_other_value(world, who, index)
    if who in SETTERS:
        [announced] = reply.to(world.boog)
        assert announced.text.startswith("⚙️ ")
        assert await value_of(world, index) == chosen
        assert await changes(world) == [(setting.key, chosen, ChangeState.APPLIED, False)]
    else:
        assert_refused(reply, world.popup("hs.only_residents_propose"))
        assert await world.snapshot() == before
    world.assert_sound()


OLD_PATHS = {
    "meeting: check-in round": lambda house: MeetingSetting(house, "checkin"),
    "meeting: keep check-in notes": lambda house: MeetingSetting(house, "keep"),
    "reports: keep weeks": lambda house: FlagKeep(house, 8),
    "rota: chair overview": lambda house: RotaManage(house, "setting"),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("path", list(OLD_PATHS))
async def test_the_old_direct_paths_are_refused_for_everyone(
    new_world: WorldFactory, path: str, who: str
) -> None:
    world = await new_world()
    forged = OLD_PATHS[path](world.boog_id)
    before = await world.snapshot()
    reply = await world.tap(who, world.inbox(who), forged)
    assert reply.popup is not None and reply.popup_alert
    if who == "bram":  # the chair: the house decides this now
        assert reply.popup == world.popup("hs.house_decides")
    assert reply.sent == [] and reply.edits == []
    assert await world.snapshot() == before
    world.assert_sound()


async def bram_draft(world: World, **weaker: Any) -> int:
    def make(session: Session) -> int:
        house = session.get(House, world.boog_id)
        bram = session.get(Member, world.member("bram"))
        assert house is not None and bram is not None
        poll = poll_domain.new_poll(session, world.bot.clock, house, bram, question="Een moestuin?")
        for key, value in weaker.items():
            setattr(poll, key, value)
        return poll.id

    return await world.db(make)


OVERRIDES: dict[str, tuple[dict[str, Any], Any, str, dict[str, Any]]] = {
    # name: (how the draft is weakened in the database, the tap, bram's refusal, its params)
    "quorum below the house": (
        {},
        lambda p: FormQuorum(p, 0),
        "poll.weaker_quorum",
        {"percent": 50},
    ),
    "more voters than the house": ({}, lambda p: FormEdit(p, "who"), "poll.weaker_voters", {}),
    "post a draft with no minimum": (
        {"quorum_percent": 0},
        lambda p: FormEdit(p, "post"),
        "poll.weaker_quorum",
        {"percent": 50},
    ),
    "post a draft with supporters": (
        {"voters": Voters.WITH_SUPPORTERS},
        lambda p: FormEdit(p, "post"),
        "poll.weaker_voters",
        {},
    ),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("override", list(OVERRIDES))
async def test_a_poll_cannot_be_weaker_than_the_house(
    new_world: WorldFactory, override: str, who: str
) -> None:
    world = await new_world()
    weaker, tap, msgid, params = OVERRIDES[override]
    poll_id = await bram_draft(world, **weaker)
    before = await world.snapshot()
    reply = await world.tap(who, world.inbox(who), tap(poll_id))
    expected = world.popup(msgid, **params) if who == "bram" else world.popup("button.stale")
    assert_refused(reply, expected)
    assert await world.snapshot() == before
    world.assert_sound()


async def waiting_newcomer(world: World) -> int:
    newcomer = world.bot.tg.add_user("Eva")

    def make(session: Session) -> int:
        house = session.get(House, world.boog_id)
        assert house is not None
        house.admission = settings_domain.TWO_WELCOMES
        person = Person(telegram_id=newcomer.id, first_name="Eva", created_at=world.now())
        session.add(person)
        session.flush()
        admission = Admission(
            house_id=house.id,
            person_id=person.id,
            user_chat_id=newcomer.id,
            welcomed_by=[],
            created_at=world.now(),
        )
        session.add(admission)
        session.flush()
        return admission.id

    return await world.db(make)


@pytest.mark.parametrize("who", ROLES)
async def test_welkom_is_for_residents(new_world: WorldFactory, who: str) -> None:
    world = await new_world()
    admission_id = await waiting_newcomer(world)
    before = await world.snapshot()
    reply = await world.tap(who, world.card(), Welcome(admission_id))
    if who in RESIDENTS:
        assert reply.popup == world.popup("admission.thanks")

        def welcomed(session: Session) -> list[Any]:
            found = session.get(Admission, admission_id)
            assert found is not None
            return list(found.welcomed_by)

        assert await world.db(welcomed) == [world.member(who)]
    else:
        assert_refused(reply, world.popup("admission.only_residents"))
        assert await world.snapshot() == before
    world.assert_sound()


@pytest.mark.parametrize("link", ["foreign", "none", "house at once", "house two welcomes"])
async def test_a_join_request_by_link(new_world: WorldFactory, link: str) -> None:
    world = await new_world()
    tg, driver = world.bot.tg, world.bot.driver
    tg.set_bot_admin(world.boog, is_admin=True, can_invite_users=True)
    settings = (await world.group("anna", world.cmd("setup", "instellen"))).last
    await driver.tap(world.user("anna"), settings, "🔗")
    house_link = tg.invite_links(world.boog)[-1]
    if link == "house two welcomes":

        def two(session: Session) -> None:
            house = session.get(House, world.boog_id)
            assert house is not None
            house.admission = settings_domain.TWO_WELCOMES

        await world.db(two)
    newcomer = tg.add_user("Eva")
    invite: dict[str, Any] | None = {
        "foreign": {**house_link, "invite_link": "https://t.me/+AdminsOwnLink"},
        "none": None,
    }.get(link, house_link)
    before = await world.snapshot()
    reply = await driver.join_request(world.boog, newcomer, invite_link=invite)
    pending = tg.pending_join_requests(world.boog)
    if link in ("foreign", "none"):
        assert reply.sent == [] and pending == [newcomer.id]  # the admins decide
        assert await world.snapshot() == before
    elif link == "house at once":
        assert pending == [] and newcomer.id in world.boog.members
    else:
        assert pending == [newcomer.id]
        assert [m.text.startswith("👋 Eva") for m in reply.to(world.boog)] == [True]
    world.assert_sound()
