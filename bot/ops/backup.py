"""`huisbot backup PATH`: a consistent copy of the database, safe while the bot runs.

SQLite: SQLite's online backup (`sqlite3.Connection.backup`), page by page, a snapshot even while
the bot writes. PostgreSQL: `pg_dump -Fc` (one transaction, a snapshot), restored with
`pg_restore`. The file is created readable by its owner only (0600): it holds everything the
bot stores — see README, "Backups".
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import Settings, SettingsError


def backup(settings: Settings, path: str | Path) -> str:
    """Write the copy to `path` (which must not exist); the line to show."""
    target = Path(path)
    if target.exists():
        raise SettingsError(f"{target} exists already: give a new file name")
    if not target.parent.is_dir():
        raise SettingsError(f"{target.parent} is not a directory")
    url = make_url(settings.database_url)
    # Created empty, for the owner only, before anything is written into it.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if url.get_backend_name() == "sqlite":
            backup_sqlite(url.database or "", target)
        else:
            backup_postgresql(settings.database_url, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    size = target.stat().st_size
    return f"Backup written to {target} ({size:,} bytes). It holds private data: keep it safe."


def backup_sqlite(database: str, target: Path) -> None:
    if not database or not Path(database).is_file():
        raise SettingsError(f"no SQLite database at {database or '(memory)'}")
    source = sqlite3.connect(f"file:{Path(database).resolve()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()


def backup_postgresql(database_url: str, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise SettingsError(
            "pg_dump is not installed: install the PostgreSQL client (apt-get install "
            "postgresql-client)"
        )
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:  # not on the command line, where `ps` would show it
        env["PGPASSWORD"] = str(url.password)
    dbname = url.set(drivername="postgresql", password=None).render_as_string()
    result = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", "--file", str(target), "--dbname", dbname],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise SettingsError(f"pg_dump failed: {last}")
