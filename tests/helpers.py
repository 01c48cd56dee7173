"""Small look-ups for transcript tests: what the database says after the bot acted."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import (
    House,
    Member,
    MemberRole,
    MemberStatus,
    Person,
    PrivateChat,
    Role,
    StatusSource,
)
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


async def set_member(
    database: Database,
    user: FakeUser,
    status: MemberStatus,
    *roles: Role,
    private_chat: PrivateChat | None = None,
) -> None:
    """Arrange a member directly in the database (the transcript of doing it by hand is
    tested in test_people.py)."""
    from datetime import UTC, datetime

    async with database.transaction() as session:
        found = session.scalars(
            select(Member).join(Person).where(Person.telegram_id == user.id)
        ).one_or_none()
        if found is None:
            house = session.scalars(select(House)).first()
            assert house is not None
            person = session.scalars(
                select(Person).where(Person.telegram_id == user.id)
            ).one_or_none()
            if person is None:
                person = Person(
                    telegram_id=user.id,
                    first_name=user.first_name,
                    last_name=user.last_name,
                    created_at=datetime.now(UTC),
                )
                session.add(person)
                session.flush()
            found = Member(house_id=house.id, person_id=person.id, joined_at=datetime.now(UTC))
            session.add(found)
            session.flush()
        found.status = status
        found.status_source = StatusSource.MANAGER
        for role in roles:
            if role not in found.role_set:
                found.roles.append(
                    MemberRole(house_id=found.house_id, role=role, assigned_at=datetime.now(UTC))
                )
        if private_chat is not None:
            found.person.private_chat = private_chat


async def set_house(database: Database, **fields: object) -> None:
    """Arrange the house's settings directly (e.g. open polls with names, as before issue 14)."""
    async with database.transaction() as session:
        house = session.scalars(select(House)).one()
        for name, value in fields.items():
            setattr(house, name, value)


OPEN_WITH_NAMES = {"secret_by_default": False, "open_names": True}
