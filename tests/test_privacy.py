"""Privacy, as a person uses it: `/mydata` sends everything the bot stores about them as a JSON
file, and `/forgetme` deletes their personal data after a confirmation — decisions stay without
the name, ballots keep the turnout without the person, and afterwards no row anywhere refers to
them or holds their name (checked over the whole schema by introspection) — in Dutch and in
English."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.domain import privacy
from bot.storage.models import Ballot, Decision, Member, MemberStatus, Person, Poll, Role
from bot.storage.rota_models import RotaTask
from bot.storage.schema import load_models
from tests.conftest import Bot
from tests.fake_telegram import FakeUser
from tests.test_aftercare import Aftercare, make_aftercare, rota_task


async def ids_of(bot: Bot, user: FakeUser) -> tuple[int, list[int]]:
    async with bot.database.transaction() as session:
        person = session.scalars(select(Person).where(Person.telegram_id == user.id)).one()
        members = session.scalars(select(Member.id).where(Member.person_id == person.id)).all()
        return person.id, list(members)


async def traces(bot: Bot, person_id: int, member_ids: list[int], names: list[str]) -> list[str]:
    """Every place in the database that still refers to the person or holds one of the names:
    foreign keys to people / members, and every free-text column of every table."""
    found: list[str] = []
    async with bot.database.transaction() as session:
        for ref in privacy.references([privacy.PEOPLE, privacy.MEMBERS]):
            ids = [person_id] if ref.target == privacy.PEOPLE else member_ids
            count = session.scalar(
                select(func.count()).select_from(ref.table).where(ref.column.in_(ids))
            )
            if count:
                found.append(f"{ref.table.name}.{ref.column.name}")
        for table in load_models().sorted_tables:
            if table.name == privacy.PEOPLE and session.get(Person, person_id) is not None:
                found.append("people row")
            if table.name == privacy.MEMBERS and member_ids:
                left = session.scalar(
                    select(func.count()).select_from(table).where(table.c.id.in_(member_ids))
                )
                if left:
                    found.append("members rows")
            for column in privacy.text_columns(table):
                for value in session.scalars(select(column)).all():
                    text = json.dumps(value, ensure_ascii=False).casefold()
                    for name in names:
                        if name.casefold() in text:
                            found.append(f"{table.name}.{column.name}: {value!r}")
    return found


async def busy_week(care: Aftercare) -> None:
    """Bram (the chair, @bram) leaves traces everywhere: a task he made and joined, a closed
    poll about him (a decision), an open poll he voted in, an agenda item about him that Carla
    added, a help request in the aftercare group, and a buddy pair with Fien."""
    h, bot = care.house, care.bot
    nl = care.language == "nl"
    koken = await rota_task(care)
    await care.tap(h.bram, koken, 1)
    poll = (await care.group(h.bram, f"{care.w['poll']} Mag Bram de sleutel houden?")).to(h.group)[
        0
    ]
    for user in (h.anna, h.bram, h.carla):
        await care.tap(user, poll, care.w["vote"])
    await bot.advance(days=4)  # the poll closes: a decision
    open_poll = (await care.group(h.bram, f"{care.w['poll']} Een kat?")).to(h.group)[0]
    await care.tap(h.bram, open_poll, care.w["vote"])
    add = "/agenda toevoegen" if nl else "/agenda add"
    await care.group(h.carla, f"{add} Afscheidsfeest voor Bram")
    help_words = "/nazorg hulp" if nl else "/aftercare help"
    await care.group(h.bram, f"{help_words} Wie helpt Bram met verhuizen?")


async def count(bot: Bot, model: type, *where: Any) -> int:
    async with bot.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_my_data_is_everything_about_me_and_nothing_about_others(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, tg = care.house, bot.tg
    await busy_week(care)
    reply = await care.group(h.bram, "/mijngegevens" if language == "nl" else "/mydata")
    assert reply.texts == [
        "Dit doen we in de privéchat. Tik op de knop en typ het daar."
        if language == "nl"
        else "We do this in the private chat. Tap the button and type it there."
    ]
    assert tg.all_buttons(reply.last)[0].url is not None

    reply = await care.private(h.bram, "/mijngegevens" if language == "nl" else "/mydata")
    document = reply.last
    assert document.kind == "document" and document.file is not None
    assert document.file.name == (
        "mijn-gegevens-huisbot.json" if language == "nl" else "my-huisbot-data.json"
    )
    assert document.text == (
        "📄 Alles wat ik over je bewaar, in één bestand."
        if language == "nl"
        else "📄 Everything I store about you, in one file."
    )
    data = json.loads(document.file.content)
    person_id, member_ids = await ids_of(bot, h.bram)
    tables = data["tables"]
    assert data["telegram_id"] == h.bram.id
    assert [row["id"] for row in tables["people"]] == [person_id]
    assert tables["people"][0]["username"] == "bram"
    assert datetime.fromisoformat(tables["people"][0]["created_at"]).tzinfo is not None
    assert [row["id"] for row in tables["members"]] == member_ids
    assert tables["members"][0]["status"] == "resident"
    assert [row["role"] for row in tables["member_roles"]] == ["chair"]
    # Every kind of trace: votes (and his choice in the open poll), polls and the task he
    # made, his place on the rota, his help request, his private chat's questions.
    for name in (
        "ballots",
        "polls",
        "rota_tasks",
        "rota_volunteers",
        "rota_seats",
        "aftercare_help_requests",
    ):
        assert tables.get(name), name
    assert len(tables["ballots"]) == 2
    # Polls are secret by default: a secret poll never writes a choice row (the secret-ballot
    # promise); the open poll's ballot holds his choice sealed, exported as it is stored.
    assert "choices" not in tables
    assert [bool(row.get("sealed")) for row in tables["ballots"]].count(True) == 1
    # Nothing about anyone else: every reference to a person or membership is his.
    for ref in privacy.references([privacy.PEOPLE, privacy.MEMBERS]):
        for row in tables.get(ref.table.name, []):
            value = row[ref.column.name]
            assert value is None or value in (
                [person_id] if ref.target == privacy.PEOPLE else member_ids
            ), (ref.table.name, row)
    assert "Carla" not in document.file.content.decode()
    assert "agenda_items" not in tables  # Carla's item about him is hers


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_forget_me_after_a_confirmation_leaves_no_trace(bot: Bot, language: str) -> None:
    care = await make_aftercare(bot, language)
    h, bot_ = care.house, care.bot
    nl = language == "nl"
    await busy_week(care)
    # Bram and Fien are buddies (Fien moved out; Bram asks for one as a resident).
    await care.tap(h.bram, (await care.private(h.bram, "/maatje" if nl else "/buddy")).last, 1)
    offer = (await care.private(care.fien, "/maatje" if nl else "/buddy")).last
    reply = await care.tap(care.fien, offer, 1)
    for user in (care.fien, h.bram):  # the buddy first; Bram is asked once she said yes
        proposal = next(m for m in reply.to(user) if m is not offer)
        reply = await care.tap(user, proposal, 1)
    person_id, member_ids = await ids_of(bot_, h.bram)
    names = ["Bram", "@bram"]
    assert await traces(bot_, person_id, member_ids, names)
    decisions = await count(bot_, Decision)
    ballots = await count(bot_, Ballot)
    assert decisions == 1 and ballots == 4

    reply = await care.group(h.bram, "/vergeetmij" if nl else "/forgetme")
    assert reply.texts[0].startswith("Dit doen we in de privéchat" if nl else "We do this")
    confirm = (await care.private(h.bram, "/vergeetmij" if nl else "/forgetme")).last
    assert confirm.text.startswith("🗑 Alles over jou wissen?" if nl else "🗑 Delete everything")
    assert ("je plek in De Boog" if nl else "your place in De Boog") in confirm.text
    keep = "✖️ Nee, toch niet" if nl else "✖️ No, keep it"
    forget = "🗑 Ja, wis alles over mij" if nl else "🗑 Yes, delete everything about me"
    assert [b.text for b in bot_.tg.all_buttons(confirm)] == [forget, keep]
    await care.tap(h.bram, confirm, keep)
    assert confirm.text == ("Oké, ik wis niets." if nl else "Okay, I won't delete anything.")
    assert await ids_of(bot_, h.bram) == (person_id, member_ids)

    confirm = (await care.private(h.bram, "/vergeetmij" if nl else "/forgetme")).last
    reply = await care.tap(h.bram, confirm, forget)
    assert confirm.text == (
        "✅ Klaar. Ik heb alles over je gewist. Schrijf je me later weer? Dan ken ik je niet "
        "meer: je begint opnieuw."
        if nl
        else "✅ Done. I've deleted everything about you. If you write to me later, I won't "
        "know you: you start afresh."
    )
    assert reply.to(h.group) == []
    # Only other people's words keep his name (Carla's agenda item): his own texts, and the
    # decision log's copy of his poll's question, lose it (tests/test_privacy_forget.py).
    assert await traces(bot_, person_id, member_ids, names) == [
        "agenda_items.text: 'Afscheidsfeest voor Bram'"
    ]
    # What belongs to the house stays, without him: the decision (its question without the
    # name), the turnout of both polls, the task and the help request.
    assert await count(bot_, Decision) == decisions
    assert await count(bot_, Ballot) == ballots
    assert await count(bot_, Ballot, Ballot.member_id.is_(None)) == 2
    async with bot_.database.transaction() as session:
        question = session.scalars(select(Decision.question)).one()
        assert question == ("Mag — de sleutel houden?")
        assert session.scalars(select(RotaTask.created_by_id)).one() is None
        assert all(p.created_by_id is None for p in session.scalars(select(Poll)))
        roles = session.scalars(select(Member)).all()
        assert all(Role.CHAIR not in m.role_set for m in roles)
        assert {m.status for m in roles} >= {MemberStatus.RESIDENT}
    # Writing again, he is someone new to the bot.
    reply = await care.private(h.bram, "/start")
    assert reply.texts
    assert (await ids_of(bot_, h.bram))[1] == []
    await bot_.advance(timedelta(days=1))  # the rota and every job still run without him


def test_the_name_pattern_takes_names_as_written_and_the_username_in_any_case() -> None:
    from bot.domain.privacy import name_pattern
    from bot.storage.models import Person as PersonRow

    wil = PersonRow(telegram_id=1, first_name="Wil", last_name="de Roos", username="WilR")
    pattern = name_pattern(wil)
    assert pattern is not None
    text = "Wil de Roos zei: wie wil? WIL kookt, @wilr helpt, Wilma niet, de roos bloeit."
    assert pattern.sub("—", text) == "— zei: wie wil? — kookt, — helpt, Wilma niet, de roos bloeit."
