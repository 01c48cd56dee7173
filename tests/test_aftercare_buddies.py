"""Buddies (maatjes), as residents and former residents live them: a new resident asks, a
former resident offers, the bot proposes the pair to both privately, and only when both say yes
are they introduced; a no is never proposed again; the meeting check-in offers the buddy after
a low answer — in Dutch and in English."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.aftercare_models import BuddyPair, PairState
from bot.storage.models import MemberStatus, PrivateChat
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage, FakeUser, Reply
from tests.helpers import set_member
from tests.test_aftercare import Aftercare, make_aftercare
from tests.test_checkins import make_round

B = {
    "nl": {
        "command": "/maatje",
        "private": "Over een maatje praten we in de privéchat. Tik op de knop en typ daar /maatje.",
        "explain_resident": (
            "🤝 Een maatje is iemand die hier al langer woont, of een oud-bewoner. Iemand die het "
            "zelf heeft meegemaakt. Je kunt samen koffie drinken, iets vragen of gewoon praten. "
            "Wil je een maatje?"
        ),
        "ask": "🤝 Ja, ik wil graag een maatje",
        "asked": "🔎 Ik zoek een maatje voor je.",
        "looking": (
            "🔎 Ik zoek een maatje voor je. Is er iemand? Dan vraag ik jullie allebei eerst of het "
            "goed is."
        ),
        "offer": "🤝 Ja, ik wil maatje zijn",
        "to_buddy": (
            "🤝 {name} woont nog niet zo lang in De Boog en zoekt een maatje. Wil jij dat zijn?"
        ),
        "to_newcomer": (
            "🤝 {name} (oud-bewoner van De Boog) wil graag je maatje zijn. Lijkt je dat wat?"
        ),
        "yes": "✅ Ja, graag",
        "no": "Nee, liever niet",
        "waiting": (
            "✅ Fijn! Nu vraag ik het aan Eva. Zegt Eva ook ja? Dan stel ik jullie aan elkaar voor."
        ),
        "introduced": (
            "🤝 Jullie zijn nu maatjes: jij en {name}! Stuur {name} een berichtje: {contact}"
        ),
        "yours": "🤝 Je maatje: Fien (@fien)",
        "said_no": "Oké, geen probleem. Dank je dat je het zegt.",
        "not_for_you": "🤝 Maatjes zijn er voor bewoners en oud-bewoners van De Boog.",
        "settled": "Dit voorstel is al afgerond.",
    },
    "en": {
        "command": "/buddy",
        "private": (
            "We talk about buddies in the private chat. Tap the button and type /buddy there."
        ),
        "explain_resident": (
            "🤝 A buddy is someone who has lived here longer, or a former resident. Someone who "
            "has been through it too. You can have a coffee together, ask things, or just talk. "
            "Would you like a buddy?"
        ),
        "ask": "🤝 Yes, I'd like a buddy",
        "asked": "🔎 I'm looking for a buddy for you.",
        "looking": (
            "🔎 I'm looking for a buddy for you. When there is someone, I'll ask you both first."
        ),
        "offer": "🤝 Yes, I'd like to be a buddy",
        "to_buddy": (
            "🤝 {name} hasn't lived in De Boog for long and is looking for a buddy. Would you like "
            "to be one?"
        ),
        "to_newcomer": (
            "🤝 {name} (a former resident of De Boog) would like to be your buddy. Would you like "
            "that?"
        ),
        "yes": "✅ Yes, please",
        "no": "No, thanks",
        "waiting": "✅ Great! Now I'm asking Eva. If Eva says yes too, I'll introduce you.",
        "introduced": "🤝 You're buddies now: you and {name}! Send {name} a message: {contact}",
        "yours": "🤝 Your buddy: Fien (@fien)",
        "said_no": "Okay, no problem. Thanks for letting me know.",
        "not_for_you": "🤝 Buddies are for residents and former residents of De Boog.",
        "settled": "This proposal is already settled.",
    },
}


async def newcomer(care: Aftercare, name: str) -> FakeUser:
    bot = care.bot
    user = bot.tg.add_user(name, language_code=care.language)
    care.house.group.members[user.id] = user
    bot.tg.start_bot(user)
    await set_member(bot.database, user, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    return user


async def pairs(bot: Bot) -> list[tuple[int, int, PairState]]:
    async with bot.database.transaction() as session:
        rows = session.scalars(select(BuddyPair).order_by(BuddyPair.id)).all()
        return [(p.newcomer_id, p.buddy_id, p.state) for p in rows]


def one(reply: Reply, user: FakeUser) -> FakeMessage:
    found = reply.to(user)
    assert len(found) == 1, reply.texts
    return found[0]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_new_resident_and_a_former_resident_are_introduced_when_both_agree(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    tg, fien, w = bot.tg, care.fien, B[language]
    eva = await newcomer(care, "Eva")

    reply = await care.group(eva, w["command"])
    assert reply.texts == [w["private"]]
    assert tg.all_buttons(reply.last)[0].url is not None

    menu = (await care.private(eva, w["command"])).last
    assert menu.text == w["explain_resident"]
    reply = await care.tap(eva, menu, w["ask"])
    assert reply.popup == w["asked"]
    assert menu.text == w["looking"]
    assert reply.to(fien) == []  # nobody offered yet

    offer = (await care.private(fien, w["command"])).last
    reply = await care.tap(fien, offer, w["offer"])
    to_fien = [m for m in reply.to(fien) if m is not offer]
    assert [m.text for m in to_fien] == [w["to_buddy"].format(name="Eva")]
    assert reply.to(eva) == []  # Eva hears of Fien only once Fien said yes (issue 16)

    reply = await care.tap(fien, to_fien[0], w["yes"])
    assert to_fien[0].text == w["waiting"]
    to_eva = one(reply, eva)
    assert to_eva.text == w["to_newcomer"].format(name="Fien")
    assert [b.text for b in tg.all_buttons(to_eva)] == [w["yes"], w["no"]]
    assert [p[2] for p in await pairs(bot)] == [PairState.PROPOSED]

    reply = await care.tap(eva, to_eva, w["yes"])
    assert to_eva.text == w["introduced"].format(name="Fien", contact="@fien")
    introduced = one(reply, fien)
    assert introduced.text == w["introduced"].format(name="Eva", contact="Eva")
    assert f'<a href="tg://user?id={eva.id}">Eva</a>' in introduced.html
    assert [p[2] for p in await pairs(bot)] == [PairState.ACTIVE]
    assert (await care.private(eva, w["command"])).last.text == w["yours"]

    # Someone who is neither a resident nor a former resident has nothing to ask or offer.
    gert = tg.add_user("Gert", language_code=language)
    care.house.group.members[gert.id] = gert
    await set_member(bot.database, gert, MemberStatus.GUEST, private_chat=PrivateChat.OPEN)
    assert (await care.private(gert, w["command"])).last.text == w["not_for_you"]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_no_is_respected_and_never_proposed_again(bot: Bot, language: str) -> None:
    care = await make_aftercare(bot, language)
    fien, w = care.fien, B[language]
    gijs = await newcomer(care, "Gijs")
    offer = (await care.private(fien, w["command"])).last
    await care.tap(fien, offer, w["offer"])
    menu = (await care.private(gijs, w["command"])).last
    reply = await care.tap(gijs, menu, w["ask"])
    proposal = one(reply, fien)
    assert proposal.text == w["to_buddy"].format(name="Gijs")
    assert [m for m in reply.to(gijs) if m is not menu] == []  # not asked before Fien answers

    reply = await care.tap(fien, proposal, w["no"])
    assert proposal.text == w["said_no"]
    assert reply.to(gijs) == []  # Gijs never knew: he hears nothing
    assert reply.to(fien) == []
    assert [p[2] for p in await pairs(bot)] == [PairState.DECLINED]

    # Another former resident offers: Gijs gets a proposal with him, not with Fien again.
    dirk = care.dirk
    question = (await care.private(dirk, care.w["moveout"])).last
    await care.tap(dirk, question, care.w["yes"])
    offer = (await care.private(dirk, w["command"])).last
    reply = await care.tap(dirk, offer, w["offer"])
    assert reply.to(fien) == [] and [m for m in reply.to(gijs)] == []
    proposal = next(m for m in reply.to(dirk) if m is not offer)
    reply = await care.tap(dirk, proposal, w["yes"])
    assert one(reply, gijs).text == w["to_newcomer"].format(name="Dirk")


async def test_the_meeting_check_in_offers_the_buddy_after_a_low_answer(bot: Bot) -> None:
    r = await make_round(bot)
    tg, driver = bot.tg, bot.driver
    eva, fien = r.eva, r.voting.fien
    tg.start_bot(fien)
    await set_member(
        bot.database, fien, MemberStatus.FORMER_RESIDENT, private_chat=PrivateChat.OPEN
    )
    menu = (await driver.send(eva, "/maatje")).last
    await driver.tap(eva, menu, B["nl"]["ask"])
    offer = (await driver.send(fien, "/maatje")).last
    reply = await driver.tap(fien, offer, B["nl"]["offer"])
    proposal = next(m for m in reply.to(fien) if m is not offer)
    reply = await driver.tap(fien, proposal, "✅ Ja, graag")
    await driver.tap(eva, one(reply, eva), "✅ Ja, graag")

    low = r.question(eva)
    await driver.tap(eva, low, "😞 Slecht")  # the offer takes the question's place
    assert [b.text for b in tg.all_buttons(low)] == [
        "🤝 Vraag je maatje Fien",
        "💬 Vraag Petra (vertrouwenspersoon)",
    ]
    await driver.tap(eva, low, "🤝 Vraag je maatje Fien")
    reply = await driver.tap(eva, low, "✅ Ja, stuur het")
    assert [m.text for m in reply.to(fien)] == [
        "👋 Eva uit De Boog vraagt of je even contact opneemt. Een berichtje of een praatje is "
        "genoeg."
    ]
