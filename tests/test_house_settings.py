"""House settings belong to the house (issue 12): everyone sees them and the decision behind
each; a change is a proposal (a consent poll) applied only when adopted; while the house has
fewer than three residents the chair or a group admin sets them directly (announced); the old
direct paths are refused kindly; a poll is never weaker than the house; who votes is on every
poll and decision."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.callbacks import codec
from bot.handlers.meetings import MeetingSetting
from bot.handlers.poll_form import FormQuorum
from bot.storage.house_settings_models import ChangeState, HouseSettingChange
from bot.storage.models import MemberStatus, Poll, SupporterKind
from tests.conftest import Bot, make_house
from tests.fake_telegram import FakeMessage, FakeUser
from tests.helpers import set_member, the_house
from tests.test_polls import Voting, make_voting

T = {
    "nl": {
        "quorum": "Genoeg stemmen (quorum)",
        "two_thirds": "twee derde",
        "agree": "Akkoord",
        "objection": "Bezwaar",
        "setup": "/instellen",
    },
    "en": {
        "quorum": "Enough votes (quorum)",
        "two_thirds": "two thirds",
        "agree": "Agree",
        "objection": "Objection",
        "setup": "/setup",
    },
}


async def settings_message(bot: Bot, user: FakeUser, voting: Voting, language: str) -> FakeMessage:
    """`/setup` in the group: a group admin opens the house settings from the set-up."""
    message = (await bot.driver.send(user, T[language]["setup"], chat=voting.house.group)).last
    if any(b.text.startswith("🏠") for b in bot.tg.all_buttons(message)):
        await bot.driver.tap(user, message, "🏠")
    return message


async def propose_two_thirds(voting: Voting, by: FakeUser, language: str) -> FakeMessage:
    """`by` proposes the quorum "two thirds"; returns the poll message in the group."""
    bot, words = voting.bot, T[language]
    listing = await settings_message(bot, by, voting, language)
    await bot.driver.tap(by, listing, words["quorum"])
    reply = await bot.driver.tap(by, listing, words["two_thirds"])
    posted = reply.to(voting.house.group)
    assert len(posted) == 2, reply.texts  # the announcement, then the poll
    return posted[1]


async def test_everyone_sees_the_house_settings_and_the_decision_behind_them(bot: Bot) -> None:
    voting = await make_voting(bot)
    listing = await settings_message(bot, voting.house.carla, voting, "nl")  # not an admin
    assert listing.text.startswith(
        "🏠 Huisbesluiten van De Boog\n"
        "Dit beslist het huis samen. Wil je iets veranderen? Tik erop. "
        "Dan stemmen de bewoners erover.\n\n"
        "• Ervaringswerkers stemmen mee: nee — standaard\n"
        "• Sociaal werkers stemmen mee: nee — standaard\n"
        "• Wie start een stemming: de voorzitter — standaard\n"
        "• Genoeg stemmen (quorum), minstens: de helft — standaard\n"
        "• Een stemming duurt minstens: 1 dag — standaard\n"
    )
    assert "• Nieuwe mensen in de groep: via de link van het huis: meteen erin" in listing.text
    assert "minder dan 3 bewoners" not in listing.text  # four residents: no bootstrap


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_proposal_is_announced_and_applied_only_after_adoption(
    bot: Bot, language: str
) -> None:
    voting = await make_voting(bot, language)
    h, words = voting.house, T[language]
    poll = await propose_two_thirds(voting, h.carla, language)
    announcement = bot.tg.messages(h.group)[-2].text
    if language == "nl":
        assert announcement == (
            "🗳 Carla de Vries stelt voor: Genoeg stemmen (quorum), minstens: twee derde. "
            "De bewoners stemmen erover. Het verandert pas als het besluit is aangenomen."
        )
        assert poll.text.startswith(
            "🗳 Voorstel: Genoeg stemmen (quorum), minstens: twee derde (nu: de helft)\n"
        )
        assert "👥 Wie stemt: bewoners\n" in poll.text
    else:
        assert announcement.startswith("🗳 Carla de Vries proposes: Enough votes (quorum)")
        assert "👥 Who votes: residents\n" in poll.text
    assert (await the_house(bot.database)).quorum_percent == 50  # not yet

    # The list shows the running vote.
    listing = await settings_message(bot, h.anna, voting, language)
    running = "🗳 Er loopt een stemming: twee derde" if language == "nl" else "🗳 A vote is"
    assert running in listing.text

    for user in (h.anna, h.bram, h.carla, voting.dirk):
        await bot.driver.tap(user, poll, words["agree"])
    reply = await bot.advance(days=4)
    texts = [m.text for m in reply.to(h.group)]
    if language == "nl":
        assert "✅ Besluit 2026-001: Genoeg stemmen (quorum), minstens is nu twee derde." in texts
    else:
        assert "✅ Decision 2026-001: Enough votes (quorum), at least is now two thirds." in texts
    assert (await the_house(bot.database)).quorum_percent == 67

    listing = await settings_message(bot, h.carla, voting, language)
    assert (
        "• Genoeg stemmen (quorum), minstens: twee derde — besluit 2026-001"
        if language == "nl"
        else "• Enough votes (quorum), at least: two thirds — decision 2026-001"
    ) in listing.text
    # The decision record keeps who voted.
    command = "/besluiten 2026-001" if language == "nl" else "/decisions 2026-001"
    record = (await bot.driver.send(h.carla, command, chat=h.group)).last
    assert ("👥 Wie stemt: bewoners" if language == "nl" else "👥 Who votes: residents") in (
        record.text
    )


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_rejected_proposal_changes_nothing(bot: Bot, language: str) -> None:
    voting = await make_voting(bot, language)
    h, words = voting.house, T[language]
    poll = await propose_two_thirds(voting, h.carla, language)
    await bot.driver.tap(h.anna, poll, words["agree"])
    await bot.driver.tap(h.bram, poll, words["objection"])
    await bot.driver.send(h.bram, "Liever eerst praten", reply_to=bot.tg.last_bot_message(h.bram))
    reply = await bot.advance(days=4)
    texts = [m.text for m in reply.to(h.group)]
    expected = (
        "Besluit 2026-001: het voorstel (twee derde) is niet aangenomen. "
        "Genoeg stemmen (quorum), minstens blijft de helft."
        if language == "nl"
        else "Decision 2026-001: the proposal (two thirds) was not adopted. "
        "Enough votes (quorum), at least stays half."
    )
    assert expected in texts
    assert (await the_house(bot.database)).quorum_percent == 50
    async with bot.database.transaction() as session:
        change = session.scalars(select(HouseSettingChange)).one()
        assert change.state == ChangeState.NOT_APPLIED and change.decision_id is not None


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_old_direct_path_is_refused_kindly(bot: Bot, language: str) -> None:
    voting = await make_voting(bot, language)
    h, words = voting.house, T[language]
    # Anna is the group admin; as a social worker she proposes nothing, and sets nothing alone.
    await set_member(bot.database, h.anna, MemberStatus.SUPPORTER)
    async with bot.database.transaction() as session:
        from bot.storage.models import Member, Person

        anna = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == h.anna.id)
        ).one()
        anna.supporter_kind = SupporterKind.SOCIAL_WORKER
    listing = await settings_message(bot, h.anna, voting, language)
    await bot.driver.tap(h.anna, listing, words["quorum"])
    reply = await bot.driver.tap(h.anna, listing, words["two_thirds"])
    assert reply.popup == (
        "Dit beslist het huis samen. Alleen bewoners kunnen een verandering voorstellen. "
        "Praat erover met een bewoner, of zet het op de agenda."
        if language == "nl"
        else "The house decides this together. Only residents can propose a change. "
        "Talk about it with a resident, or put it on the agenda."
    )
    assert reply.to(h.group) == []
    assert (await the_house(bot.database)).quorum_percent == 50

    # The chair's old meeting settings no longer change the check-in round.
    house = await the_house(bot.database)
    inbox = bot.tg.last_bot_message(h.bram) or listing
    reply = await bot.driver.tap_data(
        h.bram, inbox, codec.encode(MeetingSetting(house.id, "checkin"))
    )
    assert reply.popup == (
        "Dit beslist het huis nu samen. Kijk bij /instellen in de groep. "
        "Daar kun je een verandering voorstellen."
        if language == "nl"
        else "The house decides this together now. Look at /setup in the group. "
        "There you can propose a change."
    )


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_while_fewer_than_three_residents_the_admin_sets_directly_and_the_group_hears_it(
    bot: Bot, language: str
) -> None:
    house = await make_house(bot, language_code=language)
    if language == "en":
        settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
        await bot.driver.tap(house.anna, settings, "🗣 Taal")
        await bot.driver.tap(house.anna, settings, "English")
    await set_member(bot.database, house.anna, MemberStatus.RESIDENT)
    settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
    await bot.driver.tap(house.anna, settings, "🏠")
    assert (
        "ℹ️ Het huis heeft nog minder dan 3 bewoners. Tot die tijd mag de voorzitter of een "
        "groepsbeheerder dit zelf instellen. De groep hoort elke verandering."
        if language == "nl"
        else "ℹ️ The house has fewer than 3 residents yet."
    ) in settings.text
    await bot.driver.tap(house.anna, settings, "Ervaringswerkers" if language == "nl" else "Peer")
    reply = await bot.driver.tap(house.anna, settings, "ja" if language == "nl" else "yes")
    [announced] = reply.to(house.group)
    assert announced.text == (
        "⚙️ Anna heeft ingesteld: Ervaringswerkers stemmen mee: ja.\n"
        "Het huis heeft nog minder dan 3 bewoners. Daarna beslissen de bewoners dit samen."
        if language == "nl"
        else "⚙️ Anna set: Peer workers vote: yes.\n"
        "The house has fewer than 3 residents yet. After that the residents decide this "
        "together."
    )
    assert (await the_house(bot.database)).peer_workers_vote
    assert (
        "• Ervaringswerkers stemmen mee: ja — ingesteld door Anna (start)"
        if language == "nl"
        else "• Peer workers vote: yes — set by Anna (start)"
    ) in settings.text

    # Bram, a guest, is not the chair nor an admin: he cannot set it alone.
    await bot.driver.tap(house.bram, settings, "Ervaringswerkers" if language == "nl" else "Peer")
    reply = await bot.driver.tap(house.bram, settings, "nee" if language == "nl" else "no")
    assert reply.popup is not None and reply.to(house.group) == []
    assert (await the_house(bot.database)).peer_workers_vote

    # A third resident: from now on the admin's tap is a proposal, not a change.
    await set_member(bot.database, house.bram, MemberStatus.RESIDENT)
    await set_member(bot.database, house.carla, MemberStatus.RESIDENT)
    settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
    await bot.driver.tap(house.anna, settings, "🏠")
    await bot.driver.tap(house.anna, settings, "Ervaringswerkers" if language == "nl" else "Peer")
    reply = await bot.driver.tap(house.anna, settings, "nee" if language == "nl" else "no")
    assert len(reply.to(house.group)) == 2  # the announcement and the poll
    assert (await the_house(bot.database)).peer_workers_vote  # still: the residents decide


async def test_the_poll_form_offers_nothing_weaker_than_the_house(bot: Bot) -> None:
    voting = await make_voting(bot)
    h = voting.house
    async with bot.database.transaction() as session:
        from bot.storage.models import House as HouseRow

        row = session.scalars(select(HouseRow)).one()
        row.peer_workers_vote = True  # decided earlier (see the tests above)
    reply = await bot.driver.send(h.bram, "/stemming Een moestuin?")
    form = reply.last
    # Who votes: the house's choice (with peer workers), or stricter (residents only).
    assert "👥 Wie stemt: bewoners en ervaringswerkers (4)" in form.text
    await bot.driver.tap(h.bram, form, "👥 Bewoners + ervaringswerkers")
    assert "👥 Wie stemt: bewoners (4)" in form.text
    await bot.driver.tap(h.bram, form, "👥 Alleen bewoners")
    assert "👥 Wie stemt: bewoners en ervaringswerkers (4)" in form.text
    assert not [b for b in bot.tg.all_buttons(form) if "ondersteuners" in b.text]

    # A forged "no minimum" is refused kindly; a deadline too soon too.
    async with bot.database.transaction() as session:
        poll_id = session.scalars(select(Poll.id)).one()
    reply = await bot.driver.tap_data(h.bram, form, codec.encode(FormQuorum(poll_id, 0)))
    assert reply.popup == (
        "Het huis heeft besloten: minstens 50% moet stemmen. Je mag meer vragen, niet minder."
    )
    await bot.driver.tap(h.bram, form, "⏰ Tot wanneer")
    assert not [b for b in bot.tg.all_buttons(form) if "Vanavond" in b.text]
    await bot.driver.tap(h.bram, form, "📅 Andere datum")
    reply = await bot.driver.send(h.bram, "23-11 23:00", reply_to=bot.tg.last_bot_message(h.bram))
    assert reply.texts[-1] == (
        "Het huis heeft besloten: een stemming duurt minstens 24 uur. Kies een later moment."
        "\n\nTyp je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen."
    )


async def test_a_new_check_in_time_moves_the_planned_check_in(bot: Bot) -> None:
    from datetime import timedelta

    from bot.domain import meetings as meeting_domain
    from bot.storage.models import House as HouseRow

    house = await make_house(bot)
    await set_member(bot.database, house.anna, MemberStatus.RESIDENT)
    async with bot.database.transaction() as session:
        row = session.scalars(select(HouseRow)).one()
        meeting, _ = meeting_domain.plan_once(
            session, bot.clock, row, bot.clock.now() + timedelta(days=2)
        )
        session.flush()
        meeting_id, starts_at = meeting.id, meeting.starts_at
    settings = (await bot.driver.send(house.anna, "/instellen", chat=house.group)).last
    await bot.driver.tap(house.anna, settings, "🏠")
    await bot.driver.tap(house.anna, settings, "Incheckronde")
    await bot.driver.tap(house.anna, settings, "6 uur voor de vergadering")
    pending = dict(bot.scheduler.pending())
    assert pending[f"meeting-checkin-{meeting_id}"] == starts_at - timedelta(hours=6)
