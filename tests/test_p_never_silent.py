"""The bot never goes silent (issue 16), taking the path a person takes, in Dutch and English:
a wrong typed answer keeps the question open (asked again, with a way to stop), the forms people
type (`Amsterdam`, `zondag 18:00`, `half vijf`, `16.30`, `6-12`), plain text in the private
chat, `/taal en`, `/regels nieuw` and an empty rule book from the group, `/rooster nieuw` in the
group, options by lines, commas or bars, and "🔒 Nu sluiten" explained instead of refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.domain.typed import typed_day, typed_moment, typed_time, typed_timezone
from bot.handlers.poll_form import option_lines
from bot.handlers.prompts import OVER
from bot.storage.models import Person, Poll, PrivateChat, Prompt
from bot.storage.rules_models import Rule
from tests.conftest import Bot
from tests.fake_telegram import FakeMessage
from tests.test_polls import make_voting
from tests.test_rotas import make_rota

T = {
    "nl": {
        "setup": "/instellen",
        "tz": "🕒 Tijdzone",
        "tz_other": "Een andere…",
        "tz_unknown": (
            "Die tijdzone ken ik niet: Mars. Typ een stad, zoals Amsterdam, of Europe/Amsterdam."
        ),
        "again_group": (
            "Anna, typ je antwoord opnieuw als antwoord op dit bericht. Wil je stoppen? "
            "Typ dan: stop"
        ),
        "tz_set": "✅ Tijdzone: Europe/Amsterdam",
        "stopped": "Oké, gestopt. Je kunt altijd opnieuw beginnen.",
        "new_task": "/rooster nieuw Koken",
        "time": "⏰ Tijd",
        "other_time": "Andere tijd",
        "time_unreadable": "Die tijd snap ik niet. Schrijf bijvoorbeeld 17:30, 17.30 of half zes.",
        "again_private": "Typ je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen.",
        "reminder": "Herinnering in de groep: 16:30 (Europe/Amsterdam)",
        "stop": "✖️ Stoppen",
        "plain": (
            "Ik begrijp alleen opdrachten en knoppen. Tik op een knop, of typ / voor de lijst."
        ),
        "plain_buttons": ["❓ Wat kan ik hier doen?", "🌐 Taal / Language"],
        "help_start": "Hoi! Dit kan ik voor je doen:",
        "language": "/taal",
        "to_other": "en",
        "other_set": "✅ I now speak English with you.",
        "language_unknown": "Die taal ken ik niet. Kies hieronder.",
        "rules": "/regels",
        "rules_new": "/regels nieuw",
        "ask_new": "➕ Schrijf de nieuwe regel. Kort en duidelijk, in één of twee zinnen.",
        "book_empty": (
            "📜 De Boog heeft nog geen huisregels in de bot. De voorzitter kan ze toevoegen, of "
            "het regelboek inlezen dat jullie al hebben."
        ),
        "empty_buttons": ["➕ Nieuwe regel", "📥 Regelboek inlezen", "💬 Privéchat"],
        "rule_started": (
            "📜 Bram, ik heb je een bericht gestuurd in de privéchat. Daar gaan we verder."
        ),
        "rule_closed": (
            "📜 Carla, dat doen we in de privéchat met mij. Tik op 💬 Privéchat en stuur daar "
            "/regels."
        ),
        "rota_new": "/rooster nieuw",
        "rota_started": (
            "🗂 Bram, je maakt de taak in de privéchat. Ik heb je daar een bericht gestuurd."
        ),
        "ask_name": (
            "📝 Hoe heet de nieuwe taak? Bijvoorbeeld: koken, afval, boodschappen. "
            "Schrijf het als antwoord op dit bericht."
        ),
        "rota_closed": "🗂 Taken maken en veranderen doe je in de privéchat met mij.",
        "poll": "/stemming",
        "kind": "🗂 Soort stemming",
        "single": "☝️ Eén keuze uit een lijst",
        "close": "🔒 Nu sluiten",
        "close_rule": "🔒 Eerder sluiten kan als iedereen heeft gestemd.",
        "close_not_yet": (
            "🔒 Eerder sluiten kan pas als iedereen heeft gestemd. Nu: 0 van 4. Anders sluit "
            "de stemming vanzelf:"
        ),
    },
    "en": {
        "setup": "/setup",
        "tz": "🕒 Time zone",
        "tz_other": "Another one…",
        "tz_unknown": (
            "I don't know that time zone: Mars. Type a city, like Amsterdam, or Europe/Amsterdam."
        ),
        "again_group": (
            "Anna, type your answer again as a reply to this message. Want to stop? Type: stop"
        ),
        "tz_set": "✅ Time zone: Europe/Amsterdam",
        "stopped": "Okay, stopped. You can always start again.",
        "new_task": "/rota new Cooking",
        "time": "⏰ Time",
        "other_time": "Another time",
        "time_unreadable": "I don't understand that time. Write for example 17:30 or 17.30.",
        "again_private": "Just type your answer again. Want to stop? Tap ✖️ Stop.",
        "reminder": "Reminder in the group: 16:30 (Europe/Amsterdam)",
        "stop": "✖️ Stop",
        "plain": "I only understand commands and buttons. Tap a button, or type / for the list.",
        "plain_buttons": ["❓ What can I do here?", "🌐 Language / Taal"],
        "help_start": "Hi! This is what I can do for you:",
        "language": "/language",
        "to_other": "nederlands",
        "other_set": "✅ Ik praat nu Nederlands met je.",
        "language_unknown": "I don't know that language. Choose below.",
        "rules": "/rules",
        "rules_new": "/rules new",
        "ask_new": "➕ Write the new rule. Short and clear, in one or two sentences.",
        "book_empty": (
            "📜 De Boog has no house rules in the bot yet. The chair can add them, or read in "
            "the rule book you already have."
        ),
        "empty_buttons": ["➕ New rule", "📥 Read in a rule book", "💬 Private chat"],
        "rule_started": "📜 Bram, I sent you a message in the private chat. We go on there.",
        "rule_closed": (
            "📜 Carla, we do that in the private chat with me. Tap 💬 Private chat and send "
            "/rules there."
        ),
        "rota_new": "/rota new",
        "rota_started": (
            "🗂 Bram, you make the task in the private chat. I sent you a message there."
        ),
        "ask_name": (
            "📝 What is the new task called? For example: cooking, rubbish, groceries. "
            "Write it as a reply to this message."
        ),
        "rota_closed": "🗂 You make and change tasks in the private chat with me.",
        "poll": "/poll",
        "kind": "🗂 Kind of poll",
        "single": "☝️ One choice from a list",
        "close": "🔒 Close now",
        "close_rule": "🔒 You can close early when everyone has voted.",
        "close_not_yet": (
            "🔒 Closing early is only possible when everyone has voted. Now: 0 of 4. Otherwise "
            "the poll closes by itself:"
        ),
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])


async def prompts(bot: Bot) -> int:
    async with bot.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Prompt)) or 0)


def labels(message: FakeMessage) -> list[str]:
    return [button.text for row in message.buttons for button in row]


# --- the forms people type (no database) ----------------------------------------------------

SATURDAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("16.30", 16 * 60 + 30),
        ("16:30", 16 * 60 + 30),
        ("16u30", 16 * 60 + 30),
        ("19", 19 * 60),
        ("19 uur", 19 * 60),
        ("half vijf", 16 * 60 + 30),
        ("half 5", 16 * 60 + 30),
        ("kwart over zeven", 19 * 60 + 15),
        ("kwart voor 8", 19 * 60 + 45),
        ("half negen", 8 * 60 + 30),
        ("half acht 's ochtends", 7 * 60 + 30),
        ("acht uur 's avonds", 20 * 60),
        ("om half twaalf", 11 * 60 + 30),
        ("8 pm", 20 * 60),
    ],
)
def test_times_as_people_type_them(typed: str, minutes: int) -> None:
    assert typed_time(typed) == minutes


@pytest.mark.parametrize("typed", ["straks", "25:00", "half dertien", "19:7", "", "12:60"])
def test_a_time_that_is_no_time(typed: str) -> None:
    with pytest.raises(ValueError):
        typed_time(typed)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("6-12", date(2026, 12, 6)),
        ("6/12/2026", date(2026, 12, 6)),
        ("zondag", date(2026, 12, 6)),
        ("Zondag", date(2026, 12, 6)),
        ("zaterdag", SATURDAY),  # today
        ("vrijdag", date(2026, 12, 11)),
        ("sunday", date(2026, 12, 6)),
        ("morgen", date(2026, 12, 6)),
        ("overmorgen", date(2026, 12, 7)),
        ("vandaag", SATURDAY),
    ],
)
def test_days_as_people_type_them(typed: str, day: date) -> None:
    assert typed_day(typed, SATURDAY) == day


def test_a_day_and_a_time() -> None:
    assert typed_moment("zondag 18:00", SATURDAY) == (date(2026, 12, 6), 18 * 60)
    assert typed_moment("6-12 om 19.30", SATURDAY) == (date(2026, 12, 6), 19 * 60 + 30)
    assert typed_moment("morgen half acht", SATURDAY) == (date(2026, 12, 6), 19 * 60 + 30)
    for wrong in ("zondag", "18:00", "ooit 18:00", "zondag straks"):
        with pytest.raises(ValueError):
            typed_moment(wrong, SATURDAY)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Amsterdam", "Europe/Amsterdam"),
        ("amsterdam", "Europe/Amsterdam"),
        ("europe/amsterdam", "Europe/Amsterdam"),
        ("Europe/London", "Europe/London"),
        ("Nederland", "Europe/Amsterdam"),
        ("België", "Europe/Brussels"),
        ("Paramaribo", "America/Paramaribo"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
    ],
)
def test_time_zones_as_people_type_them(typed: str, zone: str) -> None:
    assert typed_timezone(typed) == zone


@pytest.mark.parametrize("typed", ["Mars", "UTC+2", "../../etc/passwd", "", "Atlantis"])
def test_a_time_zone_nobody_knows(typed: str) -> None:
    with pytest.raises(ValueError):
        typed_timezone(typed)


@pytest.mark.parametrize(
    "typed",
    ["soep\npasta\nrijst", "soep, pasta, rijst", "soep | pasta | rijst", "soep,pasta,rijst\n"],
)
def test_options_by_lines_commas_or_bars(typed: str) -> None:
    assert [o.strip() for o in option_lines(typed)] == ["soep", "pasta", "rijst"]


def test_options_on_lines_keep_their_commas() -> None:
    assert option_lines("soep, met brood\npasta") == ["soep, met brood", "pasta"]


# --- a question stays open ------------------------------------------------------------------


@LANGUAGES
async def test_a_wrong_time_zone_is_asked_again_in_the_group(bot: Bot, language: str) -> None:
    t = T[language]
    rota = await make_rota(bot, language)
    h, driver = rota.house, bot.driver
    settings = (await driver.send(h.anna, t["setup"], chat=h.group)).last
    await driver.tap(h.anna, settings, t["tz"])
    question = (await driver.tap(h.anna, settings, t["tz_other"])).to(h.group)[0]

    wrong = await driver.send(h.anna, "Mars", chat=h.group, reply_to=question)
    assert wrong.texts == [t["tz_unknown"] + "\n\n" + t["again_group"]]
    again = wrong.last
    assert (again.reply_markup or {}).get("force_reply")
    right = await driver.send(h.anna, "Amsterdam", chat=h.group, reply_to=again)
    assert right.texts == [t["tz_set"]]
    assert await prompts(bot) == 0

    # Asked again, and stopped by typing "stop" (the settings still show the time zones).
    question = (await driver.tap(h.anna, settings, t["tz_other"])).to(h.group)[0]
    again = (await driver.send(h.anna, "Mars", chat=h.group, reply_to=question)).last
    stopped = await driver.send(h.anna, "stop", chat=h.group, reply_to=again)
    assert stopped.texts == [t["stopped"]]
    assert await prompts(bot) == 0


@LANGUAGES
async def test_in_private_a_corrected_answer_is_just_typed_again(bot: Bot, language: str) -> None:
    t = T[language]
    rota = await make_rota(bot, language)
    h, driver = rota.house, bot.driver
    form = (await driver.send(h.bram, t["new_task"])).last
    await driver.tap(h.bram, form, t["time"])
    question = (await driver.tap(h.bram, form, t["other_time"])).to(h.bram)[0]

    wrong = await driver.send(h.bram, "straks", reply_to=question)
    assert wrong.texts == [t["time_unreadable"] + "\n\n" + t["again_private"]]
    assert labels(wrong.last) == [t["stop"]]
    right = await driver.send(h.bram, "half vijf")  # not a reply: it answers the question
    assert t["reminder"] in right.last.text
    assert await prompts(bot) == 0

    # Asked again, and stopped with a tap; then plain text is plain text again.
    await driver.tap(h.bram, right.last, t["time"])
    question = (await driver.tap(h.bram, right.last, t["other_time"])).to(h.bram)[0]
    again = (await driver.send(h.bram, "25:00", reply_to=question)).last
    await driver.tap(h.bram, again, t["stop"])
    assert again.text == t["stopped"]
    assert await prompts(bot) == 0

    plain = await driver.send(h.bram, "hallo?")
    assert plain.texts == [t["plain"]]
    assert labels(plain.last) == t["plain_buttons"]
    helped = await driver.tap(h.bram, plain.last, t["plain_buttons"][0])
    assert helped.last.text.startswith(t["help_start"])
    tg = bot.tg  # a file that answers nothing gets the same short answer
    sent = tg.user_document(h.bram, tg.private_chat(h.bram), "foto.txt", b"x", "text/plain", "")
    (update,) = tg.message_update(sent)
    assert (await driver.deliver(update)).texts == [t["plain"]]


@LANGUAGES
async def test_a_wrong_meeting_date_then_zondag_18_00(bot: Bot, language: str) -> None:
    """`zondag 18:00` is read; a wrong answer first keeps the meeting question open."""
    rota = await make_rota(bot, language)
    h, driver = rota.house, bot.driver
    meeting = "/vergadering" if language == "nl" else "/meeting"
    view = (await driver.send(h.bram, meeting)).last
    await driver.tap(h.bram, view, "📅 Plannen" if language == "nl" else "📅 Plan")
    await driver.tap(h.bram, view, "Eén keer" if language == "nl" else "Once")
    other = "✍️ Andere datum" if language == "nl" else "✍️ Another date"
    question = (await driver.tap(h.bram, view, other)).to(h.bram)[0]
    wrong = await driver.send(h.bram, "ooit", reply_to=question)
    assert len(wrong.texts) == 1 and wrong.texts[0].endswith(T[language]["again_private"])
    right = await driver.send(h.bram, "zondag 18:00", reply_to=view)  # a reply to the menu
    assert any("29" in text and "18:00" in text for text in right.texts), right.texts
    assert await prompts(bot) == 0


# --- /taal en ---------------------------------------------------------------------------


@LANGUAGES
async def test_the_language_named_after_the_command(bot: Bot, language: str) -> None:
    t = T[language]
    rota = await make_rota(bot, language)
    h, driver = rota.house, bot.driver
    unknown = await driver.send(h.carla, f"{t['language']} klingon")
    assert unknown.texts == [t["language_unknown"]]
    changed = await driver.send(h.carla, f"{t['language']} {t['to_other']}")
    assert changed.texts == [t["other_set"]]


# --- rules ----------------------------------------------------------------------------------


@LANGUAGES
async def test_regels_nieuw_and_an_empty_book_give_a_way_in(bot: Bot, language: str) -> None:
    t = T[language]
    rota = await make_rota(bot, language)
    h, driver = rota.house, bot.driver
    book = await driver.send(h.bram, t["rules"], chat=h.group)
    assert book.texts == [t["book_empty"]]
    assert labels(book.last) == t["empty_buttons"]
    tapped = await driver.tap(h.bram, book.last, t["empty_buttons"][0])
    assert tapped.popup == t["rule_started"]
    (asked,) = tapped.to(h.bram)
    assert asked.text == t["ask_new"]

    # Carla has not opened the private chat: the popup says how.
    async with bot.database.transaction() as session:
        carla = session.scalars(select(Person).where(Person.telegram_id == h.carla.id)).one()
        carla.private_chat = PrivateChat.UNKNOWN
    tapped = await driver.tap(h.carla, book.last, t["empty_buttons"][0])
    assert tapped.popup == t["rule_closed"] and tapped.to(h.carla) == []

    # /regels nieuw is not a search: in the group it starts in the private chat too.
    started = await driver.send(h.bram, t["rules_new"], chat=h.group)
    assert started.to(h.group)[0].text == t["rule_started"]
    assert [m.text for m in started.to(h.bram)] == [t["ask_new"]]
    privately = await driver.send(h.bram, t["rules_new"])
    assert privately.texts == [t["ask_new"]]
    await driver.send(h.bram, "Na 23:00 is het stil in huis.", reply_to=privately.last)
    async with bot.database.transaction() as session:
        assert [r.text for r in session.scalars(select(Rule))] == ["Na 23:00 is het stil in huis."]


# --- /rooster nieuw in the group ---------------------------------------------------------


@LANGUAGES
async def test_rooster_nieuw_in_the_group_starts_the_form(bot: Bot, language: str) -> None:
    t = T[language]
    rota = await make_rota(bot, language)
    h, driver = rota.house, bot.driver
    started = await driver.send(h.bram, t["rota_new"], chat=h.group)
    assert [m.text for m in started.to(h.group)] == [t["rota_started"]]
    assert [m.text for m in started.to(h.bram)] == [t["ask_name"]]
    named = await driver.send(h.bram, "Afval", reply_to=started.to(h.bram)[0])
    assert "Afval" in named.last.text

    # With a name, the form itself goes to the private chat.
    started = await driver.send(h.bram, f"{t['rota_new']} Koken", chat=h.group)
    assert [m.text for m in started.to(h.group)] == [t["rota_started"]]
    assert "Koken" in started.to(h.bram)[0].text

    # The private chat not open yet: the group answer says how, nothing is made.
    async with bot.database.transaction() as session:
        bram = session.scalars(select(Person).where(Person.telegram_id == h.bram.id)).one()
        bram.private_chat = PrivateChat.UNKNOWN
    closed = await driver.send(h.bram, f"{t['rota_new']} Tuin", chat=h.group)
    assert closed.texts == [t["rota_closed"]]


# --- polls --------------------------------------------------------------------------------


@LANGUAGES
async def test_options_typed_with_commas_or_bars(bot: Bot, language: str) -> None:
    t = T[language]
    voting = await make_voting(bot, language)
    h, driver = voting.house, bot.driver
    form = (await driver.send(h.bram, f"{t['poll']} Wat eten we?")).last
    await driver.tap(h.bram, form, t["kind"])
    question = (await driver.tap(h.bram, form, t["single"])).to(h.bram)[-1]
    answered = await driver.send(h.bram, "soep, pasta, rijst", reply_to=question)
    assert not any("2" in text and "minst" in text for text in answered.texts)
    async with bot.database.transaction() as session:
        poll = session.scalars(select(Poll)).one()
        assert [o.label for o in poll.options] == ["soep", "pasta", "rijst"]


@LANGUAGES
async def test_close_now_is_explained_not_refused(bot: Bot, language: str) -> None:
    t = T[language]
    voting = await make_voting(bot, language)
    h = voting.house
    await voting.poll("Nemen we een kat?")
    manage = bot.tg.last_bot_message(h.bram)
    assert manage is not None and manage.text.endswith(t["close_rule"])
    tapped = await bot.driver.tap(h.bram, manage, t["close"])
    assert tapped.popup is None  # no refusal
    assert t["close_not_yet"] in manage.text
    assert t["close"] in labels(manage)


@pytest.mark.parametrize(
    ("msgid", "over"),
    [
        ("rota.time_unreadable", False),
        ("setup.timezone_unknown", False),
        ("poll.too_few_options", False),
        ("agenda.too_long", False),
        ("rules.no_such_rule", False),
        ("checkin.note_closed", True),
        ("button.stale", True),
        ("members.no_house", True),
        ("poll.no_objection", True),
        ("rules.already_voting", True),
        ("rota.only_chair", True),
    ],
)
def test_which_refusals_close_the_question(msgid: str, over: bool) -> None:
    """Typing again can mend an unreadable answer, not a question whose subject is over."""
    assert bool(OVER.search(msgid)) is over
