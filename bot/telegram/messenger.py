"""Sending to Telegram the way real Telegram behaves.

- A person who never opened the private chat (or blocked the bot) answers 403: recorded on the
  person, and the bot does not try again until that person writes to it.
- A group that became a supergroup answers with its new id: the house follows, the message is
  sent once more.
- A group the bot was removed from answers 403: the house goes quiet.
- Editing a message to what it already shows answers "message is not modified": not an error.
- Texts over 4096 characters are split, at line ends where possible, never inside an entity or
  a tag (formatting open at a cut is closed and opened again).

What a send teaches is handled once, in `deliver_private` / `deliver_group`, and written where
their `Recorder` says: `InSession` (the unit of work's session, for a send made during the work)
or `bot.telegram.outbox.InOwnTransaction` (a short transaction after the commit).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol

from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.clock import Clock
from bot.domain import houses as house_domain
from bot.domain.members import mark_private_chat
from bot.storage.models import House, Person, PrivateChat

log = logging.getLogger(__name__)

MAX_TEXT = 4096


class _Token(NamedTuple):
    """One piece of the HTML that is never cut: a character, an entity (`&amp;`) or a tag."""

    raw: str
    kind: Literal["text", "entity", "open", "close"]  # text: one character
    name: str = ""  # a tag's name as written (`b`, `a`, `tg-spoiler`)


_TAG_NAME = re.compile(r"[A-Za-z0-9_-]*")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _tag_end(text: str, start: int) -> int:
    """The index of the `>` that ends the tag at `start` (quotes respected), or -1 (also at a
    `<` outside quotes: then it was no tag)."""
    quote = ""
    for index in range(start + 1, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index
        elif char == "<":
            return -1
    return -1


def _tokens(text: str) -> list[_Token]:
    """The text as pieces that may be cut between. What does not parse as an entity or a tag
    (a bare `&` or `<`) stays a plain character."""
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "&" and (entity := _ENTITY.match(text, index)):
            tokens.append(_Token(entity.group(), "entity"))
            index = entity.end()
            continue
        if char == "<":
            closing = text.startswith("</", index)
            name_match = _TAG_NAME.match(text, index + (2 if closing else 1))
            assert name_match is not None  # the pattern matches the empty string
            end = _tag_end(text, index) if name_match.group() else -1
            if end != -1:
                raw = text[index : end + 1]
                tokens.append(_Token(raw, "close" if closing else "open", name_match.group()))
                index = end + 1
                continue
        tokens.append(_Token(char, "text"))
        index += 1
    return tokens


def _closing(open_tags: Sequence[_Token]) -> str:
    return "".join(f"</{tag.name}>" for tag in reversed(open_tags))


def _after(open_tags: tuple[_Token, ...], token: _Token) -> tuple[_Token, ...]:
    """The tags still open after `token`."""
    if token.kind == "open":
        return (*open_tags, token)
    if token.kind == "close":
        name = token.name.lower()
        for depth in range(len(open_tags) - 1, -1, -1):
            if open_tags[depth].name.lower() == name:
                return open_tags[:depth]
    return open_tags


class _Cut(NamedTuple):
    end: int  # the part holds the tokens before this one
    open_tags: tuple[_Token, ...]  # the tags open there: closed now, opened again next part
    resume: int  # the next part starts here (past the line end or space cut at)


def _cut(tokens: list[_Token], start: int, open_tags: tuple[_Token, ...], limit: int) -> _Cut:
    """Where the part that starts at `start` (with `open_tags` opened again) ends. The part,
    with the tags open there closed, fits in `limit`. It ends at a line end if it can (the line
    end itself is left out, as Telegram would trim it), else at a space, else after any
    character, entity or end tag (never right after a start tag). A single piece that cannot
    fit is taken whole: the text can do no better."""
    size = sum(len(tag.raw) for tag in open_tags)
    tags = open_tags
    closing = len(_closing(tags))
    best: dict[str, _Cut] = {}
    visible = False  # the part so far holds something Telegram would show
    for index in range(start, len(tokens)):
        token = tokens[index]
        if visible and token.kind == "text" and token.raw.isspace():
            best["line" if token.raw == "\n" else "space"] = _Cut(index, tags, index + 1)
        after, after_closing = tags, closing
        if token.kind in ("open", "close"):
            after = _after(tags, token)
            after_closing = len(_closing(after))
        grown = size + len(token.raw)
        if index > start and grown + after_closing > limit:
            break
        size, tags, closing = grown, after, after_closing
        fallback = _Cut(index + 1, tags, index + 1)
        if token.kind == "entity" or (token.kind == "text" and not token.raw.isspace()):
            visible = True
        if token.kind != "open":
            best["any"] = fallback
    else:
        return _Cut(len(tokens), tags, len(tokens))
    return best.get("line") or best.get("space") or best.get("any") or fallback


def _shows_something(tokens: Sequence[_Token]) -> bool:
    return any(t.kind == "entity" or (t.kind == "text" and not t.raw.isspace()) for t in tokens)


def _closes(token: _Token, tag: _Token) -> bool:
    return token.kind == "close" and token.name.lower() == tag.name.lower()


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a long HTML text into parts of at most `limit` characters for Telegram.

    A part ends at a line end where it can, else at a space, else anywhere, but never inside an
    entity (`&amp;`) or a tag. A formatting tag open at the cut is closed at the end of the part
    and opened again at the start of the next, so each part is valid HTML on its own. The line
    end or space cut at is left out (Telegram would trim it), and so is a part that would show
    only white space."""
    if len(text) <= limit:
        return [text]
    tokens = _tokens(text)
    parts: list[str] = []
    start = 0
    open_tags: tuple[_Token, ...] = ()
    while start < len(tokens):
        end, still_open, resume = _cut(tokens, start, open_tags, limit)
        if _shows_something(tokens[start:end]):
            body = "".join(token.raw for token in tokens[start:end])
            parts.append("".join(tag.raw for tag in open_tags) + body + _closing(still_open))
        start, open_tags = resume, still_open
        # End tags right at the cut were closed with the part: do not open and close them again.
        while start < len(tokens) and open_tags and _closes(tokens[start], open_tags[-1]):
            start, open_tags = start + 1, open_tags[:-1]
    return parts


async def send_text(
    bot: Bot,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> Message:
    """Send a text, split if needed; buttons go under the last part. Returns the last message."""
    parts = split_text(text)
    message: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        message = await bot.send_message(
            chat_id,
            part,
            reply_markup=markup if last else None,
            reply_to_message_id=reply_to if index == 0 else None,
        )
    assert message is not None
    return message


class Recorder(Protocol):
    """Where what a send teaches the bot is written down (a private chat closed or open, a
    group that moved to a supergroup, a group the bot was removed from)."""

    async def record(self, lesson: Lesson) -> None: ...


# One thing a send taught, written with the session it is given.
Lesson = Callable[[Session], None]
# How a text is sent (default `send_text`; the outbox passes its own name for it, which tests
# replace to watch the sends made after the commit).
SendText = Callable[..., Awaitable[Message]]


@dataclass(frozen=True)
class InSession:
    """The lessons go into the unit of work's own session: committed (or rolled back) with it.
    For sends made during the work (`Work.send_private` / `send_group`)."""

    session: Session

    async def record(self, lesson: Lesson) -> None:
        lesson(self.session)


async def deliver_private(
    recorder: Recorder,
    clock: Clock,
    bot: Bot,
    person_id: int,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    known_open: bool,
    unsent: Lesson | None = None,
    send: SendText | None = None,
) -> Message | None:
    """Send to a person's private chat. A 403: the chat is recorded closed (with `unsent`, in
    the same record) and None returned; other Telegram errors propagate, after `unsent`. A chat
    not `known_open` is recorded open once a message got through."""

    def closed(session: Session) -> None:
        person = session.get(Person, person_id)
        if person is not None:
            mark_private_chat(clock, person, PrivateChat.CLOSED)
        if unsent is not None:
            unsent(session)

    def opened(session: Session) -> None:
        person = session.get(Person, person_id)
        if person is not None:
            mark_private_chat(clock, person, PrivateChat.OPEN)

    send = send or send_text  # looked up when called
    try:
        message = await send(bot, chat_id, text, markup)
    except Forbidden:
        await recorder.record(closed)
        log.info("private chat closed for person %s; not retrying", person_id)
        return None
    except TelegramError:
        if unsent is not None:
            await recorder.record(unsent)
        raise
    if not known_open:
        await recorder.record(opened)
    return message


async def deliver_group(
    recorder: Recorder,
    bot: Bot,
    house_id: int,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    reply_to: int | None = None,
    send: SendText | None = None,
) -> Message | None:
    """Send to a house's group. A supergroup migration: the house follows (recorded) and the
    message is sent once more to the new chat; a 403: the house is recorded inactive, None."""

    def inactive(session: Session) -> None:
        house = session.get(House, house_id)
        if house is not None:
            house.active = False

    send = send or send_text  # looked up when called
    try:
        return await send(bot, chat_id, text, markup, reply_to=reply_to)
    except ChatMigrated as migrated:
        new_chat_id = migrated.new_chat_id

        def moved(session: Session) -> None:
            house_domain.migrate_chat(session, chat_id, new_chat_id)

        await recorder.record(moved)
        return await send(bot, new_chat_id, text, markup)
    except Forbidden:
        await recorder.record(inactive)
        log.info("house %s: bot is no longer in its group; the house is now inactive", house_id)
        return None


async def send_private(
    session: Session,
    clock: Clock,
    bot: Bot,
    person: Person,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send to a person's private chat now, what it teaches recorded in `session`; None when
    the bot cannot reach them."""
    if person.private_chat == PrivateChat.CLOSED:
        return None
    known_open = person.private_chat == PrivateChat.OPEN
    return await deliver_private(
        InSession(session),
        clock,
        bot,
        person.id,
        person.telegram_id,
        text,
        markup,
        known_open=known_open,
    )


async def send_group(
    session: Session,
    bot: Bot,
    house: House,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> Message | None:
    """Send to the house's group now, what it teaches recorded in `session`; None if the bot
    is out."""
    if not house.active:
        return None
    return await deliver_group(
        InSession(session), bot, house.id, house.group_chat_id, text, markup, reply_to=reply_to
    )


async def edit_text(
    bot: Bot,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Edit a message; "message is not modified" means it already shows this: fine."""
    try:
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except BadRequest as exc:
        if "message is not modified" not in exc.message.lower():
            raise
