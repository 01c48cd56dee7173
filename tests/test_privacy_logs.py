"""Nothing private in logs, errors or the group: SQL parameters stay out of database errors,
control characters out of typed text, an unreadable webhook update out of the log, the token
out of `huisbot run`'s error, a typed date at its edges out of a crash, and the check-in digest"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text as sql
from sqlalchemy.exc import DBAPIError

from bot.domain.errors import UserError
from bot.domain.text import checked, clean, typed_date
from bot.settings import Settings
from bot.storage.db import Database
from tests import audit_helpers
from tests.audit_helpers import WorldFactory
from tests.test_bad_input import meeting_date_question, refused_answer

shared_bot = audit_helpers.shared_bot  # the fixtures: one bot, a fresh world per test
new_world = audit_helpers.new_world

# --- database errors -------------------------------------------------------------------------


def test_a_database_error_does_not_carry_its_parameters(database: Database) -> None:
    secret = "Carla slaat haar kat"
    with pytest.raises(DBAPIError) as raised, database.engine.begin() as connection:
        connection.execute(sql("SELECT * FROM no_such_table WHERE x = :p"), {"p": secret})
    assert secret not in str(raised.value)
    assert secret not in repr(raised.value)


# --- typed text --------------------------------------------------------------------------------


def test_control_characters_are_taken_out_of_typed_text() -> None:
    assert clean("Soep\x00 en\x07 brood\x1b[31m\u200b") == "Soep en brood[31m"
    assert clean("a\x00\x00b") == "ab"
    assert clean("\x00\x01") == ""
    with pytest.raises(UserError):  # nothing but control characters is empty
        checked("\x00\x08", limit=10, empty="x.empty", too_long="x.long")
    assert clean("regel\nnog\tiets") == "regel nog iets"  # whitespace stays a space


# --- typed dates at their edges ----------------------------------------------------------------


def test_a_typed_date_far_from_today_is_unreadable() -> None:
    today = date(2026, 11, 23)
    for typed in ("0001-01-01", "1-1-1", "31-12-9999", "9999-12-31", "1-1-0", "1-1-3000"):
        with pytest.raises(ValueError):
            typed_date(typed, today)
    assert typed_date("30-11-26", today) == date(2026, 11, 30)  # two digits: this century
    assert typed_date("30-11", today) == date(2026, 11, 30)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(
    "typed", ["0001-01-01 00:10", "9999-12-31 23:59", "1-1-1 00:00", "31-12-99999 12:00"]
)
async def test_a_meeting_date_at_the_edges_is_unreadable_not_a_crash(
    new_world: WorldFactory, typed: str
) -> None:
    world = await new_world()
    asked = await meeting_date_question(world)
    await refused_answer(world, "bram", typed, "meeting.date_unreadable", asked=asked)
    world.assert_sound()


# --- webhook: an update PTB cannot read --------------------------------------------------------


def test_an_unreadable_webhook_update_is_logged_without_its_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from telegram.ext._utils import webhookhandler

    from bot.logs import configure_logging

    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging(Settings(_env_file=None, telegram_bot_token="1:x"))  # type: ignore[call-arg]
        data = {"update_id": 1, "message": {"text": "Mijn melding over Bram", "chat": "x"}}
        try:
            raise ValueError(f"bad {data!r}")
        except ValueError as exc:
            # exactly what PTB's webhook handler logs when `Update.de_json` fails
            webhookhandler._LOGGER.critical(
                "Something went wrong processing the data received from Telegram. "
                "Received data was *not* processed! Received data was: %r",
                data,
                exc_info=exc,
            )
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    output = stream.getvalue()
    assert "could not be read" in output
    assert "Mijn melding" not in output and "Bram" not in output


# --- the token at start-up ----------------------------------------------------------------------


def run_bot(tmp_path: Path, base_url: str, token: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huisbot.db'}",
        "LOG_LEVEL": "DEBUG",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_rejected_token_is_one_line_without_the_token(tmp_path: Path) -> None:
    from bot.clock import ManualClock
    from tests.fake_telegram import FakeTelegram
    from tests.fake_telegram.http import FakeTelegramServer

    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    server = FakeTelegramServer(world)
    wrong = "999999:WrongTokenThatMustNotBePrinted_0123456789"
    with server.running():
        done = run_bot(tmp_path, server.base_url, wrong)
    output = done.stdout + done.stderr
    assert done.returncode == 3, output
    assert "token rejected by the server" in output
    assert "WrongTokenThatMustNotBePrinted" not in output and "999999" not in output
    assert "Traceback" not in output


def test_an_unreachable_bot_api_is_one_line_naming_the_host(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "123456:SecretTokenNeverPrinted_abcdefghij"
    done = run_bot(tmp_path, f"http://127.0.0.1:{port}/bot", token)
    output = done.stdout + done.stderr
    assert done.returncode == 4, output
    assert f"cannot reach the Bot API at 127.0.0.1:{port}" in output
    assert "SecretTokenNeverPrinted" not in output and "Traceback" not in output
