"""The nouns of the fake Telegram world: users, chats, messages and recorded calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass(eq=False)
class FakeUser:
    """A Telegram account. Compared by identity; ``id`` is unique within one world."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data

    def __repr__(self) -> str:
        return f"FakeUser({self.id}, {self.full_name!r})"


@dataclass(eq=False)
class FakeChat:
    """A private chat, basic group or supergroup, with the bot's standing in it."""

    id: int
    type: str  # "private" | "group" | "supergroup"
    title: str | None = None
    user: FakeUser | None = None  # the other party of a private chat
    username: str | None = None
    members: dict[int, FakeUser] = field(default_factory=dict)
    admins: set[int] = field(default_factory=set)
    owner_id: int | None = None
    # The bot in this group: "member" | "administrator" | "left" | "kicked" | "never"
    bot_status: str = "never"
    bot_can_invite_users: bool = False
    bot_can_delete_messages: bool = False
    migrated_to: int | None = None
    migrated_from: int | None = None

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    @property
    def bot_present(self) -> bool:
        return self.bot_status in ("member", "administrator")

    @property
    def bot_is_admin(self) -> bool:
        return self.bot_status == "administrator"

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.full_name
        return self.title or str(self.id)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
        else:
            data["title"] = self.title or ""
            if self.username:
                data["username"] = self.username
        return data

    def __repr__(self) -> str:
        return f"FakeChat({self.id}, {self.type}, {self.name!r})"


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded (sendDocument, sendPhoto)."""

    name: str
    content: bytes
    mime_type: str | None = None


@dataclass(eq=False)
class FakeMessage:
    """A message as it currently stands in a chat (edits are applied in place)."""

    message_id: int
    chat: FakeChat
    from_user: FakeUser
    date: datetime
    text: str = ""  # plain text (the caption for documents/photos), as a user sees it
    html: str = ""  # the raw text as sent (with tags, when sent with parse_mode HTML)
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    edits: int = 0
    edit_date: datetime | None = None
    deleted: bool = False
    reply_to: FakeMessage | None = None
    kind: str = "text"  # "text" | "document" | "photo" | "service"
    file: UploadedFile | None = None
    media: dict[str, Any] | None = None  # the "document" dict, or the "photo" size list
    service: dict[str, Any] = field(default_factory=dict)  # new_chat_members, ...

    @property
    def buttons(self) -> list[list[Button]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [
                Button(
                    text=str(b.get("text", "")),
                    callback_data=b.get("callback_data"),
                    url=b.get("url"),
                )
                for b in row
            ]
            for row in rows
        ]

    @property
    def keyboard(self) -> list[list[str]]:
        """Labels of a reply keyboard (ReplyKeyboardMarkup) sent with this message; a user
        "presses" one by sending its text."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]

    @property
    def caption(self) -> str:
        return self.text if self.kind in ("document", "photo") else ""

    def to_dict(self, with_reply: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.from_user.to_dict(),
            "chat": self.chat.to_dict(),
            "date": unix(self.date),
        }
        if self.edit_date is not None:
            data["edit_date"] = unix(self.edit_date)
        if self.kind == "text":
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        elif self.kind in ("document", "photo"):
            data[self.kind] = self.media
            if self.text:
                data["caption"] = self.text
                if self.entities:
                    data["caption_entities"] = self.entities
        data.update(self.service)
        if with_reply and self.reply_to is not None:
            data["reply_to_message"] = self.reply_to.to_dict(with_reply=False)
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data

    def __repr__(self) -> str:
        gone = " deleted" if self.deleted else ""
        return (
            f"FakeMessage({self.chat.id}/{self.message_id} from {self.from_user.first_name}"
            f"{gone}: {self.text!r})"
        )


@dataclass
class BotCall:
    """One Bot API call the bot made, with the fake's answer."""

    method: str
    params: dict[str, Any]
    ok: bool
    result: Any
    error: str | None
    at: datetime
    error_code: int | None = None
    files: dict[str, UploadedFile] = field(default_factory=dict)
    message: FakeMessage | None = None  # the message this call sent or edited, if any

    def __repr__(self) -> str:
        outcome = "ok" if self.ok else f"{self.error_code} {self.error}"
        return f"BotCall({self.method} {outcome})"


@dataclass(frozen=True)
class SpecViolation:
    method: str
    problem: str
    params: dict[str, Any]
    at: datetime

    def __str__(self) -> str:
        return f"{self.method}: {self.problem}"


class ApiError(Exception):
    """An error answer of the Bot API (raised by method emulations, turned into JSON)."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str, **parameters: Any) -> ApiError:
    return ApiError(400, f"Bad Request: {text}", parameters or None)


def forbidden(text: str) -> ApiError:
    return ApiError(403, f"Forbidden: {text}")
