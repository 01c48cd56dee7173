"""Reading a database the way someone with a copy of its files would: every committed state a
copy of SQLite's main file and WAL can be replayed to, and every tuple (live or dead) in
PostgreSQL's heap pages (`pageinspect`). Used by tests/test_secret_ballot_disk.py."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.storage.db import Database
from tests.conftest import _postgres_database

WAL_HEADER = 32
FRAME_HEADER = 24


@dataclass(frozen=True)
class Copy:
    """The files of a SQLite database as copied at one moment."""

    label: str
    main: bytes
    wal: bytes

    @property
    def raw(self) -> bytes:
        return self.main + self.wal


def copy_sqlite(path: Path, label: str) -> Copy:
    wal = Path(f"{path}-wal")
    return Copy(label, path.read_bytes(), wal.read_bytes() if wal.exists() else b"")


def commit_ends(wal: bytes) -> list[int]:
    """Byte offsets in the WAL just after each valid commit frame: a reader of the copy sees
    the database as it was after each of those commits."""
    if len(wal) < WAL_HEADER:
        return []
    page_size = struct.unpack(">I", wal[8:12])[0]
    salts = wal[16:24]
    ends: list[int] = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(wal):
        header = wal[offset : offset + FRAME_HEADER]
        if header[8:16] != salts:
            break  # frames of an older generation of the WAL: not part of this one
        offset += FRAME_HEADER + page_size
        if struct.unpack(">I", header[4:8])[0]:
            ends.append(offset)
    return ends


def replay(copy: Copy, workdir: Path) -> list[dict[str, list[dict[str, Any]]]]:
    """Every committed state the copy holds: the main file alone, then the main file with
    the WAL up to each commit. Each state: table name -> rows (as dicts)."""
    states = []
    for number, end in enumerate([0, *commit_ends(copy.wal)]):
        folder = workdir / f"{copy.label}-{number}"
        folder.mkdir(parents=True)
        db = folder / "huisbot.db"
        db.write_bytes(copy.main)
        if end:
            Path(f"{db}-wal").write_bytes(copy.wal[:end])
        connection = sqlite3.connect(db)
        connection.row_factory = sqlite3.Row
        try:
            tables = [
                r[0]
                for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            states.append(
                {t: [dict(r) for r in connection.execute(f'SELECT * FROM "{t}"')] for t in tables}
            )
        finally:
            connection.close()
        shutil.rmtree(folder)
    return states


@dataclass
class Pages:
    """Every heap page of every table of a PostgreSQL database, with its tuples (live and
    dead, whatever `heap_page_items` shows)."""

    raw: dict[str, bytes] = field(default_factory=dict)  # table -> its pages, concatenated
    tuples: dict[str, int] = field(default_factory=dict)  # table -> tuples in its pages

    def tables_holding(self, needle: bytes) -> set[str]:
        return {table for table, data in self.raw.items() if needle in data}


def postgres_pages(database: Database) -> Pages:
    pages = Pages()
    with database.engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        for table in list(tables):
            blocks = connection.execute(
                text(
                    "SELECT pg_relation_size(CAST(:t AS regclass)) "
                    "/ current_setting('block_size')::int"
                ),
                {"t": table},
            ).scalar_one()
            raw = b""
            count = 0
            for block in range(int(blocks)):
                page = connection.execute(
                    text("SELECT get_raw_page(:t, :b)"), {"t": table, "b": block}
                ).scalar_one()
                raw += bytes(page)
                count += connection.execute(
                    text(
                        "SELECT count(*) FROM heap_page_items(get_raw_page(:t, :b)) "
                        "WHERE lp_len > 0"
                    ),
                    {"t": table, "b": block},
                ).scalar_one()
            pages.raw[table] = raw
            pages.tuples[table] = int(count)
    return pages


@pytest.fixture(params=["sqlite", "postgresql"])
def file_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh database of its own, in files nobody else wrote to."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'huisbot.db'}")
        database.upgrade()
        yield database
        database.dispose()
        return
    for url in _postgres_database():
        database = Database(url)
        database.upgrade()
        yield database
        database.dispose()
