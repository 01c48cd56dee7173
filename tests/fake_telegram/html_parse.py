"""A parser for Telegram's HTML ``parse_mode``, written for the fake Bot API.

It turns the HTML a bot sends into the plain text a user sees plus a list of
``MessageEntity`` dicts (offsets and lengths in UTF-16 code units, as Telegram counts
them), and rejects what Telegram rejects with an error in Telegram's wording.

One deliberate strictness: Telegram quietly keeps an ``&`` that does not start an
entity it knows. The fake refuses it, because in practice a bare ``&`` (or ``<``) in
a bot's HTML means user-supplied text was not escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_SIMPLE_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_ALLOWED_TAGS = frozenset({*_SIMPLE_TAGS, "span", "a", "blockquote", "tg-emoji"})
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_SPACE = " \t\r\n\x0b\x0c"


class HtmlParseError(ValueError):
    """The text cannot be parsed; ``str(err)`` is the part after "can't parse entities: "."""


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the output
    attrs: dict[str, str]
    seq: int = 0  # order of opening: outer entities first among equals
    entity: dict[str, Any] | None = field(default=None)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.out_len = 0  # UTF-16 units emitted so far
        self.stack: list[_OpenTag] = []
        self.entities: list[tuple[int, dict[str, Any]]] = []
        self.opened = 0

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.out_len += utf16_len(text)

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        src = self.src
        n = len(src)
        while self.pos < n:
            # Copy a run of ordinary characters in one go.
            nxt = self.pos
            while nxt < n and src[nxt] not in "<&":
                nxt += 1
            if nxt > self.pos:
                self.emit(src[self.pos : nxt])
                self.pos = nxt
                continue
            if src[self.pos] == "&":
                self.entity()
            elif self.pos + 1 < n and src[self.pos + 1] == "/":
                self.end_tag()
            else:
                self.start_tag()
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda se: (se[1]["offset"], -se[1]["length"], se[0]))
        return "".join(self.out), [entity for _, entity in self.entities]

    def entity(self) -> None:
        src = self.src
        start = self.pos
        semi = src.find(";", start + 1, start + 12)
        if semi != -1:
            body = src[start + 1 : semi]
            char: str | None = None
            if body in _NAMED_ENTITIES:
                char = _NAMED_ENTITIES[body]
            elif body.startswith(("#x", "#X")) and _is_hex(body[2:]):
                char = _code_point(int(body[2:], 16))
            elif body.startswith("#") and body[1:].isdigit():
                char = _code_point(int(body[1:]))
            if char is not None:
                self.emit(char)
                self.pos = semi + 1
                return
        raise HtmlParseError(
            f'Unsupported character entity or bare "&" at byte offset {self.byte_offset(start)}'
            " (escape it as &amp;)"
        )

    def read_name(self) -> str:
        src = self.src
        start = self.pos
        while self.pos < len(src) and src[self.pos] in _NAME_CHARS:
            self.pos += 1
        return src[start : self.pos].lower()

    def skip_space(self) -> None:
        while self.pos < len(self.src) and self.src[self.pos] in _SPACE:
            self.pos += 1

    def end_tag(self) -> None:
        begin = self.pos
        self.pos += 2
        name = self.read_name()
        self.skip_space()
        if self.pos >= len(self.src) or self.src[self.pos] != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        self.pos += 1
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack[-1]
        if name != top.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )
        self.stack.pop()
        if top.entity is not None:
            length = self.out_len - top.start
            if length > 0:
                entity = dict(top.entity, offset=top.start, length=length)
                self.entities.append((top.seq, entity))

    def start_tag(self) -> None:
        src = self.src
        begin = self.pos
        self.pos += 1
        name = self.read_name()
        if name not in _ALLOWED_TAGS:
            raise HtmlParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        attrs: dict[str, str] = {}
        while True:
            self.skip_space()
            if self.pos >= len(src):
                raise HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if src[self.pos] == ">":
                self.pos += 1
                break
            attr = self.read_name()
            if not attr:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            self.skip_space()
            value = ""
            if self.pos < len(src) and src[self.pos] == "=":
                self.pos += 1
                self.skip_space()
                value = self.attr_value(begin)
            attrs[attr] = value
        self.open(name, attrs)

    def attr_value(self, begin: int) -> str:
        src = self.src
        if self.pos >= len(src):
            raise HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        quote = src[self.pos]
        if quote in "\"'":
            end = src.find(quote, self.pos + 1)
            if end == -1:
                raise HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            raw = src[self.pos + 1 : end]
            self.pos = end + 1
        else:
            start = self.pos
            while self.pos < len(src) and src[self.pos] not in _SPACE + ">":
                self.pos += 1
            raw = src[start : self.pos]
        return _decode_attr(raw)

    def open(self, name: str, attrs: dict[str, str]) -> None:
        self.opened += 1
        tag = _OpenTag(name=name, start=self.out_len, attrs=attrs, seq=self.opened)
        if name in _SIMPLE_TAGS:
            tag.entity = {"type": _SIMPLE_TAGS[name]}
            if name == "code":
                parent = self.stack[-1] if self.stack else None
                language = attrs.get("class", "")
                if (
                    parent is not None
                    and parent.name == "pre"
                    and parent.entity is not None
                    and parent.start == self.out_len
                ):
                    # <pre><code class="language-x"> is one pre entity with a language.
                    if language.startswith("language-"):
                        parent.entity["language"] = language[len("language-") :]
                    tag.entity = None
        elif name == "span":
            if attrs.get("class") != "tg-spoiler":
                raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
            tag.entity = {"type": "spoiler"}
        elif name == "a":
            href = attrs.get("href", "")
            if href:
                tag.entity = {"type": "text_link", "url": href}
        elif name == "blockquote":
            kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
            tag.entity = {"type": kind}
        elif name == "tg-emoji":
            emoji_id = attrs.get("emoji-id", "")
            if not emoji_id:
                raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
            tag.entity = {"type": "custom_emoji", "custom_emoji_id": emoji_id}
        self.stack.append(tag)


def _is_hex(text: str) -> bool:
    return bool(text) and all(c in "0123456789abcdefABCDEF" for c in text)


def _code_point(value: int) -> str | None:
    if value <= 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return None
    return chr(value)


def _decode_attr(raw: str) -> str:
    if "&" not in raw:
        return raw
    parser = _Parser(raw)
    while parser.pos < len(raw):
        if raw[parser.pos] == "&":
            parser.entity()
        else:
            parser.emit(raw[parser.pos])
            parser.pos += 1
    return "".join(parser.out)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into ``(plain_text, entities)``; raise :class:`HtmlParseError`."""
    return _Parser(source).run()


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim leading and trailing whitespace the way Telegram does, moving the entities along."""
    stripped = text.strip(_SPACE)
    if stripped == text:
        return text, entities
    lead = len(text) - len(text.lstrip(_SPACE))  # ASCII only: 1 UTF-16 unit each
    new_len = utf16_len(stripped)
    moved: list[dict[str, Any]] = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(entity["offset"] + entity["length"] - lead, new_len)
        if end > start:
            moved.append(dict(entity, offset=start, length=end - start))
    return stripped, moved


def escape(text: str) -> str:
    """Escape text for HTML parse mode (what a bot should do with user input)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
