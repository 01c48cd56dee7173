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
    assert world.token not in output
    assert world.token.partition(":")[2] not in output
    world.assert_clean()
