"""The fake Telegram world: users, chats and messages, and the Bot API methods acting on them."""

from __future__ import annotations

import json
import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, ManualClock

from .html_parse import HtmlParseError, parse_html, strip_text
from .models import (
    ApiError,
    BotCall,
    Button,
    FakeChat,
    FakeMessage,
    FakeUser,
    SpecViolation,
    UploadedFile,
    bad_request,
    forbidden,
    unix,
)
from .spec import Spec, decode_param

if TYPE_CHECKING:
    from .request import FakeRequest

SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendVideo",
        "sendAudio",
        "sendAnimation",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendMediaGroup",
        "sendInvoice",
        "sendPaidMedia",
        "sendChecklist",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)
EDIT_METHODS = frozenset(
    {
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
        "editMessageLiveLocation",
        "stopMessageLiveLocation",
        "editMessageChecklist",
    }
)
# python-telegram-bot's shared send/edit helper fills these in from ``Defaults`` even for
# methods that do not take them (e.g. parse_mode for editMessageReplyMarkup). Telegram
# ignores unknown parameters, and a bot cannot avoid this, so they are not violations.
PTB_DEFAULTS_LEAKS = frozenset({"parse_mode", "disable_notification", "protect_content"})
JOIN_REQUEST_WINDOW = timedelta(minutes=5)
DELETE_WINDOW = timedelta(hours=48)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
CALLBACK_QUERY_TIMEOUT = timedelta(seconds=15)

Handler = Callable[[dict[str, Any], dict[str, UploadedFile], BotCall], Any]


class _CallbackQuery:
    __slots__ = ("alert", "answered", "at", "id", "message", "text", "user")

    def __init__(self, query_id: str, user: FakeUser, message: FakeMessage, at: datetime) -> None:
        self.id = query_id
        self.at = at  # when the person tapped
        self.user = user
        self.message = message
        self.answered = False
        self.text: str | None = None
        self.alert = False


class FakeTelegram:
    """An in-process Bot API server with a small world of users, groups and messages.

    Every call is recorded in :attr:`calls` and checked against the official Bot API spec;
    problems land in :attr:`violations` (and the call answers 400). Methods the fake does
    not emulate land in :attr:`unsupported`. The test fixture calls :meth:`assert_clean`
    at teardown, so a test fails on any violation even if the bot swallowed the error.

    Attributes that tests may flip: ``enforce_flood_limits`` (30 sends/s overall, 20/min
    per group, by the fake clock) and ``privacy_mode`` (True, like a fresh bot: in groups
    where it is not admin the bot only receives commands, replies to its messages,
    mentions of it and service messages).
    """

    def __init__(
        self,
        clock: Clock | None = None,
        bot_username: str = "HuisBot",
        bot_id: int = 777000,
        bot_name: str = "Huisbot",
        spec: Spec | None = None,
    ) -> None:
        self.clock: Clock = clock if clock is not None else ManualClock()
        self.spec = spec if spec is not None else Spec.load()
        self.bot_user = FakeUser(id=bot_id, first_name=bot_name, username=bot_username, is_bot=True)
        self.token = f"{bot_id}:TEST-TOKEN"  # any "<bot_id>:..." token is accepted
        self.calls: list[BotCall] = []
        self.violations: list[SpecViolation] = []
        self.unsupported: list[str] = []
        self.enforce_flood_limits = False
        # Telegram answers "query is too old" to an answerCallbackQuery made this long (fake
        # time) after the tap; None: never.
        self.callback_query_timeout: timedelta | None = CALLBACK_QUERY_TIMEOUT
        # With the flood limits on: edits of a group's messages count towards its 20 a minute
        # (replies, edits and announcements share one budget).
        self.group_budget_counts_edits = False
        self.privacy_mode = True
        self.pending_updates: list[dict[str, Any]] = []
        # Files people sent: file_id -> content; served by getFile and the file download URL.
        self.files: dict[str, bytes] = {}
        self.files_by_path: dict[str, bytes] = {}
        self.downloads: list[str] = []
        self.webhook_url = ""  # as set by setWebhook, cleared by deleteWebhook

        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, FakeChat] = {}
        self._private: dict[int, FakeChat] = {}
        self._messages: dict[int, dict[int, FakeMessage]] = defaultdict(dict)
        self._next_message_id: dict[int, int] = defaultdict(lambda: 1)
        self._started: set[int] = set()
        self._blocked: set[int] = set()
        self._join_requests: dict[int, dict[int, datetime]] = defaultdict(dict)  # user -> chat
        self._queries: dict[str, _CallbackQuery] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._invite_links: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self._next_user_id = 1001
        self._next_group = 1
        self._next_supergroup = 1
        self._next_update_id = 1
        self._next_query_id = 1
        self._next_file_id = 1
        self._next_link = 1
        self._injected_floods: deque[int] = deque()
        self._send_window: deque[float] = deque()
        self._group_windows: dict[int, deque[float]] = defaultdict(deque)
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": lambda a, f, c: [],
            "getFile": self._get_file,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback_query,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "createChatInviteLink": self._create_chat_invite_link,
            "approveChatJoinRequest": self._approve_chat_join_request,
            "declineChatJoinRequest": self._decline_chat_join_request,
            "leaveChat": self._leave_chat,
        }

    # ================================================================== building the world

    def request(self) -> FakeRequest:
        """A fresh ``BaseRequest`` bound to this world (for ``.request()`` and
        ``.get_updates_request()`` of ``ApplicationBuilder``)."""
        from .request import FakeRequest

        return FakeRequest(self)

    def now(self) -> datetime:
        return self.clock.now()

    def add_user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "nl",
        user_id: int | None = None,
    ) -> FakeUser:
        if user_id is None:
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id in self._users or user_id == self.bot_user.id:
            raise ValueError(f"user id {user_id} is taken")
        user = FakeUser(user_id, first_name, last_name, username, language_code)
        self._users[user_id] = user
        chat = FakeChat(id=user_id, type="private", user=user)
        self._chats[user_id] = chat
        self._private[user_id] = chat
        return user

    def add_group(
        self,
        title: str,
        members: Iterable[FakeUser] = (),
        admins: Iterable[FakeUser] = (),
        bot_in_group: bool = True,
        bot_is_admin: bool = False,
        owner: FakeUser | None = None,
        supergroup: bool = False,
        username: str | None = None,
    ) -> FakeChat:
        """A group chat. ``owner`` (optional) gets status "creator"; ``admins`` get
        "administrator". With ``bot_is_admin`` the bot has all rights."""
        chat = FakeChat(
            id=self._new_supergroup_id() if supergroup else self._new_group_id(),
            type="supergroup" if supergroup else "group",
            title=title,
            username=username,
        )
        for user in [*members, *admins, *([owner] if owner else [])]:
            chat.members[user.id] = user
        chat.admins = {u.id for u in admins}
        chat.owner_id = owner.id if owner else None
        if bot_in_group:
            chat.bot_status = "administrator" if bot_is_admin else "member"
            chat.bot_can_invite_users = chat.bot_can_delete_messages = bot_is_admin
        self._chats[chat.id] = chat
        return chat

    def _new_group_id(self) -> int:
        self._next_group += 1
        return -4_000_000_000 - (self._next_group - 1)

    def _new_supergroup_id(self) -> int:
        self._next_supergroup += 1
        return -1_002_000_000_000 - (self._next_supergroup - 1)

    def private_chat(self, user: FakeUser) -> FakeChat:
        return self._private[user.id]

    def user(self, user_id: int) -> FakeUser:
        return self._users[user_id]

    def chat(self, chat_id: int) -> FakeChat:
        return self._chats[chat_id]

    def start_bot(self, user: FakeUser) -> None:
        """``user`` opened the private chat with the bot (pressed Start)."""
        self._started.add(user.id)
        self._blocked.discard(user.id)

    def block_bot(self, user: FakeUser) -> None:
        self._blocked.add(user.id)

    def unblock_bot(self, user: FakeUser) -> None:
        self._blocked.discard(user.id)

    def has_started(self, user: FakeUser) -> bool:
        return user.id in self._started

    def set_admin(self, group: FakeChat, user: FakeUser, is_admin: bool = True) -> None:
        group.members[user.id] = user
        if is_admin:
            group.admins.add(user.id)
        else:
            group.admins.discard(user.id)

    def set_bot_admin(
        self,
        group: FakeChat,
        is_admin: bool = True,
        can_invite_users: bool = True,
        can_delete_messages: bool = True,
    ) -> None:
        group.bot_status = "administrator" if is_admin else "member"
        group.bot_can_invite_users = is_admin and can_invite_users
        group.bot_can_delete_messages = is_admin and can_delete_messages

    def inject_flood(self, count: int = 1, retry_after: int = 3) -> None:
        """The next ``count`` sending/editing calls answer 429 with ``retry_after``."""
        self._injected_floods.extend([retry_after] * count)

    # ================================================================== reading the world

    def spend_group_budget(
        self, chat: FakeChat, count: int, over: timedelta = timedelta(0)
    ) -> None:
        """``count`` sends into ``chat``, spread evenly over the last ``over`` (the last at
        this moment), by the flood limits' count only, as if a bot run that just stopped had
        made them: the group's minute is partly spent."""
        now = self.clock.now().timestamp()
        span = over.total_seconds()
        window = self._group_windows[chat.id]
        window.extend(now - span + (i + 1) * span / count for i in range(count))

    def _chat_of(self, chat: FakeChat | FakeUser | int) -> FakeChat:
        if isinstance(chat, FakeChat):
            return chat
        return self._chats[chat.id if isinstance(chat, FakeUser) else chat]

    # Where a chat is expected, a FakeUser stands for their private chat, an int for a chat id.

    def messages(self, chat: FakeChat | FakeUser | int) -> list[FakeMessage]:
        """Current messages in ``chat`` (users' and the bot's), oldest first, without deleted."""
        chat_id = chat if isinstance(chat, int) else chat.id
        return [m for m in self._messages[chat_id].values() if not m.deleted]

    def message(self, chat: FakeChat | FakeUser | int, message_id: int) -> FakeMessage | None:
        chat_id = chat if isinstance(chat, int) else chat.id
        return self._messages[chat_id].get(message_id)

    def last_bot_message(self, chat: FakeChat | FakeUser | int) -> FakeMessage | None:
        chat_id = chat if isinstance(chat, int) else chat.id
        for msg in reversed(self._messages[chat_id].values()):
            if not msg.deleted and msg.from_user is self.bot_user:
                return msg
        return None

    def all_buttons(self, message: FakeMessage) -> list[Button]:
        return [b for row in message.buttons for b in row]

    def render(self, message: FakeMessage) -> str:
        """The message as a console shows it: text, then numbered buttons, a line per row.

        URL buttons show their link in angle brackets; service messages (joins, leaves,
        migration) are described in one line starting with "»"."""
        lines = [_describe_service(message) if message.kind == "service" else message.text]
        number = 0
        for row in message.buttons:
            cells = []
            for button in row:
                number += 1
                suffix = f" <{button.url}>" if button.url else ""
                cells.append(f"[{number}] {button.text}{suffix}")
            lines.append("  ".join(cells))
        return "\n".join(lines)

    def commands(
        self,
        scope_type: str = "default",
        language_code: str | None = None,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> list[tuple[str, str]]:
        """Commands stored by setMyCommands for a scope, as ``(command, description)``."""
        scope: dict[str, Any] = {"type": scope_type}
        if chat_id is not None:
            scope["chat_id"] = chat_id
        if user_id is not None:
            scope["user_id"] = user_id
        stored = self._commands.get((_scope_key(scope), language_code or ""), [])
        return [(c["command"], c["description"]) for c in stored]

    def invite_links(self, chat: FakeChat | FakeUser | int) -> list[dict[str, Any]]:
        return list(self._invite_links[self._chat_of(chat).id])

    def pending_join_requests(self, chat: FakeChat) -> list[int]:
        return [uid for uid, reqs in self._join_requests.items() if chat.id in reqs]

    def calls_of(self, method: str) -> list[BotCall]:
        return [c for c in self.calls if c.method == method]

    def assert_clean(self) -> None:
        """Raise AssertionError listing every spec violation and unemulated method seen.

        The project's test fixture calls this at teardown."""
        problems = [f"spec violation: {v}" for v in self.violations]
        problems += [f"not emulated by FakeTelegram: {u}" for u in self.unsupported]
        if problems:
            raise AssertionError("FakeTelegram saw problems:\n  " + "\n  ".join(problems))

    # ================================================================== serving calls

    def handle(
        self,
        method: str,
        params: Mapping[str, Any],
        files: dict[str, UploadedFile] | None = None,
        token: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Serve one Bot API call; returns (HTTP status, JSON body)."""
        files = files or {}
        now = self.clock.now()
        call = BotCall(method, dict(params), False, None, None, now, files=files)
        self.calls.append(call)
        try:
            if token is not None and token.partition(":")[0] != str(self.bot_user.id):
                raise ApiError(401, "Unauthorized")
            problems = self.spec.call_problems(
                method, params, uploaded=tuple(files), tolerated=PTB_DEFAULTS_LEAKS
            )
            if problems:
                for problem in problems:
                    self.violations.append(SpecViolation(method, problem, call.params, now))
                raise bad_request("; ".join(problems))
            args = {k: decode_param(v) for k, v in params.items()}
            if self._injected_floods and (method in SEND_METHODS or method in EDIT_METHODS):
                retry = self._injected_floods.popleft()
                raise _too_many(retry)
            handler = self._handlers.get(method)
            if handler is not None:
                result = handler(args, files, call)
            elif self.spec.returns_boolean(method):
                result = True
            else:
                self.unsupported.append(method)
                raise bad_request(f"method {method} is not emulated by FakeTelegram")
        except ApiError as err:
            call.error = err.description
            call.error_code = err.code
            return err.code, err.to_json()
        call.ok = True
        call.result = result
        return 200, {"ok": True, "result": result}

    # ------------------------------------------------------------------ checks

    def _resolve_chat(self, chat_id: Any) -> FakeChat:
        if isinstance(chat_id, str) and not _is_int(chat_id):
            for candidate in self._chats.values():
                if candidate.username and f"@{candidate.username}".lower() == chat_id.lower():
                    chat_id = candidate.id
                    break
            else:
                raise bad_request("chat not found")
        chat = self._chats.get(int(chat_id))
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat", migrate_to_chat_id=chat.migrated_to
            )
        return chat

    def _check_group_access(self, chat: FakeChat) -> None:
        kind = "supergroup" if chat.type == "supergroup" else "group"
        if chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {kind} chat")
        if chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {kind} chat")
        if chat.bot_status == "never":
            raise bad_request("chat not found")

    def _check_can_send(self, chat: FakeChat, new_conversation: bool = True) -> None:
        if chat.type != "private":
            self._check_group_access(chat)
            return
        assert chat.user is not None
        if chat.user.id in self._blocked:
            raise forbidden("bot was blocked by the user")
        if (
            new_conversation
            and chat.user.id not in self._started
            and not self._join_window_open(chat.user)
        ):
            raise forbidden("bot can't initiate conversation with a user")

    def _join_window_open(self, user: FakeUser) -> bool:
        now = self.clock.now()
        return any(now - at <= JOIN_REQUEST_WINDOW for at in self._join_requests[user.id].values())

    def _count_send(self, chat: FakeChat) -> None:
        if not self.enforce_flood_limits:
            return
        now = self.clock.now().timestamp()
        window = self._send_window
        while window and window[0] <= now - 1:
            window.popleft()
        if len(window) >= 30:
            raise _too_many(max(1, math.ceil(window[0] + 1 - now)))
        group_window = None
        if chat.is_group:
            group_window = self._group_windows[chat.id]
            while group_window and group_window[0] <= now - 60:
                group_window.popleft()
            if len(group_window) >= 20:
                raise _too_many(max(1, math.ceil(group_window[0] + 60 - now)))
            group_window.append(now)
        window.append(now)

    def _formatted(
        self, text: str, parse_mode: Any, entities: Any, limit: int, what: str
    ) -> tuple[str, list[dict[str, Any]]]:
        if parse_mode:
            mode = str(parse_mode).lower()
            if mode == "html":
                try:
                    plain, ents = parse_html(text)
                except HtmlParseError as err:
                    raise bad_request(f"can't parse entities: {err}") from None
            elif mode in ("markdown", "markdownv2"):
                self.unsupported.append(f"parse_mode {parse_mode} (only HTML is parsed)")
                plain, ents = text, []
            else:
                raise bad_request("unsupported parse_mode")
        else:
            plain, ents = text, [dict(e) for e in entities or []]
        plain, ents = strip_text(plain, ents)
        if len(plain) > limit:
            raise bad_request(f"{what} is too long")
        return plain, ents

    # ------------------------------------------------------------------ messages

    def _store(self, msg: FakeMessage) -> FakeMessage:
        self._messages[msg.chat.id][msg.message_id] = msg
        return msg

    def _new_id(self, chat: FakeChat) -> int:
        mid = self._next_message_id[chat.id]
        self._next_message_id[chat.id] = mid + 1
        return mid

    def _find_message(self, chat: FakeChat, message_id: Any) -> FakeMessage | None:
        msg = self._messages[chat.id].get(int(message_id))
        return None if msg is None or msg.deleted else msg

    def _reply_target(self, chat: FakeChat, args: dict[str, Any]) -> FakeMessage | None:
        params = args.get("reply_parameters")
        if not isinstance(params, dict):
            return None
        target_chat = chat
        if "chat_id" in params:
            target_chat = self._resolve_chat(params["chat_id"])
        target = self._find_message(target_chat, params.get("message_id", 0))
        if target is None and not params.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target

    def _bot_message(
        self,
        chat: FakeChat,
        args: dict[str, Any],
        call: BotCall,
        *,
        kind: str,
        raw_text: str,
        text: str,
        entities: list[dict[str, Any]],
        reply_to: FakeMessage | None,
        file: UploadedFile | None = None,
        media: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        markup = args.get("reply_markup")
        msg = FakeMessage(
            message_id=self._new_id(chat),
            chat=chat,
            from_user=self.bot_user,
            date=self.clock.now(),
            text=text,
            html=raw_text,
            entities=entities,
            reply_markup=markup if isinstance(markup, dict) else None,
            reply_to=reply_to,
            kind=kind,
            file=file,
            media=media,
        )
        self._store(msg)
        call.message = msg
        return msg.to_dict()

    def _send_message(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        self._check_can_send(chat)
        reply_to = self._reply_target(chat, args)
        raw = str(args.get("text", ""))
        text, entities = self._formatted(
            raw, args.get("parse_mode"), args.get("entities"), 4096, "message"
        )
        if not text:
            raise bad_request("message text is empty")
        self._count_send(chat)
        return self._bot_message(
            chat,
            args,
            call,
            kind="text",
            raw_text=raw,
            text=text,
            entities=entities,
            reply_to=reply_to,
        )

    def _upload(
        self, args: dict[str, Any], files: dict[str, UploadedFile], field: str
    ) -> tuple[UploadedFile | None, str]:
        value = args.get(field)
        upload: UploadedFile | None = None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
        elif value is None:
            upload = files.get(field)
        if upload is None and not isinstance(value, str):
            raise bad_request(f"there is no {field} in the request")
        file_id = value if upload is None and isinstance(value, str) else self._new_file_id()
        return upload, file_id

    def _new_file_id(self) -> str:
        self._next_file_id += 1
        return f"FAKEFILE{self._next_file_id - 1:08d}"

    def _send_media(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall, kind: str
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        self._check_can_send(chat)
        reply_to = self._reply_target(chat, args)
        upload, file_id = self._upload(args, files, kind)
        raw = str(args.get("caption", ""))
        text, entities = self._formatted(
            raw, args.get("parse_mode"), args.get("caption_entities"), 1024, "message caption"
        )
        self._count_send(chat)
        unique = f"U{file_id}"
        media: Any
        if kind == "document":
            media = {"file_id": file_id, "file_unique_id": unique}
            if upload is not None:
                media["file_name"] = upload.name
                media["file_size"] = len(upload.content)
                if upload.mime_type:
                    media["mime_type"] = upload.mime_type
        else:
            size = {"file_id": file_id, "file_unique_id": unique, "width": 800, "height": 600}
            if upload is not None:
                size["file_size"] = len(upload.content)
            media = [size]
        return self._bot_message(
            chat,
            args,
            call,
            kind=kind,
            raw_text=raw,
            text=text,
            entities=entities,
            reply_to=reply_to,
            file=upload,
            media=media,
        )

    def _send_document(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        return self._send_media(args, files, call, "document")

    def _send_photo(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        return self._send_media(args, files, call, "photo")

    def _send_chat_action(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        self._check_can_send(self._resolve_chat(args["chat_id"]))
        return True

    def _editable(self, args: dict[str, Any]) -> FakeMessage:
        if "inline_message_id" in args:
            self.unsupported.append("inline_message_id (inline messages)")
            raise bad_request("inline messages are not emulated by FakeTelegram")
        if "chat_id" not in args or "message_id" not in args:
            raise bad_request("message identifier is not specified")
        chat = self._resolve_chat(args["chat_id"])
        self._check_can_send(chat, new_conversation=False)
        msg = self._find_message(chat, args["message_id"])
        if msg is None:
            raise bad_request("message to edit not found")
        if msg.from_user is not self.bot_user:
            raise bad_request("message can't be edited")
        return msg

    def _apply_edit(
        self,
        msg: FakeMessage,
        call: BotCall,
        text: str,
        raw: str,
        entities: list[dict[str, Any]],
        markup: Any,
    ) -> Any:
        new_markup = markup if isinstance(markup, dict) else None
        if text == msg.text and entities == msg.entities and new_markup == msg.reply_markup:
            raise bad_request(NOT_MODIFIED)
        if self.group_budget_counts_edits and msg.chat.is_group:
            self._count_send(msg.chat)
        msg.text, msg.html, msg.entities, msg.reply_markup = text, raw, entities, new_markup
        msg.edits += 1
        msg.edit_date = self.clock.now()
        call.message = msg
        return msg.to_dict()

    def _edit_message_text(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        msg = self._editable(args)
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        raw = str(args.get("text", ""))
        text, entities = self._formatted(
            raw, args.get("parse_mode"), args.get("entities"), 4096, "message"
        )
        if not text:
            raise bad_request("message text is empty")
        return self._apply_edit(msg, call, text, raw, entities, args.get("reply_markup"))

    def _edit_message_caption(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        msg = self._editable(args)
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        raw = str(args.get("caption", ""))
        text, entities = self._formatted(
            raw, args.get("parse_mode"), args.get("caption_entities"), 1024, "message caption"
        )
        return self._apply_edit(msg, call, text, raw, entities, args.get("reply_markup"))

    def _edit_message_reply_markup(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        msg = self._editable(args)
        return self._apply_edit(
            msg, call, msg.text, msg.html, msg.entities, args.get("reply_markup")
        )

    def _deletable(self, chat: FakeChat, message_id: Any) -> FakeMessage:
        msg = self._find_message(chat, message_id)
        if msg is None:
            raise bad_request("message to delete not found")
        if self.clock.now() - msg.date > DELETE_WINDOW:
            raise bad_request("message can't be deleted")
        own = msg.from_user is self.bot_user
        if not (own or chat.type == "private" or chat.bot_can_delete_messages):
            raise bad_request("message can't be deleted")
        return msg

    def _delete_message(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        self._check_can_send(chat, new_conversation=False)
        msg = self._deletable(chat, args["message_id"])
        msg.deleted = True
        call.message = msg
        return True

    def _delete_messages(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        self._check_can_send(chat, new_conversation=False)
        ids = args["message_ids"]
        if not 1 <= len(ids) <= 100:
            raise bad_request("message_ids must contain 1-100 identifiers")
        for message_id in ids:
            try:
                self._deletable(chat, message_id).deleted = True
            except ApiError:
                continue  # Telegram skips messages it can't find or delete
        return True

    # ------------------------------------------------------------------ callbacks

    def _answer_callback_query(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        query = self._queries.get(str(args["callback_query_id"]))
        if query is None or query.answered:
            raise bad_request(QUERY_INVALID)
        timeout = self.callback_query_timeout
        if timeout is not None and self.clock.now() - query.at > timeout:
            raise bad_request(QUERY_INVALID)
        text = args.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        query.text = text if isinstance(text, str) else None
        query.alert = bool(args.get("show_alert"))
        return True

    # ------------------------------------------------------------------ chats and members

    def _set_webhook(self, args: dict[str, Any], _f: Any, _c: Any) -> bool:
        self.webhook_url = str(args.get("url") or "")
        return True

    def _delete_webhook(self, _a: Any, _f: Any, _c: Any) -> bool:
        self.webhook_url = ""
        return True

    def _get_webhook_info(self, _a: Any, _f: Any, _c: Any) -> dict[str, Any]:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}

    def _get_me(self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall) -> Any:
        data = self.bot_user.to_dict()
        data.update(
            can_join_groups=True,
            can_read_all_group_messages=not self.privacy_mode,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
        return data

    def _get_chat(self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        if chat.is_group:
            self._check_group_access(chat)
        data = chat.to_dict()
        data.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return data

    def member_dict(self, chat: FakeChat, user: FakeUser) -> dict[str, Any]:
        """The ChatMember object Telegram would report for ``user`` in ``chat``."""
        status: str
        if user is self.bot_user and chat.is_group:
            status = {"never": "left"}.get(chat.bot_status, chat.bot_status)
        elif chat.type == "private":
            status = "member"
        elif user.id == chat.owner_id and user.id in chat.members:
            status = "creator"
        elif user.id in chat.admins and user.id in chat.members:
            status = "administrator"
        elif user.id in chat.members:
            status = "member"
        else:
            status = "left"
        data: dict[str, Any] = {"status": status, "user": user.to_dict()}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            is_bot = user is self.bot_user
            rights = {
                "can_be_edited": is_bot,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": chat.bot_can_delete_messages if is_bot else True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": not is_bot,
                "can_change_info": True,
                "can_invite_users": chat.bot_can_invite_users if is_bot else True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
            }
            data.update(rights)
        elif status == "kicked":
            data["until_date"] = 0
        return data

    def _member_user(self, user_id: Any) -> FakeUser:
        uid = int(user_id)
        if uid == self.bot_user.id:
            return self.bot_user
        user = self._users.get(uid)
        if user is None:
            raise bad_request("user not found")
        return user

    def _get_chat_member(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        if chat.is_group:
            self._check_group_access(chat)
        return self.member_dict(chat, self._member_user(args["user_id"]))

    def _get_chat_administrators(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        self._check_group_access(chat)
        result = []
        if chat.owner_id is not None and chat.owner_id in chat.members:
            result.append(self.member_dict(chat, chat.members[chat.owner_id]))
        for uid in sorted(chat.admins):
            if uid != chat.owner_id and uid in chat.members:
                result.append(self.member_dict(chat, chat.members[uid]))
        if chat.bot_is_admin:
            result.append(self.member_dict(chat, self.bot_user))
        return result

    def _get_chat_member_count(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        if chat.type == "private":
            return 2
        self._check_group_access(chat)
        return len(chat.members) + 1

    def _leave_chat(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self._check_group_access(chat)
        old = self.member_dict(chat, self.bot_user)
        chat.bot_status = "left"
        chat.bot_can_invite_users = chat.bot_can_delete_messages = False
        self.pending_updates.append(
            self.make_update(
                my_chat_member=self._member_update(chat, self.bot_user, self.bot_user, old)
            )
        )
        return True

    # ------------------------------------------------------------------ commands

    def _commands_key(self, args: dict[str, Any]) -> tuple[str, str]:
        scope = args.get("scope") or {"type": "default"}
        return _scope_key(scope), str(args.get("language_code") or "")

    def _set_my_commands(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        commands = [
            {"command": c["command"], "description": c["description"]} for c in args["commands"]
        ]
        key = self._commands_key(args)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        return [dict(c) for c in self._commands.get(self._commands_key(args), [])]

    def _delete_my_commands(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        self._commands.pop(self._commands_key(args), None)
        return True

    # ------------------------------------------------------------------ invite links, joins

    def _require_invite_rights(self, chat: FakeChat) -> None:
        if chat.type == "private":
            raise bad_request("not enough rights to manage chat invite link")
        self._check_group_access(chat)
        if not (chat.bot_is_admin and chat.bot_can_invite_users):
            raise bad_request("not enough rights to manage chat invite link")

    def _create_chat_invite_link(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat = self._resolve_chat(args["chat_id"])
        self._require_invite_rights(chat)
        joins_by_request = bool(args.get("creates_join_request"))
        if joins_by_request and "member_limit" in args:
            raise bad_request("member limit can't be specified for links requiring approval")
        if "member_limit" in args and not 1 <= int(args["member_limit"]) <= 99999:
            raise bad_request("member limit must be between 1 and 99999")
        if len(str(args.get("name", ""))) > 32:
            raise bad_request("invite link name is too long")
        link: dict[str, Any] = {
            "invite_link": f"https://t.me/+FaKeLiNk{self._next_link:06d}",
            "creator": self.bot_user.to_dict(),
            "creates_join_request": joins_by_request,
            "is_primary": False,
            "is_revoked": False,
        }
        self._next_link += 1
        for key in ("name", "expire_date", "member_limit"):
            if key in args:
                link[key] = args[key]
        self._invite_links[chat.id].append(link)
        return dict(link)

    def _join_request_target(self, args: dict[str, Any]) -> tuple[FakeChat, FakeUser]:
        chat = self._resolve_chat(args["chat_id"])
        if chat.type == "private":
            raise bad_request("chat not found")
        self._check_group_access(chat)
        if not (chat.bot_is_admin and chat.bot_can_invite_users):
            raise bad_request("CHAT_ADMIN_REQUIRED")
        user = self._member_user(args["user_id"])
        if chat.id not in self._join_requests[user.id]:
            raise bad_request("HIDE_REQUESTER_MISSING")
        return chat, user

    def _approve_chat_join_request(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat, user = self._join_request_target(args)
        del self._join_requests[user.id][chat.id]
        if user.id not in chat.members:
            # Telegram then tells the group (and the bot) that the user joined.
            self.pending_updates.extend(self.user_joined(chat, user))
        return True

    def _decline_chat_join_request(
        self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall
    ) -> Any:
        chat, user = self._join_request_target(args)
        del self._join_requests[user.id][chat.id]
        return True

    # ================================================================== events (for Driver)
    # Each returns the update dicts Telegram would deliver to the bot, in order.

    def make_update(self, **content: Any) -> dict[str, Any]:
        update = {"update_id": self._next_update_id, **content}
        self._next_update_id += 1
        return update

    def bot_receives(self, msg: FakeMessage) -> bool:
        """Whether Telegram delivers this message to the bot (presence and privacy mode)."""
        chat = msg.chat
        if chat.type == "private":
            return True
        if not chat.bot_present or chat.migrated_to is not None:
            return False
        if msg.kind == "service" or chat.bot_is_admin or not self.privacy_mode:
            return True
        if msg.reply_to is not None and msg.reply_to.from_user is self.bot_user:
            return True
        text = msg.text
        username = (self.bot_user.username or "").lower()
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            target = command.partition("@")[2].lower()
            return target in ("", username)
        return f"@{username}" in text.lower()

    def _get_file(self, args: dict[str, Any], files: dict[str, UploadedFile], call: BotCall) -> Any:
        file_id = str(args["file_id"])
        content = self.files.get(file_id)
        if content is None:
            raise bad_request("invalid file_id")
        path = f"documents/{file_id}.bin"
        self.files_by_path[path] = content
        return {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_size": len(content),
            "file_path": path,
        }

    def download(self, path: str) -> bytes | None:
        """A file download (`/file/bot<token>/<path>`), after getFile gave the path."""
        self.downloads.append(path)
        return self.files_by_path.get(path)

    def user_document(
        self,
        user: FakeUser,
        chat: FakeChat,
        name: str,
        content: bytes,
        mime_type: str,
        caption: str = "",
        reply_to: FakeMessage | None = None,
    ) -> FakeMessage:
        """`user` sends a file (a document) in `chat`, with an optional caption."""
        msg = self.user_message(user, chat, caption, reply_to=reply_to)
        file_id = f"USERFILE{len(self.files) + 1:04d}"
        self.files[file_id] = content
        msg.kind = "document"
        msg.media = {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_name": name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return msg

    def user_message(
        self,
        user: FakeUser,
        chat: FakeChat,
        text: str,
        reply_to: FakeMessage | None = None,
    ) -> FakeMessage:
        """Store a text message from ``user``; the caller decides on delivery."""
        if chat.type == "private":
            if chat.user is not user:
                raise AssertionError(f"{user!r} cannot write in the private chat {chat!r}")
            self.start_bot(user)
        elif user.id not in chat.members:
            raise AssertionError(f"{user!r} is not a member of {chat!r}")
        if chat.migrated_to is not None:
            raise AssertionError(f"{chat!r} was upgraded to supergroup {chat.migrated_to}")
        entities: list[dict[str, Any]] = []
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities.append({"type": "bot_command", "offset": 0, "length": len(command)})
        msg = FakeMessage(
            message_id=self._new_id(chat),
            chat=chat,
            from_user=user,
            date=self.clock.now(),
            text=text,
            html=text,
            entities=entities,
            reply_to=reply_to,
        )
        return self._store(msg)

    def message_update(self, msg: FakeMessage) -> list[dict[str, Any]]:
        if not self.bot_receives(msg):
            return []
        return [self.make_update(message=msg.to_dict())]

    def _service(self, chat: FakeChat, by: FakeUser, **fields: Any) -> FakeMessage:
        msg = FakeMessage(
            message_id=self._new_id(chat),
            chat=chat,
            from_user=by,
            date=self.clock.now(),
            kind="service",
            service=fields,
        )
        return self._store(msg)

    def _member_update(
        self,
        chat: FakeChat,
        subject: FakeUser,
        by: FakeUser,
        old: dict[str, Any],
        invite_link: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        data = {
            "chat": chat.to_dict(),
            "from": by.to_dict(),
            "date": unix(self.clock.now()),
            "old_chat_member": old,
            "new_chat_member": self.member_dict(chat, subject),
        }
        if invite_link is not None:
            data["invite_link"] = invite_link
        return data

    def new_callback_query(self, user: FakeUser, msg: FakeMessage, data: str) -> dict[str, Any]:
        query_id = f"{self._next_query_id:019d}"
        self._next_query_id += 1
        self._queries[query_id] = _CallbackQuery(query_id, user, msg, self.clock.now())
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": msg.to_dict(),
            "chat_instance": f"{abs(msg.chat.id) * 7919 % 10**12}",
            "data": data,
        }
        return self.make_update(callback_query=query)

    def callback_answer(self, query_id: str) -> tuple[bool, str | None, bool]:
        """(answered, text, show_alert) of a callback query."""
        query = self._queries[query_id]
        return query.answered, query.text, query.alert

    def bot_added(
        self, chat: FakeChat, by: FakeUser, as_admin: bool = False
    ) -> list[dict[str, Any]]:
        old = self.member_dict(chat, self.bot_user)
        chat.members.setdefault(by.id, by)
        self.set_bot_admin(chat, is_admin=as_admin)
        updates = [
            self.make_update(my_chat_member=self._member_update(chat, self.bot_user, by, old))
        ]
        service = self._service(chat, by, new_chat_members=[self.bot_user.to_dict()])
        updates.append(self.make_update(message=service.to_dict()))
        return updates

    def bot_removed(self, chat: FakeChat, by: FakeUser) -> list[dict[str, Any]]:
        old = self.member_dict(chat, self.bot_user)
        chat.bot_status = "kicked"
        chat.bot_can_invite_users = chat.bot_can_delete_messages = False
        # The group sees a service message; the bot, gone, only gets my_chat_member.
        self._service(chat, by, left_chat_member=self.bot_user.to_dict())
        return [self.make_update(my_chat_member=self._member_update(chat, self.bot_user, by, old))]

    def user_joined(
        self, chat: FakeChat, user: FakeUser, invite_link: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        old = self.member_dict(chat, user)
        chat.members[user.id] = user
        self._join_requests[user.id].pop(chat.id, None)
        service = self._service(chat, user, new_chat_members=[user.to_dict()])
        updates = self.message_update(service)
        if chat.bot_is_admin:
            update = self._member_update(chat, user, user, old, invite_link)
            updates.append(self.make_update(chat_member=update))
        return updates

    def user_left(self, chat: FakeChat, user: FakeUser) -> list[dict[str, Any]]:
        old = self.member_dict(chat, user)
        chat.members.pop(user.id, None)
        chat.admins.discard(user.id)
        service = self._service(chat, user, left_chat_member=user.to_dict())
        updates = self.message_update(service)
        if chat.bot_is_admin:
            updates.append(self.make_update(chat_member=self._member_update(chat, user, user, old)))
        return updates

    def join_request(
        self, chat: FakeChat, user: FakeUser, invite_link: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        self._join_requests[user.id][chat.id] = self.clock.now()
        data: dict[str, Any] = {
            "chat": chat.to_dict(),
            "from": user.to_dict(),
            "user_chat_id": user.id,
            "date": unix(self.clock.now()),
        }
        if invite_link is not None:
            data["invite_link"] = invite_link
        if not (chat.bot_is_admin and chat.bot_can_invite_users):
            return []  # only administrators with can_invite_users receive join requests
        return [self.make_update(chat_join_request=data)]

    def migrate(
        self, chat: FakeChat, by: FakeUser | None = None
    ) -> tuple[FakeChat, list[dict[str, Any]]]:
        if chat.type != "group":
            raise ValueError("only basic groups migrate to supergroups")
        if by is None:
            by = next(iter(chat.members.values()), self.bot_user)
        new = FakeChat(
            id=self._new_supergroup_id(),
            type="supergroup",
            title=chat.title,
            members=dict(chat.members),
            admins=set(chat.admins),
            owner_id=chat.owner_id,
            bot_status=chat.bot_status,
            bot_can_invite_users=chat.bot_can_invite_users,
            bot_can_delete_messages=chat.bot_can_delete_messages,
            migrated_from=chat.id,
        )
        self._chats[new.id] = new
        updates: list[dict[str, Any]] = []
        old_msg = self._service(chat, by, migrate_to_chat_id=new.id)
        updates.extend(self.message_update(old_msg))
        chat.migrated_to = new.id
        new_msg = self._service(new, by, migrate_from_chat_id=chat.id)
        updates.extend(self.message_update(new_msg))
        for requests in self._join_requests.values():
            if chat.id in requests:
                requests[new.id] = requests.pop(chat.id)
        return new, updates

    def take_pending_updates(self) -> list[dict[str, Any]]:
        """Updates caused by the bot's own actions (e.g. approving a join request)."""
        pending, self.pending_updates = self.pending_updates, []
        return pending


def _describe_service(message: FakeMessage) -> str:
    by = message.from_user.full_name
    service = message.service

    def names(users: list[dict[str, Any]]) -> str:
        return ", ".join(str(u.get("first_name", "?")) for u in users)

    if "new_chat_members" in service:
        joined = service["new_chat_members"]
        if len(joined) == 1 and joined[0].get("id") == message.from_user.id:
            return f"» {by} joined the group"
        return f"» {by} added {names(joined)}"
    if "left_chat_member" in service:
        left = service["left_chat_member"]
        if left.get("id") == message.from_user.id:
            return f"» {by} left the group"
        return f"» {by} removed {names([left])}"
    if "migrate_to_chat_id" in service:
        return f"» the group was upgraded to supergroup {service['migrate_to_chat_id']}"
    if "migrate_from_chat_id" in service:
        return f"» upgraded from group {service['migrate_from_chat_id']}"
    return f"» {', '.join(service)}"


def _scope_key(scope: Any) -> str:
    if isinstance(scope, str):
        scope = json.loads(scope)
    normal = dict(scope)
    for key in ("chat_id", "user_id"):
        if key in normal and _is_int(str(normal[key])):
            normal[key] = int(normal[key])
    return json.dumps(normal, sort_keys=True)


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _too_many(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )
