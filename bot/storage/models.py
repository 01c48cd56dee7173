"""SQLAlchemy 2 typed models. Every row that belongs to a house carries `house_id`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands out aware UTC datetimes, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 (SQLAlchemy API)


def _enum(cls: type[StrEnum]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class MemberStatus(StrEnum):
    RESIDENT = "resident"
    SUPPORTER = "supporter"
    FORMER_RESIDENT = "former_resident"
    GUEST = "guest"


class SupporterKind(StrEnum):
    PEER_WORKER = "peer_worker"
    SOCIAL_WORKER = "social_worker"


class StatusSource(StrEnum):
    """Who set a member's status: nobody yet, the person themself, or the chair / an admin."""

    DISCOVERED = "discovered"
    SELF = "self"  # said "I live here"; not counted (vote, quorum) until a resident confirms
    CONFIRMED = "confirmed"  # said "I live here" and another resident confirmed it
    MANAGER = "manager"


class Role(StrEnum):
    CHAIR = "chair"
    CO_CHAIR = "co_chair"
    CONFIDANT = "confidant"


class PrivateChat(StrEnum):
    UNKNOWN = "unknown"
    OPEN = "open"
    CLOSED = "closed"


class PollKind(StrEnum):
    YES_NO = "yes_no"  # voor / tegen / onthouding
    SINGLE = "single"  # one choice among options
    MULTI = "multi"  # several choices (approval)
    CONSENT = "consent"  # akkoord / kan ermee leven / bezwaar
    ROOM = "room"  # no poll: a decision taken in the meeting room, confirmed by a resident


class PollState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Voters(StrEnum):
    """Who votes: residents always; peer workers and social workers where the house says so."""

    RESIDENTS = "residents"
    WITH_PEER_WORKERS = "with_peer_workers"
    WITH_SOCIAL_WORKERS = "with_social_workers"
    WITH_SUPPORTERS = "with_supporters"  # peer workers and social workers


class Outcome(StrEnum):
    ADOPTED = "adopted"  # yes/no: more for than against; consent: no objection
    REJECTED = "rejected"  # yes/no: not more for than against
    CHOSEN = "chosen"  # an option won
    TIE = "tie"  # options tied: to the meeting
    OBJECTION = "objection"  # consent: an objection, to the meeting
    NO_QUORUM = "no_quorum"  # too few votes: no decision, to the meeting
    DISCUSS = "discuss"  # "discuss first" won or reached the house's threshold: to the meeting


class AgendaSource(StrEnum):
    MEMBER = "member"
    NO_QUORUM = "no_quorum"
    OBJECTION = "objection"
    TIE = "tie"
    REVIEW = "review"
    CONFLICT = "conflict"
    DISCUSS = "discuss"  # a poll the house wanted to discuss first
    AGREEMENT = "agreement"  # an agreement not done by its date (names no owner)


class House(Base):
    __tablename__ = "houses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5))
    group_chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    link_token: Mapped[str] = mapped_column(String(32), unique=True)
    invite_link: Mapped[str | None] = mapped_column(String(200), default=None)
    # House settings (bot/domain/house_settings.py): the house decides them, by a decision.
    anyone_can_poll: Mapped[bool] = mapped_column(Boolean, default=False)
    peer_workers_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    social_workers_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    poll_days: Mapped[int] = mapped_column(Integer, default=3)
    min_poll_hours: Mapped[int] = mapped_column(Integer, default=24)  # the shortest poll
    quorum_percent: Mapped[int] = mapped_column(Integer, default=50)  # the floor of a poll
    reminder_hours: Mapped[str] = mapped_column(String(32), default="24,1")
    # Deciding together (issue 14): a new poll is secret unless the house chose open; open
    # polls show counts, names only if the house chose that; "discuss first" sends a poll to
    # the meeting when it wins or reaches this many votes (0: only when it wins).
    secret_by_default: Mapped[bool] = mapped_column(Boolean, default=True)
    open_names: Mapped[bool] = mapped_column(Boolean, default=False)
    discuss_threshold: Mapped[int] = mapped_column(Integer, default=2)
    # Chair, co-chair and confidant are residents' roles; the house may decide that peer
    # workers (ervaringswerkers) may hold them too.
    peer_workers_hold_roles: Mapped[bool] = mapped_column(Boolean, default=False)
    admission: Mapped[str] = mapped_column(String(16), default="at_once")  # or "two_welcomes"
    # The house's own words (issue 17.6, `bot/house_words.py`): what its texts call a resident
    # and a peer worker; a house setting.
    resident_word: Mapped[str] = mapped_column(String(24), default="bewoner")
    peer_worker_word: Mapped[str] = mapped_column(String(24), default="ervaringswerker")
    created_at: Mapped[datetime]

    members: Mapped[list[Member]] = relationship(back_populates="house")


class Person(Base):
    """A Telegram user the bot knows. Not house-bound: one person may belong to several houses."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(128))
    last_name: Mapped[str | None] = mapped_column(String(128), default=None)
    username: Mapped[str | None] = mapped_column(String(64), default=None)
    telegram_language: Mapped[str | None] = mapped_column(String(16), default=None)
    language: Mapped[str | None] = mapped_column(String(5), default=None)
    private_chat: Mapped[PrivateChat] = mapped_column(
        _enum(PrivateChat), default=PrivateChat.UNKNOWN
    )
    private_chat_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    current_house_id: Mapped[int | None] = mapped_column(
        ForeignKey("houses.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() if self.last_name else self.first_name

    @property
    def name_with_username(self) -> str:
        """The name with the @username, where two people with one name must be told apart:
        a person to pick or to trust."""
        if self.username:
            return f"{self.display_name} (@{self.username})"
        return self.display_name


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("house_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus), default=MemberStatus.GUEST)
    supporter_kind: Mapped[SupporterKind | None] = mapped_column(_enum(SupporterKind), default=None)
    status_source: Mapped[StatusSource] = mapped_column(
        _enum(StatusSource), default=StatusSource.DISCOVERED
    )
    in_group: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[datetime]
    # "Even weg" (`bot.domain.away`): stepping back from everything, no reason asked.
    # `away_back_on` is the first day back; None while away means "until I say".
    away: Mapped[bool] = mapped_column(Boolean, default=False)
    away_back_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The meeting check-in turned off by the person: for good (no date) or until a day.
    checkin_off: Mapped[bool] = mapped_column(Boolean, default=False)
    checkin_back_on: Mapped[date | None] = mapped_column(Date, default=None)

    house: Mapped[House] = relationship(back_populates="members")
    person: Mapped[Person] = relationship(lazy="joined")
    roles: Mapped[list[MemberRole]] = relationship(
        back_populates="member", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)


class MemberRole(Base):
    __tablename__ = "member_roles"
    __table_args__ = (UniqueConstraint("member_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(_enum(Role))
    assigned_at: Mapped[datetime]

    member: Mapped[Member] = relationship(back_populates="roles")


class Prompt(Base):
    """A question the bot asked with a force-reply; the person's reply to it is the answer."""

    __tablename__ = "prompts"
    __table_args__ = (Index("ix_prompts_chat_message", "chat_id", "message_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int | None] = mapped_column(
        ForeignKey("houses.id", ondelete="CASCADE"), default=None, index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text, default="")
    # What the question is about (`poll:12`): it is deleted when that closes (domain.prompts).
    subject: Mapped[str] = mapped_column(String(40), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(index=True)


class Poll(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    question: Mapped[str] = mapped_column(Text)
    frame: Mapped[str | None] = mapped_column(Text, default=None)
    kind: Mapped[PollKind] = mapped_column(_enum(PollKind))
    state: Mapped[PollState] = mapped_column(_enum(PollState), index=True)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    hide_results: Mapped[bool] = mapped_column(Boolean, default=False)
    voters: Mapped[Voters] = mapped_column(_enum(Voters), default=Voters.RESIDENTS)
    quorum_percent: Mapped[int] = mapped_column(Integer, default=50)
    deadline: Mapped[datetime | None] = mapped_column(default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    reminders_sent: Mapped[str] = mapped_column(String(32), default="")
    manual_reminder_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome), default=None)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)
    eligible_count: Mapped[int | None] = mapped_column(Integer, default=None)
    # A secret poll open across a graceful restart: the reasons of the objections counted
    # before it, in a random order, naming nobody (see `bot.domain.ballots`).
    carried_reasons: Mapped[list[str | list[object]] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime]

    options: Mapped[list[PollOption]] = relationship(
        back_populates="poll",
        cascade="all, delete-orphan",
        order_by="PollOption.position",
        lazy="selectin",
    )


class PollOption(Base):
    __tablename__ = "poll_options"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    # Set when the poll closes; for a secret poll the only trace of the choices left.
    final_count: Mapped[int | None] = mapped_column(Integer, default=None)
    # A secret poll open across a graceful restart: the choices counted before it.
    carried: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The "discuss first" option every poll has (always the last one).
    discuss: Mapped[bool] = mapped_column(Boolean, default=False)

    poll: Mapped[Poll] = relationship(back_populates="options")


class Ballot(Base):
    """That a member voted (for turnout). Kept after closing. In a secret poll it never says
    what they chose: while the poll is open `sealed` holds the choice encrypted under a key
    that lives only in the running process (`bot.domain.ballots`); NULL once counted."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # A paper vote of a resident without Telegram (`offline_models.py`), confirmed by a second
    # resident; `member_id` is NULL then.
    offline_id: Mapped[int | None] = mapped_column(
        ForeignKey("offline_residents.id", ondelete="SET NULL"), default=None
    )


class Choice(Base):
    """What a ballot chose in a poll that is not secret (a secret poll never writes one)."""

    __tablename__ = "choices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_options.id", ondelete="CASCADE"))
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    # The objector chose "only for the chair to read out" (issue 14).
    chair_only: Mapped[bool] = mapped_column(Boolean, default=False)


class Decision(Base):
    """An entry of the decision log (besluitenlijst): what a closed poll decided."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("house_id", "year", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id", ondelete="SET NULL"), default=None, unique=True
    )
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    decided_at: Mapped[datetime]
    question: Mapped[str] = mapped_column(Text)
    frame: Mapped[str | None] = mapped_column(Text, default=None)
    kind: Mapped[PollKind] = mapped_column(_enum(PollKind))
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome))
    winner: Mapped[str | None] = mapped_column(String(100), default=None)
    # [[label, count], ...] in the poll's order.
    results: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    turnout: Mapped[int] = mapped_column(Integer)
    eligible: Mapped[int] = mapped_column(Integer)
    quorum_needed: Mapped[int] = mapped_column(Integer)
    quorum_met: Mapped[bool] = mapped_column(Boolean)
    voters: Mapped[Voters | None] = mapped_column(_enum(Voters), default=None)  # who voted
    paper_turnout: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # of turnout
    review_on: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def number(self) -> str:
        return f"{self.year}-{self.seq:03d}"


class AgendaItem(Base):
    """A subject for the next residents' meeting. Anyone may add one."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[AgendaSource] = mapped_column(_enum(AgendaSource))
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    # A member's own item: whether their name shows with it (they choose when adding it in
    # private); `waiting`: added in private, not on the agenda until they chose.
    show_name: Mapped[bool] = mapped_column(Boolean, default=True)
    waiting: Mapped[bool] = mapped_column(Boolean, default=False)
    # An objection's reason only for the chair to read out: the group sees that there is one.
    chair_only: Mapped[bool] = mapped_column(Boolean, default=False)
