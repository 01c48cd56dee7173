"""The check-in round before a meeting, as residents live it: the question and its three steps,
each share choice (a "keep it to myself" answer appears in no message to anyone else), the one
gentle reminder, the digest, the offer of a person after a low answer with its consent step,
retention of notes, and `/mycheckins` — in Dutch and in English."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.meeting_models import CheckIn, Share
from bot.storage.models import Member, MemberStatus, Person, PrivateChat, Role
from tests.conftest import Bot, start_bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import set_member
from tests.test_meetings import plan_quick
from tests.test_polls import Voting, make_voting

CHECKIN_AT = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)  # 16:30 house time, 3 h before
REMINDER_AT = datetime(2026, 11, 24, 16, 45, tzinfo=UTC)  # halfway to the digest
DIGEST_AT = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 30 minutes before 19:30
SCALE = {
    "nl": ["😄 Heel goed", "🙂 Goed", "😐 Gaat wel", "😕 Niet zo goed", "😞 Slecht"],
    "en": ["😄 Very good", "🙂 Good", "😐 Okay", "😕 Not so good", "😞 Bad"],
}


@dataclass
class Round:
    """De Boog (see `make_voting`) with Eva, a resident, and Petra, a peer worker who is the
    house's confidant; both have the private chat open. The meeting is on Tuesday 24 November
    at 19:30 and the check-in question has just gone out."""

    voting: Voting
    eva: FakeUser
    petra: FakeUser
    asked: Reply

    @property
    def bot(self) -> Bot:
        return self.voting.bot

    def question(self, user: FakeUser) -> FakeMessage:
        found = self.asked.to(user)
        assert len(found) == 1, self.asked.texts
        return found[0]

    async def until(self, moment: datetime) -> Reply:
        return await self.bot.advance(moment - self.bot.clock.now())

    async def answer(
        self, user: FakeUser, level: str, note: str | None, share: str, language: str = "nl"
    ) -> FakeMessage:
        """Tap a level, give a note (or none), choose who may see it. Returns the last message."""
        driver = self.bot.driver
        reply = await driver.tap(user, self.question(user), level)
        prompt = reply.to(user)[-1]
        no_note = "Geen notitie" if language == "nl" else "No note"
        # After a low answer the note's step is a message of its own, below the offer.
        steps = [self.question(user), *reply.to(user)]
        message = next(
            m for m in steps if any(no_note in b.text for b in self.bot.tg.all_buttons(m))
        )
        if note is None:
            await driver.tap(user, message, no_note)
        else:
            reply = await driver.send(user, note, reply_to=prompt)
            message = reply.last
        await driver.tap(user, message, share)
        return message


async def make_round(bot: Bot, language: str = "nl", *, eva_blocked: bool = False) -> Round:
    voting = await make_voting(bot, language=language)
    tg, db = bot.tg, bot.database
    eva = tg.add_user("Eva", language_code=language)
    petra = tg.add_user("Petra", language_code=language)
    for user in (eva, petra):
        voting.house.group.members[user.id] = user
        tg.start_bot(user)
    await set_member(db, eva, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(
        db, petra, MemberStatus.SUPPORTER, Role.CONFIDANT, private_chat=PrivateChat.OPEN
    )
    if eva_blocked:  # she blocked the bot; the bot does not know yet
        tg.block_bot(eva)
    day = "di 24 nov" if language == "nl" else "Tue 24 Nov"
    await plan_quick(voting, day, "19:30", language)
    asked = await bot.advance(CHECKIN_AT - bot.clock.now())
    return Round(voting, eva, petra, asked)


class Sends:
    """The sends a job queued until after its commit (`bot.telegram.outbox`): (chat id, text,
    whether the database lock was free while Telegram was being asked)."""

    def __init__(self, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
        from bot.telegram import outbox

        self.made: list[tuple[int, str, bool]] = []
        real_send = outbox.send_text

        async def send_text(tg_bot: Any, chat_id: int, text: str, *args: Any, **kw: Any) -> Any:
            self.made.append((chat_id, text, not bot.database._lock.locked()))
            return await real_send(tg_bot, chat_id, text, *args, **kw)

        monkeypatch.setattr(outbox, "send_text", send_text)

    def of(self, part: str) -> list[tuple[int, bool]]:
        """(chat id, lock free) of the sends whose text holds `part`."""
        return [(chat_id, free) for chat_id, text, free in self.made if part in text]


def everything_in(bot: Bot, *chats: FakeUser | object) -> str:
    """Every message text (plain and HTML) in these chats, users' and the bot's."""
    parts: list[str] = []
    for chat in chats:
        for message in bot.tg.messages(chat):  # type: ignore[arg-type]
            parts += [message.text, message.html]
    return "\n".join(parts)


async def checkins(bot: Bot) -> dict[str, CheckIn]:
    async with bot.database.transaction() as session:
        return by_name(session)


def by_name(session: Session) -> dict[str, CheckIn]:
    rows = session.execute(
        select(CheckIn, Person.first_name)
        .join(Member, CheckIn.member_id == Member.id)
        .join(Person, Member.person_id == Person.id)
    ).all()
    return {name: checkin for checkin, name in rows}


async def test_each_share_choice_and_keep_to_myself_appears_nowhere(bot: Bot) -> None:
    r = await make_round(bot)
    h, driver = r.voting.house, bot.driver
    dirk = r.voting.dirk
    # Residents with an open private chat are asked; nobody else, and never in the group.
    assert {m.chat.id for m in r.asked.sent if m.text.startswith("👋")} == {
        h.bram.id,
        h.carla.id,
        dirk.id,
        r.eva.id,
    }
    assert [m.text.split("\n")[0] for m in r.asked.to(h.group)] == [
        "📋 Bewonersvergadering: dinsdag 24 november, 19:30"  # the agenda, the day before
    ]
    assert r.asked.to(r.petra) == []
    question = r.question(h.carla)
    assert question.text == (
        "👋 Hoe gaat het met je?\n"
        "Tik wat past. Antwoorden hoeft niet.\n\n"
        "Dit is de incheckronde van De Boog: voor de vergadering van dinsdag 24 november, "
        "19:30 vraag ik iedereen even hoe het gaat."
    )
    assert [b.text for b in bot.tg.all_buttons(question)] == [
        *SCALE["nl"],
        "🔕 Liever niet meer vragen",
    ]

    # Carla: a level, no note (a late note is refused), shared with the group.
    reply = await driver.tap(h.carla, question, "🙂 Goed")
    assert question.text == (
        "Hoe gaat het met je? 🙂 Goed\n\n"
        "Wil je er iets bij zeggen? Typ een korte zin als antwoord op mijn volgende bericht.\n"
        "Liever niet? Tik op Geen notitie."
    )
    prompt = reply.to(h.carla)[-1]
    assert prompt.text == "✍️ Je notitie, kort (mag ook niet):"
    await driver.tap(h.carla, question, "➡️ Geen notitie")
    assert question.text == (
        "Hoe gaat het met je? 🙂 Goed\n\n"
        "Wie mag dit zien?\n"
        "👥 De groep: vlak voor de vergadering, met je naam.\n"
        "🪑 Alleen de voorzitter: Bram (@bram).\n"  # whom to trust: told apart by @username
        "🔒 Alleen jij: het komt nergens anders."
    )
    assert [b.text for b in bot.tg.all_buttons(question)] == [
        "👥 De groep",
        "🪑 Alleen de voorzitter",
        "🔒 Alleen ik",
    ]
    late_note = await driver.send(h.carla, "Toch iets", reply_to=prompt)
    assert late_note.texts == ["Dat kan nu niet meer. Dank je!"]
    await driver.tap(h.carla, question, "👥 De groep")
    assert question.text == (
        "Hoe gaat het met je? 🙂 Goed\n\n✅ Dank je! De groep ziet dit vlak voor de vergadering."
    )
    again = await driver.tap(h.carla, question, 1) if question.buttons else None
    assert again is None

    # Dirk: a typed note, only for the chair.
    reply = await driver.tap(dirk, r.question(dirk), "😐 Gaat wel")
    reply = await driver.send(dirk, "Slecht <geslapen> & moe", reply_to=reply.to(dirk)[-1])
    dirk_share = reply.last
    assert r.question(dirk).text == "Hoe gaat het met je? 😐 Gaat wel\n✍️ Slecht <geslapen> & moe"
    assert r.question(dirk).buttons == []
    await driver.tap(dirk, dirk_share, "🪑 Alleen de voorzitter")
    assert dirk_share.text.endswith(
        "✅ Dank je! Alleen de voorzitter ziet dit, vlak voor de vergadering."
    )

    # Eva: keeps it to herself.
    eva_last = await r.answer(r.eva, "😄 Heel goed", "Verliefd op Zeno", "🔒 Alleen ik")
    assert eva_last.text == (
        "Hoe gaat het met je? 😄 Heel goed\n✍️ Verliefd op Zeno\n\n"
        "✅ Dank je! Alleen jij ziet dit. Het komt nergens anders.\n"
        "Je eigen overzicht: /mijncheckins"
    )

    # Bram does not answer: one gentle reminder, privately; never a name in the group.
    reply = await r.until(REMINDER_AT - timedelta(minutes=1))
    assert reply.sent == []
    reply = await r.until(REMINDER_AT)
    assert [m.chat.id for m in reply.sent] == [h.bram.id]
    assert reply.sent[0].text.startswith("👋 Nog één keer, heel vrijblijvend: hoe gaat het met je?")
    assert [b.text for b in bot.tg.all_buttons(reply.sent[0])][:-1] == SCALE["nl"]

    reply = await r.until(DIGEST_AT)
    assert [m.text for m in reply.to(h.group)] == [
        "☕ Incheckronde voor de vergadering van dinsdag 24 november, 19:30\n"
        "• Carla de Vries: 🙂 Goed"  # two private answers: no count (it would single out)
    ]
    assert [m.text for m in reply.to(h.bram)] == [
        "🪑 Alleen voor jou als voorzitter, voor de vergadering van dinsdag 24 november, 19:30:\n"
        "• Dirk: 😐 Gaat wel — Slecht <geslapen> & moe"
    ]
    assert "&lt;geslapen&gt; &amp; moe" in reply.to(h.bram)[0].html
    assert {m.chat.id for m in reply.sent} == {h.group.id, h.bram.id}
    reply = await r.until(DIGEST_AT + timedelta(hours=2))
    assert not [m for m in reply.sent if m.chat.id != h.group.id]  # no second reminder

    # Eva's answer is in no message that anyone else received; Bram is never named for
    # not answering; Dirk's chair-only answer is not in the group.
    others = everything_in(bot, h.group, h.anna, h.bram, h.carla, dirk, r.petra)
    for secret in ("Eva", "Zeno", "Verliefd", "😄 Heel goed"):
        assert secret not in others
    group = everything_in(bot, h.group)
    assert "Bram: " not in group and "geslapen" not in group and "Gaat wel" not in group

    late = await driver.tap(h.bram, r.question(h.bram), "🙂 Goed")
    assert late.popup == "De incheckronde is voorbij. Dank je wel!"
    stored = await checkins(bot)
    assert (stored["Eva"].share, stored["Dirk"].share, stored["Carla"].share) == (
        Share.SELF,
        Share.CHAIR,
        Share.GROUP,
    )
    assert stored["Bram"].level is None and stored["Bram"].reminded_at is not None


async def test_a_low_answer_offers_a_person_and_asks_before_anyone_is_told(bot: Bot) -> None:
    r = await make_round(bot)
    h, driver = r.voting.house, bot.driver
    offer = r.question(h.carla)
    reply = await driver.tap(h.carla, offer, "😕 Niet zo goed")
    assert {m.chat.id for m in reply.sent} == {h.carla.id}  # nobody else hears of it
    # In order: the answer with the offer of a person (the question's message), then the
    # note's step, then the note's question; no 113/112 for "Niet zo goed".
    assert offer.text == (
        "Hoe gaat het met je? 😕 Niet zo goed\n\n"
        "💛 Fijn dat je het laat weten.\n"
        "Wil je met iemand praten? Ik kan iemand vragen om contact met je op te nemen. "
        "Dat doe ik alleen als jij op een knop tikt."
    )
    assert [m.text for m in reply.to(h.carla)] == [
        "Wil je er iets bij zeggen? Typ een korte zin als antwoord op mijn volgende bericht.\n"
        "Liever niet? Tik op Geen notitie.",
        "✍️ Je notitie, kort (mag ook niet):",
    ]
    assert [b.text for b in bot.tg.all_buttons(offer)] == ["💬 Vraag Petra (vertrouwenspersoon)"]

    reply = await driver.tap(h.carla, offer, "💬 Vraag Petra")
    assert offer.text == (
        "Zal ik Petra vragen om contact met je op te nemen?\n"
        "Petra krijgt alleen dit bericht:\n\n"
        "👋 Carla de Vries uit De Boog vraagt of je even contact opneemt. "
        "Een berichtje of een praatje is genoeg.\n\n"
        "Niets over je antwoord of je notitie."
    )
    assert reply.sent == [] and bot.tg.messages(r.petra) == []
    await driver.tap(h.carla, offer, "✖️ Nee, toch niet")
    assert offer.text.startswith("Hoe gaat het met je? 😕 Niet zo goed\n\n💛 Fijn dat je")
    assert bot.tg.messages(r.petra) == []

    await driver.tap(h.carla, offer, "💬 Vraag Petra")
    reply = await driver.tap(h.carla, offer, "✅ Ja, stuur het")
    assert [m.text for m in reply.to(r.petra)] == [
        "👋 Carla de Vries uit De Boog vraagt of je even contact opneemt. "
        "Een berichtje of een praatje is genoeg."
    ]
    assert offer.text == "✅ Ik heb Petra gevraagd om contact met je op te nemen."
    assert "Niet zo goed" not in everything_in(bot, r.petra, h.group)

    # With a buddy (the buddy feature plugs in here), the buddy is offered first.
    def buddy(session: Session, member: Member) -> Member | None:
        return session.scalars(select(Member).join(Person).where(Person.first_name == "Dirk")).one()

    bot.app.bot_data["meetings"].checkins.buddy_of = buddy
    offer = r.question(h.bram)
    await driver.tap(h.bram, offer, "😞 Slecht")
    assert offer.text.endswith(  # the lowest answer: the numbers too, gently, after the people
        "Is het heel zwaar? Je hoeft het niet alleen te dragen.\n"
        "📞 Praten kan altijd, ook 's nachts: 113 Zelfmoordpreventie, bel 0800-0113 (gratis) "
        "of chat op 113.nl\n"
        "Is er nu gevaar? Bel 112."
    )
    assert [b.text for b in bot.tg.all_buttons(offer)] == [
        "🤝 Vraag je maatje Dirk",
        "💬 Vraag Petra (vertrouwenspersoon)",
    ]
    await driver.tap(h.bram, offer, "🤝 Vraag je maatje Dirk")
    assert "👋 Bram (@bram) uit De Boog vraagt of je even contact opneemt." in offer.text
    bot.tg.block_bot(r.voting.dirk)
    reply = await driver.tap(h.bram, offer, "✅ Ja, stuur het")
    assert offer.text.startswith(
        "Ik kan Dirk nu niet bereiken. Vraag iemand anders, of probeer het later nog eens."
    )
    assert reply.to(r.voting.dirk) == []

    # A middle answer gets no offer.
    reply = await driver.tap(r.eva, r.question(r.eva), "😐 Gaat wel")
    assert [m.text for m in reply.sent] == ["✍️ Je notitie, kort (mag ook niet):"]


async def test_the_house_sets_its_own_support_numbers(bot: Bot) -> None:
    r = await make_round(bot)
    h, driver = r.voting.house, bot.driver
    settings = (await driver.send(h.bram, "/vergadering")).last
    await driver.tap(h.bram, settings, "⚙️ Instellingen")
    assert "📞 Hulpnummers: standaard (113 en 112)" in settings.text
    reply = await driver.tap(h.bram, settings, "📞 Hulpnummers typen")
    reply = await driver.send(
        h.bram, "Bel Petra: 06-12345678\nHuisarts: 020-1234567", reply_to=reply.to(h.bram)[0]
    )
    assert "📞 Hulpnummers: eigen tekst van het huis" in reply.last.text
    async with bot.database.transaction() as session:
        for member in session.scalars(select(Member)):
            if Role.CONFIDANT in member.role_set:
                member.roles.clear()
    offer = r.question(r.eva)
    await driver.tap(r.eva, offer, "😞 Slecht")
    assert offer.text == (
        "Hoe gaat het met je? 😞 Slecht\n\n"
        "💛 Fijn dat je het laat weten.\n"
        "Praat erover met iemand die je vertrouwt, als je dat wilt.\n\n"
        "Bel Petra: 06-12345678\nHuisarts: 020-1234567"
    )
    assert offer.buttons == []


async def test_an_english_round(bot: Bot) -> None:
    r = await make_round(bot, language="en")
    h, driver = r.voting.house, bot.driver
    question = r.question(h.carla)
    assert question.text == (
        "👋 How are you?\nTap what fits. You don't have to answer.\n\n"
        "This is the check-in round of De Boog: before the meeting of Tuesday 24 November, 19:30 "
        "I ask everyone how they are."
    )
    assert [b.text for b in bot.tg.all_buttons(question)] == [
        *SCALE["en"],
        "🔕 Rather not be asked",
    ]
    reply = await driver.tap(h.carla, question, "😞 Bad")
    offer = question
    assert offer.text.endswith(
        "Is it very hard right now? You don't have to carry it alone.\n"
        "📞 You can always talk, also at night: 113 Zelfmoordpreventie (suicide prevention), "
        "call 0800-0113 (free) or chat at 113.nl\n"
        "Is there danger right now? Call 112."
    )
    assert [b.text for b in bot.tg.all_buttons(offer)] == ["💬 Ask Petra (confidant)"]
    question = reply.to(h.carla)[0]  # the note's step
    await driver.tap(h.carla, question, "No note")
    await driver.tap(h.carla, question, "👥 The group")
    await r.answer(r.voting.dirk, "🙂 Good", "Tired", "🔒 Only me", language="en")
    await r.answer(r.eva, "😐 Okay", None, "🪑 Only the chair", language="en")
    reply = await r.until(DIGEST_AT)
    assert [m.text for m in reply.to(h.group)] == [
        "☕ Check-in round before the meeting of Tuesday 24 November, 19:30\n"
        "• Carla de Vries: 😞 Bad"  # two private answers: no count
    ]
    assert [m.text for m in reply.to(h.bram)][-1:] == [
        "🪑 Only for you as the chair, before the meeting of Tuesday 24 November, 19:30:\n"
        "• Eva: 😐 Okay"
    ]
    assert "Tired" not in everything_in(bot, h.group, h.bram, h.carla, r.eva, r.petra)


async def test_notes_are_deleted_after_the_retention_period_and_levels_stay(bot: Bot) -> None:
    r = await make_round(bot)
    h = r.voting.house
    await r.answer(h.carla, "🙂 Goed", "Moe", "👥 De groep")
    await r.answer(r.eva, "😐 Gaat wel", "Verliefd", "🔒 Alleen ik")
    await r.until(CHECKIN_AT + timedelta(weeks=8) - timedelta(hours=1))
    stored = await checkins(bot)
    assert (stored["Carla"].note, stored["Eva"].note) == ("Moe", "Verliefd")
    await r.until(CHECKIN_AT + timedelta(weeks=8, days=1))
    stored = await checkins(bot)
    assert [(c.note, c.note_removed, c.level) for c in (stored["Carla"], stored["Eva"])] == [
        (None, True, 4),
        (None, True, 3),
    ]


async def test_a_shorter_retention_set_by_the_chair_also_runs_at_start_up(bot: Bot) -> None:
    voting = await make_voting(bot)
    h, driver = voting.house, bot.driver
    # A house setting now (test_house_settings): the house decided 4 weeks.
    from bot.domain import meetings as meeting_domain
    from bot.storage.models import House as HouseRow

    async with bot.database.transaction() as session:
        row = session.scalars(select(HouseRow)).one()
        meeting_domain.settings_of(session, row).retention_weeks = 4
    await plan_quick(voting, "di 24 nov", "19:30")
    asked = await bot.advance(CHECKIN_AT - bot.clock.now())
    reply = await driver.tap(h.carla, asked.to(h.carla)[0], "🙂 Goed")
    await driver.send(h.carla, "Moe", reply_to=reply.to(h.carla)[-1])
    await bot.advance(weeks=3)
    assert (await checkins(bot))["Carla"].note == "Moe"
    await bot.driver.stop()
    bot.clock.advance(weeks=2)
    restarted = await start_bot(bot.tg, bot.clock, bot.database, bot.time)
    try:
        carla = (await checkins(restarted))["Carla"]
        assert (carla.note, carla.note_removed, carla.level) == (None, True, 4)
    finally:
        await restarted.driver.stop()


async def test_my_checkins_is_a_picture_only_for_the_person(bot: Bot) -> None:
    r = await make_round(bot)
    h, driver = r.voting.house, bot.driver
    await r.answer(h.carla, "🙂 Goed", "Moe", "👥 De groep")
    reply = await driver.send(h.carla, "/mijncheckins")
    assert [c.method for c in reply.calls] == ["sendPhoto"]
    photo = reply.last
    assert photo.chat.id == h.carla.id and photo.kind == "photo"
    assert photo.caption == (
        "📈 Jouw incheckrondes van de laatste 12 weken: 1 keer.\n"
        "😄 0 · 🙂 1 · 😐 0 · 😕 0 · 😞 0\n"
        "Laatste: 🙂 Goed (dinsdag 24 november).\n"
        "Alleen jij ziet dit."
    )
    assert photo.file is not None
    picture = Image.open(io.BytesIO(photo.file.content))
    assert (picture.format, picture.size) == ("PNG", (640, 320))

    in_group = await driver.send(h.carla, "/mijncheckins", chat=h.group)
    assert in_group.texts == [
        "Je eigen incheckrondes zie je alleen in de privéchat. Typ daar /mijncheckins."
    ]
    assert [c.method for c in in_group.calls] == ["sendMessage"]
    nothing = await driver.send(r.voting.dirk, "/mycheckins")
    assert nothing.texts == [
        "Je hebt nog geen incheckronde ingevuld. Voor een vergadering vraag ik je: "
        "Hoe gaat het met je?"
    ]


async def test_my_checkins_in_english_over_several_weeks(bot: Bot) -> None:
    r = await make_round(bot, language="en")
    h, driver = r.voting.house, bot.driver
    await r.answer(h.carla, "😕 Not so good", None, "🔒 Only me", language="en")
    reply = await driver.send(h.carla, "/mycheckins")
    assert reply.last.caption.startswith("📈 Your check-ins of the last 12 weeks: 1 time.\n")
    assert reply.last.caption.endswith(
        "Last: 😕 Not so good (Tuesday 24 November).\nOnly you see this."
    )


# --- the sends of the round's jobs go after their commit -----------------------------------


async def test_the_round_is_sent_after_its_commit_and_each_question_is_kept(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The round does not hold the database while Telegram takes its time: each question goes
    out after the job's commit; its message is kept afterwards."""
    sends = Sends(bot, monkeypatch)
    r = await make_round(bot)
    h, dirk = r.voting.house, r.voting.dirk
    asked = sends.of("Hoe gaat het met je?")
    assert sorted(asked) == sorted((user.id, True) for user in (h.bram, h.carla, dirk, r.eva))
    stored = await checkins(bot)
    for user in (h.bram, h.carla, dirk, r.eva):
        row = stored[user.first_name]
        assert (row.chat_id, row.message_id) == (user.id, r.question(user).message_id)
    reply = await bot.driver.tap(r.eva, r.question(r.eva), "🙂 Goed")  # the question works
    assert [m.text for m in reply.sent] == ["✍️ Je notitie, kort (mag ook niet):"]


async def test_the_reminder_is_sent_after_its_commit(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = await make_round(bot)
    h, dirk = r.voting.house, r.voting.dirk
    await r.answer(h.carla, "🙂 Goed", None, "👥 De groep")
    sends = Sends(bot, monkeypatch)
    reply = await r.until(REMINDER_AT)
    reminded = sends.of("Nog één keer")
    assert sorted(reminded) == sorted((user.id, True) for user in (h.bram, dirk, r.eva))
    assert sorted(m.chat.id for m in reply.sent) == sorted([h.bram.id, dirk.id, r.eva.id])


async def test_the_digest_is_sent_after_its_commit(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = await make_round(bot)
    h, dirk = r.voting.house, r.voting.dirk
    await r.answer(h.carla, "🙂 Goed", None, "👥 De groep")
    await r.answer(dirk, "😐 Gaat wel", "Moe", "🪑 Alleen de voorzitter")
    await r.until(DIGEST_AT - timedelta(minutes=1))
    sends = Sends(bot, monkeypatch)
    reply = await r.until(DIGEST_AT)
    assert [(chat_id, free) for chat_id, _, free in sends.made] == [
        (h.group.id, True),
        (h.bram.id, True),
    ]
    assert [m.text for m in reply.to(h.group)] == [
        "☕ Incheckronde voor de vergadering van dinsdag 24 november, 19:30\n"
        "• Carla de Vries: 🙂 Goed"  # one private answer: no count
    ]
    assert [m.text for m in reply.to(h.bram)] == [
        "🪑 Alleen voor jou als voorzitter, voor de vergadering van dinsdag 24 november, 19:30:\n"
        "• Dirk: 😐 Gaat wel — Moe"
    ]


async def test_a_question_refused_at_send_time_closes_the_chat_and_gets_no_reminder(
    bot: Bot,
) -> None:
    """Eva blocked the bot before the round, and the bot did not know: sending the question
    (after the job's commit) finds out, and her private chat is marked closed. She is not
    reminded of a question that never reached her, even once she opens the chat again."""
    r = await make_round(bot, eva_blocked=True)
    h, dirk = r.voting.house, r.voting.dirk
    assert r.asked.to(r.eva) == []
    async with bot.database.transaction() as session:
        eva = session.scalars(select(Person).where(Person.telegram_id == r.eva.id)).one()
        assert eva.private_chat == PrivateChat.CLOSED
    bot.tg.start_bot(r.eva)
    await bot.driver.send(r.eva, "/start")
    reply = await r.until(REMINDER_AT)
    assert sorted(m.chat.id for m in reply.sent) == sorted([h.bram.id, h.carla.id, dirk.id])
