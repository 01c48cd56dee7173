"""The agenda of the next residents' meeting: anyone may put a subject on it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.storage.models import AgendaItem, AgendaSource, House, Member

MAX_TEXT = 300


def add_item(
    session: Session,
    clock: Clock,
    house: House,
    text: str,
    *,
    source: AgendaSource = AgendaSource.MEMBER,
    added_by: Member | None = None,
    poll_id: int | None = None,
) -> AgendaItem:
    text = " ".join(text.split())
    if not text:
        raise UserError("agenda.empty")
    if len(text) > MAX_TEXT:
        raise UserError("agenda.too_long", max=MAX_TEXT)
    item = AgendaItem(
        house_id=house.id,
        text=text,
        source=source,
        added_by_id=added_by.id if added_by else None,
        poll_id=poll_id,
        created_at=clock.now(),
    )
    session.add(item)
    session.flush()
    return item


def open_items(session: Session, house: House) -> Sequence[AgendaItem]:
    return session.scalars(
        select(AgendaItem)
        .where(AgendaItem.house_id == house.id, AgendaItem.done_at.is_(None))
        .order_by(AgendaItem.created_at, AgendaItem.id)
    ).all()
