"""House rules, as the house sees them: the rule book, one rule, looking up by words (typos,
plurals, Dutch word forms), answering in a thread, inline lookup, and changing the book through
a decision (propose → poll → votes → deadline → adopted, announced, in the rule's history) —
in Dutch and in English."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.storage.models import House as HouseRow
from bot.storage.models import MemberStatus, PrivateChat, Role
from bot.storage.rules_models import (
    ProposalState,
    Rule,
    RuleEvent,
    RuleEventKind,
    RuleProposal,
    RuleState,
)
from tests.conftest import Bot, House, make_house
from tests.fake_telegram import FakeMessage, FakeUser
from tests.helpers import set_member
from tests.test_polls import Outbox

DUTCH_BOOK = (
    ("Samen wonen", "Gasten mogen twee nachten per week blijven logeren."),
    ("Samen wonen", "Een huisdier mag alleen met toestemming van de vergadering."),
    ("Rust", "Na 23:00 is het stil in huis."),
    ("Keuken", "Ruim de keuken op na het koken."),
    (None, "De logeerregel geldt ook voor familie."),
)
ENGLISH_BOOK = (
    ("Living together", "Guests may stay two nights a week."),
    ("Living together", "Pets only with the meeting's consent."),
    ("Quiet", "After 11 pm the house is quiet."),
)


@dataclass
class RuleHouse:
    """De Boog with a chair (Bram), residents Anna, Carla and Dirk; Bram, Carla and Dirk have
    the private chat open."""

    house: House
    dirk: FakeUser

    @property
    def bot(self) -> Bot:
        return self.house.bot

    async def rules(self, user: FakeUser, text: str, in_group: bool = False) -> list[str]:
        chat = self.house.group if in_group else None
        reply = await self.bot.driver.send(user, text, chat=chat)
        return reply.texts


async def make_rule_house(bot: Bot, language: str = "nl") -> RuleHouse:
    house = await make_house(bot, language_code=language)
    tg, db = bot.tg, bot.database
    dirk = tg.add_user("Dirk", language_code=language)
    house.group.members[dirk.id] = dirk
    for user in (house.bram, house.carla, dirk):
        tg.start_bot(user)
    await set_member(db, house.anna, MemberStatus.RESIDENT)
    await set_member(
        db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(db, house.carla, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    await set_member(db, dirk, MemberStatus.RESIDENT, private_chat=PrivateChat.OPEN)
    if language == "en":
        settings = (await bot.driver.send(house.anna, "/setup", chat=house.group)).last
        await bot.driver.tap(house.anna, settings, "🗣 Taal")
        await bot.driver.tap(house.anna, settings, "English")
    return RuleHouse(house, dirk)


async def add_rules(bot: Bot, rules: tuple[tuple[str | None, str], ...]) -> None:
    """An adopted rule book, arranged directly (importing it is tested in
    test_rules_import.py)."""
    now = bot.clock.now()
    async with bot.database.transaction() as session:
        house = session.scalars(select(HouseRow)).one()
        for number, (section, text) in enumerate(rules, start=1):
            rule = Rule(
                house_id=house.id,
                number=number,
                section=section,
                text=text,
                state=RuleState.ADOPTED,
                created_at=now,
                updated_at=now,
            )
            session.add(rule)
            session.flush()
            session.add(
                RuleEvent(
                    house_id=house.id,
                    rule_id=rule.id,
                    kind=RuleEventKind.IMPORTED,
                    text=text,
                    at=now,
                )
            )


@pytest.fixture
async def rules(bot: Bot) -> RuleHouse:
    rule_house = await make_rule_house(bot)
    await add_rules(bot, DUTCH_BOOK)
    return rule_house


# --- looking up -----------------------------------------------------------------------------------


async def test_the_rule_book_in_sections(rules: RuleHouse) -> None:
    texts = await rules.rules(rules.house.carla, "/regels")
    assert texts == [
        "📜 Huisregels van De Boog\n"
        "\n"
        "5. De logeerregel geldt ook voor familie.\n"
        "\n"
        "Samen wonen\n"
        "1. Gasten mogen twee nachten per week blijven logeren.\n"
        "2. Een huisdier mag alleen met toestemming van de vergadering.\n"
        "\n"
        "Rust\n"
        "3. Na 23:00 is het stil in huis.\n"
        "\n"
        "Keuken\n"
        "4. Ruim de keuken op na het koken.\n"
        "\n"
        "🔎 Zoeken: /regels logeren · Eén regel: /regels 4"
    ]
    # The rules are the residents': Carla, a resident, may propose a change (issue 12).
    last = rules.bot.tg.last_bot_message(rules.house.carla)
    assert last is not None
    assert [b.text for b in rules.bot.tg.all_buttons(last)] == [
        "➕ Nieuwe regel",
        "✏️ Regel wijzigen",
        "🗑 Regel schrappen",
    ]


async def test_an_empty_rule_book_says_so(bot: Bot) -> None:
    rule_house = await make_rule_house(bot)
    texts = await rule_house.rules(rule_house.house.carla, "/regels", in_group=True)
    assert texts == [
        "📜 De Boog heeft nog geen huisregels in de bot. De voorzitter kan ze toevoegen, "
        "of het regelboek inlezen dat jullie al hebben."
    ]


async def test_one_rule_by_number_with_its_history(rules: RuleHouse) -> None:
    texts = await rules.rules(rules.house.carla, "/regels 2")
    assert texts == [
        "📜 Regel 2 · Samen wonen\n"
        "Een huisdier mag alleen met toestemming van de vergadering.\n"
        "\n"
        "Geschiedenis\n"
        "• 23 nov 2026: overgenomen uit het regelboek dat het huis al had"
    ]
    assert await rules.rules(rules.house.carla, "/regels 12") == [
        "Er is geen regel 12. Typ /regels om alle regels te zien."
    ]


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("logeren", [1, 5]),  # the verb, and the compound "logeerregel"
        ("logere", [1, 5]),  # a typo
        ("logeerregel", [1, 5]),  # the compound finds the verb
        ("gastn", [1]),  # a typo in a plural
        ("gast", [1]),  # singular for plural
        ("huisdieren", [2]),  # plural for singular, and not "huis"
        ("huisdier", [2]),
        ("huisdiertje", [2]),  # a diminutive
        ("keukens", [4]),
        ("stilte", [3]),
        ("mogen gasten logeren?", [1, 5]),  # a question: small words do not count
    ],
)
async def test_looking_up_by_words_tolerates_typos_and_dutch_word_forms(
    rules: RuleHouse, query: str, numbers: list[int]
) -> None:
    texts = await rules.rules(rules.house.carla, f"/regels {query}")
    assert len(texts) == 1
    lines = texts[0].split("\n")
    assert lines[0] == f"🔎 Regels over ‘{query}’"
    assert [int(line.split(".")[0]) for line in lines[1:]] == numbers


async def test_the_best_match_comes_first_with_its_section(rules: RuleHouse) -> None:
    texts = await rules.rules(rules.house.carla, "/regels gasten logeren")
    assert texts == [
        "🔎 Regels over ‘gasten logeren’\n"
        "1. Gasten mogen twee nachten per week blijven logeren. (Samen wonen)\n"
        "5. De logeerregel geldt ook voor familie."
    ]


async def test_nothing_found_is_said_plainly(rules: RuleHouse) -> None:
    texts = await rules.rules(rules.house.carla, "/regels zwembad", in_group=True)
    assert texts == [
        "🔎 Ik vond geen regel over ‘zwembad’. Probeer een ander woord, "
        "of typ /regels voor alle regels."
    ]


async def test_in_the_group_a_reply_is_answered_in_that_thread(rules: RuleHouse) -> None:
    h, tg = rules.house, rules.bot.tg
    await rules.bot.driver.send(h.anna, "Mag mijn broer dit weekend blijven slapen?", chat=h.group)
    question = tg.messages(h.group)[-1]
    assert question.from_user is h.anna
    reply = await rules.bot.driver.send(h.carla, "/regels logeren", chat=h.group, reply_to=question)
    answer = reply.to(h.group)
    assert len(answer) == 1
    assert answer[0].reply_to is question
    assert answer[0].text.startswith("🔎 Regels over ‘logeren’\n1. Gasten mogen")
    # Without a reply it is a plain message.
    reply = await rules.bot.driver.send(h.carla, "/regels 3", chat=h.group)
    assert reply.last.reply_to is None


async def test_a_long_rule_book_is_split_over_messages(bot: Bot) -> None:
    rule_house = await make_rule_house(bot)
    long_rules = tuple(
        (f"Kopje {n // 10}", f"Regel nummer {n} met een lange uitleg. " + "Bla " * 20)
        for n in range(60)
    )
    await add_rules(bot, long_rules)
    texts = await rule_house.rules(rule_house.house.carla, "/regels")
    assert len(texts) == 2
    assert all(len(text) <= 4096 for text in texts)
    joined = "\n".join(texts)
    assert "1. Regel nummer 0 " in joined and "60. Regel nummer 59 " in joined
    assert texts[-1].endswith("🔎 Zoeken: /regels logeren · Eén regel: /regels 4")


async def test_an_english_house_looks_up_its_rules_in_english(bot: Bot) -> None:
    rule_house = await make_rule_house(bot, language="en")
    await add_rules(bot, ENGLISH_BOOK)
    h = rule_house.house
    texts = await rule_house.rules(h.carla, "/rules guest", in_group=True)
    assert texts == [
        "🔎 Rules about ‘guest’\n1. Guests may stay two nights a week. (Living together)"
    ]
    texts = await rule_house.rules(h.carla, "/rules pet", in_group=True)
    assert texts[0].split("\n")[1].startswith("2. Pets only")
    texts = await rule_house.rules(h.carla, "/rules swimming pool", in_group=True)
    assert texts == [
        "🔎 I found no rule about ‘swimming pool’. Try another word, or type /rules for all rules."
    ]
    texts = await rule_house.rules(h.carla, "/rules 1", in_group=True)
    assert texts == [
        "📜 Rule 1 · Living together\n"
        "Guests may stay two nights a week.\n"
        "\n"
        "History\n"
        "• 23 Nov 2026: taken over from the rule book the house already had"
    ]


async def test_rule_texts_are_escaped(bot: Bot) -> None:
    rule_house = await make_rule_house(bot)
    await add_rules(bot, (("<b>Keuken</b>", "Eten <i>&</i> drinken"),))
    reply = await bot.driver.send(rule_house.house.carla, "/regels")
    assert "<b>1.</b> Eten &lt;i&gt;&amp;&lt;/i&gt; drinken" in reply.last.html
    assert "&lt;b&gt;Keuken&lt;/b&gt;" in reply.last.html


async def test_inline_lookup_offers_the_matching_rules(rules: RuleHouse) -> None:
    tg, driver = rules.bot.tg, rules.bot.driver
    carla = rules.house.carla
    update = {
        "inline_query": {
            "id": "q1",
            "from": carla.to_dict(),
            "query": "logere",
            "offset": "",
        }
    }
    await driver.deliver(update)
    answer = tg.calls_of("answerInlineQuery")[-1]
    assert answer.ok
    results = answer.params["results"]
    results = json.loads(results) if isinstance(results, str) else results
    assert [r["title"] for r in results] == [
        "1. Gasten mogen twee nachten per week blijven logeren.",
        "5. De logeerregel geldt ook voor familie.",
    ]
    content = results[0]["input_message_content"]
    assert content["message_text"] == (
        "📜 <b>De Boog, regel 1</b>\nGasten mogen twee nachten per week blijven logeren."
    )
    assert content["parse_mode"] == "HTML"
    # Someone the bot does not know gets nothing.
    stranger = tg.add_user("Xander")
    update["inline_query"] = {**update["inline_query"], "id": "q2", "from": stranger.to_dict()}
    await driver.deliver(update)
    last = tg.calls_of("answerInlineQuery")[-1]
    results = last.params["results"]
    assert (json.loads(results) if isinstance(results, str) else results) == []


# --- changing the book through a decision ---------------------------------------------------------


async def propose_new_rule(rules: RuleHouse, text: str, section: str | None) -> FakeMessage:
    """Bram (the chair) proposes a new rule in the private chat; returns the proposal."""
    driver, bram = rules.bot.driver, rules.house.bram
    book = (await driver.send(bram, "/regels")).last
    asked = (await driver.tap(bram, book, "➕ Nieuwe regel")).last
    assert asked.text.startswith("➕ Schrijf de nieuwe regel.")
    reply = await driver.send(bram, text, reply_to=asked)
    if section is None:
        return reply.last
    assert reply.last.text == "Onder welk kopje hoort de regel?"
    assert [b.text for b in rules.bot.tg.all_buttons(reply.last)] == [
        "Samen wonen",
        "Rust",
        "Keuken",
        "➕ Nieuw kopje",
        "Zonder kopje",
    ]
    await driver.tap(bram, reply.last, section)
    return reply.last  # edited into the proposal (or, for a new section, a question follows)


async def vote_all(rules: RuleHouse, poll: FakeMessage, choice: str) -> None:
    h = rules.house
    for user in (h.anna, h.bram, h.carla, rules.dirk):
        reply = await rules.bot.driver.tap(user, poll, choice)
        assert reply.popup is not None and reply.popup.startswith("✅")


async def test_a_new_rule_is_adopted_through_a_decision_and_announced(rules: RuleHouse) -> None:
    h, bot, driver = rules.house, rules.bot, rules.bot.driver
    proposal = await propose_new_rule(rules, "Afwas doe je <dezelfde> dag.", "Keuken")
    assert proposal.text == (
        "🗳 Voorstel: nieuwe regel\nAfwas doe je <dezelfde> dag.\n(Keuken)\n\n"
        "Hoe beslist het huis? Ik zet de stemming in de groep. "
        "Is het besluit ‘aangenomen’? Dan pas ik het regelboek aan."
    )
    reply = await driver.tap(h.bram, proposal, "🗳 Stemmen: voor of tegen")
    polls = reply.to(h.group)
    assert len(polls) == 1
    poll = polls[0]
    assert poll.text.startswith("🗳 Nieuwe huisregel: Afwas doe je <dezelfde> dag.\n")
    assert proposal.text.endswith(
        "🗳 De stemming staat in de groep. Is het besluit ‘aangenomen’? "
        "Dan pas ik het regelboek aan."
    )
    # Not in the book while the vote runs.
    texts = await rules.rules(h.carla, "/regels afwas")
    assert texts[0].startswith("🔎 Ik vond geen regel")

    await vote_all(rules, poll, "👍 Voor")
    reply = await bot.advance(days=4)
    group = [m.text for m in reply.to(h.group)]
    assert group == [
        "📋 Besluit 2026-001: Nieuwe huisregel: Afwas doe je <dezelfde> dag.\n"
        "✅ Aangenomen\n4 van 4 hebben gestemd.",
        "📜 Nieuwe huisregel 6 (besluit 2026-001):\nAfwas doe je <dezelfde> dag.",
    ]
    texts = await rules.rules(h.carla, "/regels 6")
    assert texts == [
        "📜 Regel 6 · Keuken\n"
        "Afwas doe je <dezelfde> dag.\n"
        "\n"
        "Geschiedenis\n"
        "• 26 nov 2026: aangenomen (besluit 2026-001)"
    ]
    book = (await rules.rules(h.carla, "/regels"))[0]
    assert "Keuken\n4. Ruim de keuken op na het koken.\n6. Afwas doe je <dezelfde> dag." in book


async def test_the_adoption_is_announced_after_the_close_jobs_commit(
    rules: RuleHouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deadline's close job changes the book and commits; the result and the new rule go
    to the group afterwards, in that order, outside the database lock."""
    h, bot, driver = rules.house, rules.bot, rules.bot.driver
    proposal = await propose_new_rule(rules, "Afwas doe je dezelfde dag.", "Keuken")
    poll = (await driver.tap(h.bram, proposal, "🗳 Stemmen: voor of tegen")).to(h.group)[0]
    await vote_all(rules, poll, "👍 Voor")
    sends = Outbox(bot, monkeypatch)
    reply = await bot.advance(days=4)
    assert [m.text for m in reply.to(h.group)] == [
        "📋 Besluit 2026-001: Nieuwe huisregel: Afwas doe je dezelfde dag.\n"
        "✅ Aangenomen\n4 van 4 hebben gestemd.",
        "📜 Nieuwe huisregel 6 (besluit 2026-001):\nAfwas doe je dezelfde dag.",
    ]
    assert [(text[0], free) for text, free in sends.to(h.group.id)] == [
        ("📋", True),
        ("📜", True),
    ]
    assert (await rules.rules(h.carla, "/regels 6"))[0].startswith("📜 Regel 6 · Keuken")


async def test_a_rule_is_changed_and_dropped_through_decisions(rules: RuleHouse) -> None:
    h, bot, driver = rules.house, rules.bot, rules.bot.driver
    book = (await driver.send(h.bram, "/regels")).last
    asked = (await driver.tap(h.bram, book, "✏️ Regel wijzigen")).last
    assert asked.text == "✏️ Welke regel wil je wijzigen? Typ het nummer."
    asked = (await driver.send(h.bram, "3", reply_to=asked)).last
    assert (
        asked.text == "✏️ Regel 3 is nu:\nNa 23:00 is het stil in huis.\n\nSchrijf de nieuwe tekst."
    )
    proposal = (await driver.send(h.bram, "Na 22:00 is het stil in huis.", reply_to=asked)).last
    assert proposal.text.startswith(
        "🗳 Voorstel: regel 3 wijzigen\nNu: Na 23:00 is het stil in huis.\n"
        "Nieuw: Na 22:00 is het stil in huis."
    )
    reply = await driver.tap(h.bram, proposal, "🤝 Akkoord-ronde")
    poll = reply.to(h.group)[0]
    assert poll.text.startswith(
        "🗳 Huisregel 3 wordt: Na 22:00 is het stil in huis. "
        "(Nu staat er: Na 23:00 is het stil in huis.)\n"
    )
    await vote_all(rules, poll, "✅ Akkoord")
    reply = await bot.advance(days=4)
    assert reply.to(h.group)[1].text == (
        "📜 Huisregel 3 is gewijzigd (besluit 2026-001):\nNa 22:00 is het stil in huis."
    )

    book = (await driver.send(h.bram, "/regels")).last
    asked = (await driver.tap(h.bram, book, "🗑 Regel schrappen")).last
    proposal = (await driver.send(h.bram, "5", reply_to=asked)).last
    assert proposal.text.startswith(
        "🗳 Voorstel: regel 5 schrappen\nDe logeerregel geldt ook voor familie."
    )
    poll = (await driver.tap(h.bram, proposal, "🗳 Stemmen")).to(h.group)[0]
    await vote_all(rules, poll, "👍 Voor")
    reply = await bot.advance(days=4)
    assert reply.to(h.group)[1].text == (
        "📜 Huisregel 5 is geschrapt (besluit 2026-002):\nDe logeerregel geldt ook voor familie."
    )
    texts = await rules.rules(h.carla, "/regels 3")
    assert texts[0].endswith(
        "Geschiedenis\n"
        "• 23 nov 2026: overgenomen uit het regelboek dat het huis al had\n"
        "• 26 nov 2026: gewijzigd (besluit 2026-001)"
    )
    texts = await rules.rules(h.carla, "/regels 5")
    assert texts == [
        "📜 Regel 5\n"
        "De logeerregel geldt ook voor familie.\n"
        "🗑 Deze regel geldt niet meer: hij is geschrapt.\n"
        "\n"
        "Geschiedenis\n"
        "• 23 nov 2026: overgenomen uit het regelboek dat het huis al had\n"
        "• 30 nov 2026: geschrapt (besluit 2026-002)"
    ]
    book_text = (await rules.rules(h.carla, "/regels"))[0]
    assert "logeerregel" not in book_text and "3. Na 22:00 is het stil in huis." in book_text
    assert (await rules.rules(h.carla, "/regels logeerregel"))[0].split("\n")[1:] == [
        "1. Gasten mogen twee nachten per week blijven logeren. (Samen wonen)"
    ]


async def test_a_rejected_proposal_changes_nothing(rules: RuleHouse) -> None:
    h, bot, driver = rules.house, rules.bot, rules.bot.driver
    proposal = await propose_new_rule(rules, "Geen muziek in de gang.", "Zonder kopje")
    poll = (await driver.tap(h.bram, proposal, "🗳 Stemmen")).to(h.group)[0]
    await vote_all(rules, poll, "👎 Tegen")
    reply = await bot.advance(days=4)
    assert [m.text.split("\n")[1] for m in reply.to(h.group)] == ["❌ Niet aangenomen"]
    async with bot.database.transaction() as session:
        rule = session.scalars(select(Rule).where(Rule.text == "Geen muziek in de gang.")).one()
        assert (rule.state, rule.number) == (RuleState.REJECTED, None)
    assert "muziek" not in (await rules.rules(h.carla, "/regels"))[0]


async def test_without_quorum_the_proposal_waits_for_another_vote(rules: RuleHouse) -> None:
    h, bot, driver = rules.house, rules.bot, rules.bot.driver
    proposal = await propose_new_rule(rules, "Fietsen in de schuur.", "Zonder kopje")
    await driver.tap(h.bram, proposal, "🗳 Stemmen")
    await bot.advance(days=4)  # nobody voted: no decision, the subject goes to the meeting
    async with bot.database.transaction() as session:
        waiting = session.scalars(select(RuleProposal)).one()
        assert (waiting.state, waiting.poll_id) == (ProposalState.PROPOSED, None)
    book = (await driver.send(h.bram, "/regels")).last
    listing = (await driver.tap(h.bram, book, "🗳 Voorstellen (1)")).last
    shown = (await driver.tap(h.bram, listing, "Fietsen in de schuur.")).last
    reply = await driver.tap(h.bram, shown, "🗳 Stemmen")
    assert reply.to(h.group)[0].text.startswith("🗳 Nieuwe huisregel: Fietsen in de schuur.")


async def test_a_proposal_can_go_under_a_new_section_or_be_thrown_away(rules: RuleHouse) -> None:
    h, driver = rules.house, rules.bot.driver
    section = await propose_new_rule(rules, "Post gaat in het vakje.", "➕ Nieuw kopje")
    asked = rules.bot.tg.last_bot_message(h.bram)
    assert asked is not None and asked.text.startswith("Schrijf de naam van het nieuwe kopje")
    assert section.text == "Onder welk kopje hoort de regel?"
    proposal = (await driver.send(h.bram, "Post", reply_to=asked)).last
    assert proposal.text.startswith("🗳 Voorstel: nieuwe regel\nPost gaat in het vakje.\n(Post)")
    reply = await driver.tap(h.bram, proposal, "✖️ Weggooien")
    assert reply.to(h.group) == []
    assert proposal.text.endswith("✖️ Weggegooid. Er verandert niets.")
    async with rules.bot.database.transaction() as session:
        assert session.scalars(select(Rule).where(Rule.text.like("Post%"))).all() == []


async def test_only_residents_change_the_book(rules: RuleHouse) -> None:
    h, bot, driver = rules.house, rules.bot, rules.bot.driver
    chair_book = (await driver.send(h.bram, "/regels")).last
    data = bot.tg.all_buttons(chair_book)[0].callback_data
    assert data is not None
    eva = bot.tg.add_user("Eva")
    bot.tg.start_bot(eva)
    await set_member(bot.database, eva, MemberStatus.GUEST, private_chat=PrivateChat.OPEN)
    eva_book = (await driver.send(eva, "/regels")).last
    assert eva_book.buttons == []  # a guest reads the rules; the residents make them
    reply = await driver.tap_data(eva, eva_book, data)
    assert reply.popup == (
        "Alleen bewoners kunnen regels voorstellen. Wil je iets veranderen? "
        "Zet het op de agenda met /agenda."
    )
    # A change to a rule that already has a proposal waits for that one.
    asked = (await driver.tap(h.bram, chair_book, "🗑 Regel schrappen")).last
    await driver.send(h.bram, "2", reply_to=asked)
    asked = (await driver.tap(h.bram, chair_book, "✏️ Regel wijzigen")).last
    asked = (await driver.send(h.bram, "2", reply_to=asked)).last
    reply = await driver.send(h.bram, "Huisdieren mogen altijd.", reply_to=asked)
    assert reply.texts == [
        "Voor regel 2 is er al een voorstel. Zet dat eerst in stemming, of gooi het weg: "
        "/regels → 🗳 Voorstellen."
    ]
    waiting = (await driver.send(h.bram, "/regels")).last
    listing = (await driver.tap(h.bram, waiting, "🗳 Voorstellen (1)")).last
    shown = (await driver.tap(h.bram, listing, "2. Een huisdier")).last
    reply = await driver.tap(h.bram, shown, "🗳 Stemmen")
    poll = reply.to(h.group)[0]
    (manage,) = reply.to(h.bram)  # the chair's controls of the poll
    asked = (await driver.tap(h.bram, chair_book, "✏️ Regel wijzigen")).last
    asked = (await driver.send(h.bram, "2", reply_to=asked)).last
    reply = await driver.send(h.bram, "Huisdieren mogen altijd.", reply_to=asked)
    assert reply.texts == ["Over regel 2 loopt al een stemming. Wacht tot daarover besloten is."]
    # When the chair cancels that vote, the proposal waits for a vote again.
    asked = (await driver.tap(h.bram, manage, "🚫 Annuleren")).last
    await driver.send(h.bram, "Eerst bespreken", reply_to=asked)
    assert "🚫 Geannuleerd" in poll.text
    book = (await driver.send(h.bram, "/regels")).last
    assert "🗳 Voorstellen (1)" in [b.text for b in bot.tg.all_buttons(book)]


async def test_an_english_house_adopts_a_rule(bot: Bot) -> None:
    rule_house = await make_rule_house(bot, language="en")
    await add_rules(bot, ENGLISH_BOOK)
    h, driver = rule_house.house, bot.driver
    book = (await driver.send(h.bram, "/rules")).last
    asked = (await driver.tap(h.bram, book, "➕ New rule")).last
    assert asked.text == "➕ Write the new rule. Short and clear, in one or two sentences."
    section = (await driver.send(h.bram, "Bikes go in the shed.", reply_to=asked)).last
    await driver.tap(h.bram, section, "No heading")
    proposal = section
    poll = (await driver.tap(h.bram, proposal, "🗳 Vote: for or against")).to(h.group)[0]
    assert poll.text.startswith("🗳 New house rule: Bikes go in the shed.")
    await vote_all(rule_house, poll, "👍 For")
    reply = await bot.advance(days=4)
    assert reply.to(h.group)[1].text == (
        "📜 New house rule 4 (decision 2026-001):\nBikes go in the shed."
    )
    texts = await rule_house.rules(h.carla, "/rules 4")
    assert texts[0].endswith("History\n• 26 Nov 2026: adopted (decision 2026-001)")
