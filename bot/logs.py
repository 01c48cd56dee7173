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
        return json.dumps(entry, ensure_ascii=False, default=str)


class RedactToken(logging.Filter):
    """Defence in depth: the bot token never reaches a log line, whoever logs it."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "<secret>")
            record.msg, record.args = message, ()
        return True


class WebhookEvents(logging.Filter):
    """PTB's webhook server notes two things worth knowing at debug level only: a request
    turned away for a missing or wrong secret token (403) — here a warning, without the token
    it carried — and that it listens. Its other debug lines hold whole updates: dropped."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
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
    webhook = logging.getLogger("telegram.ext.Updater")
    webhook.setLevel(logging.DEBUG)
    webhook.addFilter(WebhookEvents(max(level, logging.INFO)))
