"""The container image, without a container engine (none runs on the test machine: `docker
info` finds no daemon, and Docker Hub is out of reach): the Dockerfile is read, and its own
commands — COPY, RUN, the HEALTHCHECK and the CMD — are played in a fresh virtual environment
in a fresh directory, as the image would run them."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
from pathlib import Path

from bot.clock import ManualClock
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.http import FakeTelegramServer

ROOT = Path(__file__).resolve().parent.parent


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def exec_form(arguments: str) -> list[str]:
    words = json.loads(arguments)
    assert isinstance(words, list) and all(isinstance(w, str) for w in words)
    return words


def test_the_dockerfile_is_small_and_runs_as_a_user() -> None:
    steps = instructions()
    assert steps[0][0] == "FROM" and steps[0][1].endswith("-slim")
    users = [args for word, args in steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert exec_form(dict(steps)["CMD"]) == ["huisbot", "run"]
    health = dict(steps)["HEALTHCHECK"]
    assert health.split(" CMD ")[1].strip() == '["huisbot", "check"]'
    # Only what the package needs goes in; .dockerignore keeps the rest (and .env) out.
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignored[1] == "*" or "*" in ignored
    copied = [args.split()[:-1] for word, args in steps if word == "COPY"]
    assert sorted(p for sources in copied for p in sources) == [
        "README.md",
        "bot",
        "locales",
        "pyproject.toml",
    ]


def test_the_images_commands_work_in_a_fresh_venv(tmp_path: Path) -> None:
    """COPY into a fresh /app, the RUN that installs the package (with the already installed
    dependencies visible, as no index is needed for them), then HEALTHCHECK and CMD."""
    steps = instructions()
    app = tmp_path / "app"
    app.mkdir()
    for word, args in steps:
        if word == "COPY":
            *sources, _dest = args.split()
            for source in sources:
                path = ROOT / source
                if path.is_dir():
                    shutil.copytree(
                        path, app / source, ignore=shutil.ignore_patterns("__pycache__")
                    )
                else:
                    shutil.copy(path, app / source)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    # The dependencies this test's environment has, without a download (a .pth file).
    site = next((venv / "lib").glob("python*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    for word, args in steps:
        if word == "ENV":
            for pair in shlex.split(args):
                name, _, value = pair.partition("=")
                env[name] = value
    runs = [args for word, args in steps if word == "RUN" and args.startswith("pip ")]
    assert runs == ["pip install -e /app"]
    command = shlex.split(runs[0].replace("/app", str(app)))
    installed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    huisbot = bin_dir / "huisbot"
    assert huisbot.exists()
    data = tmp_path / "data"  # WORKDIR /data
    data.mkdir()
    env["DATABASE_URL"] = f"sqlite:///{data / 'huisbot.db'}"
    world = FakeTelegram(clock=ManualClock(), bot_username="HuisBot")
    server = FakeTelegramServer(world)
    with server.running():
        env["TELEGRAM_BOT_TOKEN"] = world.token
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        upgrade = subprocess.run(
            [str(huisbot), "db", "upgrade"], cwd=data, env=env, capture_output=True, text=True
        )
        assert upgrade.returncode == 0, upgrade.stderr
        check_words = exec_form(dict(steps)["HEALTHCHECK"].split(" CMD ")[1])
        check = subprocess.run(
            [str(bin_dir / check_words[0]), *check_words[1:]],
            cwd=data,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert check.stdout.startswith("ok: sqlite database migrated, @HuisBot")
        cmd = exec_form(dict(steps)["CMD"])
        process = subprocess.Popen(
            [str(bin_dir / cmd[0]), *cmd[1:]],
            cwd=data,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        seen: list[str] = []
        try:
            assert process.stdout is not None
            for line in process.stdout:  # until it polls
                seen.append(line)
                if "Application started" in line:
                    break
        finally:
            process.send_signal(signal.SIGTERM)  # STOPSIGNAL
            rest, _ = process.communicate(timeout=60)
            output = "".join(seen) + rest
    assert "Application started" in output, output
    assert process.returncode == 0, output
    assert "Huisbot started as @HuisBot" in output
    # The code that ran is the copy in /app, with its text catalogs.
    where = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import bot, bot.i18n as i; print(bot.__file__, i.LOCALES_DIR)",
        ],
        cwd=data,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where == [str(app / "bot" / "__init__.py"), str(app / "locales")]
    assert (app / "locales" / "nl" / "LC_MESSAGES" / "huisbot.po").exists()
