"""Typed callback data: one codec, one small frozen dataclass per button action.

Wire format: `<prefix>|<field>|<field>…`, at most 64 bytes. Decoding checks the prefix, the
number of fields and each field's type, so a tampered or stale button is recognised and answered
politely instead of crashing a handler. The data carries ids only; handlers always check that the
person who tapped may do what the button says.

Every field has one spelling (canonical data): a number is ASCII digits only, without leading
zeros, and without a sign unless the field is declared `Annotated[int, AtLeast(-1)]` (a sentinel
such as "close" or "type it") or `Annotated[int, SIGNED]`; anything else (`v|١|٢`, `mm|1|-5`,
`v|01|2`, `v|+1|2`) is refused like a stale button.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, TypeVar

MAX_BYTES = 64
SEP = "|"
_TOKEN = re.compile(r"[A-Za-z0-9_\-.:/+]{0,48}", re.ASCII)
_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,5}$")

A = TypeVar("A")


@dataclasses.dataclass(frozen=True)
class AtLeast:
    """`Annotated[int, AtLeast(-1)]`: a number field that may be negative, down to `minimum`."""

    minimum: int


SIGNED = AtLeast(-(2**63))  # `Annotated[int, SIGNED]`: any negative number too
_UNSIGNED_INT = re.compile(r"(?:0|[1-9][0-9]{0,18})", re.ASCII)
_SIGNED_INT = re.compile(r"(?:0|-?[1-9][0-9]{0,18})", re.ASCII)


class InvalidCallback(ValueError):
    """Callback data that this bot did not make, or no longer understands."""


class CallbackCodec:
    def __init__(self) -> None:
        self._by_prefix: dict[str, type[Any]] = {}
        self._prefix_of: dict[type[Any], str] = {}

    def register(self, prefix: str) -> Callable[[type[A]], type[A]]:
        if not _PREFIX.match(prefix):
            raise ValueError(f"bad callback prefix {prefix!r}")

        def decorate(cls: type[A]) -> type[A]:
            if not dataclasses.is_dataclass(cls):
                raise TypeError(f"{cls.__name__} must be a dataclass")
            if prefix in self._by_prefix:
                raise ValueError(f"callback prefix {prefix!r} used twice")
            self._by_prefix[prefix] = cls
            self._prefix_of[cls] = prefix
            return cls

        return decorate

    def encode(self, action: object) -> str:
        prefix = self._prefix_of[type(action)]
        parts = [prefix]
        hints = typing.get_type_hints(type(action), include_extras=True)
        for field in dataclasses.fields(action):  # type: ignore[arg-type]
            value = getattr(action, field.name)
            if _is_int(value) and value < _minimum(hints[field.name]):
                raise ValueError(f"callback field {field.name} is out of range, got {value!r}")
            parts.append(_dump(value))
        data = SEP.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    def decode(self, data: object) -> object:
        if not isinstance(data, str) or not data or len(data.encode()) > MAX_BYTES:
            raise InvalidCallback("not callback data of this bot")
        prefix, *raw = data.split(SEP)
        cls = self._by_prefix.get(prefix)
        if cls is None:
            raise InvalidCallback(f"unknown action {prefix!r}")
        fields = dataclasses.fields(cls)
        if len(raw) != len(fields):
            raise InvalidCallback(f"{prefix}: expected {len(fields)} fields")
        hints = typing.get_type_hints(cls, include_extras=True)
        values = {f.name: _load(hints[f.name], value) for f, value in zip(fields, raw, strict=True)}
        return cls(**values)

    def matcher(self, cls: type[Any]) -> Callable[[object], bool]:
        """A `pattern` for PTB's CallbackQueryHandler: true when the data is a valid `cls`."""

        def match(data: object) -> bool:
            try:
                return isinstance(self.decode(data), cls)
            except InvalidCallback:
                return False

        return match

    def actions(self) -> list[type[Any]]:
        return list(self._prefix_of)


def _is_int(value: object) -> typing.TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool | Enum)


def _minimum(kind: Any) -> int:
    """The least value of a number field: 0 unless declared with `AtLeast`."""
    if typing.get_origin(kind) is Annotated:
        for extra in kind.__metadata__:
            if isinstance(extra, AtLeast):
                return extra.minimum
    return 0


def _dump(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if not _TOKEN.fullmatch(value):
            raise ValueError(f"callback text field must be a short token, got {value!r}")
        return value
    raise TypeError(f"unsupported callback field type {type(value).__name__}")


def _load(kind: Any, raw: str) -> object:
    minimum = _minimum(kind)
    if typing.get_origin(kind) is Annotated:
        kind = typing.get_args(kind)[0]
    try:
        if kind is bool:
            if raw not in ("0", "1"):
                raise ValueError(raw)
            return raw == "1"
        if kind is int:
            if not (_SIGNED_INT if minimum < 0 else _UNSIGNED_INT).fullmatch(raw):
                raise ValueError(raw)
            if int(raw) < minimum:
                raise ValueError(raw)
            return int(raw)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return kind(raw)
        if kind is str:
            if not _TOKEN.fullmatch(raw):
                raise ValueError(raw)
            return raw
    except ValueError as exc:
        raise InvalidCallback(f"bad field value {raw!r}") from exc
    raise InvalidCallback(f"unsupported field type {kind!r}")


codec = CallbackCodec()


# --- branch f: a page for the notice board (bot/printing) ---------------------------------


@codec.register("prt")
@dataclasses.dataclass(frozen=True)
class PrintPage:
    """The 🖨 Print button: one A4 page of the house's agenda, rota, rules or one decision."""

    house_id: int
    kind: str  # a key of bot.printing.buttons.KINDS
    item_id: int  # the decision's id; 0 for the others


# --- branch w: even weg, the meeting check-in off for myself ---------------------------------


@codec.register("cio")
@dataclasses.dataclass(frozen=True)
class CheckinOff:
    """The meeting check-in for myself: menu, q (the menu from the question), month, 3months,
    always (off), on, keep."""

    house_id: int
    pick: str


# --- branch k: after a report is picked up (issue 17.5), agreements that are kept (17.7) ----


@codec.register("kat")
@dataclasses.dataclass(frozen=True)
class AgreementTake:
    """ "🙋 Ik doe het" on a decision's record (`choice` ""), then the date (`choice` a key of
    `agreements.DUE_CHOICES`) or "back". `member_id`: the member who tapped first; only they
    may choose the date."""

    decision_id: int
    member_id: int
    choice: str


@codec.register("kaa")
@dataclasses.dataclass(frozen=True)
class AgreementAnswer:
    """The owner's answer to "gelukt?": done | not_yet | later."""

    agreement_id: int
    choice: str


@codec.register("kal")
@dataclasses.dataclass(frozen=True)
class AgreementLetGo:
    """The owner hands an agreement back before its date."""

    decision_id: int


@codec.register("kfs")
@dataclasses.dataclass(frozen=True)
class FlagNextStep:
    """The reporter's next step once a confidant picked the report up (a `FlagStep` value), or
    "menu" to see the choices again."""

    flag_id: int
    step: str


@codec.register("kti")
@dataclasses.dataclass(frozen=True)
class TalkInvite:
    """The reporter ticks (or unticks) a housemate to invite to the conversation; `member_id`
    0: send the invitations."""

    flag_id: int
    member_id: int


@codec.register("kty")
@dataclasses.dataclass(frozen=True)
class TalkAgree:
    """An invited person's answer: join the conversation or not."""

    talk_id: int
    yes: bool


@codec.register("kts")
@dataclasses.dataclass(frozen=True)
class TalkSlot:
    """A moment ticked in the private time poll; `slot` -1: "that's all"."""

    talk_id: int
    slot: Annotated[int, AtLeast(-1)]


# --- branch o: residents without Telegram (bot/handlers/offline.py) -------------------------


@codec.register("ofa")
@dataclasses.dataclass(frozen=True)
class OfflineAdd:
    """ "➕ Iemand zonder Telegram" under /members in the group: asks the name."""

    house_id: int


@codec.register("ofl")
@dataclasses.dataclass(frozen=True)
class OfflineRemoveList:
    """ "➖ Iemand zonder Telegram weghalen": the names to pick from."""

    house_id: int


@codec.register("ofr")
@dataclasses.dataclass(frozen=True)
class OfflineRemove:
    offline_id: int


@codec.register("ofok")
@dataclasses.dataclass(frozen=True)
class OfflineConfirm:
    """A second resident confirms adding or removing a resident without Telegram."""

    offline_id: int


@codec.register("ofno")
@dataclasses.dataclass(frozen=True)
class OfflineDrop:
    offline_id: int


@codec.register("ppv")
@dataclasses.dataclass(frozen=True)
class PaperStart:
    """The chair's "📄 Stem op papier" under a posted poll: who voted on paper?"""

    poll_id: int


@codec.register("ppc")
@dataclasses.dataclass(frozen=True)
class PaperChoice:
    """The chair picks what an offline resident chose: the options, with `mask` (a bit per
    option position) chosen so far (a multi-choice poll toggles options first)."""

    poll_id: int
    offline_id: int
    mask: int


@codec.register("ppd")
@dataclasses.dataclass(frozen=True)
class PaperDone:
    """The chair's choice for an offline resident, entered: `mask` as in `PaperChoice`."""

    poll_id: int
    offline_id: int
    mask: int


@codec.register("ppok")
@dataclasses.dataclass(frozen=True)
class PaperConfirm:
    paper_id: int


@codec.register("ppno")
@dataclasses.dataclass(frozen=True)
class PaperReject:
    paper_id: int


# --- branch p (issue 16: the bot never goes silent) ------------------------------------------


@codec.register("pq")
@dataclass(frozen=True)
class CancelPrompt:
    """ "✖️ Stoppen" under a question asked again after a wrong answer; the tapped message
    names the question (`PromptRouter.cancel`)."""


@codec.register("pmh")
@dataclass(frozen=True)
class PlainMenu:
    """A button under the short answer to plain text in the private chat: help | language."""

    what: str


# --- branch a: arriving (issue 17.4) -----------------------------------------------------------


@codec.register("arv")
@dataclasses.dataclass(frozen=True)
class ArrivalShow:
    """A newcomer's welcome: show the house's rules, next meeting or rota ("rules", "meet",
    "rota"), or ask for a buddy ("buddy")."""

    house_id: int
    what: str


@codec.register("art")
@dataclasses.dataclass(frozen=True)
class TalkAnswer:
    """After the settling-in period: plan the evaluation talk? `chair`: the chair's question
    (else the newcomer's); `yes`: yes (else "later")."""

    arrival_id: int
    chair: bool
    yes: bool
