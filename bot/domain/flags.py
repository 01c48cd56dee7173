"""Private conflict reports (meldingen): a member raises a conflict, an unsafe situation or a
house matter without anyone in the group seeing it.

The steps: what it is about (topic), an optional free text, then who gets it — the house's
confidants (vertrouwenspersonen: all of them, or one), anonymously the next meeting's agenda
(with a text the reporter saw and confirmed), or nobody (saved for the reporter only).

Rules that keep it private and low-threshold:
- Only the reporter and the confidants it was sent to ever see the text. The bot never asks
  who a report is about and never contacts that person; nothing goes to the group.
- The first confidant who picks it up is named to the reporter; either of the two can mark it
  resolved. If nobody picks it up within a day, the confidants are reminded once.
- A report is deleted (text and all) when the reporter withdraws it, and a resolved one after
  the house's retention period (`flag_settings`, default four weeks, set by the chair). An
  unfinished draft is deleted after a day. A report on the agenda counts as resolved once the
  meeting marked its item done; one saved only for the reporter stays until they resolve or
  withdraw it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import agenda
from bot.domain import prompts as prompt_domain
from bot.domain.errors import UserError
from bot.domain.polls import is_chair
from bot.domain.text import checked
from bot.storage.flags_models import (
    DEFAULT_RETENTION_WEEKS,
    Flag,
    FlagNotice,
    FlagRoute,
    FlagSettings,
    FlagState,
    FlagTopic,
)
from bot.storage.models import (
    AgendaItem,
    AgendaSource,
    House,
    Member,
    MemberRole,
    MemberStatus,
    Person,
    Role,
)

MAX_TEXT = 1000
REMIND_AFTER = timedelta(days=1)
REPORTER_AFTER = timedelta(days=2)  # nobody picked it up: the reporter is told
DRAFT_KEPT = timedelta(days=1)
RETENTION_CHOICES = (1, 2, 4, 8, 12)  # weeks
OPEN_STATES = (FlagState.SENT, FlagState.PICKED_UP, FlagState.ON_AGENDA, FlagState.SAVED)


# --- settings ------------------------------------------------------------------------------------


def settings(session: Session, house: House) -> FlagSettings:
    found = session.scalars(
        select(FlagSettings).where(FlagSettings.house_id == house.id)
    ).one_or_none()
    if found is None:
        found = FlagSettings(house_id=house.id, retention_weeks=DEFAULT_RETENTION_WEEKS)
        session.add(found)
        session.flush()
    return found


def set_retention(session: Session, house: House, member: Member | None, weeks: int) -> bool:
    """The chair sets how many weeks a resolved report is kept. False if it was so already."""
    if not is_chair(member):
        raise UserError("flags.only_chair")
    if weeks not in RETENTION_CHOICES:
        raise UserError("button.stale")
    current = settings(session, house)
    if current.retention_weeks == weeks:
        return False
    current.retention_weeks = weeks
    return True


# --- the reporter's steps ------------------------------------------------------------------------


def start(
    session: Session, clock: Clock, house: House, reporter: Member | None, topic: FlagTopic
) -> Flag:
    if reporter is None or reporter.house_id != house.id:
        raise UserError("members.no_house")
    flag = Flag(
        house_id=house.id,
        reporter_id=reporter.id,
        topic=topic,
        state=FlagState.DRAFT,
        created_at=clock.now(),
    )
    session.add(flag)
    session.flush()
    return flag


def own_flag(session: Session, flag_id: int, member: Member | None) -> Flag:
    """A report of this member (a button of theirs, or one they typed an answer for)."""
    flag = session.get(Flag, flag_id)
    if flag is None or member is None or flag.reporter_id != member.id:
        raise UserError("flags.gone")
    return flag


def draft(session: Session, flag_id: int, member: Member | None) -> Flag:
    flag = own_flag(session, flag_id, member)
    if flag.state != FlagState.DRAFT:
        raise UserError("flags.already_sent")
    return flag


def set_text(flag: Flag, text: str) -> None:
    body = text.strip()
    if not body:
        raise UserError("flags.text_empty")
    if len(body) > MAX_TEXT:
        raise UserError("flags.text_too_long", max=MAX_TEXT)
    flag.text = body


def set_agenda_text(flag: Flag, text: str) -> None:
    flag.agenda_text = checked(
        text, limit=agenda.MAX_TEXT, empty="flags.text_empty", too_long="agenda.too_long"
    )


CONFIDANT_STATUSES = (MemberStatus.RESIDENT, MemberStatus.SUPPORTER)


def is_confidant(member: Member | None) -> bool:
    """A confidant now: the role, in the residents' group, not moved out. Checked at every use
    (a new report, a reminder, picking one up), never remembered from when a report was sent."""
    return (
        member is not None
        and Role.CONFIDANT in member.role_set
        and member.in_group
        and member.status in CONFIDANT_STATUSES
    )


def confidants(session: Session, house: House, reporter: Member) -> list[Member]:
    """The house's confidants now, never the reporter themself."""
    members = session.scalars(
        select(Member)
        .join(MemberRole, MemberRole.member_id == Member.id)
        .where(
            Member.house_id == house.id,
            MemberRole.role == Role.CONFIDANT,
            Member.id != reporter.id,
        )
        .order_by(Member.id)
    ).all()
    return [m for m in dict.fromkeys(members) if is_confidant(m)]


def about(flag: Flag) -> str:
    """The subject of the questions asked about a report (its text, its agenda wording)."""
    return prompt_domain.subject("flag", flag.id)


def left_draft(session: Session, flag: Flag) -> None:
    """The report was sent, saved, discarded or deleted: its questions go."""
    prompt_domain.drop_subject(session, about(flag))


def sent(session: Session, clock: Clock, flag: Flag) -> None:
    """It reached at least one confidant (the handler records who in `flag_notices`)."""
    flag.route, flag.state, flag.sent_at = FlagRoute.CONFIDANTS, FlagState.SENT, clock.now()
    left_draft(session, flag)


def put_on_agenda(
    session: Session, clock: Clock, house: House, flag: Flag, text: str
) -> AgendaItem:
    """Anonymously: the agenda item names nobody."""
    item = agenda.add_item(session, clock, house, text, source=AgendaSource.CONFLICT)
    flag.route, flag.state, flag.sent_at = FlagRoute.AGENDA, FlagState.ON_AGENDA, clock.now()
    flag.agenda_item_id = item.id
    left_draft(session, flag)
    return item


def keep_for_self(session: Session, clock: Clock, flag: Flag) -> None:
    flag.route, flag.state, flag.sent_at = FlagRoute.SELF, FlagState.SAVED, clock.now()
    left_draft(session, flag)


def discard(session: Session, flag: Flag) -> None:
    left_draft(session, flag)
    session.delete(flag)
    session.flush()


def mine(session: Session, house: House, member: Member) -> list[Flag]:
    return list(
        session.scalars(
            select(Flag)
            .where(
                Flag.house_id == house.id,
                Flag.reporter_id == member.id,
                Flag.state != FlagState.DRAFT,
            )
            .order_by(Flag.created_at.desc(), Flag.id.desc())
        ).all()
    )


# --- the confidants' side ------------------------------------------------------------------------


def notices(session: Session, flag: Flag) -> list[FlagNotice]:
    return list(
        session.scalars(
            select(FlagNotice).where(FlagNotice.flag_id == flag.id).order_by(FlagNotice.id)
        ).all()
    )


def recipients(session: Session, flag: Flag) -> list[Member]:
    ids = list(dict.fromkeys(n.member_id for n in notices(session, flag)))
    return [m for m in (session.get(Member, i) for i in ids) if m is not None]


def reported_by(session: Session, person: Person) -> list[Flag]:
    """Every report a person made, in any house."""
    return list(
        session.scalars(
            select(Flag)
            .join(Member, Flag.reporter_id == Member.id)
            .where(Member.person_id == person.id)
        ).all()
    )


def former_notices(session: Session) -> list[FlagNotice]:
    """Messages about reports held by someone who is no longer a confidant: to be emptied."""
    found = session.scalars(select(FlagNotice).order_by(FlagNotice.id)).all()
    return [n for n in found if not is_confidant(session.get(Member, n.member_id))]


def add_notice(session: Session, flag: Flag, member: Member, chat_id: int, message_id: int) -> None:
    session.add(
        FlagNotice(
            house_id=flag.house_id,
            flag_id=flag.id,
            member_id=member.id,
            chat_id=chat_id,
            message_id=message_id,
        )
    )


def flag_for_confidant(session: Session, flag_id: int, member: Member | None) -> Flag:
    flag = session.get(Flag, flag_id)
    if flag is None or member is None:
        raise UserError("flags.gone")
    if member.id not in {n.member_id for n in notices(session, flag)}:
        raise UserError("button.stale")
    if not is_confidant(member):
        raise UserError("button.stale")
    return flag


def pick_up(session: Session, clock: Clock, flag: Flag, member: Member) -> None:
    if flag.state == FlagState.PICKED_UP:
        picker = session.get(Member, flag.picked_by_id) if flag.picked_by_id else None
        if picker is not None and picker.id == member.id:
            raise UserError("flags.picked_by_you")
        raise UserError("flags.picked_already", name=picker.person.display_name if picker else "—")
    if flag.state != FlagState.SENT:
        raise UserError("flags.closed")
    flag.state, flag.picked_by_id, flag.picked_at = FlagState.PICKED_UP, member.id, clock.now()


def resolve(clock: Clock, flag: Flag, member: Member) -> None:
    """The reporter, or the confidant who picked it up, closes it."""
    if member.id not in (flag.reporter_id, flag.picked_by_id):
        raise UserError("button.stale")
    if flag.state not in OPEN_STATES:
        raise UserError("flags.closed")
    flag.state, flag.resolved_at = FlagState.RESOLVED, clock.now()


def withdraw(session: Session, flag: Flag) -> None:
    """The reporter takes it back: the report is deleted, and an agenda item of it that the
    meeting has not dealt with yet goes off the agenda."""
    if flag.agenda_item_id is not None:
        item = session.get(AgendaItem, flag.agenda_item_id)
        if item is not None and item.done_at is None:
            session.delete(item)
    left_draft(session, flag)
    session.delete(flag)
    session.flush()


# --- time ----------------------------------------------------------------------------------------


def remind_at(flag: Flag) -> datetime | None:
    if flag.state != FlagState.SENT or flag.reminded or flag.sent_at is None:
        return None
    return flag.sent_at + REMIND_AFTER


def tell_reporter_at(flag: Flag) -> datetime | None:
    if flag.state != FlagState.SENT or flag.reporter_told or flag.sent_at is None:
        return None
    return flag.sent_at + REPORTER_AFTER


def reroute(clock: Clock, flag: Flag) -> None:
    """Nobody picked it up: the reporter takes it back from the confidants to choose another
    route. It is a draft again (from now: a day to choose, like any draft)."""
    if flag.state != FlagState.SENT:
        raise UserError("flags.closed")
    flag.state, flag.route, flag.sent_at = FlagState.DRAFT, None, None
    flag.reminded, flag.created_at = False, clock.now()


def not_told(session: Session) -> list[Flag]:
    return list(
        session.scalars(
            select(Flag).where(Flag.state == FlagState.SENT, Flag.reporter_told.is_(False))
        ).all()
    )


def waiting_for_pick_up(session: Session) -> list[Flag]:
    return list(
        session.scalars(
            select(Flag).where(Flag.state == FlagState.SENT, Flag.reminded.is_(False))
        ).all()
    )


def settle_agenda(session: Session, clock: Clock) -> None:
    """A report on the agenda is resolved once the meeting dealt with its item (or the item is
    gone): from then on the retention period runs."""
    for flag in session.scalars(select(Flag).where(Flag.state == FlagState.ON_AGENDA)).all():
        item = session.get(AgendaItem, flag.agenda_item_id) if flag.agenda_item_id else None
        if item is None or item.done_at is not None:
            flag.state = FlagState.RESOLVED
            flag.resolved_at = item.done_at if item is not None and item.done_at else clock.now()


def expired(session: Session, clock: Clock) -> list[Flag]:
    """Resolved reports past their house's retention period, and drafts older than a day."""
    now = clock.now()
    found: list[Flag] = []
    weeks: dict[int, int] = {}
    for flag in session.scalars(select(Flag).where(Flag.state == FlagState.RESOLVED)).all():
        if flag.house_id not in weeks:
            house = session.get(House, flag.house_id)
            assert house is not None
            weeks[flag.house_id] = settings(session, house).retention_weeks
        assert flag.resolved_at is not None
        if flag.resolved_at + timedelta(weeks=weeks[flag.house_id]) <= now:
            found.append(flag)
    found += session.scalars(
        select(Flag).where(Flag.state == FlagState.DRAFT, Flag.created_at <= now - DRAFT_KEPT)
    ).all()
    return found


def delete_after(session: Session, house: House, flag: Flag) -> datetime | None:
    if flag.resolved_at is None:
        return None
    return flag.resolved_at + timedelta(weeks=settings(session, house).retention_weeks)
