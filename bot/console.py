"""`huisbot console`: try the bot offline, without a token or internet.

The real application (`build_application` + `startup`) runs against the project's fake
Telegram (`tests/fake_telegram`) in a simulated house: Anna (group admin), Bram and Carla in
the group "De Boog". You type as one of them; everything the bot does is shown, also what it
sends privately to the others. Lines starting with ":" are console commands (`:help`).

The fake lives in the source checkout, not in the installed package, so the console needs
the checkout (`pip install -e .`).
"""

from __future__ import annotations

import asyncio
import importlib
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

import bot

NEEDS_CHECKOUT = (
    "huisbot console needs the source checkout (tests/fake_telegram); install with pip install -e ."
)
PRIVATE = "privé"
HELP = """\
Type a line to send it as the current person in the current chat (e.g. /hulp, /leden).
Console commands:
  :as NAME      type as anna, bram or carla
  :group        switch to the group chat
  :private      switch to your private chat with the bot
  :tap N        tap button N of the bot's newest message with buttons here
                (or :tap TEXT, a part of the button's label)
  :wait 2h      let time pass (m = minutes, h = hours, d = days)
  :who          the people, and where you are
  :help         this help
  :quit         stop (end of input does too)"""
UNKNOWN = (
    "Unknown console command {word}; try :as, :group, :private, :tap N, :wait 2h, :who, :quit."
)
WAIT = re.compile(r"^(\d+)\s*([mhd])$")
WAIT_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def repo_root() -> Path:
    """The source checkout this `bot` package was installed from (editable install).

    `bot.__file__` is None when an editable install maps `bot` as a namespace package; this
    module's own file then says where the package is."""
    return Path(bot.__file__ or __file__).resolve().parent.parent


def load_fake() -> Any | None:
    """`tests.fake_telegram`, or None when the checkout is not there."""
    root = repo_root()
    if not (root / "tests" / "fake_telegram" / "__init__.py").is_file():
        return None
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module("tests.fake_telegram")


class FakeTime:
    """Monotonic time and sleep for the rate limiter: sleeping moves time, nothing waits."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Script:
    """The lines of a --script file, typed one by one."""

    lines: list[str]
    position: int = 0

    def next(self) -> str | None:
        if self.position >= len(self.lines):
            return None
        self.position += 1
        return self.lines[self.position - 1]


@dataclass
class World:
    """The simulated house and the running bot."""

    fake: Any  # the tests.fake_telegram module
    tg: Any  # FakeTelegram
    driver: Any  # Driver
    group: Any  # FakeChat
    people: dict[str, Any]  # lower-case first name -> FakeUser
    clock: Any  # ManualClock
    scheduler: Any  # ManualScheduler: scheduled work runs as `:wait` moves the clock
    # Force-reply questions: (chat id, message id) -> id of the person they were asked.
    asked: dict[tuple[int, int], int] = field(default_factory=dict)


class Console:
    def __init__(self, world: World, out: TextIO) -> None:
        self.world = world
        self.out = out
        self.person: Any = world.people["anna"]
        self.in_group = True

    # ------------------------------------------------------------------ output

    def write(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def where(self, chat: Any) -> str:
        if chat.type == "private":
            return f"{PRIVATE} {chat.user.first_name}"
        return str(chat.title or chat.id)

    def prompt(self) -> str:
        place = self.world.group.title if self.in_group else PRIVATE
        return f"{self.person.first_name.lower()}@{place}> "

    def show(self, reply: Any, asker: Any | None = None) -> None:
        """Everything the bot did, in order; a blank line between messages."""
        tg, fake_world = self.world.tg, self.world.fake.world
        blocks: list[str] = []
        for call in reply.calls:
            message = call.message
            if call.method in fake_world.SEND_METHODS:
                if call.ok and message is not None:
                    blocks.append(f"[{self.where(message.chat)}] {tg.render(message)}")
                    self.remember_question(message, asker)
                elif not call.ok:
                    target = self.chat_name(call.params.get("chat_id"))
                    blocks.append(f"[{target}] (not delivered: {call.error})")
            elif call.method in fake_world.EDIT_METHODS and call.ok and message is not None:
                blocks.append(f"[{self.where(message.chat)}] (bewerkt) {tg.render(message)}")
            elif call.method == "answerCallbackQuery" and call.ok:
                text = call.params.get("text")
                if text:
                    blocks.append(f"(popup) {text}")
            elif call.method in ("deleteMessage", "deleteMessages") and call.ok:
                target = self.chat_name(call.params.get("chat_id"))
                blocks.append(f"[{target}] (a message was deleted)")
        if not blocks:
            blocks.append(
                "(the bot does not see this message)" if not reply.delivered else "(no answer)"
            )
        self.write("\n\n".join(blocks))

    def chat_name(self, chat_id: Any) -> str:
        try:
            return self.where(self.world.tg.chat(int(chat_id)))
        except (KeyError, TypeError, ValueError):
            return str(chat_id)

    def remember_question(self, message: Any, asker: Any | None) -> None:
        if asker is not None and "force_reply" in (message.reply_markup or {}):
            self.world.asked[(message.chat.id, message.message_id)] = asker.id

    # ------------------------------------------------------------------ the current chat

    def chat(self) -> Any:
        if self.in_group:
            return self.world.group
        return self.world.tg.private_chat(self.person)

    def open_question(self) -> Any | None:
        """The bot's last message here, if it is a question this person should answer."""
        chat = self.chat()
        last = self.world.tg.last_bot_message(chat)
        if last is None or "force_reply" not in (last.reply_markup or {}):
            return None
        asked = self.world.asked.get((chat.id, last.message_id))
        if asked is None and last.reply_to is not None:
            asked = last.reply_to.from_user.id
        return last if asked == self.person.id else None

    # ------------------------------------------------------------------ input

    async def handle(self, line: str) -> bool:
        """One input line; False when the console should stop."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            return await self.command(line)
        reply_to = None if line.startswith("/") else self.open_question()
        reply = await self.world.driver.send(self.person, line, chat=self.chat(), reply_to=reply_to)
        self.show(reply, asker=self.person)
        return True

    async def command(self, line: str) -> bool:
        word, _, rest = line.partition(" ")
        word, rest = word.lower(), rest.strip()
        if word in (":quit", ":q", ":exit"):
            return False
        if word == ":help":
            self.write(HELP)
        elif word == ":as":
            self.switch_person(rest)
        elif word == ":group":
            self.in_group = True
            self.write(f"(you are {self.person.first_name}, in {self.world.group.title})")
        elif word == ":private":
            self.in_group = False
            self.write(f"(you are {self.person.first_name}, in your private chat with the bot)")
        elif word == ":tap":
            await self.tap(rest)
        elif word == ":wait":
            await self.wait(rest)
        elif word == ":who":
            self.who()
        else:
            self.write(UNKNOWN.format(word=word))
        return True

    def switch_person(self, name: str) -> None:
        person = self.world.people.get(name.lower())
        if person is None:
            names = ", ".join(self.world.people)
            self.write(f"(nobody called {name or '?'}; the people are {names})")
            return
        self.person = person
        place = self.world.group.title if self.in_group else "your private chat with the bot"
        self.write(f"(you are {person.first_name} now, in {place})")

    def who(self) -> None:
        group = self.world.group
        for person in self.world.people.values():
            roles = " (group admin)" if person.id in group.admins else ""
            you = "  <- you" if person is self.person else ""
            self.write(f"  {person.full_name}{roles}{you}")
        place = group.title if self.in_group else f"{PRIVATE} {self.person.first_name}"
        self.write(f"You are {self.person.first_name}, in {place}. Time: {self.time()}.")

    def time(self) -> str:
        return f"{self.world.clock.now():%Y-%m-%d %H:%M} UTC"

    async def wait(self, amount: str) -> None:
        match = WAIT.match(amount.lower())
        if match is None:
            self.write("(wait how long? e.g. :wait 30m, :wait 2h, :wait 3d)")
            return
        count, unit = int(match.group(1)), WAIT_UNITS[match.group(2)]
        before = len(self.world.tg.calls)
        await self.world.scheduler.advance(timedelta(**{unit: count}))
        self.write(f"(time passes: it is now {self.time()})")
        self.show(self.world.fake.Reply(self.world.tg.calls[before:]))

    async def tap(self, which: str) -> None:
        tg, chat = self.world.tg, self.chat()
        message = next(
            (
                m
                for m in reversed(tg.messages(chat))
                if m.from_user is tg.bot_user and tg.all_buttons(m)
            ),
            None,
        )
        if message is None:
            self.write("(no message with buttons here)")
            return
        buttons = tg.all_buttons(message)
        try:  # a number as shown, or (part of) the label
            button = self.world.driver.find_button(
                message, int(which) if which.isdigit() else which
            )
        except AssertionError:
            self.write(f"(no button {which!r} here; tap 1 to {len(buttons)}, e.g. :tap 1)")
            return
        if button.callback_data is not None:
            reply = await self.world.driver.tap_data(
                self.person, message, button.callback_data, require_answer=False
            )
            self.show(reply, asker=self.person)
            return
        payload = self.deep_link_payload(button.url or "")
        if payload is None:
            self.write(f"(this button opens {button.url})")
            return
        self.in_group = False
        command = f"/start {payload}" if payload else "/start"
        self.write(f"(the link opens your private chat with the bot; you send {command})")
        reply = await self.world.driver.send(self.person, command)
        self.show(reply, asker=self.person)

    def deep_link_payload(self, url: str) -> str | None:
        """The start payload of a link to this bot (t.me/<bot>?start=...), else None."""
        username = re.escape(self.world.tg.bot_user.username or "")
        match = re.fullmatch(
            rf"https?://t\.me/{username}(?:\?start=([A-Za-z0-9_-]*))?", url, re.IGNORECASE
        )
        if match is None:
            return None
        return match.group(1) or ""

    async def introduce(self) -> None:
        """The start-up transcript: Anna adds the bot to De Boog and runs /setup."""
        world, anna = self.world, self.world.people["anna"]
        self.write(
            "Huisbot console: the real bot, a pretend Telegram. Nothing leaves this computer."
        )
        self.write("The house: Anna (group admin), Bram and Carla, in the group De Boog.")
        self.write()
        self.write("» Anna adds the bot to De Boog")
        self.show(await world.driver.bot_added(world.group, by=anna))
        self.write()
        self.write(self.prompt() + "/setup")
        self.show(await world.driver.send(anna, "/setup", chat=world.group), asker=anna)
        self.write()
        self.write("Type :help for the console commands.")
        self.write()

    def read(self, source: Script | TextIO, echo: bool) -> str | None:
        """The next line typed (None at the end), after showing the prompt."""
        if source is sys.stdin and self.out is sys.stdout and not echo:
            try:
                return input(self.prompt())  # line editing, when a terminal is attached
            except EOFError:
                self.write()
                return None
        if isinstance(source, Script):  # no prompt after its last line
            line = source.next()
            if line is None:
                return None
            self.out.write(self.prompt())
        else:
            self.out.write(self.prompt())
            self.out.flush()
            line = source.readline()
            if not line:
                self.write()
                return None
        line = line.rstrip("\r\n")
        if echo:  # without echo, the terminal has shown the typed line already
            self.write(line)
        return line


def start_world(fake: Any, database: Any) -> tuple[World, Any]:
    """The real application on the fake Telegram, and the house (the bot not yet added)."""
    from bot.app import build_application
    from bot.clock import ManualClock
    from bot.jobs.scheduler import ManualScheduler
    from bot.settings import load_settings
    from bot.telegram.ratelimit import HouseRateLimiter

    clock = ManualClock(start=datetime.now(UTC))
    tg = fake.FakeTelegram(clock=clock, bot_username="HuisBot")
    scheduler = ManualScheduler(clock)
    settings = load_settings(None, telegram_bot_token=tg.token, database_url=database.url)
    time = FakeTime()
    application = build_application(
        settings,
        clock=clock,
        database=database,
        request_factory=tg.request,
        rate_limiter=HouseRateLimiter(monotonic=time.monotonic, sleep=time.sleep),
        scheduler=scheduler,
    )
    # The application's own error handler answers "something went wrong", as in production.
    driver = fake.Driver(tg, application, raise_handler_errors=False)
    anna = tg.add_user("Anna", username="anna", language_code="nl")
    bram = tg.add_user("Bram", username="bram", language_code="nl")
    carla = tg.add_user("Carla", last_name="de Vries", language_code="nl")
    group = tg.add_group("De Boog", members=[anna, bram, carla], admins=[anna], bot_in_group=False)
    people = {"anna": anna, "bram": bram, "carla": carla}
    world = World(
        fake=fake,
        tg=tg,
        driver=driver,
        group=group,
        people=people,
        clock=clock,
        scheduler=scheduler,
    )
    return world, application


def simulate(fake: Any, source: Script | TextIO, echo: bool, out: TextIO) -> None:
    """Each input line runs to completion on one event loop; reading happens outside it, so
    Ctrl-C interrupts a waiting prompt at once."""
    from bot.app import startup
    from bot.storage.db import Database

    with (
        tempfile.TemporaryDirectory(prefix="huisbot-console-") as directory,
        asyncio.Runner() as runner,
    ):
        database = Database(f"sqlite:///{Path(directory) / 'huisbot.db'}")
        try:
            database.upgrade()
            world, application = start_world(fake, database)
            runner.run(world.driver.start())
            try:
                runner.run(startup(application))
                console = Console(world, out)
                runner.run(console.introduce())
                while (line := console.read(source, echo)) is not None:
                    if not runner.run(console.handle(line)):
                        break
                    out.write("\n")
            finally:
                runner.run(world.driver.stop())
        finally:
            database.dispose()


def run_console(
    script: str | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the simulator on `script` (a file of lines to type) or on standard input.

    A script, or input that is not a terminal, is echoed after the prompt, so the output
    reads like a transcript."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    fake = load_fake()
    if fake is None:
        err.write(NEEDS_CHECKOUT + "\n")
        return 2
    source: Script | TextIO
    if script is not None:
        try:
            source = Script(Path(script).read_text(encoding="utf-8").splitlines())
        except OSError as error:
            err.write(f"huisbot console: cannot read {script}: {error.strerror}\n")
            return 2
        echo = True
    else:
        source = stdin or sys.stdin
        echo = not source.isatty()
    try:
        simulate(fake, source, echo, out)
    except KeyboardInterrupt:
        out.write("\n")
        return 130
    return 0
