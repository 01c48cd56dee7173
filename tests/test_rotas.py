"""Rotas, as the house lives them: defining tasks, opting in, fair turns with their reason,
reminders in the group and the evening before, done and thanks, swaps, stepping back, pauses,
restarts, late reminders and daylight saving — in Dutch and in English.

The group never reads who could not do a turn: `assert_no_shaming` checks every text the group
received in the tests that hand turns on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.storage.models import Member, MemberStatus, Person, PrivateChat, Role
from bot.storage.rota_models import (
    RotaPerson,
    RotaSeat,
    RotaTask,
    RotaTurn,
    SeatState,
    TaskState,
)
from tests.conftest import Bot, House, make_house, start_bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import set_member

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in Amsterdam, as aware UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


@dataclass
class Rota:
    """De Boog: Anna, Bram (the chair), Carla and Dirk live there, all with the private chat
    open. The clock starts on Monday 23 November 2026, 10:00 in Amsterdam."""

    house: House
    dirk: FakeUser

    @property
    def bot(self) -> Bot:
        return self.house.bot

    @property
    def everyone(self) -> list[FakeUser]:
        h = self.house
        return [h.anna, h.bram, h.carla, self.dirk]

    async def private(self, user: FakeUser, text: str) -> Reply:
        return await self.bot.driver.send(user, text)

    async def group(self, user: FakeUser, text: str) -> Reply:
        return await self.bot.driver.send(user, text, chat=self.house.group)

    async def tap(self, user: FakeUser, message: FakeMessage, button: str | int) -> Reply:
        return await self.bot.driver.tap(user, message, button)

    async def new_task(self, name: str, *taps: str, words: str = "/rooster nieuw") -> FakeMessage:
        """The chair makes a task with the form; `taps` are form buttons before saving."""
        reply = await self.private(self.house.bram, f"{words} {name}")
        form = reply.last
        for label in taps:
            await self.tap(self.house.bram, form, label)
        save = "✅ Opslaan" if "nieuw" in words else "✅ Save"
        reply = await self.tap(self.house.bram, form, save)
        announced = reply.to(self.house.group)
        assert len(announced) == 1, reply.texts
        return announced[0]

    async def join(self, user: FakeUser, announcement: FakeMessage) -> str:
        return await join_as_it_comes(self.bot, user, announcement)

    def group_texts(self, since: int = 0) -> list[str]:
        """What the group could read from call `since` on: every text the bot sent there or
        edited a message into, and each of those messages as it reads now."""
        texts: list[str] = []
        for call in self.bot.tg.calls[since:]:
            if not call.ok or call.method not in ("sendMessage", "editMessageText"):
                continue
            if str(call.params.get("chat_id")) != str(self.house.group.id):
                continue
            texts.append(str(call.params.get("text", "")))
            if call.message is not None:
                texts.append(call.message.text)
        return texts


async def join_as_it_comes(bot: Bot, user: FakeUser, announcement: FakeMessage) -> str:
    """Opt in from the group; at a first opt-in, answer "as it comes" to the private
    question how much one can take on (for tests about turns, not capacity). The popup."""
    reply = await bot.driver.tap(user, announcement, 1)
    assert reply.popup is not None
    for question in reply.to(user):
        if "Hoeveel beurten per week" in question.text or "How many turns a week" in question.text:
            await bot.driver.tap(user, question, 4)  # 1, 2, 3 turns a week, as it comes
    return reply.popup


async def make_rota(bot: Bot, language: str = "nl") -> Rota:
    house = await make_house(bot, language_code=language)
    tg, db = bot.tg, bot.database
    dirk = tg.add_user("Dirk", language_code=language)
    house.group.members[dirk.id] = dirk
    for user in (house.anna, house.bram, house.carla, dirk):
        tg.start_bot(user)
    await set_member(db, house.anna, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(
        db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(db, house.carla, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(db, dirk, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    async with db.transaction() as session:  # they have lived here for a while
        for found in session.scalars(select(Member)):
            found.joined_at = bot.clock.now() - timedelta(days=100)
    if language == "en":
        settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
        await bot.driver.tap(house.anna, settings, "🗣 Taal")
        await bot.driver.tap(house.anna, settings, "English")
    return Rota(house, dirk)


@pytest.fixture
async def rota(bot: Bot) -> Rota:
    return await make_rota(bot)


async def member_id(bot: Bot, user: FakeUser) -> int:
    async with bot.database.transaction() as session:
        return int(
            session.scalars(
                select(Member.id).join(Person).where(Person.telegram_id == user.id)
            ).one()
        )


async def holders(bot: Bot, task_name: str) -> dict[date, list[str]]:
    """Who holds the turns of a task, per day (backup seats left out)."""
    async with bot.database.transaction() as session:
        rows = session.execute(
            select(RotaTurn.day, Person.first_name)
            .join(RotaTask, RotaTask.id == RotaTurn.task_id)
            .join(RotaSeat, RotaSeat.turn_id == RotaTurn.id)
            .join(Member, Member.id == RotaSeat.member_id)
            .join(Person, Person.id == Member.person_id)
            .where(RotaTask.name == task_name, RotaSeat.backup.is_(False))
            .order_by(RotaTurn.day, RotaSeat.id)
        ).all()
    result: dict[date, list[str]] = {}
    for day, name in rows:
        result.setdefault(day, []).append(name)
    return result


MONDAY = date(2026, 11, 23)


def assert_no_shaming(rota: Rota, *who_could_not: FakeUser, since: int = 0) -> None:
    """The group never reads who could not do a turn, nor a list of failures: not in a text
    sent or edited since call `since` (when they stepped back), not in a message as it reads
    now."""
    words = (
        "niet gelukt",
        "gemist",
        "faalde",
        "kon niet",
        "niet gedaan",
        "failed",
        "missed",
        "could not",
        "couldn't",
        "did not do",
        "overgeslagen",
        "skipped",
    )
    for text in rota.group_texts(since):
        lowered = text.lower()
        for word in words:
            assert word not in lowered, text
        for user in who_could_not:
            assert user.first_name not in text, text


# --- defining a task ---------------------------------------------------------------------


async def test_the_chair_defines_a_task_with_the_form(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    reply = await rota.private(h.carla, "/rooster nieuw")
    assert reply.texts == ["Alleen de voorzitter (Bram) kan taken maken."]
    reply = await rota.group(h.bram, "/rooster nieuw")  # starts in the private chat (issue 16)
    assert reply.to(h.group)[0].text == (
        "🗂 Bram, je maakt de taak in de privéchat. Ik heb je daar een bericht gestuurd."
    )
    assert reply.to(h.group)[0].buttons[0][0].url == (
        f"https://t.me/HuisBot?start={await token(bot)}"
    )
    assert [m.text for m in reply.to(h.bram)] == [
        "📝 Hoe heet de nieuwe taak? Bijvoorbeeld: koken, afval, boodschappen. "
        "Schrijf het als antwoord op dit bericht."
    ]
    reply = await bot.driver.send(h.bram, "  Afval   buiten ", reply_to=reply.to(h.bram)[0])
    form = reply.last
    assert form.text == (
        "📝 Taak: Afval buiten · nieuw\n"
        "Hoe vaak: elke dag\n"
        "Herinnering in de groep: 17:00 (Europe/Amsterdam)\n"
        "Mensen per beurt: 1\n"
        "Reserve: ja\n"
        "Besluit: —\n\n"
        "Tik op ✅ Opslaan om de taak op het rooster te zetten."
    )
    await rota.tap(h.bram, form, "🔁 Hoe vaak")
    assert form.text == "🔁 Hoe vaak is er Afval buiten?"
    await rota.tap(h.bram, form, "Op vaste dagen")
    assert [b.text for b in form.buttons[0]] == ["✓ ma", "di", "wo", "do"]
    await rota.tap(h.bram, form, "do")
    reply = await rota.tap(h.bram, form, "✓ ma")
    assert [b.text for b in form.buttons[0]] == ["ma", "di", "wo", "✓ do"]
    reply = await rota.tap(h.bram, form, "✓ do")
    assert reply.popup == "Kies minstens één dag."
    await rota.tap(h.bram, form, "ma")
    await rota.tap(h.bram, form, "✅ Klaar")
    assert "Hoe vaak: op ma, do\n" in form.text

    await rota.tap(h.bram, form, "⏰ Tijd")
    assert form.text == (
        "⏰ Hoe laat komt de herinnering in de groep? Dit is de tijd van het huis: "
        "Europe/Amsterdam."
    )
    reply = await rota.tap(h.bram, form, "Andere tijd")
    question = reply.to(h.bram)[0]
    reply = await bot.driver.send(h.bram, "straks", reply_to=question)
    assert reply.texts == [
        "Die tijd snap ik niet. Schrijf bijvoorbeeld 17:30, 17.30 of half zes.\n\n"
        "Typ je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen."
    ]
    reply = await bot.driver.send(h.bram, "19.30", reply_to=question)
    form = reply.last
    assert "Herinnering in de groep: 19:30 (Europe/Amsterdam)" in form.text
    await rota.tap(h.bram, form, "👥 Mensen: 1")
    await rota.tap(h.bram, form, "🛟 Reserve: ja")
    assert "Mensen per beurt: 2\nReserve: nee\n" in form.text
    reply = await rota.tap(h.bram, form, "📋 Besluit van de vergadering")
    reply = await bot.driver.send(h.bram, "Besluit 2026-004", reply_to=reply.to(h.bram)[0])
    form = reply.last
    assert "Besluit: Besluit 2026-004" in form.text

    reply = await rota.tap(h.bram, form, "✅ Opslaan")
    assert form.text == "✅ Afval buiten staat op het rooster."
    assert reply.to(h.group)[0].text == (
        "🆕 Nieuwe taak op het rooster: Afval buiten, op ma, do, om 19:30.\n"
        "Doe je mee? Tik hieronder. Het hoeft niet.\n"
        "📋 De vergadering besloot dit: Besluit 2026-004."
    )
    assert [b.text for b in reply.to(h.group)[0].buttons[0]] == ["✋ Ik doe mee"]
    reply = await rota.private(h.bram, "/rooster taken")
    assert reply.last.text == (
        "🗂 Taken van De Boog\n\n"
        "• Afval buiten · op ma, do · 19:30 · 👥 0\n\n"
        "Tik op een taak om hem te veranderen."
    )
    async with bot.database.transaction() as session:
        task = session.scalars(select(RotaTask)).one()
        assert (task.state, task.weekdays, task.at_minute, task.per_turn, task.backup) == (
            TaskState.ACTIVE,
            "0,3",
            19 * 60 + 30,
            2,
            False,
        )
        days = sorted(session.scalars(select(RotaTurn.day)).all())
    assert days == [date(2026, 11, 23), date(2026, 11, 26)]  # Monday and Thursday


async def token(bot: Bot) -> str:
    from bot.storage.models import House as HouseRow

    async with bot.database.transaction() as session:
        return session.scalars(select(HouseRow.link_token)).one()


async def test_the_chair_pauses_resumes_and_removes_a_task(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    announcement = await rota.new_task("koken")
    await rota.join(h.anna, announcement)
    listing = (await rota.private(h.bram, "/rooster taken")).last
    await rota.tap(h.bram, listing, "koken")
    assert "Volgende: Anna, had nog geen beurt." in listing.text
    reply = await rota.tap(h.bram, listing, "⏸ Stilzetten")
    assert reply.to(h.group)[0].text == "⏸ Koken staat even stil."
    assert (await bot.advance(hours=8)).to(h.group) == []  # no reminder while paused
    reply = await rota.tap(h.bram, listing, "▶️ Weer aanzetten")
    assert reply.to(h.group)[0].text == "▶️ Koken staat weer op het rooster."
    await rota.tap(h.bram, listing, "🗑 Verwijderen")
    assert listing.text == "🗑 Koken van het rooster halen? De beurten die nog komen gaan weg."
    reply = await rota.tap(h.bram, listing, "Ja, verwijderen")
    assert reply.to(h.group)[0].text == "🗑 Koken staat niet meer op het rooster."
    assert "Er zijn nog geen taken." in listing.text
    assert (await bot.advance(days=2)).to(h.group) == []
    late = await bot.driver.tap(h.anna, announcement, 1)
    assert late.popup == "Deze taak staat niet meer op het rooster."


async def test_a_meeting_decision_and_an_english_house(bot: Bot) -> None:
    rota = await make_rota(bot, language="en")
    h = rota.house
    reply = await rota.private(h.bram, "/rota new cooking")
    form = reply.last
    assert form.text.startswith("📝 Task: cooking · new\nHow often: every day\n")
    await rota.tap(h.bram, form, "🔁 How often")
    await rota.tap(h.bram, form, "Every few days")
    assert form.text == "🔁 Every how many days?"
    await rota.tap(h.bram, form, "3")
    assert "How often: every 3 days\n" in form.text
    reply = await rota.tap(h.bram, form, "📋 Meeting decision")
    question = reply.to(h.bram)[0]
    assert question.text.startswith("📋 Which decision does this task come from?")
    reply = await bot.driver.send(h.bram, "Decision 2026-004 <of 12 Nov>", reply_to=question)
    form = reply.last
    assert "Decision: Decision 2026-004 <of 12 Nov>" in form.text
    reply = await rota.tap(h.bram, form, "✅ Save")
    announcement = reply.to(h.group)[0]
    assert announcement.text == (
        "🆕 New task on the rota: cooking, every 3 days, at 17:00.\n"
        "Would you like to join? Tap below. You don't have to.\n"
        "📋 The meeting decided this: Decision 2026-004 <of 12 Nov>."
    )
    assert "Decision 2026-004 &lt;of 12 Nov&gt;" in announcement.html
    assert (await rota.join(h.carla, announcement)) == (
        "✅ You take part in cooking. In the private chat I ask how many turns you can do."
    )
    reply = await rota.group(h.carla, "/rota tasks")
    assert reply.texts == ["Only the chair (Bram) can make tasks."]
    reply = await rota.private(h.bram, "/rota once more")
    assert reply.last.text.startswith("I don't understand that. This is how it works:")


# --- opting in ---------------------------------------------------------------------------


async def test_nobody_is_on_a_task_without_saying_yes_and_capacity_counts(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.new_task("afval", "⏰ Tijd", "19:00")
    reply = await rota.private(h.anna, "/rooster meedoen")
    view = reply.last
    assert view.text == (
        "✋ Meedoen met taken · De Boog\n"
        "Tik op een taak om mee te doen, of om te stoppen. "
        "Niemand komt op het rooster zonder ja te zeggen.\n\n"
        "• afval · elke dag · 19:00 · 👥 0\n"
        "• koken · elke dag · 17:00 · 👥 0\n\n"
        "Jouw keuze: 1 beurt per week.\n\n"
        "Hoeveel beurten kun je aan?"
    )
    reply = await rota.tap(h.anna, view, "1 beurt per week")
    assert reply.popup == "✅ Opgeslagen: 1 beurt per week."
    assert "Jouw keuze: 1 beurt per week." in view.text
    assert (await rota.tap(h.anna, view, "koken")).popup == "✅ Je doet mee met koken."
    assert (await rota.tap(h.anna, view, "afval")).popup == "✅ Je doet mee met afval."
    assert [b.text for b in view.buttons[0]] == ["✅ afval", "✅ koken"]
    assert [b.text for b in view.buttons[1]] == ["✓ 1 beurt per week", "2 beurten per week"]
    for user in (h.bram, h.carla):
        await rota.join(user, koken)
    # In the group the join view counts people; the popup tells the tapper what changed.
    reply = await rota.group(h.carla, "/rota join")
    group_view = reply.last
    assert "• koken · elke dag · 17:00 · 👥 3" in group_view.text
    assert (await rota.tap(h.carla, group_view, "afval")).popup == "✅ Je doet mee met afval."
    assert "• afval · elke dag · 19:00 · 👥 2" in group_view.text
    assert (await rota.tap(h.carla, group_view, "afval")).popup == (
        "Je doet niet meer mee met afval."
    )
    # A guest is asked to say they live here first; Dirk never said yes.
    gert = bot.tg.add_user("Gert")
    h.group.members[gert.id] = gert
    await set_member(bot.database, gert, MemberStatus.GUEST)
    assert (await rota.tap(gert, group_view, "koken")).popup == (
        "Meedoen kan voor bewoners en ondersteuners (ervaringswerkers en sociaal werkers)."
    )
    koken_days = await holders(bot, "koken")
    afval_days = await holders(bot, "afval")
    anna_turns = [d for d, names in {**koken_days}.items() if "Anna" in names]
    anna_turns += [d for d, names in afval_days.items() if "Anna" in names]
    assert len(anna_turns) == 1  # at most 1 turn a week, over both tasks
    everyone = {n for names in [*koken_days.values(), *afval_days.values()] for n in names}
    assert everyone <= {"Anna", "Bram", "Carla"}  # Dirk never said yes; Gert cannot
    # Anna stops with afval: she is off its turns.
    await rota.tap(h.anna, view, "✅ afval")
    assert all("Anna" not in names for names in (await holders(bot, "afval")).values())


# --- fair rotation -----------------------------------------------------------------------


async def arrange_history(bot: Bot, task_name: str, done: dict[FakeUser, int]) -> None:
    """Past turns of a task: each person held one, that many days ago."""
    async with bot.database.transaction() as session:
        task = session.scalars(select(RotaTask).where(RotaTask.name == task_name)).one()
        for user, days_ago in done.items():
            mid = session.scalars(
                select(Member.id).join(Person).where(Person.telegram_id == user.id)
            ).one()
            day = MONDAY - timedelta(days=days_ago)
            turn = RotaTurn(
                house_id=task.house_id,
                task_id=task.id,
                day=day,
                due_at=at(day, 17),
                private_at=at(day - timedelta(days=1), 19),
                private_done=True,
                group_done=True,
            )
            turn.seats.append(RotaSeat(house_id=task.house_id, member_id=mid, state=SeatState.DONE))
            session.add(turn)


async def test_turns_go_to_who_did_it_least_recently_with_the_reason(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await arrange_history(bot, "koken", {h.anna: 9, h.carla: 5, h.bram: 2})
    for user in (h.bram, h.carla, h.anna):
        await rota.join(user, koken)
    # Bram said yes first and was told about today's turn at once: that one stays his.
    planned = await holders(bot, "koken")
    assert [names[0] for day, names in sorted(planned.items()) if day >= MONDAY] == [
        "Bram",
        "Anna",
        "Carla",
        "Bram",
        "Anna",
        "Carla",
        "Bram",
    ]
    await bot.advance(at(MONDAY, 17, 5) - bot.clock.now())
    reply = await rota.group(rota.dirk, "/rooster")
    text = reply.last.text
    assert "Dinsdag 24 november\n• 17:00 koken: Anna — reserve: Carla de Vries\n" in text
    assert text.endswith("Wie is de volgende?\n• koken: Anna, morgen")
    # Dirk says yes: he never did it, so he gets the first turn nobody was told about yet.
    await rota.join(rota.dirk, koken)
    planned = await holders(bot, "koken")
    assert planned[MONDAY + timedelta(days=1)] == ["Dirk"]
    reply = await rota.group(rota.dirk, "/rooster")
    assert reply.last.text.endswith("• koken: Dirk, morgen")


def test_the_planner_is_deterministic_and_fair() -> None:
    from bot.domain.rotas import Availability, Planner

    today = MONDAY
    planner = Planner(today, {1: [10, 11, 12, 13]}, {13: Availability(13, paused=True)})
    planner.record(1, 10, today - timedelta(days=3))
    planner.record(1, 11, today - timedelta(days=3))
    planner.record(1, 11, today - timedelta(days=10))  # 11 did it more often
    ranking = planner.ranking(1, today)
    assert [s.member_id for s in ranking] == [12, 10, 11]  # never, then least often; 13 paused
    assert ranking[1].last == today - timedelta(days=3) and ranking[2].count == 2
    # Same standing: who said yes first.
    as_it_comes = {m: Availability(m, capacity=None) for m in (20, 21)}
    tie = Planner(today, {1: [21, 20]}, as_it_comes)
    assert tie.pick(1, today) == 21
    assert tie.pick(1, today + timedelta(days=1)) == 20
    assert tie.pick(1, today + timedelta(days=2)) == 21
    # Capacity: one turn a week, counted over all tasks; a pause until a day.
    room = Planner(
        today,
        {1: [30, 31], 2: [30, 31]},
        {
            30: Availability(30, capacity=1),
            31: Availability(31, None, paused=True, back_on=today + timedelta(days=2)),
        },
    )
    assert room.pick(1, today) == 30
    assert room.pick(2, today) is None  # 30 is full this week, 31 is on a break
    assert room.pick(2, today + timedelta(days=2)) == 31
    assert room.pick(1, today + timedelta(days=7)) == 31  # 31 never did task 1
    assert room.pick(2, today + timedelta(days=7)) == 30  # a new week: room again
    assert room.pick_backup(1, today + timedelta(days=3)) == 31  # standing by is not a turn


# --- reminders ---------------------------------------------------------------------------


async def test_reminders_in_the_group_on_the_day_and_privately_the_evening_before(
    rota: Rota,
) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    reply = await bot.driver.tap(h.anna, koken, 1)
    # The first turn is today and the evening before has passed: Anna hears it at once
    # (after the question how much she can take on).
    assert reply.to(h.anna)[-1].text == (
        "📋 De Boog: je staat op het rooster voor koken, vandaag, om 17:00."
    )
    await rota.join(h.bram, koken)
    await set_member(bot.database, h.carla, MemberStatus.RESIDENT, private_chat=PrivateChat.CLOSED)
    await rota.join(h.carla, koken)
    reply = await bot.advance(at(MONDAY, 16, 59) - bot.clock.now())
    assert reply.sent == []
    reply = await bot.advance(minutes=1)
    assert [m.chat.id for m in reply.sent] == [h.group.id]
    reminder = reply.sent[0]
    assert reminder.text == (
        "📋 Vandaag koken: Anna — reserve: Bram\nTik op ✅ Klaar als het gedaan is."
    )
    assert [b.text for b in reminder.buttons[0]] == [
        "✅ Klaar",
        "🔁 Overdragen",
        "🙋 Kan vandaag niet",
    ]
    reply = await bot.advance(hours=2)  # 19:00: Bram has tomorrow's turn
    assert [m.chat.id for m in reply.sent] == [h.bram.id]
    assert reply.sent[0].text == (
        "⏰ De Boog: morgen ben jij aan de beurt voor koken, om 17:00.\n"
        "Reserve: Carla de Vries.\n"
        "Lukt het niet? Tik op Overdragen of Kan niet. Dat is geen probleem."
    )
    assert [b.text for b in reply.sent[0].buttons[0]] == ["🔁 Overdragen", "🙋 Kan niet"]
    reply = await bot.advance(days=1)  # Wednesday is Carla's, whose private chat is closed
    assert [m.chat.id for m in reply.sent] == [h.group.id]
    assert reply.sent[0].text.startswith("📋 Vandaag koken: Bram — reserve: Carla de Vries")
    assert not bot.tg.messages(h.carla)


async def test_done_with_thanks_and_without(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await rota.join(h.bram, koken)
    reminder = (await bot.advance(at(MONDAY, 17) - bot.clock.now())).sent[0]
    reply = await rota.tap(h.bram, reminder, "✅ Klaar")
    assert reply.popup == "Deze beurt staat op iemand anders. Dank je voor het meedenken!"
    reply = await rota.tap(h.anna, reminder, "✅ Klaar")
    assert reply.popup == "✅ Genoteerd. Dank je wel!"
    assert reply.to(h.group)[0].text == "🙏 Dank je wel, Anna! Koken is gedaan."
    assert reminder.text == "📋 Vandaag koken: Anna ✅ — reserve: Bram\n✅ Gedaan. Dank je wel!"
    assert reminder.buttons == []
    # The chair turns the thanks off; Bram marks his turn done from his private chat.
    listing = (await rota.private(h.bram, "/rooster taken")).last
    await rota.tap(h.bram, listing, "🙏 Bedankje in de groep: aan")
    assert [b.text for b in bot.tg.all_buttons(listing)][2] == "🙏 Bedankje in de groep: uit"
    await bot.advance(at(MONDAY + timedelta(days=1), 12) - bot.clock.now())
    mine = (await rota.private(h.bram, "/rooster")).last
    assert mine.text.startswith("📋 Jouw taken · De Boog\n\n• koken — vandaag, 17:00\n")
    await rota.tap(h.bram, mine, "koken · di 24 nov")
    assert mine.text == ("📋 koken · vandaag, 17:00 · De Boog\nAan de beurt: Bram\nReserve: Anna")
    reply = await rota.tap(h.bram, mine, "✅ Klaar")
    assert reply.popup == "✅ Genoteerd. Dank je wel!"
    assert reply.to(h.group) == []  # no thanks in the group now
    assert mine.text.startswith("📋 koken · vandaag, 17:00 · De Boog\nAan de beurt: Bram ✅")
    later = (await bot.advance(hours=6)).to(h.group)
    assert later[0].text == "📋 Vandaag koken: Bram ✅ — reserve: Anna\n✅ Gedaan. Dank je wel!"


# --- swap --------------------------------------------------------------------------------


async def test_a_swap_goes_to_the_first_taker(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    for user in (h.anna, h.bram, h.carla):
        await rota.join(user, koken)
    evening = (await bot.advance(at(MONDAY, 19) - bot.clock.now())).to(h.bram)[0]
    reply = await rota.tap(h.bram, evening, "🔁 Overdragen")
    assert reply.popup == (
        "🔁 Je vraag staat in de groep. Ik laat het je weten als iemand het overneemt."
    )
    request = reply.to(h.group)[0]
    assert request.text == "🔁 Bram zoekt iemand die koken overneemt: morgen, om 17:00."
    assert (await rota.tap(h.bram, evening, "🔁 Overdragen")).popup == (
        "Je vraag om het over te dragen staat al in de groep."
    )
    assert (await rota.tap(h.bram, request, "🙋 Ik neem het over")).popup == (
        "Dit is je eigen vraag. Wacht even tot iemand het overneemt."
    )
    data = request.buttons[0][0].callback_data or ""
    reply = await rota.tap(rota.dirk, request, "🙋 Ik neem het over")
    assert reply.popup == "✅ Dank je! Het staat op jouw naam."
    assert request.text == "✅ Dirk neemt koken over, morgen. Dank je wel!"
    assert request.buttons == []
    assert reply.to(rota.dirk)[0].text == (
        "✅ Dank je! koken, morgen, om 17:00, staat nu op jouw naam."
    )
    assert reply.to(h.bram)[0].text == (
        "✅ Dirk neemt koken van je over, morgen. Je hoeft niets te doen."
    )
    second = await bot.driver.tap_data(h.carla, request, data)
    assert second.popup == "Iemand was je net voor. Toch bedankt!"
    # Re-planning (Carla stops and starts again) leaves what people arranged alone.
    await rota.tap(h.carla, koken, 1)
    await rota.tap(h.carla, koken, 1)
    tuesday = (await bot.advance(at(MONDAY + timedelta(days=1), 17) - bot.clock.now())).to(h.group)
    assert tuesday[0].text.startswith("📋 Vandaag koken: Dirk — reserve: ")
    assert_no_shaming(rota)


async def test_a_swap_request_closes_when_the_holder_steps_back_after_all(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    for user in (h.anna, h.bram, h.carla):
        await rota.join(user, koken)
    evening = (await bot.advance(at(MONDAY, 19) - bot.clock.now())).to(h.bram)[0]
    request = (await rota.tap(h.bram, evening, "🔁 Overdragen")).to(h.group)[0]
    since = len(bot.tg.calls)
    reply = await rota.tap(h.bram, evening, "🙋 Kan niet")
    assert request.text == "🔁 Hier wordt al voor gezorgd." and request.buttons == []
    assert reply.to(h.carla)[0].text.startswith("🙋 De Boog: kun jij morgen invallen voor koken")
    assert_no_shaming(rota, h.bram, since=since)


async def test_a_turn_nobody_holds_is_open_to_anyone_in_the_reminder(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    await rota.new_task("afval")
    reminder = (await bot.advance(at(MONDAY, 17) - bot.clock.now())).to(h.group)[0]
    assert reminder.text == "📋 Vandaag afval: nog open\nWie wil het doen? Tik op 🙋 Ik doe het."
    reply = await rota.tap(h.carla, reminder, "🙋 Ik doe het")
    assert reply.popup == "✅ Dank je! Het staat op jouw naam."
    assert reply.to(h.group) == []  # the reminder itself shows it
    assert reminder.text == "📋 Vandaag afval: Carla de Vries\nTik op ✅ Klaar als het gedaan is."
    await rota.tap(h.carla, reminder, "✅ Klaar")
    assert reminder.text.endswith("✅ Gedaan. Dank je wel!")


async def test_someone_who_moved_out_gets_no_reminder_their_turn_goes_on(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    for user in (h.anna, h.bram, h.carla):
        await rota.join(user, koken)
    assert (await holders(bot, "koken"))[MONDAY + timedelta(days=1)] == ["Bram"]
    await set_member(bot.database, h.bram, MemberStatus.FORMER_RESIDENT)  # by the chair
    reply = await bot.advance(at(MONDAY, 19) - bot.clock.now())
    assert reply.to(h.bram) == []
    assert all("Bram" not in m.text for m in reply.sent)  # not even as the backup
    # Anna did it on Monday; Carla's last turn is the one planned for Wednesday: Anna's is
    # the less recent (planned turns count too, so nobody gets a pile of them).
    assert (await holders(bot, "koken"))[MONDAY + timedelta(days=1)] == ["Anna"]
    assert reply.to(h.anna)[0].text.startswith("⏰ De Boog: morgen ben jij aan de beurt")


# --- can't today -------------------------------------------------------------------------


async def test_cant_today_asks_the_backup_then_the_group_without_a_name(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await rota.join(h.bram, koken)
    await bot.advance(at(MONDAY, 12) - bot.clock.now())
    mine = (await rota.private(h.anna, "/rooster")).last
    await rota.tap(h.anna, mine, "koken · ma 23 nov")
    reply = await rota.tap(h.anna, mine, "🙋 Kan niet")
    assert reply.popup == "Dank je dat je het laat weten. Ik zoek iemand anders."
    assert reply.to(h.group) == []  # the backup first, privately
    ask = reply.to(h.bram)[0]
    assert ask.text == (
        "🙋 De Boog: kun jij vandaag invallen voor koken, om 17:00? Je bent de reserve: "
        "je doet het alleen als het nodig is. Ja of nee, allebei is goed."
    )
    assert [b.text for b in ask.buttons[0]] == ["🙋 Ja, ik doe het", "Nee, lukt niet"]
    assert "Aan de beurt: nog open" in mine.text
    reply = await bot.advance(minutes=59)
    assert reply.sent == []
    reply = await bot.advance(minutes=1)  # the backup did not answer within the hour
    request = reply.to(h.group)[0]
    assert request.text == "🙋 Wie kan vandaag invallen voor koken, om 17:00?"
    reply = await rota.tap(h.carla, request, "🙋 Ik doe het")
    assert reply.popup == "✅ Dank je! Het staat op jouw naam."
    assert request.text == "✅ Carla de Vries neemt koken over, vandaag. Dank je wel!"
    assert reply.to(h.carla)[0].text == (
        "✅ Dank je! koken, vandaag, om 17:00, staat nu op jouw naam."
    )
    assert reply.to(h.anna)[0].text == (
        "✅ Carla de Vries neemt koken van je over, vandaag. Je hoeft niets te doen."
    )
    late = await rota.tap(h.bram, ask, "🙋 Ja, ik doe het")
    assert late.popup == "Iemand was je net voor. Toch bedankt!"
    reminder = (await bot.advance(hours=5)).to(h.group)[0]
    assert reminder.text.startswith("📋 Vandaag koken: Carla de Vries — reserve: Bram")
    async with bot.database.transaction() as session:
        assert all(s.handed_by_id is None for s in session.scalars(select(RotaSeat)))
    assert_no_shaming(rota, h.anna)


async def test_the_backup_can_say_no_and_the_group_is_asked_at_once(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await rota.join(h.bram, koken)
    reminder = (await bot.advance(at(MONDAY, 17) - bot.clock.now())).sent[0]
    since = len(bot.tg.calls)
    reply = await rota.tap(h.anna, reminder, "🙋 Kan vandaag niet")
    ask = reply.to(h.bram)[0]
    assert reminder.text == (
        "📋 Vandaag koken: nog open — reserve: Bram\nWie wil het doen? Tik op 🙋 Ik doe het."
    )
    reply = await rota.tap(h.bram, ask, "Nee, lukt niet")
    assert ask.text == "Dank je voor je antwoord. Ik vraag het aan de groep."
    request = reply.to(h.group)[0]
    assert request.text == "🙋 Wie kan vandaag invallen voor koken, om 17:00?"
    reply = await rota.tap(rota.dirk, reminder, "🙋 Ik doe het")
    assert reply.popup == "✅ Dank je! Het staat op jouw naam."
    assert reminder.text.startswith("📋 Vandaag koken: Dirk\n")  # Bram said no: not listed
    assert request.text == "✅ Dirk neemt koken over, vandaag. Dank je wel!"
    assert_no_shaming(rota, h.anna, since=since)


# --- pauses ------------------------------------------------------------------------------


async def test_a_pause_until_a_date_hands_turns_on_and_stops_reminders(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    for user in (h.anna, h.bram, h.carla):
        await rota.join(user, koken)
    reply = await rota.group(h.anna, "/pauze")
    assert reply.texts == [
        "⏸ Even weg regel je in de privéchat met mij. Niemand in de groep ziet het."
    ]
    menu = (await rota.private(h.anna, "/pauze")).last
    assert menu.text.startswith("⏸ Even weg\nHeb je even tijd voor jezelf nodig? Dat mag.")
    assert [b.text for b in bot.tg.all_buttons(menu)][:5] == [
        "Een week",
        "Twee weken",
        "Een maand",
        "📅 Andere datum",
        "Tot ik het zeg",
    ]
    reply = await rota.tap(h.anna, menu, "Een week")
    assert menu.text == (
        "⏸ Je bent even weg tot en met zondag 29 november. Geen beurten, geen herinneringen, "
        "geen vragen.\nVanaf maandag 30 november doe je weer mee.\n\n"
        "Je beurten:\n"
        "• koken — vandaag: iemand anders doet het\n"
        "• koken — op donderdag 26 november: iemand anders doet het\n"
        "• koken — op zondag 29 november: iemand anders doet het"
    )
    # Today's turn was already told to Anna; its new holder hears it now, privately.
    told = [m for m in reply.sent if m.chat.id != h.anna.id]
    assert [m.text for m in told] == [
        "📋 De Boog: je staat op het rooster voor koken, vandaag, om 17:00."
    ]
    assert reply.to(h.group) == []
    planned = await holders(bot, "koken")
    assert all("Anna" not in names for names in planned.values())
    before = len(bot.tg.messages(h.anna))
    week = await bot.advance(at(MONDAY + timedelta(days=6), 23) - bot.clock.now())
    assert len(bot.tg.messages(h.anna)) == before  # no reminders during the pause
    assert all("Anna" not in m.text for m in week.to(h.group))
    reply = await bot.advance(hours=1)  # Monday 30 November, 00:00
    assert reply.to(h.anna)[0].text == (
        "▶️ De Boog: welkom terug! Je doet weer mee met het rooster, de stemmingen en de vragen."
    )
    planned = await holders(bot, "koken")
    assert any("Anna" in names for day, names in planned.items() if day >= date(2026, 11, 30))
    assert_no_shaming(rota, h.anna)


async def test_a_pause_until_i_say_and_a_typed_date(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    for user in (h.anna, h.bram, h.carla):
        await rota.join(user, koken)
    menu = (await rota.private(h.carla, "/pauze")).last
    await rota.tap(h.carla, menu, "Tot ik het zeg")
    assert menu.text.startswith(
        "⏸ Je bent even weg. Geen beurten, geen herinneringen, geen vragen.\n"
        "Ben je er weer? Tik hieronder of typ /pauze stop.\n\nJe beurten:\n"
    )
    async with bot.database.transaction() as session:
        row = session.scalars(select(Member).where(Member.away.is_(True))).one()
        assert row.away_back_on is None
    await bot.advance(days=20)
    assert all("Carla" not in names for names in (await holders(bot, "koken")).values())
    mine = (await rota.private(h.carla, "/rooster")).last
    assert "⏸ Je bent even weg, tot je zegt dat je er weer bent." in mine.text
    reply = await rota.private(h.carla, "/pauze stop")
    assert reply.texts == [
        "▶️ Welkom terug! Je doet weer mee: het rooster, de stemmingen en de vragen."
    ]
    assert any("Carla" in names for names in (await holders(bot, "koken")).values())
    assert (await rota.private(h.carla, "/pauze stop")).texts == [
        "Je bent niet weg. Je doet gewoon mee."
    ]
    # A typed last day: Bram steps back up to and including 20 December.
    menu = (await rota.private(h.bram, "/pauze")).last
    reply = await rota.tap(h.bram, menu, "📅 Andere datum")
    question = reply.to(h.bram)[0]
    assert question.text == "📅 Tot en met welke dag ben je weg? Schrijf bijvoorbeeld 12-12."
    reply = await bot.driver.send(h.bram, "1-1", reply_to=question)
    assert reply.last.text.startswith("⏸ Je bent even weg tot en met vrijdag 1 januari.")


# --- durable time ------------------------------------------------------------------------


async def test_a_restart_between_creating_a_task_and_its_reminder(rota: Rota) -> None:
    h, old = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await old.driver.stop()
    old.clock.advance(hours=2)
    restarted = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        keys = [key for key, _ in restarted.scheduler.pending()]
        assert [k for k in keys if k.startswith("rota-task")] == [
            f"rota-task-{await task_id(restarted, 'koken')}"
        ]
        reply = await restarted.advance(at(MONDAY, 17) - restarted.clock.now())
        assert reply.to(h.group)[0].text.startswith("📋 Vandaag koken: Anna")
    finally:
        await restarted.driver.stop()


async def task_id(bot: Bot, name: str) -> int:
    async with bot.database.transaction() as session:
        return int(session.scalars(select(RotaTask.id).where(RotaTask.name == name)).one())


async def test_a_reminder_less_than_an_hour_late_is_sent_later_ones_are_skipped(
    rota: Rota, caplog: pytest.LogCaptureFixture
) -> None:
    h, old = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await rota.join(h.bram, koken)
    await old.driver.stop()  # down from 10:00 until 17:40: the reminder is 40 minutes late
    old.clock.set(at(MONDAY, 17, 40))
    bot = await start_bot(old.tg, old.clock, old.database, old.time)
    try:
        assert bot.tg.last_bot_message(h.group).text.startswith(  # type: ignore[union-attr]
            "📋 Vandaag koken: Anna"
        )
        await bot.driver.stop()  # down from 17:40 on Monday until 18:10 on Tuesday
        bot.clock.set(at(MONDAY + timedelta(days=1), 18, 10))
        before = len(bot.tg.calls)
        caplog.set_level("INFO")
        bot = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
        sent = [c for c in bot.tg.calls[before:] if c.method == "sendMessage"]
        assert sent == []  # the evening-before and the group reminder: both over an hour late
        skipped = [r.getMessage() for r in caplog.records if "skipped (late)" in r.getMessage()]
        assert len(skipped) == 2
        assert all("Bram" not in line and "koken" not in line for line in skipped)
        reply = await bot.advance(at(MONDAY + timedelta(days=2), 17) - bot.clock.now())
        assert [m.chat.id for m in reply.sent] == [h.anna.id, h.group.id]  # normal again
    finally:
        await bot.driver.stop()


async def test_a_send_that_fails_does_not_stop_the_next_reminders(
    rota: Rota, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.storage.models import House as HouseRow

    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    async with bot.database.transaction() as session:
        house = session.scalars(select(HouseRow)).one()
        house.group_chat_id = -4_999_999_999  # Telegram answers "chat not found"
    caplog.set_level("WARNING")
    reply = await bot.advance(at(MONDAY, 17) - bot.clock.now())
    assert reply.to(h.group) == []
    assert any("not sent: BadRequest" in r.getMessage() for r in caplog.records)
    async with bot.database.transaction() as session:
        session.scalars(select(HouseRow)).one().group_chat_id = h.group.id
    reply = await bot.advance(days=1)
    assert reply.to(h.group)[0].text.startswith("📋 Vandaag koken: Anna")


async def test_a_reminder_is_sent_after_its_commit_and_catches_up_with_a_change(
    rota: Rota, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reminder job does not hold the database while Telegram takes its time: the send comes
    after the job's commit. A turn that changes while the message is on its way (here: Bram
    takes Anna's place) is shown as it is once the message is out."""
    from bot.telegram import outbox

    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await rota.join(h.bram, koken)
    await bot.advance(at(MONDAY, 16, 59) - bot.clock.now())
    real_send = outbox.send_text
    lock_free: list[bool] = []

    async def send_text(tg_bot, chat_id, text, markup=None, **kwargs):  # type: ignore[no-untyped-def]
        if chat_id == h.group.id and not lock_free:
            lock_free.append(not bot.database._lock.locked())
            async with bot.database.transaction() as session:  # another update, meanwhile
                bram = session.scalars(
                    select(Member).join(Person).where(Person.telegram_id == h.bram.id)
                ).one()
                seat = session.scalars(
                    select(RotaSeat).where(
                        RotaSeat.backup.is_(False), RotaSeat.member_id != bram.id
                    )
                ).first()
                assert seat is not None
                seat.member_id = bram.id
        return await real_send(tg_bot, chat_id, text, markup, **kwargs)

    monkeypatch.setattr(outbox, "send_text", send_text)
    reply = await bot.advance(minutes=1)
    assert lock_free == [True]
    reminder = reply.to(h.group)[0]
    assert reminder.text.startswith("📋 Vandaag koken: Bram")
    assert bot.tg.calls_of("editMessageText")[-1].ok
    async with bot.database.transaction() as session:
        turn = session.scalars(select(RotaTurn).where(RotaTurn.message_id.is_not(None))).one()
        assert (turn.chat_id, turn.message_id) == (h.group.id, reminder.message_id)


async def test_reminders_resume_when_the_bot_is_back_in_the_group(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await bot.driver.bot_removed(h.group, by=h.anna)
    assert (await bot.advance(days=2)).sent == []
    await bot.driver.bot_added(h.group, by=h.anna)
    reply = await bot.advance(at(MONDAY + timedelta(days=2), 17) - bot.clock.now())
    assert [m.text.split("\n")[0] for m in reply.to(h.group)] == ["📋 Vandaag koken: Anna"]
    assert reply.to(h.group)[0].date == at(MONDAY + timedelta(days=2), 17)


@pytest.mark.parametrize(
    ("start", "utc_hours"),
    [
        (date(2026, 3, 27), [16, 16, 15, 15]),  # summer time starts on Sunday 29 March
        (date(2026, 10, 23), [15, 15, 16, 16]),  # and ends on Sunday 25 October
    ],
)
async def test_a_17_00_reminder_stays_at_17_00_across_daylight_saving(
    bot: Bot, start: date, utc_hours: list[int]
) -> None:
    bot.clock.set(at(start, 10))
    rota = await make_rota(bot)
    h = rota.house
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    await rota.join(h.bram, koken)
    before = len(bot.tg.calls)
    await bot.advance(at(start + timedelta(days=3), 20) - bot.clock.now())
    sent = [c for c in bot.tg.calls[before:] if c.method == "sendMessage" and c.ok]
    group = [c.at for c in sent if str(c.params["chat_id"]) == str(h.group.id)]
    private = [c.at for c in sent if str(c.params["chat_id"]) != str(h.group.id)]
    assert [local(m).strftime("%d %H:%M") for m in group] == [
        f"{(start + timedelta(days=d)).day:02d} 17:00" for d in range(4)
    ]
    assert [m.hour for m in group] == utc_hours
    assert {local(m).strftime("%H:%M") for m in private} == {"19:00"}
    assert len(private) == 4


# --- newcomers, the chair's overview -----------------------------------------------------


async def newcomer_eva(rota: Rota) -> FakeUser:
    """A task ("koken", Anna on it), and Eva, who joins the group as a new resident today."""
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    eva = bot.tg.add_user("Eva")
    await bot.driver.user_joined(h.group, eva)
    bot.tg.start_bot(eva)
    await set_member(bot.database, eva, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    return eva


async def test_a_newcomer_is_invited_after_two_weeks_also_across_a_restart(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    eva = await newcomer_eva(rota)
    reply = await bot.advance(days=13)
    assert reply.to(eva) == []  # not at once
    await bot.driver.stop()
    bot.clock.advance(days=2)
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        invitations = [m for m in bot.tg.messages(eva) if m.text.startswith("👋")]
        assert [m.text for m in invitations] == [
            "👋 De Boog: het huis heeft een rooster met taken: koken.\n"
            "Wil je meedoen? Je kiest zelf wat en hoeveel. Het hoeft niet."
        ]
        for user in (h.anna, h.bram, h.carla, rota.dirk):
            assert not any(m.text.startswith("👋") for m in bot.tg.messages(user))
        await restarted.driver.tap(eva, invitations[0], "✋ Bekijk de taken")
        assert invitations[0].text.startswith("✋ Meedoen met taken · De Boog")
        assert await holders(restarted, "koken")  # nobody was put on it for her
        assert all("Eva" not in names for names in (await holders(restarted, "koken")).values())
        await restarted.advance(days=20)
        sent = [
            c for c in bot.tg.calls if c.method == "sendMessage" and c.params["chat_id"] == eva.id
        ]
        assert len([c for c in sent if str(c.params["text"]).startswith("👋")]) == 1
    finally:
        await restarted.driver.stop()


async def test_an_invitation_that_does_not_arrive_waits_for_the_open_chat(rota: Rota) -> None:
    """The invitation is sent after the job's commit; Eva blocked the bot meanwhile (403):
    her chat is marked closed and the invitation waits until she writes to the bot again."""

    bot = rota.bot
    eva = await newcomer_eva(rota)
    bot.tg.block_bot(eva)
    await bot.advance(days=15)
    assert not bot.tg.messages(eva)
    eva_id = await member_id(bot, eva)
    async with bot.database.transaction() as session:
        row = session.scalars(select(RotaPerson).where(RotaPerson.member_id == eva_id)).one()
        assert row.invited is False
        assert session.get(Member, eva_id).person.private_chat == PrivateChat.CLOSED
    bot.tg.start_bot(eva)
    await bot.driver.send(eva, "/start")
    await bot.advance(days=1)
    invitations = [m for m in bot.tg.messages(eva) if m.text.startswith("👋")]
    assert len(invitations) == 1


async def test_the_fairness_overview_is_private_for_the_chair_when_turned_on(rota: Rota) -> None:
    h, bot = rota.house, rota.bot
    koken = await rota.new_task("koken")
    for user in (h.anna, h.bram):
        await rota.join(user, koken)
    await bot.advance(days=3)
    assert (await rota.private(h.bram, "/rooster overzicht")).texts == [
        "Het huis heeft dit overzicht niet aangezet. Dat beslist het huis samen: "
        "kijk bij /instellen in de groep."
    ]
    listing = (await rota.private(h.bram, "/rooster taken")).last
    popup = await rota.tap(h.bram, listing, "📊 Overzicht voor de voorzitter: uit")
    assert popup.popup is not None and "huis" in popup.popup  # a house setting now (by decision)
    from bot.storage.rota_models import RotaSettings

    async with rota.bot.database.transaction() as session:
        session.scalars(select(RotaSettings)).one().chair_overview = True
    listing = (await rota.private(h.bram, "/rooster taken")).last
    reply = await rota.tap(h.bram, listing, "📊 Overzicht bekijken")
    assert reply.to(h.bram)[0].text == (
        "📊 Beurten per persoon · De Boog\n"
        "De laatste 4 weken, alle taken samen:\n\n"
        "• Anna — 2\n"
        "• Bram — 2\n\n"
        "Dit is geen wedstrijd. Het helpt om het werk eerlijk te verdelen."
    )
    reply = await rota.group(h.bram, "/rooster overzicht")
    assert reply.to(h.group)[0].text == "📊 Ik heb het overzicht privé gestuurd."
    assert reply.to(h.bram)[0].text.startswith("📊 Beurten per persoon")
    reply = await rota.group(h.anna, "/rooster overzicht")
    assert reply.texts == ["Alleen de voorzitter (Bram) kan taken maken."]


# --- in English --------------------------------------------------------------------------


async def test_an_english_house_swaps_steps_back_and_pauses(bot: Bot) -> None:
    rota = await make_rota(bot, language="en")
    h = rota.house
    cooking = await rota.new_task("cooking", words="/rota new")
    await arrange_history(bot, "cooking", {h.anna: 9, h.bram: 2})
    for user in (h.anna, h.bram, h.carla):
        assert await rota.join(user, cooking) == (
            "✅ You take part in cooking. In the private chat I ask how many turns you can do."
        )
    week = (await rota.group(rota.dirk, "/rota")).last.text
    assert week.startswith("📋 Rota of De Boog · the next 7 days\n\nMonday 23 November\n")
    assert week.endswith("Who is next?\n• cooking: Anna, today")
    reminder = (await bot.advance(at(MONDAY, 17) - bot.clock.now())).to(h.group)[0]
    assert reminder.text == "📋 Today cooking: Anna — backup: Bram\nTap ✅ Done when it is done."
    since = len(bot.tg.calls)
    reply = await rota.tap(h.anna, reminder, "🙋 Can't today")
    assert reply.popup == "Thanks for letting me know. I'll find someone else."
    ask = reply.to(h.bram)[0]
    assert ask.text == (
        "🙋 De Boog: can you step in for cooking today, at 17:00? You are the backup: "
        "you only do it if needed. Yes or no, both are fine."
    )
    reply = await rota.tap(h.bram, ask, "🙋 Yes, I'll do it")
    assert ask.text == "✅ Thank you! cooking, today, at 17:00, is yours now."
    assert reply.to(h.anna)[0].text == (
        "✅ Bram takes cooking over from you, today. You don't need to do anything."
    )
    assert reminder.text == "📋 Today cooking: Bram\nTap ✅ Done when it is done."
    evening = (await bot.advance(hours=2)).to(h.carla)[0]
    assert evening.text.startswith("⏰ De Boog: tomorrow it is your turn for cooking, at 17:00.")
    request = (await rota.tap(h.carla, evening, "🔁 Hand over")).to(h.group)[0]
    assert request.text == (
        "🔁 Carla de Vries is looking for someone to take over cooking: tomorrow, at 17:00."
    )
    await rota.tap(rota.dirk, request, "🙋 I'll take it")
    assert request.text == "✅ Dirk takes over cooking, tomorrow. Thank you!"
    menu = (await rota.private(h.anna, "/pause")).last
    await rota.tap(h.anna, menu, "Two weeks")
    assert menu.text == (
        "⏸ You are away until Sunday 6 December (that day included). No turns, no reminders, "
        "no questions.\nFrom Monday 7 December you take part again.\n\n"
        "Your turns:\n"
        "• cooking — on Thursday 26 November: someone else does it\n"
        "• cooking — on Sunday 29 November: someone else does it"
    )
    assert_no_shaming(rota, h.anna, since=since)


async def test_the_week_view_reads_the_database_a_fixed_number_of_times(rota: Rota) -> None:
    """/rooster in the group: the number of SQL statements does not grow with the turns of
    the week or the people on them (names and seats are read in one go)."""
    from sqlalchemy import event

    h, bot = rota.house, rota.bot
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    async def week_view_statements() -> int:
        event.listen(bot.database.engine, "before_cursor_execute", count)
        try:
            statements.clear()
            reply = await rota.group(h.anna, "/rooster")
            assert len(reply.to(h.group)) == 1
            return len(statements)
        finally:
            event.remove(bot.database.engine, "before_cursor_execute", count)

    koken = await rota.new_task("koken")
    await rota.join(h.anna, koken)
    one_task = await week_view_statements()
    for name in ("afwas", "boodschappen", "vuilnis"):
        task = await rota.new_task(name)
        for user in (h.anna, h.bram, h.carla, rota.dirk):
            await rota.join(user, task)
    for user in (h.bram, h.carla, rota.dirk):
        await rota.join(user, koken)
    four_tasks = await week_view_statements()
    # Each more task adds its "who is next" (the next turn, its seats, the holder's last
    # time: three small queries), not one per turn or seat. It was 18 → 79 before.
    assert four_tasks - one_task <= 3 * 3, (one_task, four_tasks)
    assert four_tasks <= 22, four_tasks
