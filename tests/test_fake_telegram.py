"""Tests of the fake Telegram Bot API itself, driving a tiny PTB application (not Huisbot)."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.clock import ManualClock
from tests.fake_telegram import (
    BotCall,
    Driver,
    FakeChat,
    FakeMessage,
    FakeTelegram,
    FakeUser,
    HtmlParseError,
    Reply,
    Spec,
    SpecViolation,
    escape,
    parse_html,
)

Ctx = ContextTypes.DEFAULT_TYPE

# ---------------------------------------------------------------- the tiny bot under test

YES_NO = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="ans:ja"),
            InlineKeyboardButton("Nee", callback_data="ans:nee"),
        ],
        [InlineKeyboardButton("Meer info", url="https://example.org/info")],
        [
            InlineKeyboardButton("Alarm", callback_data="alert"),
            InlineKeyboardButton("Stil", callback_data="silent"),
        ],
    ]
)


def log(context: Ctx, key: str, value: Any) -> None:
    context.bot_data.setdefault(key, []).append(value)


async def start(update: Update, context: Ctx) -> None:
    assert update.effective_chat and update.effective_user
    name = escape(update.effective_user.first_name)
    await update.effective_chat.send_message(f"Welkom, <b>{name}</b>!", reply_markup=YES_NO)


async def echo_command(update: Update, context: Ctx) -> None:
    assert update.effective_message
    text = escape(" ".join(context.args or [])) or "leeg"
    await update.effective_message.reply_text(text, do_quote=True)


async def raw_command(update: Update, context: Ctx) -> None:
    """Forgets to escape user input: the fake must refuse it like Telegram does."""
    assert update.effective_chat
    try:
        await update.effective_chat.send_message("<b>" + " ".join(context.args or []) + "</b>")
    except BadRequest as err:
        log(context, "errors", err.message)


async def boom(update: Update, context: Ctx) -> None:
    raise RuntimeError("kapot")


async def echo_text(update: Update, context: Ctx) -> None:
    assert update.effective_message and update.effective_message.text is not None
    log(context, "seen", update.effective_message.text)
    if update.effective_chat and update.effective_chat.type == "private":
        await update.effective_message.reply_text(
            "Je zei: " + escape(update.effective_message.text)
        )


async def on_button(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if query.data == "silent":
        return  # forgets to answer
    if query.data == "alert":
        await query.answer("Let op!", show_alert=True)
        return
    if query.data.startswith("ans:"):
        await query.answer("Opgeslagen")
        await query.edit_message_text(f"Gekozen: <i>{query.data[4:]}</i>")
        return
    await query.answer("Onbekende knop")
    try:
        await query.answer("nog een keer")
    except BadRequest as err:
        log(context, "errors", err.message)


async def on_my_chat_member(update: Update, context: Ctx) -> None:
    change = update.my_chat_member
    assert change is not None
    log(context, "my_status", (change.old_chat_member.status, change.new_chat_member.status))
    if change.new_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR):
        await context.bot.send_message(change.chat.id, "Hallo groep")


async def on_chat_member(update: Update, context: Ctx) -> None:
    change = update.chat_member
    assert change is not None
    log(context, "member_status", (change.new_chat_member.user.id, change.new_chat_member.status))


async def on_new_members(update: Update, context: Ctx) -> None:
    message = update.effective_message
    assert message is not None
    for user in message.new_chat_members:
        if user.id != context.bot.id:
            await message.chat.send_message(f"Welkom {escape(user.first_name)}")


async def on_migrate(update: Update, context: Ctx) -> None:
    message = update.effective_message
    assert message is not None
    log(context, "migrations", (message.migrate_to_chat_id, message.migrate_from_chat_id))


async def on_join_request(update: Update, context: Ctx) -> None:
    request = update.chat_join_request
    assert request is not None
    log(context, "join_requests", request.from_user.id)
    await context.bot.send_message(request.user_chat_id, "We bekijken je verzoek")


def build_app(tg: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        ApplicationBuilder()
        .token(tg.token)
        .request(tg.request())
        .get_updates_request(tg.request())
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("echo", echo_command))
    app.add_handler(CommandHandler("raw", raw_command))
    app.add_handler(CommandHandler("boom", boom))
    app.add_handler(MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, on_new_members))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo_text))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(ChatMemberHandler(on_chat_member, ChatMemberHandler.CHAT_MEMBER))
    app.add_handler(ChatJoinRequestHandler(on_join_request))
    return app


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def tg(clock: ManualClock) -> FakeTelegram:
    return FakeTelegram(clock=clock, bot_username="HuisBot", bot_id=777000)


@pytest.fixture
async def driver(tg: FakeTelegram) -> AsyncIterator[Driver]:
    drv = Driver(tg, build_app(tg))
    await drv.start()
    yield drv
    await drv.stop()
    tg.assert_clean()  # tests that provoke violations on purpose clear them


@pytest.fixture
def anna(tg: FakeTelegram) -> FakeUser:
    return tg.add_user("Anna", username="anna")


@pytest.fixture
def bram(tg: FakeTelegram) -> FakeUser:
    return tg.add_user("Bram", last_name="de Vries", username="bram")


@pytest.fixture
def group(tg: FakeTelegram, anna: FakeUser, bram: FakeUser) -> FakeChat:
    return tg.add_group("De Boog", members=[anna, bram], admins=[anna])


def bot_of(driver: Driver) -> Any:
    return driver.application.bot


def data(driver: Driver, key: str) -> list[Any]:
    return list(driver.application.bot_data.get(key, []))


# ---------------------------------------------------------------- world basics


def test_world_ids_and_chats(tg: FakeTelegram, anna: FakeUser, bram: FakeUser) -> None:
    assert (anna.id, bram.id) == (1001, 1002)
    assert tg.token.startswith("777000:")
    assert tg.private_chat(anna).id == anna.id
    assert tg.private_chat(anna).type == "private"
    group = tg.add_group("De Boog", members=[anna], admins=[bram])
    other = tg.add_group("Zolder", members=[anna])
    assert group.id < 0 and other.id < 0 and group.id != other.id
    assert group.type == "group"
    assert set(group.members) == {anna.id, bram.id}  # admins are members too
    assert tg.bot_user.is_bot and tg.bot_user.username == "HuisBot"


async def test_start_calls_get_me(driver: Driver, tg: FakeTelegram) -> None:
    assert tg.calls[0].method == "getMe"
    me = tg.calls[0].result
    assert me["is_bot"] is True and me["username"] == "HuisBot"
    assert me["can_join_groups"] is True
    assert me["can_read_all_group_messages"] is False
    assert me["supports_inline_queries"] is False
    assert bot_of(driver).username == "HuisBot"
    assert bot_of(driver).id == 777000


async def test_wrong_token_is_unauthorized(tg: FakeTelegram) -> None:
    app = ApplicationBuilder().token("1:WRONG").request(tg.request()).build()
    with pytest.raises(InvalidToken):
        await app.initialize()
    other = ApplicationBuilder().token("777000:ANY").request(tg.request()).build()
    await other.initialize()
    assert other.bot.username == "HuisBot"
    await other.shutdown()


# ---------------------------------------------------------------- transcripts


async def test_start_transcript_and_render(
    driver: Driver, tg: FakeTelegram, anna: FakeUser
) -> None:
    reply = await driver.send(anna, "/start")
    assert reply.delivered
    assert reply.texts == ["Welkom, Anna!"]
    assert reply.text == "Welkom, Anna!"
    message = reply.last
    assert message.html == "Welkom, <b>Anna</b>!"
    assert message.entities == [{"type": "bold", "offset": 8, "length": 4}]
    assert message.from_user is tg.bot_user
    assert message.chat is tg.private_chat(anna)
    assert [[b.text for b in row] for row in message.buttons] == [
        ["Ja", "Nee"],
        ["Meer info"],
        ["Alarm", "Stil"],
    ]
    assert message.buttons[1][0].url == "https://example.org/info"
    assert message.buttons[0][0].callback_data == "ans:ja"
    assert tg.render(message).splitlines() == [
        "Welkom, Anna!",
        "[1] Ja  [2] Nee",
        "[3] Meer info <https://example.org/info>",
        "[4] Alarm  [5] Stil",
    ]
    assert [b.text for b in tg.all_buttons(message)][3] == "Alarm"
    # The world holds both sides of the conversation.
    chat_log = tg.messages(anna.id)
    assert [(m.from_user.first_name, m.text) for m in chat_log] == [
        ("Anna", "/start"),
        ("Huisbot", "Welkom, Anna!"),
    ]
    assert tg.last_bot_message(tg.private_chat(anna)) is message
    assert reply.to(anna) == [message]
    assert reply.to(12345) == []


async def test_user_update_shape(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    seen: list[Update] = []

    async def spy(update: Update, context: Ctx) -> None:
        seen.append(update)

    from telegram.ext import TypeHandler

    driver.application.add_handler(TypeHandler(Update, spy), group=-1)
    await driver.send(anna, "/echo a <b> & c")
    message = seen[0].message
    assert message is not None
    assert message.text == "/echo a <b> & c"
    assert message.from_user is not None and message.from_user.id == anna.id
    assert message.chat.id == anna.id and message.chat.type == "private"
    assert message.date.timestamp() == tg.clock.now().timestamp()
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 5
    assert tg.last_bot_message(anna.id) is not None
    assert tg.last_bot_message(anna.id).text == "a <b> & c"  # type: ignore[union-attr]


async def test_reply_to_is_delivered(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    first = (await driver.send(anna, "/start")).last
    seen: list[Update] = []

    async def spy(update: Update, context: Ctx) -> None:
        seen.append(update)

    from telegram.ext import TypeHandler

    driver.application.add_handler(TypeHandler(Update, spy), group=-1)
    reply = await driver.send(anna, "/echo antwoord", reply_to=first)
    assert seen[0].message is not None and seen[0].message.reply_to_message is not None
    assert seen[0].message.reply_to_message.message_id == first.message_id
    # /echo quotes the user's message (reply_parameters); the fake links it.
    assert reply.last.reply_to is not None and reply.last.reply_to.text == "/echo antwoord"
    assert reply.calls[0].result["reply_to_message"]["text"] == "/echo antwoord"
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot_of(driver).send_message(anna.id, "x", reply_to_message_id=999)


async def test_tap_by_text_substring_and_index(
    driver: Driver, tg: FakeTelegram, anna: FakeUser
) -> None:
    message = (await driver.send(anna, "/start")).last
    reply = await driver.tap(anna, message, "Ja")
    assert reply.popup == "Opgeslagen" and reply.popup_alert is False
    assert reply.edits == [message]
    assert message.text == "Gekozen: ja" and message.html == "Gekozen: <i>ja</i>"
    assert message.edits == 1
    # editMessageText without reply_markup removes the keyboard, like Telegram.
    assert message.buttons == []

    message = (await driver.send(anna, "/start")).last
    reply = await driver.tap(anna, message, "Ne")  # unique substring of "Nee"
    assert message.text == "Gekozen: nee"

    message = (await driver.send(anna, "/start")).last
    reply = await driver.tap(anna, message, 4)  # [4] Alarm
    assert reply.popup == "Let op!" and reply.popup_alert is True
    assert reply.sent == [] and reply.edits == []


async def test_tap_failures(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, bram: FakeUser
) -> None:
    message = (await driver.send(anna, "/start")).last
    with pytest.raises(AssertionError, match="answerCallbackQuery"):
        await driver.tap(anna, message, "Stil")
    reply = await driver.tap(anna, message, "Stil", require_answer=False)
    assert reply.popup is None
    with pytest.raises(AssertionError, match="no button"):
        await driver.tap(anna, message, "Misschien")
    with pytest.raises(AssertionError, match="not a callback button"):
        await driver.tap(anna, message, "Meer info")
    with pytest.raises(AssertionError, match="no button"):
        await driver.tap(anna, message, 9)
    with pytest.raises(AssertionError, match="cannot see"):
        await driver.tap(bram, message, "Ja")


async def test_tap_data_and_double_answer(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    message = (await driver.send(anna, "/start")).last
    reply = await driver.tap_data(anna, message, "vervalst")
    assert reply.popup == "Onbekende knop"
    assert data(driver, "errors") == [
        "Query is too old and response timeout expired or query id is invalid"
    ]
    assert [c.ok for c in reply.calls] == [True, False]


async def test_answer_callback_query_validation(
    driver: Driver, tg: FakeTelegram, anna: FakeUser
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot_of(driver).answer_callback_query("does-not-exist")
    message = (await driver.send(anna, "/start")).last
    update = tg.new_callback_query(anna, message, "x")
    query_id = update["callback_query"]["id"]
    with pytest.raises(BadRequest):
        await bot_of(driver).answer_callback_query(query_id, text="x" * 201)
    assert await bot_of(driver).answer_callback_query(query_id, text="x" * 200)
    assert tg.callback_answer(query_id) == (True, "x" * 200, False)


async def test_handler_errors_surface(driver: Driver, anna: FakeUser) -> None:
    with pytest.raises(RuntimeError, match="kapot"):
        await driver.send(anna, "/boom")
    # and the driver keeps working afterwards
    assert (await driver.send(anna, "/echo hoi")).text == "hoi"


# ---------------------------------------------------------------- private chat rules


async def test_private_chat_permissions(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    bot = bot_of(driver)
    with pytest.raises(Forbidden, match=r"(?i)bot can't initiate conversation with a user"):
        await bot.send_message(anna.id, "hoi")
    tg.start_bot(anna)
    assert (await bot.send_message(anna.id, "hoi")).text == "hoi"
    tg.block_bot(anna)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(anna.id, "hoi")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "hoi")
    # Writing to the bot again unblocks it.
    reply = await driver.send(anna, "terug")
    assert reply.texts == ["Je zei: terug"]
    failed = [c for c in tg.calls if not c.ok]
    assert [c.error_code for c in failed] == [403, 403, 400]
    assert failed[0].error == "Forbidden: bot can't initiate conversation with a user"


# ---------------------------------------------------------------- HTML and texts


@pytest.mark.parametrize(
    ("html", "text", "entities"),
    [
        ("plain", "plain", []),
        (
            "<b>vet</b> en <i>schuin</i>",
            "vet en schuin",
            [
                {"type": "bold", "offset": 0, "length": 3},
                {"type": "italic", "offset": 7, "length": 6},
            ],
        ),
        (
            "<strong><em>x</em></strong>",
            "x",
            [
                {"type": "bold", "offset": 0, "length": 1},
                {"type": "italic", "offset": 0, "length": 1},
            ],
        ),
        ("a &lt;b&gt; &amp; &quot;c&quot; &#65;&#x42;", 'a <b> & "c" AB', []),
        ("😀<u>x</u>", "😀x", [{"type": "underline", "offset": 2, "length": 1}]),
        (
            '<a href="https://x.org/?a=1&amp;b=2">link</a>',
            "link",
            [{"type": "text_link", "offset": 0, "length": 4, "url": "https://x.org/?a=1&b=2"}],
        ),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [
                {"type": "spoiler", "offset": 0, "length": 1},
                {"type": "spoiler", "offset": 1, "length": 1},
            ],
        ),
        (
            '<pre><code class="language-python">x = 1</code></pre>',
            "x = 1",
            [{"type": "pre", "offset": 0, "length": 5, "language": "python"}],
        ),
        (
            "<s>a</s><del>b</del><strike>c</strike><ins>d</ins><code>e</code>",
            "abcde",
            [
                {"type": "strikethrough", "offset": 0, "length": 1},
                {"type": "strikethrough", "offset": 1, "length": 1},
                {"type": "strikethrough", "offset": 2, "length": 1},
                {"type": "underline", "offset": 3, "length": 1},
                {"type": "code", "offset": 4, "length": 1},
            ],
        ),
        (
            "<blockquote expandable>q</blockquote><blockquote>r</blockquote>",
            "qr",
            [
                {"type": "expandable_blockquote", "offset": 0, "length": 1},
                {"type": "blockquote", "offset": 1, "length": 1},
            ],
        ),
        ("<B>hoofd</B>", "hoofd", [{"type": "bold", "offset": 0, "length": 5}]),
        ("<b></b>x", "x", []),
        ("a > b", "a > b", []),
    ],
)
def test_parse_html_ok(html: str, text: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html) == (text, entities)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("a <b", "Unclosed start tag"),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("1 < 2", 'Unsupported start tag ""'),
        ("Tom & Jerry", "byte offset 4"),
        ("&nbsp;", "byte offset 0"),
        ("&#0;", "byte offset 0"),
        ('<span class="x">y</span>', "tg-spoiler"),
        ("é<p>", 'Unsupported start tag "p" at byte offset 2'),
    ],
)
def test_parse_html_errors(html: str, message: str) -> None:
    with pytest.raises(HtmlParseError) as err:
        parse_html(html)
    assert message in str(err.value)


def test_escape_round_trip() -> None:
    nasty = '<script> & "quotes" &amp;'
    assert parse_html(escape(nasty)) == (nasty, [])


async def test_unescaped_user_text_is_refused(
    driver: Driver, tg: FakeTelegram, anna: FakeUser
) -> None:
    reply = await driver.send(anna, "/raw 1 < 2")
    assert reply.sent == []
    assert data(driver, "errors") == [
        'Can\'t parse entities: unsupported start tag "" at byte offset 5'
    ]
    assert reply.errors[0].error is not None
    assert reply.errors[0].error.startswith("Bad Request: can't parse entities: ")
    reply = await driver.send(anna, "/raw Tom & Jerry")
    assert reply.sent == [] and len(data(driver, "errors")) == 2
    assert (await driver.send(anna, "/raw fine")).texts == ["fine"]


async def test_text_limits(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    tg.start_bot(anna)
    bot = bot_of(driver)
    message = await bot.send_message(anna.id, "<b>" + "x" * 4096 + "</b>")
    assert len(message.text) == 4096  # the limit counts text after parsing
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(anna.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(anna.id, "<b> </b>\n")
    stripped = await bot.send_message(anna.id, "\n  <b>hoi</b>  \n")
    assert stripped.text == "hoi"
    assert stripped.entities[0].offset == 0 and stripped.entities[0].length == 3
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(anna.id, b"x", filename="a.txt", caption="c" * 1025)
    keyboard = ReplyKeyboardMarkup([["Ja", "Nee"], ["Later"]], one_time_keyboard=True)
    await bot.send_message(anna.id, "Kies", reply_markup=keyboard)
    last = tg.last_bot_message(anna)
    assert last is not None and last.keyboard == [["Ja", "Nee"], ["Later"]]
    assert last.buttons == []
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(anna.id, "x", parse_mode="Cobol")


async def test_send_document_and_photo(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    tg.start_bot(anna)
    bot = bot_of(driver)
    sent = await bot.send_document(
        anna.id, io.BytesIO(b"naam;bedrag\nAnna;3\n"), filename="lijst.csv", caption="<b>Lijst</b>"
    )
    assert sent.document is not None and sent.document.file_name == "lijst.csv"
    assert sent.caption == "Lijst"
    message = tg.last_bot_message(anna.id)
    assert message is not None and message.kind == "document"
    assert message.file is not None and message.file.content == b"naam;bedrag\nAnna;3\n"
    assert message.text == "Lijst" and message.caption == "Lijst"
    photo = await bot.send_photo(anna.id, b"\x89PNG fake", caption="foto")
    assert photo.photo and photo.photo[0].width == 800
    by_id = await bot.send_document(anna.id, sent.document.file_id)
    assert by_id.document is not None and by_id.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match=r"(?i)there is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=sent.message_id)
    edited = await bot.edit_message_caption(
        chat_id=anna.id, message_id=sent.message_id, caption="Nieuw"
    )
    assert edited.caption == "Nieuw"


# ---------------------------------------------------------------- editing and deleting


async def test_edit_rules(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    tg.start_bot(anna)
    bot = bot_of(driver)
    message = await bot.send_message(anna.id, "<b>Stand</b>: 1", reply_markup=YES_NO)
    with pytest.raises(
        BadRequest, match=r"(?i)message is not modified: specified new message content"
    ):
        await bot.edit_message_text(
            "<strong>Stand</strong>: 1",
            chat_id=anna.id,
            message_id=message.message_id,
            reply_markup=YES_NO,
        )
    # Same text but different formatting is a modification.
    await bot.edit_message_text(
        "<i>Stand</i>: 1", chat_id=anna.id, message_id=message.message_id, reply_markup=YES_NO
    )
    # Dropping the keyboard is a modification too.
    await bot.edit_message_text("<i>Stand</i>: 1", chat_id=anna.id, message_id=message.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(chat_id=anna.id, message_id=message.message_id)
    await bot.edit_message_reply_markup(
        chat_id=anna.id, message_id=message.message_id, reply_markup=YES_NO
    )
    fake = tg.message(anna.id, message.message_id)
    assert fake is not None and fake.edits == 3 and len(fake.buttons) == 3
    assert fake.edit_date == tg.clock.now()
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=999)
    user_message = (await driver.send(anna, "hoi")).calls[0]
    assert user_message.method == "sendMessage"
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text(
            "x", chat_id=anna.id, message_id=tg.messages(anna.id)[-2].message_id
        )


async def test_delete_rules(
    driver: Driver, tg: FakeTelegram, clock: ManualClock, anna: FakeUser, group: FakeChat
) -> None:
    bot = bot_of(driver)
    own = await bot.send_message(group.id, "van de bot")
    said = tg.user_message(anna, group, "van Anna")
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted"):
        await bot.delete_message(group.id, said.message_id)
    tg.set_bot_admin(group, can_delete_messages=False)
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted"):
        await bot.delete_message(group.id, said.message_id)
    tg.set_bot_admin(group, can_delete_messages=True)
    assert await bot.delete_message(group.id, said.message_id)
    assert await bot.delete_message(group.id, own.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(group.id, own.message_id)
    assert tg.messages(group) == []
    old = await bot.send_message(group.id, "oud")
    clock.advance(hours=49)
    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted"):
        await bot.delete_message(group.id, old.message_id)


async def test_reply_collects_deletes(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    async def tidy(update: Update, context: Ctx) -> None:
        assert update.effective_message and update.effective_chat
        notice = await update.effective_chat.send_message("weg ermee")
        await update.effective_message.delete()
        await notice.delete()

    driver.application.add_handler(CommandHandler("tidy", tidy), group=-1)
    reply = await driver.send(anna, "/tidy")
    assert sorted(reply.deleted) == [1, 2]
    assert reply.texts == ["weg ermee"]
    assert tg.messages(anna) == []


# ---------------------------------------------------------------- groups


async def test_privacy_mode(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, group: FakeChat
) -> None:
    reply = await driver.send(anna, "gewoon praten", chat=group)
    assert not reply.delivered and data(driver, "seen") == []
    reply = await driver.send(anna, "/echo@HuisBot hoi", chat=group)
    assert reply.delivered and reply.texts == ["hoi"]
    assert not (await driver.send(anna, "/echo@AnderBot hoi", chat=group)).delivered
    bot_message = reply.last
    assert (await driver.send(anna, "antwoord", chat=group, reply_to=bot_message)).delivered
    assert (await driver.send(anna, "hee @huisbot", chat=group)).delivered
    assert data(driver, "seen") == ["antwoord", "hee @huisbot"]
    tg.set_bot_admin(group)
    assert (await driver.send(anna, "nu wel", chat=group)).delivered
    # Everything is in the group's history, delivered or not.
    assert "gewoon praten" in [m.text for m in tg.messages(group)]


async def test_group_membership_rules(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, group: FakeChat
) -> None:
    outsider = tg.add_user("Olaf")
    with pytest.raises(AssertionError, match="not a member"):
        await driver.send(outsider, "/start", chat=group)
    bot = bot_of(driver)
    members = {m.user.id: m.status for m in await bot.get_chat_administrators(group.id)}
    assert members == {anna.id: "administrator"}
    assert (await bot.get_chat_member(group.id, outsider.id)).status == "left"
    assert (await bot.get_chat_member(group.id, anna.id)).status == "administrator"
    assert (await bot.get_chat_member(group.id, bot.id)).status == "member"
    tg.set_admin(group, anna, is_admin=False)
    assert (await bot.get_chat_member(group.id, anna.id)).status == "member"
    tg.set_bot_admin(group)
    admins = await bot.get_chat_administrators(group.id)
    assert [a.user.id for a in admins] == [bot.id]
    assert admins[0].can_invite_users is True
    owned = tg.add_group("Eigen", members=[anna], owner=anna)
    assert (await bot.get_chat_member(owned.id, anna.id)).status == "creator"
    chat = await bot.get_chat(group.id)
    assert chat.title == "De Boog" and chat.type == "group"
    with pytest.raises(BadRequest, match=r"(?i)user not found"):
        await bot.get_chat_member(group.id, 5)
    with pytest.raises(BadRequest, match=r"(?i)no administrators in the private chat"):
        await bot.get_chat_administrators(anna.id)
    assert await bot.get_chat_member_count(group.id) == 3


async def test_bot_added_and_removed(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, bram: FakeUser
) -> None:
    group = tg.add_group("Nieuw", members=[anna, bram], admins=[anna], bot_in_group=False)
    bot = bot_of(driver)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(group.id, "hoi")
    reply = await driver.bot_added(group, by=anna)
    assert reply.texts == ["Hallo groep"]
    assert data(driver, "my_status") == [("left", "member")]
    service = tg.messages(group)[0]
    assert service.kind == "service"
    assert tg.render(service) == "» Anna added Huisbot"
    assert service.service["new_chat_members"][0]["id"] == bot.id
    reply = await driver.bot_removed(group, by=anna)
    assert reply.sent == []
    assert data(driver, "my_status")[-1] == ("member", "kicked")
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the group chat"):
        await bot.send_message(group.id, "hoi")
    assert not (await driver.send(anna, "/echo hoi", chat=group)).delivered
    reply = await driver.bot_added(group, by=anna, as_admin=True)
    assert data(driver, "my_status")[-1] == ("kicked", "administrator")
    assert await bot.leave_chat(group.id)
    with pytest.raises(Forbidden, match=r"(?i)bot is not a member of the group chat"):
        await bot.send_message(group.id, "hoi")


async def test_user_joined_and_left(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, group: FakeChat
) -> None:
    carla = tg.add_user("Carla")
    reply = await driver.user_joined(group, carla)
    assert reply.texts == ["Welkom Carla"]
    assert carla.id in group.members
    assert data(driver, "member_status") == []  # chat_member only reaches admin bots
    tg.set_bot_admin(group)
    dirk = tg.add_user("Dirk")
    await driver.user_joined(group, dirk)
    assert data(driver, "member_status") == [(dirk.id, "member")]
    reply = await driver.user_left(group, dirk)
    assert dirk.id not in group.members
    assert data(driver, "member_status")[-1] == (dirk.id, "left")
    assert tg.messages(group)[-1].service["left_chat_member"]["id"] == dirk.id
    assert tg.render(tg.messages(group)[-1]) == "» Dirk left the group"


async def test_join_request_flow(
    driver: Driver, tg: FakeTelegram, clock: ManualClock, anna: FakeUser, group: FakeChat
) -> None:
    bot = bot_of(driver)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to manage chat invite link"):
        await bot.create_chat_invite_link(group.id, creates_join_request=True)
    tg.set_bot_admin(group, can_invite_users=True)
    link = await bot.create_chat_invite_link(
        group.id, name="Nieuwe bewoners", creates_join_request=True
    )
    assert link.creates_join_request is True and link.invite_link.startswith("https://t.me/+")
    assert link.creator.id == bot.id and link.name == "Nieuwe bewoners"
    assert tg.invite_links(group)[0]["invite_link"] == link.invite_link

    eva = tg.add_user("Eva")
    reply = await driver.join_request(group, eva, invite_link=link.to_dict())
    assert reply.to(eva) and reply.texts == ["We bekijken je verzoek"]
    assert data(driver, "join_requests") == [eva.id]
    assert tg.pending_join_requests(group) == [eva.id]
    clock.advance(minutes=6)
    with pytest.raises(Forbidden, match=r"(?i)bot can't initiate conversation"):
        await bot.send_message(eva.id, "te laat")
    # Approving adds her; Telegram then announces her in the group.
    start = len(tg.calls)
    assert await bot.approve_chat_join_request(group.id, eva.id)
    assert eva.id in group.members and tg.pending_join_requests(group) == []
    reply = await driver.flush()  # Telegram announces her in the group
    assert reply.texts == ["Welkom Eva"]
    assert (await driver.flush()).calls == []
    assert tg.calls[start].method == "approveChatJoinRequest"
    with pytest.raises(BadRequest, match=r"(?i)HIDE_REQUESTER_MISSING"):
        await bot.decline_chat_join_request(group.id, eva.id)


async def test_approve_from_button_delivers_follow_up(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, group: FakeChat
) -> None:
    tg.set_bot_admin(group)
    frits = tg.add_user("Frits")

    async def approve(update: Update, context: Ctx) -> None:
        assert update.callback_query
        await update.callback_query.answer("Goedgekeurd")
        await context.bot.approve_chat_join_request(group.id, frits.id)
        raise ApplicationHandlerStop

    driver.application.add_handler(CallbackQueryHandler(approve, pattern="^approve$"), group=-1)
    reply = await driver.join_request(group, frits)
    request_message = await bot_of(driver).send_message(
        group.id,
        "Frits wil erbij",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Toelaten", callback_data="approve")]]
        ),
    )
    message = tg.message(group, request_message.message_id)
    assert message is not None
    reply = await driver.tap(anna, message, "Toelaten")
    assert reply.popup == "Goedgekeurd"
    assert reply.to(group)[-1].text == "Welkom Frits"
    assert data(driver, "member_status") == [(frits.id, "member")]


async def test_migration(driver: Driver, tg: FakeTelegram, anna: FakeUser, group: FakeChat) -> None:
    bot = bot_of(driver)
    new_group = await driver.migrate(group)
    assert new_group.type == "supergroup" and str(new_group.id).startswith("-100")
    assert data(driver, "migrations") == [(new_group.id, None), (None, group.id)]
    with pytest.raises(ChatMigrated) as err:
        await bot.send_message(group.id, "hoi")
    assert err.value.new_chat_id == new_group.id
    assert tg.calls[-1].error == "Bad Request: group chat was upgraded to a supergroup chat"
    sent = await bot.send_message(new_group.id, "hoi")
    assert sent.chat.type == "supergroup"
    assert anna.id in new_group.members
    assert (await driver.send(anna, "/echo daar", chat=new_group)).texts == ["daar"]
    with pytest.raises(Forbidden, match=r"(?i)supergroup"):
        await driver.bot_removed(new_group, by=anna)
        await bot.send_message(new_group.id, "hoi")


# ---------------------------------------------------------------- commands


async def test_commands(driver: Driver, tg: FakeTelegram, group: FakeChat) -> None:
    bot = bot_of(driver)
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Hulp")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    await bot.set_my_commands(
        [BotCommand("setup", "Instellen")], scope=BotCommandScopeChat(group.id)
    )
    assert tg.commands() == [("start", "Begin"), ("help", "Hulp")]
    assert tg.commands("default", "en") == [("start", "Start")]
    assert tg.commands("chat", chat_id=group.id) == [("setup", "Instellen")]
    got = await bot.get_my_commands(scope=BotCommandScopeChat(group.id))
    assert [c.command for c in got] == ["setup"]
    assert await bot.get_my_commands(language_code="de") == ()
    await bot.delete_my_commands(language_code="en")
    assert tg.commands("default", "en") == []


async def test_command_rules_are_violations(driver: Driver, tg: FakeTelegram) -> None:
    bot = bot_of(driver)
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Start", "Begin")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("start", "")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand(f"c{i}", "x") for i in range(101)])
    problems = [v.problem for v in tg.violations]
    assert len(problems) == 3
    assert "'Start' must match" in problems[0]
    assert "1-256 characters" in problems[1]
    assert "at most 100" in problems[2]
    assert tg.commands() == []
    tg.violations.clear()


# ---------------------------------------------------------------- spec validation


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBUserWarning")
async def test_spec_violations(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    tg.start_bot(anna)
    bot = bot_of(driver)
    with pytest.raises(BadRequest, match=r"(?i)unknown method"):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": anna.id})
    with pytest.raises(BadRequest, match=r"(?i)not defined"):
        await bot.send_message(anna.id, "x", api_kwargs={"colour": "red"})
    with pytest.raises(BadRequest, match=r"(?i)required parameter 'text' is missing"):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": anna.id})
    with pytest.raises(BadRequest, match=r"(?i)expected Integer or String"):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": [1], "text": "x"})
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32 + "x")]])
    with pytest.raises(BadRequest, match=r"(?i)1-64 bytes, is 65 bytes"):
        await bot.send_message(anna.id, "x", reply_markup=long_data)
    empty = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="")]])
    with pytest.raises(BadRequest, match=r"(?i)1-64 bytes"):
        await bot.send_message(anna.id, "x", reply_markup=empty)
    neither = InlineKeyboardMarkup([[InlineKeyboardButton("x")]])
    with pytest.raises(BadRequest, match=r"(?i)exactly one"):
        await bot.send_message(anna.id, "x", reply_markup=neither)
    both = InlineKeyboardMarkup([[InlineKeyboardButton("x", url="https://a.b", callback_data="d")]])
    with pytest.raises(BadRequest, match=r"(?i)exactly one"):
        await bot.send_message(anna.id, "x", reply_markup=both)
    assert len(tg.violations) == 8
    assert all(isinstance(v, SpecViolation) for v in tg.violations)
    assert str(tg.violations[0]) == "sendTelepathy: unknown method 'sendTelepathy'"
    assert tg.messages(anna) == []
    with pytest.raises(AssertionError, match="spec violation: sendMessage"):
        tg.assert_clean()
    tg.violations.clear()
    tg.assert_clean()
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 64)]])
    await bot.send_message(anna.id, "x", reply_markup=ok)


def test_spec_accepts_json_strings_and_python_values() -> None:
    spec = Spec.load()
    markup = {"inline_keyboard": [[{"text": "Ja", "callback_data": "ja"}]]}
    python_params = {
        "chat_id": 5,
        "text": "x",
        "reply_markup": markup,
        "disable_notification": True,
    }
    assert spec.call_problems("sendMessage", python_params) == []
    http_params = {
        "chat_id": "5",
        "text": "x",
        "reply_markup": json.dumps(markup),
        "disable_notification": "true",
    }
    assert spec.call_problems("sendMessage", http_params) == []
    bad = {"chat_id": 5, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": 1}]]}}
    problems = spec.call_problems("sendMessage", bad)
    assert any("reply_markup" in p for p in problems)
    assert spec.call_problems("sendMessage", {"chat_id": 5, "text": 5}) == [
        "text: expected String, got int"
    ]
    assert spec.call_problems("getUpdates", {"timeout": True}) == [
        "timeout: expected Integer, got bool"
    ]
    scope = {"type": "chat", "chat_id": 5}
    assert spec.call_problems("setMyCommands", {"commands": [], "scope": scope}) == []
    assert spec.call_problems("setMyCommands", {"commands": [], "scope": {"type": "moon"}}) != []
    assert spec.call_problems("sendDocument", {"chat_id": 1}, uploaded=("document",)) == []
    assert spec.call_problems("sendDocument", {"chat_id": 1}) == [
        "required parameter 'document' is missing"
    ]


async def test_every_answer_matches_the_spec(
    driver: Driver, tg: FakeTelegram, anna: FakeUser, bram: FakeUser, group: FakeChat
) -> None:
    """The fake's own results are valid Bot API objects of the declared return types."""
    bot = bot_of(driver)
    tg.set_bot_admin(group)
    owned = tg.add_group("Eigen", members=[anna], owner=anna, bot_is_admin=True)
    message = (await driver.send(anna, "/start")).last
    await driver.tap(anna, message, "Ja")
    await driver.send(
        bram,
        "/echo hoi",
        chat=group,
        reply_to=tg.messages(group)[-1] if tg.messages(group) else None,
    )
    await bot.send_document(anna.id, b"x", filename="a.txt", caption="<b>c</b>")
    await bot.send_photo(anna.id, b"x")
    await bot.get_chat(group.id)
    await bot.get_chat(anna.id)
    await bot.get_chat_member(group.id, anna.id)
    await bot.get_chat_member(owned.id, anna.id)
    await bot.get_chat_member(group.id, bot.id)
    await bot.get_chat_administrators(owned.id)
    await bot.create_chat_invite_link(group.id, expire_date=1_900_000_000, member_limit=5)
    await bot.set_my_commands([BotCommand("start", "Begin")])
    await bot.get_my_commands()
    await bot.send_chat_action(anna.id, "typing")
    await bot.set_chat_title(group.id, "Boog")  # any Boolean method is accepted
    await bot.get_updates()
    await bot.delete_webhook()
    checked = 0
    for call in tg.calls:
        assert call.ok, call
        returns = tg.spec.methods[call.method].returns
        assert tg.spec.value_problems(returns, call.result, call.method) == [], call
        checked += 1
    assert checked > 15
    # Updates the driver builds are valid too.
    update = tg.new_callback_query(anna, message, "x")
    assert tg.spec.object_problems("Update", update) == []
    for update in tg.bot_added(tg.add_group("X", members=[anna], bot_in_group=False), anna):
        assert tg.spec.object_problems("Update", update) == []
    carla = tg.add_user("Carla")
    for update in tg.join_request(group, carla) + tg.user_joined(group, carla):
        assert tg.spec.object_problems("Update", update) == []
    _, updates = tg.migrate(owned)
    for update in updates:
        assert tg.spec.object_problems("Update", update) == []


# ---------------------------------------------------------------- flood control


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_flood(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    tg.start_bot(anna)
    bot = bot_of(driver)
    tg.inject_flood(count=2, retry_after=3)
    await bot.get_chat(anna.id)  # not a sending method: unaffected
    for _ in range(2):
        with pytest.raises(RetryAfter) as err:
            await bot.send_message(anna.id, "x")
        assert "3 seconds" in str(err.value)
    assert tg.calls[-1].error == "Too Many Requests: retry after 3"
    assert tg.calls[-1].error_code == 429
    assert (await bot.send_message(anna.id, "x")).text == "x"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_enforced_flood_limits(
    driver: Driver, tg: FakeTelegram, clock: ManualClock, anna: FakeUser, group: FakeChat
) -> None:
    tg.enforce_flood_limits = True
    bot = bot_of(driver)
    for i in range(20):
        await bot.send_message(group.id, f"bericht {i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(group.id, "een te veel")
    assert tg.calls[-1].error == "Too Many Requests: retry after 60"
    clock.advance(seconds=30)
    with pytest.raises(RetryAfter):
        await bot.send_message(group.id, "nog steeds")
    assert tg.calls[-1].error == "Too Many Requests: retry after 30"
    clock.advance(seconds=30)
    await bot.send_message(group.id, "weer mogelijk")
    # Overall: 30 per second.
    clock.advance(seconds=5)
    users = [tg.add_user(f"U{i}") for i in range(31)]
    for user in users[:30]:
        tg.start_bot(user)
        await bot.send_message(user.id, "hoi")
    tg.start_bot(users[30])
    with pytest.raises(RetryAfter):
        await bot.send_message(users[30].id, "hoi")
    clock.advance(seconds=1)
    await bot.send_message(users[30].id, "hoi")


# ---------------------------------------------------------------- reply object, volume


def test_reply_helpers(tg: FakeTelegram, anna: FakeUser) -> None:
    chat = tg.private_chat(anna)
    one = FakeMessage(1, chat, tg.bot_user, tg.clock.now(), text="een")
    two = FakeMessage(2, chat, tg.bot_user, tg.clock.now(), text="twee")
    now = tg.clock.now()
    calls = [
        BotCall("sendMessage", {}, True, {}, None, now, message=one),
        BotCall("sendMessage", {}, False, None, "Bad Request: x", now, error_code=400),
        BotCall("editMessageText", {}, True, {}, None, now, message=two),
        BotCall("editMessageReplyMarkup", {}, True, {}, None, now, message=two),
        BotCall("answerCallbackQuery", {"text": "ok", "show_alert": True}, True, True, None, now),
        BotCall("deleteMessages", {"message_ids": [7, 8]}, True, True, None, now),
    ]
    reply = Reply(calls)
    assert reply.sent == [one] and reply.texts == ["een"] and reply.text == "een"
    assert reply.last is one
    assert reply.edits == [two]
    assert reply.popup == "ok" and reply.popup_alert
    assert reply.deleted == [7, 8]
    assert len(reply.errors) == 1
    with pytest.raises(AssertionError, match="sent nothing"):
        _ = Reply([]).last


async def test_many_calls_stay_fast(driver: Driver, tg: FakeTelegram, anna: FakeUser) -> None:
    for i in range(300):
        reply = await driver.send(anna, f"/echo {i}")
        assert reply.texts == [str(i)]
    assert len(tg.calls) == 301
    assert len(tg.messages(anna)) == 600
