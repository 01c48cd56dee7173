"""Moving out and aftercare (nazorg): former residents stay connected.

Rules, in the house's words:

- **Moving out** (`/verhuizen`): a resident says it themself, or the chair says it for them.
  Nothing changes until the resident confirms with a button in their private chat. Then they
  become a former resident (oud-bewoner): their status change is announced like any other, the
  rota re-plans their coming turns (the rota only plans residents and supporters), and house
  polls no longer count them (`polls.is_eligible`). A goodbye in the group only comes when they
  want one: they are asked, yes or no.
- **Leaving the group is not moving out.** When a resident leaves the residents' Telegram group
  without moving out, the chair(s) are asked privately what to do: mark them as moved out (the
  person is asked to confirm when the bot can reach them; otherwise the chair's choice stands)
  or keep things as they are. Nothing changes on its own.
- **The aftercare group** is a separate Telegram group the house links (`/setup aftercare` there,
  by an admin of that group who is the house's chair or an admin of the residents' group). The
  bot approves join requests from former residents (and from supporters, if the house allows
  it) and politely declines everyone else.
- **The monthly "how are you?"** goes on the first day of each month at 11:00 house time, to
  every former resident of a house with a linked aftercare group whose private chat is open and
  who did not turn it off (it is on unless they tap "do not ask me any more"). The same five-step
  scale, optional note and privacy choice as the meeting check-in; sharing with the group posts
  the answer in the aftercare group at once. An answer can be given for `ANSWER_DAYS` days. Notes
  are deleted after the house's retention period (as for meeting check-ins); levels stay.
- **Help requests**: the chair or a resident asks the aftercare group for help ("who can help
  with a move on Saturday?"), at most one request a day each (`HELP_EVERY`); whoever taps "I'll
  help" is told privately to the one who asked (first names); the group only sees how many.
- **Buddies (maatjes)**: a resident, or a newcomer at the door (still settling in,
  `bot.domain.arrivals`), can ask for a buddy; a former resident, or a resident who lives here
  longer (confirmed, past their own settling-in period), can offer to be one. The bot asks the
  buddy first (first names only); only when the buddy said yes is the newcomer asked, and when
  both said yes they are introduced. Someone who said no to a pair is never proposed the same
  pair again. A buddy has at most `MAX_BUDDIES` newcomers at a time. Buddies are mutual: each is
  the other's buddy (the meeting check-in offers the buddy after a low answer).

Nothing here commits; every function works on the session and the clock it is handed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, object_session

from bot.clock import Clock
from bot.domain import arrivals as arrival_domain
from bot.domain import checkins as checkin_domain
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain.errors import UserError
from bot.domain.text import checked
from bot.storage.aftercare_models import (
    AftercareCheckin,
    AftercareMove,
    AftercarePerson,
    AftercareSettings,
    BuddyPair,
    HelpOffer,
    HelpRequest,
    MoveStart,
    MoveState,
    PairState,
)
from bot.storage.meeting_models import MeetingSettings
from bot.storage.models import (
    House,
    Member,
    MemberStatus,
    Person,
    PrivateChat,
    Role,
    StatusSource,
)

ROUND_DAY = 1  # the monthly question: the first day of the month …
ROUND_TIME = time(11, 0)  # … at 11:00 house time
ANSWER_DAYS = 14  # how long a monthly question can be answered
MAX_HELP = 300
MAX_BUDDIES = 2  # residents one former resident is a buddy of at the same time
OPEN_MOVES = (MoveState.CHAIR, MoveState.PERSON)
LIVE_PAIRS = (PairState.PROPOSED, PairState.ACTIVE)


# --- the aftercare group ---------------------------------------------------------------------


def settings_of(session: Session, house: House) -> AftercareSettings:
    found = session.scalars(
        select(AftercareSettings).where(AftercareSettings.house_id == house.id)
    ).one_or_none()
    if found is None:
        found = AftercareSettings(house_id=house.id, supporters_may_join=False, monthly=True)
        session.add(found)
        session.flush()
    return found


def settings_for_chat(session: Session, chat_id: int) -> AftercareSettings | None:
    return session.scalars(
        select(AftercareSettings).where(AftercareSettings.group_chat_id == chat_id)
    ).one_or_none()


def linked_to(session: Session, chat_id: int) -> tuple[AftercareSettings, House] | None:
    """The aftercare settings whose group this chat is, and their house (active or not)."""
    settings = settings_for_chat(session, chat_id)
    house = session.get(House, settings.house_id) if settings is not None else None
    return (settings, house) if settings is not None and house is not None else None


def linked(settings: AftercareSettings | None) -> bool:
    return settings is not None and settings.group_chat_id is not None


def next_round_at(house: House, now: datetime) -> datetime:
    """The first monthly round after `now`: day `ROUND_DAY` at `ROUND_TIME`, house time."""
    zone = ZoneInfo(house.timezone)
    local = now.astimezone(zone)
    year, month = local.year, local.month
    for _ in range(2):
        moment = datetime.combine(
            local.date().replace(year=year, month=month, day=ROUND_DAY), ROUND_TIME, tzinfo=zone
        )
        if moment > now:
            return moment
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable: next month's round is always ahead")


def link_group(
    session: Session, clock: Clock, house: House, chat_id: int, invite_link: str
) -> AftercareSettings:
    """Link a group as the house's aftercare group (replacing an earlier one)."""
    if house_domain.house_by_chat(session, chat_id) is not None:
        raise UserError("aftercare.link.house_group")
    other = settings_for_chat(session, chat_id)
    if other is not None and other.house_id != house.id:
        raise UserError("aftercare.link.other_house")
    settings = settings_of(session, house)
    settings.group_chat_id = chat_id
    settings.invite_link = invite_link
    settings.linked_at = clock.now()
    if settings.next_round_at is None:
        settings.next_round_at = next_round_at(house, clock.now())
    return settings


def unlink_group(settings: AftercareSettings) -> None:
    settings.group_chat_id = None
    settings.invite_link = None
    settings.linked_at = None


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> AftercareSettings | None:
    """The aftercare group became a supergroup: follow it."""
    settings = settings_for_chat(session, old_chat_id)
    if settings is not None:
        settings.group_chat_id = new_chat_id
    return settings


def toggle_setting(session: Session, clock: Clock, house: House, item: str) -> AftercareSettings:
    settings = settings_of(session, house)
    if item == "sup":
        settings.supporters_may_join = not settings.supporters_may_join
    elif item == "monthly":
        settings.monthly = not settings.monthly
        if settings.monthly:
            settings.next_round_at = next_round_at(house, clock.now())
    else:
        raise UserError("button.stale")
    return settings


def may_join(settings: AftercareSettings, member: Member | None) -> bool:
    """Former residents may join the aftercare group; supporters only if the house allows it."""
    if member is None:
        return False
    if member.status == MemberStatus.FORMER_RESIDENT:
        return True
    return member.status == MemberStatus.SUPPORTER and settings.supporters_may_join


def person_of(session: Session, member: Member) -> AftercarePerson:
    found = session.scalars(
        select(AftercarePerson).where(AftercarePerson.member_id == member.id)
    ).one_or_none()
    if found is None:
        found = AftercarePerson(
            house_id=member.house_id, member_id=member.id, monthly=True, goodbye_open=False
        )
        session.add(found)
        session.flush()
    return found


# --- moving out ------------------------------------------------------------------------------


def check_can_move(member: Member | None) -> Member:
    if member is None:
        raise UserError("aftercare.move.residents_only")
    if member.status == MemberStatus.FORMER_RESIDENT:
        raise UserError("aftercare.move.already")
    if member.status != MemberStatus.RESIDENT:
        raise UserError("aftercare.move.residents_only")
    return member


def open_move(session: Session, member: Member) -> AftercareMove | None:
    return session.scalars(
        select(AftercareMove)
        .where(AftercareMove.member_id == member.id, AftercareMove.state.in_(OPEN_MOVES))
        .order_by(AftercareMove.id.desc())
        .limit(1)
    ).first()


def start_move(
    session: Session, clock: Clock, house: House, member: Member | None, chair: Member | None
) -> AftercareMove:
    """The resident (no `chair`) or the chair says the resident moves out: the resident is
    asked to confirm. An earlier open question about them is taken over."""
    member = check_can_move(member)
    started = MoveStart.SELF if chair is None or chair.id == member.id else MoveStart.CHAIR
    move = open_move(session, member)
    if move is None:
        move = AftercareMove(house_id=house.id, member_id=member.id, created_at=clock.now())
        session.add(move)
    move.started = started
    move.state = MoveState.PERSON
    move.chair_id = chair.id if started == MoveStart.CHAIR and chair is not None else None
    session.flush()
    return move


def member_left(
    session: Session, clock: Clock, house: House, member: Member | None
) -> AftercareMove | None:
    """A resident left the residents' group: a question for the chair, unless one is open or
    they moved out already. Nothing about the member changes."""
    if member is None or member.in_group or member.status != MemberStatus.RESIDENT:
        return None
    if open_move(session, member) is not None:
        return None
    move = AftercareMove(
        house_id=house.id,
        member_id=member.id,
        started=MoveStart.LEFT,
        state=MoveState.CHAIR,
        created_at=clock.now(),
    )
    session.add(move)
    session.flush()
    return move


def move_in_house(session: Session, move_id: int) -> tuple[AftercareMove, House, Member]:
    move = session.get(AftercareMove, move_id)
    house = session.get(House, move.house_id) if move is not None else None
    member = session.get(Member, move.member_id) if move is not None else None
    if move is None or house is None or member is None or not house.active:
        raise UserError("button.stale")
    return move, house, member


@dataclass(frozen=True)
class MovedOut:
    """A resident became a former resident; the roles of the residents they held ended."""

    change: member_domain.StatusChange
    roles_ended: tuple[Role, ...]


# A former resident no longer votes, so no longer chairs, and is no longer the residents'
# confidant: these are residents' roles (issue 12).
RESIDENT_ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.CONFIDANT)


def _move_out(
    session: Session, clock: Clock, move: AftercareMove, member: Member, *, asked: bool
) -> MovedOut:
    check_can_move(member)
    change = member_domain.set_status(member, MemberStatus.FORMER_RESIDENT)
    assert change is not None  # a resident became a former resident
    ended = tuple(r.role for r in member.roles if r.role in RESIDENT_ROLES)
    if ended:
        member.roles[:] = [r for r in member.roles if r.role not in RESIDENT_ROLES]
        session.flush()
    if move.started == MoveStart.SELF:
        member.status_source = StatusSource.SELF
    row = person_of(session, member)
    row.moved_out_at = clock.now()
    row.goodbye_open = asked
    row.wants_buddy_at = None
    move.state = MoveState.DONE
    move.decided_at = clock.now()
    move.old_status = change.old_status.value
    move.roles_ended = ",".join(role.value for role in ended)
    session.execute(
        update(BuddyPair)
        .where(BuddyPair.newcomer_id == member.id, BuddyPair.state == PairState.PROPOSED)
        .values(state=PairState.ENDED, decided_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    return MovedOut(change, ended)


def confirm_move(
    session: Session, clock: Clock, move: AftercareMove, member: Member, person: Person | None
) -> MovedOut:
    """The resident confirms with their own button: they are a former resident now."""
    if person is None or member.person_id != person.id:
        raise UserError("button.stale")
    if move.state != MoveState.PERSON:
        raise UserError("aftercare.move.answered")
    return _move_out(session, clock, move, member, asked=True)


def decline_move(clock: Clock, move: AftercareMove, member: Member, person: Person | None) -> None:
    """The resident says it is not right: nothing changes."""
    if person is None or member.person_id != person.id:
        raise UserError("button.stale")
    if move.state != MoveState.PERSON:
        raise UserError("aftercare.move.answered")
    move.state = MoveState.DECLINED
    move.decided_at = clock.now()


def chair_answers(clock: Clock, move: AftercareMove, chair: Member) -> None:
    """A chair takes up the question about someone who left the group."""
    if move.state != MoveState.CHAIR:
        raise UserError("aftercare.left.answered")
    move.chair_id = chair.id


def keep_as_is(clock: Clock, move: AftercareMove) -> None:
    move.state = MoveState.KEPT
    move.decided_at = clock.now()


def ask_person(move: AftercareMove) -> None:
    """The chair chose "moved out": now the person confirms."""
    move.state = MoveState.PERSON


def chair_moves_out(
    session: Session, clock: Clock, move: AftercareMove, member: Member
) -> MovedOut:
    """The person could not be reached: the chair's choice stands."""
    return _move_out(session, clock, move, member, asked=False)


def take_goodbye(session: Session, member: Member | None, person: Person | None) -> None:
    """The goodbye question is answered once, by the person who moved out."""
    if member is None or person is None or member.person_id != person.id:
        raise UserError("button.stale")
    row = person_of(session, member)
    if not row.goodbye_open:
        raise UserError("button.stale")
    row.goodbye_open = False


ANNOUNCE_AFTER = timedelta(days=1)  # no answer to the goodbye question: the group hears it then


def unannounced(session: Session) -> Sequence[AftercareMove]:
    """Moves done whose one group message is still to come (for the jobs at start-up)."""
    return session.scalars(
        select(AftercareMove)
        .where(AftercareMove.state == MoveState.DONE, AftercareMove.announced_at.is_(None))
        .order_by(AftercareMove.id)
    ).all()


def announce_at(move: AftercareMove) -> datetime:
    assert move.decided_at is not None
    return move.decided_at + ANNOUNCE_AFTER


def take_announcement(session: Session, clock: Clock, move: AftercareMove) -> bool:
    """The group hears of a move once. False when it was told already (or nothing to tell)."""
    if move.state != MoveState.DONE or move.announced_at is not None:
        return False
    move.announced_at = clock.now()
    return True


def done_move(session: Session, member: Member) -> AftercareMove | None:
    """The member's move that is done (the newest)."""
    return session.scalars(
        select(AftercareMove)
        .where(AftercareMove.member_id == member.id, AftercareMove.state == MoveState.DONE)
        .order_by(AftercareMove.id.desc())
        .limit(1)
    ).one_or_none()


def roles_of(move: AftercareMove) -> tuple[Role, ...]:
    return tuple(Role(value) for value in (move.roles_ended or "").split(",") if value)


# --- the monthly "how are you?" ----------------------------------------------------------------


def round_members(session: Session, house: House, round_at: datetime) -> list[Member]:
    """Former residents with an open private chat who did not turn the question off and were
    not asked in this round yet."""
    asked = set(
        session.scalars(
            select(AftercareCheckin.member_id).where(
                AftercareCheckin.house_id == house.id, AftercareCheckin.round_at == round_at
            )
        )
    )
    off = set(
        session.scalars(
            select(AftercarePerson.member_id).where(
                AftercarePerson.house_id == house.id, AftercarePerson.monthly.is_(False)
            )
        )
    )
    members = checkin_domain.reachable(session, house, MemberStatus.FORMER_RESIDENT)
    return [m for m in members if m.id not in asked and m.id not in off]


def ensure_open(checkin: AftercareCheckin, now: datetime) -> None:
    if now - checkin.asked_at > timedelta(days=ANSWER_DAYS):
        raise UserError("aftercare.checkin.closed")


# The monthly question: the meeting check-in's steps, open for `ANSWER_DAYS` days.
MONTHLY = checkin_domain.Steps(
    AftercareCheckin, lambda session, clock, checkin: ensure_open(checkin, clock.now())
)


def new_checkin(
    session: Session, clock: Clock, member: Member, round_at: datetime
) -> AftercareCheckin:
    """The monthly question of `round_at` to `member` (as `MONTHLY.new`)."""
    return MONTHLY.new(session, clock, member, round_at=round_at)


def answer_level(clock: Clock, checkin: AftercareCheckin, level: int) -> bool:
    """The tap on the scale (as `MONTHLY.answer_level`). True when the answer is low."""
    session = object_session(checkin)
    assert session is not None  # a stored check-in
    return MONTHLY.answer_level(session, clock, checkin, level)


def set_monthly(session: Session, member: Member, on: bool) -> bool:
    """Turn the monthly question on or off for this member. True when it changed."""
    row = person_of(session, member)
    changed = row.monthly != on
    row.monthly = on
    return changed


def purge_notes(session: Session, clock: Clock, house: House) -> None:
    """Notes older than the house's retention period (the meeting check-in's) are deleted."""
    weeks = session.scalar(
        select(MeetingSettings.retention_weeks).where(MeetingSettings.house_id == house.id)
    )
    cutoff = clock.now() - timedelta(weeks=weeks or checkin_domain.DEFAULT_RETENTION_WEEKS)
    session.execute(
        update(AftercareCheckin)
        .where(
            AftercareCheckin.house_id == house.id,
            AftercareCheckin.note.is_not(None),
            AftercareCheckin.asked_at < cutoff,
        )
        .values(note=None)
        .execution_options(synchronize_session="fetch")
    )


# --- help requests ---------------------------------------------------------------------------


def clean_help(text: str) -> str:
    return checked(
        text, limit=MAX_HELP, empty="aftercare.help.empty", too_long="aftercare.help.too_long"
    )


HELP_EVERY = timedelta(days=1)  # one help request a day per person: the group is not flooded


def may_ask_help(member: Member | None, is_chair: bool) -> Member:
    """The chair, or a resident (confirmed): not a guest, a supporter or a former resident."""
    if member is None or not (is_chair or member_domain.counts_as_resident(member)):
        raise UserError("aftercare.help.only_residents")
    return member


def new_help(session: Session, clock: Clock, house: House, asker: Member, text: str) -> HelpRequest:
    since = clock.now() - HELP_EVERY
    recent = session.scalar(
        select(HelpRequest.id).where(
            HelpRequest.asked_by_id == asker.id, HelpRequest.created_at > since
        )
    )
    if recent is not None:
        raise UserError("aftercare.help.one_a_day")
    request = HelpRequest(
        house_id=house.id, text=clean_help(text), asked_by_id=asker.id, created_at=clock.now()
    )
    session.add(request)
    session.flush()
    return request


def offer_help(session: Session, clock: Clock, request: HelpRequest, person: Person) -> bool:
    """ "I'll help". False when this person had offered already."""
    found = session.scalars(
        select(HelpOffer).where(
            HelpOffer.request_id == request.id, HelpOffer.person_id == person.id
        )
    ).one_or_none()
    if found is not None:
        return False
    session.add(
        HelpOffer(
            house_id=request.house_id,
            request_id=request.id,
            person_id=person.id,
            created_at=clock.now(),
        )
    )
    session.flush()
    return True


def helpers(session: Session, request: HelpRequest) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(HelpOffer, HelpOffer.person_id == Person.id)
            .where(HelpOffer.request_id == request.id)
            .order_by(HelpOffer.created_at, HelpOffer.id)
        ).all()
    )


# --- buddies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairAnswer:
    pair: BuddyPair
    introduced: bool  # both said yes: introduce them now
    other: Member  # the other one of the pair


def pairs_of(session: Session, member: Member, *states: PairState) -> Sequence[BuddyPair]:
    return session.scalars(
        select(BuddyPair)
        .where(
            or_(BuddyPair.newcomer_id == member.id, BuddyPair.buddy_id == member.id),
            BuddyPair.state.in_(states),
        )
        .order_by(BuddyPair.id)
    ).all()


def other_of(session: Session, pair: BuddyPair, member: Member) -> Member:
    other = session.get(
        Member, pair.buddy_id if pair.newcomer_id == member.id else pair.newcomer_id
    )
    assert other is not None
    return other


def buddy_of(session: Session, member: Member) -> Member | None:
    """The member's buddy (either side of an active pair; the newest if there are several)."""
    active = pairs_of(session, member, PairState.ACTIVE)
    return other_of(session, active[-1], member) if active else None


def may_ask_buddy(session: Session, clock: Clock, member: Member | None) -> bool:
    """A resident, or a newcomer at the door (still settling in, not yet confirmed)."""
    return member is not None and (
        member.status == MemberStatus.RESIDENT or arrival_domain.newcomer(session, clock, member)
    )


def may_offer_buddy(session: Session, clock: Clock, member: Member | None) -> bool:
    """A former resident, or a resident who lives here longer (confirmed, settled in)."""
    if member is None:
        return False
    if member.status == MemberStatus.FORMER_RESIDENT:
        return True
    return member_domain.counts_as_resident(member) and arrival_domain.settled(
        session, clock, member
    )


def ask_for_buddy(session: Session, clock: Clock, member: Member | None, on: bool) -> None:
    """A resident or a newcomer asks for a buddy (or no longer)."""
    if member is None or not may_ask_buddy(session, clock, member):
        raise UserError("aftercare.buddy.residents_only")
    row = person_of(session, member)
    if on and row.wants_buddy_at is None:
        row.wants_buddy_at = clock.now()
    if not on:
        row.wants_buddy_at = None
        _end_proposals(session, clock, member)


def offer_as_buddy(session: Session, clock: Clock, member: Member | None, on: bool) -> None:
    """A former resident or a longer-standing resident offers to be a buddy (or stops
    offering; running pairs go on)."""
    if member is None or (on and not may_offer_buddy(session, clock, member)):
        raise UserError("aftercare.buddy.offer_who")
    row = person_of(session, member)
    if on and row.offers_buddy_at is None:
        row.offers_buddy_at = clock.now()
    if not on:
        row.offers_buddy_at = None
        _end_proposals(session, clock, member)


def _end_proposals(session: Session, clock: Clock, member: Member) -> None:
    for pair in pairs_of(session, member, PairState.PROPOSED):
        pair.state = PairState.ENDED
        pair.decided_at = clock.now()


def propose(session: Session, clock: Clock, house: House) -> list[BuddyPair]:
    """New proposals: each resident who asked and has no buddy (nor a proposal) gets the former
    resident who offered, has room and the fewest buddies (then: who offered first), and with
    whom no earlier proposal was turned down. Both need an open private chat."""
    rows = session.execute(
        select(AftercarePerson, Member)
        .join(Member, Member.id == AftercarePerson.member_id)
        .join(Person, Person.id == Member.person_id)
        .where(AftercarePerson.house_id == house.id, Person.private_chat == PrivateChat.OPEN)
    ).all()
    pairs = session.scalars(select(BuddyPair).where(BuddyPair.house_id == house.id)).all()
    live: dict[int, int] = {}  # member id -> pairs proposed or active, as a buddy
    taken: set[int] = set()  # residents with a buddy or a proposal
    refused = {(p.newcomer_id, p.buddy_id) for p in pairs if p.state not in LIVE_PAIRS}
    pending_buddies = {p.buddy_id for p in pairs if p.state == PairState.PROPOSED}
    for pair in pairs:
        if pair.state in LIVE_PAIRS:
            live[pair.buddy_id] = live.get(pair.buddy_id, 0) + 1
            taken.add(pair.newcomer_id)
    newcomers = sorted(
        (
            (row.wants_buddy_at, member)
            for row, member in rows
            if row.wants_buddy_at is not None
            and member.id not in taken
            and may_ask_buddy(session, clock, member)
        ),
        key=lambda item: (item[0], item[1].id),
    )
    offers = [
        (row.offers_buddy_at, member)
        for row, member in rows
        if row.offers_buddy_at is not None and may_offer_buddy(session, clock, member)
    ]
    made: list[BuddyPair] = []
    for _, newcomer in newcomers:
        candidates = sorted(
            (
                (live.get(buddy.id, 0), offered_at, buddy.id, buddy)
                for offered_at, buddy in offers
                if buddy.person_id != newcomer.person_id
                and live.get(buddy.id, 0) < MAX_BUDDIES
                and buddy.id not in pending_buddies
                and (newcomer.id, buddy.id) not in refused
            ),
            key=lambda item: item[:3],
        )
        if not candidates:
            continue
        buddy = candidates[0][3]
        pair = BuddyPair(
            house_id=house.id,
            newcomer_id=newcomer.id,
            buddy_id=buddy.id,
            state=PairState.PROPOSED,
            newcomer_ok=False,
            buddy_ok=False,
            proposed_at=clock.now(),
        )
        session.add(pair)
        made.append(pair)
        live[buddy.id] = live.get(buddy.id, 0) + 1
        pending_buddies.add(buddy.id)
    session.flush()
    return made


def pair_of(session: Session, pair_id: int, person: Person | None) -> tuple[BuddyPair, Member]:
    """A pair and the tapper's side of it; anyone else's pair is a stale button to them."""
    pair = session.get(BuddyPair, pair_id)
    if pair is None or person is None:
        raise UserError("button.stale")
    for member_id in (pair.newcomer_id, pair.buddy_id):
        member = session.get(Member, member_id)
        if member is not None and member.person_id == person.id:
            return pair, member
    raise UserError("button.stale")


def answer_pair(
    session: Session, clock: Clock, pair: BuddyPair, member: Member, yes: bool
) -> PairAnswer:
    if pair.state != PairState.PROPOSED:
        raise UserError("aftercare.buddy.answered")
    other = other_of(session, pair, member)
    if member.id == pair.newcomer_id and not pair.buddy_ok:
        raise UserError("button.stale")  # the newcomer is asked only after the buddy said yes
    if not yes:
        pair.state = PairState.DECLINED
        pair.decided_at = clock.now()
        return PairAnswer(pair, introduced=False, other=other)
    if member.id == pair.newcomer_id:
        pair.newcomer_ok = True
    else:
        pair.buddy_ok = True
    if pair.newcomer_ok and pair.buddy_ok:
        pair.state = PairState.ACTIVE
        pair.decided_at = clock.now()
        newcomer = session.get(Member, pair.newcomer_id)
        if newcomer is not None:
            person_of(session, newcomer).wants_buddy_at = None
        return PairAnswer(pair, introduced=True, other=other)
    return PairAnswer(pair, introduced=False, other=other)


def unreachable_pair(clock: Clock, pair: BuddyPair) -> None:
    """The newcomer could not be reached when it was their turn: the proposal ends."""
    pair.state = PairState.ENDED
    pair.decided_at = clock.now()


def end_pair(clock: Clock, pair: BuddyPair) -> None:
    if pair.state != PairState.ACTIVE:
        raise UserError("button.stale")
    pair.state = PairState.ENDED
    pair.decided_at = clock.now()
