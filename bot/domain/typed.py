"""Times, days and time zones as people type them (issue 16: the bot reads what they write).

One reader per kind, shared by every question that asks for one:

- `typed_time`: `19:30`, `19.30`, `19u30`, `19`, `19 uur`, `half vijf`, `kwart over zeven`,
  `kwart voor 8`, `half 5 's ochtends`. A spoken hour from 1 to 7 without a part of the day is
  read as the afternoon or evening (`half vijf` is 16:30: nobody plans a meeting at half past
  four at night); the bot always shows the time it read, so a wrong guess is seen at once.
- `typed_day`: `6-12`, `6-12-2026`, `2026-12-06` (see `text.typed_date`), `vandaag`, `morgen`,
  `overmorgen`, and a weekday (`zondag`, `zo`, `sunday`): the next one, today included.
- `typed_moment`: a day and a time, `zondag 18:00`, `6-12 om 19.30`, `morgen half acht`.
- `typed_timezone`: an IANA name in any case (`europe/amsterdam`), a city (`Amsterdam`) or a
  country the bot knows (`Nederland`, `België`).

Every reader raises ValueError for text it cannot read; the caller turns that into its own
`UserError`, which keeps the question open (`PromptRouter`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import cache
from zoneinfo import available_timezones

from bot.domain.text import clean, typed_date
from bot.settings import is_valid_timezone

NUMBERS = {
    "een": 1,
    "één": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
MORNING = ("'s ochtends", "s ochtends", "'s morgens", "s morgens", "ochtend", "morning", "am")
NIGHT = ("'s nachts", "s nachts", "nacht", "night")
LATER = (
    "'s middags",
    "s middags",
    "'s avonds",
    "s avonds",
    "middag",
    "avond",
    "afternoon",
    "evening",
    "pm",
)
DIGITAL = re.compile(r"^(\d{1,2})(?:\s*[:.hu]\s*(\d{2}))?(?:\s*(?:uur|u|h))?$")
SPOKEN = re.compile(
    r"^(?:(half|kwart over|kwart voor|half past|quarter past|quarter to)\s+)?(\w+)(?:\s+uur)?$"
)
WEEKDAYS = {
    "maandag": 0,
    "ma": 0,
    "monday": 0,
    "mon": 0,
    "dinsdag": 1,
    "di": 1,
    "tuesday": 1,
    "tue": 1,
    "woensdag": 2,
    "wo": 2,
    "wednesday": 2,
    "wed": 2,
    "donderdag": 3,
    "do": 3,
    "thursday": 3,
    "thu": 3,
    "vrijdag": 4,
    "vr": 4,
    "friday": 4,
    "fri": 4,
    "zaterdag": 5,
    "za": 5,
    "saturday": 5,
    "sat": 5,
    "zondag": 6,
    "zo": 6,
    "sunday": 6,
    "sun": 6,
}
RELATIVE = {"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}
COUNTRIES = {
    "nederland": "Europe/Amsterdam",
    "netherlands": "Europe/Amsterdam",
    "the netherlands": "Europe/Amsterdam",
    "holland": "Europe/Amsterdam",
    "nl": "Europe/Amsterdam",
    "belgie": "Europe/Brussels",
    "belgium": "Europe/Brussels",
    "be": "Europe/Brussels",
    "duitsland": "Europe/Berlin",
    "germany": "Europe/Berlin",
    "engeland": "Europe/London",
    "england": "Europe/London",
    "uk": "Europe/London",
    "suriname": "America/Paramaribo",
    "curacao": "America/Curacao",
}


def _plain(text: str) -> str:
    """Lower case, one space between words, accents off (`België` is `belgie`)."""
    decomposed = unicodedata.normalize("NFKD", clean(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _part_of_day(text: str) -> tuple[str, str]:
    """The text without a trailing part of the day, and which part: "", "am", "night", "pm"."""
    for words, part in ((MORNING, "am"), (NIGHT, "night"), (LATER, "pm")):
        for word in words:
            if text.endswith(" " + word) or text == word:
                return text[: -len(word)].strip(), part
    return text, ""


def typed_time(text: str) -> int:
    """Minutes after midnight (see the module's docstring). ValueError if unreadable."""
    raw = clean(text).casefold().replace("’", "'")
    raw = raw.removeprefix("om ").removeprefix("at ").strip()
    raw, part = _part_of_day(raw)
    found = DIGITAL.match(raw)
    if found:
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        if part == "pm" and 1 <= hour <= 11:
            hour += 12
        if part in ("am", "night") and hour == 12:
            hour = 0
    else:
        spoken = SPOKEN.match(raw)
        if not spoken:
            raise ValueError(text)
        word = spoken.group(2)
        hour = int(word) if word.isdigit() else NUMBERS.get(_plain(word), -1)
        if not 1 <= hour <= 12:
            raise ValueError(text)
        minute = 0
        how = spoken.group(1)
        if how == "half":  # Dutch: half vijf is 4:30
            hour, minute = hour - 1, 30
        elif how == "half past":
            minute = 30
        elif how in ("kwart over", "quarter past"):
            minute = 15
        elif how in ("kwart voor", "quarter to"):
            hour, minute = hour - 1, 45
        if hour == 0:
            hour = 12
        if part == "pm" or (not part and 1 <= hour <= 7):
            hour = hour % 12 + 12
        elif part in ("am", "night") and hour == 12:
            hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(text)
    return hour * 60 + minute


def typed_day(text: str, today: date) -> date:
    """A day (see the module's docstring). ValueError if unreadable."""
    word = _plain(text).rstrip(".,")
    if word in RELATIVE:
        return today + timedelta(days=RELATIVE[word])
    if word in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[word] - today.weekday()) % 7)
    return typed_date(text, today)


def typed_moment(text: str, today: date) -> tuple[date, int]:
    """A day and a time of day: `zondag 18:00`, `6-12 om 19.30`, `morgen half acht`."""
    words = clean(text).replace(",", " ").split()
    if len(words) < 2:
        raise ValueError(text)
    return typed_day(words[0], today), typed_time(" ".join(words[1:]))


@cache
def _cities() -> dict[str, str]:
    """`amsterdam` -> `Europe/Amsterdam`: the last part of each IANA name."""
    found: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            continue
        city = _plain(name.rsplit("/", 1)[1].replace("_", " "))
        found.setdefault(city, name)
    return found


def typed_timezone(text: str) -> str:
    """An IANA time zone name from what was typed (see the module's docstring)."""
    typed = clean(text)
    if is_valid_timezone(typed) and "/" in typed:
        return typed
    for name in available_timezones():
        if name.casefold() == typed.casefold():
            return name
    key = _plain(typed).replace("_", " ")
    if key in COUNTRIES:
        return COUNTRIES[key]
    if key in _cities():
        return _cities()[key]
    raise ValueError(text)
