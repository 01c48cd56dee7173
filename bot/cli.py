"""`huisbot run | db upgrade | console`. Errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.logs import configure_logging
from bot.ops import healthz, standby
from bot.settings import Mode, Settings, SettingsError, load_settings
from bot.storage.db import Database, SchemaState


def prepare_database(settings: Settings) -> Database:
    """An empty SQLite file is set up on the spot; anything else must be upgraded by hand."""
    database = Database(settings.database_url)
    state = database.schema_state()
    if state == SchemaState.EMPTY and database.engine.dialect.name == "sqlite":
        database.upgrade()
    elif state != SchemaState.CURRENT:
        raise SettingsError(
            f"The database schema is {state.value}: run `huisbot db upgrade` first."
        )
    return database


def run(settings: Settings) -> None:
    """Polling (the default) or webhook mode. SIGINT/SIGTERM stop it within a few seconds
    (`bot.shutdown`): no new updates, a short grace for those in hand, queued sends dropped."""
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.shutdown import quick_stop_loop, report_stopped

    settings.token()
    database = prepare_database(settings)
    configure_logging(settings)
    standby.take_over(settings, database)  # a standby waits here; on SQLite one process only
    application = build_application(settings, database=database)
    quick_stop_loop(application)  # the stop signals are its own (stop_signals=None below)
    if settings.mode == Mode.WEBHOOK:
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        healthz.install()  # GET /healthz: "ok", no secret needed, nothing revealed
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
            stop_signals=None,
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=None)
    report_stopped(application)


EXIT_TOKEN_REJECTED = 3  # Telegram refused the token
EXIT_API_UNREACHABLE = 4  # the Bot API could not be reached at start-up


def run_checked(settings: Settings) -> int:
    """`run`, with the two start-up failures a person can fix said in one line each. Never the
    token: the library's own message for a rejected token quotes it in full."""
    from telegram.error import InvalidToken, NetworkError

    try:
        run(settings)
    except InvalidToken:
        sys.stderr.write("huisbot: token rejected by the server (check TELEGRAM_BOT_TOKEN)\n")
        return EXIT_TOKEN_REJECTED
    except NetworkError:
        host = urlsplit(settings.telegram_api_base_url).netloc
        sys.stderr.write(f"huisbot: cannot reach the Bot API at {host}\n")
        return EXIT_API_UNREACHABLE
    return 0


def db_upgrade(settings: Settings) -> None:
    database = Database(settings.database_url)
    database.upgrade()
    where = database.engine.url.render_as_string(hide_password=True)
    sys.stdout.write(f"Database is up to date ({where}).\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="huisbot", description="The Telegram bot of the house.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (polling)")
    db = commands.add_parser("db", help="database commands")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply all migrations")
    commands.add_parser(
        "check", help="one line, exit 0/1: database migrated, token accepted, webhook as set"
    )
    save = commands.add_parser("backup", help="a consistent copy of the database")
    save.add_argument("path", help="the file to write (it must not exist yet)")
    console = commands.add_parser("console", help="try the bot offline, without a token")
    console.add_argument("--script", help="read the lines to type from this file")
    console.add_argument("--ready", action="store_true", help="start with /setup done")
    args = parser.parse_args(argv)
    command = args.command or "run"  # `python -m bot` alone runs the bot

    try:
        if command == "console":
            from bot.console import run_console

            return run_console(script=args.script, ready=args.ready)
        settings = load_settings()
        if command == "run":
            return run_checked(settings)
        elif command == "db":
            db_upgrade(settings)
        elif command == "check":
            from bot.ops.check import check

            health = check(settings)
            sys.stdout.write(health.line + "\n")
            return 0 if health.ok else 1
        elif command == "backup":
            from bot.ops.backup import backup

            sys.stdout.write(backup(settings, args.path) + "\n")
    except SettingsError as error:
        sys.stderr.write(f"huisbot: {error}\n")
        return 1 if command == "check" else 2  # a health check answers 0 or 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
