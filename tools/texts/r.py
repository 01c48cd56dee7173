"""Texts of branch r (issue 16, "Rota: nobody gets more than they said yes to"): the capacity
question at the first opt-in, the chair told of turns nobody has room for, the group reminder's
buttons, "Wie is de volgende?" without who did or did not, and "Overdragen" for a hand-over."""

TEXTS = {
    # --- how much can you take on: asked at the first opt-in ---
    "rota.capacity_first": (
        "✅ Je doet mee met {task} ({house}).\n"
        "Hoeveel beurten per week kun je doen? Je krijgt nooit meer dan je hier kiest.\n"
        "Kies je niets, dan krijg je 1 beurt per week.",
        "✅ You take part in {task} ({house}).\n"
        "How many turns a week can you do? You never get more than you choose here.\n"
        "If you choose nothing, you get 1 turn a week.",
    ),
    "rota.joined_popup_asked": (
        "✅ Je doet mee met {task}. In de privéchat vraag ik hoeveel beurten je kunt doen.",
        "✅ You take part in {task}. In the private chat I ask how many turns you can do.",
    ),
    "rota.joined_popup_smallest": (
        "✅ Je doet mee met {task}. Je krijgt 1 beurt per week. "
        "Kun je meer? Zeg het in de privéchat met mij: /rooster meedoen.",
        "✅ You take part in {task}. You get 1 turn a week. "
        "Can you do more? Say so in the private chat with me: /rota join.",
    ),
    # --- turns nobody has room for: the chair is told privately ---
    "rota.uncovered": (
        "📋 {house}: voor deze beurten is nog niemand. "
        "Ik geef niemand meer beurten dan hij zelf koos.",
        "📋 {house}: nobody has these turns yet. I never give anyone more turns than they chose.",
    ),
    "rota.uncovered_line": ("• {task} — {day}, {time}", "• {task} — {day}, {time}"),
    "rota.uncovered_hint": (
        "Op de dag zelf vraag ik in de groep wie het wil doen. "
        "Je kunt ook vragen of meer mensen meedoen.",
        "On the day I ask in the group who wants to do it. "
        "You can also ask if more people want to take part.",
    ),
    "rota.form_uncovered": (
        "Beurten zonder iemand de komende week: {count}. Niemand krijgt meer dan hij zei.",
        "Turns without anyone in the coming week: {count}. Nobody gets more than they said.",
    ),
    # --- the group reminder: the right buttons and hint ---
    "rota.group_reminder_open_hint": (
        "Wie wil het doen? Tik op 🙋 Ik doe het.",
        "Who wants to do it? Tap 🙋 I'll do it.",
    ),
    # --- who is next: who and when, never who did (or did not) do it ---
    "rota.next_line": ("• {task}: {name}, {day}", "• {task}: {name}, {day}"),
    "rota.next_open": ("• {task}, {day}: nog open", "• {task}, {day}: still open"),
    "rota.next_unplanned": (
        "• {task}: de volgende beurt is nog niet gepland",
        "• {task}: the next turn is not planned yet",
    ),
    # the reason, only in the chair's private task form: about turns, not about doing
    "rota.why.never": ("had nog geen beurt", "has not had a turn yet"),
    "rota.why.today": ("heeft vandaag een beurt", "has a turn today"),
    "rota.why.yesterday": ("had gisteren een beurt", "had a turn yesterday"),
    "rota.why.days": ("had {days} dagen geleden een beurt", "had a turn {days} days ago"),
    # --- a hand-over, named as such ---
    "rota.button_swap": ("🔁 Overdragen", "🔁 Hand over"),
    "rota.swap_request": (
        "🔁 {name} zoekt iemand die {task} overneemt: {day}, om {time}.",
        "🔁 {name} is looking for someone to take over {task}: {day}, at {time}.",
    ),
    "rota.swap_already": (
        "Je vraag om het over te dragen staat al in de groep.",
        "Your request to hand it over is in the group already.",
    ),
    "rota.private_reminder_hint": (
        "Lukt het niet? Tik op Overdragen of Kan niet. Dat is geen probleem.",
        "Can't make it? Tap Hand over or Can't. That is fine.",
    ),
}
