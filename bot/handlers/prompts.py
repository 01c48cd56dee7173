"""Questions answered by typing: the bot asks with a force-reply, the reply is the answer.

A prompt is stored in the database (chat, message id, who was asked, what for), so an answer
still counts after a restart, and only the person who was asked can answer it. A question that
must leave no trace (`keep=False`: the reason of an objection in a secret poll, whose mere
existence says who objected) is held in memory only, and lost with the process. This works in
groups without admin rights, because privacy mode still shows the bot replies to its messages.

A prompt names a person and what they were doing, so it expires (`bot.domain.prompts`): after
a day, or when its subject closes. A daily clean-up (rebuilt at start-up) deletes the old ones;
an answer to an expired or vanished question is told so kindly.

The bot never goes silent on an answer (issue 16):
- A wrong answer (the handler raises `UserError`) undoes only what the handler did (a
  savepoint) and, unless typing again cannot mend it (`OVER`: the subject is over, the person
  may not), keeps the question open: the bot says what was wrong and asks again, in a
  message that is itself the question (a copy of the prompt). In the private chat it carries
  "✖️ Stoppen"; in a group it is a force-reply, and typing `stop` ends the question.
- In the private chat a message that replies to nothing (or to a message with buttons)
  answers the newest open question there: after a wrong answer people simply type again.
- `ask_privately`: a command typed in the group starts its question in the person's private
  chat (or says how to open it), as `/stemming` does.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, select
from telegram import ForceReply, Message
from telegram.error import Forbidden

from bot.callbacks import CancelPrompt, PlainMenu
from bot.domain import prompts as domain
from bot.domain.errors import UserError
from bot.domain.members import mark_private_chat
from bot.handlers.kit import Button, Ctx, Deps, Work
from bot.jobs.runner import run_job
from bot.storage.models import House, Person, PrivateChat, Prompt

PromptHandler = Callable[[Ctx, Prompt, str], Awaitable[None]]
CLEAN_UP_KEY = "prompts-expire"
# A refusal that typing again cannot mend (the question's subject is over, or the person may
# not do this): said once, and the question closes. Any other refusal of an answer (unreadable,
# too long, in the past, …) keeps the question open.
OVER = re.compile(
    r"stale|no_house|closed|gone|expired|only|not_member|answered|already|unreachable|no_chair"
    r"|not_chair|not_a_draft|not_planned|not_started|not_held|turn_over|not_eligible|residents"
    r"|former|not_your|bad_link|in_group_only|in_private|no_objection|not_active"
)
STOP_WORDS = frozenset({"stop", "stoppen", "annuleer", "annuleren", "cancel", "/stop"})


class PromptRouter:
    def __init__(self) -> None:
        self._handlers: dict[str, PromptHandler] = {}
        self._unkept: dict[tuple[int, int], Prompt] = {}  # (chat, message) -> never stored
        self._deps: Deps | None = None

    def install(self, deps: Deps) -> None:
        """The daily clean-up of expired questions: runs at start-up, then every day."""
        self._deps = deps
        deps.startup_hooks.append(self.clean_up)

    async def clean_up(self, work: Work) -> None:
        deps = work.deps

        async def run() -> None:
            await run_job(deps, deps.bot, "prompts expire", self.clean_up)

        deps.scheduler.at(CLEAN_UP_KEY, work.clock.now() + domain.TTL, run)  # first: it lasts
        domain.expire(work.session, work.clock)

    def on(self, kind: str, handler: PromptHandler) -> None:
        if kind in self._handlers:
            raise ValueError(f"prompt kind {kind!r} registered twice")
        self._handlers[kind] = handler

    async def ask(
        self,
        ctx: Ctx,
        kind: str,
        question: str,
        *,
        house: House | None,
        payload: str = "",
        subject: str = "",
    ) -> None:
        """Ask the person of this update, in the chat of this update."""
        assert ctx.chat is not None and ctx.person is not None
        await self.ask_in(
            ctx,
            ctx.chat.id,
            ctx.person,
            kind,
            question,
            house=house,
            payload=payload,
            subject=subject,
        )

    async def ask_in(
        self,
        work: Work,
        chat_id: int,
        person: Person,
        kind: str,
        question: str,
        *,
        house: House | None,
        payload: str = "",
        keep: bool = True,
        subject: str = "",
    ) -> None:
        """Ask `person` in `chat_id` (a group, or their private chat: may raise Forbidden).
        `keep=False`: the question is remembered in memory only, never written. `subject`
        (`domain.prompts.subject("poll", 12)`): the question goes when that closes."""
        if kind not in self._handlers:
            raise KeyError(kind)
        message = await work.bot.send_message(
            chat_id, question, reply_markup=ForceReply(selective=True)
        )
        self.hold(
            work,
            chat_id,
            message.message_id,
            person,
            kind,
            house=house,
            payload=payload,
            keep=keep,
            subject=subject,
        )

    def hold(
        self,
        work: Work,
        chat_id: int,
        message_id: int,
        person: Person,
        kind: str,
        *,
        house: House | None,
        payload: str,
        keep: bool = True,
        subject: str = "",
    ) -> Prompt:
        """Make a message the bot already sent a question: a reply to it is an answer."""
        prompt = Prompt(
            house_id=house.id if house else None,
            chat_id=chat_id,
            message_id=message_id,
            person_id=person.id,
            kind=kind,
            payload=payload,
            subject=subject,
            created_at=work.clock.now(),
        )
        if keep:
            work.session.add(prompt)
        else:
            self._unkept[(chat_id, message_id)] = prompt
        return prompt

    def waiting(self, work: Work, person: Person, kind: str, prefix: str) -> Prompt | None:
        """The newest open question of `kind` to `person` whose payload starts with `prefix`
        (held in memory or stored)."""
        for prompt in reversed(self._unkept.values()):
            if (
                prompt.person_id == person.id
                and prompt.kind == kind
                and prompt.payload.startswith(prefix)
            ):
                return prompt
        return work.session.scalars(
            select(Prompt)
            .where(
                Prompt.person_id == person.id,
                Prompt.kind == kind,
                Prompt.payload.startswith(prefix, autoescape=True),
            )
            .order_by(Prompt.id.desc())
        ).first()

    def drop(self, work: Work, person: Person, kind: str, prefix: str) -> None:
        """Close every open question of `kind` to `person` whose payload starts with `prefix`."""
        for key, prompt in list(self._unkept.items()):
            if (
                prompt.person_id == person.id
                and prompt.kind == kind
                and prompt.payload.startswith(prefix)
            ):
                del self._unkept[key]
        work.session.execute(
            delete(Prompt).where(
                Prompt.person_id == person.id,
                Prompt.kind == kind,
                Prompt.payload.startswith(prefix, autoescape=True),
            )
        )

    def forget(self, kind: str, payload: str) -> None:
        """Drop the unkept questions of `kind` about `payload` (their subject closed): the
        payload itself, or a payload whose first line it is."""
        for key, prompt in list(self._unkept.items()):
            first = prompt.payload.split("\n", 1)[0]
            if prompt.kind == kind and first == payload:
                del self._unkept[key]

    async def ask_privately(
        self,
        ctx: Ctx,
        house: House,
        kind: str,
        question: str,
        *,
        payload: str = "",
    ) -> bool:
        """A command typed in the group whose questions belong in the private chat: ask there
        (in the person's language) when the private chat is open. False when it is not."""
        person = ctx.person
        assert person is not None
        if person.private_chat != PrivateChat.OPEN:
            return False
        try:
            await self.ask_in(
                ctx, person.telegram_id, person, kind, question, house=house, payload=payload
            )
        except Forbidden:
            mark_private_chat(ctx.clock, person, PrivateChat.CLOSED)
            return False
        return True

    def _find(self, ctx: Ctx, message: Message) -> tuple[tuple[int, int] | None, Prompt | None]:
        """The question this message answers: the one it replies to, or in the private chat
        (a message that replies to nothing, or to a message with buttons such as a form) the
        newest open question there."""
        assert ctx.person is not None
        asked = message.reply_to_message
        if asked is not None:
            key = (message.chat.id, asked.message_id)
            prompt = (
                self._unkept.get(key)
                or ctx.session.scalars(
                    select(Prompt).where(
                        Prompt.chat_id == message.chat.id, Prompt.message_id == asked.message_id
                    )
                ).one_or_none()
            )
            if prompt is not None or not ctx.in_private or self._asked_by_bot(ctx, asked):
                return key, prompt
            # a reply to something else (a form, a person's message): the open question
        if not ctx.in_private or (message.text or "").startswith("/") or not message.text:
            return None, None
        now = ctx.clock.now()
        candidates = [
            (key, prompt)
            for key, prompt in self._unkept.items()
            if key[0] == message.chat.id and prompt.person_id == ctx.person.id
        ]
        stored = ctx.session.scalars(
            select(Prompt)
            .where(Prompt.chat_id == message.chat.id, Prompt.person_id == ctx.person.id)
            .order_by(Prompt.id.desc())
        ).first()
        if stored is not None:
            candidates.append(((stored.chat_id, stored.message_id), stored))
        candidates = [(k, p) for k, p in candidates if not domain.expired(p, now)]
        if not candidates:
            return None, None
        return max(candidates, key=lambda found: found[1].created_at)

    async def answer(self, ctx: Ctx) -> bool:
        """Handle an answer to one of the bot's questions. False if it was not an answer."""
        message = ctx.update.effective_message
        if message is None or ctx.person is None:
            return False
        key, prompt = self._find(ctx, message)
        if key is None:
            return False
        if prompt is None:
            return await self.gone(ctx, message.reply_to_message)
        if prompt.person_id != ctx.person.id:
            return False
        handler = self._handlers.get(prompt.kind)
        if handler is None:
            return False
        if domain.expired(prompt, ctx.clock.now()):
            self._close(ctx, prompt)
            await ctx.reply(ctx.t("prompt.expired"))
            return True
        text = message.text or ""
        if text.strip().casefold() in STOP_WORDS:
            self._close(ctx, prompt)
            await ctx.reply(ctx.t("prompt.stopped"))
            return True
        copies = self._copies(ctx, prompt)  # before the handler: it may ask the same again
        queued = list(ctx.after_commit)
        savepoint = ctx.session.begin_nested()
        try:
            await handler(ctx, prompt, text)
        except UserError as error:
            savepoint.rollback()  # what the handler did is undone, and what it queued
            ctx.after_commit[:] = queued
            if OVER.search(error.msgid):
                self._close(ctx, prompt, copies)
                await ctx.reply(ctx.t(error.msgid, **error.params))
            else:
                await self.again(ctx, prompt, error)
            return True
        savepoint.commit()
        self._close(ctx, prompt, copies)
        return True

    def _copies(self, work: Work, prompt: Prompt) -> tuple[list[tuple[int, int]], list[int]]:
        """The question and its copies asked again: keys in memory, ids stored."""
        same = (prompt.person_id, prompt.chat_id, prompt.kind, prompt.payload)
        keys = [
            key
            for key, held in self._unkept.items()
            if (held.person_id, held.chat_id, held.kind, held.payload) == same
        ]
        ids = list(
            work.session.scalars(
                select(Prompt.id).where(
                    Prompt.person_id == prompt.person_id,
                    Prompt.chat_id == prompt.chat_id,
                    Prompt.kind == prompt.kind,
                    Prompt.payload == prompt.payload,
                )
            )
        )
        return keys, ids

    def _close(
        self,
        work: Work,
        prompt: Prompt,
        copies: tuple[list[tuple[int, int]], list[int]] | None = None,
    ) -> None:
        """The question is answered, stopped or expired: it and its copies go."""
        keys, ids = copies if copies is not None else self._copies(work, prompt)
        for key in keys:
            self._unkept.pop(key, None)
        if ids:
            work.session.execute(delete(Prompt).where(Prompt.id.in_(ids)))

    async def again(self, ctx: Ctx, prompt: Prompt, error: UserError) -> None:
        """A wrong answer: say what was wrong and keep the question open (a copy of it on the
        message that says so)."""
        assert ctx.chat is not None and ctx.person is not None
        said = ctx.t(error.msgid, **error.params)
        message = ctx.update.effective_message
        if ctx.in_private:
            rows: list[list[Button]] = [[(ctx.t("prompt.button.stop"), CancelPrompt())]]
            sent = await ctx.bot.send_message(
                ctx.chat.id,
                said + "\n\n" + ctx.t("prompt.again_private"),
                reply_markup=ctx.markup(rows),
            )
        else:
            sent = await ctx.bot.send_message(
                ctx.chat.id,
                said + "\n\n" + ctx.t("prompt.again_group", name=ctx.person.first_name),
                reply_markup=ForceReply(selective=True),
                reply_to_message_id=message.message_id if message is not None else None,
            )
        keep = not any(held is prompt for held in self._unkept.values())
        house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
        copy = self.hold(
            ctx,
            ctx.chat.id,
            sent.message_id,
            ctx.person,
            prompt.kind,
            house=house,
            payload=prompt.payload,
            keep=keep,
            subject=prompt.subject,
        )
        copy.created_at = prompt.created_at  # asked again, not new: it expires with the first

    async def cancel(self, ctx: Ctx) -> None:
        """ "✖️ Stoppen" under a question asked again: the question closes."""
        ctx.action(CancelPrompt)
        query = ctx.update.callback_query
        assert query is not None and query.message is not None and ctx.person is not None
        key = (query.message.chat.id, query.message.message_id)
        prompt = (
            self._unkept.get(key)
            or ctx.session.scalars(
                select(Prompt).where(Prompt.chat_id == key[0], Prompt.message_id == key[1])
            ).one_or_none()
        )
        if prompt is None or prompt.person_id != ctx.person.id:
            await ctx.edit(ctx.t("prompt.expired"))
            return
        self._close(ctx, prompt)
        await ctx.edit(ctx.t("prompt.stopped"))

    @staticmethod
    def _asked_by_bot(ctx: Ctx, asked: Message) -> bool:
        """A message of the bot that looks like a question (no buttons under it)."""
        if asked.from_user is None or asked.from_user.id != ctx.bot.id:
            return False
        return asked.reply_markup is None or isinstance(asked.reply_markup, ForceReply)

    async def gone(self, ctx: Ctx, asked: object) -> bool:
        """A reply to a question of the bot that is no longer stored (expired, or its subject
        closed): said kindly, in the private chat. In a group a reply to the bot may be
        anything, so it is left alone there."""
        if not ctx.in_private or not isinstance(asked, Message):
            return False
        if asked.from_user is None or asked.from_user.id != ctx.bot.id:
            return False
        markup = asked.reply_markup
        if markup is not None and not isinstance(markup, ForceReply):
            return False
        await ctx.reply(ctx.t("prompt.expired"))
        return True


async def plain_answer(ctx: Ctx) -> None:
    """A message in the private chat that is no command and answers no question (text, a
    sticker, a file): a short answer with buttons, never silence (issue 16)."""
    rows: list[list[Button]] = [
        [(ctx.t("plain.button.help"), PlainMenu("help"))],
        [(ctx.t("plain.button.language"), PlainMenu("language"))],
    ]
    await ctx.reply(ctx.t("plain.private"), rows)
