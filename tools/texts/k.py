"""Texts of branch k: issue 17.5 "After a report is picked up" and 17.7 "Agreements that are
kept"."""

TEXTS = {
    # --- agreements (17.7) ---
    "agreements.button.take": ("🙋 Ik doe het", "🙋 I'll do it"),
    "agreements.button.let_go": ("↩️ Ik geef het terug", "↩️ I'm handing it back"),
    "agreements.when": (
        "🙋 {name} doet besluit {number}: {question}\nWanneer is het klaar?",
        "🙋 {name} will do decision {number}: {question}\nWhen will it be done?",
    ),
    "agreements.due.1w": ("Over 1 week", "In 1 week"),
    "agreements.due.2w": ("Over 2 weken", "In 2 weeks"),
    "agreements.due.1m": ("Over 1 maand", "In 1 month"),
    "agreements.taken_popup": (
        "✅ Dank je! Op {date} vraag ik je privé of het gelukt is.",
        "✅ Thank you! On {date} I'll ask you privately whether it worked out.",
    ),
    "agreements.taken": (
        "{name} doet dit al. Wil je helpen? Vraag het aan {name}.",
        "{name} is already doing this. Want to help? Ask {name}.",
    ),
    "agreements.not_member": (
        "Alleen bewoners en begeleiders van het huis kunnen dit doen.",
        "Only residents and supporters of the house can do this.",
    ),
    "agreements.not_yours": (
        "Deze knoppen zijn voor wie op ‘Ik doe het’ tikte.",
        "These buttons are for the person who tapped ‘I'll do it’.",
    ),
    "agreements.closed": ("Dit is al afgerond.", "This has been settled already."),
    "agreements.line_open": (
        "🙋 Wie doet het: {name}. Klaar op {date}.",
        "🙋 Who does it: {name}. Done by {date}.",
    ),
    "agreements.line_done": ("✅ Gelukt: {name}, {date}.", "✅ Done: {name}, {date}."),
    "agreements.line_agenda": (
        "🗓 Nog niet klaar. Het staat weer op de agenda.",
        "🗓 Not done yet. It is on the agenda again.",
    ),
    "agreements.ask": (
        "🙋 Je zou dit doen ({house}), besluit {number}:\n<b>{question}</b>\n\nIs het gelukt?",
        "🙋 You were going to do this ({house}), decision {number}:\n<b>{question}</b>\n\n"
        "Did it work out?",
    ),
    "agreements.button.done": ("✅ Ja, gelukt", "✅ Yes, done"),
    "agreements.button.not_yet": (
        "🗓 Nog niet: naar de vergadering",
        "🗓 Not yet: to the meeting",
    ),
    "agreements.button.later": ("⏳ Vraag het over een week", "⏳ Ask me in a week"),
    "agreements.answered_done": ("✅ Top, dank je wel!", "✅ Great, thank you!"),
    "agreements.answered_not_yet": (
        "🗓 Oké. Het staat op de agenda van de volgende vergadering. Je naam staat er niet bij. "
        "Samen kijken jullie hoe het verder gaat.",
        "🗓 Okay. It is on the agenda of the next meeting. Your name is not on it. "
        "Together you'll see how to go on.",
    ),
    "agreements.answered_later": (
        "⏳ Goed. Over een week vraag ik het je nog een keer.",
        "⏳ Fine. I'll ask you again in a week.",
    ),
    "agreements.to_agenda_quietly": (
        "🗓 Besluit {number} ({question}) staat nu op de agenda van de volgende vergadering. "
        "Je naam staat er niet bij.",
        "🗓 Decision {number} ({question}) is now on the agenda of the next meeting. "
        "Your name is not on it.",
    ),
    "agreements.let_go_popup": (
        "↩️ Je hebt het teruggegeven. Iemand anders kan het nu doen.",
        "↩️ You handed it back. Someone else can do it now.",
    ),
    "agenda.from.agreement": ("een afspraak die nog niet klaar is", "an agreement not done yet"),
    "meeting.item.agreement": (
        "{text} (een afspraak die nog niet klaar is)",
        "{text} (an agreement not done yet)",
    ),
}
