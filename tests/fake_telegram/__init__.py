"""A fake Telegram Bot API for tests: the real python-telegram-bot ``Application`` talks to
it in-process through :class:`FakeRequest`, and tests read like transcripts::

    tg = FakeTelegram(clock=ManualClock())
    app = (
        ApplicationBuilder().token(tg.token).request(tg.request())
        .get_updates_request(tg.request()).build()
    )
    driver = Driver(tg, app)
    await driver.start()
    anna = tg.add_user("Anna", username="anna")
    reply = await driver.send(anna, "/start")
    reply = await driver.tap(anna, reply.last, "Ja")
    tg.assert_clean()  # the test fixture does this at teardown

Every call is validated against the vendored Bot API spec (``telegram-bot-api.json``).
"""

from .driver import Driver, Reply
from .html_parse import HtmlParseError, escape, parse_html
from .models import (
    ApiError,
    BotCall,
    Button,
    FakeChat,
    FakeMessage,
    FakeUser,
    SpecViolation,
    UploadedFile,
)
from .request import FakeRequest
from .spec import Spec
from .world import FakeTelegram

__all__ = [
    "ApiError",
    "BotCall",
    "Button",
    "Driver",
    "FakeChat",
    "FakeMessage",
    "FakeRequest",
    "FakeTelegram",
    "FakeUser",
    "HtmlParseError",
    "Reply",
    "Spec",
    "SpecViolation",
    "UploadedFile",
    "escape",
    "parse_html",
]
