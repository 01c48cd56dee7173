"""The house's own words (issue 17.6): a house may call its residents "deelnemers" or "gasten"
and its peer workers "ervaringsdeskundigen"; every message then uses them, in both languages,
while names and texts people typed are never changed. The words are a house setting."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.house_words import RESIDENT_WORDS
from bot.i18n import I18n
from bot.storage.models import Member, MemberStatus, Person, SupporterKind
from tests.conftest import Bot, make_house
from tests.helpers import set_member, the_house

# --- the mechanism ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n()


@pytest.mark.parametrize(
    ("language", "resident", "msgid", "expected"),
    [
        ("nl", "deelnemer", "status.resident", "deelnemer"),
        ("nl", "deelnemer", "members.heading.resident", "🏠 <b>Deelnemers</b>"),
        ("nl", "gast", "members.heading.resident", "🏠 <b>Gasten</b>"),
        ("nl", "gast", "status.guest", "bezoeker"),  # never two kinds of "gast"
        ("nl", "gast", "members.heading.guest", "👋 <b>Bezoekers</b>"),
        ("nl", "bewoner", "members.heading.resident", "🏠 <b>Bewoners</b>"),
        ("en", "deelnemer", "members.heading.resident", "🏠 <b>Participants</b>"),
        ("en", "gast", "status.resident", "guest"),
        ("en", "gast", "status.guest", "visitor"),
        # the settings that choose the words keep their own names
        ("nl", "gast", "hs.value.resident_word.bewoner", "bewoner"),
        ("nl", "gast", "hs.name.resident_word", "Woord voor bewoner"),
    ],
)
def test_the_house_words_replace_the_bots_words(
    i18n: I18n, language: str, resident: str, msgid: str, expected: str
) -> None:
    t = i18n.in_words(i18n(language), resident, "ervaringswerker")
    assert t(msgid) == expected


def test_compounds_plurals_and_capitals_follow(i18n: I18n) -> None:
    t = i18n.in_words(i18n("nl"), "deelnemer", "ervaringsdeskundige")
    template = i18n("nl").catalog["help.group"]
    assert "oud-bewoners" in template
    assert "/nazorg – de groep voor oud-deelnemers" in t("help.group")
    assert t("kind.peer_worker") == "ervaringsdeskundige"
    assert "bewoner" not in t("members.edit_note").lower()
    en = i18n.in_words(i18n("en"), "deelnemer", "ervaringsdeskundige")
    assert en("kind.peer_worker") == "peer expert"
    assert "former participants" in en("help.group")


def test_what_people_typed_is_never_reworded(i18n: I18n) -> None:
    """The words go into the template before the parameters: a name or a question keeps its
    own words."""
    t = i18n.in_words(i18n("nl"), "gast", "ervaringswerker")
    text = t("members.declared_resident", name="Bewoner Bea")
    assert text.startswith("🏠 Bewoner Bea zegt: ik woon hier.")
    assert "een andere gast het bevestigt" in text


def test_the_default_words_are_the_plain_translator(i18n: I18n) -> None:
    nl = i18n("nl")
    assert i18n.in_words(nl, "bewoner", "ervaringswerker") is nl
    assert i18n.in_words(nl, "gast", "ervaringswerker") is i18n.in_words(
        nl, "gast", "ervaringswerker"
    )  # made once
    assert set(RESIDENT_WORDS) == {"bewoner", "deelnemer", "gast"}


# --- the house chooses ------------------------------------------------------------------------

W = {
    "nl": {
        "setup": "/instellen",
        "setting": "Woord voor bewoner",
        "value": "deelnemer",
        "announced": "⚙️ Anna heeft ingesteld: Woord voor bewoner: deelnemer.",
        "members": "/leden",
        "heading": "🏠 Deelnemers",
        "supporters": "🤝 Ondersteuners (ervaringsdeskundigen en sociaal werkers)",
        "help": "• /nazorg – de groep voor oud-deelnemers",
        "peer_setting": "Woord voor ervaringswerker",
        "peer_value": "ervaringsdeskundige",
    },
    "en": {
        "setup": "/setup",
        "setting": "Word for resident",
        "value": "participant",
        "announced": "⚙️ Anna set: Word for resident: participant.",
        "members": "/members",
        "heading": "🏠 Participants",
        "supporters": "🤝 Supporters (peer experts and social workers)",
        "help": "• /aftercare – the group for former participants",
        "peer_setting": "Word for peer worker",
        "peer_value": "peer expert",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_house_chooses_its_words_and_every_message_uses_them(
    bot: Bot, language: str
) -> None:
    w = W[language]
    house = await make_house(bot, language_code=language)
    driver = bot.driver
    if language == "en":
        settings = (await driver.send(house.anna, "/setup", chat=house.group)).last
        await driver.tap(house.anna, settings, "🗣 Taal")
        await driver.tap(house.anna, settings, "English")
    await set_member(bot.database, house.anna, MemberStatus.RESIDENT)
    await set_member(bot.database, house.carla, MemberStatus.SUPPORTER)
    async with bot.database.transaction() as session:
        carla = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == house.carla.id)
        ).one()
        carla.supporter_kind = SupporterKind.PEER_WORKER

    # Fewer than three residents: the group admin sets it, and the group hears it.
    settings = (await driver.send(house.anna, w["setup"], chat=house.group)).last
    await driver.tap(house.anna, settings, "🏠")
    await driver.tap(house.anna, settings, w["setting"])
    reply = await driver.tap(house.anna, settings, w["value"])
    [announced] = reply.to(house.group)
    assert announced.text.startswith(w["announced"])
    await driver.tap(house.anna, settings, w["peer_setting"])
    await driver.tap(house.anna, settings, w["peer_value"])
    found = await the_house(bot.database)
    assert (found.resident_word, found.peer_worker_word) == ("deelnemer", "ervaringsdeskundige")

    listing = (await driver.send(house.bram, w["members"], chat=house.group)).last
    assert w["heading"] in listing.text
    assert w["supporters"] in listing.text
    help_text = (await driver.send(house.bram, "/hulp", chat=house.group)).last.text
    assert w["help"] in help_text
