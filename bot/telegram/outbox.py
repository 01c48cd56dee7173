"""Sends made after the commit, outside the database lock.

A job that reminds a thousand people must not hold the one transaction lock while Telegram
(and the rate limiter) takes its time: every update would wait behind it. So the job decides
what to send and commits; `Work.post_private` / `post_group` queue the sends, and they are made
here, afterwards, by the same code as a send made during the work (`messenger.deliver_private`
/ `deliver_group`). What a send teaches the bot (a private chat closed or open, a group moved to
a supergroup or gone) is recorded `InOwnTransaction`, and what the work wants to remember of a
sent message (its id, to edit it later, `then`) in a short transaction of its own after the send.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import TelegramError

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.ops_models import PendingSend
from bot.telegram import messenger
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


@dataclass(frozen=True)
class InOwnTransaction:
    """The lessons of a send made after the commit go into a short transaction of their own."""

    db: Database

    async def record(self, lesson: messenger.Lesson) -> None:
        async with self.db.transaction() as session:
            lesson(session)


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
    """`messenger.deliver_private` after the commit; then `then` in a transaction of its own."""
    message = await messenger.deliver_private(
        InOwnTransaction(db),
        clock,
        bot,
        person_id,
        chat_id,
        text,
        markup,
        known_open=known_open,
        unsent=unsent,
        send=send_text,
    )
    if message is not None and then is not None:
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
    """`messenger.deliver_group` after the commit; then `then` in a transaction of its own."""
    message = await messenger.deliver_group(
        InOwnTransaction(db), bot, house_id, chat_id, text, markup, send=send_text
    )
    if message is not None and then is not None:
        await after_send(db, then, message)
    return message
