"""`huisbot console`: try the bot offline, without a token or internet.

The real application (`build_application` + `startup`) runs against the project's fake
Telegram (`tests/fake_telegram`) in a simulated house: Anna (group admin), Bram and Carla in
the group "De Boog". It starts where a real house starts: Anna has just added the bot to the
group, and the residents type `/setup` themselves (`--ready` starts with it done). You type as
one of them; everything the bot does is shown, also what it sends privately to the others.
Lines starting with ":" are console commands (`:help`). Each input lets a few seconds pass,
so what the bot does shortly after (a vote count brought up to date) shows by itself.

The fake lives in the source checkout, not in the installed package, so the console needs
the checkout (`pip install -e .`).
"""

from __future__ import annotations

import asyncio
import importlib
import mimetypes
import re
import shlex
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

import bot
from bot.console_world import Script, World, start_world

NEEDS_CHECKOUT = (
    "huisbot console needs the source checkout (tests/fake_telegram); install with pip install -e ."
)
PRIVATE = "privé"
HELP = """\
Type a line to send it as the current person in the current chat (e.g. /hulp, /leden).
Each input lets 5 seconds pass, so what the bot does a moment later shows by itself.
Messages are numbered per chat ([De Boog #3]); their buttons too ([3.1] [3.2]).
Console commands:
  :as NAME       type as anna, bram, carla (or someone who joined)
  :group         switch to the group chat you were in last
  :group NAME    switch to the group NAME; a new name makes that group (you in it as its
                 admin) and adds the bot, e.g. :group Nazorg for the aftercare group
  :private       switch to your private chat with the bot
  :tap N         tap button N of the newest message with buttons here
  :tap 3.2       tap button 2 of message 3 in this chat
  :tap TEXT      tap the newest button here whose label has TEXT (e.g. :tap ja)
  :paste         type several lines, then a line with only a dot: sent as one message
  :send FILE     send a file (a document) here; text after the file name is its caption
  :admin         make the bot an admin of this group (as a group admin)
  :join NAME     NAME asks to join this group through its invite link (a newcomer, or
                 one of the people); without an invite link they join directly
  :wait 2h       let time pass (m = minutes, h = hours, d = days)
  :who           the people, the groups, and where you are
  :help          this help
  :quit          stop (end of input does too)
Files the bot sends are saved; the output shows where."""
UNKNOWN = (
    "Unknown console command {word}; try :as, :group, :private, :tap, :paste, :send, "
    ":admin, :join, :wait 2h, :who, :help, :quit."
)
WAIT = re.compile(r"^(\d+)\s*([mhd])$")
WAIT_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
SETTLE = timedelta(seconds=5)  # how much time each input lets pass
PASTE_END = "."
PASTE_PROMPT = "... "
MEDIA = ("document", "photo")


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


class Console:
    def __init__(self, world: World, out: TextIO) -> None:
        self.world = world
        self.out = out
        self.person: Any = world.people["anna"]
        self.group: Any = world.group  # the group chat :group goes back to
        self.in_group = True

    # ------------------------------------------------------------------ output

    def write(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def where(self, chat: Any) -> str:
        if chat.type == "private":
            return f"{PRIVATE} {chat.user.first_name}"
        return str(chat.title or chat.id)

    def prompt(self) -> str:
        place = self.group.title if self.in_group else PRIVATE
        return f"{self.person.first_name.lower()}@{place}> "

    def render(self, message: Any) -> str:
        """The message's text, then its buttons numbered `<message>.<button>`, a line per row;
        a document or photo is saved and shown as its path."""
        rows = message.buttons
        lines = self.world.tg.render(message).split("\n")
        if rows:
            lines = lines[: -len(rows)]
        if message.kind in MEDIA:
            caption = "\n".join(lines).strip()
            lines = [self.save_file(message)] + ([caption] if caption else [])
        number = 0
        for row in rows:
            cells = []
            for button in row:
                number += 1
                suffix = f" <{button.url}>" if button.url else ""
                cells.append(f"[{message.message_id}.{number}] {button.text}{suffix}")
            lines.append("  ".join(cells))
        return "\n".join(lines)

    def save_file(self, message: Any) -> str:
        upload = message.file
        if upload is None:  # sent again by its file id: nothing new to save
            return f"({message.kind}, sent again)"
        if self.world.files is None:
            self.world.files = Path(tempfile.mkdtemp(prefix="huisbot-console-files-"))
        name = Path(upload.name or "").name or f"{message.kind}-{message.message_id}"
        path = self.world.files / name
        count = 1
        while path.exists():
            count += 1
            path = self.world.files / f"{Path(name).stem}-{count}{Path(name).suffix}"
        path.write_bytes(upload.content)
        return f"({message.kind} saved as {path})"

    def header(self, message: Any) -> str:
        return f"[{self.where(message.chat)} #{message.message_id}]"

    def blocks(self, reply: Any, asker: Any | None = None) -> list[str]:
        """Everything the bot did, in order, a block per message."""
        fake_world = self.world.fake.world
        blocks: list[str] = []
        for call in reply.calls:
            message = call.message
            if call.method in fake_world.SEND_METHODS:
                if call.ok and message is not None:
                    blocks.append(f"{self.header(message)} {self.render(message)}")
                    self.remember_question(message, asker)
                elif not call.ok:
                    target = self.chat_name(call.params.get("chat_id"))
                    blocks.append(f"[{target}] (not delivered: {call.error})")
            elif call.method in fake_world.EDIT_METHODS and call.ok and message is not None:
                blocks.append(f"{self.header(message)} (bewerkt) {self.render(message)}")
            elif call.method == "answerCallbackQuery" and call.ok:
                text = call.params.get("text")
                if text:
                    blocks.append(f"(popup) {text}")
            elif call.method in ("deleteMessage", "deleteMessages") and call.ok:
                target = self.chat_name(call.params.get("chat_id"))
                blocks.append(f"[{target}] (a message was deleted)")
        return blocks

    def show(self, reply: Any, asker: Any | None = None) -> None:
        """Everything the bot did, in order; a blank line between messages."""
        blocks = self.blocks(reply, asker)
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

    # ------------------------------------------------------------------ time

    async def settle(self) -> None:
        """A few seconds pass after each input: what the bot does then (a coalesced edit of
        a vote count, say) shows without `:wait`."""
        world = self.world
        before = len(world.tg.calls)
        await world.scheduler.advance(SETTLE)
        await world.driver.flush()
        blocks = self.blocks(world.fake.Reply(world.tg.calls[before:]))
        if blocks:
            self.write()
            self.write("(a few seconds later)")
            self.write("\n\n".join(blocks))

    # ------------------------------------------------------------------ the current chat

    def chat(self) -> Any:
        if self.in_group:
            return self.group
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

    def can_write_here(self) -> bool:
        chat = self.chat()
        if chat.type != "private" and self.person.id not in chat.members:
            self.write(f"({self.person.first_name} is not in {chat.title}; :join first)")
            return False
        return True

    # ------------------------------------------------------------------ input

    async def handle(self, line: str) -> bool:
        """One input line; False when the console should stop."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            return await self.command(line)
        await self.say(line)
        return True

    async def say(self, text: str) -> None:
        """Send `text` as the current person here (a reply to the bot's open question)."""
        if not self.can_write_here():
            return
        reply_to = None if text.startswith("/") else self.open_question()
        reply = await self.world.driver.send(self.person, text, chat=self.chat(), reply_to=reply_to)
        self.show(reply, asker=self.person)
        await self.settle()

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
            await self.switch_group(rest)
        elif word == ":private":
            self.in_group = False
            self.write(f"(you are {self.person.first_name}, in your private chat with the bot)")
        elif word == ":tap":
            await self.tap(rest)
        elif word == ":wait":
            await self.wait(rest)
        elif word == ":who":
            self.who()
        elif word == ":send":
            await self.send_file(rest)
        elif word == ":admin":
            await self.make_admin()
        elif word == ":join":
            await self.join(rest)
        elif word == ":paste":
            self.write("(:paste is read line by line; end with a line with only a dot)")
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
        place = self.group.title if self.in_group else "your private chat with the bot"
        self.write(f"(you are {person.first_name} now, in {place})")

    async def switch_group(self, name: str) -> None:
        if name:
            found = next(
                (g for g in self.world.groups if (g.title or "").casefold() == name.casefold()),
                None,
            )
            if found is None:
                await self.new_group(name)
                return
            self.group = found
        self.in_group = True
        self.write(f"(you are {self.person.first_name}, in {self.group.title})")

    async def new_group(self, title: str) -> None:
        """The current person makes a group (as its admin) and adds the bot to it."""
        world, person = self.world, self.person
        group = world.tg.add_group(
            title, members=[person], admins=[person], owner=person, bot_in_group=False
        )
        world.groups.append(group)
        self.group, self.in_group = group, True
        self.write(f"» {person.first_name} makes the group {title} and adds the bot")
        self.show(await world.driver.bot_added(group, by=person))
        await self.settle()

    def who(self) -> None:
        for person in self.world.people.values():
            places = [
                g.title + (" (group admin)" if person.id in g.admins else "")
                for g in self.world.groups
                if person.id in g.members
            ]
            you = "  <- you" if person is self.person else ""
            self.write(f"  {person.full_name}: {', '.join(places) or 'in no group'}{you}")
        bot_roles = {"administrator": "an admin", "member": "a member"}
        groups = [
            f"{g.title} (the bot is {bot_roles.get(g.bot_status, 'not in it')})"
            for g in self.world.groups
        ]
        self.write(f"Groups: {', '.join(groups)}.")
        place = self.group.title if self.in_group else f"{PRIVATE} {self.person.first_name}"
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
        await self.world.driver.flush()
        self.write(f"(time passes: it is now {self.time()})")
        self.show(self.world.fake.Reply(self.world.tg.calls[before:]))

    # ------------------------------------------------------------------ buttons

    async def tap(self, which: str) -> None:
        if not self.can_write_here():
            return
        found = self.find_button(which)
        if found is None:
            return
        message, button = found
        if button.callback_data is not None:
            reply = await self.world.driver.tap_data(
                self.person, message, button.callback_data, require_answer=False
            )
            self.show(reply, asker=self.person)
            await self.settle()
            return
        url = button.url or ""
        invited = self.invite_target(url)
        if invited is not None:
            self.write(f"(the link asks to join {invited.title})")
            await self.join_group(self.person, invited, url)
            return
        payload = self.deep_link_payload(url)
        if payload is None:
            self.write(f"(this button opens {button.url})")
            return
        self.in_group = False
        command = f"/start {payload}" if payload else "/start"
        self.write(f"(the link opens your private chat with the bot; you send {command})")
        reply = await self.world.driver.send(self.person, command)
        self.show(reply, asker=self.person)
        await self.settle()

    def find_button(self, which: str) -> tuple[Any, Any] | None:
        """The message and button `:tap` means: `N` (newest message with buttons), `M.N`
        (message M here), or a part of a label (the newest match here)."""
        tg = self.world.tg
        with_buttons = [
            m
            for m in reversed(tg.messages(self.chat()))
            if m.from_user is tg.bot_user and m.buttons
        ]
        if not which:
            self.write("(tap which button? e.g. :tap 1, :tap 3.2 or :tap ja)")
            return None
        if not with_buttons:
            self.write("(no message with buttons here)")
            return None
        numbered = re.fullmatch(r"(?:(\d+)\.)?(\d+)", which)
        if numbered is not None:
            message = with_buttons[0]
            if numbered.group(1) is not None:
                wanted = int(numbered.group(1))
                message = next((m for m in with_buttons if m.message_id == wanted), None)
                if message is None:
                    self.write(f"(no message #{wanted} with buttons here)")
                    return None
            buttons = tg.all_buttons(message)
            index = int(numbered.group(2))
            if not 1 <= index <= len(buttons):
                self.write(
                    f"(message #{message.message_id} has buttons "
                    f"{message.message_id}.1 to {message.message_id}.{len(buttons)})"
                )
                return None
            return message, buttons[index - 1]
        needle = which.casefold()
        for message in with_buttons:
            buttons = tg.all_buttons(message)
            exact = [b for b in buttons if b.text.casefold() == needle]
            matches = exact or [b for b in buttons if needle in b.text.casefold()]
            if len(matches) == 1:
                return message, matches[0]
            if matches:
                names = ", ".join(
                    f"[{message.message_id}.{buttons.index(b) + 1}] {b.text}" for b in matches
                )
                self.write(f"(several buttons match {which!r}: {names}; tap one by number)")
                return None
        self.write(f"(no button {which!r} here; e.g. :tap 1, :tap 3.2)")
        return None

    def deep_link_payload(self, url: str) -> str | None:
        """The start payload of a link to this bot (t.me/<bot>?start=...), else None."""
        username = re.escape(self.world.tg.bot_user.username or "")
        match = re.fullmatch(
            rf"https?://t\.me/{username}(?:\?start=([A-Za-z0-9_-]*))?", url, re.IGNORECASE
        )
        if match is None:
            return None
        return match.group(1) or ""

    def invite_target(self, url: str) -> Any | None:
        """The group an invite link (made by the bot) leads to."""
        for group in self.world.groups:
            if any(link["invite_link"] == url for link in self.world.tg.invite_links(group)):
                return group
        return None

    # ------------------------------------------------------------------ files, paste

    async def send_file(self, rest: str) -> None:
        try:
            words = shlex.split(rest)
        except ValueError:
            words = rest.split()
        if not words:
            self.write("(send which file? e.g. :send regels.txt)")
            return
        path = Path(words[0]).expanduser()
        try:
            content = path.read_bytes()
        except OSError as error:
            self.write(f"(cannot read {path}: {error.strerror})")
            return
        if not self.can_write_here():
            return
        world, chat = self.world, self.chat()
        caption = " ".join(words[1:])
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        reply_to = None if caption.startswith("/") else self.open_question()
        message = world.tg.user_document(
            self.person, chat, path.name, content, mime, caption=caption, reply_to=reply_to
        )
        self.write(f"({self.person.first_name} sends the file {path.name}, {len(content)} bytes)")
        updates = world.tg.message_update(message)
        if updates:
            reply = await world.driver.deliver(updates[0])
        else:
            reply = world.fake.Reply([], delivered=False)
        self.show(reply, asker=self.person)
        await self.settle()

    def read_paste(self, source: Script | TextIO, echo: bool) -> str | None:
        """The lines after `:paste`, up to a line with only a dot, as one text."""
        self.write("(type the lines; end with a line with only a dot)")
        lines: list[str] = []
        while (line := self.read(source, echo, PASTE_PROMPT)) is not None:
            if line.strip() == PASTE_END:
                break
            lines.append(line)
        text = "\n".join(lines).strip("\n")
        return text or None

    # ------------------------------------------------------------------ group events

    def current_group(self, what: str) -> Any | None:
        if not self.in_group:
            self.write(f"({what} works in a group: :group first)")
            return None
        return self.group

    async def make_admin(self) -> None:
        """The current person (a group admin) makes the bot an admin of this group."""
        group = self.current_group(":admin")
        if group is None:
            return
        world, person = self.world, self.person
        if group.bot_is_admin:
            self.write(f"(the bot is an admin of {group.title} already)")
            return
        if not group.bot_present:
            self.write(f"(the bot is not in {group.title})")
            return
        if person.id not in group.admins and person.id != group.owner_id:
            admins = ", ".join(world.tg.user(i).first_name for i in sorted(group.admins))
            self.write(f"(only a group admin can do that; in {group.title}: {admins})")
            return
        old = world.tg.member_dict(group, world.tg.bot_user)
        world.tg.set_bot_admin(group)
        change = {
            "chat": group.to_dict(),
            "from": person.to_dict(),
            "date": int(world.clock.now().timestamp()),
            "old_chat_member": old,
            "new_chat_member": world.tg.member_dict(group, world.tg.bot_user),
        }
        self.write(f"» {person.first_name} makes the bot an admin of {group.title}")
        self.show(await world.driver.deliver({"my_chat_member": change}))
        await self.settle()

    async def join(self, name: str) -> None:
        group = self.current_group(":join")
        if group is None:
            return
        if not re.fullmatch(r"[^\W\d_][\w-]{0,31}", name):
            self.write("(join who? a first name, e.g. :join Dirk)")
            return
        world = self.world
        person = world.people.get(name.lower())
        if person is None:
            person = world.tg.add_user(name[0].upper() + name[1:], language_code="nl")
            world.people[name.lower()] = person
        if person.id in group.members:
            self.write(f"({person.first_name} is in {group.title} already)")
            return
        links = [
            link
            for link in world.tg.invite_links(group)
            if not link.get("is_revoked") and link.get("creates_join_request")
        ]
        await self.join_group(person, group, links[-1]["invite_link"] if links else None)

    async def join_group(self, person: Any, group: Any, url: str | None) -> None:
        """`person` asks to join through the invite link `url`; without one they join
        through the group's own link (no request)."""
        world, name = self.world, person.first_name
        if person.id in group.members:
            self.write(f"({name} is in {group.title} already)")
            return
        link = next((k for k in world.tg.invite_links(group) if k["invite_link"] == url), None)
        if link is None:
            self.write(f"» {name} joins {group.title} through the group's own link")
            self.write("  (the bot has made no invite link here; it needs to be an admin)")
            reply = await world.driver.user_joined(group, person)
        else:
            self.write(f"» {name} asks to join {group.title} through the invite link")
            reply = await world.driver.join_request(group, person, dict(link))
        self.show(reply)
        await self.settle()
        if person.id in group.members:
            self.write(f"({name} is in {group.title} now; :as {name.lower()} to type as {name})")
        elif person.id in world.tg.pending_join_requests(group):
            self.write(f"({name} is not in {group.title}: the request waits for its admins)")
        else:
            self.write(f"({name} is not in {group.title}: the request was turned down)")

    # ------------------------------------------------------------------ start and input

    async def introduce(self, ready: bool = False) -> None:
        """The start-up transcript: Anna adds the bot to De Boog (and, when `ready`, runs
        /setup)."""
        world, anna = self.world, self.world.people["anna"]
        self.write(
            "Huisbot console: the real bot, a pretend Telegram. Nothing leaves this computer."
        )
        self.write("The house: Anna (group admin), Bram and Carla, in the group De Boog.")
        self.write()
        self.write("» Anna adds the bot to De Boog")
        self.show(await world.driver.bot_added(world.group, by=anna))
        self.write()
        if ready:
            self.write(self.prompt() + "/setup")
            self.show(await world.driver.send(anna, "/setup", chat=world.group), asker=anna)
            self.write()
        else:
            self.write("Next, a group admin (Anna) types /setup in the group.")
        self.write("Type :help for the console commands.")
        self.write()

    def read(self, source: Script | TextIO, echo: bool, prompt: str | None = None) -> str | None:
        """The next line typed (None at the end), after showing the prompt."""
        prompt = self.prompt() if prompt is None else prompt
        if source is sys.stdin and self.out is sys.stdout and not echo:
            try:
                return input(prompt)  # line editing, when a terminal is attached
            except EOFError:
                self.write()
                return None
        if isinstance(source, Script):  # no prompt after its last line
            line = source.next()
            if line is None:
                return None
            self.out.write(prompt)
        else:
            self.out.write(prompt)
            self.out.flush()
            line = source.readline()
            if not line:
                self.write()
                return None
        line = line.rstrip("\r\n")
        if echo:  # without echo, the terminal has shown the typed line already
            self.write(line)
        return line

    async def paste(self, text: str | None) -> None:
        """Send what was pasted (read by `read_paste`, outside the event loop)."""
        if text is None:
            self.write("(nothing to send)")
        else:
            await self.say(text)


def simulate(fake: Any, source: Script | TextIO, echo: bool, out: TextIO, ready: bool) -> None:
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
                runner.run(console.introduce(ready))
                while (line := console.read(source, echo)) is not None:
                    if line.strip().lower() == ":paste":
                        runner.run(console.paste(console.read_paste(source, echo)))
                    elif not runner.run(console.handle(line)):
                        break
                    out.write("\n")
            finally:
                runner.run(world.driver.stop())
        finally:
            database.dispose()


def run_console(
    script: str | None = None,
    *,
    ready: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the simulator on `script` (a file of lines to type) or on standard input; with
    `ready`, /setup has been typed at the start.

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
        simulate(fake, source, echo, out, ready)
    except KeyboardInterrupt:
        out.write("\n")
        return 130
    return 0
