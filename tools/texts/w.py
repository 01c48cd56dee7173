"""Branch w: "even weg" (issue 17.3), the check-in off for myself, the check-in's care without
alarm (issue 16)."""

TEXTS = {
    "cmd.pause": ("Even weg", "Away for a while"),
    "rota.button_pause": ("⏸ Even weg", "⏸ Away for a while"),
    "rota.button_back_from_pause": ("▶️ Ik ben er weer", "▶️ I'm back"),
    "away.menu": (
        "⏸ <b>Even weg</b>\n"
        "Heb je even tijd voor jezelf nodig? Dat mag. Je hoeft niets uit te leggen.\n"
        "\n"
        "Zolang je weg bent:\n"
        "• krijg je geen beurten op het rooster;\n"
        "• krijg je geen herinneringen voor stemmingen;\n"
        "• vraag ik niet hoe het met je gaat voor de vergadering.\n"
        "Stemmen mag wel. Je telt dan niet mee voor het aantal stemmen dat nodig is.\n"
        "Niemand in de groep ziet dat je weg bent.\n"
        "\n"
        "Tot wanneer?",
        "⏸ <b>Away for a while</b>\n"
        "Do you need some time for yourself? That's fine. You don't have to explain.\n"
        "\n"
        "While you are away:\n"
        "• you get no turns on the rota;\n"
        "• you get no reminders for polls;\n"
        "• I don't ask how you are before the meeting.\n"
        "You can still vote. You don't count towards the number of votes needed.\n"
        "Nobody in the group sees that you are away.\n"
        "\n"
        "Until when?",
    ),
    "away.now_open": (
        "⏸ Je bent even weg, tot je zegt dat je er weer bent.",
        "⏸ You are away until you say you're back.",
    ),
    "away.now_until": (
        "⏸ Je bent even weg, tot en met {date}.",
        "⏸ You are away until {date} (that day included).",
    ),
    "away.set_open": (
        "⏸ Je bent even weg. Geen beurten, geen herinneringen, geen vragen.\n"
        "Ben je er weer? Tik hieronder of typ /pauze stop.",
        "⏸ You are away. No turns, no reminders, no questions.\n"
        "Back again? Tap below or type /pause stop.",
    ),
    "away.set_until": (
        "⏸ Je bent even weg tot en met {last}. Geen beurten, geen herinneringen, geen vragen.\n"
        "Vanaf {back} doe je weer mee.",
        "⏸ You are away until {last} (that day included). No turns, no reminders, no "
        "questions.\n"
        "From {back} you take part again.",
    ),
    "away.turns_handed": ("Je beurten:", "Your turns:"),
    "away.turn_open_line": (
        "• {task} — {day}: ik vraag in de groep wie het kan doen (zonder je naam)",
        "• {task} — {day}: I ask in the group who can do it (without your name)",
    ),
    "rota.pause_handed_line": (
        "• {task} — {day}: iemand anders doet het",
        "• {task} — {day}: someone else does it",
    ),
    "away.ended": (
        "▶️ Welkom terug! Je doet weer mee: het rooster, de stemmingen en de vragen.",
        "▶️ Welcome back! You take part again: the rota, the polls and the questions.",
    ),
    "away.not_away": (
        "Je bent niet weg. Je doet gewoon mee.",
        "You are not away. You simply take part.",
    ),
    "away.private": (
        "⏸ Even weg regel je in de privéchat met mij. Niemand in de groep ziet het.",
        "⏸ You set 'away for a while' in the private chat with me. Nobody in the group sees it.",
    ),
    "away.ask_date": (
        "📅 Tot en met welke dag ben je weg? Schrijf bijvoorbeeld 12-12.",
        "📅 Until which day are you away (that day included)? Write for example 12-12.",
    ),
    "away.back_auto": (
        "▶️ {house}: welkom terug! Je doet weer mee met het rooster, de stemmingen en de vragen.",
        "▶️ {house}: welcome back! You take part again in the rota, the polls and the questions.",
    ),
    # --- the meeting check-in, off for myself ---
    "away.checkin_on": (
        "👋 Voor de vergadering vraag ik hoe het met je gaat.",
        "👋 Before the meeting I ask how you are.",
    ),
    "away.checkin_off_always": (
        "🔕 Ik vraag niet meer hoe het met je gaat voor de vergadering.",
        "🔕 I no longer ask how you are before the meeting.",
    ),
    "away.checkin_off_until": (
        "🔕 Ik vraag niet hoe het met je gaat voor de vergadering, tot {date}.",
        "🔕 I don't ask how you are before the meeting, until {date}.",
    ),
    "away.button_checkin_off": ("🔕 Liever niet meer vragen", "🔕 Rather not be asked"),
    "away.button_checkin_on": ("🔔 Wel weer vragen", "🔔 Ask me again"),
    "away.button_checkin_keep": ("Toch wel vragen", "Keep asking me"),
    "away.checkin_menu": (
        "🔕 Wil je niet meer gevraagd worden hoe het met je gaat? Dat is goed.\nHoe lang?",
        "🔕 Would you rather not be asked how you are? That's fine.\nFor how long?",
    ),
    "away.checkin.month": ("Een maand", "A month"),
    "away.checkin.3months": ("Drie maanden", "Three months"),
    "away.checkin.always": ("Niet meer", "No more"),
    "away.checkin_set_always": (
        "🔕 Goed. Ik vraag het niet meer.\nWil je het toch weer? Tik hieronder, of typ /pauze.",
        "🔕 Fine. I won't ask any more.\nChanged your mind? Tap below, or type /pause.",
    ),
    "away.checkin_set_until": (
        "🔕 Goed. Ik vraag het weer vanaf {date}.\nEerder weer? Tik hieronder, of typ /pauze.",
        "🔕 Fine. I'll ask again from {date}.\nSooner? Tap below, or type /pause.",
    ),
    "away.checkin_set_on": (
        "🔔 Goed. Voor de vergadering vraag ik weer hoe het met je gaat.",
        "🔔 Fine. Before the meeting I'll ask again how you are.",
    ),
    "away.checkin_kept": (
        "👍 Goed. Ik blijf het vragen. Antwoorden hoeft nooit.",
        "👍 Fine. I'll keep asking. You never have to answer.",
    ),
    # --- care without alarm ---
    "checkin.offer_people": (
        "💛 Fijn dat je het laat weten.\n"
        "Wil je met iemand praten? Ik kan iemand vragen om contact met je op te nemen. "
        "Dat doe ik alleen als jij op een knop tikt.",
        "💛 Good that you let us know.\n"
        "Would you like to talk to someone? I can ask someone to get in touch with you. "
        "I only do that if you tap a button.",
    ),
    "checkin.offer_nobody": (
        "💛 Fijn dat je het laat weten.\n"
        "Praat erover met iemand die je vertrouwt, als je dat wilt.",
        "💛 Good that you let us know.\nTalk about it with someone you trust, if you want to.",
    ),
    "checkin.support_default": (
        "Is het heel zwaar? Je hoeft het niet alleen te dragen.\n"
        "📞 Praten kan altijd, ook 's nachts: 113 Zelfmoordpreventie, bel 0800-0113 (gratis) "
        "of chat op 113.nl\n"
        "Is er nu gevaar? Bel 112.",
        "Is it very hard right now? You don't have to carry it alone.\n"
        "📞 You can always talk, also at night: 113 Zelfmoordpreventie (suicide prevention), "
        "call 0800-0113 (free) or chat at 113.nl\n"
        "Is there danger right now? Call 112.",
    ),
    "checkin.contact_unreachable": (
        "Ik kan {name} nu niet bereiken. Vraag iemand anders, of probeer het later nog eens.",
        "I can't reach {name} right now. Ask someone else, or try again later.",
    ),
    "flags.emergency": (
        "🆘 Ben je nu in gevaar? Bel 112.\n"
        "Is het heel zwaar, of denk je aan zelfmoord? Je hoeft het niet alleen te dragen. "
        "Praten kan altijd, ook 's nachts: bel 113 of 0800-0113 (gratis), of chat op 113.nl.",
        "🆘 Are you in danger right now? Call 112.\n"
        "Is it very hard, or are you thinking about suicide? You don't have to carry it alone. "
        "You can always talk, also at night: call 113 or 0800-0113 (free), or chat at 113.nl.",
    ),
    "checkin.note_question": (
        "Wil je er iets bij zeggen? Typ een korte zin als antwoord op mijn volgende bericht.\n"
        "Liever niet? Tik op <b>Geen notitie</b>.",
        "Would you like to add something? Type a short sentence as a reply to my next message.\n"
        "Rather not? Tap <b>No note</b>.",
    ),
}

REMOVED = [
    "checkin.low_offer",
    "checkin.low_no_people",
    "rota.paused_open",
    "rota.paused_until",
    "rota.pause_menu",
    "rota.pause_set_until",
    "rota.pause_set_open",
    "rota.pause_handed",
    "rota.pause_ended",
    "rota.pause_not_paused",
    "rota.pause_private",
    "rota.ask_pause_date",
    "rota.pause_back_auto",
]
