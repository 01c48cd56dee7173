"""The rules are the residents' (issue 12): any resident proposes a new rule, a change or a
removal (a consent poll through the adoption machinery); an imported rule book is "not yet
confirmed" until one decision confirms it; "no rule about X" puts X on the agenda.

The house of test_rules: Anna, Bram (chair), Carla and Dirk are residents."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.models import AgendaItem, MemberStatus, PrivateChat
from bot.storage.rules_models import Rule
from tests.conftest import Bot
from tests.helpers import set_member
from tests.test_rules import DUTCH_BOOK, ENGLISH_BOOK, RuleHouse, add_rules, make_rule_house

TEXTS = {
    "nl": {
        "rules": "/regels",
        "import": "/regels importeren",
        "new": "➕ Nieuwe regel",
        "no_section": "Zonder kopje",
        "consent": "🤝 Akkoord-ronde",
        "agree": "✅ Akkoord",
        "save": "✅ Opslaan",
        "unconfirmed": (
            "⚠️ Nog niet bevestigd. Dit huisreglement is ingelezen. "
            "De bewoners bevestigen het met één besluit."
        ),
        "rule_unconfirmed": (
            "⚠️ Nog niet bevestigd: deze regel komt uit het ingelezen huisreglement."
        ),
        "confirmed": (
            "✅ Het huisreglement is bevestigd (besluit 2026-001). Het is nu van alle bewoners."
        ),
        "adopted": "aangenomen (besluit 2026-001)",
        "new_rule": "📜 Nieuwe huisregel 6 (besluit 2026-001):\nFietsen staan in de schuur.",
        "search": "/regels barbecue",
        "nothing": "🔎 Ik vond geen regel over ‘barbecue’.",
        "to_agenda": "📋 Op de agenda zetten",
        "on_agenda": (
            "📋 ‘barbecue’ staat op de agenda van de volgende vergadering. "
            "Daar kunnen jullie erover praten."
        ),
        "agenda_item": "Een regel over: barbecue",
        "guest_refused": (
            "Alleen bewoners kunnen regels voorstellen. Wil je iets veranderen? "
            "Zet het op de agenda met /agenda."
        ),
    },
    "en": {
        "rules": "/rules",
        "import": "/rules import",
        "new": "➕ New rule",
        "no_section": "No heading",
        "consent": "🤝 Consent round",
        "agree": "✅ Agree",
        "save": "✅ Save",
        "unconfirmed": (
            "⚠️ Not yet confirmed. These house rules were imported. "
            "The residents confirm them with one decision."
        ),
        "rule_unconfirmed": ("⚠️ Not yet confirmed: this rule comes from the imported house rules."),
        "confirmed": (
            "✅ The house rules are confirmed (decision 2026-001). They now belong to all "
            "residents."
        ),
        "adopted": "adopted (decision 2026-001)",
        "new_rule": "📜 New house rule 4 (decision 2026-001):\nBikes go in the shed.",
        "search": "/rules barbecue",
        "nothing": "🔎 I found no rule about ‘barbecue’.",
        "to_agenda": "📋 Put it on the agenda",
        "on_agenda": (
            "📋 ‘barbecue’ is on the agenda of the next meeting. You can talk about it there."
        ),
        "agenda_item": "A rule about: barbecue",
        "guest_refused": (
            "Only residents can propose rules. Want to change something? "
            "Put it on the agenda with /agenda."
        ),
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["nl", "en"])
PASTED = "- Afval op dinsdag buiten.\n- Post in het vakje."


async def vote_all(rules: RuleHouse, poll_text: str, choice: str) -> None:
    h = rules.house
    poll = next(m for m in reversed(rules.bot.tg.messages(h.group)) if m.text == poll_text)
    for user in (h.anna, h.bram, h.carla, rules.dirk):
        reply = await rules.bot.driver.tap(user, poll, choice)
        assert reply.popup is not None and reply.popup.startswith("✅")


@LANGUAGES
async def test_an_imported_book_is_not_yet_confirmed_until_a_decision(
    bot: Bot, language: str
) -> None:
    rules = await make_rule_house(bot, language)
    t, h, driver = TEXTS[language], rules.house, bot.driver
    asked = (await driver.send(h.bram, t["import"])).last
    preview = (await driver.send(h.bram, PASTED, reply_to=asked)).last
    saved = await driver.tap(h.bram, preview, t["save"])
    announced, poll = saved.to(h.group)
    # The rule book is in, but not yet the residents': /rules says so, and so does each rule.
    book = (await rules.rules(h.carla, t["rules"]))[0]
    assert book.split("\n")[1] == t["unconfirmed"]
    one = (await rules.rules(h.carla, f"{t['rules']} 2"))[0]
    assert t["rule_unconfirmed"] in one
    async with bot.database.transaction() as session:
        assert [r.confirmed for r in session.scalars(select(Rule))] == [False, False]

    await vote_all(rules, poll.text, t["agree"])
    reply = await bot.advance(days=4)
    assert reply.to(h.group)[-1].text == t["confirmed"]
    book = (await rules.rules(h.carla, t["rules"]))[0]
    assert t["unconfirmed"] not in book
    one = (await rules.rules(h.carla, f"{t['rules']} 2"))[0]
    assert t["rule_unconfirmed"] not in one
    assert one.endswith(t["adopted"])  # the rule's history names the decision
    async with bot.database.transaction() as session:
        assert [r.confirmed for r in session.scalars(select(Rule))] == [True, True]
    del announced


@LANGUAGES
async def test_a_resident_who_is_not_chair_proposes_a_rule(bot: Bot, language: str) -> None:
    rules = await make_rule_house(bot, language)
    await add_rules(bot, DUTCH_BOOK if language == "nl" else ENGLISH_BOOK)
    t, h, driver = TEXTS[language], rules.house, bot.driver
    text = "Fietsen staan in de schuur." if language == "nl" else "Bikes go in the shed."
    book = (await driver.send(h.carla, t["rules"])).last
    asked = (await driver.tap(h.carla, book, t["new"])).last
    section = (await driver.send(h.carla, text, reply_to=asked)).last
    await driver.tap(h.carla, section, t["no_section"])
    reply = await driver.tap(h.carla, section, t["consent"])
    [poll] = reply.to(h.group)
    assert reply.to(h.carla) == []  # the chair's poll controls are the chair's, not hers
    await vote_all(rules, poll.text, t["agree"])
    reply = await bot.advance(days=4)
    assert reply.to(h.group)[-1].text == t["new_rule"]

    # A guest reads the rules but proposes none.
    eva = bot.tg.add_user("Eva", language_code=language)
    bot.tg.start_bot(eva)
    await set_member(bot.database, eva, MemberStatus.GUEST, private_chat=PrivateChat.OPEN)
    eva_book = (await driver.send(eva, t["rules"])).last
    printing = "🖨 Afdrukken" if language == "nl" else "🖨 Print"
    assert [b.text for b in bot.tg.all_buttons(eva_book)] == [printing]  # reads, prints
    data = bot.tg.all_buttons(book)[0].callback_data
    assert data is not None
    reply = await driver.tap_data(eva, eva_book, data)
    assert reply.popup == t["guest_refused"]


@LANGUAGES
async def test_no_rule_about_it_puts_it_on_the_agenda(bot: Bot, language: str) -> None:
    rules = await make_rule_house(bot, language)
    await add_rules(bot, DUTCH_BOOK if language == "nl" else ENGLISH_BOOK)
    t, h, driver = TEXTS[language], rules.house, bot.driver
    reply = await driver.send(h.carla, t["search"], chat=h.group)
    answer = reply.last
    assert answer.text.startswith(t["nothing"])
    await driver.tap(h.carla, answer, t["to_agenda"])
    assert answer.text == t["on_agenda"]
    assert answer.buttons == []
    async with bot.database.transaction() as session:
        items = [i.text for i in session.scalars(select(AgendaItem))]
    assert items == [t["agenda_item"]]
