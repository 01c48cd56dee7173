"""`huisbot check`: is this bot able to run? One line, exit 0 (yes) or 1 (no).

For a container's HEALTHCHECK and for monitoring. It checks, in this order, and stops at the
first problem: the database is reachable and migrated; the Bot API accepts the token (getMe);
the webhook at Telegram is what the settings say (getWebhookInfo: none in polling mode, exactly
WEBHOOK_URL in webhook mode). The line never holds the token, the secret or a password.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.settings import Mode, Settings, SettingsError
from bot.storage.db import Database, SchemaState


@dataclass(frozen=True)
class Health:
    ok: bool
    line: str


def check(settings: Settings) -> Health:
    try:
        token = settings.token()
    except SettingsError as error:
        return Health(False, f"not ok: {error}")
    database = Database(settings.database_url)
    kind = database.engine.dialect.name
    try:
        state = database.schema_state()
    except Exception as exc:
        return Health(False, f"not ok: the {kind} database is not reachable ({type(exc).__name__})")
    finally:
        database.dispose()
    if state != SchemaState.CURRENT:
        return Health(
            False, f"not ok: the database schema is {state.value}: run `huisbot db upgrade`"
        )
    return asyncio.run(check_bot_api(settings, token, kind))


async def check_bot_api(settings: Settings, token: str, kind: str) -> Health:
    bot = Bot(token, base_url=settings.telegram_api_base_url)
    try:
        async with bot:  # initialize() calls getMe
            info = await bot.get_webhook_info()
    except InvalidToken:
        return Health(False, "not ok: the Bot API rejected the token (ask @BotFather)")
    except NetworkError as exc:
        return Health(False, f"not ok: the Bot API is not reachable ({type(exc).__name__})")
    except TelegramError as exc:
        return Health(False, f"not ok: the Bot API answered {type(exc).__name__}")
    name = f"@{bot.username}"
    if settings.mode == Mode.WEBHOOK:
        if info.url != settings.webhook_url:
            where = "no webhook" if not info.url else "another webhook"
            return Health(
                False,
                f"not ok: MODE=webhook but Telegram has {where} for {name}; "
                "`huisbot run` sets it at start",
            )
        how = "webhook set as configured"
    else:
        if info.url:
            return Health(
                False,
                f"not ok: MODE=polling but Telegram has a webhook for {name}; "
                "`huisbot run` removes it at start",
            )
        how = "polling, no webhook"
    return Health(True, f"ok: {kind} database migrated, {name} accepted by the Bot API, {how}")
