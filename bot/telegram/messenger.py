"""Sending to Telegram the way real Telegram behaves.

- A person who never opened the private chat (or blocked the bot) answers 403: recorded on the
  person, and the bot does not try again until that person writes to it.
- A group that became a supergroup answers with its new id: the house follows, the message is
  sent once more.
- A group the bot was removed from answers 403: the house goes quiet.
- Editing a message to what it already shows answers "message is not modified": not an error.
- Texts over 4096 characters are split at line ends.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.clock import Clock
from bot.domain import houses as house_domain
from bot.domain.members import mark_private_chat
from bot.storage.models import House, Person, PrivateChat

log = logging.getLogger(__name__)

MAX_TEXT = 4096


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a long HTML text at line ends so that each part stays under Telegram's limit.

    Lines are kept whole (the bot never opens a tag on one line and closes it on the next)."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
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


async def send_private(
    session: Session,
    clock: Clock,
    bot: Bot,
    person: Person,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send to a person's private chat, or return None when the bot cannot reach them."""
    if person.private_chat == PrivateChat.CLOSED:
        return None
    try:
        message = await send_text(bot, person.telegram_id, text, markup)
    except Forbidden:
        mark_private_chat(clock, person, PrivateChat.CLOSED)
        log.info("private chat closed for person %s; not retrying", person.id)
        return None
    mark_private_chat(clock, person, PrivateChat.OPEN)
    return message


async def send_group(
    session: Session,
    bot: Bot,
    house: House,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> Message | None:
    """Send to the house's group, following a supergroup migration; None if the bot is out."""
    if not house.active:
        return None
    try:
        return await send_text(bot, house.group_chat_id, text, markup, reply_to=reply_to)
    except ChatMigrated as migrated:
        house_domain.migrate_chat(session, house.group_chat_id, migrated.new_chat_id)
        return await send_text(bot, house.group_chat_id, text, markup)
    except Forbidden:
        house.active = False
        log.info("house %s: bot is no longer in its group; the house is now inactive", house.id)
        return None


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
