"""Checks Bot API calls (and the fake's own answers) against the machine-readable spec.

The spec is ``telegram-bot-api.json`` next to this file (see
``LICENSE-telegram-bot-api-spec.md``). Checks are structural: method and parameter names,
required parameters, and types, recursively into objects such as ``InlineKeyboardMarkup``.
Rules the spec only states in prose (callback_data length, command names, ...) live in
``semantic_problems``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("telegram-bot-api.json")

_INT_RE = re.compile(r"^-?\d+$")
_FLOAT_RE = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_CONST_RE = re.compile(r'(?:always|must be) "?([a-z_]+)"?')
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_PRIMITIVES = frozenset({"Integer", "String", "Boolean", "Float", "True", "InputFile"})


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class TypeSpec:
    name: str
    fields: dict[str, FieldSpec]
    subtypes: tuple[str, ...]
    # For subtypes of a union: the field that tells them apart and its constant value.
    discriminator: tuple[str, str] | None


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]
    returns: tuple[str, ...]


def _fields(raw: Sequence[Mapping[str, Any]] | None) -> dict[str, FieldSpec]:
    return {
        f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"])) for f in raw or ()
    }


class Spec:
    """The Bot API as data, with validators."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data.get("version", "")
        self.methods: dict[str, MethodSpec] = {
            name: MethodSpec(name, _fields(m.get("fields")), tuple(m.get("returns", ())))
            for name, m in data["methods"].items()
        }
        self.types: dict[str, TypeSpec] = {}
        for name, t in data["types"].items():
            discriminator = None
            raw_fields = t.get("fields") or []
            if raw_fields:
                first = raw_fields[0]
                match = _CONST_RE.search(first.get("description", ""))
                if first["name"] in ("type", "status", "source") and match:
                    discriminator = (first["name"], match.group(1))
            self.types[name] = TypeSpec(
                name, _fields(raw_fields), tuple(t.get("subtypes") or ()), discriminator
            )

    @staticmethod
    def load() -> Spec:
        """The vendored spec, parsed once per process."""
        return _load_vendored()

    # -- calls ---------------------------------------------------------------------------

    def returns_boolean(self, method: str) -> bool:
        spec = self.methods.get(method)
        return spec is not None and spec.returns == ("Boolean",)

    def call_problems(
        self,
        method: str,
        params: Mapping[str, Any],
        uploaded: Sequence[str] = (),
        tolerated: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Everything wrong with calling ``method`` with ``params``.

        ``params`` are values as python-telegram-bot hands them over
        (``RequestData.parameters``: plain Python values, nested objects as dicts/lists) or
        as an HTTP client would (JSON-encoded strings); both are accepted. ``uploaded`` names
        the multipart file parts sent along. Names in ``tolerated`` may be sent to methods
        that do not define them (Telegram ignores unknown parameters).
        """
        spec = self.methods.get(method)
        if spec is None:
            return [f"unknown method {method!r}"]
        problems: list[str] = []
        for name, fspec in spec.fields.items():
            if fspec.required and name not in params and name not in uploaded:
                problems.append(f"required parameter {name!r} is missing")
        for name, value in params.items():
            given = spec.fields.get(name)
            if given is None:
                if name not in tolerated:
                    problems.append(f"parameter {name!r} is not defined for {method}")
                continue
            problems.extend(self.value_problems(given.types, value, name, top=True))
        problems.extend(semantic_problems(method, params))
        return problems

    # -- values --------------------------------------------------------------------------

    def value_problems(
        self, types: Sequence[str], value: Any, path: str, top: bool = False
    ) -> list[str]:
        """Problems with ``value`` for a field declared with ``types`` (any one may match)."""
        best: list[str] | None = None
        mismatches = 0
        for type_name in types:
            problems = self._one_type(type_name, value, path, top)
            if not problems:
                return []
            if len(problems) == 1 and problems[0].startswith(f"{path}: expected "):
                mismatches += 1
            if best is None or len(problems) < len(best):
                best = problems
        if len(types) > 1 and mismatches == len(types):
            return [f"{path}: expected {' or '.join(types)}, got {_kind(value)}"]
        return best or []

    def _one_type(self, type_name: str, value: Any, path: str, top: bool) -> list[str]:
        if type_name.startswith("Array of "):
            inner = type_name[len("Array of ") :]
            if top and isinstance(value, str):
                value = _json_or(value)
            if not isinstance(value, list | tuple):
                return [f"{path}: expected {type_name}, got {_kind(value)}"]
            problems: list[str] = []
            for i, item in enumerate(value):
                problems.extend(self._one_type(inner, item, f"{path}[{i}]", False))
            return problems
        if type_name in _PRIMITIVES:
            if _primitive_ok(type_name, value, top):
                return []
            return [f"{path}: expected {type_name}, got {_kind(value)}"]
        if type_name not in self.types:
            return [f"{path}: spec type {type_name!r} is unknown to the validator"]
        if top and isinstance(value, str):
            value = _json_or(value)
        return self.object_problems(type_name, value, path)

    def object_problems(self, type_name: str, value: Any, path: str = "") -> list[str]:
        """Problems with ``value`` as an instance of the spec type ``type_name``."""
        tspec = self.types[type_name]
        label = path or type_name
        if not isinstance(value, Mapping):
            return [f"{label}: expected {type_name}, got {_kind(value)}"]
        if tspec.subtypes:
            return self._union_problems(tspec, value, label)
        problems: list[str] = []
        if tspec.discriminator is not None:
            key, const = tspec.discriminator
            if value.get(key) != const:
                problems.append(f"{label}.{key}: must be {const!r} for {type_name}")
        for name, fspec in tspec.fields.items():
            if fspec.required and name not in value:
                problems.append(f"{label}: required field {name!r} of {type_name} is missing")
        for name, item in value.items():
            given = tspec.fields.get(name)
            if given is None:
                problems.append(f"{label}: field {name!r} is not defined for {type_name}")
                continue
            problems.extend(self.value_problems(given.types, item, f"{label}.{name}"))
        return problems

    def _union_problems(self, tspec: TypeSpec, value: Mapping[str, Any], label: str) -> list[str]:
        candidates = list(tspec.subtypes)
        # Narrow by discriminator when the value names one.
        named = [
            s
            for s in candidates
            if (d := self.types[s].discriminator) is not None and value.get(d[0]) == d[1]
        ]
        best: list[str] | None = None
        for sub in named or candidates:
            problems = self.object_problems(sub, value, label)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = problems
        if not named:
            return [f"{label}: does not match any of {', '.join(tspec.subtypes)}"]
        return best or []


@cache
def _load_vendored() -> Spec:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        return Spec(json.load(fh))


def _json_or(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _primitive_ok(type_name: str, value: Any, top: bool) -> bool:
    if type_name == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return True
        return top and isinstance(value, str) and bool(_INT_RE.match(value))
    if type_name == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        return top and isinstance(value, str) and bool(_FLOAT_RE.match(value))
    if type_name == "Boolean":
        return isinstance(value, bool) or (top and value in ("true", "false"))
    if type_name == "True":
        return value is True or (top and value == "true")
    # String, and InputFile given as a file_id / URL / attach:// reference.
    return isinstance(value, str)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def decode_param(value: Any) -> Any:
    """A parameter value as a Python object (JSON strings of objects/arrays decoded)."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        return _json_or(value)
    return value


# -- rules stated in prose --------------------------------------------------------------


def keyboard_problems(markup: Any, path: str = "reply_markup") -> list[str]:
    """Inline keyboard rules: callback_data 1-64 bytes; exactly one action per button."""
    markup = decode_param(markup)
    if not isinstance(markup, Mapping) or "inline_keyboard" not in markup:
        return []
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list):
        return []
    problems: list[str] = []
    actions = (
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    )
    for r, row in enumerate(rows):
        if not isinstance(row, list):
            continue
        for c, button in enumerate(row):
            if not isinstance(button, Mapping):
                continue
            where = f"{path}.inline_keyboard[{r}][{c}]"
            present = [a for a in actions if a in button]
            if len(present) != 1:
                problems.append(
                    f"{where}: an inline keyboard button needs exactly one of callback_data, "
                    f"url, ... (has {', '.join(present) or 'none'})"
                )
            data = button.get("callback_data")
            if isinstance(data, str):
                size = len(data.encode("utf-8"))
                if not 1 <= size <= 64:
                    problems.append(f"{where}.callback_data: must be 1-64 bytes, is {size} bytes")
            text = button.get("text")
            if isinstance(text, str) and not text.strip():
                problems.append(f"{where}.text: button text must not be empty")
    return problems


def command_problems(commands: Any) -> list[str]:
    commands = decode_param(commands)
    if not isinstance(commands, list):
        return []
    problems: list[str] = []
    if len(commands) > 100:
        problems.append(f"commands: at most 100 commands are allowed, got {len(commands)}")
    for i, cmd in enumerate(commands):
        if not isinstance(cmd, Mapping):
            continue
        name = cmd.get("command")
        desc = cmd.get("description")
        if isinstance(name, str) and not _COMMAND_RE.match(name):
            problems.append(
                f"commands[{i}].command: {name!r} must match ^[a-z0-9_]{{1,32}}$ "
                "(lowercase letters, digits and underscores, 1-32 characters)"
            )
        if isinstance(desc, str) and not 1 <= len(desc) <= 256:
            problems.append(f"commands[{i}].description: must be 1-256 characters, is {len(desc)}")
    return problems


def semantic_problems(method: str, params: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    if "reply_markup" in params:
        problems.extend(keyboard_problems(params["reply_markup"]))
    if method == "setMyCommands" and "commands" in params:
        problems.extend(command_problems(params["commands"]))
    return problems
