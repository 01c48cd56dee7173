"""Texts of branch a: arriving (issue 17.4) and moving out, aftercare, buddies (issue 16)."""

TEXTS = {
    # --- arriving: the welcome ---
    "arrival.welcome": (
        "🏡 <b>Zo doen wij het hier</b> · {house}\n\n{text}",
        "🏡 <b>How we do things here</b> · {house}\n\n{text}",
    ),
    "arrival.house_way.default": (
        "Leuk dat je er bent!\n"
        "Hier beslissen de bewoners samen, in de bewonersvergadering. "
        "Iedereen mag een punt op de agenda zetten.\n"
        "We doen de taken samen, met een rooster. Je zegt zelf hoeveel je kunt doen.\n"
        "Gaat het even niet? Een stapje terug mag. Je hoeft niet te zeggen waarom.\n"
        "Heb je een vraag? Vraag het een bewoner, of je maatje.",
        "Glad you're here!\n"
        "Here the residents decide together, at the residents' meeting. "
        "Anyone may put a subject on the agenda.\n"
        "We share the tasks, with a rota. You say yourself how much you can do.\n"
        "Not going well for a while? Taking a step back is fine. You don't have to say why.\n"
        "A question? Ask a resident, or your buddy.",
    ),
    "arrival.buddy_offer": (
        "🤝 Wil je een maatje? Dat is iemand die hier al langer woont, of hier woonde. "
        "Je kunt samen koffie drinken of iets vragen. Ik vraag het eerst aan het maatje.",
        "🤝 Would you like a buddy? That is someone who has lived here longer, or used to live "
        "here. You can have a coffee together or ask things. I ask the buddy first.",
    ),
    "arrival.button_rules": ("📜 De huisregels", "📜 The house rules"),
    "arrival.button_meeting": ("📅 De volgende vergadering", "📅 The next meeting"),
    "arrival.button_rota": ("🧹 Het rooster", "🧹 The rota"),
    "arrival.button_buddy": ("🤝 Ja, ik wil graag een maatje", "🤝 Yes, I'd like a buddy"),
    "arrival.text_empty": (
        "Er staat nog niets. Typ de tekst als antwoord op mijn vraag.",
        "There is nothing yet. Type the text as a reply to my question.",
    ),
    "arrival.text_too_long": (
        "Dat is te lang. Gebruik hoogstens {max} tekens.",
        "That is too long. Use at most {max} characters.",
    ),
    # --- arriving: the evaluation talk ---
    "arrival.talk.ask_newcomer": (
        "🌱 Je woont nu {weeks} weken in {house}. Na de eerste weken is er een gesprek met de "
        "voorzitter: hoe gaat het, wat gaat goed, wat kan beter? Zullen we dat gesprek plannen?",
        "🌱 You have lived in {house} for {weeks} weeks now. After the first weeks there is a "
        "talk with the chair: how is it going, what goes well, what could be better? Shall we "
        "plan that talk?",
    ),
    "arrival.talk.ask_chair": (
        "🌱 {name} woont nu {weeks} weken in {house}. Tijd voor het gesprek na de eerste weken. "
        "Wil je dat gesprek met {name} plannen? Ik vraag het {name} ook zelf.",
        "🌱 {name} has lived in {house} for {weeks} weeks now. Time for the talk after the first "
        "weeks. Would you like to plan that talk with {name}? I'm asking {name} too.",
    ),
    "arrival.talk.button_yes": ("✅ Ja, plannen", "✅ Yes, let's plan it"),
    "arrival.talk.button_later": ("⏳ Nog niet", "⏳ Not yet"),
    "arrival.talk.later": (
        "Oké. Over twee weken vraag ik het nog een keer.",
        "Okay. I'll ask again in two weeks.",
    ),
    "arrival.talk.wait_chair": (
        "✅ Fijn. Ik wacht nog op de voorzitter. Zegt die ook ja? Dan laat ik het jullie "
        "allebei weten.",
        "✅ Good. I'm waiting for the chair. If the chair says yes too, I'll let you both know.",
    ),
    "arrival.talk.wait_newcomer": (
        "✅ Fijn. Ik wacht nog op {name}. Zegt {name} ook ja? Dan laat ik het jullie allebei "
        "weten.",
        "✅ Good. I'm waiting for {name}. If {name} says yes too, I'll let you both know.",
    ),
    "arrival.talk.both": (
        "🗓 Jullie willen het gesprek allebei plannen: jij en {name}. Spreek samen een tijd af. "
        "Stuur {name} een berichtje: {contact}",
        "🗓 You both want to plan the talk: you and {name}. Agree on a time together. "
        "Send {name} a message: {contact}",
    ),
    "arrival.talk.answered": (
        "Dit is al beantwoord. Dank je!",
        "This has been answered already. Thank you!",
    ),
    "arrival.talk.only_chair": (
        "Alleen de voorzitter kan dit beantwoorden.",
        "Only the chair can answer this.",
    ),
    # --- house settings: the settling-in period and the house's own text ---
    "hs.name.settle_weeks": ("Tijd om te wennen voor nieuwe bewoners", "Settling-in time"),
    "hs.value.settle_weeks.4": ("4 weken", "4 weeks"),
    "hs.value.settle_weeks.6": ("6 weken", "6 weeks"),
    "hs.value.settle_weeks.8": ("8 weken", "8 weeks"),
    "hs.value.settle_weeks.12": ("12 weken", "12 weeks"),
    "hs.name.house_way": ("Zo doen wij het hier", "How we do things here"),
    "hs.value.house_way.default": ("de gewone tekst", "the standard text"),
    "hs.value.typed": ("“{text}”", "“{text}”"),
    "hs.text_now": ("Zo staat het er nu:", "This is the text now:"),
    "hs.button_new_text": ("✏️ Een nieuwe tekst voorstellen", "✏️ Propose a new text"),
    "hs.type_text": (
        "✏️ Typ de nieuwe tekst voor '{name}' als antwoord op dit bericht.",
        "✏️ Type the new text for '{name}' as a reply to this message.",
    ),
    "hs.type_text_popup": ("Typ de tekst als antwoord op mijn vraag.", "Type the text as a reply."),
    "hs.question_text": (
        "Voorstel: een nieuwe tekst voor '{setting}' (de tekst staat hierboven)",
        "Proposal: a new text for '{setting}' (the text is above)",
    ),
    # --- /nazorg: what you chose, said plainly ---
    "aftercare.mine.title": ("🤝 <b>Nazorg van {house}</b>", "🤝 <b>Aftercare of {house}</b>"),
    "aftercare.mine.monthly_yes": (
        "🔔 Elke maand vraag ik hoe het met je gaat.",
        "🔔 Every month I ask how you are.",
    ),
    "aftercare.mine.monthly_no": (
        "🔕 Je hebt gekozen: niet elke maand vragen hoe het gaat.",
        "🔕 You chose: no monthly question how you are.",
    ),
    "aftercare.mine.monthly_wait_group": (
        "🔔 Je wilt elke maand de vraag hoe het gaat. Die vraag begint als er een nazorggroep is.",
        "🔔 You want the monthly question how you are. It starts once there is an aftercare group.",
    ),
    "aftercare.mine.monthly_house_off": (
        "🔔 Je wilt elke maand de vraag hoe het gaat. De voorzitter heeft die vraag nu uitgezet "
        "voor iedereen.",
        "🔔 You want the monthly question how you are. The chair has turned it off for everyone "
        "for now.",
    ),
    "aftercare.mine.buddy_yes": (
        "🤝 Je wilt maatje zijn voor een nieuwe bewoner.",
        "🤝 You would like to be a buddy for a new resident.",
    ),
    # --- moving out: ask first, then one message ---
    "aftercare.move.done": (
        "✅ Je bent nu oud-bewoner van {house}. Leuk dat je er was! 💛\n"
        "Ik zet in de groep dat je verhuisd bent. Wil je er een afscheid bij?",
        "✅ You are now a former resident of {house}. It was lovely having you! 💛\n"
        "I'll tell the group that you moved out. Would you like a goodbye with it?",
    ),
    "aftercare.goodbye.none": (
        "Oké. In de groep staat alleen dat je verhuisd bent.",
        "Okay. The group only reads that you moved out.",
    ),
    "aftercare.goodbye_line": (
        "👋 Leuk dat je er was, {name}! Veel geluk in je nieuwe huis. Kom gerust eens langs. 💛",
        "👋 It was lovely having you here, {name}! Good luck in your new home. "
        "Drop by any time. 💛",
    ),
    # --- help requests: residents too ---
    "aftercare.help.only_residents": (
        "Een hulpvraag aan de nazorggroep kan iedereen stellen die hier woont.",
        "Anyone who lives here can ask the aftercare group for help.",
    ),
    "aftercare.help.one_a_day": (
        "Je hebt vandaag al een hulpvraag gesteld. Morgen kan het weer.",
        "You already asked for help today. You can ask again tomorrow.",
    ),
    "aftercare.help.the_chair": ("de voorzitter", "the chair"),
    "aftercare.help.thanks": (
        "💛 Dank je! Ik laat het {name} weten.",
        "💛 Thank you! I'll let {name} know.",
    ),
    "aftercare.help.already": (
        "Je had je al gemeld. Dank je! Lukt het toch niet? Laat het {name} weten.",
        "You had offered already. Thank you! Can't make it after all? Let {name} know.",
    ),
    # --- buddies: the buddy first; residents may offer ---
    "aftercare.buddy.explain_resident": (
        "🤝 Een maatje is iemand die hier al langer woont, of een oud-bewoner. Iemand die het "
        "zelf heeft meegemaakt. Je kunt samen koffie drinken, iets vragen of gewoon praten. "
        "Wil je een maatje?",
        "🤝 A buddy is someone who has lived here longer, or a former resident. Someone who has "
        "been through it too. You can have a coffee together, ask things, or just talk. "
        "Would you like a buddy?",
    ),
    "aftercare.buddy.button_offer_resident": (
        "🤝 Ik wil maatje zijn voor een nieuwe bewoner",
        "🤝 I'd like to be a buddy for a new resident",
    ),
    "aftercare.buddy.offer_who": (
        "Maatje zijn kan als je hier al een tijd woont, of als oud-bewoner.",
        "You can be a buddy once you have lived here a while, or as a former resident.",
    ),
    "aftercare.buddy.propose_newcomer_resident": (
        "🤝 {name} woont al langer in {house} en wil graag je maatje zijn. Lijkt je dat wat?",
        "🤝 {name} has lived in {house} for a while and would like to be your buddy. "
        "Would you like that?",
    ),
    "aftercare.buddy.asking_newcomer": (
        "✅ Fijn! Nu vraag ik het aan {name}. Zegt {name} ook ja? Dan stel ik jullie aan elkaar "
        "voor.",
        "✅ Great! Now I'm asking {name}. If {name} says yes too, I'll introduce you.",
    ),
}

REMOVED = [
    "aftercare.mine.text",
    "aftercare.goodbye",
    "aftercare.help.only_chair",
    "aftercare.buddy.waiting",
    "aftercare.buddy.former_only",
    "aftercare.buddy.off_newcomer",
]

TEXTS["aftercare.help.request"] = (
    "🙋 <b>Hulpvraag van {house}</b>\n{question}\n"
    "Kun je helpen? Tik op de knop. Alleen wie de vraag stelde, ziet wie er helpt.",
    "🙋 <b>Request for help from {house}</b>\n{question}\n"
    "Can you help? Tap the button. Only the one who asked sees who helps.",
)

TEXTS["arrival.press_start"] = (
    "Tik eerst op ▶️ Start in mijn bericht hierboven. Dan kan ik het je sturen.",
    "First tap ▶️ Start in my message above. Then I can send it to you.",
)
