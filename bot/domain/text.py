"""Text a person typed: whitespace tidied, checked for empty and too long."""

from __future__ import annotations

from datetime import date

from bot.domain.errors import UserError


def clean(text: str) -> str:
    """One space between words, none at the ends."""
    return " ".join(text.split())


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


def typed_date(text: str, today: date) -> date:
    """A day as people type it: `25-11` (the next 25 November, today included), `25-11-2026`
    or `2026-11-25`; `/` and `.` work as `-`. Raises ValueError for anything else (also for
    numbers too big for a date)."""
    numbers = text.replace("/", "-").replace(".", "-").split("-")
    try:
        if len(numbers) == 3 and len(numbers[0]) == 4:
            year, month, day = (int(n) for n in numbers)
        elif len(numbers) == 3:
            day, month, year = (int(n) for n in numbers)
        elif len(numbers) == 2:
            day, month = (int(n) for n in numbers)
            year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
        else:
            raise ValueError(text)
        return date(year, month, day)
    except OverflowError:
        raise ValueError(text) from None
