"""Migration 0010: a secret poll that is open during the upgrade keeps its votes (counted into
the carried counts, the reasons shuffled into the poll) and loses its choice rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, DateTime, Engine, Integer, MetaData, Table, insert, select

from bot.storage.db import Database
from tests.conftest import _postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0007(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    urls = (
        iter([f"sqlite:///{tmp_path / 'huisbot.db'}"])
        if request.param == "sqlite"
        else _postgres_database()
    )
    for url in urls:
        database = Database(url)
        database.upgrade("0007")
        yield database
        database.dispose()


def add(engine: Engine, table_name: str, **values: Any) -> int:
    """A row with `values`; every other required column gets a plain value of its type."""
    table = Table(table_name, MetaData(), autoload_with=engine)
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        if isinstance(column.type, Boolean):
            row[column.name] = False
        elif isinstance(column.type, Integer):
            row[column.name] = 1
        elif isinstance(column.type, DateTime):
            row[column.name] = datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None)
        else:
            row[column.name] = f"{table_name}-{column.name}-{len(values)}"[:20]
    with engine.begin() as connection:
        key = connection.execute(insert(table).values(**row)).inserted_primary_key
    assert key is not None
    return int(key[0])


def test_an_open_secret_poll_keeps_its_votes_through_the_upgrade(at_0007: Database) -> None:
    engine = at_0007.engine
    house = add(engine, "houses", group_chat_id=-100, link_token="t", language="nl")
    members = []
    for n in range(3):
        person = add(engine, "people", telegram_id=1000 + n, first_name=f"P{n}")
        members.append(add(engine, "members", house_id=house, person_id=person))
    polls = {}
    for secret in (True, False):
        polls[secret] = add(
            engine,
            "polls",
            house_id=house,
            question="Stilte na 23:00?",
            kind="consent",
            state="open",
            secret=secret,
        )
    options = {
        (secret, position): add(
            engine, "poll_options", house_id=house, poll_id=poll, position=position, label=label
        )
        for secret, poll in polls.items()
        for position, label in enumerate(("agree", "live_with", "objection"))
    }
    picks = [(0, None), (2, "Te vroeg"), (2, None)]
    for secret, poll in polls.items():
        for member, (position, reason) in zip(members, picks, strict=True):
            ballot = add(engine, "ballots", house_id=house, poll_id=poll, member_id=member)
            add(
                engine,
                "choices",
                house_id=house,
                poll_id=poll,
                ballot_id=ballot,
                option_id=options[(secret, position)],
                reason=reason,
            )

    at_0007.upgrade()

    meta = MetaData()
    choices = Table("choices", meta, autoload_with=engine)
    poll_options = Table("poll_options", meta, autoload_with=engine)
    poll_rows = Table("polls", meta, autoload_with=engine)
    ballots = Table("ballots", meta, autoload_with=engine)
    with engine.connect() as connection:
        left = connection.execute(select(choices.c.poll_id)).scalars().all()
        assert left == [polls[False]] * 3  # the open (not secret) poll keeps its choices
        carried = connection.execute(
            select(poll_options.c.carried)
            .where(poll_options.c.poll_id == polls[True])
            .order_by(poll_options.c.position)
        ).scalars()
        assert list(carried) == [1, 0, 2]
        reasons = connection.execute(
            select(poll_rows.c.carried_reasons).where(poll_rows.c.id == polls[True])
        ).scalar_one()
        assert sorted(reasons) == ["Te vroeg", "—"]
        sealed = connection.execute(select(ballots.c.sealed)).scalars().all()
        assert sealed == [None] * 6  # counted: can no longer change
