"""Text a person typed: whitespace tidied, control characters out, checked for empty and too
long; typed dates read within a sane window."""

from __future__ import annotations

import unicodedata
from datetime import date

from bot.domain.errors import UserError

# Invisible characters that only hide or reorder what is shown (bidi overrides, zero-width
# space, byte-order mark). Joiners stay: emoji sequences need them.
INVISIBLE = frozenset("\u200b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def clean(text: str) -> str:
    """One space between words, none at the ends; no control characters (NUL, escape, …), no
    lone surrogates and no invisible reordering characters: they end up in the database, in
    logs and in other people's chats."""
    words = " ".join(text.split())
    return "".join(
        c for c in words if unicodedata.category(c) not in ("Cc", "Cs") and c not in INVISIBLE
    ).strip()


def checked(text: str, *, limit: int, empty: str, too_long: str) -> str:
    """The cleaned text, or a `UserError` with the given message ids (`too_long` gets `max`)."""
    value = clean(text)
    if not value:
        raise UserError(empty)
    if len(value) > limit:
        raise UserError(too_long, max=limit)
    return value


ECHO_MAX = 100  # characters of typed text shown back in a reply


def echoed(text: str, limit: int = ECHO_MAX) -> str:
    """Typed text to show back in a reply ("no rule about …"): cleaned and, when longer than
    `limit` characters, cut with "…". Shorten before escaping, so an echo stays short."""
    value = clean(text)
    if len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


YEARS_AROUND = 100  # a typed year further from today is a typing error, not a date


def typed_date(text: str, today: date) -> date:
    """A day as people type it: `25-11` (the next 25 November, today included), `25-11-2026`,
    `25-11-26` or `2026-11-25`; `/` and `.` work as `-`. Raises ValueError for anything else:
    numbers too big for a date, and years more than a hundred years from today (so that no
    later step, such as a time zone, runs off the calendar's edge)."""
    numbers = text.strip().replace("/", "-").replace(".", "-").split("-")
    try:
        if len(numbers) == 3 and len(numbers[0]) == 4:
            year, month, day = (int(n) for n in numbers)
        elif len(numbers) == 3:
            day, month, year = (int(n) for n in numbers)
            if len(numbers[2].strip()) == 2:
                year += 2000
        elif len(numbers) == 2:
            day, month = (int(n) for n in numbers)
            year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
        else:
            raise ValueError(text)
        if abs(year - today.year) > YEARS_AROUND:
            raise ValueError(text)
        return date(year, month, day)
    except OverflowError:
        raise ValueError(text) from None
