"""Plain Dutch (B1), one voice (issue 16): every Dutch text names the Dutch commands and avoids
the words the residents found hard or wrong. The lists live here, so this stays fixed."""

from __future__ import annotations

import re

import pytest

from bot.handlers.commands import MENU
from bot.i18n import I18n
from bot.storage.models import MemberStatus, PrivateChat, Role
from tests.conftest import Bot, House, make_house
from tests.helpers import set_member
from tests.test_people import BOOTSTRAP, label, open_manager, set_status

# English command names whose Dutch alias differs: `/setup` inside a Dutch text is `/instellen`.
ENGLISH_COMMANDS = frozenset(spec.english for spec in MENU if spec.english != spec.dutch)
# English words after a command (`/agenda add`): each has a Dutch word the bot also accepts.
ENGLISH_SUBCOMMANDS = frozenset(
    {"add", "export", "import", "unlink", "aftercare", "new", "last", "join", "tasks", "help"}
)
# What the Dutch texts never say, with what they say instead.
BANNED: dict[str, str] = {
    r"bezwaar bij\b": "bezwaar tegen",
    r"\bonthouding": "ik stem niet",
    r"\bonthoud je\b": "ik stem niet",
    r"\bnotulen": "verslag",
    r"(?<!groeps)\bbeheerders?\b": "groepsbeheerder (the Telegram admin)",
    r"\bimporte": "inlezen (one word for reading in a rule book)",
    r"\bhebben gestemd\b": "Gestemd: 2 van 4",
    r"\bheeft \{name\} .* gemaakt": "{name} is nu …",
    r"^Een \w+ (?:start|stelt|maakt|doet|kiest) de voorzitter": "Alleen de voorzitter kan …",
    r"\b(?:start|stelt|maakt|doet|kiest) de voorzitter\b[.:]": "Alleen de voorzitter kan …",
    r"\bHier kun je (?:haar|hem) beheren": "say what the buttons do",
    r"^Stand:|\nStand:": "Nu: …",
    r"Dit komt van:": "De vergadering besloot dit: …",
    r"weg wonen": "je gaat verhuizen",
    r"Je kunt aan:": "Jouw keuze: …",
}


def problems(text: str) -> list[str]:
    """What is wrong with one Dutch text (empty: nothing)."""
    found = [f"/{name}" for name in re.findall(r"/([a-z]+)\b", text) if name in ENGLISH_COMMANDS]
    found += [
        f"/{cmd} {word}"
        for cmd, word in re.findall(r"/([a-z]+) ([a-z]+)\b", text)
        if word in ENGLISH_SUBCOMMANDS
    ]
    found += [
        f"{pattern!r} (say: {instead})"
        for pattern, instead in BANNED.items()
        if re.search(pattern, text, re.IGNORECASE)
    ]
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stuur /setup in de groep.", ["/setup"]),
        ("Zet het op de agenda: /agenda add en je onderwerp.", ["/agenda add"]),
        ("Je hebt bezwaar bij: iets", 1),
        ("Een beheerder kiest die. Beheerders ook.", 1),
        ("Een groepsbeheerder kan /instellen sturen.", []),
        ("Een stemming start de voorzitter: Anna.", 2),
        ("Alleen de voorzitter (Anna) kan een stemming starten.", []),
        ("✋ 0 van 1 hebben gestemd.", 1),
        ("🤷 Onthouding", 1),
        ("Typ het verslag. Besluiten: /besluiten exporteren.", []),
    ],
)
def test_the_check_finds_what_it_should(text: str, expected: list[str] | int) -> None:
    found = problems(text)
    if isinstance(expected, int):
        assert len(found) == expected, found
    else:
        assert found == expected


def test_every_dutch_text_uses_dutch_commands_and_plain_words() -> None:
    catalog = I18n()("nl").catalog
    assert len(catalog) > 1000
    wrong = {msgid: found for msgid, text in catalog.items() if (found := problems(text))}
    assert not wrong, wrong


# --- a confidant's /hulp -------------------------------------------------------------------------

CONFIDANT = {
    "nl": (
        "🤝 Je bent vertrouwenspersoon van De Boog. De vergadering heeft je gekozen.\n"
        "Wat betekent dat?\n"
        "• Doet een bewoner een /melding voor de vertrouwenspersonen? "
        "Dan krijg je die privé van mij.\n"
        "• Jij kiest of je een melding oppakt. Pak je hem op? "
        "Dan laat ik de melder weten dat jij het bent.\n"
        "• Je luistert en helpt zoeken naar een oplossing. "
        "Je beslist niets voor het huis en je vertelt niets door zonder toestemming.\n"
        "• Is het te zwaar? Dan mag je het zeggen. Vraag een andere vertrouwenspersoon "
        "of iemand van buiten het huis."
    ),
    "en": (
        "🤝 You are a confidant of De Boog. The meeting chose you.\n"
        "What does that mean?\n"
        "• When a resident sends a /flag to the confidants, I send it to you privately.\n"
        "• You choose whether to pick a report up. If you do, "
        "I tell the person who reported that it is you.\n"
        "• You listen and help look for a way out. "
        "You decide nothing for the house and you pass nothing on without permission.\n"
        "• Is it too much? Then say so. Ask another confidant or someone from outside the house."
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_confidants_help_explains_the_role(bot: Bot, language: str) -> None:
    house = await make_house(bot)
    for user in (house.bram, house.carla):
        bot.tg.start_bot(user)
        await set_member(bot.database, user, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(bot.database, house.carla, MemberStatus.RESIDENT, Role.CONFIDANT)
    if language == "en":
        menu = (await bot.driver.send(house.carla, "/taal")).last
        await bot.driver.tap(house.carla, menu, "English")
    carla_help = (await bot.driver.send(house.carla, "/hulp")).last.text
    assert carla_help.endswith("\n\n" + CONFIDANT[language])
    bram_help = (await bot.driver.send(house.bram, "/hulp")).last.text
    assert "vertrouwenspersoon van" not in bram_help
    assert bram_help.endswith("Ik stuur je hier soms een bericht, bijvoorbeeld een herinnering.")


# --- who did what, said once ---------------------------------------------------------------------


async def test_a_role_given_names_the_person_once(house: House) -> None:
    """Two residents called Anna: the admin Anna makes the other Anna chair. The group reads
    "Anna is nu voorzitter", not "Anna heeft Anna voorzitter gemaakt". (Giving yourself a
    role is refused: another resident proposes it.)"""
    other = house.tg.add_user("Anna")
    house.group.members[other.id] = other
    await set_status(house, other, "Bewoner")
    listing = await open_manager(house)
    await house.driver.tap(house.anna, listing, label(other))
    reply = await house.driver.tap(house.anna, listing, "voorzitter")
    assert reply.to(house.group)[0].text == "Anna is nu voorzitter.\n" + BOOTSTRAP
