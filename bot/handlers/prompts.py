"""Questions answered by typing: the bot asks with a force-reply, the reply is the answer.

A prompt is stored in the database (chat, message id, who was asked, what for), so an answer
still counts after a restart, and only the person who was asked can answer it. A question that
must leave no trace (`keep=False`: the reason of an objection in a secret poll, whose mere
existence says who objected) is held in memory only, and lost with the process. This works in
groups without admin rights, because privacy mode still shows the bot replies to its messages.

A prompt names a person and what they were doing, so it expires (`bot.domain.prompts`): after
a day, or when its subject closes. A daily clean-up (rebuilt at start-up) deletes the old ones;
an answer to an expired or vanished question is told so kindly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import delete, select
from telegram import ForceReply, Message

from bot.domain import prompts as domain
from bot.handlers.kit import Ctx, Deps, Work
from bot.jobs.runner import run_job
from bot.storage.models import House, Person, Prompt

PromptHandler = Callable[[Ctx, Prompt, str], Awaitable[None]]
CLEAN_UP_KEY = "prompts-expire"


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
    ) -> None:
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

    async def answer(self, ctx: Ctx) -> bool:
        """Handle a reply to one of the bot's questions. False if it was not an answer."""
        message = ctx.update.effective_message
        if message is None or message.reply_to_message is None or ctx.person is None:
            return False
        unkept_key = (message.chat.id, message.reply_to_message.message_id)
        prompt = (
            self._unkept.get(unkept_key)
            or ctx.session.scalars(
                select(Prompt).where(
                    Prompt.chat_id == message.chat.id,
                    Prompt.message_id == message.reply_to_message.message_id,
                )
            ).one_or_none()
        )
        if prompt is None:
            return await self.gone(ctx, message.reply_to_message)
        if prompt.person_id != ctx.person.id:
            return False
        handler = self._handlers.get(prompt.kind)
        if handler is None:
            return False
        if domain.expired(prompt, ctx.clock.now()):
            if self._unkept.pop(unkept_key, None) is None:
                ctx.session.execute(delete(Prompt).where(Prompt.id == prompt.id))
            await ctx.reply(ctx.t("prompt.expired"))
            return True
        await handler(ctx, prompt, message.text or "")
        if unkept_key in self._unkept:
            del self._unkept[unkept_key]
        else:
            ctx.session.execute(delete(Prompt).where(Prompt.id == prompt.id))
        return True

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
