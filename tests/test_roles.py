"""Roles and statuses belong to the residents (issue 12): a change that gives or takes a role, or
takes someone's vote, is a proposal a second resident confirms in the group; nobody appoints
themself; roles are residents' roles (peer workers only if the house decided so); the bootstrap
rule for a house with fewer than three residents; moving out ends the residents' roles.

De Boog here: Anna (group admin, resident), Bram (resident, chair), Carla (resident), Dirk
(resident), Sam (peer worker), Eva (guest). Four residents: no bootstrap."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.member_models import MemberProposal, ProposalState
from bot.storage.models import House as HouseRow
from bot.storage.models import Member, MemberStatus, Person, PrivateChat, Role, SupporterKind
from tests.conftest import Bot, House, make_house
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import member, set_member

TEXTS = {
    "nl": {
        "manage": "✏️ Status of rol aanpassen",
        "members": "/leden",
        "guest": "Gast",
        "resident": "Bewoner",
        "chair": "voorzitter",
        "confidant": "vertrouwenspersoon",
        "confirm": "✅ Bevestigen",
        "withdraw": "↩️ Intrekken",
        "proposal_guest": (
            "🗳️ Bram stelt voor: Dirk (@dirk) wordt gast. Dan mag Dirk niet meer stemmen.\n"
            "Klopt dit? Een andere bewoner tikt op Bevestigen (niet Bram en niet Dirk). "
            "Pas dan geldt het.\n"
            "Bevestigt niemand het binnen 3 dagen? Dan vervalt het voorstel."
        ),
        "proposed": "Je voorstel staat in de groep. Een andere bewoner moet het bevestigen.",
        "not_proposer": "Jij hebt dit voorgesteld. Een andere bewoner moet het bevestigen.",
        "not_concerned": "Dit voorstel gaat over jou. Een andere bewoner moet het bevestigen.",
        "residents_only": "Alleen een bewoner kan dit bevestigen.",
        "confirmed_guest": (
            "✅ Bram stelde voor: Dirk (@dirk) wordt gast. Dan mag Dirk niet meer stemmen.\n"
            "Carla de Vries heeft het bevestigd. Het geldt nu."
        ),
        "about_you": "In De Boog stelt Bram voor: Dirk (@dirk) wordt gast.",
        "not_yourself": (
            "Je kunt jezelf geen rol geven. Een andere bewoner kan het voorstellen. "
            "Daarna bevestigt nog een bewoner het."
        ),
        "own_status": (
            "Je eigen status verander je niet zelf. Een andere bewoner of de voorzitter kan het "
            "voorstellen. Ga je verhuizen? Gebruik dan /verhuizen."
        ),
        "proposal_chair": "🗳️ Anna stelt voor: Carla de Vries wordt voorzitter.",
        "confirmed_chair": (
            "✅ Anna stelde voor: Carla de Vries wordt voorzitter.\n"
            "Dirk heeft het bevestigd. Het geldt nu.\n"
            "Bram is nu geen voorzitter meer."
        ),
        "withdraw_only": "Alleen wie het voorstelde kan het intrekken.",
        "withdrawn": (
            "↩️ Anna stelde voor: Dirk (@dirk) wordt vertrouwenspersoon.\n"
            "Anna heeft het voorstel ingetrokken. Er verandert niets."
        ),
        "open": (
            "Er staat al een voorstel over Dirk open in de groep. Wacht tot het klaar is, "
            "of trek het in."
        ),
        "expired": (
            "⌛ Anna stelde voor: Dirk (@dirk) wordt vertrouwenspersoon.\n"
            "Niemand heeft het op tijd bevestigd. Er verandert niets."
        ),
        "expired_popup": "Dit voorstel is vervallen: niemand bevestigde het op tijd.",
        "peer_refused": (
            "Alleen een bewoner kan vertrouwenspersoon zijn. Sam is ervaringswerker. "
            "Een ervaringswerker kan het alleen als het huis dat heeft besloten."
        ),
        "social_refused": (
            "Alleen een bewoner kan voorzitter zijn. Sam is sociaal werker. "
            "Een ervaringswerker kan het alleen als het huis dat heeft besloten."
        ),
        "guest_refused": (
            "Alleen een bewoner kan voorzitter zijn. Eva is gast. "
            "Een ervaringswerker kan het alleen als het huis dat heeft besloten."
        ),
        "peer_proposal": "🗳️ Bram stelt voor: Sam (@sam) wordt vertrouwenspersoon.",
        "social": "Sociaal werker",
        "bootstrap": (
            "Bram is nu voorzitter. Anna heeft dit veranderd.\n"
            "Het huis heeft nog geen 3 bewoners. Daarom mag de voorzitter of een groepsbeheerder "
            "dit nu nog alleen doen. Later bevestigt een tweede bewoner zo'n verandering."
        ),
    },
    "en": {
        "manage": "✏️ Change status or role",
        "members": "/members",
        "guest": "Guest",
        "resident": "Resident",
        "chair": "chair",
        "confidant": "confidant",
        "confirm": "✅ Confirm",
        "withdraw": "↩️ Withdraw",
        "proposal_guest": (
            "🗳️ Bram proposes: Dirk (@dirk) becomes guest. Then Dirk can no longer vote.\n"
            "Is this right? Another resident taps Confirm (not Bram and not Dirk). "
            "Only then it counts.\n"
            "Nobody confirms it within 3 days? Then the proposal lapses."
        ),
        "proposed": "Your proposal is in the group. Another resident has to confirm it.",
        "not_proposer": "You proposed this. Another resident has to confirm it.",
        "not_concerned": "This proposal is about you. Another resident has to confirm it.",
        "residents_only": "Only a resident can confirm this.",
        "confirmed_guest": (
            "✅ Bram proposed: Dirk (@dirk) becomes guest. Then Dirk can no longer vote.\n"
            "Carla de Vries confirmed it. It counts now."
        ),
        "about_you": "In De Boog, Bram proposes: Dirk (@dirk) becomes guest.",
        "not_yourself": (
            "You cannot give yourself a role. Another resident can propose it. "
            "Then one more resident confirms it."
        ),
        "own_status": (
            "You do not change your own status. Another resident or the chair can propose it. "
            "Moving out? Use /moveout."
        ),
        "proposal_chair": "🗳️ Anna proposes: Carla de Vries becomes chair.",
        "confirmed_chair": (
            "✅ Anna proposed: Carla de Vries becomes chair.\n"
            "Dirk confirmed it. It counts now.\n"
            "Bram is no longer chair."
        ),
        "withdraw_only": "Only the person who proposed it can withdraw it.",
        "withdrawn": (
            "↩️ Anna proposed: Dirk (@dirk) becomes confidant.\n"
            "Anna withdrew the proposal. Nothing changes."
        ),
        "open": (
            "A proposal about Dirk is already open in the group. Wait until it is settled, "
            "or withdraw it."
        ),
        "expired": (
            "⌛ Anna proposed: Dirk (@dirk) becomes confidant.\n"
            "Nobody confirmed it in time. Nothing changes."
        ),
        "expired_popup": "This proposal lapsed: nobody confirmed it in time.",
        "peer_refused": (
            "Only a resident can be confidant. Sam is peer worker. "
            "A peer worker can be it only if the house decided so."
        ),
        "social_refused": (
            "Only a resident can be chair. Sam is social worker. "
            "A peer worker can be it only if the house decided so."
        ),
        "guest_refused": (
            "Only a resident can be chair. Eva is guest. "
            "A peer worker can be it only if the house decided so."
        ),
        "peer_proposal": "🗳️ Bram proposes: Sam (@sam) becomes confidant.",
        "social": "Social worker",
        "bootstrap": (
            "Bram is now chair. Anna changed this.\n"
            "The house has fewer than 3 residents. So the chair or an admin may still do this "
            "alone. Later a second resident confirms such a change."
        ),
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])


class Boog:
    """De Boog with four residents (see the module's docstring)."""

    def __init__(self, house: House, language: str) -> None:
        self.house, self.language, self.t = house, language, TEXTS[language]
        tg = house.tg
        self.dirk = tg.add_user("Dirk", username="dirk", language_code=language)
        self.sam = tg.add_user("Sam", username="sam", language_code=language)
        self.eva = tg.add_user("Eva", username="eva", language_code=language)
        for user in (self.dirk, self.sam, self.eva):
            house.group.members[user.id] = user
        for user in (house.anna, house.bram, house.carla, self.dirk, self.sam, self.eva):
            tg.start_bot(user)

    async def arrange(self, *, residents: bool = True) -> None:
        db, house = self.house.bot.database, self.house
        opened = PrivateChat.OPEN
        if residents:
            await set_member(db, house.anna, MemberStatus.RESIDENT, private_chat=opened)
            await set_member(db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=opened)
            await set_member(db, house.carla, MemberStatus.RESIDENT, private_chat=opened)
            await set_member(db, self.dirk, MemberStatus.RESIDENT, private_chat=opened)
        await set_member(db, self.sam, MemberStatus.SUPPORTER, private_chat=opened)
        await set_member(db, self.eva, MemberStatus.GUEST, private_chat=opened)
        users = {
            u.id: u for u in (house.anna, house.bram, house.carla, self.dirk, self.sam, self.eva)
        }
        async with db.transaction() as session:
            for row in session.scalars(select(HouseRow)):
                row.language = self.language
            for person in session.scalars(select(Person)):  # as Telegram tells the bot
                person.username = users[person.telegram_id].username
        await self.kind(self.sam, SupporterKind.PEER_WORKER)

    async def kind(self, user: FakeUser, kind: SupporterKind) -> None:
        async with self.house.bot.database.transaction() as session:
            found = session.scalars(
                select(Member).join(Person).where(Person.telegram_id == user.id)
            ).one()
            found.supporter_kind = kind

    async def editor(self, actor: FakeUser, who: FakeUser) -> FakeMessage:
        driver, group = self.house.driver, self.house.group
        listing = (await driver.send(actor, self.t["members"], chat=group)).last
        await driver.tap(actor, listing, self.t["manage"])
        await driver.tap(actor, listing, f"@{who.username}) ·" if who.username else who.first_name)
        return listing

    async def tap(self, user: FakeUser, message: FakeMessage, text: str) -> Reply:
        return await self.house.driver.tap(user, message, self.t[text])

    async def status(self, user: FakeUser) -> tuple[MemberStatus, frozenset[Role]]:
        found = await member(self.house.bot.database, user)
        assert found is not None
        return found.status, found.role_set


@pytest.fixture(params=["nl", "en"])
async def boog(bot: Bot, request: pytest.FixtureRequest) -> Boog:
    world = Boog(await make_house(bot, request.param), request.param)
    await world.arrange()
    return world


async def test_taking_a_vote_is_a_proposal_a_second_resident_confirms(boog: Boog) -> None:
    house, t = boog.house, boog.t
    group = house.group
    editor = await boog.editor(house.bram, boog.dirk)
    # The old direct path: Bram (chair) sets Dirk to guest. Nothing changes yet; it is proposed.
    reply = await boog.tap(house.bram, editor, "guest")
    assert reply.popup == t["proposed"]
    [proposal] = reply.to(group)
    assert proposal.text == t["proposal_guest"]
    assert reply.to(boog.dirk)[0].text.startswith(t["about_you"])
    assert await boog.status(boog.dirk) == (MemberStatus.RESIDENT, frozenset())

    # Not the proposer, not the person it is about, not a guest or a supporter.
    for who, refusal in (
        (house.bram, "not_proposer"),
        (boog.dirk, "not_concerned"),
        (boog.eva, "residents_only"),
        (boog.sam, "residents_only"),
    ):
        reply = await boog.tap(who, proposal, "confirm")
        assert reply.popup == t[refusal]
        assert reply.sent == [] and reply.edits == []
    assert await boog.status(boog.dirk) == (MemberStatus.RESIDENT, frozenset())

    # Carla, a second resident, confirms: now it counts, and the message says who confirmed.
    reply = await boog.tap(house.carla, proposal, "confirm")
    assert proposal.text == t["confirmed_guest"]
    assert proposal.buttons == []
    assert await boog.status(boog.dirk) == (MemberStatus.GUEST, frozenset())
    assert reply.to(boog.dirk)  # Dirk hears it privately too


async def test_roles_are_proposed_withdrawn_lapse_and_nobody_appoints_themself(
    boog: Boog,
) -> None:
    house, t = boog.house, boog.t
    group = house.group
    # Anna (admin and resident) cannot make herself chair, nor change her own status.
    editor = await boog.editor(house.anna, house.anna)
    reply = await boog.tap(house.anna, editor, "chair")
    assert reply.popup == t["not_yourself"]
    assert reply.sent == []
    reply = await boog.tap(house.anna, editor, "guest")
    assert reply.popup == t["own_status"]
    assert await boog.status(house.anna) == (MemberStatus.RESIDENT, frozenset())

    # Anna proposes Carla as chair; Dirk confirms; the chair moves from Bram to Carla.
    editor = await boog.editor(house.anna, house.carla)
    reply = await boog.tap(house.anna, editor, "chair")
    [proposal] = reply.to(group)
    assert proposal.text.startswith(t["proposal_chair"])
    assert await boog.status(house.carla) == (MemberStatus.RESIDENT, frozenset())
    await boog.tap(boog.dirk, proposal, "confirm")
    assert proposal.text == t["confirmed_chair"]
    assert await boog.status(house.carla) == (MemberStatus.RESIDENT, frozenset({Role.CHAIR}))
    assert await boog.status(house.bram) == (MemberStatus.RESIDENT, frozenset())

    # Anna proposes Dirk as confidant, then takes it back; only she can.
    editor = await boog.editor(house.anna, boog.dirk)
    proposal = (await boog.tap(house.anna, editor, "confidant")).to(group)[0]
    reply = await boog.tap(house.anna, editor, "confidant")
    assert reply.popup == t["open"]  # one open proposal about a person at a time
    reply = await boog.tap(house.bram, proposal, "withdraw")
    assert reply.popup == t["withdraw_only"]
    await boog.tap(house.anna, proposal, "withdraw")
    assert proposal.text == t["withdrawn"]
    assert await boog.status(boog.dirk) == (MemberStatus.RESIDENT, frozenset())

    # Proposed again, and nobody confirms it in three days: it lapses, nothing changes.
    proposal = (await boog.tap(house.anna, editor, "confidant")).to(group)[0]
    await house.bot.advance(days=3, minutes=1)
    reply = await boog.tap(house.carla, proposal, "confirm")
    assert reply.popup == t["expired_popup"]
    assert proposal.text == t["expired"]
    assert await boog.status(boog.dirk) == (MemberStatus.RESIDENT, frozenset())
    async with house.bot.database.transaction() as session:
        states = sorted(p.state for p in session.scalars(select(MemberProposal)))
    assert states == sorted(
        [ProposalState.CONFIRMED, ProposalState.WITHDRAWN, ProposalState.EXPIRED]
    )


async def test_supporters_hold_no_role_unless_the_house_allows_peer_workers(boog: Boog) -> None:
    house, t = boog.house, boog.t
    editor = await boog.editor(house.bram, boog.sam)
    reply = await boog.tap(house.bram, editor, "confidant")
    assert reply.popup == t["peer_refused"]
    assert reply.sent == []
    editor = await boog.editor(house.bram, boog.eva)
    reply = await boog.tap(house.bram, editor, "chair")
    assert reply.popup == t["guest_refused"]

    # The house decided that peer workers may hold these roles (i12a's settings set it).
    async with house.bot.database.transaction() as session:
        for row in session.scalars(select(HouseRow)):
            row.peer_workers_hold_roles = True
    editor = await boog.editor(house.bram, boog.sam)
    reply = await boog.tap(house.bram, editor, "confidant")
    [proposal] = reply.to(house.group)
    assert proposal.text.startswith(t["peer_proposal"])
    await boog.tap(house.carla, proposal, "confirm")
    assert await boog.status(boog.sam) == (MemberStatus.SUPPORTER, frozenset({Role.CONFIDANT}))

    # A social worker still cannot: the house allowed peer workers, not staff.
    await boog.kind(boog.sam, SupporterKind.SOCIAL_WORKER)
    editor = await boog.editor(house.bram, boog.sam)
    reply = await boog.tap(house.bram, editor, "chair")
    assert reply.popup == t["social_refused"]


@LANGUAGES
async def test_bootstrap_the_chair_or_an_admin_acts_alone_while_under_three_residents(
    bot: Bot, language: str
) -> None:
    world = Boog(await make_house(bot, language), language)
    house, t = world.house, world.t
    db = house.bot.database
    await set_member(db, house.bram, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await world.arrange(residents=False)
    # Anna is an admin (a guest here): with one resident, she makes Bram chair herself.
    editor = await world.editor(house.anna, house.bram)
    reply = await world.tap(house.anna, editor, "chair")
    assert [m.text for m in reply.to(house.group)] == [t["bootstrap"]]
    assert await world.status(house.bram) == (MemberStatus.RESIDENT, frozenset({Role.CHAIR}))
    # Still nobody appoints themself, not even in a starting house.
    editor = await world.editor(house.bram, house.bram)
    reply = await world.tap(house.bram, editor, "confidant")
    assert reply.popup == t["not_yourself"]


@LANGUAGES
async def test_moving_out_ends_the_chair_and_the_confidant_role(bot: Bot, language: str) -> None:
    """Moving out keeps its own confirmation (/verhuizen) and ends the residents' roles: chair
    and confidant alike."""
    from tests.test_aftercare import make_aftercare

    care = await make_aftercare(bot, language)
    h, w = care.house, care.w
    await set_member(bot.database, h.bram, MemberStatus.RESIDENT, Role.CHAIR, Role.CONFIDANT)
    picker = (await care.private(h.bram, w["moveout"])).last
    question = (await care.tap(h.bram, picker, "Bram")).last
    reply = await care.tap(h.bram, question, w["yes"])
    reply = await care.tap(h.bram, question, w["goodbye_no"])  # the group hears it then
    assert [m.text for m in reply.to(h.group)] == [
        "🏡 Bram is verhuisd en is nu oud-bewoner (was: bewoner).\n"
        "Bram is nu geen voorzitter en vertrouwenspersoon meer. "
        "Kies in de vergadering wie het overneemt."
        if language == "nl"
        else "🏡 Bram has moved out and is now a former resident (was: resident).\n"
        "Bram is no longer chair and confidant. Choose at the meeting who takes over."
    ]
    assert await bram_roles(bot) == frozenset()


async def bram_roles(bot: Bot) -> frozenset[Role]:
    async with bot.database.transaction() as session:
        bram = session.scalars(select(Member).join(Person).where(Person.first_name == "Bram")).one()
        return bram.role_set
