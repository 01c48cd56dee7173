"""The database: engine, one transaction per unit of work, and the schema's migration state."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

# Before a purge rewrites tables: another transaction of this database that holds a snapshot.
OLDER_SNAPSHOTS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL"
)
PURGE_WAIT_TRIES = 100
PURGE_WAIT_STEP = 0.05  # seconds

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaState(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OUTDATED = "outdated"


def make_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    # A failed statement's error (and its log line) must not carry what people typed.
    engine = create_engine(url, hide_parameters=True, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # Deleted rows are overwritten, not left in free pages: a closed secret poll's
            # choices must not be recoverable from the file.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


class Database:
    """Owns the engine. `transaction()` is the only place that commits.

    Transactions are serialised with one asyncio lock: handlers and jobs run on one event loop
    with a synchronous driver, so two interleaved write transactions would only wait on each
    other (and on SQLite deadlock the loop). Updates are short; the lock costs nothing real.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        async with self._lock:
            session = self._sessions()
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    async def purge(self, tables: Iterable[str]) -> None:
        """After personal data was deleted (`/forgetme`), let no copy of it stay in the
        database's files. SQLite: checkpoint the WAL into the main file and truncate it (the
        old page images go; `secure_delete` has zeroed what was deleted). PostgreSQL: rewrite
        `tables` (VACUUM FULL: a plain VACUUM leaves the dead bytes in the pages' free space)."""
        names = sorted(set(tables))
        async with self._lock:
            if self.engine.dialect.name == "sqlite":
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                return
            with self.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            ) as connection:
                # A transaction that began before the deletion (outside this process's lock,
                # e.g. another process's) still sees the deleted rows, and VACUUM FULL keeps
                # them for it: wait (a few seconds at most) until none holds such a snapshot.
                for _ in range(PURGE_WAIT_TRIES):
                    if not connection.exec_driver_sql(OLDER_SNAPSHOTS).scalar():
                        break
                    await asyncio.sleep(PURGE_WAIT_STEP)
                else:
                    log.warning(
                        "purge: another transaction keeps old rows visible; rewriting anyway"
                    )
                for name in names:
                    quoted = self.engine.dialect.identifier_preparer.quote(name)
                    connection.exec_driver_sql(f"VACUUM FULL {quoted}")

    def schema_state(self) -> SchemaState:
        with self.engine.connect() as connection:
            if not inspect(connection).get_table_names():
                return SchemaState.EMPTY
            current = set(MigrationContext.configure(connection).get_current_heads())
        heads = set(ScriptDirectory.from_config(alembic_config(self.engine)).get_heads())
        return SchemaState.CURRENT if current == heads else SchemaState.OUTDATED

    def upgrade(self, revision: str = "head") -> None:
        """Migrate to `revision`; by default the one head. Branches of the migrations are joined
        by a merge revision, so "head" fails loudly (alembic's MultipleHeads) on an unmerged one."""
        command.upgrade(alembic_config(self.engine), revision)

    def dispose(self) -> None:
        self.engine.dispose()
