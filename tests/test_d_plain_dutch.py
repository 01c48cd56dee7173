"""Plain Dutch (B1), one voice (issue 16): every Dutch text names the Dutch commands and avoids
the words the residents found hard or wrong. The lists live here, so this stays fixed."""

from __future__ import annotations

import re

import pytest

from bot.handlers.commands import MENU
from bot.i18n import I18n

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
