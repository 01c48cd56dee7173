"""`GET /healthz` on the bot's own web server in webhook mode: 200 "ok", without the secret.

It says only that the process serves HTTP (for a load balancer or a proxy's health check); it
names nothing — no house, no count, no version. python-telegram-bot has no public way to add a
route to its webhook server (a tornado application), so `install()` swaps in a subclass of its
`WebhookAppClass` that adds the one route; the webhook route and its secret check are PTB's own,
untouched. A PTB without that class keeps working, without /healthz (logged once).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

PATH = "/healthz"


def install() -> bool:
    try:
        import tornado.web
        from telegram.ext import _updater
        from telegram.ext._utils.webhookhandler import WebhookAppClass
    except ImportError:  # pragma: no cover - only with another python-telegram-bot
        log.warning("no %s: this python-telegram-bot has no webhook server class", PATH)
        return False
    current = getattr(_updater, "WebhookAppClass", None)
    if current is not WebhookAppClass:
        return getattr(current, "healthz", False) is True

    class Healthz(tornado.web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "text/plain")
            self.set_header("Cache-Control", "no-store")
            self.write("ok\n")

    class WithHealthz(WebhookAppClass):
        healthz = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.add_handlers(r".*", [(PATH, Healthz)])

    setattr(_updater, "WebhookAppClass", WithHealthz)  # noqa: B010 (a private name)
    return True
