"""`huisbot run` for real: a subprocess polling the fake Telegram over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.clock import ManualClock
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.http import FakeTelegramServer


def test_huisbot_run_polls_answers_and_never_logs_the_token(tmp_path: Path) -> None:
    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    anna = world.add_user("Anna")
    group = world.add_group("De Boog", members=[anna], admins=[anna], bot_in_group=False)
    server = FakeTelegramServer(world)
    server.push(world.bot_added(group, anna, False))
    server.push(world.message_update(world.user_message(anna, group, "/setup")))

    def settings_shown(w: FakeTelegram) -> bool:
        return any(m.text.startswith("Instellingen van De Boog") for m in w.messages(group))

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "TELEGRAM_API_BASE_URL": "",  # set below, once the server has its port
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huisbot.db'}",
        "LOG_LEVEL": "DEBUG",
    }
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
        try:
            shown = server.wait_for(settings_shown, timeout=60)
        finally:
            process.send_signal(signal.SIGINT)
            output, _ = process.communicate(timeout=60)
    assert shown, output
    assert process.returncode == 0, output
    assert world.commands("all_private_chats", "nl")  # post_init published the menus
    assert "Huisbot started as @HuisBot" in output
    assert "/setup" not in output and "De Boog" not in output  # no message text, even at DEBUG
    assert world.token not in output
    assert world.token.partition(":")[2] not in output
    world.assert_clean()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_webhook_mode_checks_the_secret_and_logs_one_line_per_update(tmp_path: Path) -> None:
    import json
    import urllib.error
    import urllib.request

    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    anna = world.add_user("Anna")
    group = world.add_group("De Boog", members=[anna], admins=[anna], bot_in_group=False)
    server = FakeTelegramServer(world)
    port, secret = free_port(), "s3cret-webhook-token-1234"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huisbot.db'}",
        "MODE": "webhook",
        "WEBHOOK_URL": "https://bot.example.org/telegram/hook",
        "WEBHOOK_SECRET": secret,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "LOG_FORMAT": "json",
    }

    def post(update: dict[str, object], token: str | None) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/telegram/hook",
            data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json"}
            | ({"X-Telegram-Bot-Api-Secret-Token": token} if token else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

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
            for line in process.stdout:  # blocks until the bot says it listens
                seen.append(line)
                if "webhook server listening" in line:
                    break
            hook = world.calls_of("setWebhook")[0].params
            assert hook["url"] == "https://bot.example.org/telegram/hook"
            assert hook["secret_token"] == secret
            added = world.bot_added(group, anna, False)
            assert post(added[0], None) == 403
            assert post(added[0], "wrong-secret-token-0000") == 403
            assert post(added[0], secret) == 200
            greeted = server.wait_for(
                lambda w: any(m.text.startswith("Hallo allemaal") for m in w.messages(group)),
                timeout=60,
            )
        finally:
            process.send_signal(signal.SIGTERM)
            rest, _ = process.communicate(timeout=60)
            output = "".join(seen) + rest
    assert greeted, output
    assert process.returncode == 0, output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    rejected = [entry for entry in lines if "rejected (403)" in entry["message"]]
    assert len(rejected) == 2 and all(e["level"] == "WARNING" for e in rejected)
    handled = [entry for entry in lines if entry["message"] == "update handled"]
    assert handled and handled[0]["kind"] == "my_chat_member" and handled[0]["outcome"] == "ok"
    assert isinstance(handled[0]["ms"], float)
    assert secret not in output and "wrong-secret-token" not in output
    assert world.token not in output
