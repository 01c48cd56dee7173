"""`huisbot console`: the offline simulator, driven by a script like a newcomer would type."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import bot.console
from bot.cli import main

PROMPT = re.compile(r"^([a-z]+)@([^>]+)> (.*)$")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in ("DATABASE_URL", "DEFAULT_LANGUAGE", "DEFAULT_TIMEZONE", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)


class Transcript:
    """The console's output cut at each prompt: what came before the first prompt, and per
    echoed input line the prompt and the output that followed it."""

    def __init__(self, out: str) -> None:
        self.intro: list[str] = []
        self.steps: list[tuple[str, str, list[str]]] = []  # (prompt, typed, output lines)
        for line in out.splitlines():
            match = PROMPT.match(line)
            if match:
                who, where, typed = match.groups()
                self.steps.append((f"{who}@{where}", typed, []))
            elif self.steps:
                self.steps[-1][2].append(line)
            else:
                self.intro.append(line)

    def after(self, prompt: str, typed: str, nth: int = 1) -> str:
        """The output after the nth time `typed` was entered at `prompt`."""
        found = [out for p, t, out in self.steps if (p, t) == (prompt, typed)]
        assert len(found) >= nth, f"{prompt}> {typed} (#{nth}) not in {self.steps!r}"
        return "\n".join(found[nth - 1])


def run_script(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], *options: str
) -> Transcript:
    script = tmp_path / "script.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["console", "--script", str(script), *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    return Transcript(out)


def test_a_newcomer_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = run_script(
        tmp_path,
        capsys,
        [
            ":as bram",
            "/hulp",
            ":tap 1",
            "/hulp",  # the card again: the newest buttons are now "✅ Klopt, woont hier"
            ":tap 2",
            "/taal",
            ":tap 2",
            ":as anna",
            ":group",
            "/leden",
            ":foo",
            "/hulp",
        ],
        "--ready",
    )
    # Start-up: the bot is added to De Boog (greeting) and Anna has run /setup (settings).
    intro = "\n".join(transcript.intro)
    assert "» Anna adds the bot to De Boog" in intro
    assert "[De Boog #2] Hallo allemaal! 👋 Ik ben Huisbot" in intro
    setup = transcript.after("anna@De Boog", "/setup")
    assert "[De Boog #4] ✅ De Boog is aangemeld. Welkom!" in setup
    assert "Instellingen van De Boog" in setup
    assert "🕒 Tijdzone: Europe/Amsterdam" in setup
    assert "[5.1] ✏️ Naam  [5.2] 🕒 Tijdzone" in setup

    assert "Bram" in transcript.after("anna@De Boog", ":as bram")

    help_text = transcript.after("bram@De Boog", "/hulp")
    assert "[De Boog #8] Ik ben Huisbot, de hulp van dit huis." in help_text
    assert "• /leden – wie hoort bij het huis" in help_text
    assert "[8.1] 🏠 Ik woon hier" in help_text
    assert "[8.2] 💬 Privéchat <https://t.me/HuisBot?start=" in help_text

    resident = transcript.after("bram@De Boog", ":tap 1")
    assert "(popup) ✅ Je staat nu als bewoner in de lijst van De Boog." in resident
    assert "[De Boog #9] 🏠 Bram zegt: ik woon hier." in resident

    linked = transcript.after("bram@De Boog", ":tap 2")
    assert "/start " in linked
    assert "] Hoi Bram! 👋 Leuk dat je er bent." in linked
    assert "Je hoort nu bij De Boog." in linked

    # The deep link moved the console to Bram's private chat.
    choose = transcript.after("bram@privé", "/taal")
    assert "[privé Bram #4] In welke taal wil je berichten van mij krijgen?" in choose
    assert "[4.1] ✓ Nederlands" in choose
    assert "[4.2] English" in choose
    english = transcript.after("bram@privé", ":tap 2")
    assert "[privé Bram #4] (bewerkt) ✅ I now speak English with you." in english
    assert "(popup) ✅ I now speak English with you." in english

    members = transcript.after("anna@De Boog", "/leden")
    assert "] Leden van De Boog" in members
    residents = members.split("🏠 Bewoners", 1)[1].split("\n\n", 1)[0]
    assert "• Bram" in residents

    unknown = transcript.after("anna@De Boog", ":foo")
    assert "Unknown console command :foo" in unknown
    assert ":tap" in unknown
    # ... and the console carries on.
    again = transcript.after("anna@De Boog", "/hulp")
    assert "] Ik ben Huisbot, de hulp van dit huis." in again


def test_answers_questions_and_moves_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = run_script(
        tmp_path,
        capsys,
        [
            ":tap Naam",
            "/setup",
            ":tap Naam",
            "Het Nest",
            "gewoon een bericht",
            ":who",
            ":wait 3d",
            ":wait soon",
            ":private",
            "/start",
            ":quit",
            "/hulp",
        ],
    )
    # The console starts with the bot just added: the residents type /setup themselves.
    assert "Next, a group admin (Anna) types /setup in the group." in transcript.intro
    assert "(no message with buttons here)" in transcript.after("anna@De Boog", ":tap Naam")
    question = transcript.after("anna@De Boog", ":tap Naam", nth=2)
    assert "] Anna, hoe heet het huis? Antwoord op dit bericht." in question
    # The line after the bot's question is sent as a reply to it, as a Telegram client does.
    assert "✅ Het huis heet nu Het Nest." in transcript.after("anna@De Boog", "Het Nest")
    # Privacy mode: the bot does not see a plain group message.
    assert "does not see" in transcript.after("anna@De Boog", "gewoon een bericht")
    who = transcript.after("anna@De Boog", ":who")
    assert "Anna: De Boog (group admin)" in who
    assert "Carla de Vries" in who
    assert "time passes" in transcript.after("anna@De Boog", ":wait 3d")
    assert ":wait 2h" in transcript.after("anna@De Boog", ":wait soon")
    assert "] Hoi Anna! 👋" in transcript.after("anna@privé", "/start")
    # :quit stops before the last line.
    assert [typed for _, typed, _ in transcript.steps][-1] == ":quit"


def test_piped_input_is_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    code = bot.console.run_console(stdin=io.StringIO("/hulp\n"), stdout=out, ready=True)
    assert code == 0
    transcript = Transcript(out.getvalue())
    assert ".1] 🏠 Ik woon hier" in transcript.after("anna@De Boog", "/hulp")


def test_without_the_fake_it_explains_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bot.console, "repo_root", lambda: tmp_path)
    assert main(["console"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "huisbot console needs the source checkout (tests/fake_telegram); "
        "install with pip install -e ."
    ]


def test_an_unreadable_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["console", "--script", str(tmp_path / "missing.txt")]) == 2
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1
    assert "missing.txt" in err
