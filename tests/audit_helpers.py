"""The world of the authorization audit and the bad-input tests: two houses and everyone in them.

De Boog (its own group): Anna (resident and admin of the Telegram group), Bram (resident and
chair), Rik (resident), Sam (supporter, peer worker), Fien (former resident) and Gert (guest).
Zoe lives in Het Anker (another house, its own group, chaired by Henk). She is in De Boog's
Telegram group too but nobody ever made her a member there: the one command she sent there made
her a discovered guest of De Boog (the designed behaviour). Everyone opened the private chat
with their own house's link, so Zoe's private chat is about Het Anker.

An aftercare group is added on demand (`link_aftercare`): "Nazorg De Boog" (Bram, its admin, and
Fien), linked the way a house does it (the bot added as an admin, Bram sends /setup nazorg
there); Het Anker's (Henk, its admin) likewise. The other rows of aftercare (a move-out
question, a buddy pair, a monthly "how are you?", a help request) are made by their fixtures
below, as the feature leaves them.

Every status and role is arranged directly in the database (the transcripts of doing it by hand
are in test_people.py). `snapshot()` reads every row of every table, so "changes nothing" is
checked on the whole database, not on a counter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.callbacks import codec
from bot.clock import ManualClock
from bot.domain import aftercare as aftercare_domain
from bot.domain import checkins as checkin_domain
from bot.domain import meetings as meeting_domain
from bot.domain import rules as rules_domain
from bot.domain.privacy import forgotten_key
from bot.handlers.aftercare import HelpTap
from bot.handlers.polls import Vote
from bot.i18n import I18n, Translator
from bot.storage.aftercare_models import AftercareMove, BuddyPair, PairState
from bot.storage.db import Database
from bot.storage.flags_models import Flag, FlagNotice, FlagRoute, FlagState, FlagTopic
from bot.storage.meeting_models import Meeting
from bot.storage.models import (
    Decision,
    House,
    Member,
    MemberRole,
    MemberStatus,
    Outcome,
    Person,
    PollKind,
    PrivateChat,
    Role,
    StatusSource,
    SupporterKind,
)
from bot.storage.rota_models import (
    Frequency,
    RotaSeat,
    RotaSettings,
    RotaTask,
    RotaTurn,
    RotaVolunteer,
    TaskState,
)
from bot.storage.rules_models import Rule, RuleState
from bot.storage.schema import load_models
from tests.conftest import Bot, FakeTime, start_bot
from tests.fake_telegram import FakeChat, FakeMessage, FakeTelegram, FakeUser, Reply, parse_html

# The roles of the audit, in the order of the table's columns.
ROLES = ("anna", "bram", "rik", "sam", "fien", "gert", "zoe")
I18N = I18n()
A = TypeVar("A")


@dataclass
class World:
    bot: Bot
    language: str
    users: dict[str, FakeUser]
    boog: FakeChat  # De Boog's group
    anker: FakeChat  # Het Anker's group
    boog_id: int
    anker_id: int
    members: dict[str, int]  # De Boog member ids (Zoe's is her discovered guest membership)
    anker_members: dict[str, int]  # Het Anker member ids: henk, zoe
    inboxes: dict[str, FakeMessage] = field(default_factory=dict)  # a bot message per chat
    boog_token: str = ""  # De Boog's link: the private-chat button in its group opens it
    first_call: int = 0
    first_violation: int = 0
    aftercare: dict[str, FakeChat] = field(default_factory=dict)  # "boog"/"anker": its group

    # --- texts ---------------------------------------------------------------------------
    @property
    def t(self) -> Translator:
        return I18N(self.language)

    def html(self, msgid: str, **params: object) -> str:
        """A text as the bot makes it (HTML); popups are compared with this."""
        return str(self.t(msgid, **params))

    def popup(self, msgid: str, **params: object) -> str:
        return self.html(msgid, **params)[:200]

    def text(self, msgid: str, **params: object) -> str:
        """A text as a person reads it in a message."""
        return parse_html(self.html(msgid, **params))[0]

    def texts(self, *html: str) -> str:
        """Texts the bot joined into one message, as a person reads it."""
        return parse_html("\n".join(html))[0]

    def cmd(self, english: str, dutch: str) -> str:
        return f"/{english}" if self.language == "en" else f"/{dutch}"

    # --- talking ---------------------------------------------------------------------------
    def user(self, who: str) -> FakeUser:
        return self.users[who]

    async def group(
        self, who: str, text: str, reply_to: FakeMessage | None = None, chat: FakeChat | None = None
    ) -> Reply:
        return await self.bot.driver.send(
            self.user(who), text, chat=chat or self.boog, reply_to=reply_to
        )

    async def private(self, who: str, text: str, reply_to: FakeMessage | None = None) -> Reply:
        return await self.bot.driver.send(self.user(who), text, reply_to=reply_to)

    async def tap(self, who: str, message: FakeMessage, action: object) -> Reply:
        """A tap with the callback data of `action` (a button of the message, or forged)."""
        return await self.bot.driver.tap_data(self.user(who), message, codec.encode(action))

    def member(self, who: str, house: str = "boog") -> int:
        """A member id: of De Boog, or (house="anker") of Het Anker (Henk, Zoe)."""
        return self.members[who] if house == "boog" else self.anker_members[who]

    def house_id(self, house: str) -> int:
        return self.boog_id if house == "boog" else self.anker_id

    def inbox(self, who: str) -> FakeMessage:
        """A message of the bot in the person's private chat (to tap forged data on)."""
        return self.inboxes[who]

    def card(self) -> FakeMessage:
        """The bot's house card in De Boog's group (sent when the house was registered)."""
        return self.inboxes["boog"]

    # --- the database ------------------------------------------------------------------------
    async def db(self, fn: Callable[[Session], A]) -> A:
        return await bot_db(self.bot, fn)

    async def snapshot(self, house_id: int | None = None) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table that belongs to this world's houses and people (or to one
        house only). A table that belongs to no house fails here, so the audit stays whole."""
        houses = [house_id] if house_id is not None else [self.boog_id, self.anker_id]
        telegram_ids = [u.id for u in self.users.values()]

        def read(session: Session) -> dict[str, list[tuple[Any, ...]]]:
            people = list(
                session.scalars(select(Person.id).where(Person.telegram_id.in_(telegram_ids)))
            )
            found: dict[str, list[tuple[Any, ...]]] = {}
            for table in load_models().sorted_tables:
                query = select(*table.columns)
                if table.name == "houses":
                    query = query.where(table.c.id.in_(houses))
                elif table.name == "people":
                    if house_id is not None:
                        continue
                    query = query.where(table.c.id.in_(people))
                elif table.name == "prompts" and house_id is None:
                    query = query.where(
                        or_(table.c.house_id.in_(houses), table.c.person_id.in_(people))
                    )
                elif "house_id" in table.c:
                    query = query.where(table.c.house_id.in_(houses))
                elif table.name == "forgotten":  # this world's people who used /forgetme
                    if house_id is not None:
                        continue
                    keys = [forgotten_key(telegram_id) for telegram_id in telegram_ids]
                    query = query.where(table.c.key.in_(keys))
                elif table.name == "pending_sends":
                    pass  # no house: a send waiting for Telegram; empty between units of work
                else:
                    raise AssertionError(f"table {table.name} belongs to no house")
                found[table.name] = sorted((tuple(row) for row in session.execute(query)), key=repr)
            return found

        return await self.db(read)

    def crashes(self) -> list[str]:
        """Every "something went wrong" the bot sent since this world was made."""
        generic = {str(I18N(lang)("error.generic")) for lang in ("nl", "en")}
        return [
            f"{c.method} {c.params.get('chat_id', '')}"
            for c in self.bot.tg.calls[self.first_call :]
            if c.method in ("sendMessage", "answerCallbackQuery")
            and str(c.params.get("text", "")) in generic
        ]

    def assert_sound(self) -> None:
        """No handler failed and no call broke the Bot API spec since this world was made."""
        assert self.crashes() == []
        assert self.bot.tg.violations[self.first_violation :] == []

    def now(self) -> datetime:
        return self.bot.clock.now()

    def today(self) -> date:
        return self.now().astimezone(ZoneInfo("Europe/Amsterdam")).date()


def decoded(message: FakeMessage) -> list[object]:
    """The actions behind the message's callback buttons."""
    return [
        codec.decode(b.callback_data)
        for row in message.buttons
        for b in row
        if b.callback_data is not None
    ]


def button(message: FakeMessage, kind: type[A], **fields: object) -> A:
    """The one button of `message` whose action is a `kind` with these field values."""
    found = [
        a
        for a in decoded(message)
        if isinstance(a, kind) and all(getattr(a, k) == v for k, v in fields.items())
    ]
    assert len(found) == 1, (kind.__name__, fields, decoded(message))
    return found[0]


def has_button(message: FakeMessage, kind: type[Any]) -> bool:
    return any(isinstance(a, kind) for a in decoded(message))


def quiet(reply: Reply) -> None:
    """The bot sent, edited and deleted nothing (a popup aside)."""
    assert reply.sent == [], reply.texts
    assert reply.edits == [], [m.text for m in reply.edits]
    assert reply.deleted == []


def assert_refused(reply: Reply, popup: str) -> None:
    """A tapped button answered with a polite popup and nothing else."""
    assert reply.popup == popup
    assert reply.popup_alert
    quiet(reply)


def arrange(
    session: Session,
    now: datetime,
    house_id: int,
    user: FakeUser,
    status: MemberStatus,
    *roles: Role,
    kind: SupporterKind | None = None,
) -> Member:
    """A member of one house as the chair or an admin set them, with the private chat open."""
    person = session.scalars(select(Person).where(Person.telegram_id == user.id)).one_or_none()
    if person is None:
        person = Person(
            telegram_id=user.id,
            first_name=user.first_name,
            last_name=user.last_name,
            username=user.username,
            telegram_language=user.language_code,
            created_at=now,
        )
        session.add(person)
        session.flush()
    person.private_chat, person.private_chat_changed_at = PrivateChat.OPEN, now
    person.current_house_id = house_id
    member = session.scalars(
        select(Member).where(Member.house_id == house_id, Member.person_id == person.id)
    ).one_or_none()
    if member is None:
        member = Member(house_id=house_id, person_id=person.id, joined_at=now)
        session.add(member)
    member.status, member.supporter_kind = status, kind
    member.status_source, member.in_group = StatusSource.MANAGER, True
    member.joined_at = now - timedelta(days=100)  # they have lived here a while
    member.roles = [MemberRole(house_id=house_id, role=role, assigned_at=now) for role in roles]
    session.flush()
    return member


async def make_world(bot: Bot, language: str = "nl") -> World:
    """Both houses with everyone in them (see the module's docstring)."""
    tg, driver = bot.tg, bot.driver
    first_call, first_violation = len(tg.calls), len(tg.violations)
    users = {
        name.lower(): tg.add_user(name, username=name.lower(), language_code=language)
        for name in ("Anna", "Bram", "Rik", "Sam", "Fien", "Gert", "Zoe", "Henk")
    }
    boog = tg.add_group(
        "De Boog", members=[users[n] for n in ROLES], admins=[users["anna"]], bot_in_group=False
    )
    anker = tg.add_group("Het Anker", members=[users["henk"], users["zoe"]], admins=[users["henk"]])
    # De Boog is registered the way a house is: the admin adds the bot and sends /setup.
    await driver.bot_added(boog, by=users["anna"])
    registered = await driver.send(users["anna"], "/setup", chat=boog)
    card = [m for m in registered.to(boog) if m.buttons][-1]
    for user in users.values():
        tg.start_bot(user)
    now = bot.clock.now()
    statuses: dict[str, tuple[MemberStatus, tuple[Role, ...], SupporterKind | None]] = {
        "anna": (MemberStatus.RESIDENT, (), None),
        "bram": (MemberStatus.RESIDENT, (Role.CHAIR,), None),
        "rik": (MemberStatus.RESIDENT, (), None),
        "sam": (MemberStatus.SUPPORTER, (), SupporterKind.PEER_WORKER),
        "fien": (MemberStatus.FORMER_RESIDENT, (), None),
        "gert": (MemberStatus.GUEST, (), None),
    }

    def arrange_all(session: Session) -> tuple[int, int, dict[str, int], dict[str, int], str]:
        boog_house = session.scalars(select(House).where(House.group_chat_id == boog.id)).one()
        boog_house.language = language
        anker_house = House(
            name="Het Anker",
            timezone=boog_house.timezone,
            language=language,
            group_chat_id=anker.id,
            active=True,
            link_token=f"anker{abs(anker.id)}",
            created_at=now,
        )
        session.add(anker_house)
        session.flush()
        members = {}
        for name, (status, roles, kind) in statuses.items():
            found = arrange(session, now, boog_house.id, users[name], status, *roles, kind=kind)
            members[name] = found.id
        anker_members = {
            "henk": arrange(
                session, now, anker_house.id, users["henk"], MemberStatus.RESIDENT, Role.CHAIR
            ).id,
            "zoe": arrange(session, now, anker_house.id, users["zoe"], MemberStatus.RESIDENT).id,
        }
        return boog_house.id, anker_house.id, members, anker_members, boog_house.link_token

    boog_id, anker_id, members, anker_members, boog_token = await bot_db(bot, arrange_all)
    # Zoe once asked for help in De Boog's group: that made her a guest there, nothing more.
    await driver.send(users["zoe"], "/help", chat=boog)

    def zoe_in_boog(session: Session) -> int:
        zoe = session.scalars(
            select(Member)
            .join(Person)
            .where(Member.house_id == boog_id, Person.telegram_id == users["zoe"].id)
        ).one()
        assert zoe.status == MemberStatus.GUEST and zoe.status_source == StatusSource.DISCOVERED
        assert zoe.person.current_house_id == anker_id  # her private chat is about Het Anker
        return zoe.id

    members["zoe"] = await bot_db(bot, zoe_in_boog)
    # A message of the bot in every private chat, to tap (forged) buttons on.
    inboxes = {"boog": card}
    for name, user in users.items():
        sent = await bot.app.bot.send_message(user.id, "👋")
        found = tg.message(user, sent.message_id)
        assert found is not None
        inboxes[name] = found
    return World(
        bot,
        language,
        users,
        boog,
        anker,
        boog_id,
        anker_id,
        members,
        anker_members,
        inboxes,
        boog_token,
        first_call,
        first_violation,
    )


async def bot_db(bot: Bot, fn: Callable[[Session], A]) -> A:
    async with bot.database.transaction() as session:
        return fn(session)


# --- one bot for a module, a fresh world for every test ---------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_bot(database_url: str) -> AsyncIterator[Bot]:
    """One running bot for the module's tests (on each database): every test makes a world
    of its own (two fresh houses and their people, a few ms), so no test sees another's."""
    database = Database(database_url)
    clock = ManualClock()
    tg = FakeTelegram(clock=clock, bot_username="HuisBot")
    running = await start_bot(tg, clock, database, FakeTime())
    yield running
    await running.driver.stop()
    tg.assert_clean()
    with database.engine.begin() as connection:
        for table in reversed(load_models().sorted_tables):
            connection.execute(table.delete())
    database.dispose()


WorldFactory = Callable[..., Awaitable[World]]


@pytest.fixture
def new_world(shared_bot: Bot) -> WorldFactory:
    """The factory: `await new_world()` or `await new_world("en")`."""

    async def make(language: str = "nl") -> World:
        return await make_world(shared_bot, language)

    return make


# --- things a house has: arranged directly, the way the features leave them -----------------


async def add_decision(
    world: World, question: str = "Nemen we een kat?", house_id: int | None = None
) -> int:
    """A decision in the log (as a closed poll leaves it). Returns its id."""
    house_id = house_id or world.boog_id

    def make(session: Session) -> int:
        seq = (
            session.scalar(select(func.max(Decision.seq)).where(Decision.house_id == house_id)) or 0
        ) + 1
        decision = Decision(
            house_id=house_id,
            poll_id=None,
            year=world.now().year,
            seq=seq,
            decided_at=world.now() - timedelta(days=1),
            question=question,
            frame=None,
            kind=PollKind.YES_NO,
            secret=False,
            outcome=Outcome.ADOPTED,
            winner=None,
            results=[["yes", 3], ["no", 0], ["abstain", 0]],
            turnout=3,
            eligible=3,
            quorum_needed=2,
            quorum_met=True,
        )
        session.add(decision)
        session.flush()
        return decision.id

    return await world.db(make)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of De Boog's calendar (Europe/Amsterdam), as aware UTC."""
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/Amsterdam")
    ).astimezone(UTC)


async def post_poll(world: World, question: str = "Nemen we een kat?") -> tuple[int, FakeMessage]:
    """The chair posts a yes/no poll with the quick form: (poll id, the poll message). The
    chair's controls went to his private chat."""
    reply = await world.group("bram", f"{world.cmd('poll', 'stemming')} {question}")
    posted = reply.to(world.boog)
    assert len(posted) == 1, reply.texts
    vote = decoded(posted[0])[0]
    assert isinstance(vote, Vote)
    return vote.poll_id, posted[0]


async def plan_meeting(world: World, ahead: timedelta = timedelta(minutes=30)) -> int:
    """A one-off meeting of De Boog, planned by the chair (as the domain leaves it)."""

    def plan(session: Session) -> int:
        house = session.get(House, world.boog_id)
        assert house is not None
        meeting, _ = meeting_domain.plan_once(session, world.bot.clock, house, world.now() + ahead)
        session.flush()
        return meeting.id

    return await world.db(plan)


async def hold_meeting(world: World) -> int:
    """A meeting of De Boog that was held, chaired by Bram."""
    meeting_id = await plan_meeting(world)

    def hold(session: Session) -> None:
        house = session.get(House, world.boog_id)
        meeting = session.get(Meeting, meeting_id)
        assert house is not None and meeting is not None
        meeting_domain.hold(session, world.bot.clock, house, meeting)

    await world.db(hold)
    return meeting_id


async def add_checkin(world: World, who: str, level: int | None = None) -> int:
    """A check-in question of the planned meeting to `who` (answered with `level`)."""
    meeting_id = await plan_meeting(world, timedelta(hours=3))

    def ask(session: Session) -> int:
        meeting = session.get(Meeting, meeting_id)
        member = session.get(Member, world.members[who])
        assert meeting is not None and member is not None
        checkin = checkin_domain.new_checkin(session, world.bot.clock, meeting, member)
        if level is not None:
            checkin_domain.answer_level(session, world.bot.clock, checkin, level)
        return checkin.id

    return await world.db(ask)


async def add_task(world: World, name: str, *volunteers: str) -> int:
    """An active daily task of De Boog at 17:00 without a backup; the house's rota is
    planned for the week (nobody is put on it by a later look)."""

    def make(session: Session) -> int:
        now = world.now()
        task = RotaTask(
            house_id=world.boog_id,
            name=name,
            frequency=Frequency.DAILY,
            start_on=world.today(),
            at_minute=17 * 60,
            per_turn=1,
            backup=False,
            state=TaskState.ACTIVE,
            created_by_id=world.members["bram"],
            created_at=now,
        )
        session.add(task)
        if (
            session.scalars(
                select(RotaSettings).where(RotaSettings.house_id == world.boog_id)
            ).one_or_none()
            is None
        ):
            session.add(
                RotaSettings(
                    house_id=world.boog_id,
                    thanks=True,
                    planned_until=world.today() + timedelta(days=6),
                    residents_checked_at=now,
                )
            )
        session.flush()
        for who in volunteers:
            session.add(
                RotaVolunteer(
                    house_id=world.boog_id,
                    task_id=task.id,
                    member_id=world.members[who],
                    joined_at=now,
                )
            )
        session.flush()
        return task.id

    return await world.db(make)


async def add_turn(world: World, task_id: int, who: str) -> int:
    """Today's turn of a task, held by `who`."""

    def make(session: Session) -> int:
        today = world.today()
        turn = RotaTurn(
            house_id=world.boog_id,
            task_id=task_id,
            day=today,
            due_at=utc(today, 17),
            private_at=utc(today - timedelta(days=1), 19),
            private_done=True,
        )
        turn.seats = [RotaSeat(house_id=world.boog_id, member_id=world.members[who], fixed=True)]
        session.add(turn)
        session.flush()
        return turn.id

    return await world.db(make)


async def add_sent_flag(world: World, reporter: str, confidant: str) -> int:
    """A report of `reporter`, sent to `confidant` (who has the role): the confidant's
    message about it is the one in their private chat."""
    notice = world.inbox(confidant)

    def make(session: Session) -> int:
        now = world.now()
        member = session.get(Member, world.members[confidant])
        assert member is not None
        member.roles.append(
            MemberRole(house_id=world.boog_id, role=Role.CONFIDANT, assigned_at=now)
        )
        flag = Flag(
            house_id=world.boog_id,
            reporter_id=world.members[reporter],
            topic=FlagTopic.CONFLICT,
            route=FlagRoute.CONFIDANTS,
            state=FlagState.SENT,
            text="Er is steeds ruzie over de afwas.",
            created_at=now,
            sent_at=now,
        )
        session.add(flag)
        session.flush()
        session.add(
            FlagNotice(
                house_id=world.boog_id,
                flag_id=flag.id,
                member_id=member.id,
                chat_id=notice.chat.id,
                message_id=notice.message_id,
            )
        )
        session.flush()
        return flag.id

    return await world.db(make)


async def add_rule(world: World, text: str = "Na 23:00 is het stil in huis.") -> int:
    """An adopted rule in De Boog's book (number 1, 2, …)."""

    def make(session: Session) -> int:
        now = world.now()
        house = session.get(House, world.boog_id)
        assert house is not None
        rule = Rule(
            house_id=world.boog_id,
            number=rules_domain.next_number(session, house),
            text=text,
            state=RuleState.ADOPTED,
            created_at=now,
            updated_at=now,
        )
        session.add(rule)
        session.flush()
        return rule.id

    return await world.db(make)


# --- aftercare: the group, move-outs, buddies, the monthly question, help requests -------------


async def link_aftercare(world: World, house: str = "boog") -> FakeChat:
    """The house's aftercare group, linked as a house does it: its chair (an admin of the new
    group) adds the bot as an admin and sends /setup nazorg there. De Boog's has Bram and Fien
    in it; Het Anker's has Henk. Made once per world."""
    if house in world.aftercare:
        return world.aftercare[house]
    tg, driver = world.bot.tg, world.bot.driver
    chair = world.user("bram" if house == "boog" else "henk")
    members = [chair, world.user("fien")] if house == "boog" else [chair]
    title = "Nazorg De Boog" if house == "boog" else "Nazorg Het Anker"
    group = tg.add_group(title, members=members, admins=[chair], bot_in_group=False)
    await driver.bot_added(group, by=chair, as_admin=True)
    reply = await driver.send(chair, "/setup nazorg", chat=group)
    assert len(reply.to(group)) == 1, reply.texts
    world.aftercare[house] = group
    return group


async def add_move(world: World, who: str, by: str | None = None, house: str = "boog") -> int:
    """An open move-out question to `who` (a resident): started by them, or by the chair `by`.
    Nothing about them changed yet. Returns the move's id."""

    def make(session: Session) -> int:
        home = session.get(House, world.house_id(house))
        member = session.get(Member, world.member(who, house))
        chair = session.get(Member, world.member(by, house)) if by is not None else None
        assert home is not None and member is not None
        return aftercare_domain.start_move(session, world.bot.clock, home, member, chair).id

    return await world.db(make)


async def move_out(world: World, who: str) -> int:
    """`who` confirmed moving out of De Boog: a former resident now, whose question "a goodbye
    in the group?" is still open. Returns the move's id."""
    move_id = await add_move(world, who)

    def confirm(session: Session) -> None:
        move = session.get(AftercareMove, move_id)
        member = session.get(Member, world.members[who])
        assert move is not None and member is not None
        aftercare_domain.confirm_move(session, world.bot.clock, move, member, member.person)

    await world.db(confirm)
    return move_id


async def add_pair(
    world: World,
    newcomer: str,
    buddy: str,
    state: PairState = PairState.PROPOSED,
    house: str = "boog",
) -> int:
    """A buddy pair of a resident (`newcomer`, who asked) and a former resident (`buddy`, who
    offered): proposed to both, or active (both said yes). Returns the pair's id."""

    def make(session: Session) -> int:
        now = world.now()
        active = state == PairState.ACTIVE
        pair = BuddyPair(
            house_id=world.house_id(house),
            newcomer_id=world.member(newcomer, house),
            buddy_id=world.member(buddy, house),
            state=state,
            newcomer_ok=active,
            buddy_ok=active,
            proposed_at=now - timedelta(days=1),
            decided_at=now if active else None,
        )
        session.add(pair)
        session.flush()
        return pair.id

    return await world.db(make)


async def add_aftercare_checkin(
    world: World, who: str, level: int | None = None, house: str = "boog"
) -> int:
    """This month's "how are you?" to `who` (answered with `level`). Returns its id."""

    def ask(session: Session) -> int:
        member = session.get(Member, world.member(who, house))
        assert member is not None
        clock = world.bot.clock
        checkin = aftercare_domain.new_checkin(session, clock, member, world.now())
        if level is not None:
            aftercare_domain.answer_level(clock, checkin, level)
        return checkin.id

    return await world.db(ask)


async def add_help_request(world: World, house: str = "boog") -> tuple[int, FakeMessage]:
    """The chair (Bram, or Henk for Het Anker) asks the house's aftercare group for help with
    the command in the residents' group: (the request's id, its message in the aftercare
    group, with the "I'll help" button)."""
    group = await link_aftercare(world, house)
    chair, chat = ("bram", world.boog) if house == "boog" else ("henk", world.anker)
    words = "help" if world.language == "en" else "hulp"
    command = f"{world.cmd('aftercare', 'nazorg')} {words} Wie helpt zaterdag met een verhuizing?"
    reply = await world.group(chair, command, chat=chat)
    posted = reply.to(group)
    assert len(posted) == 1, reply.texts
    return button(posted[0], HelpTap).request_id, posted[0]
