"""The standby: two real `huisbot run` processes on one PostgreSQL database, against the fake
Telegram over HTTP; and one process only on SQLite."""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bench.common import TaskShape, populate
from bot.clock import ManualClock
from bot.ops.standby import LOCK_KEY, conninfo
from bot.storage.db import Database
from bot.storage.ops_models import PendingSend
from tests.conftest import _postgres_database
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.http import FakeTelegramServer

ROOT = Path(__file__).resolve().parent.parent


class GatedServer(FakeTelegramServer):
    """The fake Telegram, answering only the first `limit` sends to a group while a limit is
    set: later ones hang unanswered, as Telegram does when the network is slow, and are dropped
    unseen when the test lets go (`drop_waiting`): the process that made them died meanwhile.
    It also records when each getUpdates call started and ended."""

    def __init__(self, world: FakeTelegram, limit: int) -> None:
        self.limit: int | None = limit
        self.sends = 0
        self.waiting = 0
        self.gate = threading.Event()
        self.polls: list[tuple[float, float]] = []
        self._count = threading.Lock()
        super().__init__(world)

    def drop_waiting(self) -> None:
        self.limit = None
        self.gate.set()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler_class()
        server = self

        class Gated(base):  # type: ignore[valid-type,misc]
            def a_reminder(self) -> bool:
                """Whether the call sends a group reminder (read ahead; the body stays
                readable). Only those wait: they are sent after their job's commit, while a
                send inside a transaction would hold the database for everyone."""
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.rfile = io.BytesIO(body)
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = {k: str(v) for k, v in json.loads(body or b"{}").items()}
                else:
                    params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                return params.get("chat_id", "").startswith("-") and REMINDER in params.get(
                    "text", ""
                )

            def do_POST(self) -> None:
                connection = self.rfile  # a_reminder reads ahead; the next call reads on
                try:
                    self.gated_post()
                finally:
                    self.rfile = connection

            def gated_post(self) -> None:
                if self.path.endswith("/sendMessage") and self.a_reminder():
                    with server._count:
                        held = server.limit is not None and server.sends >= server.limit
                        server.sends += 1
                        server.waiting += held
                    if held:
                        with server._lock:
                            server._lock.notify_all()  # for wait_for(waiting)
                        server.gate.wait()
                        self.close_connection = True
                        return  # never seen by Telegram
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


@contextmanager
def holding_the_lock(url: str) -> Iterator[Any]:
    """The test itself holds the active lock, so that both processes start as standbys."""
    connection = psycopg.connect(conninfo(make_url(url)), autocommit=True)
    try:
        connection.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        yield connection
    finally:
        connection.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    for url in _postgres_database():
        Database(url).upgrade()
        yield url


HOUSES = 90
REMINDER = "Vandaag afval"
ANSWERED = 10  # sends the fake Telegram answers before it stops answering


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
    server = GatedServer(world, limit=ANSWERED)

    def reminders() -> Counter[int]:
        return Counter(
            call.params["chat_id"]
            for call in world.calls_of("sendMessage")
            if call.ok and call.params.get("chat_id") in groups and REMINDER in call.params["text"]
        )

    def pending_for(chats: set[int]) -> set[int]:
        with Database(postgres_url).engine.connect() as connection:
            return set(
                connection.scalars(
                    select(PendingSend.chat_id).where(PendingSend.chat_id.in_(chats))
                ).all()
            )

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": world.token,
        "DATABASE_URL": postgres_url,
        "STANDBY_INTERVAL": os.environ.get("HUISBOT_TEST_STANDBY_INTERVAL", "0.5"),
        "LOG_LEVEL": "INFO",
    }
    with server.running(), holding_the_lock(postgres_url) as lock:
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        # Both processes start as standbys (the test holds the lock), then one takes over.
        processes = [Process(env, tmp_path), Process(env, tmp_path)]
        try:
            for process in processes:
                assert process.wait_for_line("standby: another huisbot", 60), process.stop()
            lock.close()
            deadline = time.monotonic() + 60
            while not any("now active" in "".join(p.output) for p in processes):
                assert time.monotonic() < deadline, [p.stop() for p in processes]
                time.sleep(0.05)
            first, second = sorted(processes, key=lambda p: "now active" not in "".join(p.output))
            # The burst: the first ANSWERED reminders are delivered, more are on their way.
            assert server.wait_for(lambda _w: server.waiting >= 5, timeout=60), first.stop()
            answered = set(reminders())
            deadline = time.monotonic() + 2  # the waiting sends time out after 5 s
            while pending_for(answered) and time.monotonic() < deadline:
                time.sleep(0.02)  # the first process hears Telegram's answers
            unheard = pending_for(answered)
            first.popen.kill()  # kill -9, with sends in flight and more waiting in the queue
            killed = time.monotonic()
            first.popen.wait(timeout=30)
            server.drop_waiting()
            sent_by_first = sum(reminders().values())
            took_over = second.wait_for_line("Huisbot started", timeout=60)
            assert took_over is not None, second.stop()
            takeover = took_over - killed
            server.wait_for(lambda _w: sum(reminders().values()) >= HOUSES, timeout=60)
            time.sleep(1)  # anything sent twice would arrive now
        finally:
            output = "".join(p.stop() for p in processes)
    sent = reminders()
    twice = [chat for chat, count in sent.items() if count > 1]
    lost = groups - set(sent)
    print(
        f"\ntake-over after kill -9: {takeover:.2f} s "
        f"(STANDBY_INTERVAL={env['STANDBY_INTERVAL']}); "
        f"sent before the kill: {sent_by_first}; all sent: {len(sent)} of {HOUSES}; "
        f"twice: {len(twice)} (answer not heard before the kill: {len(unheard)}); "
        f"lost: {len(lost)}"
    )
    assert sent_by_first == ANSWERED
    # Exactly once, but for a send Telegram took whose answer the killed process never heard
    # (under load its answers may still be on their way): that one is sent again.
    assert set(twice) <= unheard, output
    assert not lost, f"{len(lost)} reminders lost\n{output}"
    assert takeover < 30
    # Never two processes polling at once: every getUpdates of the standby starts after the
    # killed process's last one ended (a call in flight at the kill ends with the process; the
    # fake server notices a moment later). Within one process PTB may start its last short
    # call at shutdown while the long poll it gave up on is still held by the server.
    before = [min(end, killed) for start, end in server.polls if start < killed]
    after = [start for start, _end in server.polls if start >= killed]
    assert before and after
    assert min(after) >= max(before)
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
