"""Settings are typed and validated; the command line explains problems in one line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.cli import main
from bot.logs import RedactToken
from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "DATABASE_URL",
        "DEFAULT_LANGUAGE",
        "DEFAULT_TIMEZONE",
        "LOG_LEVEL",
        "LOG_FORMAT",
        "MODE",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "WEBHOOK_LISTEN",
        "WEBHOOK_PORT",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings(None)
    assert settings.database_url == "sqlite:///huisbot.db"
    assert settings.default_language == "nl"
    assert settings.default_timezone == "Europe/Amsterdam"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("TELEGRAM_API_BASE_URL", "ftp://example"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_a_bad_value_gives_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as error:
        load_settings(None)
    message = str(error.value)
    assert message.startswith(f"Setting {key} is invalid:")
    assert "\n" not in message


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEFAULT_LANGUAGE=en\nTELEGRAM_BOT_TOKEN=123:abc\n")
    settings = load_settings()
    assert settings.default_language == "en"
    assert settings.token() == "123:abc"


def test_run_without_token_exits_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err


def test_run_with_a_bad_setting_exits_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Nowhere/Land")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "huisbot: Setting DEFAULT_TIMEZONE is invalid: "
        "not a known time zone (example: Europe/Amsterdam)"
    )


def test_outdated_postgres_schema_is_refused_with_the_fix(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('0000')")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert main(["run"]) == 2
    assert "huisbot db upgrade" in capsys.readouterr().err


def test_db_upgrade_creates_the_schema(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bot.storage.db import Database, SchemaState

    url = f"sqlite:///{tmp_path / 'new.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    assert Database(url).schema_state() == SchemaState.CURRENT


def test_the_token_never_reaches_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    token = "123456:SECRET-abc"
    logger = logging.getLogger("test.redact")
    handler = caplog.handler
    handler.addFilter(RedactToken(token))
    logger.warning("POST https://api.telegram.org/bot%s/getMe", token)
    assert token not in caplog.text
    assert "<secret>" in caplog.text


def test_python_m_bot_alone_means_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_an_empty_sqlite_file_is_set_up_by_run_itself(tmp_path: Path) -> None:
    from bot.cli import prepare_database
    from bot.storage.db import SchemaState

    settings = load_settings(None, database_url=f"sqlite:///{tmp_path / 'fresh.db'}")
    assert prepare_database(settings).schema_state() == SchemaState.CURRENT


def test_the_application_talks_to_the_configured_api_server() -> None:
    from bot.app import build_application

    settings = load_settings(
        None, telegram_bot_token="123:abc", telegram_api_base_url="http://127.0.0.1:8081/bot"
    )
    app = build_application(settings)
    assert app.bot.base_url == "http://127.0.0.1:8081/bot123:abc"
    assert app.bot.defaults is not None and app.bot.defaults.parse_mode == "HTML"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MODE": "webhook"}, "Settings are incomplete: WEBHOOK_URL is needed when MODE=webhook"),
        (
            {"MODE": "webhook", "WEBHOOK_URL": "https://bot.example.org/hook"},
            "Settings are incomplete: WEBHOOK_SECRET is needed when MODE=webhook",
        ),
        ({"WEBHOOK_URL": "http://insecure"}, "Setting WEBHOOK_URL is invalid:"),
        ({"WEBHOOK_SECRET": "short"}, "Setting WEBHOOK_SECRET is invalid:"),
        ({"WEBHOOK_PORT": "99999"}, "Setting WEBHOOK_PORT is invalid:"),
        ({"MODE": "carrier-pigeon"}, "Setting MODE is invalid:"),
    ],
)
def test_webhook_settings_are_checked(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as error:
        load_settings(None)
    assert str(error.value).startswith(message)
