"""The one error handler: log what failed (never the content), tell the person kindly."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import I18n
from bot.logs import update_kind
from bot.telegram.ratelimit import SendDropped
from bot.telegram.taps import answer_tap

log = logging.getLogger("bot.errors")


def describe(update: object) -> str:
    """Which update failed, by kind and ids only: no text, no names."""
    if not isinstance(update, Update):
        return "no update"
    chat = update.effective_chat.id if update.effective_chat else None
    return f"update {update.update_id} ({update_kind(update)}, chat {chat})"


ErrorHandler = Callable[[object, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def make_error_handler(i18n: I18n, default_language: str) -> ErrorHandler:
    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(context.error, SendDropped):  # not made on purpose (see ratelimit)
            log.info("%s: a send was dropped", describe(update))
            return
        log.error("failed to handle %s", describe(update), exc_info=context.error)
        if not isinstance(update, Update):
            return
        user, chat = update.effective_user, update.effective_chat
        private = chat is not None and chat.type == chat.PRIVATE
        t = i18n.pick(user.language_code if user and private else None, default_language)
        try:
            if update.callback_query is not None:
                await answer_tap(update.callback_query, t("error.generic"), alert=True)
            elif update.effective_chat is not None and update.effective_message is not None:
                await context.bot.send_message(update.effective_chat.id, t("error.generic"))
        except TelegramError:
            log.warning("could not tell the person about the failure of %s", describe(update))

    return on_error
