"""The residents' meeting, as the house sees it: planning (one-off, typed, weekly across a
daylight-saving change, monthly), the agenda the day before, the rotating chair with "not this
time" and duo chairs (the rights move with the roles), holding, minutes and `/meeting last`,
and the meeting's jobs after a restart — in Dutch and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.callbacks import codec
from bot.domain import agenda
from bot.domain import meetings as domain
from bot.domain import polls as poll_domain
from bot.handlers.meetings import PlanStep  # (also registers the meeting buttons with the codec)
from bot.storage.meeting_models import (
    ChairVolunteer,
    Meeting,
    MeetingSettings,
    MeetingState,
    Recurrence,
)
from bot.storage.models import AgendaItem, AgendaSource, House, Member, Person, Role
from tests.conftest import Bot, start_bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.test_polls import Outbox, Voting, make_voting

PLAN = {"nl": "📅 Plannen", "en": "📅 Plan"}


async def view(
    voting: Voting, user: FakeUser, *, group: bool = True, command: str = "/vergadering"
) -> FakeMessage:
    """`/vergadering` (or `/meeting`) in the group or in the private chat: the meeting view."""
    reply = await voting.bot.driver.send(user, command, chat=voting.house.group if group else None)
    return reply.last


async def plan_quick(voting: Voting, day: str, at: str, language: str = "nl") -> Reply:
    """The chair plans a one-off meeting with the quick picks, in the group."""
    h, driver = voting.house, voting.bot.driver
    message = await view(voting, h.bram, command="/vergadering" if language == "nl" else "/meeting")
    await driver.tap(h.bram, message, PLAN[language])
    await driver.tap(h.bram, message, "Eén keer" if language == "nl" else "Once")
    await driver.tap(h.bram, message, day)
    return await driver.tap(h.bram, message, at)


async def roles(bot: Bot) -> dict[str, set[Role]]:
    async with bot.database.transaction() as session:
        members = session.scalars(select(Member)).all()
        return {m.person.first_name: set(m.role_set) for m in members if m.role_set}


async def meetings_in_db(bot: Bot) -> list[tuple[datetime, MeetingState]]:
    async with bot.database.transaction() as session:
        rows = session.scalars(select(Meeting).order_by(Meeting.id)).all()
        return [(m.starts_at, m.state) for m in rows]


def texts(messages: list[FakeMessage]) -> list[str]:
    return [m.text for m in messages]


# --- planning ------------------------------------------------------------------------------


async def test_the_chair_plans_a_one_off_meeting_with_quick_picks(bot: Bot) -> None:
    voting = await make_voting(bot)
    h = voting.house
    first = await view(voting, h.carla)
    assert first.text == (
        "📅 Er is nog geen vergadering gepland. De voorzitter plant die met /vergadering.\n"
        "🪑 Voorzitter: Bram\n"
        "🙋 Nog niemand wil voorzitten. Tik op 🙋 als je het wilt doen.\n\n"
        "📋 De agenda is nog leeg. Iets bespreken? Typ /agenda."
    )
    assert PLAN["nl"] not in [b.text for b in bot.tg.all_buttons(first)]  # not the chair
    forged = codec.encode(PlanStep(await house_id(bot), "start").button())
    refused = await bot.driver.tap_data(h.carla, first, forged)
    assert refused.popup == "Alleen de voorzitter (Bram) kan dit."

    reply = await plan_quick(voting, "wo 25 nov", "19:30")
    planned = reply.edits[0]
    assert planned.chat.id == h.group.id
    assert planned.text == (
        "📅 Vergadering gepland: woensdag 25 november, 19:30\n"
        "🪑 Voorzitter: Bram\n"
        "📋 De agenda komt de dag ervoor om 18:00 in de groep.\n"
        "☕ 3 uur ervoor vraag ik iedereen privé: Hoe gaat het met je?"
    )
    assert await meetings_in_db(bot) == [
        (datetime(2026, 11, 25, 18, 30, tzinfo=UTC), MeetingState.PLANNED)
    ]
    seen = await view(voting, voting.dirk)
    assert seen.text.startswith(
        "📅 Volgende vergadering: woensdag 25 november, 19:30\n🪑 Voorzitter: Bram\n"
    )


async def house_id(bot: Bot) -> int:
    async with bot.database.transaction() as session:
        return session.scalars(select(House.id)).one()


async def test_a_typed_date_in_the_private_chat_is_announced_in_the_group(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    message = await view(voting, h.bram, group=False)
    await driver.tap(h.bram, message, "📅 Plannen")
    await driver.tap(h.bram, message, "Eén keer")
    reply = await driver.tap(h.bram, message, "✍️ Andere datum")
    assert reply.popup == "✍️ Antwoord hieronder."
    question = reply.to(h.bram)[0]
    assert question.text.startswith("📅 Typ de datum en de tijd")
    wrong = await driver.send(h.bram, "morgen", reply_to=question)
    again = "\n\nTyp je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen."
    assert wrong.texts == [
        "Die datum snap ik niet. Typ bijvoorbeeld 30-11 19:30 of zondag 18:00." + again
    ]
    past = await driver.send(h.bram, "22-11-2026 19:30", reply_to=question)
    assert past.texts == ["Dat moment is voorbij of te dichtbij. Kies een later moment." + again]
    reply = await driver.send(h.bram, "30-11 19:45", reply_to=question)
    announced = (
        "📅 Vergadering gepland: maandag 30 november, 19:45\n"
        "🪑 Voorzitter: Bram\n"
        "📋 De agenda komt de dag ervoor om 18:00 in de groep.\n"
        "☕ 3 uur ervoor vraag ik iedereen privé: Hoe gaat het met je?"
    )
    assert texts(reply.to(h.group)) == [announced]
    assert texts(reply.to(h.bram)) == ["✅ Gepland. Ik heb het in de groep gezet.\n\n" + announced]
    # Planning again replaces the planned meeting; its jobs go with it.
    await plan_quick(voting, "di 24 nov", "20:00")
    assert [state for _, state in await meetings_in_db(bot)] == [
        MeetingState.CANCELLED,
        MeetingState.PLANNED,
    ]
    async with bot.database.transaction() as session:
        ids = {m.state: m.id for m in session.scalars(select(Meeting))}
    pending = [key for key, _ in bot.scheduler.pending() if key.startswith("meeting-")]
    assert len(pending) == 6  # agenda, check-in, reminder, digest, "did it happen?", its lapse
    assert all(key.endswith(f"-{ids[MeetingState.PLANNED]}") for key in pending)


async def test_a_weekly_meeting_stays_at_19_30_across_the_dst_change(bot: Bot) -> None:
    bot.clock.set(datetime(2027, 3, 20, 10, 0, tzinfo=UTC))  # Saturday; DST starts 28 March
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    message = await view(voting, h.bram, group=False)
    await driver.tap(h.bram, message, "📅 Plannen")
    await driver.tap(h.bram, message, "Elke week")
    assert [b.text for b in bot.tg.all_buttons(message)][:7] == [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ]
    await driver.tap(h.bram, message, "maandag")
    reply = await driver.tap(h.bram, message, "19:30")
    assert reply.to(h.group)[0].text.startswith(
        "📅 Vergadering gepland: maandag 22 maart, 19:30\n🔁 Elke maandag om 19:30\n"
    )
    assert (await meetings_in_db(bot))[0][0] == datetime(2027, 3, 22, 18, 30, tzinfo=UTC)  # CET

    reply = await bot.advance(datetime(2027, 3, 22, 21, 30, tzinfo=UTC) - bot.clock.now())
    [asked] = [m for m in reply.to(h.bram) if m.text.startswith("🪑 Is de vergadering")]
    reply = await driver.tap(h.bram, asked, "✅ Ja, gehouden")  # nothing is held by itself
    held = reply.to(h.group)[-1].text
    assert held == (
        "✅ De vergadering van maandag 22 maart, 19:30 is gehouden.\n"
        "🪑 Bram blijft voorzitter.\n"
        "📅 Volgende vergadering: maandag 29 maart, 19:30."
    )
    assert (await meetings_in_db(bot))[1] == (
        datetime(2027, 3, 29, 17, 30, tzinfo=UTC),  # CEST: still 19:30 in the house
        MeetingState.PLANNED,
    )
    # The agenda of the next one comes the day before at 18:00 house time, after the change.
    reply = await bot.advance(datetime(2027, 3, 28, 15, 59, tzinfo=UTC) - bot.clock.now())
    assert reply.to(h.group) == []
    reply = await bot.advance(minutes=1)
    assert reply.to(h.group)[0].text.startswith("📋 Bewonersvergadering: maandag 29 maart, 19:30")


def test_series_rules_in_house_time() -> None:
    house = House(timezone="Europe/Amsterdam")
    monthly = MeetingSettings(recurrence=Recurrence.MONTHLY, weekday=0, nth=1, minute_of_day=1170)
    after = datetime(2027, 3, 1, 19, 0, tzinfo=UTC)
    assert domain.next_occurrence(monthly, house, after) == datetime(2027, 4, 5, 17, 30, tzinfo=UTC)
    assert domain.next_occurrence(monthly, house, datetime(2027, 2, 20, tzinfo=UTC)) == datetime(
        2027, 3, 1, 18, 30, tzinfo=UTC
    )
    third = MeetingSettings(recurrence=Recurrence.MONTHLY, weekday=2, nth=3, minute_of_day=1200)
    assert domain.next_occurrence(third, house, after) == datetime(2027, 3, 17, 19, 0, tzinfo=UTC)
    biweekly = MeetingSettings(
        recurrence=Recurrence.BIWEEKLY, weekday=0, minute_of_day=1170, anchor=date(2027, 3, 15)
    )
    found = domain.next_occurrence(biweekly, house, datetime(2027, 3, 16, tzinfo=UTC))
    assert found == datetime(2027, 3, 29, 17, 30, tzinfo=UTC)
    none = MeetingSettings(recurrence=Recurrence.NONE, weekday=0, minute_of_day=1170)
    assert domain.next_occurrence(none, house, after) is None


async def test_an_english_house_plans_a_monthly_meeting(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    h, driver = voting.house, bot.driver
    message = await view(voting, h.bram, command="/meeting")
    assert message.text.startswith(
        "📅 No meeting is planned yet. The chair plans it with /meeting."
    )
    await driver.tap(h.bram, message, "📅 Plan")
    await driver.tap(h.bram, message, "Every month")
    assert message.text == "Which week of the month?"
    await driver.tap(h.bram, message, "first")
    await driver.tap(h.bram, message, "Monday")
    reply = await driver.tap(h.bram, message, "✍️ Another time")
    question = reply.to(h.group)[0]
    assert question.text == "🕒 Type the time, for example 19:45. Reply to this message."
    reply = await driver.send(h.bram, "19.30", chat=h.group, reply_to=question)
    assert reply.to(h.group)[0].text == (
        "📅 Meeting planned: Monday 7 December, 19:30\n"
        "🔁 Every first Monday of the month at 19:30\n"
        "🪑 Chair: Bram\n"
        "📋 The agenda goes to the group the day before, at 18:00.\n"
        "☕ 3 hours before, I ask everyone privately: How are you?"
    )
    assert (await meetings_in_db(bot))[0][0] == datetime(2026, 12, 7, 18, 30, tzinfo=UTC)


# --- the agenda ----------------------------------------------------------------------------


async def arrange_agenda(bot: Bot) -> None:
    """Items from every source (the agenda and polls features make these; arranged here)."""
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        by_name = {
            m.person.first_name: m for m in session.scalars(select(Member).join(Person)).all()
        }
        secret = poll_domain.new_poll(
            session, bot.clock, house, None, question="Stilte na 23:00", secret=True
        )
        open_poll = poll_domain.new_poll(
            session, bot.clock, house, None, question="Fietsen <binnen>"
        )
        add = agenda.add_item
        add(session, bot.clock, house, "Een moestuin?", added_by=by_name["Carla"])
        add(session, bot.clock, house, "Nemen we een kat?", source=AgendaSource.NO_QUORUM)
        add(
            session,
            bot.clock,
            house,
            "Ik werk laat",
            source=AgendaSource.OBJECTION,
            poll_id=secret.id,
        )
        add(
            session,
            bot.clock,
            house,
            "Te krap",
            source=AgendaSource.OBJECTION,
            poll_id=open_poll.id,
            added_by=by_name["Dirk"],
        )
        add(session, bot.clock, house, "Welke kleur?", source=AgendaSource.TIE)
        add(session, bot.clock, house, "Huisdieren", source=AgendaSource.REVIEW)
        add(
            session,
            bot.clock,
            house,
            "Ruzie in de keuken",
            source=AgendaSource.CONFLICT,
            added_by=by_name["Carla"],
        )


async def test_the_agenda_goes_to_the_group_the_day_before_in_plain_words(bot: Bot) -> None:
    voting = await make_voting(bot)
    h = voting.house
    await arrange_agenda(bot)
    await plan_quick(voting, "di 24 nov", "19:30")
    reply = await bot.advance(hours=7, minutes=59)  # Monday 17:59 house time
    assert reply.to(h.group) == []
    reply = await bot.advance(minutes=1)
    posted = reply.to(h.group)
    assert texts(posted) == [
        "📋 Bewonersvergadering: dinsdag 24 november, 19:30\n"
        "🪑 Voorzitter: Bram\n\n"
        "📋 Agenda\n"
        "1. Een moestuin? (van Carla de Vries)\n"
        "2. Nemen we een kat? (de stemming had te weinig stemmen)\n"
        "3. Bezwaar tegen „Stilte na 23:00”: Ik werk laat\n"
        "4. Bezwaar van Dirk bij „Fietsen <binnen>”: Te krap\n"
        "5. Welke kleur? (de stemming eindigde gelijk)\n"
        "6. Huisdieren (een besluit om opnieuw te bespreken)\n"
        "7. Ruzie in de keuken (een melding, zonder naam)"
    ]
    assert "&lt;binnen&gt;" in posted[0].html
    reply = await bot.advance(hours=12)
    assert reply.to(h.group) == []  # once


# --- the rotating chair --------------------------------------------------------------------


async def test_the_chair_rotates_with_not_this_time_and_the_rights_move(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    message = await view(voting, h.bram)
    for user in (h.carla, voting.dirk, h.bram):
        reply = await driver.tap(user, message, "🙋 Ik wil voorzitten")
        assert reply.popup == (
            "🙋 Je staat op de lijst. Als het jouw beurt is, word je voorzitter. Dank je!"
        )
    again = await driver.tap(h.carla, message, "🙋 Ik wil voorzitten")
    assert again.popup == "Je staat al op de lijst. Dank je!"
    guest = await driver.tap(voting.gert, message, "🙋 Ik wil voorzitten")
    assert guest.popup == "Alleen bewoners kunnen voorzitter zijn."
    skip = await driver.tap(h.carla, message, "⏭ Deze keer niet")
    assert skip.popup == (
        "⏭ Goed. De volgende keer sla ik je over. Tik nog eens om het terug te draaien."
    )
    assert "🙋 Wie voorzit, om de beurt: Carla de Vries (deze keer niet) → Dirk → Bram" in (
        message.text
    )
    outsider = await driver.tap(h.anna, message, "⏭ Deze keer niet")
    assert outsider.popup == "Je staat niet op de lijst van voorzitters. Tik eerst op 🙋."

    await plan_quick(voting, "ma 23 nov", "19:30")
    await bot.advance(hours=9, minutes=45)  # 19:45 house time
    chair_view = await view(voting, h.bram)
    reply = await driver.tap(h.bram, chair_view, "✅ Gehouden")
    assert texts(reply.to(h.group)) == [
        "✅ De vergadering van maandag 23 november, 19:30 is gehouden.\n"
        "🪑 Nieuwe voorzitter: Dirk. Dank je wel, Bram!"
    ]
    assert texts(reply.to(voting.dirk)) == [
        "🪑 Je bent nu voorzitter van De Boog. Dank je!\n"
        "Met /vergadering plan je de vergadering en zie je de agenda."
    ]
    assert chair_view.text == (  # the items to tick
        "✅ Gehouden: de vergadering van maandag 23 november, 19:30.\n"
        "Vink aan wat besproken is. "
        "Daarna kun je een verslag schrijven of besluiten erbij zetten.\n\n"
        "☑️ Er stonden geen punten op de agenda."
    )
    assert await roles(bot) == {"Dirk": {Role.CHAIR}}

    # The rights followed the role: Dirk launches a poll, Bram is told who the chair is.
    launched = await driver.send(voting.dirk, "/poll Vraag?", chat=h.group)
    assert launched.to(h.group)[0].text.startswith("🗳 Vraag?")
    refused = await driver.send(h.bram, "/poll Vraag?", chat=h.group)
    assert refused.texts == ["Alleen de voorzitter (Dirk) kan een stemming starten."]
    await driver.tap(h.bram, chair_view, "← Terug")  # Bram chaired that meeting
    await driver.tap(h.bram, chair_view, "☑️ Agendapunten")
    assert chair_view.text == "☑️ Er stonden geen punten op de agenda."

    # Duo chairs: the next one chairs, the one after them is second chair.
    settings = await view(voting, voting.dirk)
    await driver.tap(voting.dirk, settings, "⚙️ Instellingen")
    await driver.tap(voting.dirk, settings, "👥 Duo")
    assert "👥 Twee voorzitters (duo): ja" in settings.text
    async with bot.database.transaction() as session:
        assert not any(v.skip_next for v in session.scalars(select(ChairVolunteer)))
    await plan_quick_by(voting, voting.dirk, "di 24 nov", "19:30")
    await bot.advance(hours=24)
    held = await view(voting, voting.dirk)
    reply = await driver.tap(voting.dirk, held, "✅ Gehouden")
    assert reply.to(h.group)[0].text.endswith(
        "🪑 Nieuwe voorzitters: Bram en Carla de Vries. Dank je wel, Dirk!"
    )
    assert await roles(bot) == {"Bram": {Role.CHAIR}, "Carla": {Role.CO_CHAIR}}
    co_chair_poll = await driver.send(h.carla, "/poll Nog een vraag?", chat=h.group)
    assert co_chair_poll.to(h.group)[0].text.startswith("🗳 Nog een vraag?")


async def plan_quick_by(voting: Voting, chair: FakeUser, day: str, at: str) -> None:
    driver = voting.bot.driver
    message = await view(voting, chair)
    await driver.tap(chair, message, "📅 Plannen")
    await driver.tap(chair, message, "Eén keer")
    await driver.tap(chair, message, day)
    await driver.tap(chair, message, at)


async def test_the_chair_says_not_this_time_and_the_next_one_takes_over(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    message = await view(voting, h.carla)
    first = await driver.tap(h.carla, message, "🙋 Ik wil voorzitten")
    assert (
        first.popup
        == "🙋 Je staat op de lijst. Als het jouw beurt is, word je voorzitter. Dank je!"
    )
    alone = await driver.tap(h.bram, message, "🙋 Ik wil voorzitten")
    assert alone.popup is not None
    reply = await driver.tap(h.bram, message, "⏭ Deze keer niet")
    assert reply.popup == "✅ Geen probleem. De volgende op de lijst neemt het over."
    assert texts(reply.to(h.group)) == [
        "🪑 Bram kan deze keer niet voorzitten.\n🪑 Nieuwe voorzitter: Carla de Vries."
    ]
    assert await roles(bot) == {"Carla": {Role.CHAIR}}
    # Carla is the only other volunteer; without her, nobody can take over.
    await driver.tap(h.bram, message, "👋 Ik stop met voorzitten")
    reply = await driver.tap(h.carla, message, "⏭ Deze keer niet")
    assert reply.popup == (
        "Er is niemand anders op de lijst die het kan overnemen. Vraag in de groep wie wil helpen."
    )
    assert await roles(bot) == {"Carla": {Role.CHAIR}}


async def test_the_first_volunteer_of_a_house_without_a_chair_becomes_chair(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    h, driver = voting.house, bot.driver
    async with bot.database.transaction() as session:
        for member in session.scalars(select(Member)):
            member.roles.clear()
    message = await view(voting, h.carla, command="/meeting")
    assert "🪑 There is no chair yet. Would you like to? Tap 🙋." in message.text
    reply = await driver.tap(h.carla, message, "🙋 I'd like to chair")
    assert reply.popup == "🪑 There was no chair yet. Now it is you. Thank you!"
    assert texts(reply.to(h.group)) == ["🪑 Carla de Vries is now the chair. Thank you!"]
    assert "🪑 Chair: Carla de Vries" in message.text
    assert await roles(bot) == {"Carla": {Role.CHAIR}}


async def test_an_english_handover_moves_the_right_to_launch_polls(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    h, driver = voting.house, bot.driver
    message = await view(voting, h.carla, command="/meeting")
    reply = await driver.tap(h.carla, message, "🙋 I'd like to chair")
    assert (
        reply.popup == "🙋 You are on the list. When it is your turn, you become chair. Thank you!"
    )
    assert "🙋 Who chairs, in turn: Carla de Vries" in message.text
    await plan_quick(voting, "Mon 23 Nov", "19:30", "en")
    await bot.advance(hours=9)  # 19:00 house time: the chair may mark it held from 18:30
    message = await view(voting, h.bram, command="/meeting")
    reply = await driver.tap(h.bram, message, "✅ Held")
    assert texts(reply.to(h.group)) == [
        "✅ The meeting of Monday 23 November, 19:30 was held.\n"
        "🪑 New chair: Carla de Vries. Thank you, Bram!"
    ]
    assert texts(reply.to(h.carla)) == [
        "🪑 You are now the chair of De Boog. Thank you!\n"
        "With /meeting you plan the meeting and see the agenda."
    ]
    launched = await driver.send(h.carla, "/poll Question?", chat=h.group)
    assert launched.to(h.group)[0].text.startswith("🗳 Question?")
    refused = await driver.send(h.bram, "/poll Question?", chat=h.group)
    assert refused.texts == ["Only the chair (Carla de Vries) can start a vote."]


# --- after the meeting ---------------------------------------------------------------------


async def test_minutes_decisions_and_meeting_last(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    poll = await voting.poll("Nemen we een kat?")
    for user in (h.anna, h.bram, h.carla):
        await voting.tap(user, poll, "👍 Voor")
    await bot.advance(days=4)  # decision 2026-001; now Friday 27 November, 10:00
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        carla = session.scalars(select(Member).join(Person).where(Person.first_name == "Carla"))
        agenda.add_item(session, bot.clock, house, "Een moestuin?", added_by=carla.one())
    await plan_quick(voting, "vr 27 nov", "19:30")
    await bot.advance(hours=9, minutes=30)
    message = await view(voting, h.bram)
    reply = await driver.tap(h.bram, message, "✅ Gehouden")
    assert reply.to(h.group)[0].text == (
        "✅ De vergadering van vrijdag 27 november, 19:30 is gehouden.\n"
        "☑️ De voorzitter vinkt aan of het agendapunt besproken is. Anders blijft het staan.\n"
        "🪑 Bram blijft voorzitter."
    )
    assert [b.text for b in bot.tg.all_buttons(message)] == ["⬜ Een moestuin?", "← Terug"]
    reply = await driver.tap(h.bram, message, "⬜ Een moestuin?")  # none pre-ticked
    assert reply.popup == "☑️ Afgerond."
    await driver.tap(h.bram, message, "← Terug")
    reply = await driver.tap(h.bram, message, "📝 Verslag")
    question = reply.to(h.group)[0]
    assert question.text.startswith("📝 Typ het verslag")
    reply = await driver.send(
        h.bram, "Kat komt er.\n<Tuin> later.", chat=h.group, reply_to=question
    )
    assert reply.texts == ["✅ Het verslag is bewaard. Iedereen ziet het met /vergadering vorige."]

    await driver.tap(h.bram, message, "🔗 Besluiten")
    assert message.text.startswith("🔗 Welke besluiten horen bij deze vergadering?")
    reply = await driver.tap(h.bram, message, "2026-001 Nemen we een kat?")
    assert reply.popup == "✅ Staat erbij."
    assert next(b.text for b in bot.tg.all_buttons(message)) == "✓ 2026-001 Nemen we een kat?"
    await driver.tap(h.bram, message, "← Terug")
    await driver.tap(h.bram, message, "☑️ Agendapunten")
    reply = await driver.tap(h.bram, message, "✓ Een moestuin?")
    assert reply.popup == "↩️ Staat weer op de agenda."
    reply = await driver.tap(h.bram, message, "⬜ Een moestuin?")
    assert reply.popup == "☑️ Afgerond."

    # Someone else cannot change the minutes, even with the button's data.
    data = bot.tg.all_buttons(message)[0].callback_data or ""
    forged = await driver.tap_data(h.carla, message, data)
    assert forged.popup == (
        "Dit kan de voorzitter van die vergadering (Bram) of de voorzitter van nu."
    )

    expected = (
        "📝 Vorige vergadering: vrijdag 27 november, 19:30\n"
        "🪑 Voorzitter: Bram\n\n"
        "☑️ Besproken:\n• Een moestuin?\n\n"
        "📝 Verslag:\nKat komt er.\n<Tuin> later.\n\n"
        "📋 Besluiten:\n• 2026-001: Nemen we een kat?"
    )
    for user, command in ((h.carla, "/vergadering vorige"), (voting.dirk, "/meeting last")):
        reply = await driver.send(user, command, chat=h.group)
        assert reply.texts == [expected]
        assert reply.last.buttons == []  # only the chair gets the buttons
        assert "&lt;Tuin&gt;" in reply.last.html
    async with bot.database.transaction() as session:
        item = session.scalars(select(AgendaItem)).one()
        assert item.done_at is not None


async def test_meeting_last_in_english_before_any_meeting(bot: Bot) -> None:
    voting = await make_voting(bot, language="en")
    reply = await bot.driver.send(voting.house.carla, "/meeting last", chat=voting.house.group)
    assert reply.texts == ["📝 No meeting has been held yet."]


async def test_the_agenda_and_the_question_to_the_chair_go_out_after_the_jobs_commit(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meeting's jobs do not hold the database while Telegram takes its time: the agenda
    the day before, "did the meeting take place?" to the chair after its planned end, and
    "not held" in the group when nobody answered. Nothing is held by itself: the chair stays."""
    voting = await make_voting(bot)
    h = voting.house
    message = await view(voting, h.carla)
    await bot.driver.tap(h.carla, message, "🙋 Ik wil voorzitten")
    await plan_quick(voting, "di 24 nov", "19:30")
    sends = Outbox(bot, monkeypatch)
    reply = await bot.advance(hours=8)  # Monday 18:00 house time: the agenda
    assert texts(reply.to(h.group)) == [
        "📋 Bewonersvergadering: dinsdag 24 november, 19:30\n"
        "🪑 Voorzitter: Bram\n\n"
        "📋 De agenda is nog leeg. Iets bespreken? Typ /agenda."
    ]
    assert [free for _, free in sends.to(h.group.id)] == [True]
    sends.made.clear()
    reply = await bot.advance(hours=27, minutes=30)  # Tuesday 21:30: the planned end
    assert not any("gehouden" in m.text for m in reply.to(h.group))
    asked = [m for m in reply.to(h.bram) if m.text.startswith("🪑 Is de vergadering")]
    assert len(asked) == 1
    assert [free for text, free in sends.to(h.bram.id) if "doorgegaan" in text] == [True]
    reply = await bot.advance(hours=24)
    assert texts(reply.to(h.group)) == [
        "⚪ De vergadering van dinsdag 24 november, 19:30 is niet als gehouden gemeld. "
        "Alle punten blijven op de agenda."
    ]
    assert [free for text, free in sends.to(h.group.id) if "gehouden" in text] == [True]
    assert await roles(bot) == {"Bram": {Role.CHAIR}}


# --- durable time --------------------------------------------------------------------------


async def test_the_meeting_jobs_survive_a_restart(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, old = voting.house, bot
    await plan_quick(voting, "di 24 nov", "19:30")
    await old.driver.stop()
    old.clock.set(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # agenda and check-in missed
    before = len(old.tg.calls)
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        missed = Reply(old.tg.calls[before:])
        assert texts(missed.to(h.group))[0].startswith("📋 Bewonersvergadering: dinsdag 24")
        asked = {m.chat.id for m in missed.sent if m.text.startswith("👋 Hoe gaat het met je?")}
        assert asked == {h.bram.id, h.carla.id, voting.dirk.id}
        reply = await restarted.advance(minutes=59)
        assert reply.sent == []  # the reminder waits: halfway to the digest
        reply = await restarted.advance(minutes=1)
        assert {m.chat.id for m in reply.sent} == {h.bram.id, h.carla.id, voting.dirk.id}
    finally:
        await restarted.driver.stop()
    old.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # the meeting is long over
    before = len(old.tg.calls)
    again = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        missed = Reply(old.tg.calls[before:])
        assert texts(missed.to(h.group)) == []  # nothing held by itself
        assert [m.text.split("\n")[0] for m in missed.to(h.bram)] == [
            "🪑 Is de vergadering doorgegaan?"
        ]
        assert await meetings_in_db(again) == [
            (datetime(2026, 11, 24, 18, 30, tzinfo=UTC), MeetingState.PLANNED)
        ]
    finally:
        await again.driver.stop()


async def test_a_cancelled_series_meeting_moves_on_to_the_next(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    message = await view(voting, h.bram)
    await driver.tap(h.bram, message, "📅 Plannen")
    await driver.tap(h.bram, message, "Om de week")
    await driver.tap(h.bram, message, "dinsdag")
    await driver.tap(h.bram, message, "20:00")
    message = await view(voting, h.bram)
    assert "🔁 Om de week, op dinsdag om 20:00" in message.text
    await driver.tap(h.bram, message, "🚫 Afzeggen")
    reply = await driver.tap(h.bram, message, "🚫 Ja, deze vergadering gaat niet door")
    assert texts(reply.to(h.group)) == [
        "🚫 De vergadering van dinsdag 24 november, 20:00 gaat niet door.\n"
        "📅 Volgende vergadering: dinsdag 8 december, 20:00."
    ]
    await driver.tap(h.bram, message, "🚫 Afzeggen")
    reply = await driver.tap(h.bram, message, "⏹ Stoppen met herhalen")
    assert texts(reply.to(h.group)) == [
        "🚫 De vergadering van dinsdag 8 december, 20:00 gaat niet door.\n"
        "Er staat geen nieuwe vergadering gepland."
    ]
    reply = await bot.advance(days=30)
    assert reply.to(h.group) == []
