"""Check-ins keep their promises: the group's digest names no count that singles someone out,
and an answer shared "only with the chair" goes to the chair the person saw when answering."""

from __future__ import annotations

from tests.conftest import Bot
from tests.test_checkins import DIGEST_AT, make_round

# --- the check-in digest -------------------------------------------------------------------------


async def test_the_digest_names_no_count_of_private_answers_below_three(bot: Bot) -> None:
    r = await make_round(bot)
    h, dirk = r.voting.house, r.voting.dirk
    await r.answer(h.carla, "🙂 Goed", None, "👥 De groep")
    await r.answer(r.eva, "😄 Heel goed", None, "🔒 Alleen ik")  # one private answer
    reply = await r.until(DIGEST_AT)
    assert [m.text for m in reply.to(h.group)] == [
        "☕ Incheckronde voor de vergadering van dinsdag 24 november, 19:30\n"
        "• Carla de Vries: 🙂 Goed"
    ]
    assert "ander" not in reply.to(h.group)[0].text
    assert dirk is not None


async def test_a_digest_of_only_private_answers_says_nothing_in_the_group(bot: Bot) -> None:
    r = await make_round(bot)
    h = r.voting.house
    await r.answer(r.eva, "😄 Heel goed", None, "🔒 Alleen ik")
    await r.answer(h.carla, "🙂 Goed", None, "🪑 Alleen de voorzitter")
    reply = await r.until(DIGEST_AT)
    assert reply.to(h.group) == []
    assert [m.text for m in reply.to(h.bram)][-1:] == [
        "🪑 Alleen voor jou als voorzitter, voor de vergadering van dinsdag 24 november, 19:30:\n"
        "• Carla de Vries: 🙂 Goed"
    ]


async def test_three_private_answers_are_a_number(bot: Bot) -> None:
    r = await make_round(bot)
    h, dirk = r.voting.house, r.voting.dirk
    await r.answer(h.carla, "🙂 Goed", None, "👥 De groep")
    await r.answer(r.eva, "😄 Heel goed", None, "🔒 Alleen ik")
    await r.answer(dirk, "😐 Gaat wel", None, "🔒 Alleen ik")
    await r.answer(h.bram, "🙂 Goed", None, "🔒 Alleen ik")
    reply = await r.until(DIGEST_AT)
    assert [m.text for m in reply.to(h.group)] == [
        "☕ Incheckronde voor de vergadering van dinsdag 24 november, 19:30\n"
        "• Carla de Vries: 🙂 Goed\n"
        "3 anderen hebben ingecheckt."
    ]


async def move_chair(bot: Bot, to: object) -> None:
    """The chair passes to another member (as `/leden` leaves it)."""
    from sqlalchemy import select

    from bot.storage.models import Member, MemberRole, Person, Role

    async with bot.database.transaction() as session:
        session.query(MemberRole).filter(MemberRole.role == Role.CHAIR).delete()
        member = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == to.id)  # type: ignore[attr-defined]
        ).one()
        session.add(
            MemberRole(
                house_id=member.house_id,
                member_id=member.id,
                role=Role.CHAIR,
                assigned_at=bot.clock.now(),
            )
        )


async def test_an_answer_for_the_chair_goes_to_the_chair_named_when_answering(bot: Bot) -> None:
    r = await make_round(bot)
    h = r.voting.house
    await r.answer(h.carla, "😕 Niet zo goed", "Ruzie met Anna", "🪑 Alleen de voorzitter")
    await move_chair(bot, h.anna)  # Anna is chair by the time of the digest
    reply = await r.until(DIGEST_AT)
    assert "Ruzie met Anna" not in "\n".join(m.text for m in reply.to(h.anna))
    assert [m.text for m in reply.to(h.bram)][-1:] == [
        "🪑 Alleen voor jou als voorzitter, voor de vergadering van dinsdag 24 november, 19:30:\n"
        "• Carla de Vries: 😕 Niet zo goed — Ruzie met Anna"
    ]
