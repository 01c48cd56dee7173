"""Translations and locale-aware formatting.

Texts live in gettext catalogs (`locales/<lang>/LC_MESSAGES/huisbot.po`), read with Babel.
Message ids are symbolic (`setup.refused`); both catalogs translate every id. Placeholders use
`{name}`; every value put into a text is HTML-escaped unless wrapped in `Html`, because all
messages go out with parse_mode HTML. Plurals: ids `x.one` and `x.other`, picked by `plural()`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from string import Formatter
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.pofile import read_po

from bot.house_words import DEFAULT as DEFAULT_WORDS
from bot.house_words import Wording, wording
from bot.settings import SUPPORTED_LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "huisbot"


class Html(str):
    """A piece of HTML built by the bot itself: not escaped again when put into a text."""

    __slots__ = ()


def escape(value: object) -> Html:
    return Html(html.escape(str(value), quote=False))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@dataclass(frozen=True)
class Translator:
    language: str
    catalog: dict[str, str]
    words: Wording | None = None  # the house's own words, put in before the parameters

    def __call__(self, msgid: str, **params: object) -> Html:
        template = self.catalog.get(msgid)
        if template is None:
            raise KeyError(f"no {self.language} text for {msgid!r}")
        if self.words is not None:
            template = self.words.apply(msgid, template)
        if not params:
            return Html(template)
        safe = {k: v if isinstance(v, Html) else escape(v) for k, v in params.items()}
        return Html(template.format(**safe))

    def plural(self, msgid: str, count: int, **params: object) -> Html:
        return self(f"{msgid}.one" if count == 1 else f"{msgid}.other", count=count, **params)

    def has(self, msgid: str) -> bool:
        return msgid in self.catalog

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def moment(self, moment: datetime, timezone: str, fmt: str = "EEEE d MMMM, HH:mm") -> str:
        return str(format_datetime(moment, fmt, tzinfo=ZoneInfo(timezone), locale=self.locale))

    def day(self, moment: datetime, timezone: str, fmt: str = "EEEE d MMMM") -> str:
        local = moment.astimezone(ZoneInfo(timezone))
        return str(format_date(local.date(), fmt, locale=self.locale))

    def hour(self, moment: datetime, timezone: str) -> str:
        return str(format_time(moment, "HH:mm", tzinfo=ZoneInfo(timezone), locale=self.locale))

    def join(self, items: list[str]) -> str:
        """ "a, b and c" in this language."""
        return str(format_list(items, locale=self.locale))

    def language_name(self, code: str) -> str:
        return str(Locale.parse(code).get_display_name(self.locale)).capitalize()


def read_catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


class I18n:
    """All translators, loaded once at start-up."""

    def __init__(self, locales_dir: Path = LOCALES_DIR, default: str = "nl") -> None:
        self.default = default
        self.translators = {
            lang: Translator(
                lang, read_catalog(locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po")
            )
            for lang in SUPPORTED_LANGUAGES
        }
        self.worded: dict[tuple[str, str, str], Translator] = {}

    def __call__(self, language: str | None) -> Translator:
        return self.translators.get(language or self.default) or self.translators[self.default]

    def pick(self, *candidates: str | None) -> Translator:
        """The first supported language among the candidates, else the default."""
        for code in candidates:
            if code:
                short = code.split("-")[0].lower()
                if short in self.translators:
                    return self.translators[short]
        return self.translators[self.default]

    def all(self) -> list[Translator]:
        return list(self.translators.values())

    def in_words(self, t: Translator, resident_word: str, peer_worker_word: str) -> Translator:
        """`t` speaking a house's own words (issue 17.6); one translator per choice, made once."""
        choice = (resident_word, peer_worker_word)
        if choice == DEFAULT_WORDS:
            return t
        key = (t.language, *choice)
        found = self.worded.get(key)
        if found is None:
            words = wording(t.language, *choice)
            found = Translator(t.language, t.catalog, words) if words else t
            self.worded[key] = found
        return found
