"""`huisbot console`: a test per console command added for issue 16 (scripted input, the
printed output checked), and the start without /setup."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import bot.console
from tests.test_console import Transcript, clean_env, run_script

__all__ = ["clean_env"]  # the autouse fixture: no settings from the environment


def test_it_starts_with_the_bot_just_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = run_script(tmp_path, capsys, ["/setup"])
    intro = "\n".join(transcript.intro)
    assert "» Anna adds the bot to De Boog" in intro
    assert "Next, a group admin (Anna) types /setup in the group." in intro
    assert "aangemeld" not in intro  # nothing was set up by itself
    setup = transcript.after("anna@De Boog", "/setup")
    assert "[De Boog #4] ✅ De Boog is aangemeld. Welkom!" in setup


def test_tap_by_message_and_button_number_or_by_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = run_script(
        tmp_path,
        capsys,
        [":tap 5.9", ":tap 2.1", ":tap ", ":tap NAAM", ":tap 5.2", ":tap europe", ":tap 5.1"],
        "--ready",
    )
    assert "(message #5 has buttons 5.1 to 5.6)" in transcript.after("anna@De Boog", ":tap 5.9")
    assert "(no message #2 with buttons here)" in transcript.after("anna@De Boog", ":tap 2.1")
    assert "tap which button?" in transcript.after("anna@De Boog", ":tap ")
    # The label is found in the settings (#5) though the house card (#6) is newer.
    named = transcript.after("anna@De Boog", ":tap NAAM")
    assert "Anna, hoe heet het huis?" in named
    zones = transcript.after("anna@De Boog", ":tap 5.2")
    assert "[De Boog #5] (bewerkt) In welke tijdzone ligt het huis?" in zones
    assert "[5.2] Europe/Brussels" in zones
    several = transcript.after("anna@De Boog", ":tap europe")
    assert "several buttons match 'europe'" in several
    assert "[5.1] ✓ Europe/Amsterdam" in several
    assert "(popup)" in transcript.after("anna@De Boog", ":tap 5.1")


def test_paste_sends_the_lines_as_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = run_script(
        tmp_path,
        capsys,
        [":tap naam", ":paste", "De Nieuwe", "Boog", ".", ":paste", ".", "/hulp"],
        "--ready",
    )
    pasted = transcript.after("anna@De Boog", ":paste")
    assert "... De Nieuwe\n... Boog\n... ." in pasted
    # One message, the answer to the bot's question: one answer.
    assert pasted.count("✅ Het huis heet nu") == 1
    assert "✅ Het huis heet nu De Nieuwe Boog." in pasted
    assert "(nothing to send)" in transcript.after("anna@De Boog", ":paste", nth=2)
    assert "Ik ben Huisbot" in transcript.after("anna@De Boog", "/hulp")


def test_send_a_file_and_see_the_files_the_bot_sends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.console.tempfile, "tempdir", str(tmp_path))
    rules = tmp_path / "regels.txt"
    rules.write_text("Geen honden in de keuken.\n", encoding="utf-8")
    transcript = run_script(
        tmp_path,
        capsys,
        [
            ":private",
            f":send {rules} /regels importeren",
            f":send {tmp_path / 'missing.txt'}",
            ":send",
            "/mijngegevens",
        ],
        "--ready",
    )
    sent = transcript.after("anna@privé", f":send {rules} /regels importeren")
    assert "(Anna sends the file regels.txt, 26 bytes)" in sent
    assert "[privé Anna #2] " in sent  # the bot read it and answered
    assert "cannot read" in transcript.after("anna@privé", f":send {tmp_path / 'missing.txt'}")
    assert "send which file?" in transcript.after("anna@privé", ":send")
    data = transcript.after("anna@privé", "/mijngegevens")
    found = re.search(r"\(document saved as (\S+)\)", data)
    assert found is not None, data
    saved = Path(found.group(1))
    assert saved.parent.parent == tmp_path
    assert json.loads(saved.read_text(encoding="utf-8"))  # what the bot sent, readable


def test_admin_and_join_through_the_invite_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = run_script(
        tmp_path,
        capsys,
        [
            ":join Dirk",
            ":as bram",
            ":admin",
            ":as anna",
            ":admin",
            ":admin",
            ":tap uitnodigingslink",
            ":join Eva",
            ":join eva",
            ":join 42",
            ":private",
            ":join Fien",
            ":who",
            ":as eva",
            "/hulp",
        ],
        "--ready",
    )
    # Without an invite link of the bot's, a newcomer comes in through the group's own link.
    direct = transcript.after("anna@De Boog", ":join Dirk")
    assert "» Dirk joins De Boog through the group's own link" in direct
    assert "(Dirk is in De Boog now; :as dirk to type as Dirk)" in direct
    refused = transcript.after("bram@De Boog", ":admin")
    assert "only a group admin can do that; in De Boog: Anna" in refused
    assert "» Anna makes the bot an admin of De Boog" in transcript.after("anna@De Boog", ":admin")
    assert "already" in transcript.after("anna@De Boog", ":admin", nth=2)
    link = transcript.after("anna@De Boog", ":tap uitnodigingslink")
    assert "🔗 Uitnodigingslink: https://t.me/+" in link
    joined = transcript.after("anna@De Boog", ":join Eva")
    assert "» Eva asks to join De Boog through the invite link" in joined
    assert "[privé Eva #1] " in joined  # the bot saw the request and wrote to Eva
    # Let in by the bot, or waiting for the house (admission is the house's to decide).
    assert "(Eva is in De Boog now; :as eva to type as Eva)" in joined or "waits" in joined
    again = transcript.after("anna@De Boog", ":join eva")
    assert "(Eva is in De Boog already)" in again or "asks to join" in again
    assert "join who?" in transcript.after("anna@De Boog", ":join 42")
    assert ":join works in a group" in transcript.after("anna@privé", ":join Fien")
    who = transcript.after("anna@privé", ":who")
    assert "  Eva: " in who
    assert "Groups: De Boog (the bot is an admin)." in who
    assert "[privé Eva #" in transcript.after("eva@privé", "/hulp")


def test_a_second_group_for_aftercare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = run_script(
        tmp_path,
        capsys,
        [
            ":group Nazorg",
            ":admin",
            "/setup nazorg",
            ":join bram",
            ":as carla",
            ":tap 1",
            "hallo",
            ":as anna",
            ":group de boog",
            ":who",
        ],
        "--ready",
    )
    made = transcript.after("anna@De Boog", ":group Nazorg")
    assert "» Anna makes the group Nazorg and adds the bot" in made
    assert "[Nazorg #2] Hallo allemaal!" in made
    assert "» Anna makes the bot an admin of Nazorg" in transcript.after("anna@Nazorg", ":admin")
    linked = transcript.after("anna@Nazorg", "/setup nazorg")
    assert "[Nazorg #4] 🤝 Dit is nu de nazorggroep van De Boog." in linked
    assert "Anna heeft de nazorggroep met het huis verbonden." in linked  # in De Boog
    # Bram lives in the house: the aftercare group's link does not let him in.
    asked = transcript.after("anna@Nazorg", ":join bram")
    assert "» Bram asks to join Nazorg through the invite link" in asked
    assert "(Bram is not in Nazorg: the request was turned down)" in asked
    # Carla is not in the aftercare group: she cannot tap or write there.
    assert "(Carla is not in Nazorg; :join first)" in transcript.after("carla@Nazorg", ":tap 1")
    assert "(Carla is not in Nazorg; :join first)" in transcript.after("carla@Nazorg", "hallo")
    assert "(you are Anna, in De Boog)" in transcript.after("anna@Nazorg", ":group de boog")
    who = transcript.after("anna@De Boog", ":who")
    assert "  Anna: De Boog (group admin), Nazorg (group admin)  <- you" in who
    assert "Groups: De Boog (the bot is a member), Nazorg (the bot is an admin)." in who


def test_time_passes_by_itself_after_each_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the bot does seconds after an input (a coalesced edit of a vote count) shows
    without :wait; here a job due 3 seconds after start-up stands for it."""
    start_world = bot.console.start_world

    def with_a_job(fake: Any, database: Any) -> tuple[bot.console.World, Any]:
        world, application = start_world(fake, database)

        async def later() -> None:
            await application.bot.send_message(world.group.id, "Even later bijgewerkt")

        world.scheduler.at("test-later", world.clock.now() + timedelta(seconds=3), later)
        return world, application

    monkeypatch.setattr(bot.console, "start_world", with_a_job)
    transcript = run_script(tmp_path, capsys, ["/hulp", "/hulp"])
    first = transcript.after("anna@De Boog", "/hulp")
    assert "(a few seconds later)\n[De Boog #5] Even later bijgewerkt" in first
    assert "a few seconds later" not in transcript.after("anna@De Boog", "/hulp", nth=2)


def test_help_names_every_console_command() -> None:
    for command in (":tap 3.2", ":paste", ":send FILE", ":admin", ":join NAME", ":group NAME"):
        assert command in bot.console.HELP
    transcript = Transcript("anna@De Boog> :help\n" + bot.console.HELP)
    assert "5 seconds" in transcript.after("anna@De Boog", ":help")


def test_paste_from_piped_input_ends_at_the_end_of_input() -> None:
    out = io.StringIO()
    typed = ":tap naam\n:paste\nHet\nNest\n"  # no line with a dot: the end of input ends it
    assert bot.console.run_console(stdin=io.StringIO(typed), stdout=out, ready=True) == 0
    pasted = Transcript(out.getvalue()).after("anna@De Boog", ":paste")
    assert "... Het\n... Nest\n... " in pasted
    assert "✅ Het huis heet nu Het Nest." in pasted


def test_tapping_an_invite_link_asks_to_join_that_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A button with a group's invite link (as the bot sends one to someone moving out) is a
    join request when tapped; here a job sends Bram the aftercare group's link."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    start_world = bot.console.start_world

    def with_a_job(fake: Any, database: Any) -> tuple[bot.console.World, Any]:
        world, application = start_world(fake, database)
        bram = world.people["bram"]

        async def invite() -> None:
            group = world.groups[-1]
            link = world.tg.invite_links(group)[-1]["invite_link"]
            button = InlineKeyboardButton("Naar de groep", url=link)
            markup = InlineKeyboardMarkup([[button]])
            await application.bot.send_message(bram.id, "Kom erbij", reply_markup=markup)

        world.scheduler.at("test-invite", world.clock.now() + timedelta(hours=1), invite)
        return world, application

    monkeypatch.setattr(bot.console, "start_world", with_a_job)
    transcript = run_script(
        tmp_path,
        capsys,
        [
            ":as bram",
            ":private",
            "/start",
            ":as anna",
            ":group Nazorg",
            ":admin",
            "/setup nazorg",
            ":wait 1h",
            ":as bram",
            ":private",
            ":tap groep",
        ],
        "--ready",
    )
    sent = transcript.after("anna@Nazorg", ":wait 1h")
    assert "Kom erbij\n[" in sent and ".1] Naar de groep <https://t.me/+" in sent
    tapped = transcript.after("bram@privé", ":tap groep")
    assert "(the link asks to join Nazorg)" in tapped
    assert "» Bram asks to join Nazorg through the invite link" in tapped
    assert "(Bram is not in Nazorg: the request was turned down)" in tapped  # he lives here
