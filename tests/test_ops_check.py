"""`huisbot check`: one line, exit 0 or 1, on both databases, against the fake Telegram over
HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.http import FakeTelegramServer
from tests.ops_helpers import empty_url, huisbot

__all__ = ["empty_url"]  # the fixture, used by name

HOOK = "https://bot.example.org/telegram/hook"
SECRET = "s3cret-webhook-token-1234"


@pytest.fixture
def telegram() -> Iterator[FakeTelegramServer]:
    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    server = FakeTelegramServer(world)
    with server.running():
        yield server


def check(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
    database_url: str,
    **env: str,
) -> tuple[int, str]:
    settings = {
        "TELEGRAM_BOT_TOKEN": telegram.world.token,
        "TELEGRAM_API_BASE_URL": telegram.base_url,
        "DATABASE_URL": database_url,
        **env,
    }
    code, out, err = huisbot(monkeypatch, capsys, tmp_path, "check", **settings)
    lines = out + err
    assert len(lines) == 1, lines  # one line, always
    assert telegram.world.token.partition(":")[2] not in lines[0]
    assert SECRET not in lines[0]
    return code, lines[0]


def test_a_migrated_database_and_an_accepted_token_are_ok(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
    database_url: str,
) -> None:
    code, line = check(monkeypatch, capsys, tmp_path, telegram, database_url)
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    assert (code, line) == (
        0,
        f"ok: {kind} database migrated, @HuisBot accepted by the Bot API, polling, no webhook",
    )
    assert [c.method for c in telegram.world.calls] == ["getMe", "getWebhookInfo"]


def test_a_database_not_migrated_is_not_ok(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
    empty_url: str,
) -> None:
    code, line = check(monkeypatch, capsys, tmp_path, telegram, empty_url)
    assert (code, line) == (
        1,
        "not ok: the database schema is empty: run `huisbot db upgrade`",
    )
    assert telegram.world.calls == []  # the database comes first


def test_an_unreachable_database_is_not_ok(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
) -> None:
    url = "postgresql+psycopg://huisbot:pw-not-shown@127.0.0.1:1/huisbot?connect_timeout=2"
    code, line = check(monkeypatch, capsys, tmp_path, telegram, url)
    assert code == 1
    assert line.startswith("not ok: the postgresql database is not reachable (")
    assert "pw-not-shown" not in line


def test_a_rejected_token_is_not_ok(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
    database_url: str,
) -> None:
    code, line = check(
        monkeypatch,
        capsys,
        tmp_path,
        telegram,
        database_url,
        TELEGRAM_BOT_TOKEN="123:REVOKED-TOKEN",
    )
    assert (code, line) == (1, "not ok: the Bot API rejected the token (ask @BotFather)")
    assert "REVOKED" not in line


def test_the_webhook_must_be_as_configured(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
    database_url: str,
) -> None:
    webhook = {"MODE": "webhook", "WEBHOOK_URL": HOOK, "WEBHOOK_SECRET": SECRET}
    # Webhook mode, but Telegram has none (the bot has not run yet, or someone removed it).
    code, line = check(monkeypatch, capsys, tmp_path, telegram, database_url, **webhook)
    assert (code, line) == (
        1,
        "not ok: MODE=webhook but Telegram has no webhook for @HuisBot; "
        "`huisbot run` sets it at start",
    )
    telegram.world.webhook_url = "https://old.example.org/hook"
    code, line = check(monkeypatch, capsys, tmp_path, telegram, database_url, **webhook)
    assert code == 1 and "Telegram has another webhook for @HuisBot" in line
    telegram.world.webhook_url = HOOK
    code, line = check(monkeypatch, capsys, tmp_path, telegram, database_url, **webhook)
    assert code == 0 and line.endswith("accepted by the Bot API, webhook set as configured")
    # Polling mode while Telegram still calls a webhook: no update would arrive.
    code, line = check(monkeypatch, capsys, tmp_path, telegram, database_url)
    assert (code, line) == (
        1,
        "not ok: MODE=polling but Telegram has a webhook for @HuisBot; "
        "`huisbot run` removes it at start",
    )


def test_a_missing_token_is_not_ok(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    telegram: FakeTelegramServer,
    database_url: str,
) -> None:
    code, line = check(monkeypatch, capsys, tmp_path, telegram, database_url, TELEGRAM_BOT_TOKEN="")
    assert code == 1 and line.startswith("not ok: TELEGRAM_BOT_TOKEN is not set")


def test_healthz_in_webhook_mode_answers_without_the_secret(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    from tests.test_run import free_port

    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    server = FakeTelegramServer(world)
    port = free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huisbot.db'}",
        "MODE": "webhook",
        "WEBHOOK_URL": HOOK,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
    }

    def get(path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
                return int(answer.status), answer.read()
        except urllib.error.HTTPError as error:
            return int(error.code), b""

    with server.running():
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        seen: list[str] = []
        try:
            assert process.stdout is not None
            for line in process.stdout:
                seen.append(line)
                if "webhook server listening" in line:
                    break
            health = get("/healthz")
            hook = get("/telegram/hook")  # PTB's own route: still there, still PTB's
        finally:
            process.send_signal(signal.SIGTERM)
            rest, _ = process.communicate(timeout=60)
    output = "".join(seen) + rest
    assert health == (200, b"ok\n"), output
    assert hook[0] == 405  # the webhook takes POST only (and then the secret)
    assert process.returncode == 0, output
