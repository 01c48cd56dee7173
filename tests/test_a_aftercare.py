"""Moving out, aftercare and buddies without dead ends (issue 16): `/verhuizen` asks first and
the group reads one message (also after a restart, when nobody answered); `/nazorg` says what
the person chose, in both states; a resident may ask the aftercare group for help, once a day,
and hears privately who helps — in Dutch and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import Bot, start_bot
from tests.test_aftercare import make_aftercare

N = {
    "nl": {
        "mine_on": "🤝 Nazorg van De Boog\n🔔 Elke maand vraag ik hoe het met je gaat.",
        "off": "🔕 Niet meer elke maand vragen",
        "on": "🔔 Elke maand vragen hoe het gaat",
        "mine_off": (
            "🤝 Nazorg van De Boog\n🔕 Je hebt gekozen: niet elke maand vragen hoe het gaat."
        ),
        "no_group": (
            "🤝 Nazorg van De Boog\n🔔 Je wilt elke maand de vraag hoe het gaat. Die vraag begint "
            "als er een nazorggroep is.\n\n"
            "Er is nog geen nazorggroep. De voorzitter kan er een maken."
        ),
        "help": "/nazorg hulp",
        "posted": "✅ Je vraag staat in de nazorggroep. Ik laat je privé weten wie er helpt.",
        "one_a_day": "Je hebt vandaag al een hulpvraag gesteld. Morgen kan het weer.",
        "button": "🙋 Ik help",
        "thanks": "💛 Dank je! Ik laat het Carla weten.",
        "offered": "🙋 Fien wil helpen met: Wie tilt er mee?\nTot nu toe: Fien",
    },
    "en": {
        "mine_on": "🤝 Aftercare of De Boog\n🔔 Every month I ask how you are.",
        "off": "🔕 Stop the monthly question",
        "on": "🔔 Ask me every month how I am",
        "mine_off": "🤝 Aftercare of De Boog\n🔕 You chose: no monthly question how you are.",
        "no_group": (
            "🤝 Aftercare of De Boog\n🔔 You want the monthly question how you are. It starts "
            "once there is an aftercare group.\n\n"
            "There is no aftercare group yet. The chair can make one."
        ),
        "help": "/aftercare help",
        "posted": (
            "✅ Your question is in the aftercare group. I'll tell you privately who offers help."
        ),
        "one_a_day": "You already asked for help today. You can ask again tomorrow.",
        "button": "🙋 I'll help",
        "thanks": "💛 Thank you! I'll let Carla know.",
        "offered": "🙋 Fien would like to help with: Wie tilt er mee?\nSo far: Fien",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_aftercare_says_what_the_person_chose_in_both_states(bot: Bot, language: str) -> None:
    care = await make_aftercare(bot, language)
    fien, w, n = care.fien, care.w, N[language]
    mine = (await care.private(fien, w["aftercare"])).last
    assert mine.text == n["mine_on"]
    await care.tap(fien, mine, n["off"])
    assert mine.text == n["mine_off"]  # not "every month: no" in both states
    await care.tap(fien, mine, n["on"])
    assert mine.text == n["mine_on"]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_without_an_aftercare_group_the_monthly_question_waits_for_it(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language, link=False)
    mine = (await care.private(care.fien, care.w["aftercare"])).last
    assert mine.text == N[language]["no_group"]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_a_resident_asks_the_aftercare_group_for_help_once_a_day(
    bot: Bot, language: str
) -> None:
    care = await make_aftercare(bot, language)
    h, n, fien = care.house, N[language], care.fien
    reply = await care.group(h.carla, f"{n['help']} Wie tilt er mee?")
    assert [m.text for m in reply.to(h.group)] == [n["posted"]]
    [posted] = reply.to(care.nazorg)
    assert "Carla" not in posted.text  # the group does not read who asked
    reply = await care.group(h.carla, f"{n['help']} Nog een vraag?")
    assert reply.texts == [n["one_a_day"]] and reply.to(care.nazorg) == []

    reply = await bot.driver.tap(fien, posted, n["button"])
    assert reply.popup == n["thanks"]
    assert [m.text for m in reply.to(h.carla)] == [n["offered"]]  # to her, not to the chair
    assert reply.to(h.bram) == []

    await bot.advance(days=1)
    reply = await care.group(h.carla, f"{n['help']} Nog een vraag?")
    assert [m.text for m in reply.to(h.group)] == [n["posted"]]


async def test_a_move_nobody_answered_is_told_to_the_group_once_after_a_restart(bot: Bot) -> None:
    care = await make_aftercare(bot)
    tg, h, w = bot.tg, care.house, care.w
    question = (await care.private(care.dirk, w["moveout"])).last
    reply = await care.tap(care.dirk, question, w["yes"])
    assert reply.to(h.group) == []
    await bot.driver.stop()
    bot.clock.set(bot.clock.now() + timedelta(days=2))  # down while the day went by
    restarted = await start_bot(tg, bot.clock, bot.database, bot.time)
    try:
        told = [m for m in tg.messages(h.group) if "Dirk is verhuisd" in m.text]
        assert [m.text for m in told] == [
            "🏡 Dirk is verhuisd en is nu oud-bewoner (was: bewoner)."
        ]
        reply = await restarted.advance(days=2)
        assert reply.to(h.group) == []
        # His late "yes, a goodbye" still brings the goodbye, alone.
        reply = await restarted.driver.tap(care.dirk, question, w["goodbye_yes"])
        assert [m.text for m in reply.to(h.group)] == [
            "👋 Leuk dat je er was, Dirk! Veel geluk in je nieuwe huis. Kom gerust eens langs. 💛"
        ]
    finally:
        await restarted.driver.stop()
