"""The composition root: `build_application` wires everything; nothing happens at import."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, Defaults
from telegram.request import BaseRequest

from bot.callbacks import codec
from bot.clock import Clock, SystemClock
from bot.handlers import (
    aftercare,
    agreements,
    arriving,
    away,
    decisions,
    house,
    house_settings,
    live,
    meetings,
    offline,
    people,
    poll_form,
    polls,
    privacy,
    rotas,
    rules,
)
from bot.handlers.commands import publish_menus
from bot.handlers.errors import make_error_handler
from bot.handlers.kit import Deps
from bot.handlers.prompts import PromptRouter
from bot.i18n import I18n
from bot.jobs.runner import run_job
from bot.jobs.scheduler import JobQueueScheduler, Scheduler
from bot.printing import handlers as printing
from bot.settings import Settings
from bot.storage.db import Database
from bot.telegram.outbox import resend_pending
from bot.telegram.ratelimit import REPLY_DEADLINE, RESTART_BUDGET, HouseRateLimiter

log = logging.getLogger(__name__)

ALLOWED_UPDATES = Update.ALL_TYPES
HuisApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    request_factory: Callable[[], BaseRequest] | None = None,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    scheduler: Scheduler | None = None,
) -> HuisApplication:
    """The whole bot. Tests hand in a fake Telegram (`request_factory`), a manual clock and
    scheduler, and a database of their own."""
    clock = clock or SystemClock()
    builder = (
        ApplicationBuilder()
        .token(settings.token())
        .base_url(settings.telegram_api_base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            rate_limiter
            or HouseRateLimiter(reply_deadline=REPLY_DEADLINE, group_start_budget=RESTART_BUDGET)
        )
        # Up to 16 updates in flight: their database work is serialised by the transaction
        # lock, their round trips to Telegram overlap (a burst of taps is not a queue).
        .concurrent_updates(16)
        .post_init(startup)
        .post_stop(stopping)
        .post_shutdown(shutdown)
    )
    if request_factory is not None:
        builder = builder.request(request_factory()).get_updates_request(request_factory())
    application: HuisApplication = builder.build()
    if scheduler is None:
        assert application.job_queue is not None, "python-telegram-bot[job-queue] is needed"
        scheduler = JobQueueScheduler(application.job_queue, clock)
    deps = Deps(
        settings=settings,
        db=database or Database(settings.database_url),
        clock=clock,
        i18n=I18n(default=settings.default_language),
        codec=codec,
        scheduler=scheduler,
        bot=application.bot,
    )
    application.bot_data["deps"] = deps
    deps.startup_hooks.append(resend_pending)  # first: what a stopped process left unsent

    prompts = PromptRouter()
    prompts.install(deps)  # questions expire: the daily clean-up
    house.register(application, deps, prompts)
    people.register(application, deps, prompts)
    polls_service = polls.register(application, deps, prompts)
    application.bot_data["polls"] = polls_service
    application.bot_data["reviews"] = decisions.register(application, deps, prompts)
    application.bot_data["agreements"] = agreements.register(application, deps)  # issue 17.7
    poll_form.register(application, deps, prompts, polls_service)
    offline.register(application, deps, prompts, polls_service)  # residents without Telegram
    settings_service = house_settings.register(application, deps, polls_service, prompts)
    application.bot_data["meetings"] = meetings.register(application, deps, prompts)
    settings_service.meetings = application.bot_data["meetings"]  # check-in time follows
    rules.register(application, deps, prompts, polls_service)  # and the conflict reports
    application.bot_data["rotas"] = rotas.register(application, deps, prompts)
    away.register(application, deps, application.bot_data["rotas"], prompts)  # /pause: even weg
    # Moving out, aftercare and buddies (after the rota and the check-ins it builds on).
    application.bot_data["aftercare"] = aftercare.register(application, deps, prompts)
    arriving.register(application, deps)  # a newcomer's welcome, the evaluation talk
    privacy.register(application, deps, prompts)  # /mydata and /forgetme
    printing.register(application, deps)  # 🖨 a page for the notice board
    live.register(deps, polls_service)  # at start-up: the group's live messages brought up to date
    people.register_fallbacks(application, deps, prompts)  # always last
    application.add_error_handler(make_error_handler(deps.i18n, settings.default_language))
    return application


def deps_of(application: HuisApplication) -> Deps:
    deps = application.bot_data["deps"]
    assert isinstance(deps, Deps)
    return deps


async def startup(application: HuisApplication) -> None:
    """After `initialize()`: publish the command menus, rebuild every schedule from the
    database (what fell due while the bot was down runs at once)."""
    deps = deps_of(application)
    await publish_menus(application.bot, deps.i18n)
    for hook in deps.startup_hooks:
        await run_job(deps, application.bot, f"startup {hook.__name__}", hook, each_alone=True)
    log.info("Huisbot started as @%s", application.bot.username)


async def stopping(application: HuisApplication) -> None:
    """After `stop()` (updates and jobs done), before the database closes: the stop hooks."""
    deps = deps_of(application)
    for hook in deps.stop_hooks:
        await run_job(deps, application.bot, f"stop {hook.__name__}", hook)


async def shutdown(application: HuisApplication) -> None:
    deps_of(application).db.dispose()
