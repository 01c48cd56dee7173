"""Logging: one line per update (kind, house, duration, outcome), as text or JSON lines.

Never logged: the bot token (redacted wherever it appears), message texts, check-in notes or
flag texts — log lines carry ids and kinds only.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update

from bot.settings import LogFormat, Settings

UPDATE_LOG = logging.getLogger("bot.updates")
KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "inline_query",
)


def update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return "job"
    return next((kind for kind in KINDS if getattr(update, kind, None) is not None), "other")


def log_update(update: Update, house_id: int | None, seconds: float, outcome: str) -> None:
    fields = {
        "update": update.update_id,
        "kind": update_kind(update),
        "house": house_id,
        "ms": round(seconds * 1000, 1),
        "outcome": outcome,
    }
    UPDATE_LOG.info("update handled", extra={"fields": fields})


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields: dict[str, Any] | None = getattr(record, "fields", None)
        if fields:
            line += " " + " ".join(f"{key}={value}" for key, value in fields.items())
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


class RedactToken(logging.Filter):
    """Defence in depth: the bot token never reaches a log line, whoever logs it."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = self.redact(message), ()
        if record.exc_info:  # a traceback may quote it too (PTB's "The token `…` was rejected")
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        return text


class StartupFailure(logging.Filter):
    """PTB logs a failed start (token refused, Bot API unreachable) with a traceback before it
    raises; `huisbot run` says it in one line of its own. The fact stays, at debug level."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "Bootstrap" in message and "Aborting" in message:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            record.msg, record.args = "start-up call to the Bot API failed", ()
            record.exc_info, record.exc_text = None, None
            return logging.getLogger().isEnabledFor(logging.DEBUG)
        return True


class WebhookEvents(logging.Filter):
    """PTB's webhook server logs an update it cannot read with its content: here one line
    without it. It notes two things worth knowing at debug level only: a request
    turned away for a missing or wrong secret token (403) — here a warning, without the token
    it carried — and that it listens. Its other debug lines hold whole updates: dropped."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Something went wrong processing the data received from Telegram"):
            # PTB logs an update it cannot read at CRITICAL, with the whole update (and an
            # exception that may quote it): the fact only.
            record.levelno, record.levelname = logging.ERROR, "ERROR"
            record.msg, record.args = "webhook: an update could not be read (not processed)", ()
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            return True
        rejected = ("did not include the secret token", "had the wrong secret token")
        if any(phrase in message for phrase in rejected):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = "webhook request rejected (403): missing or wrong secret", ()
            return True
        if message.lower().startswith("webhook server started"):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "webhook server listening", ()
            return record.levelno >= self.level
        return record.levelno >= self.level


def configure_logging(settings: Settings) -> None:
    level = logging.getLevelName(settings.log_level.value)
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if settings.log_format == LogFormat.JSON else TextFormatter()
    )
    secrets = []
    if settings.telegram_bot_token is not None:
        secrets.append(settings.telegram_bot_token.get_secret_value())
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    handler.addFilter(RedactToken(*secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Telegram's URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # At debug level PTB logs whole updates and API calls (message texts, check-ins, flags):
    # its loggers stay at INFO or above whatever LOG_LEVEL says.
    logging.getLogger("telegram").setLevel(max(level, logging.INFO))
    logging.getLogger("telegram.ext").addFilter(StartupFailure())
    webhook = logging.getLogger("telegram.ext.Updater")
    webhook.setLevel(logging.DEBUG)
    webhook.addFilter(WebhookEvents(max(level, logging.INFO)))
