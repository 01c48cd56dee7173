"""Text a person typed: whitespace tidied, checked for empty and too long."""

from __future__ import annotations

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
