"""Small look-ups for transcript tests: what the database says after the bot acted."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import House, Member, Person
from tests.fake_telegram import FakeUser


async def person(database: Database, user: FakeUser) -> Person | None:
    async with database.transaction() as session:
        return session.scalars(select(Person).where(Person.telegram_id == user.id)).one_or_none()


async def member(database: Database, user: FakeUser) -> Member | None:
    async with database.transaction() as session:
        found = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == user.id)
        ).one_or_none()
        if found is not None:
            _ = found.role_set, found.person.first_name
        return found


async def the_house(database: Database) -> House:
    async with database.transaction() as session:
        return session.scalars(select(House)).one()
