"""The mediator's contact is the house's (issue 17.5): a typed house setting, proposed with a
text typed in the group and set only when the consent poll adopts it; a reporter who asks for
a mediator from outside reads it — in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.callbacks import AgreementTake, codec
from bot.domain import flag_steps
from bot.storage.models import Decision, House
from tests.conftest import Bot
from tests.test_f_print import STALE
from tests.test_house_settings import T as WORDS
from tests.test_house_settings import settings_message
from tests.test_polls import make_voting

CONTACT = "Buurtbemiddeling Oost <020-1234567>"
T = {
    "nl": {
        "setting": "Contact bemiddelaar van buiten",
        "now": "Nog niets. Wie om een bemiddelaar vraagt, hoort dan dat de vertrouwenspersoon",
        "new": "✏️ Een nieuwe tekst voorstellen",
        "ask": (
            "✏️ Typ de nieuwe tekst voor 'Contact bemiddelaar van buiten' als antwoord op dit "
            "bericht."
        ),
        "announced": (
            f"🗳 Carla de Vries stelt voor: Contact bemiddelaar van buiten: “{CONTACT}”. "
            "De bewoners stemmen erover. Het verandert pas als het besluit is aangenomen."
        ),
        "question": "🗳 Voorstel: een nieuwe tekst voor 'Contact bemiddelaar van buiten'",
        "adopted": f"✅ Besluit 2026-001: Contact bemiddelaar van buiten is nu “{CONTACT}”.",
        "line": f"• Contact bemiddelaar van buiten: “{CONTACT}” — besluit 2026-001",
        "empty": "Er staat nog niets. Typ de tekst als antwoord op mijn vraag.",
    },
    "en": {
        "setting": "Contact of a mediator from outside",
        "now": "Nothing yet. Whoever asks for a mediator then hears that the confidant",
        "new": "✏️ Propose a new text",
        "ask": (
            "✏️ Type the new text for 'Contact of a mediator from outside' as a reply to this "
            "message."
        ),
        "announced": (
            f"🗳 Carla de Vries proposes: Contact of a mediator from outside: “{CONTACT}”."
        ),
        "question": "🗳 Proposal: a new text for 'Contact of a mediator from outside'",
        "adopted": f"✅ Decision 2026-001: Contact of a mediator from outside is now “{CONTACT}”.",
        "line": f"• Contact of a mediator from outside: “{CONTACT}” — decision 2026-001",
        "empty": "There is nothing yet. Type the text as a reply to my question.",
    },
}


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_house_decides_the_mediator_contact(bot: Bot, lang: str) -> None:
    texts, words = T[lang], WORDS[lang]
    voting = await make_voting(bot, lang)
    h, driver = voting.house, bot.driver
    listing = await settings_message(bot, h.carla, voting, lang)
    await driver.tap(h.carla, listing, texts["setting"])
    assert texts["now"] in listing.text
    [asked] = (await driver.tap(h.carla, listing, texts["new"])).to(h.group)
    assert asked.text == texts["ask"]
    empty = await driver.send(h.carla, "   ", chat=h.group, reply_to=asked)
    # never silent; the question stays open (asked again: tests/test_p_never_silent.py)
    assert empty.texts[0].startswith(texts["empty"] + "\n\n")
    reply = await driver.send(h.carla, CONTACT, chat=h.group, reply_to=asked)
    announcement, poll = reply.to(h.group)
    assert announcement.text.startswith(texts["announced"])
    assert "&lt;020-1234567&gt;" in announcement.html  # typed text is escaped
    assert poll.text.startswith(texts["question"] + " (")
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        assert flag_steps.mediator_text(session, house) is None  # not yet

    for user in (h.anna, h.bram, h.carla, voting.dirk):
        await driver.tap(user, poll, words["agree"])
    done = await bot.advance(days=4)
    assert texts["adopted"] in [m.text for m in done.to(h.group)]
    async with bot.database.transaction() as session:
        house = session.scalars(select(House)).one()
        assert flag_steps.mediator_text(session, house) == CONTACT
    listing = await settings_message(bot, h.carla, voting, lang)
    assert texts["line"] in listing.text
    # The bot applied it itself: its record offers nobody "🙋 Ik doe het" (issue 17.7), and a
    # forged tap to take it on is refused as stale.
    command = "/besluiten 2026-001" if lang == "nl" else "/decisions 2026-001"
    record = (await driver.send(h.carla, command, chat=h.group)).last
    take = "🙋 Ik doe het" if lang == "nl" else "🙋 I'll do it"
    assert take not in [b.text for b in bot.tg.all_buttons(record)]
    async with bot.database.transaction() as session:
        decision = session.scalars(select(Decision)).one()
    forged = codec.encode(AgreementTake(decision.id, 0, ""))
    reply = await driver.tap_data(h.carla, record, forged)
    assert reply.popup == STALE[lang]
    assert take not in [b.text for b in bot.tg.all_buttons(record)]
