"""Migration 0014w: a rota pause becomes "even weg" on the member (with its first day back),
on SQLite and PostgreSQL; the rota's own columns go."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, inspect, select

from bot.storage.db import Database
from tests.conftest import _postgres_database
from tests.test_sealed_ballots_migration import add


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0013(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    urls = (
        iter([f"sqlite:///{tmp_path / 'huisbot.db'}"])
        if request.param == "sqlite"
        else _postgres_database()
    )
    for url in urls:
        database = Database(url)
        database.upgrade("0013")
        yield database
        database.dispose()


def test_a_rota_pause_becomes_even_weg(at_0013: Database) -> None:
    engine = at_0013.engine
    house = add(engine, "houses", group_chat_id=-100, link_token="t", language="nl")
    members = []
    for n in range(3):
        person = add(engine, "people", telegram_id=1000 + n, first_name=f"P{n}")
        members.append(add(engine, "members", house_id=house, person_id=person))
    back = date(2026, 12, 7)
    add(engine, "rota_people", house_id=house, member_id=members[0], paused=True, back_on=back)
    add(engine, "rota_people", house_id=house, member_id=members[1], paused=True, back_on=None)
    add(engine, "rota_people", house_id=house, member_id=members[2], paused=False, capacity=2)

    at_0013.upgrade("0014w")

    table = Table("members", MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        rows = connection.execute(
            select(table.c.id, table.c.away, table.c.away_back_on, table.c.checkin_off).order_by(
                table.c.id
            )
        ).all()
    assert [(r.away, r.away_back_on, r.checkin_off) for r in rows] == [
        (True, back, False),
        (True, None, False),
        (False, None, False),
    ]
    columns = {c["name"] for c in inspect(engine).get_columns("rota_people")}
    assert "paused" not in columns and "back_on" not in columns and "capacity" in columns
