"""Check-in: care without alarm (issue 16). "Niet zo goed" and "Slecht" both offer a chosen
person; 113/112 only come with the lowest answer, gently, after the people; the messages come
in one clear order: the answer with the offer (in place of the question), the note's step, the
note's question — in Dutch and in English."""

from __future__ import annotations

import pytest

from tests.conftest import Bot
from tests.test_checkins import make_round

C = {
    "nl": {
        "low": "😕 Niet zo goed",
        "lowest": "😞 Slecht",
        "middle": "😐 Gaat wel",
        "offer": "💛 Fijn dat je het laat weten.\nWil je met iemand praten? Ik kan iemand "
        "vragen om contact met je op te nemen. Dat doe ik alleen als jij op een knop tikt.",
        "confidant": "💬 Vraag Petra (vertrouwenspersoon)",
        "support": "Is het heel zwaar? Je hoeft het niet alleen te dragen.\n📞 Praten kan "
        "altijd, ook 's nachts: 113 Zelfmoordpreventie, bel 0800-0113 (gratis) of chat op "
        "113.nl\nIs er nu gevaar? Bel 112.",
        "note_step": "Wil je er iets bij zeggen? Typ een korte zin als antwoord op mijn "
        "volgende bericht.\nLiever niet? Tik op Geen notitie.",
        "note": "✍️ Je notitie, kort (mag ook niet):",
        "asked": "Hoe gaat het met je? {level}",
    },
    "en": {
        "low": "😕 Not so good",
        "lowest": "😞 Bad",
        "middle": "😐 Okay",
        "offer": "💛 Good that you let us know.\nWould you like to talk to someone? I can ask "
        "someone to get in touch with you. I only do that if you tap a button.",
        "confidant": "💬 Ask Petra (confidant)",
        "support": "Is it very hard right now? You don't have to carry it alone.\n📞 You can "
        "always talk, also at night: 113 Zelfmoordpreventie (suicide prevention), call "
        "0800-0113 (free) or chat at 113.nl\nIs there danger right now? Call 112.",
        "note_step": "Would you like to add something? Type a short sentence as a reply to my "
        "next message.\nRather not? Tap No note.",
        "note": "✍️ Your note, short (optional):",
        "asked": "How are you? {level}",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_person_for_both_low_answers_the_numbers_only_for_the_lowest(
    bot: Bot, language: str
) -> None:
    c = C[language]
    r = await make_round(bot, language)
    h, driver = r.voting.house, bot.driver

    # "Niet zo goed": a person, no numbers; then the note's step, then its question.
    question = r.question(h.carla)
    reply = await driver.tap(h.carla, question, c["low"])
    assert question.text == c["asked"].format(level=c["low"]) + "\n\n" + c["offer"]
    assert [b.text for b in bot.tg.all_buttons(question)] == [c["confidant"]]
    assert [m.text for m in reply.sent] == [c["note_step"], c["note"]]
    assert "113" not in question.text and "112" not in question.text

    # "Slecht": the same person first, then the numbers, gently.
    question = r.question(h.bram)
    reply = await driver.tap(h.bram, question, c["lowest"])
    assert question.text == (
        c["asked"].format(level=c["lowest"]) + "\n\n" + c["offer"] + "\n\n" + c["support"]
    )
    assert [b.text for b in bot.tg.all_buttons(question)] == [c["confidant"]]
    assert [m.text for m in reply.sent] == [c["note_step"], c["note"]]

    # A middle answer: no offer at all, the note's question only.
    reply = await driver.tap(r.eva, r.question(r.eva), c["middle"])
    assert [m.text for m in reply.sent] == [c["note"]]
    assert "113" not in r.question(r.eva).text

    # Nobody else hears of any of it.
    for other in (r.petra, h.group):
        assert all("113" not in m.text for m in bot.tg.messages(other))
