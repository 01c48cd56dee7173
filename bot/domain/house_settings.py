"""House settings: what the house decides together, in one registry.

A Telegram group admin (or the chair) does the technical set-up (the group, name, time zone,
language, invite link: `houses.py`). Everything below is the house's: who votes, who may start
polls, the quorum floor, the shortest poll, reminders, retention periods, check-in settings, the
chair's rota overview, admission and the house's own words for its residents and peer workers
(`bot/house_words.py`). Changing one is a proposal that runs as a consent poll
(`propose`), applied only when the poll adopts it (`decided`), with its decision number.

Bootstrap: while a house has fewer than `BOOTSTRAP_RESIDENTS` residents there is no meeting to
ask, so the chair or a group admin may set them directly (`set_directly`); the handler announces
every such change in the group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain import arrivals as arrival_domain
from bot.domain import flag_steps
from bot.domain import flags as flag_domain
from bot.domain import meetings as meeting_domain
from bot.domain import rotas as rota_domain
from bot.domain.errors import UserError
from bot.house_words import PEER_WORKER_WORDS, RESIDENT_WORDS
from bot.storage.flags_models import DEFAULT_RETENTION_WEEKS, FlagSettings
from bot.storage.house_settings_models import ChangeState, HouseSettingChange
from bot.storage.meeting_models import MeetingSettings
from bot.storage.models import (
    Decision,
    House,
    Member,
    MemberStatus,
    Outcome,
    Poll,
)
from bot.storage.rota_models import RotaSettings

Row = TypeVar("Row")

BOOTSTRAP_RESIDENTS = 3
AT_ONCE, TWO_WELCOMES = "at_once", "two_welcomes"  # admission


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@dataclass(frozen=True)
class HouseSetting:
    """One house setting. Values are short strings; `hs.name.<key>` names the setting and
    `hs.value.<key>.<value>` names a value (both languages). A `typed` setting is a text the
    proposer types (the house's own words): `values` is empty, a value is the id of the text's
    `house_texts` row, and "default" the translated default."""

    key: str
    values: tuple[str, ...]
    get: Callable[[Session, House], str]
    put: Callable[[Session, House, str], None]
    typed: bool = False

    @property
    def name_id(self) -> str:
        return f"hs.name.{self.key}"

    def value_id(self, value: str) -> str:
        return f"hs.value.{self.key}.{value}"


def _house_bool(column: str) -> tuple[Callable[[Session, House], str], Callable[..., None]]:
    def get(session: Session, house: House) -> str:
        return _yes_no(bool(getattr(house, column)))

    def put(session: Session, house: House, value: str) -> None:
        setattr(house, column, value == "yes")

    return get, put


def _house_int(column: str) -> tuple[Callable[[Session, House], str], Callable[..., None]]:
    def get(session: Session, house: House) -> str:
        return str(getattr(house, column))

    def put(session: Session, house: House, value: str) -> None:
        setattr(house, column, int(value))

    return get, put


def _house_str(column: str) -> tuple[Callable[[Session, House], str], Callable[..., None]]:
    def get(session: Session, house: House) -> str:
        return str(getattr(house, column))

    def put(session: Session, house: House, value: str) -> None:
        setattr(house, column, value)

    return get, put


def _starters_get(session: Session, house: House) -> str:
    return "anyone" if house.anyone_can_poll else "chair"


def _starters_put(session: Session, house: House, value: str) -> None:
    house.anyone_can_poll = value == "anyone"


REMINDER_CODES = {"24_1": "24,1", "1": "1", "none": ""}


def _reminders_get(session: Session, house: House) -> str:
    return next((c for c, v in REMINDER_CODES.items() if v == house.reminder_hours), "24_1")


def _reminders_put(session: Session, house: House, value: str) -> None:
    house.reminder_hours = REMINDER_CODES[value]


def _existing(session: Session, model: type[Row], house: House) -> Row | None:
    """A feature's settings row, if it exists: showing the settings writes nothing."""
    return session.scalars(
        select(model).where(model.house_id == house.id)  # type: ignore[attr-defined]
    ).one_or_none()


def _checkin_get(session: Session, house: House) -> str:
    row = _existing(session, MeetingSettings, house)
    return str(row.checkin_hours if row else meeting_domain.CHECKIN_HOURS[0])


def _checkin_put(session: Session, house: House, value: str) -> None:
    meeting_domain.settings_of(session, house).checkin_hours = int(value)


def _checkin_keep_get(session: Session, house: House) -> str:
    row = _existing(session, MeetingSettings, house)
    return str(row.retention_weeks if row else meeting_domain.RETENTION_WEEKS[0])


def _checkin_keep_put(session: Session, house: House, value: str) -> None:
    meeting_domain.settings_of(session, house).retention_weeks = int(value)


def _flag_keep_get(session: Session, house: House) -> str:
    row = _existing(session, FlagSettings, house)
    return str(row.retention_weeks if row else DEFAULT_RETENTION_WEEKS)


def _flag_keep_put(session: Session, house: House, value: str) -> None:
    flag_domain.settings(session, house).retention_weeks = int(value)


def _overview_get(session: Session, house: House) -> str:
    row = _existing(session, RotaSettings, house)
    return _yes_no(row.chair_overview if row else False)


def _overview_put(session: Session, house: House, value: str) -> None:
    rota_domain.settings_of(session, house).chair_overview = value == "yes"


def _admission_get(session: Session, house: House) -> str:
    return house.admission if house.admission in (AT_ONCE, TWO_WELCOMES) else AT_ONCE


def _admission_put(session: Session, house: House, value: str) -> None:
    house.admission = value


def _mediator_get(session: Session, house: House) -> str:
    return flag_steps.mediator_text_id(session, house)


def _mediator_put(session: Session, house: House, value: str) -> None:
    flag_steps.set_mediator_text_id(session, house, value)  # "default": none


def _settle_get(session: Session, house: House) -> str:
    return str(arrival_domain.settle_weeks(session, house))


def _settle_put(session: Session, house: House, value: str) -> None:
    arrival_domain.set_settle_weeks(session, house, int(value))


def _ints(values: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


SETTINGS: tuple[HouseSetting, ...] = (
    HouseSetting("peer_workers_vote", ("no", "yes"), *_house_bool("peer_workers_vote")),
    HouseSetting("social_workers_vote", ("no", "yes"), *_house_bool("social_workers_vote")),
    HouseSetting("starters", ("chair", "anyone"), _starters_get, _starters_put),
    HouseSetting("quorum", ("0", "33", "50", "67", "100"), *_house_int("quorum_percent")),
    HouseSetting("min_poll_hours", ("1", "24", "72"), *_house_int("min_poll_hours")),
    HouseSetting("poll_days", ("1", "3", "7"), *_house_int("poll_days")),
    HouseSetting("reminders", tuple(REMINDER_CODES), _reminders_get, _reminders_put),
    HouseSetting("checkin_hours", _ints(meeting_domain.CHECKIN_HOURS), _checkin_get, _checkin_put),
    HouseSetting(
        "checkin_keep_weeks",
        _ints(meeting_domain.RETENTION_WEEKS),
        _checkin_keep_get,
        _checkin_keep_put,
    ),
    HouseSetting(
        "flag_keep_weeks", _ints(flag_domain.RETENTION_CHOICES), _flag_keep_get, _flag_keep_put
    ),
    HouseSetting("rota_overview", ("no", "yes"), _overview_get, _overview_put),
    HouseSetting("admission", (AT_ONCE, TWO_WELCOMES), _admission_get, _admission_put),
    HouseSetting("peer_workers_hold_roles", ("no", "yes"), *_house_bool("peer_workers_hold_roles")),
    HouseSetting("secret_by_default", ("yes", "no"), *_house_bool("secret_by_default")),
    HouseSetting("open_names", ("no", "yes"), *_house_bool("open_names")),
    HouseSetting("discuss_threshold", ("2", "3", "0"), *_house_int("discuss_threshold")),
    # issue 17.5: how to reach a mediator from outside, shown to a reporter who asks for one
    HouseSetting("mediator", (), _mediator_get, _mediator_put, typed=True),
    # The house's own words (issue 17.6, bot/house_words.py).
    HouseSetting("resident_word", tuple(RESIDENT_WORDS), *_house_str("resident_word")),
    HouseSetting("peer_worker_word", tuple(PEER_WORKER_WORDS), *_house_str("peer_worker_word")),
    # Arriving (issue 17.4): the settling-in period and the "Zo doen wij het hier" text.
    HouseSetting("settle_weeks", _ints(arrival_domain.SETTLE_WEEKS), _settle_get, _settle_put),
    HouseSetting(
        arrival_domain.HOUSE_WAY,
        (),
        arrival_domain.house_way_id,
        arrival_domain.set_house_way,
        typed=True,
    ),
)
BY_KEY = {s.key: s for s in SETTINGS}


def setting_at(index: int) -> HouseSetting:
    """The setting of a button's index (anything else: the button is stale)."""
    if not 0 <= index < len(SETTINGS):
        raise UserError("button.stale")
    return SETTINGS[index]


def value_at(setting: HouseSetting, index: int) -> str:
    if not 0 <= index < len(setting.values):
        raise UserError("button.stale")
    return setting.values[index]


# --- the record --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Current:
    setting: HouseSetting
    value: str
    change: HouseSettingChange | None  # the latest applied change; None: the default
    decision: Decision | None
    pending: HouseSettingChange | None  # a proposal whose poll runs


def current(session: Session, house: House) -> list[Current]:
    """Every setting with its value, the decision behind it and a running proposal."""
    changes = session.scalars(
        select(HouseSettingChange)
        .where(HouseSettingChange.house_id == house.id)
        .order_by(HouseSettingChange.id)
    ).all()
    applied: dict[str, HouseSettingChange] = {}
    pending: dict[str, HouseSettingChange] = {}
    for change in changes:
        if change.state == ChangeState.APPLIED:
            applied[change.key] = change
        elif change.state == ChangeState.PROPOSED:
            pending[change.key] = change
    rows = []
    for setting in SETTINGS:
        last = applied.get(setting.key)
        decision = (
            session.get(Decision, last.decision_id)
            if last is not None and last.decision_id is not None
            else None
        )
        rows.append(
            Current(
                setting,
                setting.get(session, house),
                last,
                decision,
                pending.get(setting.key),
            )
        )
    return rows


def resident_count(session: Session, house: House) -> int:
    return int(
        session.scalar(
            select(func.count(Member.id)).where(
                Member.house_id == house.id, Member.status == MemberStatus.RESIDENT
            )
        )
        or 0
    )


def bootstrapping(session: Session, house: House) -> bool:
    """Fewer than three residents: no meeting yet to decide, so set-up may set directly."""
    return resident_count(session, house) < BOOTSTRAP_RESIDENTS


def _check_value(setting: HouseSetting, value: str) -> None:
    if setting.typed:
        if not value.isdigit():
            raise UserError("button.stale")
        return
    if value not in setting.values:
        raise UserError("button.stale")


def set_directly(
    session: Session,
    clock: Clock,
    house: House,
    member: Member | None,
    setting: HouseSetting,
    value: str,
    *,
    may_set_up: bool,
) -> bool:
    """The bootstrap path: the chair or a group admin (`may_set_up`), while the house has
    fewer than three residents. False if the value was so already."""
    _check_value(setting, value)
    if not bootstrapping(session, house):
        raise UserError("hs.by_decision")
    if not may_set_up:
        raise UserError("hs.bootstrap_only_setup")
    if setting.get(session, house) == value:
        return False
    setting.put(session, house, value)
    session.add(
        HouseSettingChange(
            house_id=house.id,
            key=setting.key,
            value=value,
            state=ChangeState.APPLIED,
            by_member_id=member.id if member else None,
            created_at=clock.now(),
            decided_at=clock.now(),
        )
    )
    session.flush()
    return True


def check_proposal(
    session: Session, house: House, member: Member | None, setting: HouseSetting, value: str
) -> None:
    """Any resident may propose a change; one proposal per setting at a time."""
    _check_value(setting, value)
    if member is None or member.status != MemberStatus.RESIDENT:
        raise UserError("hs.only_residents_propose")
    if setting.get(session, house) == value:
        raise UserError("hs.already")
    running = session.scalar(
        select(HouseSettingChange.id).where(
            HouseSettingChange.house_id == house.id,
            HouseSettingChange.key == setting.key,
            HouseSettingChange.state == ChangeState.PROPOSED,
        )
    )
    if running is not None:
        raise UserError("hs.already_voting")


def propose(
    session: Session,
    clock: Clock,
    house: House,
    member: Member,
    setting: HouseSetting,
    value: str,
    poll: Poll,
) -> HouseSettingChange:
    """Record the proposal that `poll` (a consent poll, not yet posted) decides."""
    check_proposal(session, house, member, setting, value)
    change = HouseSettingChange(
        house_id=house.id,
        key=setting.key,
        value=value,
        state=ChangeState.PROPOSED,
        poll_id=poll.id,
        by_member_id=member.id,
        created_at=clock.now(),
    )
    session.add(change)
    session.flush()
    return change


def decided(
    session: Session, clock: Clock, house: House, poll: Poll, decision: Decision
) -> HouseSettingChange | None:
    """A poll closed: apply the setting it proposed if (and only if) it was adopted."""
    change = session.scalars(
        select(HouseSettingChange).where(
            HouseSettingChange.poll_id == poll.id,
            HouseSettingChange.state == ChangeState.PROPOSED,
        )
    ).one_or_none()
    if change is None:
        return None
    change.decision_id, change.decided_at = decision.id, clock.now()
    setting = BY_KEY.get(change.key)
    if decision.outcome != Outcome.ADOPTED or setting is None:
        change.state = ChangeState.NOT_APPLIED
        return change
    setting.put(session, house, change.value)
    change.state = ChangeState.APPLIED
    session.flush()
    return change


def changed_by(session: Session, change: HouseSettingChange) -> Member | None:
    return session.get(Member, change.by_member_id) if change.by_member_id else None


def when(change: HouseSettingChange) -> datetime:
    return change.decided_at or change.created_at
