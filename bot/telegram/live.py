"""Keeping a live message in a house's group up to date (a poll's message, say).

The edit follows the group when it became a supergroup: Telegram answers "group chat was
upgraded to a supergroup chat" (`ChatMigrated`) with the new chat id; the house moves to it and
the edit is tried once more there. A message of the old group does not move with it: then the
message is posted again in the new group and `moved` records where it lives now. "Message is
not modified" means it already shows this. Any other failure is logged with the house's id only
(never the text) and does not stop the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.domain import houses as house_domain
from bot.storage.db import Database
from bot.storage.models import Poll
from bot.telegram import messenger
from bot.telegram.ratelimit import SendDropped

log = logging.getLogger(__name__)

# Called in a transaction of its own with the message posted again in the group's new chat.
Moved = Callable[[Session, Message], None]


def poll_moved(poll_id: int) -> Moved:
    """Where a poll's message lives now."""

    def record(session: Session, message: Message) -> None:
        poll = session.get(Poll, poll_id)
        if poll is not None:
            poll.chat_id, poll.message_id = message.chat_id, message.message_id

    return record


async def refresh_group_message(
    db: Database,
    bot: Bot,
    house_id: int,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    moved: Moved | None = None,
) -> None:
    """Edit a live message in a house's group; see the module's doc."""
    try:
        await messenger.edit_text(bot, chat_id, message_id, text, markup)
        return
    except ChatMigrated as migrated:
        new_chat_id = migrated.new_chat_id
    except SendDropped:
        raise
    except (BadRequest, Forbidden) as error:
        log.warning("house %s: a live message cannot be edited (%s)", house_id, error.message)
        return
    except TelegramError as error:
        log.warning("house %s: a live message was not edited (%s)", house_id, type(error).__name__)
        return
    async with db.transaction() as session:
        house_domain.migrate_chat(session, chat_id, new_chat_id)
    log.info("house %s: its group became a supergroup; following it", house_id)
    try:
        try:
            await messenger.edit_text(bot, new_chat_id, message_id, text, markup)
            return
        except BadRequest:
            if moved is None:
                raise
        message = await messenger.send_text(bot, new_chat_id, text, markup)
        async with db.transaction() as session:
            moved(session, message)
        log.info("house %s: a live message was posted again in the new group", house_id)
    except SendDropped:
        raise
    except TelegramError as error:
        log.warning("house %s: a live message was not moved (%s)", house_id, type(error).__name__)
