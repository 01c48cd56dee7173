"""The mediator's contact is the house's (issue 17.5): a typed house setting, proposed with a
text typed in the group and set only when the consent poll adopts it; a reporter who asks for
a mediator from outside reads it — in Dutch and in English, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.flags_models import FlagSettings
from tests.conftest import Bot
from tests.test_house_settings import T as WORDS
from tests.test_house_settings import settings_message
from tests.test_polls import make_voting

CONTACT = "Buurtbemiddeling Oost <020-1234567>"
T = {
    "nl": {
        "setting": "Contact bemiddelaar van buiten",
        "now": "Nu: nog niets",
        "new": "✏️ Nieuwe tekst voorstellen",
        "ask": (
            "✏️ Contact bemiddelaar van buiten: typ de nieuwe tekst als antwoord op dit bericht "
            "(hooguit 500 tekens). Bijvoorbeeld een naam en een telefoonnummer."
        ),
        "announced": (
            f"🗳 Carla de Vries stelt voor: Contact bemiddelaar van buiten: {CONTACT}. "
            "De bewoners stemmen erover. Het verandert pas als het besluit is aangenomen."
        ),
        "question": f"🗳 Voorstel: Contact bemiddelaar van buiten: {CONTACT} (nu: nog niets)",
        "adopted": f"✅ Besluit 2026-001: Contact bemiddelaar van buiten is nu {CONTACT}.",
        "line": f"• Contact bemiddelaar van buiten: {CONTACT} — besluit 2026-001",
        "empty": "Typ een tekst, of tik op ‘Geen tekst’.",
    },
    "en": {
        "setting": "Contact of a mediator from outside",
        "now": "Now: nothing yet",
        "new": "✏️ Propose a new text",
        "ask": (
            "✏️ Contact of a mediator from outside: type the new text as a reply to this "
            "message (at most 500 characters). For example a name and a phone number."
        ),
        "announced": "🗳 Carla de Vries proposes: Contact of a mediator from outside: ",
        "question": f"🗳 Proposal: Contact of a mediator from outside: {CONTACT} (now: nothing yet)",
        "adopted": f"✅ Decision 2026-001: Contact of a mediator from outside is now {CONTACT}.",
        "line": f"• Contact of a mediator from outside: {CONTACT} — decision 2026-001",
        "empty": "Type a text, or tap ‘No text’.",
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
    asked = (await driver.tap(h.carla, listing, texts["new"])).last
    assert asked.text == texts["ask"]
    empty = await driver.send(h.carla, "   ", chat=h.group, reply_to=asked)
    # never silent; the question stays open (asked again: tests/test_p_never_silent.py)
    assert empty.texts[0].startswith(texts["empty"] + "\n\n")
    reply = await driver.send(h.carla, CONTACT, chat=h.group, reply_to=asked)
    announcement, poll = reply.to(h.group)
    assert announcement.text.startswith(texts["announced"])
    assert "&lt;020-1234567&gt;" in announcement.html  # typed text is escaped
    assert poll.text.startswith(texts["question"] + "\n")
    async with bot.database.transaction() as session:
        assert session.scalars(select(FlagSettings)).one_or_none() is None  # not yet

    for user in (h.anna, h.bram, h.carla, voting.dirk):
        await driver.tap(user, poll, words["agree"])
    done = await bot.advance(days=4)
    assert texts["adopted"] in [m.text for m in done.to(h.group)]
    async with bot.database.transaction() as session:
        assert session.scalars(select(FlagSettings)).one().mediator_text == CONTACT
    listing = await settings_message(bot, h.carla, voting, lang)
    assert texts["line"] in listing.text
