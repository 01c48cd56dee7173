"""Reading the rota: the week's turns, a task's next turn, a person's coming places, how
many turns each person had, and the turns nobody has room for (told to the chair once).
Split from `bot.domain.rotas`, which plans; nothing here changes a plan."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.rotas import HELD, HORIZON_DAYS, OVERVIEW_DAYS, volunteer_lists
from bot.storage.models import House, Member
from bot.storage.rota_models import RotaSeat, RotaTask, RotaTurn, SeatState, TaskState


def week_turns(session: Session, house: House, today: date) -> list[RotaTurn]:
    """The turns of the coming week of the active tasks, in time order."""
    return list(
        session.scalars(
            select(RotaTurn)
            .join(RotaTask, RotaTask.id == RotaTurn.task_id)
            .where(
                RotaTurn.house_id == house.id,
                RotaTask.state == TaskState.ACTIVE,
                RotaTurn.day >= today,
                RotaTurn.day < today + timedelta(days=HORIZON_DAYS),
            )
            .order_by(RotaTurn.due_at, RotaTask.name, RotaTurn.id)
            .options(selectinload(RotaTurn.seats))
        ).all()
    )


def next_turn(session: Session, task: RotaTask, now: datetime) -> RotaTurn | None:
    return session.scalars(
        select(RotaTurn)
        .where(RotaTurn.task_id == task.id, RotaTurn.group_done.is_(False), RotaTurn.due_at > now)
        .order_by(RotaTurn.due_at)
        .limit(1)
    ).first()


def upcoming_seats(
    session: Session, house: House, member: Member, today: date
) -> list[tuple[RotaTurn, RotaSeat]]:
    """The member's coming turns (and backup duties), today's included until done."""
    rows = session.execute(
        select(RotaTurn, RotaSeat)
        .join(RotaSeat, RotaSeat.turn_id == RotaTurn.id)
        .join(RotaTask, RotaTask.id == RotaTurn.task_id)
        .where(
            RotaTurn.house_id == house.id,
            RotaTask.state == TaskState.ACTIVE,
            RotaTurn.day >= today,
            RotaSeat.member_id == member.id,
            RotaSeat.state != SeatState.DONE,
        )
        .order_by(RotaTurn.due_at, RotaTurn.id)
    ).all()
    return [(turn, seat) for turn, seat in rows]


def turn_counts(session: Session, house: House, today: date) -> list[tuple[Member, int]]:
    """Turns held per person over the last 4 weeks (today included): everyone on the rota
    who opted in for something or held a turn. Sorted by name, never by who did least."""
    since = today - timedelta(days=OVERVIEW_DAYS - 1)
    held = session.scalars(
        select(RotaSeat.member_id)
        .join(RotaTurn, RotaTurn.id == RotaSeat.turn_id)
        .where(
            RotaSeat.house_id == house.id,
            RotaSeat.backup.is_(False),
            RotaSeat.state.in_(HELD),
            RotaSeat.member_id.is_not(None),
            RotaTurn.day >= since,
            RotaTurn.day <= today,
        )
    ).all()
    counts = Counter(m for m in held if m is not None)
    ids = set(counts) | {m for members in volunteer_lists(session, house).values() for m in members}
    members = [m for m in (session.get(Member, i) for i in ids) if m is not None]
    members.sort(key=lambda m: (m.person.display_name.casefold(), m.id))
    return [(m, counts.get(m.id, 0)) for m in members]


def uncovered_news(session: Session, house: House, today: date) -> list[RotaTurn]:
    """The coming turns of tasks people take part in where a place has nobody (everyone's
    room is used up, paused, or said they can't), that the chair has not been told of yet;
    marked as told. A turn covered again is unmarked, to be told again if it loses its
    holder later."""
    volunteers = volunteer_lists(session, house)
    news: list[RotaTurn] = []
    for turn in week_turns(session, house, today):
        if turn.group_done:
            continue
        empty = any(
            s.member_id is None and s.state == SeatState.ASSIGNED
            for s in turn.seats
            if not s.backup
        )
        if not empty or not volunteers.get(turn.task_id):
            turn.uncovered_told = False
        elif not turn.uncovered_told:
            turn.uncovered_told = True
            news.append(turn)
    return news
