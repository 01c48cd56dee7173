"""The decision log (besluitenlijst): the latest decisions, searching them, a period for the
minutes, and review dates that bring a subject back to the meeting.

Decisions are written by `polls.close_poll`; this module only reads them, except for the
review date. A review is done when an agenda item of source REVIEW for the decision's poll
exists from the review moment on, so bringing a subject back is idempotent (a restart or a
second run of the job adds nothing).
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.text import clean
from bot.storage.models import AgendaItem, AgendaSource, Decision, House

PAGE = 10
MAX_SEARCH = 100
REVIEW_AT = time(10, 0)  # house time, on the review day
REVIEW_MONTHS = {"1m": 1, "3m": 3, "6m": 6, "1y": 12}
NO_REVIEW = "none"
FIRST_YEAR, LAST_YEAR = 2000, 2100
NUMBER = re.compile(r"^(\d{4})-(\d{3})$")
RANGE_WORDS = {"tot", "t/m", "tm", "to", "until", "-", "–", "—"}


@dataclass(frozen=True)
class Period:
    """Whole days on the house's calendar, both ends included."""

    start: date
    end: date
    kind: str  # "year", "month" or "days"

    @property
    def label(self) -> str:
        """For a file name: `2026`, `2026-11`, `2026-11-23` or `2026-10-01-2026-11-30`."""
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}-{self.end.isoformat()}"


@dataclass(frozen=True)
class Page:
    decisions: list[Decision]
    page: int  # 0-based, within range
    pages: int
    total: int


# --- reading -------------------------------------------------------------------------------


def _of_house(house: House) -> Select[Decision]:
    return select(Decision).where(Decision.house_id == house.id)


def _newest_first(query: Select[Decision]) -> Select[Decision]:
    return query.order_by(Decision.year.desc(), Decision.seq.desc())


def latest(session: Session, house: House, page: int = 0) -> Page:
    """One page of the house's decisions, newest first. A page out of range shows the
    nearest page (decisions do not disappear, but a button may be old)."""
    total = session.scalar(
        select(func.count()).select_from(Decision).where(Decision.house_id == house.id)
    )
    total = int(total or 0)
    pages = max(1, math.ceil(total / PAGE))
    page = min(max(page, 0), pages - 1)
    found = session.scalars(_newest_first(_of_house(house)).offset(page * PAGE).limit(PAGE)).all()
    return Page(list(found), page, pages, total)


def decision_in_house(session: Session, house: House | None, decision_id: int) -> Decision:
    return in_house(session, Decision, house, decision_id)


def is_number(text: str) -> bool:
    return NUMBER.match(text) is not None


def by_number(session: Session, house: House, number: str) -> Decision:
    match = NUMBER.match(number)
    found = (
        session.scalars(
            _of_house(house).where(
                Decision.year == int(match.group(1)), Decision.seq == int(match.group(2))
            )
        ).one_or_none()
        if match
        else None
    )
    if found is None:
        raise UserError("decisions.not_found", number=number)
    return found


def search_words(text: str) -> list[str]:
    text = clean(text)
    if len(text) > MAX_SEARCH:
        raise UserError("decisions.search_too_long", max=MAX_SEARCH)
    return list(dict.fromkeys(word.lower() for word in text.split()))


def _matches(decision: Decision, words: Sequence[str]) -> bool:
    fields = [
        (value or "").lower() for value in (decision.question, decision.frame, decision.winner)
    ]
    return all(any(word in field for field in fields) for word in words)


def search(session: Session, house: House, text: str) -> tuple[list[Decision], int]:
    """Decisions whose question, frame or winning option contain every word (any case),
    newest first: at most a page of them, and how many there are in all.

    The database narrows by the plain-ASCII words (LIKE with % and _ escaped). SQLite lowers
    only ASCII letters, so words with other letters, and the final check of every word, are
    done here in Python: the answer is the same on SQLite and PostgreSQL."""
    words = search_words(text)
    if not words:
        return [], 0
    columns = (
        Decision.question,
        func.coalesce(Decision.frame, ""),
        func.coalesce(Decision.winner, ""),
    )
    query = _of_house(house)
    for word in words:
        if word.isascii():
            query = query.where(
                or_(*(func.lower(column).contains(word, autoescape=True) for column in columns))
            )
    found = [d for d in session.scalars(_newest_first(query)).all() if _matches(d, words)]
    return found[:PAGE], len(found)


# --- a period for the minutes ------------------------------------------------------------


def _day(text: str) -> date:
    parts = text.split("-")
    if len(parts) != 3:
        raise ValueError(text)
    if len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
    elif len(parts[2]) == 4:
        day, month, year = (int(p) for p in parts)
    else:
        raise ValueError(text)
    return _in_range(date(year, month, day))


def _in_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(day)
    return day


def _month(year: int, month: int) -> Period:
    start = _in_range(date(year, month, 1))
    return Period(start, date(year, month, calendar.monthrange(year, month)[1]), "month")


def parse_period(words: Sequence[str], today: date) -> Period:
    """`` (this month), `2026`, `2026-11` (or `11-2026`), one day, or two days
    (`2026-10-01 2026-11-30`, `1-10-2026 tot 30-11-2026`)."""
    parts = [w.replace("/", "-") for w in words if w.lower() not in RANGE_WORDS]
    try:
        if not parts:
            return _month(today.year, today.month)
        if len(parts) == 1:
            text = parts[0]
            if re.fullmatch(r"\d{4}", text):
                year = int(text)
                start = _in_range(date(year, 1, 1))
                return Period(start, date(year, 12, 31), "year")
            if re.fullmatch(r"\d{4}-\d{1,2}", text):
                year, month = (int(p) for p in text.split("-"))
                return _month(year, month)
            if re.fullmatch(r"\d{1,2}-\d{4}", text):
                month, year = (int(p) for p in text.split("-"))
                return _month(year, month)
            day = _day(text)
            return Period(day, day, "days")
        if len(parts) == 2:
            start, end = _day(parts[0]), _day(parts[1])
        else:
            raise ValueError(words)
    except (ValueError, OverflowError):
        raise UserError("decisions.period_unreadable") from None
    if end < start:
        raise UserError("decisions.period_reversed")
    return Period(start, end, "days")


def in_period(session: Session, house: House, period: Period) -> list[Decision]:
    """Every decision taken in the period (house time), oldest first, as in the minutes."""
    zone = ZoneInfo(house.timezone)
    since = datetime.combine(period.start, time(0, 0), tzinfo=zone)
    until = datetime.combine(period.end + timedelta(days=1), time(0, 0), tzinfo=zone)
    return list(
        session.scalars(
            _of_house(house)
            .where(Decision.decided_at >= since, Decision.decided_at < until)
            .order_by(Decision.decided_at, Decision.year, Decision.seq)
        ).all()
    )


def today_in(house: House, now: datetime) -> date:
    return now.astimezone(ZoneInfo(house.timezone)).date()


# --- review dates --------------------------------------------------------------------------


def review_moment(house: House, now: datetime, months: int) -> datetime:
    """`months` calendar months from today (house time; the 31st becomes the month's last
    day), at REVIEW_AT."""
    today = today_in(house, now)
    index = today.month - 1 + months
    year, month = today.year + index // 12, index % 12 + 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.combine(date(year, month, day), REVIEW_AT, tzinfo=ZoneInfo(house.timezone))


def set_review(clock: Clock, house: House, decision: Decision, choice: str) -> datetime | None:
    """Set (or with NO_REVIEW remove) the date the subject comes back on the agenda."""
    if choice == NO_REVIEW:
        decision.review_on = None
        return None
    months = REVIEW_MONTHS.get(choice)
    if months is None:
        raise UserError("button.stale")
    decision.review_on = review_moment(house, clock.now(), months)
    return decision.review_on


def review_done(session: Session, decision: Decision) -> bool:
    """No review date, or the subject is back on the agenda since the review moment."""
    if decision.review_on is None:
        return True
    if decision.poll_id is None:
        return False
    found = session.scalar(
        select(func.count())
        .select_from(AgendaItem)
        .where(
            AgendaItem.house_id == decision.house_id,
            AgendaItem.source == AgendaSource.REVIEW,
            AgendaItem.poll_id == decision.poll_id,
            AgendaItem.created_at >= decision.review_on,
        )
    )
    return bool(found)


def pending_reviews(session: Session) -> list[Decision]:
    """Every decision with a review that has not brought its subject back yet."""
    candidates = session.scalars(
        select(Decision).where(Decision.review_on.is_not(None)).order_by(Decision.review_on)
    ).all()
    return [d for d in candidates if not review_done(session, d)]


def bring_back(
    session: Session, clock: Clock, house: House, decision: Decision
) -> AgendaItem | None:
    """The review date arrived: the subject goes on the agenda (once)."""
    if decision.review_on is None or clock.now() < decision.review_on:
        return None
    if review_done(session, decision):
        return None
    item = agenda.add_item(
        session,
        clock,
        house,
        decision.question,
        source=AgendaSource.REVIEW,
        poll_id=decision.poll_id,
    )
    if decision.poll_id is None:
        decision.review_on = None  # nothing would link the item back to it
    return item


def by_poll(session: Session, house: House, poll_ids: Sequence[int]) -> dict[int, Decision]:
    """The decisions of these polls, by poll id."""
    if not poll_ids:
        return {}
    found = session.scalars(
        _of_house(house).where(Decision.poll_id.in_(sorted(set(poll_ids))))
    ).all()
    return {d.poll_id: d for d in found if d.poll_id is not None}
