"""Every text a person reads exists in Dutch and English, with the same placeholders."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.domain.house_settings import SETTINGS as HOUSE_SETTINGS
from bot.domain.polls import FIXED_OPTIONS
from bot.handlers.commands import MENU
from bot.i18n import Html, I18n, placeholders
from bot.storage.models import MemberStatus, Outcome, PollKind, Role, SupporterKind, Voters

ROOT = Path(__file__).resolve().parent.parent
ID = re.compile(r"^[a-z_]+(\.[a-z_0-9]+)+$|^[a-z_]+$")
PLURALS = (
    "poll.missing",
    "paper.poll_line",
    "poll.reminders_sent",
    "flags.weeks",
    "meeting.agenda_when",
    "meeting.checkin_when",
    "meeting.items_done",
    "meeting.set.agenda",
    "meeting.set.checkin",
    "meeting.set.keep",
    "checkin.digest.others",
    "checkin.history",
    "aftercare.help.count",
    "poll.outcome.discuss",
    "poll.discuss_posted",
    "meeting.item.discuss",
    "agenda.from.discuss",
    "meeting.items_to_tick",
    "meeting.absent",
)  # t.plural(id, n): id.one / id.other
# Ids built at run time from an enum or a key: the families and their members.
DYNAMIC = (
    [f"status.{s.value}" for s in MemberStatus]
    + [f"members.heading.{s.value}" for s in MemberStatus]
    + [f"kind.{k.value}" for k in SupporterKind]
    + [f"role.{r.value}" for r in Role]
    + [f"choice.{key}" for key in ("r", "pw", "sw", "f", "g")]
    + [f"cmd.{spec.english}" for spec in MENU]
    + [f"poll.option.{label}" for labels in FIXED_OPTIONS.values() for label in labels]
    + [f"poll.how.{kind.value}" for kind in PollKind]
    + [f"poll.outcome.{o.value}" for o in Outcome if o != Outcome.DISCUSS]  # DISCUSS: plural
    + [f"poll.not_eligible.{s.value}" for s in MemberStatus if s != MemberStatus.RESIDENT]
    + ["poll.not_eligible.stranger"]
    + [s.name_id for s in HOUSE_SETTINGS]
    + [s.value_id(v) for s in HOUSE_SETTINGS for v in s.values]
    + [s.value_id("default") for s in HOUSE_SETTINGS if s.typed]  # no text of the house's own
    + [f"poll.who.{v.value}" for v in Voters]
    + [f"poll_form.who.{v.value}" for v in Voters]
    + [f"{family}.{n}" for family in PLURALS for n in ("one", "other")]
)
TEXT_CALLS = {"t", "translator", "group_t", "member_t", "UserError"}


def used_ids() -> set[str]:
    """Ids the code names: string literals given to a translator or a UserError, and every
    dotted literal of a text family (`setup.…`, `members.…`), wherever it is passed along."""
    families = {msgid.split(".")[0] for msgid in I18n()("nl").catalog if "." in msgid}
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        if "storage" in path.parts:
            continue  # table and column names, not texts
        tree = ast.parse(path.read_text())
        in_fstring = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in in_fstring:
                continue  # a piece of an f-string id: its family is listed in DYNAMIC
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if "." in value and ID.match(value) and value.split(".")[0] in families:
                    found.add(value)
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                first = node.args[0]
                if (
                    name in TEXT_CALLS
                    and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                    and ID.match(first.value)
                ):
                    found.add(first.value)
    return found - set(PLURALS)  # plural bases stand for their .one and .other


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n()


def test_every_used_id_is_translated_in_both_languages(i18n: I18n) -> None:
    ids = used_ids() | set(DYNAMIC)
    assert len(ids) > 50
    for t in i18n.all():
        missing = sorted(msgid for msgid in ids if not t.has(msgid))
        assert not missing, f"{t.language} misses {missing}"


def test_both_catalogs_have_the_same_ids_and_placeholders(i18n: I18n) -> None:
    nl, en = i18n("nl").catalog, i18n("en").catalog
    assert set(nl) == set(en)
    for msgid in nl:
        assert placeholders(nl[msgid]) == placeholders(en[msgid]), msgid


def test_no_catalog_text_is_unused(i18n: I18n) -> None:
    ids = used_ids() | set(DYNAMIC)
    unused = sorted(set(i18n("nl").catalog) - ids)
    assert not unused, f"texts nobody uses: {unused}"


class TagCheck(HTMLParser):
    ALLOWED = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in self.ALLOWED, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag


def test_catalog_html_is_telegram_html(i18n: I18n) -> None:
    for t in i18n.all():
        for msgid, text in t.catalog.items():
            parser = TagCheck()
            parser.feed(text)
            assert not parser.stack, f"{t.language} {msgid}: unclosed {parser.stack}"
            assert "<" not in re.sub(r"</?[a-z]+[^>]*>", "", text), msgid


def test_values_are_escaped_unless_marked_html(i18n: I18n) -> None:
    t = i18n("en")
    assert (
        t("setup.name_set", house="<b>&Co</b>")
        == "✅ The house is now called &lt;b&gt;&amp;Co&lt;/b&gt;."
    )
    assert t("setup.name_set", house=Html("<i>x</i>")) == "✅ The house is now called <i>x</i>."
