"""Drives a real python-telegram-bot ``Application`` with updates from the fake world.

Tests read like transcripts::

    reply = await driver.send(anna, "/start")
    assert "Welkom" in reply.text
    reply = await driver.tap(anna, reply.last, "Ja")
    assert reply.popup == "Opgeslagen"
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from .models import BotCall, Button, FakeChat, FakeMessage, FakeUser
from .world import EDIT_METHODS, SEND_METHODS, FakeTelegram

# Follow-up updates caused by the bot's own calls are delivered at most this many rounds deep.
_MAX_FOLLOW_UP_ROUNDS = 20


class Reply:
    """What the bot did in answer to one or more delivered updates."""

    def __init__(self, calls: list[BotCall], delivered: bool = True) -> None:
        self.calls = calls
        # False when Telegram would not have delivered the update at all (bot not in the
        # group, privacy mode filtering a plain group message, ...).
        self.delivered = delivered

    @property
    def sent(self) -> list[FakeMessage]:
        return [
            c.message
            for c in self.calls
            if c.ok and c.message is not None and c.method in SEND_METHODS
        ]

    @property
    def texts(self) -> list[str]:
        return [m.text for m in self.sent]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def last(self) -> FakeMessage:
        sent = self.sent
        if not sent:
            raise AssertionError(f"the bot sent nothing; calls: {self.calls!r}")
        return sent[-1]

    def to(self, chat: FakeChat | FakeUser | int) -> list[FakeMessage]:
        """Messages sent to ``chat`` (a user means their private chat)."""
        chat_id = chat if isinstance(chat, int) else chat.id
        return [m for m in self.sent if m.chat.id == chat_id]

    @property
    def edits(self) -> list[FakeMessage]:
        seen: dict[int, FakeMessage] = {}
        for c in self.calls:
            if c.ok and c.message is not None and c.method in EDIT_METHODS:
                seen.setdefault(id(c.message), c.message)
        return list(seen.values())

    @property
    def deleted(self) -> list[int]:
        ids: list[int] = []
        for c in self.calls:
            if not c.ok:
                continue
            if c.method == "deleteMessage" and c.message is not None:
                ids.append(c.message.message_id)
            elif c.method == "deleteMessages":
                ids.extend(int(i) for i in c.params.get("message_ids", []))
        return ids

    def _answer(self) -> BotCall | None:
        answers = [c for c in self.calls if c.method == "answerCallbackQuery" and c.ok]
        return answers[-1] if answers else None

    @property
    def popup(self) -> str | None:
        answer = self._answer()
        if answer is None:
            return None
        text = answer.params.get("text")
        return str(text) if text is not None else None

    @property
    def popup_alert(self) -> bool:
        answer = self._answer()
        return answer is not None and answer.params.get("show_alert") in (True, "true")

    @property
    def errors(self) -> list[BotCall]:
        """Calls the fake Telegram refused."""
        return [c for c in self.calls if not c.ok]

    def __add__(self, other: Reply) -> Reply:
        return Reply(self.calls + other.calls, self.delivered or other.delivered)

    def __repr__(self) -> str:
        return f"Reply(delivered={self.delivered}, calls={self.calls!r})"


class Driver:
    """Feeds updates into ``application`` and reports what the bot did.

    Handler exceptions: if the application has no error handler of its own when
    :meth:`start` runs, the driver installs one that re-raises the handler's exception from
    the driver call, so a crashing handler fails the test instead of only being logged.

    Updates that Telegram sends as a consequence of the bot's own calls (e.g. the join
    message after ``approveChatJoinRequest``) are delivered right after, and their calls
    are part of the same :class:`Reply`.
    """

    def __init__(
        self,
        tg: FakeTelegram,
        application: Application[Any, Any, Any, Any, Any, Any],
        raise_handler_errors: bool = True,
    ) -> None:
        self.tg = tg
        self.application = application
        self.raise_handler_errors = raise_handler_errors
        self.last_reply: Reply | None = None
        self._errors: list[BaseException] = []
        self._installed_error_handler = False

    async def start(self) -> None:
        """Initialize the application (PTB calls getMe). JobQueue and Updater stay stopped."""
        if self.raise_handler_errors and not self.application.error_handlers:
            self.application.add_error_handler(self._record_error)
            self._installed_error_handler = True
        await self.application.initialize()

    async def stop(self) -> None:
        await self.application.shutdown()
        if self._installed_error_handler:
            self.application.remove_error_handler(self._record_error)
            self._installed_error_handler = False

    async def _record_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            self._errors.append(context.error)

    # ------------------------------------------------------------------ delivery

    async def _process(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))
        await self._await_background_tasks()
        if self._errors:
            error = self._errors[0]
            self._errors.clear()
            raise error

    async def _await_background_tasks(self) -> None:
        # Handlers with block=False run as tasks of the application; wait for them so their
        # calls belong to this reply. (Private attribute of PTB's Application.)
        tasks = getattr(self.application, "_Application__create_task_tasks", None)
        while tasks:
            pending = [t for t in tasks if not t.done()]
            if not pending:
                break
            await asyncio.gather(*pending, return_exceptions=True)

    async def _deliver_all(self, updates: list[dict[str, Any]]) -> Reply:
        start = len(self.tg.calls)
        # Consequences of bot calls made outside the driver (e.g. in a job) come first.
        processed = await self._follow_ups()
        for update in updates:
            await self._process(update)
        processed += len(updates) + await self._follow_ups()
        reply = Reply(self.tg.calls[start:], delivered=processed > 0)
        self.last_reply = reply
        return reply

    async def _follow_ups(self) -> int:
        count = 0
        for _ in range(_MAX_FOLLOW_UP_ROUNDS):
            follow_ups = self.tg.take_pending_updates()
            if not follow_ups:
                break
            for update in follow_ups:
                await self._process(update)
            count += len(follow_ups)
        return count

    async def flush(self) -> Reply:
        """Deliver updates Telegram owes the bot because of its own calls made outside the
        driver (e.g. approveChatJoinRequest from a job)."""
        return await self._deliver_all([])

    async def deliver(self, update: dict[str, Any]) -> Reply:
        """Feed any update dict (``update_id`` is filled in when missing)."""
        if "update_id" not in update:
            update = {**self.tg.make_update(), **update}
        return await self._deliver_all([update])

    # ------------------------------------------------------------------ people talking

    async def send(
        self,
        user: FakeUser,
        text: str,
        chat: FakeChat | None = None,
        reply_to: FakeMessage | None = None,
    ) -> Reply:
        """``user`` writes ``text`` in ``chat`` (default: their private chat with the bot)."""
        if chat is None:
            chat = self.tg.private_chat(user)
        msg = self.tg.user_message(user, chat, text, reply_to=reply_to)
        return await self._deliver_all(self.tg.message_update(msg))

    def find_button(self, message: FakeMessage, which: str | int) -> Button:
        """By exact text, else unique substring (case-sensitive, then not), else 1-based index."""
        buttons = self.tg.all_buttons(message)
        if isinstance(which, int):
            if not 1 <= which <= len(buttons):
                raise AssertionError(f"no button [{which}] in:\n{self.tg.render(message)}")
            return buttons[which - 1]
        exact = [b for b in buttons if b.text == which]
        if exact:
            return exact[0]
        for fold in (False, True):
            needle = which.lower() if fold else which
            found = [b for b in buttons if needle in (b.text.lower() if fold else b.text)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                names = ", ".join(repr(b.text) for b in found)
                raise AssertionError(f"button {which!r} is ambiguous ({names})")
        raise AssertionError(f"no button {which!r} in:\n{self.tg.render(message)}")

    async def tap(
        self,
        user: FakeUser,
        message: FakeMessage,
        button: str | int,
        require_answer: bool = True,
    ) -> Reply:
        """``user`` taps an inline button of ``message``; the bot must answer the query."""
        found = self.find_button(message, button)
        if found.callback_data is None:
            raise AssertionError(f"button {found.text!r} is not a callback button: {found!r}")
        return await self.tap_data(user, message, found.callback_data, require_answer)

    async def tap_data(
        self,
        user: FakeUser,
        message: FakeMessage,
        data: str,
        require_answer: bool = True,
    ) -> Reply:
        """A callback query with arbitrary (forged, stale) ``data`` on ``message``."""
        if message.deleted:
            raise AssertionError(f"{message!r} was deleted; nobody can tap it")
        chat = message.chat
        if chat.type == "private" and chat.user is not user:
            raise AssertionError(f"{user!r} cannot see {message!r}")
        if chat.is_group and user.id not in chat.members:
            raise AssertionError(f"{user!r} is not a member of {chat!r}")
        update = self.tg.new_callback_query(user, message, data)
        query_id = update["callback_query"]["id"]
        reply = await self._deliver_all([update])
        answered, _, _ = self.tg.callback_answer(query_id)
        if require_answer and not answered:
            raise AssertionError(
                f"the bot did not call answerCallbackQuery for callback data {data!r} "
                f"(the user's button keeps spinning); calls: {reply.calls!r}"
            )
        return reply

    # ------------------------------------------------------------------ membership events

    async def bot_added(self, group: FakeChat, by: FakeUser, as_admin: bool = False) -> Reply:
        return await self._deliver_all(self.tg.bot_added(group, by, as_admin))

    async def bot_removed(self, group: FakeChat, by: FakeUser) -> Reply:
        return await self._deliver_all(self.tg.bot_removed(group, by))

    async def user_joined(
        self, group: FakeChat, user: FakeUser, invite_link: dict[str, Any] | None = None
    ) -> Reply:
        updates = self.tg.user_joined(group, user, invite_link)
        return await self._deliver_all(updates)

    async def user_left(self, group: FakeChat, user: FakeUser) -> Reply:
        return await self._deliver_all(self.tg.user_left(group, user))

    async def join_request(
        self, group: FakeChat, user: FakeUser, invite_link: dict[str, Any] | None = None
    ) -> Reply:
        return await self._deliver_all(self.tg.join_request(group, user, invite_link))

    async def migrate(self, group: FakeChat, by: FakeUser | None = None) -> FakeChat:
        """Upgrade ``group`` to a supergroup; returns the new chat (reply in last_reply)."""
        new_group, updates = self.tg.migrate(group, by)
        await self._deliver_all(updates)
        return new_group
