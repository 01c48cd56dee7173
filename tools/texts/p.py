"""Texts of branch p (issue 16: the bot never goes silent)."""

TEXTS = {
    # --- a question stays open after a wrong answer ---
    "prompt.again_private": (
        "Typ je antwoord gerust opnieuw. Wil je stoppen? Tik op ✖️ Stoppen.",
        "Just type your answer again. Want to stop? Tap ✖️ Stop.",
    ),
    "prompt.again_group": (
        "{name}, typ je antwoord opnieuw als antwoord op dit bericht. Wil je stoppen? "
        "Typ dan: stop",
        "{name}, type your answer again as a reply to this message. Want to stop? Type: stop",
    ),
    "prompt.button.stop": ("✖️ Stoppen", "✖️ Stop"),
    "prompt.stopped": (
        "Oké, gestopt. Je kunt altijd opnieuw beginnen.",
        "Okay, stopped. You can always start again.",
    ),
    # --- plain text in the private chat ---
    "plain.private": (
        "Ik begrijp alleen opdrachten en knoppen. Tik op een knop, of typ / voor de lijst.",
        "I only understand commands and buttons. Tap a button, or type / for the list.",
    ),
    "plain.button.help": ("❓ Wat kan ik hier doen?", "❓ What can I do here?"),
    "plain.button.language": ("🌐 Taal / Language", "🌐 Language / Taal"),
    "language.unknown": (
        "Die taal ken ik niet. Kies hieronder.",
        "I don't know that language. Choose below.",
    ),
    # --- the forms people type ---
    "setup.ask_timezone": (
        "{person}, typ de tijdzone of een stad, bijvoorbeeld Amsterdam. Antwoord op dit bericht.",
        "{person}, type the time zone or a city, for example Amsterdam. Reply to this message.",
    ),
    "setup.timezone_unknown": (
        "Die tijdzone ken ik niet: {timezone}. Typ een stad, zoals Amsterdam, of Europe/Amsterdam.",
        "I don't know that time zone: {timezone}. Type a city, like Amsterdam, or "
        "Europe/Amsterdam.",
    ),
    "meeting.time_unreadable": (
        "Die tijd snap ik niet. Typ bijvoorbeeld 19:30, 19.30 of half acht.",
        "I don't understand that time. Type for example 19:30 or 19.30.",
    ),
    "meeting.date_unreadable": (
        "Die datum snap ik niet. Typ bijvoorbeeld 30-11 19:30 of zondag 18:00.",
        "I don't understand that date. Type for example 30-11 19:30 or sunday 18:00.",
    ),
    "rota.time_unreadable": (
        "Die tijd snap ik niet. Schrijf bijvoorbeeld 17:30, 17.30 of half zes.",
        "I don't understand that time. Write for example 17:30 or 17.30.",
    ),
    "rota.date_unreadable": (
        "Die datum snap ik niet. Schrijf bijvoorbeeld 12-12, 12-12-2026 of zaterdag.",
        "I don't understand that date. Write for example 12-12, 12-12-2026 or saturday.",
    ),
    "poll.date_unreadable": (
        "Die datum snap ik niet. Schrijf zo: 28-11, 28-11 18:30 of zondag 18:00.",
        "I don't understand that date. Write it like this: 28-11, 28-11 18:30 or sunday 18:00.",
    ),
}
TEXTS |= {
    "rota.new_started_in_private": (
        "🗂 {name}, je maakt de taak in de privéchat. Ik heb je daar een bericht gestuurd.",
        "🗂 {name}, you make the task in the private chat. I sent you a message there.",
    ),
}
TEXTS |= {
    "rules.started_in_private": (
        "📜 {name}, ik heb je een bericht gestuurd in de privéchat. Daar gaan we verder.",
        "📜 {name}, I sent you a message in the private chat. We go on there.",
    ),
    "rules.open_private_chat": (
        "📜 {name}, dat doen we in de privéchat met mij. Tik op 💬 Privéchat en stuur daar "
        "/regels.",
        "📜 {name}, we do that in the private chat with me. Tap 💬 Private chat and send "
        "/rules there.",
    ),
}
TEXTS |= {
    "poll.close_not_yet": (
        "🔒 Eerder sluiten kan pas als iedereen heeft gestemd. Nu: {voted} van {eligible}. "
        "Anders sluit de stemming vanzelf: {deadline}. Een herinnering sturen kan wel.",
        "🔒 Closing early is only possible when everyone has voted. Now: {voted} of "
        "{eligible}. Otherwise the poll closes by itself: {deadline}. You can send a reminder.",
    ),
}
REMOVED = ["poll.not_everyone_voted"]
TEXTS |= {
    "poll.close_rule": (
        "🔒 Eerder sluiten kan als iedereen heeft gestemd.",
        "🔒 You can close early when everyone has voted.",
    ),
}
