"""`split_text`: a long HTML text in parts Telegram accepts.

Each part is checked with the fake Telegram's HTML parser (which refuses a cut entity, a cut
tag and an unclosed tag, as Telegram does), stays within the limit, and together the parts show
the same text with the same formatting as the whole.
"""

from __future__ import annotations

import random

import pytest

from bot.telegram.messenger import MAX_TEXT, split_text
from tests.fake_telegram import parse_html

Styled = list[tuple[str, frozenset[tuple[str, str]]]]


def styled(html: str) -> Styled:
    """Each character a person sees, with the formatting on it (type and link)."""
    text, entities = parse_html(html)  # also refuses what Telegram refuses
    at: list[int] = []  # UTF-16 unit (entity offsets count those) -> character
    for index, char in enumerate(text):
        at += [index] * (2 if ord(char) > 0xFFFF else 1)
    marks: list[set[tuple[str, str]]] = [set() for _ in text]
    for entity in entities:
        for unit in range(entity["offset"], entity["offset"] + entity["length"]):
            marks[at[unit]].add((entity["type"], entity.get("url", "")))
    return [(char, frozenset(mark)) for char, mark in zip(text, marks, strict=True)]


def check(text: str, limit: int) -> list[str]:
    """Split `text`: every part fits, parses alone and shows something; one after the other the
    parts show what the whole text shows, formatting included, leaving out only white space at
    the cuts (Telegram trims each message anyway)."""
    parts = split_text(text, limit)
    whole = styled(text)
    at = 0
    for part in parts:
        assert len(part) <= limit, part
        shown = styled(part)
        assert "".join(char for char, _ in shown).strip(), part  # Telegram refuses empty texts
        while whole[at : at + len(shown)] != shown:
            assert whole[at][0].isspace(), (part, at)  # only white space is left out
            at += 1
        at += len(shown)
    assert all(char.isspace() for char, _ in whole[at:]), parts
    return parts


def visible(html: str) -> str:
    return parse_html(html)[0]


def test_a_short_text_is_one_part() -> None:
    assert split_text("<b>kort</b> &amp; goed", 30) == ["<b>kort</b> &amp; goed"]
    assert split_text("x" * MAX_TEXT) == ["x" * MAX_TEXT]


def test_lines_are_kept_whole_where_they_fit() -> None:
    lines = [f"<b>{n}.</b> Regel nummer {n} &amp; uitleg" for n in range(40)]
    parts = check("\n".join(lines), 200)
    assert len(parts) > 1
    for part in parts:
        assert set(part.split("\n")) <= set(lines), part
    assert "\n".join(parts) == "\n".join(lines)  # cut at line ends only: nothing added


def test_a_long_line_is_cut_at_a_space() -> None:
    text = " ".join(f"woord{n}" for n in range(100))
    parts = check(text, 50)
    assert all(len(p) > 40 for p in parts[:-1])
    assert " ".join(parts) == text  # cut at spaces only


def test_an_entity_is_never_cut() -> None:
    for limit in range(5, 12):
        for lead in range(0, 6):
            text = "x" * lead + "&amp;" * 10
            parts = check(text, limit)
            assert all(part.count("&") == part.count(";") for part in parts)
    assert check("&amp;" * 4000, MAX_TEXT)[0] == "&amp;" * 819  # 4095 characters


def test_numeric_entities_are_never_cut() -> None:
    text = "&#128512;&#x1F600;&lt;&gt;&quot;" * 30
    for limit in (10, 11, 17, 40):
        check(text, limit)


def test_a_tag_is_never_cut() -> None:
    text = '<a href="https://example.org/a?b=1&amp;c=2">' + "link " * 30 + "</a>"
    for limit in range(60, 90):
        parts = check(text, limit)
        for part in parts:
            assert part.startswith('<a href="https://example.org/a?b=1&amp;c=2">'), part
            assert part.endswith("</a>"), part


def test_formatting_open_at_a_cut_is_closed_and_opened_again() -> None:
    text = "begin <b>vet " + "heel " * 20 + "vet</b> eind"
    parts = check(text, 40)
    assert len(parts) > 2
    assert parts[0].startswith("begin <b>") and parts[0].endswith("</b>")
    for part in parts[1:-1]:
        assert part.startswith("<b>") and part.endswith("</b>"), part
    assert parts[-1].startswith("<b>") and parts[-1].endswith(" eind")


def test_nested_tags_are_closed_in_order_and_opened_again() -> None:
    text = "<b>vet <i>schuin <u>onder " + "x " * 40 + "</u> nog</i> klaar</b> eind"
    parts = check(text, 40)
    assert parts[0] == "<b>vet <i>schuin <u>onder x</u></i></b>"
    assert parts[1:4] == ["<b><i><u>x x x x x x x x x x</u></i></b>"] * 3
    assert parts[4:] == ["<b><i><u>x x x x x x x x x </u></i></b>", "<b><i>nog</i> klaar</b> eind"]


def test_a_cut_never_comes_right_after_a_start_tag() -> None:
    text = "x" * 25 + " <b>" + "y" * 10 + "</b>"
    parts = check(text, 30)
    assert parts == ["x" * 25, "<b>" + "y" * 10 + "</b>"]  # not "x… <b></b>"


def test_code_and_pre_keep_their_language() -> None:
    text = '<pre><code class="language-python">' + "print(1)\n" * 30 + "</code></pre>"
    parts = check(text, 120)
    assert all(p.startswith('<pre><code class="language-python">') for p in parts)
    for part in parts:
        _, entities = parse_html(part)
        assert entities[0]["language"] == "python"


def test_a_long_text_without_spaces_is_cut_anywhere_outside_markup() -> None:
    text = "<i>" + "ab&amp;" * 2000 + "</i>"
    parts = check(text, MAX_TEXT)
    assert len(parts) == 4


def test_white_space_alone_makes_no_part() -> None:
    parts = check("a" + " " * 250 + "\n" * 100 + "<b>" + " " * 200 + "</b>b", 100)
    assert [visible(p).strip() for p in parts] == ["a", "b"]


def test_bare_ampersands_and_brackets_stay_characters() -> None:
    # Not valid Telegram HTML (the bot escapes what people type), but the split must not fail.
    parts = split_text("a & b < c " * 30, 40)
    assert all(len(p) <= 40 for p in parts)
    assert " ".join(parts) == "a & b < c " * 30


def test_a_piece_longer_than_the_limit_is_sent_whole() -> None:
    href = "https://example.org/" + "p" * 60
    text = f'x <a href="{href}">y</a>'
    parts = split_text(text, 50)
    assert parts == ["x", f'<a href="{href}">y</a>']


# --- many generated texts --------------------------------------------------------------------

WORDS = ["huis", "kat", "é", "€", "Regel", "1.", "—", "🙂", "&amp;", "&lt;", "&gt;", "&quot;"]
WORDS += ["&#38;", "&#x3C;", "x" * 30]
SIMPLE = ["b", "i", "u", "s", "code", "tg-spoiler", "B"]


def generated(rng: random.Random, size: int) -> str:
    """A random valid Telegram HTML text: words, spaces, line ends, nested formatting, links."""
    out: list[str] = []
    open_tags: list[str] = []
    while sum(map(len, out)) < size:
        roll = rng.random()
        if roll < 0.55:
            out.append(rng.choice(WORDS))
        elif roll < 0.75:
            out.append(" ")
        elif roll < 0.82:
            out.append("\n" * rng.choice((1, 1, 2)))
        elif roll < 0.9 and len(open_tags) < 3:
            if rng.random() < 0.2 and "a" not in open_tags:
                out.append(f'<a href="https://x.nl/{rng.randrange(1000)}?a=1&amp;b=2">')
                open_tags.append("a")
            else:
                name = rng.choice(SIMPLE)
                out.append(f"<{name}>")
                open_tags.append(name)
        elif open_tags:
            out.append(f"</{open_tags.pop()}>")
    out += [f"</{name}>" for name in reversed(open_tags)]
    text = "".join(out)
    return text if visible(text).strip() else text + "x"


@pytest.mark.parametrize("seed", range(6))
def test_generated_texts_split_into_valid_parts(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        limit = rng.choice((150, 200, 300, 1000))  # room for the deepest markup
        text = generated(rng, rng.randrange(limit // 2, limit * 6))
        parts = check(text, limit)
        if len(text) > limit:
            assert len(parts) >= 2


@pytest.mark.parametrize("seed", range(2))
def test_generated_texts_at_telegrams_limit(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(5):
        check(generated(rng, rng.randrange(MAX_TEXT, 5 * MAX_TEXT)), MAX_TEXT)


def test_generated_lines_that_fit_come_back_unchanged() -> None:
    """Lines that each fit and close their own formatting are cut between, never changed: the
    parts joined are the text itself."""
    rng = random.Random(7)
    for _ in range(50):
        lines = [generated(rng, rng.randrange(5, 80)).replace("\n", " ") for _ in range(30)]
        text = "\n".join(line for line in lines if len(line) <= 120)
        parts = check(text, 120)
        assert "\n".join(parts) == text
