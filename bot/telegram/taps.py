"""Answering a tapped button (answerCallbackQuery).

Telegram stops accepting the answer to a tap after some seconds ("query is too old and response
timeout expired or query ID is invalid"): taps made while the bot was down arrive at start-up
already too old. That is expected and harmless: what the tap means has been applied (or refused)
by then, only the little popup is lost. So it is one line at INFO, never an error.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery
from telegram.error import BadRequest

log = logging.getLogger(__name__)


def too_old(error: BadRequest) -> bool:
    """Whether Telegram refused the answer because the query expired (or was answered)."""
    message = error.message.lower()
    return "query is too old" in message or "query id is invalid" in message


async def answer_tap(query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> bool:
    """Answer the tap; False (logged at INFO, no traceback) when it is too late for that."""
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as error:
        if not too_old(error):
            raise
        log.info("tap %s: too late to answer (query is too old); its work stands", query.id)
        return False
    return True
