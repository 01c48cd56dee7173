"""Sends made after the commit, outside the database lock.

A job that reminds a thousand people must not hold the one transaction lock while Telegram
(and the rate limiter) takes its time: every update would wait behind it. So the job decides
what to send and commits; `Work.post_private` / `post_group` queue the sends, and they are made
here, afterwards. What a send teaches the bot (a private chat closed or open, a group moved to a
supergroup or gone) and what the work wants to remember of a sent message (its id, to edit it
later) is written in a short transaction of its own after each send.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import ChatMigrated, Forbidden, TelegramError

from bot.clock import Clock
from bot.domain import houses as house_domain
from bot.domain.members import mark_private_chat
from bot.storage.db import Database
from bot.storage.models import House, Person, PrivateChat
from bot.storage.ops_models import PendingSend
from bot.telegram.messenger import send_text

log = logging.getLogger(__name__)

# A call to make after the `Then` transaction committed (an edit, say).
FollowUp = Callable[[], Awaitable[None]]
# Called with a new session and the sent message (the last part of a split text); the objects
# of the work's own session are gone by then: look rows up again by id. May return a follow-up.
Then = Callable[[Session, Message], FollowUp | None]
# Called with a new session when the message could not be delivered (to undo what the work
# wrote in hope, such as "invited").
Unsent = Callable[[Session], None]


def keep_pending(
    session: Session, clock: Clock, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> str:
    """Write down, in the work's own transaction, a send to make after the commit: if the process
    dies before it is made, the next active process makes it (`resend_pending`)."""
    key = uuid.uuid4().hex
    session.add(
        PendingSend(
            key=key,
            chat_id=chat_id,
            text=text,
            markup=markup.to_json() if markup is not None else None,
            created_at=clock.now(),
        )
    )
    return key


async def forget_pending(db: Database, key: str) -> None:
    """The send was made (or failed for good): it is no longer pending."""
    async with db.transaction() as session:
        session.execute(delete(PendingSend).where(PendingSend.key == key))


async def resend_pending(work: Any) -> None:
    """At start-up: the sends a stopped process decided but did not make (it died between its
    commit and Telegram's answer). They go out again without their follow-ups (a message id kept
    for later edits, say): the text arrives, once."""
    rows = work.session.scalars(select(PendingSend).order_by(PendingSend.created_at)).all()
    db, bot = work.deps.db, work.bot
    for row in rows:
        work.later(partial(_resend, db, bot, row.key, row.chat_id, row.text, row.markup))
    if rows:
        log.warning("sending %d message(s) a stopped process left unsent", len(rows))


async def _resend(
    db: Database, bot: Bot, key: str, chat_id: int, text: str, markup: str | None
) -> None:
    try:
        keyboard = InlineKeyboardMarkup.de_json(json.loads(markup), None) if markup else None
        await send_text(bot, chat_id, text, keyboard)
    except TelegramError as exc:
        log.warning("pending send %s not sent: %s", key, type(exc).__name__)
    await forget_pending(db, key)


async def after_send(db: Database, then: Then, message: Message) -> None:
    async with db.transaction() as session:
        follow_up = then(session, message)
    if follow_up is not None:
        await follow_up()


async def deliver_private(
    db: Database,
    clock: Clock,
    bot: Bot,
    person_id: int,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    known_open: bool,
    then: Then | None = None,
    unsent: Unsent | None = None,
) -> Message | None:
    """Send to a person's private chat; None (and the chat marked closed) on a 403. Other
    Telegram errors propagate, after `unsent`."""
    try:
        message = await send_text(bot, chat_id, text, markup)
    except Forbidden:
        async with db.transaction() as session:
            person = session.get(Person, person_id)
            if person is not None:
                mark_private_chat(clock, person, PrivateChat.CLOSED)
            if unsent is not None:
                unsent(session)
        log.info("private chat closed for person %s; not retrying", person_id)
        return None
    except TelegramError:
        if unsent is not None:
            async with db.transaction() as session:
                unsent(session)
        raise
    if not known_open:
        async with db.transaction() as session:
            person = session.get(Person, person_id)
            if person is not None:
                mark_private_chat(clock, person, PrivateChat.OPEN)
    if then is not None:
        await after_send(db, then, message)
    return message


async def deliver_group(
    db: Database,
    bot: Bot,
    house_id: int,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    then: Then | None = None,
) -> Message | None:
    """Send to a house's group, following a supergroup migration; None if the bot is out."""
    try:
        message = await send_text(bot, chat_id, text, markup)
    except ChatMigrated as migrated:
        async with db.transaction() as session:
            house_domain.migrate_chat(session, chat_id, migrated.new_chat_id)
        message = await send_text(bot, migrated.new_chat_id, text, markup)
    except Forbidden:
        async with db.transaction() as session:
            house = session.get(House, house_id)
            if house is not None:
                house.active = False
        log.info("house %s: bot is no longer in its group; the house is now inactive", house_id)
        return None
    if then is not None:
        await after_send(db, then, message)
    return message
