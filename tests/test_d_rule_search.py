"""Looking up a rule with the words people use (issue 16): common Dutch synonyms (bezoek,
visite, logé ~ gasten; huisdier ~ hond, kat) find the rule, and an English search finds the
house's Dutch rule texts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.rules import rank
from bot.storage.rules_models import Rule, RuleState
from tests.conftest import Bot
from tests.test_rules import DUTCH_BOOK, add_rules, make_rule_house

BOOK = (
    "Gasten mogen twee nachten per week blijven logeren.",
    "Een huisdier mag alleen met toestemming van de vergadering.",
    "Na 23:00 is het stil in huis.",
    "Ruim de keuken op na het koken.",
    "Roken doe je buiten.",
    "Honden en katten eten niet in de keuken.",
)


def book() -> list[Rule]:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    return [
        Rule(number=n, text=text, state=RuleState.ADOPTED, created_at=now, updated_at=now)
        for n, text in enumerate(BOOK, start=1)
    ]


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("bezoek", [1]),
        ("visite", [1]),
        ("logé", [1]),
        ("bezoekers", [1]),
        ("gasten", [1]),
        ("hond", [6, 2]),  # the word itself first, then the synonym
        ("kat", [6, 2]),
        ("huisdier", [2, 6]),
        ("huisdieren", [2, 6]),
        # English words find the Dutch rules
        ("guests", [1]),
        ("visitors", [1]),
        ("dog", [2, 6]),  # as good as each other: by number
        ("pets", [2, 6]),
        ("smoking", [5]),
        ("kitchen", [4, 6]),
        ("quiet", [3]),
        # no synonym, no rule
        ("zwembad", []),
        ("swimming pool", []),
    ],
)
def test_synonyms_and_english_words_find_the_rule(query: str, numbers: list[int]) -> None:
    assert [rule.number for rule in rank(book(), query)] == numbers


T = {
    "nl": {
        "query": "/regels visite",
        "found": (
            "🔎 Regels over ‘visite’\n"
            "1. Gasten mogen twee nachten per week blijven logeren. (Samen wonen)\n"
            "5. De logeerregel geldt ook voor familie."
        ),
    },
    "en": {
        "query": "/rules dog",
        "found": (
            "🔎 Rules about ‘dog’\n"
            "2. Een huisdier mag alleen met toestemming van de vergadering. (Samen wonen)"
        ),
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_resident_finds_the_dutch_rule_in_their_own_words(bot: Bot, language: str) -> None:
    """A Dutch house; Carla searches in the private chat, in the language she chose."""
    rule_house = await make_rule_house(bot)
    await add_rules(bot, DUTCH_BOOK)
    carla = rule_house.house.carla
    if language == "en":
        menu = (await bot.driver.send(carla, "/taal")).last
        await bot.driver.tap(carla, menu, "English")
    texts = await rule_house.rules(carla, T[language]["query"])
    assert texts == [T[language]["found"]]
