"""Bad input: over-long texts, HTML and Markdown in what people type and in their names, empty
and duplicate options, dates in the past, unknown time zones.

Each is answered with a clear message (the exact text, with the limit where there is one) and
changes nothing: every row of both houses and their people is compared before and after (a
typed answer that is refused leaves the bot's question open, so the person can answer again).
What people type is shown exactly as typed: `FakeMessage.text` is what a person reads, and the
fake Telegram refuses HTML that does not parse. The worlds are those of the authorization audit
(`tests/audit_helpers.py`): De Boog, chaired by Bram, and Het Anker.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import agenda as agenda_domain
from bot.domain import checkins as checkin_domain
from bot.domain import decisions as decision_domain
from bot.domain import flags as flags_domain
from bot.domain import houses as house_domain
from bot.domain import meetings as meeting_domain
from bot.domain import polls as poll_domain
from bot.domain import rotas as rota_domain
from bot.domain import rules as rules_domain
from bot.domain.text import echoed
from bot.handlers.checkins import CheckinLevel
from bot.handlers.flags import FlagNew, FlagWrite
from bot.handlers.house import SetupMenu, SetupTimezone
from bot.handlers.meetings import AfterMeeting, plan_button
from bot.handlers.people import ManageMembers, ManagePick, SetStatus
from bot.handlers.poll_form import FormDeadline, FormEdit, FormKind
from bot.handlers.polls import ManagePoll
from bot.handlers.rotas import FREQUENCIES, PausePick, TaskForm, TaskSet
from bot.handlers.rules import RuleImport, RuleProposalAct, RulesMenu
from bot.storage.flags_models import FlagTopic
from bot.storage.models import House, MemberStatus, Poll, PollKind
from bot.storage.rota_models import Frequency
from bot.storage.rules_models import RuleProposal
from tests import audit_helpers
from tests.audit_helpers import (
    World,
    WorldFactory,
    add_checkin,
    add_decision,
    arrange,
    bot_db,
    button,
    decoded,
    hold_meeting,
    post_poll,
)
from tests.fake_telegram import FakeMessage, Reply

pytestmark = pytest.mark.asyncio(loop_scope="module")
shared_bot = audit_helpers.shared_bot  # the fixtures: one bot, a fresh world per test
new_world = audit_helpers.new_world

# What people may type, and must see back exactly so.
MARKUP = "<b>Kat</b> & <i>hond</i> *vet* _schuin_ [link](https://x.nl) <script>x</script> &amp;"


async def refused_answer(
    world: World,
    who: str,
    text: str,
    msgid: str,
    *,
    asked: FakeMessage | None = None,
    **params: object,
) -> Reply:
    """`who` types `text` (in the chat of `asked`, answering it; else privately): the bot
    answers with exactly the text `msgid` and nothing changes."""
    before = await world.snapshot()
    if asked is not None and asked.chat.is_group:
        reply = await world.group(who, text, reply_to=asked)
    else:
        reply = await world.private(who, text, reply_to=asked)
    said = world.text(msgid, **params)
    assert len(reply.texts) == 1, reply.texts
    # a typed answer: the question is asked again below what was wrong (issue 16)
    assert reply.texts[0] == said or reply.texts[0].startswith(said + "\n\n"), reply.texts
    assert reply.errors == []
    after = await world.snapshot()
    asked_again = after.pop("prompts"), before.pop("prompts")  # the question's copy is new
    assert set(asked_again[1]) <= set(asked_again[0])
    assert after == before
    world.assert_sound()
    return reply


def asked_in(reply: Reply, chat: object) -> FakeMessage:
    """The bot's question (a force-reply) in the reply."""
    questions = [
        m
        for m in reply.sent
        if m.chat.id == chat.id and (m.reply_markup or {}).get("force_reply")  # type: ignore[attr-defined]
    ]
    assert questions, reply.texts
    return questions[-1]


async def poll_draft(world: World) -> FakeMessage:
    """Bram starts the full poll form in the private chat: a draft and its form."""
    reply = await world.private("bram", f"{world.cmd('poll', 'stemming')} Nemen we een kat?")
    return reply.last


async def form_question(world: World, item: str) -> FakeMessage:
    form = await poll_draft(world)
    reply = await world.tap("bram", form, button(form, FormEdit, item=item))
    return asked_in(reply, world.user("bram"))


async def rule_question(world: World) -> FakeMessage:
    book = (await world.private("bram", world.cmd("rules", "regels"))).last
    reply = await world.tap("bram", book, button(book, RulesMenu, op="new"))
    return asked_in(reply, world.user("bram"))


async def house_name_question(world: World) -> FakeMessage:
    settings = (await world.group("anna", world.cmd("setup", "instellen"))).last
    reply = await world.tap("anna", settings, SetupMenu(world.boog_id, "name"))
    return asked_in(reply, world.boog)


async def timezone_question(world: World) -> FakeMessage:
    settings = (await world.group("anna", world.cmd("setup", "instellen"))).last
    await world.tap("anna", settings, SetupMenu(world.boog_id, "tz"))
    reply = await world.tap("anna", settings, SetupTimezone(world.boog_id, -1))
    return asked_in(reply, world.boog)


async def note_question(world: World) -> FakeMessage:
    checkin_id = await add_checkin(world, "rik")
    reply = await world.tap("rik", world.inbox("rik"), CheckinLevel(checkin_id, 3))
    return asked_in(reply, world.user("rik"))


async def flag_question(world: World) -> FakeMessage:
    menu = (await world.private("rik", world.cmd("flag", "melding"))).last
    await world.tap("rik", menu, FlagNew(world.boog_id, FlagTopic.HOUSE))
    reply = await world.tap("rik", menu, button(menu, FlagWrite, write=True))
    return asked_in(reply, world.user("rik"))


async def minutes_question(world: World) -> FakeMessage:
    meeting_id = await hold_meeting(world)
    last = (await world.private("bram", f"{world.cmd('meeting', 'vergadering')} vorige")).last
    reply = await world.tap("bram", last, AfterMeeting(meeting_id, "min"))
    return asked_in(reply, world.user("bram"))


async def cancel_question(world: World) -> FakeMessage:
    poll_id, _ = await post_poll(world)
    controls = world.bot.tg.last_bot_message(world.user("bram"))
    assert controls is not None
    reply = await world.tap("bram", controls, ManagePoll(poll_id, "cancel"))
    return asked_in(reply, world.user("bram"))


async def task_question(world: World, item: str) -> FakeMessage:
    """Bram makes a task "Ramen" and is asked for its note, or for its day (once)."""
    form = (await world.private("bram", f"{world.cmd('rota', 'rooster')} nieuw Ramen")).last
    task = button(form, TaskForm, item="freq").task_id
    if item == "note":
        reply = await world.tap("bram", form, TaskForm(task, "note"))
    else:
        await world.tap("bram", form, TaskForm(task, "freq"))
        await world.tap("bram", form, TaskSet(task, "kind", FREQUENCIES.index(Frequency.ONCE)))
        reply = await world.tap("bram", form, button(form, TaskSet, item="once", value=-1))
    return asked_in(reply, world.user("bram"))


# --- over-long texts -------------------------------------------------------------------------

Typed = Callable[[World], Awaitable[FakeMessage | None]]
# name: (who types, where the bot asked (None: a command), the text, the message id, the limit)
TOO_LONG: dict[str, tuple[str, Typed | None, str, str, int]] = {
    "poll question (quick form)": (
        "bram",
        None,
        "/stemming {x}",
        "poll.question_too_long",
        poll_domain.MAX_QUESTION,
    ),
    "poll question (the form)": (
        "bram",
        lambda w: form_question(w, "q"),
        "{x}",
        "poll.question_too_long",
        poll_domain.MAX_QUESTION,
    ),
    "poll option": (
        "bram",
        None,
        "/stemming Eten we samen? | Ja | {x}",
        "poll.option_too_long",
        poll_domain.MAX_OPTION,
    ),
    "poll frame": (
        "bram",
        lambda w: form_question(w, "frm"),
        "{x}",
        "poll.frame_too_long",
        poll_domain.MAX_FRAME,
    ),
    "poll cancel reason": (
        "bram",
        cancel_question,
        "{x}",
        "poll.reason_too_long",
        poll_domain.MAX_REASON,
    ),
    "agenda item": (
        "rik",
        None,
        "/agenda toevoegen {x}",
        "agenda.too_long",
        agenda_domain.MAX_TEXT,
    ),
    "rule text": ("bram", rule_question, "{x}", "rules.text_too_long", rules_domain.MAX_RULE),
    "house name": (
        "anna",
        house_name_question,
        "{x}",
        "setup.name_too_long",
        house_domain.MAX_NAME,
    ),
    "check-in note": (
        "rik",
        note_question,
        "{x}",
        "checkin.note_too_long",
        checkin_domain.MAX_NOTE,
    ),
    "flag text": ("rik", flag_question, "{x}", "flags.text_too_long", flags_domain.MAX_TEXT),
    "rota task name": (
        "bram",
        None,
        "/rooster nieuw {x}",
        "rota.name_too_long",
        rota_domain.MAX_NAME,
    ),
    "rota task note": (
        "bram",
        lambda w: task_question(w, "note"),
        "{x}",
        "rota.note_too_long",
        rota_domain.MAX_NOTE,
    ),
    "meeting minutes": (
        "bram",
        minutes_question,
        "{x}",
        "meeting.minutes_too_long",
        meeting_domain.MAX_MINUTES,
    ),
}


@pytest.mark.parametrize("name", list(TOO_LONG))
async def test_an_over_long_text_is_refused_with_its_limit(
    new_world: WorldFactory, name: str
) -> None:
    world = await new_world()
    who, ask, template, msgid, limit = TOO_LONG[name]
    asked = await ask(world) if ask is not None else None
    words = "Lang " * limit
    long, fits = words[:limit] + "x", words[: limit - 1] + "x"  # one too many; just enough
    await refused_answer(world, who, template.format(x=long), msgid, asked=asked, max=limit)
    # Exactly at the limit is fine.
    text = template.format(x=fits)
    if asked is not None and asked.chat.is_group:
        reply = await world.group(who, text, reply_to=asked)
    else:
        reply = await world.private(who, text, reply_to=asked)
    assert reply.texts and world.text(msgid, max=limit) not in reply.texts
    world.assert_sound()


# --- HTML and Markdown, shown as typed -------------------------------------------------------


async def test_markup_in_a_poll_question_and_options_is_shown_as_typed(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    reply = await world.group("bram", f"/stemming {MARKUP}")
    poll = reply.to(world.boog)[0]
    assert poll.text.split("\n")[0] == f"🗳 {MARKUP}"
    controls = reply.to(world.user("bram"))[0]
    assert MARKUP in controls.text
    options = ["<b>Soep</b> & brood", "*Pasta* _al dente_", "[x](https://y.nl) &lt;"]
    boog = world.house_id("boog")
    await world.db(lambda session: setattr(session.get(House, boog), "secret_by_default", False))
    reply = await world.group("bram", "/stemming Wat eten we? | " + " | ".join(options))
    poll = reply.to(world.boog)[0]  # an open poll: the counts show with the options
    assert [b.text for row in poll.buttons for b in row] == [*options, "💬 Eerst bespreken"]
    for option in options:
        assert f"{option} — 0" in poll.text
    assert reply.errors == []
    world.assert_sound()


async def test_markup_in_a_rule_is_shown_as_typed_in_the_proposal_and_its_poll(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    asked = await rule_question(world)
    shown = (await world.private("bram", MARKUP, reply_to=asked)).last
    assert MARKUP in shown.text
    reply = await world.tap("bram", shown, button(shown, RuleProposalAct, op="vote"))
    poll = reply.to(world.boog)[0]
    assert MARKUP in poll.text.split("\n")[0]
    proposals = await world.db(
        lambda s: s.scalars(
            select(RuleProposal).where(RuleProposal.house_id == world.boog_id)
        ).all()
    )
    assert [p.text for p in proposals] == [MARKUP]
    assert reply.errors == []
    world.assert_sound()


async def test_markup_in_imported_rules_is_shown_as_typed(new_world: WorldFactory) -> None:
    world = await new_world()
    asked = (await world.private("bram", "/regels import")).last
    preview = (await world.private("bram", f"1. {MARKUP}\n2. Afwas <3", reply_to=asked)).last
    assert MARKUP in preview.text and "Afwas <3" in preview.text
    await world.tap("bram", preview, button(preview, RuleImport, save=True))
    book = (await world.group("rik", "/regels")).last
    assert MARKUP in book.text and "Afwas <3" in book.text
    one = (await world.group("rik", "/regels 1")).last
    assert MARKUP in one.text
    world.assert_sound()


async def test_markup_in_an_agenda_item_is_shown_as_typed(new_world: WorldFactory) -> None:
    world = await new_world()
    added = await world.group("rik", f"/agenda toevoegen {MARKUP}")
    assert MARKUP in added.last.text
    agenda = (await world.group("gert", "/agenda")).last
    assert MARKUP in agenda.text
    meeting = (await world.group("gert", "/vergadering")).last
    assert MARKUP in meeting.text
    world.assert_sound()


async def test_markup_in_a_house_name_is_shown_as_typed(new_world: WorldFactory) -> None:
    world = await new_world()
    name = "<i>Boog</i> & *Co*"
    asked = await house_name_question(world)
    reply = await world.group("anna", name, reply_to=asked)
    assert reply.texts == [world.text("setup.name_set", house=name)]
    house = await world.db(lambda s: s.get(House, world.boog_id))
    assert house.name == name
    listing = (await world.group("rik", "/leden")).last
    assert name in listing.text.split("\n")[0]
    world.assert_sound()


async def test_markup_in_a_persons_name_is_shown_as_typed(new_world: WorldFactory) -> None:
    world = await new_world()
    tg = world.bot.tg
    eve = tg.add_user("<b>Eve</b> & co", last_name="*de* _Vries_")
    world.boog.members[eve.id] = eve
    tg.start_bot(eve)
    world.users["eve"] = eve
    shown = "<b>Eve</b> & co *de* _Vries_"

    def make_resident(session: Session) -> int:
        return arrange(session, world.now(), world.boog_id, eve, MemberStatus.RESIDENT).id

    world.members["eve"] = await bot_db(world.bot, make_resident)
    listing = (await world.group("eve", "/leden")).last
    assert f"• {shown}" in listing.text
    # She votes in an open poll of a house that lists names: the poll shows who voted what.
    boog = world.house_id("boog")

    def open_with_names(session: Session) -> None:
        house = session.get(House, boog)
        assert house is not None
        house.secret_by_default, house.open_names = False, True

    await world.db(open_with_names)
    _, poll = await post_poll(world)
    await world.tap("eve", poll, decoded(poll)[0])
    await world.bot.advance(seconds=2)
    assert shown in poll.text
    # The chair makes her a guest: the group hears it, with her name as she wrote it.
    editor = (await world.group("anna", "/leden")).last
    await world.tap("anna", editor, ManageMembers(world.boog_id, 0))
    assert shown in [b.text.split(" · ")[0] for row in editor.buttons for b in row]
    await world.tap("anna", editor, ManagePick(world.members["eve"]))
    reply = await world.tap("anna", editor, SetStatus(world.members["eve"], "g"))
    assert shown in reply.to(world.boog)[0].text
    assert [c for c in tg.calls[world.first_call :] if not c.ok] == []
    world.assert_sound()


async def test_markdown_in_a_decision_is_escaped_in_the_exported_file(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    await add_decision(world, question="*Kat* of _hond_? [ja](https://x.nl) <b>#1</b>")
    reply = await world.group("rik", "/besluiten export 2026")
    document = reply.last
    assert document.file is not None
    content = document.file.content.decode()
    assert "\\*Kat\\* of \\_hond\\_? \\[ja\\](https://x.nl) \\<b\\>\\#1\\</b\\>" in content, content
    world.assert_sound()


# --- empty and duplicate options -------------------------------------------------------------

OPTIONS: dict[str, tuple[str, str]] = {
    "an empty option at the end": ("/stemming Wat eten we? | Soep |", "poll.option_empty"),
    "an empty option in between": ("/stemming Wat eten we? | Soep |  | Pasta", "poll.option_empty"),
    "only one option": ("/stemming Wat eten we? | Soep", "poll.too_few_options"),
    "the same option twice": ("/stemming Wat eten we? | Soep | soep ", "poll.duplicate_options"),
    "the same in other letters": (
        "/stemming Wat eten we? | PASTA | Soep | pasta",
        "poll.duplicate_options",
    ),
}


@pytest.mark.parametrize("name", list(OPTIONS))
async def test_empty_or_duplicate_options_in_the_quick_form(
    new_world: WorldFactory, name: str
) -> None:
    world = await new_world()
    text, msgid = OPTIONS[name]
    await refused_answer(world, "bram", text, msgid, asked=world.card())
    assert (
        await world.db(
            lambda s: s.scalars(select(Poll).where(Poll.house_id == world.boog_id)).all()
        )
        == []
    )


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [("Soep\nsoep", "poll.duplicate_options"), ("Soep\n   \n", "poll.too_few_options")],
)
async def test_empty_or_duplicate_options_in_the_form(
    new_world: WorldFactory, typed: str, msgid: str
) -> None:
    world = await new_world()
    form = await poll_draft(world)
    poll_id = button(form, FormEdit, item="q").poll_id
    reply = await world.tap("bram", form, FormKind(poll_id, PollKind.SINGLE))
    asked = asked_in(reply, world.user("bram"))
    await refused_answer(world, "bram", typed, msgid, asked=asked)


# --- dates in the past -----------------------------------------------------------------------


async def poll_date_question(world: World) -> FakeMessage:
    form = await poll_draft(world)
    poll_id = button(form, FormEdit, item="dl").poll_id
    await world.tap("bram", form, FormEdit(poll_id, "dl"))
    reply = await world.tap("bram", form, FormDeadline(poll_id, "other"))
    return asked_in(reply, world.user("bram"))


async def meeting_date_question(world: World) -> FakeMessage:
    view = (await world.private("bram", "/vergadering")).last
    reply = await world.tap("bram", view, plan_button(world.boog_id, "once", -1, -2))
    return asked_in(reply, world.user("bram"))


async def pause_date_question(world: World) -> FakeMessage:
    view = (await world.private("rik", "/pauze")).last
    reply = await world.tap("rik", view, PausePick(world.boog_id, "date"))
    return asked_in(reply, world.user("rik"))


# name: (who, the question, the answer, the message)
PAST: dict[str, tuple[str, Typed, str, str]] = {
    "poll deadline yesterday": ("bram", poll_date_question, "22-11-2026", "poll.date_past"),
    "poll deadline this morning": (
        "bram",
        poll_date_question,
        "23-11-2026 08:00",
        "poll.date_past",
    ),
    "meeting yesterday": ("bram", meeting_date_question, "22-11-2026 19:30", "meeting.date_past"),
    "rota once-date yesterday": (
        "bram",
        lambda w: task_question(w, "once"),
        "22-11-2026",
        "rota.date_past",
    ),
    "pause until yesterday": ("rik", pause_date_question, "22-11-2026", "rota.date_past"),
    "pause until last year": ("rik", pause_date_question, "1-1-2025", "rota.date_past"),
}


@pytest.mark.parametrize("name", list(PAST))
async def test_a_date_in_the_past_is_refused(new_world: WorldFactory, name: str) -> None:
    world = await new_world()
    who, ask, typed, msgid = PAST[name]
    asked = await ask(world)
    await refused_answer(world, who, typed, msgid, asked=asked)


# --- time zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Mars/Olympus",
        "Atlantis",  # a city no time zone knows (europe/amsterdam is read: issue 16)
        "UTC+2",
        "../../etc/passwd",
        "<b>Europe</b> & Co",
        "&" * 4000,
    ],
    ids=["mars", "unknown-city", "offset", "path", "markup", "4000-ampersands"],
)
async def test_an_unknown_time_zone_is_refused(new_world: WorldFactory, typed: str) -> None:
    world = await new_world()
    asked = await timezone_question(world)
    shown = typed if len(typed) <= 100 else typed[:99] + "…"  # a long echo is cut short
    await refused_answer(
        world, "anna", typed, "setup.timezone_unknown", asked=asked, timezone=shown
    )
    house = await world.db(lambda s: s.get(House, world.boog_id))
    assert house.timezone == "Europe/Amsterdam"


async def test_a_known_time_zone_is_taken(new_world: WorldFactory) -> None:
    world = await new_world()
    asked = await timezone_question(world)
    reply = await world.group("anna", "  Europe/London ", reply_to=asked)
    assert reply.texts == [world.text("setup.timezone_set", timezone="Europe/London")]
    house = await world.db(lambda s: s.get(House, world.boog_id))
    assert house.timezone == "Europe/London"
    world.assert_sound()


# --- what the audit found ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ask", "who", "typed", "msgid"),
    [
        (pause_date_question, "rik", "1-1-99999999999999999999", "rota.date_unreadable"),
        (
            lambda w: task_question(w, "once"),
            "bram",
            "1-1-99999999999999999999",
            "rota.date_unreadable",
        ),
        (poll_date_question, "bram", "25-11-99999999999999999999", "poll.date_unreadable"),
        (poll_date_question, "bram", "25-11-2026 99999999999999999999:00", "poll.date_unreadable"),
    ],
    ids=["pause", "rota once-date", "poll deadline year", "poll deadline hour"],
)
async def test_a_date_with_a_huge_number_is_unreadable(
    new_world: WorldFactory, ask: Typed, who: str, typed: str, msgid: str
) -> None:
    world = await new_world()
    asked = await ask(world)
    await refused_answer(world, who, typed, msgid, asked=asked)


async def test_an_export_period_with_a_huge_number_is_unreadable(new_world: WorldFactory) -> None:
    world = await new_world()
    await refused_answer(
        world,
        "rik",
        "/besluiten export 2026-01-01 2026-1-99999999999999999999",
        "decisions.period_unreadable",
    )


async def test_a_popup_shows_an_option_as_typed(new_world: WorldFactory) -> None:
    world = await new_world()
    reply = await world.group("bram", "/stemming Wat eten we? | Soep & brood | <i>Pasta</i>")
    poll = reply.to(world.boog)[0]
    tapped = await world.tap("anna", poll, decoded(poll)[0])
    assert tapped.popup == (
        "✅ Je stem telt: Soep & brood. Je kunt hem veranderen tot de stemming sluit."
    )


@pytest.mark.parametrize("typed", ["&" * 4000, "<" * 4000], ids=["ampersands", "less-thans"])
async def test_a_long_search_full_of_markup_is_answered(
    new_world: WorldFactory, typed: str
) -> None:
    """The rules lookup shows the search back: only its first 99 characters and "…", so the
    answer is one short message (each "&" would otherwise become "&amp;" in the HTML)."""
    world = await new_world()
    reply = await world.group("rik", f"/regels {typed}")
    assert reply.errors == []
    assert reply.texts == [world.text("rules.nothing_found", query=typed[:99] + "…")]
    world.assert_sound()


async def test_what_is_shown_back_is_cut_at_100_characters() -> None:
    assert echoed("  Lang  " * 12) == " ".join(["Lang"] * 12)  # tidied, short: whole
    assert echoed("x" * 100) == "x" * 100
    assert echoed("x" * 101) == "x" * 99 + "…"
    assert echoed("woord " * 40) == "woord " * 16 + "woo…"
    assert echoed("x" * 98 + " yyy") == "x" * 98 + "…"  # no space before the "…"


@pytest.mark.parametrize("typed", ["&" * 4000, "<b>" * 1300], ids=["ampersands", "tags"])
async def test_a_long_decision_search_full_of_markup_is_refused(
    new_world: WorldFactory, typed: str
) -> None:
    """The decision log refuses a search longer than its limit, so it never shows one back."""
    world = await new_world()
    await refused_answer(
        world,
        "rik",
        f"/besluiten {typed}",
        "decisions.search_too_long",
        max=decision_domain.MAX_SEARCH,
    )
