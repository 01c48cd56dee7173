"""Houses: registration by a group admin, settings, and the group chat's life cycle."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.text import checked, clean, echoed
from bot.domain.typed import typed_timezone
from bot.settings import SUPPORTED_LANGUAGES
from bot.storage.models import House

MAX_NAME = 60


@dataclass(frozen=True)
class HouseDefaults:
    language: str
    timezone: str


def house_by_chat(session: Session, chat_id: int) -> House | None:
    return session.scalars(select(House).where(House.group_chat_id == chat_id)).one_or_none()


def house_by_token(session: Session, token: str) -> House | None:
    return session.scalars(select(House).where(House.link_token == token)).one_or_none()


def register_house(
    session: Session, clock: Clock, *, chat_id: int, title: str | None, defaults: HouseDefaults
) -> tuple[House, bool]:
    """The house of this group, created on first `/setup`. Returns (house, created)."""
    house = house_by_chat(session, chat_id)
    if house is not None:
        house.active = True
        return house, False
    house = House(
        name=clean(title or "")[:MAX_NAME] or "Huis",
        timezone=defaults.timezone,
        language=defaults.language,
        group_chat_id=chat_id,
        active=True,
        link_token=secrets.token_urlsafe(12),
        created_at=clock.now(),
    )
    session.add(house)
    session.flush()
    return house, True


def rename(house: House, raw: str) -> None:
    house.name = checked(
        raw, limit=MAX_NAME, empty="setup.name_empty", too_long="setup.name_too_long"
    )


def set_timezone(house: House, name: str) -> None:
    """An IANA name, a city (`Amsterdam`) or a country (`Nederland`): `bot.domain.typed`."""
    try:
        house.timezone = typed_timezone(name)
    except ValueError:
        raise UserError("setup.timezone_unknown", timezone=echoed(name)) from None


def set_language(house: House, language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise UserError("language.unknown")
    house.language = language


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> House | None:
    """The group became a supergroup: the house follows it to its new chat id."""
    if house_by_chat(session, new_chat_id) is not None:
        return house_by_chat(session, new_chat_id)
    house = house_by_chat(session, old_chat_id)
    if house is not None:
        house.group_chat_id = new_chat_id
        session.flush()
    return house


def bot_left(session: Session, chat_id: int) -> House | None:
    """The bot was removed from the group: the house goes quiet until it is added again."""
    house = house_by_chat(session, chat_id)
    if house is not None:
        house.active = False
    return house


def bot_returned(session: Session, chat_id: int) -> House | None:
    house = house_by_chat(session, chat_id)
    if house is not None:
        house.active = True
    return house


class HouseOwned(Protocol):
    @property
    def house_id(self) -> int: ...


Owned = TypeVar("Owned", bound=HouseOwned)


def in_house(
    session: Session,
    model: type[Owned],
    house: House | None,
    row_id: int,
    *,
    missing: str = "button.stale",
) -> Owned:
    """The row with this id, if it belongs to this house. Anything else — gone, another
    house's, forged — is the same polite `missing` message: ids from a button are never trusted."""
    row = session.get(model, row_id)
    if row is None or house is None or row.house_id != house.id:
        raise UserError(missing)
    return row
