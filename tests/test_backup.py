"""`huisbot backup PATH` on both databases, and the restore drill of README."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.storage.db import Database, SchemaState
from bot.storage.models import House, Person
from tests import conftest
from tests.conftest import _postgres_database
from tests.ops_helpers import huisbot


def restore(backup: Path, database_url: str, tmp_path: Path) -> list[str]:
    """The restore drill: the copy into a fresh database; what it holds, as house names."""
    if database_url.startswith("sqlite"):
        fresh = tmp_path / "restored.db"
        shutil.copyfile(backup, fresh)  # restoring SQLite: the copy is the database
        return read_back(f"sqlite:///{fresh}")
    for url in _postgres_database():
        target = make_url(url).set(drivername="postgresql").render_as_string()
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", target, str(backup)],
            check=True,
            capture_output=True,
        )
        return read_back(url)
    raise AssertionError("no database")


def read_back(url: str) -> list[str]:
    database = Database(url)
    try:
        assert database.schema_state() == SchemaState.CURRENT
        with database.engine.connect() as connection:
            names = connection.scalars(select(House.name)).all()
            assert connection.scalars(select(Person.first_name)).all()
        return list(names)
    finally:
        database.dispose()


async def test_backup_and_restore_drill(
    house: conftest.House,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    if database_url.startswith("postgresql") and shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is missing: CI installs postgresql-client (.ci/run)")
    target = tmp_path / "huisbot-backup"
    code, out, err = huisbot(
        monkeypatch, capsys, tmp_path, "backup", str(target), DATABASE_URL=database_url
    )
    assert (code, err) == (0, []), err
    assert len(out) == 1 and out[0].startswith(f"Backup written to {target} (")
    assert out[0].endswith("It holds private data: keep it safe.")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the owner's only
    assert restore(target, database_url, tmp_path) == [house.group.title]


def test_backup_never_overwrites(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    target = tmp_path / "exists.db"
    target.write_text("an older backup")
    code, out, err = huisbot(
        monkeypatch, capsys, tmp_path, "backup", str(target), DATABASE_URL=database_url
    )
    assert (code, out) == (2, [])
    assert err == [f"huisbot: {target} exists already: give a new file name"]
    assert target.read_text() == "an older backup"


def test_a_failed_backup_leaves_no_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "never.dump"
    url = "postgresql+psycopg://huisbot:pw-not-shown@127.0.0.1:1/huisbot"
    code, _, err = huisbot(monkeypatch, capsys, tmp_path, "backup", str(target), DATABASE_URL=url)
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith(("huisbot: pg_dump failed: ", "huisbot: pg_dump is not installed"))
    assert "pw-not-shown" not in err[0]
    assert not target.exists()
