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
        "Alleen bewoners en ondersteuners van het huis kunnen dit doen.",
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
    # --- after a report is picked up (17.5) ---
    "flags.step.question": (
        "Wat wil je nu doen? Je kiest zelf. {name} helpt je.",
        "What would you like to do now? You choose. {name} will help you.",
    ),
    "flags.step.button.self": (
        "🗣 Ik praat het zelf uit, met hulp",
        "🗣 I'll talk it through myself, with help",
    ),
    "flags.step.button.talk": ("🤝 Een gesprek samen", "🤝 A conversation together"),
    "flags.step.button.mediator": (
        "🧭 Een bemiddelaar van buiten",
        "🧭 A mediator from outside",
    ),
    "flags.step.button.meeting": (
        "🗓 Naar de vergadering, zonder naam",
        "🗓 To the meeting, without a name",
    ),
    "flags.step.button.other": ("↩️ Iets anders kiezen", "↩️ Choose something else"),
    "flags.step.button.next": ("➡️ Wat wil je nu doen?", "➡️ What would you like to do now?"),
    "flags.step.self_done": (
        "🗣 Goed. Jij praat het zelf uit. {name} weet het en helpt je. "
        "Bijvoorbeeld: samen bedenken wat je wilt zeggen.",
        "🗣 Fine. You'll talk it through yourself. {name} knows and will help you, "
        "for example by thinking together about what you want to say.",
    ),
    "flags.step.self_for_confidant": (
        "🗣 {name} ({house}) wil het zelf uitpraten en vraagt jouw hulp daarbij.",
        "🗣 {name} ({house}) wants to talk it through themselves and asks for your help.",
    ),
    "flags.step.mediator_contact": (
        "🧭 Een bemiddelaar van buiten. Zo bereik je die:\n\n{contact}\n\n"
        "{name} weet het en kan je helpen.",
        "🧭 A mediator from outside. This is how to reach one:\n\n{contact}\n\n"
        "{name} knows and can help you.",
    ),
    "flags.step.mediator_none": (
        "🧭 Het huis heeft nog geen contact van een bemiddelaar. {name} weet dat je dit wilt "
        "en zoekt er samen met je een.",
        "🧭 The house has no mediator contact yet. {name} knows you want this and will look "
        "for one with you.",
    ),
    "flags.step.mediator_for_confidant": (
        "🧭 {name} ({house}) wil een bemiddelaar van buiten. Help je bij het contact?",
        "🧭 {name} ({house}) would like a mediator from outside. Will you help with the contact?",
    ),
    "flags.step.meeting_done": (
        "🗓 Het staat op de agenda van de volgende vergadering:\n“{text}”\n"
        "Je naam staat er niet bij.",
        "🗓 It is on the agenda of the next meeting:\n“{text}”\nYour name is not on it.",
    ),
    "flags.step.meeting_for_confidant": (
        "🗓 {name} ({house}) zet het op de agenda van de vergadering, zonder naam.",
        "🗓 {name} ({house}) is putting it on the meeting's agenda, without a name.",
    ),
    "flags.talk.who": (
        "🤝 Een gesprek samen. {name} is erbij. Wie wil je nog vragen? "
        "Tik op de namen. Tik daarna op ‘Vraag het ze’.\n"
        "Alleen wie je vraagt hoort ervan.",
        "🤝 A conversation together. {name} will be there. Who else would you like to ask? "
        "Tap the names, then tap ‘Ask them’.\nOnly the people you ask hear of it.",
    ),
    "flags.talk.button.send": ("📨 Vraag het ze", "📨 Ask them"),
    "flags.talk.invite": (
        "🤝 {name} ({house}) wil graag een gesprek met jou. {confidant} "
        "(vertrouwenspersoon) is erbij. Doe je mee?\nAlleen wie meedoet weet ervan.",
        "🤝 {name} ({house}) would like to have a conversation with you. {confidant} "
        "(confidant) will be there. Will you join?\nOnly the people in it know about it.",
    ),
    "flags.talk.invite_confidant": (
        "🤝 {name} ({house}) wil een gesprek samen, met jou erbij. Doe je mee?",
        "🤝 {name} ({house}) would like a conversation together, with you there. Will you join?",
    ),
    "flags.talk.button.yes": ("✅ Ja, ik doe mee", "✅ Yes, I'll join"),
    "flags.talk.button.no": ("Nee, liever niet", "No, I'd rather not"),
    "flags.talk.asked": (
        "📨 Ik heb het gevraagd aan: {names}.",
        "📨 I have asked: {names}.",
    ),
    "flags.talk.when": (
        "🕒 Wanneer kun je? Tik op alle momenten die passen. Tik daarna op ‘Klaar’.",
        "🕒 When can you? Tap every moment that suits you. Then tap ‘Done’.",
    ),
    "flags.talk.button.done": ("✔️ Klaar", "✔️ Done"),
    "flags.talk.said_no": (
        "Oké, dank je dat je het zegt.",
        "Okay, thank you for letting us know.",
    ),
    "flags.talk.not_joining": (
        "{name} doet liever niet mee aan het gesprek.",
        "{name} would rather not join the conversation.",
    ),
    "flags.talk.thanks": (
        "✔️ Dank je. Jij kunt: {moments}. Als iedereen heeft gekozen, hoor je het moment.",
        "✔️ Thank you. You can: {moments}. When everyone has chosen, you'll hear the moment.",
    ),
    "flags.talk.moment": (
        "📅 Het gesprek is op {day} om {time}. Met: {names}. Spreek samen af waar.",
        "📅 The conversation is on {day} at {time}. With: {names}. Agree together where.",
    ),
    "flags.talk.no_moment": (
        "🕒 Er is geen moment dat voor iedereen past. {name} zoekt met jullie een ander moment.",
        "🕒 There is no moment that suits everyone. {name} will find another moment with you.",
    ),
    "flags.talk.no_moment_confidant": (
        "🕒 Er is geen moment dat voor iedereen past. Wil jij met hen een ander moment zoeken?",
        "🕒 There is no moment that suits everyone. Will you find another moment with them?",
    ),
    "flags.talk.nobody": (
        "🤝 Er doet niemand mee aan het gesprek. Wil je iets anders kiezen? {name} helpt je.",
        "🤝 Nobody is joining the conversation. Would you like to choose something else? "
        "{name} will help you.",
    ),
    "flags.talk.gone": (
        "Dit gesprek gaat niet meer door.",
        "This conversation is no longer going ahead.",
    ),
    "flags.talk.settled": ("Je hebt dit al beantwoord.", "You have answered this already."),
    "flags.talk.already_asked": (
        "De uitnodigingen zijn al verstuurd.",
        "The invitations have been sent already.",
    ),
    "flags.talk.too_many": (
        "Je kunt hooguit {max} mensen vragen.",
        "You can ask {max} people at most.",
    ),
    # --- a typed house setting: the mediator's contact (17.5) ---
    "hs.name.mediator": ("Contact bemiddelaar van buiten", "Contact of a mediator from outside"),
    "hs.typed_none": ("nog niets", "nothing yet"),
    "hs.button.typed_new": ("✏️ Nieuwe tekst voorstellen", "✏️ Propose a new text"),
    "hs.button.typed_none": ("🗑 Geen tekst", "🗑 No text"),
    "hs.ask_typed": (
        "✏️ {name}: typ de nieuwe tekst als antwoord op dit bericht (hooguit {max} tekens). "
        "Bijvoorbeeld een naam en een telefoonnummer.",
        "✏️ {name}: type the new text as a reply to this message (at most {max} characters). "
        "For example a name and a phone number.",
    ),
    "hs.typed_empty": ("Typ een tekst, of tik op ‘Geen tekst’.", "Type a text, or tap ‘No text’."),
    "hs.typed_too_long": (
        "Dat is te lang. Hooguit {max} tekens.",
        "That is too long. At most {max} characters.",
    ),
}
