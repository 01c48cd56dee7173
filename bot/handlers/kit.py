"""What every handler stands on: the per-update context and the one-transaction wrapper.

`wrap(deps, fn)` turns `async fn(ctx)` into a PTB callback that
1. opens one database transaction for the update,
2. records who wrote (person, membership, open private chat) - so member discovery needs no
   handler of its own,
3. runs `fn`, commits, and answers a tapped button if `fn` did not,
4. on a `UserError` rolls back and answers with the translated text (a popup for a button).
Anything else propagates to the one error handler (`bot.handlers.errors`).

`Work` is one unit of work (an update or a job) and how it sends: `send_private` / `send_group`
at once (what the send teaches recorded in the work's session), `post_private` / `post_group`
after the commit (`bot.telegram.outbox`), and `send_soon` / `send_group_soon` /
`send_private_soon` for code shared by updates and jobs: at once for an update (`Ctx`), after the
commit for a job. `Ctx` is the work of one update.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from telegram import (
    Bot,
    Chat,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.callbacks import CallbackCodec, InvalidCallback
from bot.clock import Clock
from bot.domain import houses as house_domain
from bot.domain import members as member_domain
from bot.domain import privacy as privacy_domain
from bot.domain.errors import UserError
from bot.i18n import I18n, Translator
from bot.jobs.scheduler import Scheduler
from bot.logs import log_update
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.models import House, Member, Person, PrivateChat
from bot.telegram import messenger, outbox
from bot.telegram.ratelimit import SendDropped, must_wait
from bot.telegram.taps import answer_tap

log = logging.getLogger(__name__)

POPUP_MAX = 200
A = TypeVar("A")


@dataclass
class Deps:
    """Everything handlers need, built once by `build_application`."""

    settings: Settings
    db: Database
    clock: Clock
    i18n: I18n
    codec: CallbackCodec
    scheduler: Scheduler
    bot: Bot  # the application's bot, for scheduled work
    # Run at start-up, each in a transaction of its own: rebuild schedules from the database.
    startup_hooks: list[Callable[[Work], Awaitable[None]]] = field(default_factory=list)
    # Run at a graceful stop (SIGTERM, Ctrl-C), each in a transaction of its own, while the
    # database is still open: save what lives only in memory (a secret poll's counts).
    stop_hooks: list[Callable[[Work], Awaitable[None]]] = field(default_factory=list)
    hooks: Hooks = field(default_factory=lambda: Hooks())


@dataclass
class Hooks:
    """Where one feature takes part in an update that another feature's handler received, in
    that handler's transaction (one update has one handler, and one transaction)."""

    # `/setup <word>` in a group: handed to the feature that registered the word.
    setup_words: dict[str, Handler] = field(default_factory=dict)
    # Asked before `/setup` makes a group a house; may raise `UserError` (an aftercare group).
    setup_guards: list[Callable[[Ctx], None]] = field(default_factory=list)
    # A join request for a group that is not a house's group: True when a hook handled it.
    join_requests: list[Callable[[Ctx], Awaitable[bool]]] = field(default_factory=list)
    # A group became a supergroup: (old chat id, new chat id).
    migrations: list[Callable[[Ctx, int, int], None]] = field(default_factory=list)
    # A member left the house's group (their membership already marked "not in the group").
    departures: list[Callable[[Ctx, House, Member], Awaitable[None]]] = field(default_factory=list)
    # /forgetme, confirmed: each feature forgets what the database's cascade cannot reach
    # (its messages in other people's chats), before the person's rows go.
    forgets: list[Callable[[Ctx, Person], Awaitable[None]]] = field(default_factory=list)
    # A member's status or role changed (already applied): e.g. a former confidant's messages
    # about reports are emptied at once.
    role_changes: list[Callable[[Work], Awaitable[None]]] = field(default_factory=list)
    # A newcomer: (ctx, house, member, now). `now`: they arrive now (the bot lets them in
    # through the house's link, or a member added them to the group); else they opened the
    # private chat with the house's link (a welcome still owed is sent then). Arriving sends
    # the house's welcome.
    arrivals: list[Callable[[Ctx, House, Member, bool], Awaitable[None]]] = field(
        default_factory=list
    )
    # Someone of the house went "even weg" or came back (already applied): who counts in a
    # poll's quorum changed, so the open polls' messages are brought up to date.
    away_changes: list[Callable[[Work, House], None]] = field(default_factory=list)

    def away_changed(self, work: Work, house: House) -> None:
        for hook in self.away_changes:
            hook(work, house)


Handler = Callable[["Ctx"], Awaitable[None]]
Button = tuple[str, object]  # (label, callback action dataclass or an https:// URL)


PRESENT = (
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.OWNER,
    ChatMemberStatus.RESTRICTED,
)


def was_present(update: ChatMemberUpdated) -> tuple[bool, bool]:
    """Whether the user was in the chat before and after this chat-member change."""
    return update.old_chat_member.status in PRESENT, update.new_chat_member.status in PRESENT


def identity(user: User) -> member_domain.Identity:
    return member_domain.Identity(
        telegram_id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
    )


@dataclass
class Work:
    """One unit of work in one transaction: an update, or a scheduled job."""

    session: Session
    deps: Deps
    bot: Bot
    # Telegram calls whose answer the transaction does not need (a popup, an edit): made after
    # the commit, outside the database lock, and dropped when the work fails.
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list, init=False)

    def later(self, call: Callable[[], Awaitable[None]]) -> None:
        self.after_commit.append(call)

    async def run_after_commit(self) -> None:
        for call in self.after_commit:
            await call()

    @property
    def clock(self) -> Clock:
        return self.deps.clock

    def translator_for(self, person: Person, house: House | None) -> Translator:
        """A person's own language: their choice, else their house's, else their Telegram's;
        in the house's own words."""
        t = self.deps.i18n.pick(
            person.language,
            house.language if house else None,
            person.telegram_language,
            self.deps.settings.default_language,
        )
        return self.in_house_words(t, house)

    def group_translator(self, house: House) -> Translator:
        return self.in_house_words(self.deps.i18n(house.language), house)

    def in_house_words(self, t: Translator, house: House | None) -> Translator:
        """`t` speaking the house's own words (issue 17.6: "deelnemer", "gast", ...)."""
        if house is None:
            return t
        return self.deps.i18n.in_words(t, house.resident_word, house.peer_worker_word)

    def markup(self, rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
        keyboard = []
        for row in rows:
            buttons = []
            for label, target in row:
                if isinstance(target, str):
                    buttons.append(InlineKeyboardButton(label, url=target))
                else:
                    buttons.append(
                        InlineKeyboardButton(label, callback_data=self.deps.codec.encode(target))
                    )
            if buttons:
                keyboard.append(buttons)
        return InlineKeyboardMarkup(keyboard) if keyboard else None

    async def send_private(
        self, person: Person, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> Message | None:
        return await messenger.send_private(
            self.session, self.clock, self.bot, person, text, self.markup(rows)
        )

    async def send_group(
        self, house: House, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> Message | None:
        return await messenger.send_group(self.session, self.bot, house, text, self.markup(rows))

    # Sends made after the commit, outside the database lock (`bot.telegram.outbox`): for jobs
    # that send much, such as reminders. `then(session, message)` runs in a short transaction
    # of its own after the send (to keep a message id); `unsent(session)` when a private
    # message could not be delivered. False when there is nobody to send to.
    def post_private(
        self,
        person: Person,
        text: str,
        rows: Sequence[Sequence[Button]] = (),
        *,
        then: outbox.Then | None = None,
        unsent: outbox.Unsent | None = None,
    ) -> bool:
        if person.private_chat == PrivateChat.CLOSED:
            return False
        markup = self.markup(rows)
        person_id, chat_id = person.id, person.telegram_id
        known_open = person.private_chat == PrivateChat.OPEN
        deps, bot = self.deps, self.bot

        pending = outbox.keep_pending(self.session, self.clock, chat_id, text, markup)
        self.post_later(
            f"to person {person_id}",
            lambda: outbox.deliver_private(
                deps.db,
                deps.clock,
                bot,
                person_id,
                chat_id,
                text,
                markup,
                known_open=known_open,
                then=then,
                unsent=unsent,
            ),
            pending=pending,
        )
        return True

    def post_group(
        self,
        house: House,
        text: str,
        rows: Sequence[Sequence[Button]] = (),
        *,
        then: outbox.Then | None = None,
    ) -> bool:
        if not house.active:
            return False
        markup = self.markup(rows)
        house_id, chat_id = house.id, house.group_chat_id
        deps, bot = self.deps, self.bot

        pending = outbox.keep_pending(self.session, self.clock, chat_id, text, markup)
        self.post_later(
            f"to house {house_id}",
            lambda: outbox.deliver_group(deps.db, bot, house_id, chat_id, text, markup, then=then),
            pending=pending,
        )
        return True

    def post_later(
        self, to: str, send: Callable[[], Awaitable[object]], *, pending: str | None = None
    ) -> None:
        """Queue a send for after the commit; one chat that fails must not stop the others.
        `pending`: its row in `pending_sends`, deleted once Telegram answered (kept when the send
        is cancelled half-way: the next start sends it)."""
        db = self.deps.db

        async def post() -> None:
            cancelled = False
            try:
                await send()
            except TelegramError as exc:
                log.warning("%s: not sent: %s", to, type(exc).__name__)
            except asyncio.CancelledError:
                cancelled = True
                raise
            finally:
                if pending is not None and not cancelled:
                    await outbox.forget_pending(db, pending)

        self.later(post)

    # "Soon": a job (a plain `Work`) sends after its commit, outside the database lock; an
    # update (`Ctx`, a command or a tap) sends at once, as part of its answer.
    async def send_soon(self, send: Callable[[], Awaitable[object]]) -> None:
        """Make `send` after the commit (as `later` does; a Telegram error is logged and the
        other sends still go). `Ctx` makes it at once instead. After the commit the work's
        session is gone, so `send` must not touch it: a message to a group or a private chat,
        whose send may teach the bot something (a 403, a migration), goes through
        `send_group_soon` / `send_private_soon`."""
        self.post_later("a send made soon", send)

    async def send_group_soon(
        self, house: House, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> bool:
        """To the house's group: after the commit for a job (`post_group`), at once for an
        update (`Ctx`: `send_group`). False when the bot is not in the group."""
        return self.post_group(house, text, rows)

    async def send_private_soon(
        self, person: Person, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> bool:
        """To a person's private chat: after the commit for a job (`post_private`), at once for
        an update (`Ctx`: `send_private`). False when the bot cannot reach them (for a job: when
        the chat is known closed; a 403 after the commit is learned then)."""
        return self.post_private(person, text, rows)

    def deep_link(self, house: House, payload: str | None = None) -> str:
        return deep_link(self.bot, house, payload)


@dataclass
class Ctx(Work):
    """The work of one update: who sent it, from where, and how to answer."""

    update: Update
    context: ContextTypes.DEFAULT_TYPE
    person: Person | None = None
    house: House | None = None
    member: Member | None = None
    answered: bool = False
    t: Translator = field(init=False)

    def __post_init__(self) -> None:
        self.t = self.deps.i18n(self.deps.settings.default_language)

    # --- what the update is about -------------------------------------------------------
    @property
    def user(self) -> User | None:
        return self.update.effective_user

    @property
    def chat(self) -> Chat | None:
        return self.update.effective_chat

    @property
    def in_group(self) -> bool:
        return self.chat is not None and self.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)

    @property
    def in_private(self) -> bool:
        return self.chat is not None and self.chat.type == ChatType.PRIVATE

    @property
    def args(self) -> list[str]:
        return list(self.context.args or [])

    @property
    def text(self) -> str:
        message = self.update.effective_message
        return (message.text or "") if message else ""

    def action(self, kind: type[A]) -> A:
        """The tapped button's action, decoded and checked; anything else is a stale button."""
        query = self.update.callback_query
        try:
            action = self.deps.codec.decode(query.data if query else None)
        except InvalidCallback:
            raise UserError("button.stale") from None
        if not isinstance(action, kind):
            raise UserError("button.stale")
        return action

    def observe(self) -> None:
        """Record the person behind the update and the house of the chat it came from."""
        user, chat = self.user, self.chat
        if chat is not None and self.in_group:
            self.house = house_domain.house_by_chat(self.session, chat.id)
        if user is not None and not user.is_bot and not self.kept_away(user):
            self.person = member_domain.touch_person(self.session, self.clock, identity(user))
            if self.in_private:
                member_domain.mark_private_chat(self.clock, self.person, PrivateChat.OPEN)
                self.find_home()
            elif (
                self.house is not None
                and self.house.active
                # A join request is not yet a member: admission decides (handlers/admission.py).
                and self.update.chat_join_request is None
            ):
                self.member, _ = member_domain.ensure_member(
                    self.session, self.clock, self.house, self.person
                )
        self.t = self.translator_for_chat()

    def kept_away(self, user: User) -> bool:
        """Someone who used /forgetme is not registered again by an ordinary message in a
        group: only by acting on purpose (a command, a button, their private chat)."""
        message = self.update.effective_message
        command = message is not None and (message.text or "").startswith("/")
        on_purpose = self.in_private or self.update.callback_query is not None or command
        return privacy_domain.kept_away(self.session, user.id, on_purpose=on_purpose)

    def find_home(self) -> None:
        """The house of a private chat: one that gives the person access now."""
        assert self.person is not None
        self.house = member_domain.home_house(self.session, self.person)
        self.member = None
        if self.house is not None:
            self.member = member_domain.membership(self.session, self.house, self.person)

    async def confirm_presence(self) -> None:
        """In a private chat: a membership the bot believes is outside the group (the person
        only ever opened the private chat, or a leave it saw) is checked with Telegram once per
        update, so that access follows the group as it is now."""
        if not self.in_private or self.person is None or self.user is None:
            return
        changed = False
        for member in member_domain.memberships(self.session, self.person):
            if member_domain.present(member):
                continue
            try:
                found = await self.bot.get_chat_member(member.house.group_chat_id, self.user.id)
            except TelegramError:
                continue
            if found.status in PRESENT:
                member.in_group = changed = True
        if changed:
            self.find_home()
            self.t = self.translator_for_chat()

    def translator_for_chat(self) -> Translator:
        i18n = self.deps.i18n
        if self.in_private and self.person is not None:
            return self.translator_for(self.person, self.house)
        if self.house is not None:
            return self.group_translator(self.house)
        return i18n(self.deps.settings.default_language)

    async def is_group_admin(self) -> bool:
        if not self.in_group or self.user is None or self.chat is None:
            return False
        member = await self.bot.get_chat_member(self.chat.id, self.user.id)
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

    # --- answering ----------------------------------------------------------------------
    async def reply(
        self, text: str, rows: Sequence[Sequence[Button]] = (), *, quote: bool = False
    ) -> Message | None:
        """Answer in the chat the update came from. In a group whose message budget is spent
        the reply goes after the commit (None is returned): waiting for the budget must not
        hold the database, and every other update with it (see `bot.telegram.ratelimit`)."""
        assert self.chat is not None
        message = self.update.effective_message
        reply_to = (
            message.message_id if quote and message and not self.update.callback_query else None
        )
        bot, chat_id, markup = self.bot, self.chat.id, self.markup(rows)
        if self.in_group and must_wait(bot, chat_id):

            async def send() -> None:
                await messenger.send_text(bot, chat_id, text, markup, reply_to=reply_to)

            self.later(send)
            return None
        return await messenger.send_text(bot, chat_id, text, markup, reply_to=reply_to)

    async def send_group(
        self, house: House, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> Message | None:
        """As `Work.send_group`; a tap whose work must wait for the group's spent budget is
        answered first (an empty answer: the button stops spinning; a popup is not shown)."""
        query = self.update.callback_query
        if query is not None and not self.answered and must_wait(self.bot, house.group_chat_id):
            self.answered = True
            await answer_tap(query)
        return await super().send_group(house, text, rows)

    async def send_soon(self, send: Callable[[], Awaitable[object]]) -> None:
        """An update sends at once, as part of its answer (see `Work.send_soon`)."""
        await send()

    async def send_group_soon(
        self, house: House, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> bool:
        return await self.send_group(house, text, rows) is not None

    async def send_private_soon(
        self, person: Person, text: str, rows: Sequence[Sequence[Button]] = ()
    ) -> bool:
        return await self.send_private(person, text, rows) is not None

    async def edit(self, text: str, rows: Sequence[Sequence[Button]] = ()) -> None:
        """Edit the tapped message, after the commit and after the tap is answered: in a group
        whose message budget is spent the edit may wait, the answer to the tap must not."""
        query = self.update.callback_query
        assert query is not None and query.message is not None
        chat_id, message_id = query.message.chat.id, query.message.message_id
        markup = self.markup(rows)
        bot = self.bot

        async def edit() -> None:
            await messenger.edit_text(bot, chat_id, message_id, text, markup)

        self.later(edit)

    async def popup(self, text: str, *, alert: bool = False) -> None:
        """Answer the tapped button (once), right after the transaction commits."""
        query = self.update.callback_query
        if query is None or self.answered:
            return
        self.answered = True
        text = plain(text)
        show_alert = alert or len(text) > 60

        async def answer() -> None:
            await answer_tap(query, text[:POPUP_MAX] or None, alert=show_alert)

        self.after_commit.insert(0, answer)  # before any edit or message: never behind them


def plain(text: str) -> str:
    """A popup is plain text, not HTML: tags off, entities back to what the person typed."""
    return html.unescape(re.sub(r"</?[a-z][^>]*>", "", text))


def deep_link(bot: Bot, house: House, payload: str | None = None) -> str:
    """The t.me link that opens the private chat. Without a payload it links the person to
    the house; with one (letters, digits, _ and -) it starts something, such as a poll form."""
    return f"https://t.me/{bot.username}?start={payload or house.link_token}"


PTBCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def wrap(deps: Deps, fn: Handler) -> PTBCallback:
    async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        started = time.perf_counter()
        translator = deps.i18n(deps.settings.default_language)
        ctx: Ctx | None = None
        outcome = "error"
        house_id: int | None = None
        try:
            async with deps.db.transaction() as session:
                ctx = Ctx(session, deps, context.bot, update, context)
                ctx.observe()
                await ctx.confirm_presence()
                house_id = ctx.house.id if ctx.house is not None else None
                await fn(ctx)
                house_id = ctx.house.id if ctx.house is not None else house_id
                if update.callback_query is not None and not ctx.answered:
                    await ctx.popup("")
            outcome = "ok"
            await ctx.run_after_commit()
        except SendDropped:  # a stale or repeated group reply, or shutdown: quietly nothing
            outcome = "dropped"
            query = update.callback_query
            if query is not None and ctx is not None and not ctx.answered:
                await answer_tap(query)
        except UserError as error:
            outcome = "refused"
            if ctx is not None:  # the language the handler chose (a house's, a person's)
                translator = ctx.t
            text = translator(error.msgid, **error.params)
            query = update.callback_query
            if query is not None:  # an answer queued before the error was dropped with it
                await answer_tap(query, plain(text)[:POPUP_MAX], alert=True)
            elif update.effective_chat is not None:
                await messenger.send_text(context.bot, update.effective_chat.id, text)
        finally:
            log_update(update, house_id, time.perf_counter() - started, outcome)

    callback.__name__ = getattr(fn, "__name__", "handler")
    return callback
