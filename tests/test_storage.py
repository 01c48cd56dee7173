"""The schema: migrations match the models, on both databases; times are stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.storage.db import Database, SchemaState
from bot.storage.models import House
from bot.storage.schema import load_models


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


def test_sqlite_overwrites_deleted_rows(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with database.engine.connect() as connection:
        from sqlalchemy import text

        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_upgrading_a_house_from_the_first_schema_keeps_it(tmp_path: object) -> None:
    from pathlib import Path

    from sqlalchemy import text

    assert isinstance(tmp_path, Path)
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    database.upgrade("0001")
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO houses (name, timezone, language, group_chat_id, active, "
                "link_token, created_at) VALUES ('Oud', 'Europe/Amsterdam', 'nl', -5, 1, 'tk', "
                "'2026-01-01 10:00:00')"
            )
        )
    assert database.schema_state() == SchemaState.OUTDATED
    database.upgrade()
    assert database.schema_state() == SchemaState.CURRENT
    with database.engine.connect() as connection:
        row = connection.execute(
            text("SELECT name, poll_days, quorum_percent, reminder_hours FROM houses")
        ).one()
    assert tuple(row) == ("Oud", 3, 50, "24,1")
