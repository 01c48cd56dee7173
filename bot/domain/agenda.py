"""The agenda of the next residents' meeting: anyone may put a subject on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.text import checked
from bot.storage.models import AgendaItem, AgendaSource, House, Member, Poll

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
    text = checked(text, limit=MAX_TEXT, empty="agenda.empty", too_long="agenda.too_long")
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


def add_by_member(
    session: Session,
    clock: Clock,
    house: House,
    member: Member | None,
    text: str,
    *,
    private: bool = False,
) -> AgendaItem:
    """`/agenda add`: anyone who belongs to the house (guests and former residents too),
    never a stranger. Added in the group, it shows their name (they said it there); added in
    private, it shows none until they choose (`choose_name`)."""
    if member is None or member.house_id != house.id:
        raise UserError("agenda.not_member")
    item = add_item(session, clock, house, text, source=AgendaSource.MEMBER, added_by=member)
    if private:
        item.show_name, item.waiting = False, True
    return item


def choose_name(
    session: Session, house: House | None, member: Member | None, item_id: int, named: bool
) -> AgendaItem:
    """The member who added an item in private chooses: with their name, or without."""
    item = session.get(AgendaItem, item_id)
    if (
        item is None
        or house is None
        or member is None
        or item.house_id != house.id
        or item.added_by_id != member.id
        or item.source != AgendaSource.MEMBER
        or item.done_at is not None
    ):
        raise UserError("button.stale")
    item.show_name, item.waiting = named, False
    return item


@dataclass(frozen=True)
class Entry:
    """An open agenda item with what may be said about where it came from."""

    item: AgendaItem
    name: str | None  # who brought it in, only where that may be shown
    poll: Poll | None


def entries(session: Session, house: House) -> list[Entry]:
    """The open items, oldest first. A name is shown for a member's own item and for an
    objection in an open vote; never for an objection in a secret vote, nor for a report
    from the conflicts feature."""
    result: list[Entry] = []
    for item in open_items(session, house):
        poll = session.get(Poll, item.poll_id) if item.poll_id is not None else None
        name: str | None = None
        named = (item.source == AgendaSource.MEMBER and item.show_name) or (
            item.source == AgendaSource.OBJECTION and poll is not None and not poll.secret
        )
        if named and item.added_by_id is not None:
            member = session.get(Member, item.added_by_id)
            if member is not None and member.house_id == house.id:
                name = member.person.display_name
        result.append(Entry(item, name, poll))
    return result


def discuss_votes(entry: Entry) -> int:
    """How many wanted to discuss the poll of a "discuss first" item before deciding."""
    if entry.poll is None:
        return 0
    return next((o.final_count or 0 for o in entry.poll.options if o.discuss), 0)
