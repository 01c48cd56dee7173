"""The schema: migrations match the models, on both databases; times are stored in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.storage.db import Database, SchemaState, alembic_config
from bot.storage.models import House
from bot.storage.schema import load_models
from tests.conftest import _postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A new database of each kind that no migration has touched yet."""
    urls = (
        iter([f"sqlite:///{tmp_path / 'empty.db'}"])
        if request.param == "sqlite"
        else _postgres_database()
    )
    for url in urls:
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def test_migrations_build_exactly_the_models(database: Database) -> None:
    assert database.schema_state() == SchemaState.CURRENT
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, load_models()) == []


async def test_times_round_trip_as_aware_utc(database: Database) -> None:
    amsterdam = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 29, 2, 30, tzinfo=amsterdam)
    async with database.transaction() as session:
        session.add(
            House(
                name="X",
                timezone="Europe/Amsterdam",
                language="nl",
                group_chat_id=-1,
                active=True,
                link_token="tok",
                created_at=moment,
            )
        )
    async with database.transaction() as session:
        house = session.query(House).one()
        assert house.created_at == moment
        assert house.created_at.tzinfo == UTC


async def test_a_failed_unit_of_work_leaves_nothing(database: Database) -> None:
    try:
        async with database.transaction() as session:
            session.add(
                House(
                    name="X",
                    timezone="UTC",
                    language="nl",
                    group_chat_id=-2,
                    active=True,
                    link_token="t2",
                    created_at=datetime.now(UTC),
                )
            )
            session.flush()
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with database.transaction() as session:
        assert session.query(House).count() == 0


def test_sqlite_overwrites_deleted_rows(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1


def _insert_old_house(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO houses (name, timezone, language, group_chat_id, active, "
                "link_token, created_at) VALUES ('Oud', 'Europe/Amsterdam', 'nl', -5, TRUE, "
                "'tk', '2026-01-01 10:00:00')"
            )
        )


def _current_revisions(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def _script(database: Database) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(database.engine))


def test_the_migrations_have_exactly_one_head() -> None:
    database = Database("sqlite://")
    script = _script(database)
    database.dispose()
    heads = script.get_heads()
    assert len(heads) == 1, f"merge the migration heads {heads} with a merge revision"
    below_head = {r.revision for r in script.iterate_revisions(heads[0], "base")}
    assert below_head == {r.revision for r in script.walk_revisions()}


def test_upgrading_a_house_from_the_first_schema_keeps_it(empty_database: Database) -> None:
    database = empty_database
    database.upgrade("0001")
    _insert_old_house(database)
    assert database.schema_state() == SchemaState.OUTDATED
    database.upgrade()
    assert database.schema_state() == SchemaState.CURRENT
    with database.engine.connect() as connection:
        row = connection.execute(
            text("SELECT name, poll_days, quorum_percent, reminder_hours FROM houses")
        ).one()
    assert tuple(row) == ("Oud", 3, 50, "24,1")


def test_a_database_at_the_four_branch_heads_is_upgraded_to_the_one_head(
    empty_database: Database,
) -> None:
    """As a database migrated before the merge revision existed: at 0003, 0004, 0005 and 0006.
    It is outdated until upgraded; the upgrade changes no table and keeps the data."""
    database = empty_database
    branches = {"0003", "0004", "0005", "0006"}
    for branch in sorted(branches):
        database.upgrade(branch)
    assert _current_revisions(database) == branches
    _insert_old_house(database)
    assert database.schema_state() == SchemaState.OUTDATED
    database.upgrade()
    assert database.schema_state() == SchemaState.CURRENT
    assert _current_revisions(database) == set(_script(database).get_heads())
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM houses")).scalar_one() == "Oud"
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, load_models()) == []
