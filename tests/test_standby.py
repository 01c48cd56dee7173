"""The standby: two real `huisbot run` processes on one PostgreSQL database, against the fake
Telegram over HTTP; and one process only on SQLite."""

from __future__ import annotations

import itertools
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bench.common import TaskShape, populate
from bot.clock import ManualClock
from bot.storage.db import Database
from bot.storage.rota_models import RotaTurn
from tests.conftest import _postgres_database
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.http import FakeTelegramServer

ROOT = Path(__file__).resolve().parent.parent


class GatedServer(FakeTelegramServer):
    """The fake Telegram, holding every sendMessage until the test opens the gate; it also
    records when each getUpdates call started and ended."""

    def __init__(self, world: FakeTelegram) -> None:
        self.gate = threading.Event()
        self.polls: list[tuple[float, float]] = []
        super().__init__(world)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler_class()
        server = self

        class Gated(base):  # type: ignore[valid-type,misc]
            def do_POST(self) -> None:
                if self.path.endswith("/sendMessage"):
                    server.gate.wait()
                started = time.monotonic()
                super().do_POST()
                if self.path.endswith("/getUpdates"):
                    server.polls.append((started, time.monotonic()))

        return Gated


class Process:
    """A `huisbot run` subprocess whose output lines are collected by a thread."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.popen.stdout is not None
        threading.Thread(target=self._read, args=(self.popen.stdout,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.output.append(line)
            self.lines.put(line)

    def wait_for_line(self, text: str, timeout: float) -> float | None:
        """Wait for a line containing `text`; the moment it was read (monotonic), or None."""
        if any(text in line for line in self.output):
            return time.monotonic()
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                return None
            if text in line:
                return time.monotonic()
        return None

    def stop(self) -> str:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        return "".join(self.output)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    for url in _postgres_database():
        Database(url).upgrade()
        yield url


HOUSES = 90


@pytest.mark.xfail(reason="sends queued after the commit are lost on kill -9 (next commit)")
def test_kill_9_during_a_burst_the_standby_takes_over(postgres_url: str, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    local = now.astimezone(ZoneInfo("Europe/Amsterdam"))
    minute = local.hour * 60 + local.minute - 10  # the reminders fell due 10 minutes ago
    if minute < 0:
        pytest.skip("too close to midnight in Amsterdam for a reminder due 10 minutes ago")
    world = FakeTelegram(clock=ManualClock(now), bot_username="HuisBot")
    populated = populate(
        postgres_url,
        world,
        houses=HOUSES,
        members=2,
        tasks=lambda _n: [TaskShape("afval", minute)],
        now=now,
        plan_at=now - timedelta(hours=2),
    )
    groups = {house.group.id for house in populated.houses}
    server = GatedServer(world)

    def reminders() -> Counter[int]:
        return Counter(
            call.params["chat_id"]
            for call in world.calls_of("sendMessage")
            if call.ok and call.params.get("chat_id") in groups
        )

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": postgres_url,
        "STANDBY_INTERVAL": "0.5",
        "LOG_LEVEL": "INFO",
    }
    with server.running():
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        first = Process(env, tmp_path)
        second: Process | None = None
        try:
            # The first process holds the lock and starts; its reminders wait at the gate.
            assert first.wait_for_line("Huisbot started", timeout=60), first.stop()
            second = Process(env, tmp_path)
            assert second.wait_for_line("standby: another huisbot process is active", 60), (
                second.stop()
            )
            server.gate.set()  # the burst
            assert server.wait_for(lambda _w: sum(reminders().values()) >= 10, timeout=60)
            first.popen.kill()  # kill -9, in the middle of the burst
            killed = time.monotonic()
            first.popen.wait(timeout=30)
            sent_by_first = sum(reminders().values())
            took_over = second.wait_for_line("Huisbot started", timeout=60)
            assert took_over is not None, second.stop()
            takeover = took_over - killed
            with Database(postgres_url).engine.connect() as connection:
                done = connection.execute(
                    select(RotaTurn.id).where(RotaTurn.group_done.is_(True))
                ).all()
            server.wait_for(lambda _w: sum(reminders().values()) >= HOUSES, timeout=30)
            time.sleep(1)  # anything sent twice would arrive now
        finally:
            output = first.stop() + (second.stop() if second else "")
    sent = reminders()
    twice = [chat for chat, count in sent.items() if count > 1]
    lost = groups - set(sent)
    print(
        f"\ntake-over after kill -9: {takeover:.2f} s (STANDBY_INTERVAL=0.5); "
        f"sent before the kill: {sent_by_first}; all sent: {len(sent)} of {HOUSES}; "
        f"twice: {len(twice)}; lost: {len(lost)}; turns done: {len(done)}"
    )
    assert not twice, output  # no reminder sent twice
    assert not lost, f"{len(lost)} reminders lost\n{output}"
    assert takeover < 30
    # Never two getUpdates at once (one process polls one call at a time).
    polls = sorted(server.polls)
    assert polls
    for (_start, end), (start, _end) in itertools.pairwise(polls):
        assert start >= end - 0.01
    world.assert_clean()


def test_on_sqlite_a_second_process_refuses_to_start(tmp_path: Path) -> None:
    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    server = FakeTelegramServer(world)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huisbot.db'}",
    }
    with server.running():
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        first = Process(env, tmp_path)
        try:
            assert first.wait_for_line("Huisbot started", timeout=60), first.stop()
            second = subprocess.run(
                [sys.executable, "-m", "bot", "run"],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            output = first.stop()
    assert second.returncode == 2, second.stderr
    assert second.stderr.strip().splitlines() == [
        "huisbot: Another huisbot process is already running on huisbot.db: stop it first "
        "(a standby that takes over needs PostgreSQL)."
    ]
    assert first.popen.returncode == 0, output


def test_the_active_process_stops_at_once_when_it_loses_its_lock(
    postgres_url: str, tmp_path: Path
) -> None:
    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    server = FakeTelegramServer(world)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": postgres_url,
        "STANDBY_INTERVAL": "0.5",
    }
    with server.running():
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        first = Process(env, tmp_path)
        try:
            assert first.wait_for_line("Huisbot started", timeout=60), first.stop()
            with Database(postgres_url).engine.connect() as connection:
                ended = connection.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'huisbot active lock'"
                ).all()
            assert ended == [(True,)]
            code = first.popen.wait(timeout=10)
        finally:
            output = first.stop()
    assert code == 75, output
    assert "Lost the database connection that holds the active lock" in output
