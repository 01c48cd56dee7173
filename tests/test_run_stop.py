"""`huisbot run` stops quickly on SIGTERM whatever is queued (issue 15): a subprocess polling the
fake Telegram over HTTP, its group's message budget spent and replies waiting in the rate
limiter; SIGTERM; it is gone within the grace period and says how many sends it dropped."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.clock import ManualClock
from bot.shutdown import GRACE
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.http import FakeTelegramServer

COMMANDS = ["/hulp", "/leden", "/agenda", "/rooster", "/regels", "/besluiten", "/vergadering"]
STOPPED_WITHIN = 5.0  # seconds: `docker stop` kills after 10


def test_sigterm_with_a_full_group_budget_stops_within_the_grace_period(tmp_path: Path) -> None:
    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    people = [world.add_user(f"Bewoner {n}") for n in range(1, 9)]
    group = world.add_group("De Boog", members=people, admins=people[:1], bot_in_group=False)
    server = FakeTelegramServer(world)
    server.push(world.bot_added(group, people[0], False))
    server.push(world.message_update(world.user_message(people[0], group, "/setup")))

    def group_sends(w: FakeTelegram) -> int:
        return sum(
            1
            for c in w.calls
            if c.method == "sendMessage" and c.ok and c.params.get("chat_id") == group.id
        )

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huisbot.db'}",
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
            assert server.wait_for(lambda w: group_sends(w) >= 2, timeout=60)
            for person in people:  # 56 replies asked for; the bot's first minute allows 5
                for command in COMMANDS:
                    server.push(world.message_update(world.user_message(person, group, command)))
            assert server.wait_for(lambda w: group_sends(w) >= 5, timeout=60)
            time.sleep(1.0)  # the rest is queued in the rate limiter
            sent_before = group_sends(world)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=30)
            took = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    print(f"huisbot run stopped {took:.2f} s after SIGTERM (grace {GRACE} s)")
    print("\n".join(line for line in output.splitlines() if "bot.shutdown" in line))
    assert process.returncode == 0, output
    assert took < STOPPED_WITHIN, output
    assert group_sends(world) - sent_before <= 1, output  # queued replies were not sent
    dropped = re.search(r"Grace period over: (\d+) queued sends dropped", output)
    assert dropped and int(dropped.group(1)) >= 1, output
    assert "Huisbot stopped" in output
    assert "Traceback" not in output, output
    world.assert_clean()
