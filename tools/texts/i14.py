"""Texts of issue 14: deciding together (discuss first, secret by default, meetings)."""

TEXTS = {
    # --- discuss first ---
    "poll.option.discuss": ("💬 Eerst bespreken", "💬 Discuss first"),
    "poll.voted_discuss": (
        "💬 Je wilt dit eerst bespreken. Je kunt dat veranderen tot de stemming sluit.",
        "💬 You want to discuss this first. You can change that until the poll closes.",
    ),
    "poll.outcome.discuss.one": (
        "💬 Geen besluit: 1 stem voor eerst bespreken. Het onderwerp gaat naar de vergadering.",
        "💬 No decision: 1 vote to discuss it first. The subject goes to the meeting.",
    ),
    "poll.outcome.discuss.other": (
        "💬 Geen besluit: {count} stemmen voor eerst bespreken. "
        "Het onderwerp gaat naar de vergadering.",
        "💬 No decision: {count} votes to discuss it first. The subject goes to the meeting.",
    ),
    "poll.discuss_posted.one": (
        "💬 {question}\nGeen besluit: 1 stem voor eerst bespreken. "
        "Het staat op de agenda van de vergadering.",
        "💬 {question}\nNo decision: 1 vote to discuss it first. "
        "It is on the agenda of the meeting.",
    ),
    "poll.discuss_posted.other": (
        "💬 {question}\nGeen besluit: {count} stemmen voor eerst bespreken. "
        "Het staat op de agenda van de vergadering.",
        "💬 {question}\nNo decision: {count} votes to discuss it first. "
        "It is on the agenda of the meeting.",
    ),
    "poll.closed_to_meeting": (
        "💬 Gesloten. Geen besluit: het gaat naar de vergadering.",
        "💬 Closed. No decision: it goes to the meeting.",
    ),
    "meeting.item.discuss.one": (
        "{text} (1 stem voor eerst bespreken)",
        "{text} (1 vote to discuss it first)",
    ),
    "meeting.item.discuss.other": (
        "{text} ({count} stemmen voor eerst bespreken)",
        "{text} ({count} votes to discuss it first)",
    ),
    "agenda.from.discuss.one": (
        "stemming: 1 stem voor eerst bespreken",
        "poll: 1 vote to discuss it first",
    ),
    "agenda.from.discuss.other": (
        "stemming: {count} stemmen voor eerst bespreken",
        "poll: {count} votes to discuss it first",
    ),
    "poll.how.room": (
        "Besloten in de vergadering; een tweede bewoner heeft het bevestigd.",
        "Decided in the meeting; a second resident confirmed it.",
    ),
    # --- secret by default ---
    "poll.secret_until_close": (
        "🔒 Hoe er gestemd is, zie je als de stemming sluit.",
        "🔒 You see how people voted when the poll closes.",
    ),
    "poll.about_someone": (
        "👤 Deze stemming gaat over iemand. Geheim maken?\n{question}\n"
        "Bij geheim ziet niemand wie wat kiest.",
        "👤 This poll is about someone. Make it secret?\n{question}\n"
        "When it is secret, nobody sees who chose what.",
    ),
    "poll.button_make_secret": ("🔒 Ja, geheim", "🔒 Yes, secret"),
    "poll.button_keep_open": ("👁 Nee, open", "👁 No, open"),
    "poll.made_secret": (
        "🔒 De stemming is geheim.",
        "🔒 The poll is secret.",
    ),
    "poll.kept_open": (
        "👁 De stemming is open.",
        "👁 The poll is open.",
    ),
    # --- meetings lose no voice ---
    "meeting.did_it_happen": (
        "🪑 Is de vergadering doorgegaan?\n{house}, {when}.\n"
        "Zeg je niets, dan telt ze als niet gehouden. Alle punten blijven dan op de agenda.",
        "🪑 Did the meeting take place?\n{house}, {when}.\n"
        "If you say nothing, it counts as not held. Every item then stays on the agenda.",
    ),
    "meeting.button_it_happened": ("✅ Ja, gehouden", "✅ Yes, it was held"),
    "meeting.button_it_did_not": ("❌ Nee, niet doorgegaan", "❌ No, it did not happen"),
    "meeting.not_held": (
        "⚪ De vergadering van {when} is niet als gehouden gemeld. "
        "Alle punten blijven op de agenda.",
        "⚪ Nobody said the meeting of {when} was held. Every item stays on the agenda.",
    ),
    "meeting.not_held_private": (
        "⚪ Genoteerd: niet doorgegaan. Alle punten blijven op de agenda.",
        "⚪ Noted: it did not take place. Every item stays on the agenda.",
    ),
    "meeting.answered_already": (
        "Dit is al beantwoord.",
        "This has been answered already.",
    ),
    "meeting.not_chair": (
        "Alleen de voorzitter kan dit.",
        "Only the chair can do this.",
    ),
    "meeting.items_to_tick.one": (
        "☑️ De voorzitter vinkt aan of het agendapunt besproken is. Anders blijft het staan.",
        "☑️ The chair ticks whether the item was discussed. If not, it stays on the agenda.",
    ),
    "meeting.items_to_tick.other": (
        "☑️ De voorzitter vinkt aan welke {count} agendapunten besproken zijn. "
        "De rest blijft staan.",
        "☑️ The chair ticks which of the {count} items were discussed. "
        "The rest stays on the agenda.",
    ),
    "meeting.button_cant_come": ("🙋 Ik kan niet komen", "🙋 I can't come"),
    "meeting.absent_ask_name": (
        "🙋 Genoteerd: je kunt niet komen ({when}).\n"
        "De voorzitter ziet alleen hoeveel mensen niet kunnen komen. Mag je naam erbij?",
        "🙋 Noted: you can't come ({when}).\n"
        "The chair only sees how many people can't come. May your name be shown?",
    ),
    "meeting.button_absent_named": ("Ja, met mijn naam", "Yes, with my name"),
    "meeting.button_absent_anon": ("Nee, zonder naam", "No, without my name"),
    "meeting.absent_named": (
        "✅ De voorzitter ziet je naam.",
        "✅ The chair sees your name.",
    ),
    "meeting.absent_anon": (
        "✅ De voorzitter ziet je naam niet. Alleen het aantal.",
        "✅ The chair does not see your name. Only the number.",
    ),
    "meeting.absent_noted": (
        "🙋 Genoteerd. Kijk in je privéchat met mij: mag je naam erbij?",
        "🙋 Noted. Look in your private chat with me: may your name be shown?",
    ),
    "meeting.absent_noted_no_chat": (
        "🙋 Genoteerd. De voorzitter ziet alleen het aantal, niet je naam.",
        "🙋 Noted. The chair only sees the number, not your name.",
    ),
    "meeting.can_come_after_all": (
        "👍 Genoteerd: je kunt toch komen.",
        "👍 Noted: you can come after all.",
    ),
    "meeting.absent.one": ("🙋 1 persoon kan niet komen.", "🙋 1 person can't come."),
    "meeting.absent.other": (
        "🙋 {count} mensen kunnen niet komen.",
        "🙋 {count} people can't come.",
    ),
    "meeting.absent_names": ("({names})", "({names})"),
    "meeting.button_step_down": ("🪑 Stoppen als voorzitter", "🪑 Step down as chair"),
    "meeting.stepped_down": (
        "🪑 {name} stopt als voorzitter.",
        "🪑 {name} steps down as chair.",
    ),
    "meeting.stepped_down_popup": (
        "Je bent geen voorzitter meer. Je staat niet meer op de lijst.",
        "You are no longer chair. You are off the list.",
    ),
    "meeting.room_empty": ("Schrijf het besluit op.", "Write down the decision."),
    "meeting.room_too_long": (
        "Dat is te lang. Houd het kort.",
        "That is too long. Keep it short.",
    ),
    "meeting.room_confirmed_already": (
        "Dit besluit is al bevestigd.",
        "This decision has been confirmed already.",
    ),
    "meeting.room_residents": (
        "Alleen bewoners kunnen een besluit bevestigen.",
        "Only residents can confirm a decision.",
    ),
    "meeting.room_someone_else": (
        "Een andere bewoner moet dit bevestigen.",
        "Another resident has to confirm this.",
    ),
    "meeting.button_room_decision": (
        "📝 Besluit uit de vergadering",
        "📝 Decision from the meeting",
    ),
    "meeting.room_ask": (
        "📝 Welk besluit is er in de vergadering genomen? Schrijf het kort op. "
        "Een andere bewoner bevestigt het daarna in de groep.",
        "📝 Which decision was taken in the meeting? Write it down briefly. "
        "Another resident then confirms it in the group.",
    ),
    "meeting.room_posted": (
        "📝 Besluit uit de vergadering, opgeschreven door {name}:\n{text}\n\n"
        "Klopt dit? Een andere bewoner tikt op ✅ Klopt. Dan komt het in de besluitenlijst.",
        "📝 Decision from the meeting, written down by {name}:\n{text}\n\n"
        "Is this right? Another resident taps ✅ Right. Then it goes into the decision log.",
    ),
    "meeting.room_button_confirm": ("✅ Klopt", "✅ Right"),
    "meeting.room_waiting": (
        "📝 Het besluit staat in de groep. Het wacht op een tweede bewoner.",
        "📝 The decision is in the group. It waits for a second resident.",
    ),
    "meeting.room_confirmed": (
        "📋 Besluit {number} (uit de vergadering):\n{text}\n"
        "Opgeschreven door {chair}, bevestigd door {name}.",
        "📋 Decision {number} (from the meeting):\n{text}\n"
        "Written down by {chair}, confirmed by {name}.",
    ),
    "meeting.room_confirmed_popup": (
        "✅ Bevestigd. Besluit {number} staat in de besluitenlijst.",
        "✅ Confirmed. Decision {number} is in the decision log.",
    ),
    # --- an agenda item added in private ---
    "agenda.added_private": (
        "📋 Op de agenda gezet. Met je naam of zonder?\n\n"
        "Met je naam staat er in de groep:\n{named}\n\n"
        "Zonder naam staat er:\n{anonymous}\n\n"
        "Tot je kiest, staat het er zonder naam.",
        "📋 Put on the agenda. With your name or without?\n\n"
        "With your name, the group reads:\n{named}\n\n"
        "Without your name, it reads:\n{anonymous}\n\n"
        "Until you choose, it shows without a name.",
    ),
    "agenda.button_with_name": ("Met mijn naam", "With my name"),
    "agenda.button_without_name": ("Zonder naam", "Without my name"),
    "agenda.name_chosen": (
        "📋 Op de agenda. Zo staat het in de groep:\n{line}",
        "📋 On the agenda. This is how the group reads it:\n{line}",
    ),
    "meeting.after": (
        "✅ Gehouden: de vergadering van {when}.\n"
        "Vink aan wat besproken is. Daarna kun je notulen schrijven of besluiten erbij zetten.",
        "✅ Held: the meeting of {when}.\n"
        "Tick what was discussed. Then you can write minutes or add decisions.",
    ),
    "meeting.items_pick": (
        "☑️ Tik op wat besproken is. Wat geen vinkje heeft, blijft op de agenda.",
        "☑️ Tap what was discussed. What has no tick stays on the agenda.",
    ),
    # --- an objection's reason: a preview before saving ---
    "poll.reason_preview": (
        "✋ Zo komt je reden op de agenda in de groep:\n{line}\n\n"
        "Is dat goed? Je kunt ook een nieuwe reden sturen als antwoord op dit bericht.",
        "✋ This is how your reason will read on the agenda in the group:\n{line}\n\n"
        "Is that right? You can also send a new reason as a reply to this message.",
    ),
    "poll.button_reason_save": ("✅ Zo op de agenda", "✅ Put it on the agenda like this"),
    "poll.button_reason_chair": (
        "🪑 Alleen voor de voorzitter om voor te lezen",
        "🪑 Only for the chair to read out",
    ),
    "poll.button_reason_skip": ("⏭ Overslaan, geen reden", "⏭ Skip, no reason"),
    "poll.reason_done_chair": (
        "✅ Dank je. Alleen de voorzitter ziet je reden en leest hem voor in de vergadering.",
        "✅ Thank you. Only the chair sees your reason and reads it out in the meeting.",
    ),
    "poll.reason_done_skip": (
        "👍 Goed. Je bezwaar telt, zonder reden.",
        "👍 Fine. Your objection counts, without a reason.",
    ),
    "meeting.reason_chair_reads": (
        "de voorzitter leest de reden voor",
        "the chair reads out the reason",
    ),
}
