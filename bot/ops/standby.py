"""One active process per database; on PostgreSQL a second one waits as a standby.

PostgreSQL: the active process holds a session-level advisory lock on a connection of its own,
kept open for as long as it runs. A second `huisbot run` on the same database tries to take the
lock every `STANDBY_INTERVAL` seconds and waits (one log line). When the active process dies
(kill -9, a crash, the machine) its connection drops and PostgreSQL releases the lock; when it
stops, it lets go of the lock after the bot has stopped. Either way the standby takes it, waits
two checks of the active process (see below) and starts: polling or the webhook, and the jobs,
rebuilt from the database like at every start.

The active process checks its lock connection every `check` seconds (a fifth of the interval,
at most 1 s). If that connection is gone — the database restarted, the network dropped, someone
ended the session — the lock is gone too and a standby may take over: the process stops AT ONCE
(exit code 75, like a crash: no update taken, no job run after that), so that two processes never
poll or remind at the same time. A supervisor (systemd, compose) starts it again, as a standby.

SQLite: one process only. An exclusive lock on a file next to the database (`huisbot.db.lock`),
held while the process runs and released by the operating system when it ends in any way; a
second process stops with one line.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import URL

from bot.settings import Settings, SettingsError
from bot.storage.db import Database

log = logging.getLogger(__name__)

# The advisory lock's key: "Huisbot" in ASCII, one key per database.
LOCK_KEY = int.from_bytes(b"Huisbot", "big")
LOST_EXIT_CODE = 75  # EX_TEMPFAIL: start again (as a standby)


def check_interval(interval: float) -> float:
    """How often the active process checks that it still holds the lock."""
    return min(1.0, interval / 5)


@contextlib.contextmanager
def active(
    settings: Settings, database: Database, *, on_lost: Callable[[], None] | None = None
) -> Iterator[None]:
    """Wait until this process may run the bot (PostgreSQL) or refuse to start (SQLite, when
    another process runs on the same file); hold that right until the block ends."""
    url = database.engine.url
    if url.get_backend_name() == "sqlite":
        with sqlite_lock(url.database):
            yield
        return
    hold = AdvisoryLock(url, settings.standby_interval, on_lost=on_lost or stop_at_once)
    hold.wait()
    try:
        yield
    finally:
        hold.release()


def take_over(settings: Settings, database: Database) -> None:
    """`active()` for the rest of the process: released at exit (and by the operating system
    on a kill)."""
    stack = contextlib.ExitStack()
    stack.enter_context(active(settings, database))
    atexit.register(stack.close)


@contextlib.contextmanager
def sqlite_lock(database: str | None) -> Iterator[None]:
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    import fcntl

    path = Path(database).resolve().with_name(Path(database).name + ".lock")
    handle: IO[str] = path.open("a")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SettingsError(
                f"Another huisbot process is already running on {Path(database).name}: stop it "
                "first (a standby that takes over needs PostgreSQL)."
            ) from None
        yield
    finally:
        handle.close()  # closing releases the lock


def stop_at_once() -> None:
    log.critical(
        "Lost the database connection that holds the active lock: stopping at once, so that "
        "a standby can take over."
    )
    for handler in logging.getLogger().handlers:
        handler.flush()
    os._exit(LOST_EXIT_CODE)


def conninfo(url: URL) -> str:
    """The SQLAlchemy URL as a libpq URI (psycopg's own connect)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class AdvisoryLock:
    """The PostgreSQL side: take the lock (waiting as a standby), then watch it."""

    def __init__(self, url: URL, interval: float, *, on_lost: Callable[[], None]) -> None:
        self.url = url
        self.interval = interval
        self.check = check_interval(interval)
        self.on_lost = on_lost
        self.connection: Any = None
        self._stop = threading.Event()
        self._use = threading.Lock()
        self._watcher: threading.Thread | None = None

    def connect(self) -> Any:
        import psycopg

        timeout_ms = max(1000, int(self.check * 2000))
        connection = psycopg.connect(
            conninfo(self.url),
            autocommit=True,
            connect_timeout=10,
            application_name="huisbot active lock",
            # A dead network is noticed by both ends within seconds, not hours.
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
            tcp_user_timeout=timeout_ms,
        )
        connection.execute("SET tcp_keepalives_idle = 5")
        connection.execute("SET tcp_keepalives_interval = 2")
        connection.execute("SET tcp_keepalives_count = 3")
        return connection

    def try_take(self) -> bool:
        if self.connection is None or self.connection.closed:
            self.connection = self.connect()
        row = self.connection.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
        return bool(row and row[0])

    def wait(self) -> None:
        started = time.monotonic()
        said = False
        while True:
            try:
                if self.try_take():
                    break
            except Exception as exc:  # the database is down: keep trying
                log.warning("standby: database not reachable (%s)", type(exc).__name__)
                with contextlib.suppress(Exception):
                    if self.connection is not None:
                        self.connection.close()
                self.connection = None
            if not said:
                log.info(
                    "standby: another huisbot process is active on this database; this one "
                    "waits and takes over when it stops (trying every %s s)",
                    f"{self.interval:g}",
                )
                said = True
            time.sleep(self.interval)
        if said:
            # A process that lost its connection stops within one check: give it two.
            time.sleep(2 * self.check)
            log.info(
                "standby: this process is now active (took over after %.1f s)",
                time.monotonic() - started,
            )
        self._watcher = threading.Thread(target=self._watch, name="huisbot-lock", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.check):
            with self._use:
                if self._stop.is_set():
                    return
                try:
                    self.connection.execute("SELECT 1")
                except Exception:
                    self.on_lost()
                    return

    def release(self) -> None:
        self._stop.set()
        with self._use, contextlib.suppress(Exception):
            self.connection.close()  # the lock goes with the session
        if self._watcher is not None:
            self._watcher.join(timeout=5)
