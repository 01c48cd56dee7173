"""Texts of branch d: plain Dutch (B1), one voice (issue 16); the house's own words (17.6)."""

TEXTS = {
    # --- /setup → /instellen; "beheerder" → "groepsbeheerder" -------------------------------
    "group.hello": (
        "Hallo allemaal! 👋 Ik ben Huisbot, de hulp van jullie huis in deze groep.\n"
        "Ik help met stemmen, taken, de huisvergadering en de huisregels: "
        "jullie beslissen, ik help.\n\n"
        "Een groepsbeheerder kan nu /instellen sturen om te beginnen.",
        "Hello everyone! 👋 I am Huisbot, your house's helper in this group.\n"
        "I help with votes, tasks, the house meeting and the house rules: you decide, I help.\n\n"
        "An admin of this group can now send /setup to get started.",
    ),
    "setup.in_group_only": (
        "Stuur /instellen in de groep van je huis, niet hier.",
        "Send /setup in your house's group, not here.",
    ),
    "setup.done": (
        "✅ Klaar. Met /instellen zie je de instellingen van {house} weer.",
        "✅ Done. Send /setup to see the settings of {house} again.",
    ),
    "help.group_no_house": (
        "Dit huis is nog niet aangemeld. Een groepsbeheerder kan /instellen sturen.",
        "This house is not registered yet. An admin of this group can send /setup.",
    ),
    "help.group": (
        "Ik ben Huisbot, de hulp van dit huis. Jullie beslissen samen, ik help.\n\n"
        "• /stemming – een stemming (de voorzitter start die)\n"
        "• /besluiten – wat het huis besloot\n"
        "• /agenda – onderwerpen voor de vergadering\n"
        "• /vergadering – de volgende vergadering\n"
        "• /rooster – wie doet welke taak\n"
        "• /regels – de huisregels\n"
        "• /leden – wie hoort bij het huis\n"
        "• /verhuizen – je gaat verhuizen\n"
        "• /nazorg – de groep voor oud-bewoners\n"
        "• /taal – kies je eigen taal\n"
        "• /hulp – dit bericht\n"
        "• /instellen – instellingen (voor groepsbeheerders)\n\n"
        "Iets vervelends of onveiligs melden? Dat doe je privé, met /melding. "
        "Niemand in de groep ziet het.",
        "I am Huisbot, this house's helper. You decide together, I help.\n\n"
        "• /poll – a vote (the chair starts it)\n"
        "• /decisions – what the house decided\n"
        "• /agenda – subjects for the meeting\n"
        "• /meeting – the next meeting\n"
        "• /rota – who does which task\n"
        "• /rules – the house rules\n"
        "• /members – who belongs to the house\n"
        "• /moveout – you are moving out\n"
        "• /aftercare – the group for former residents\n"
        "• /language – choose your own language\n"
        "• /help – this message\n"
        "• /setup – settings (for admins)\n\n"
        "Want to report something unpleasant or unsafe? Do it privately, with /flag. "
        "Nobody in the group sees it.",
    ),
    "help.private": (
        "Hoi! Dit kan ik voor je doen:\n\n"
        "• /rooster – jouw taken\n"
        "• /pauze – even een stapje terug, zonder reden\n"
        "• /agenda – iets op de agenda zetten\n"
        "• /besluiten – wat het huis besloot\n"
        "• /vergadering – de volgende vergadering\n"
        "• /mijncheckins – hoe het met je ging\n"
        "• /regels – de huisregels\n"
        "• /melding – iets melden, alleen privé\n"
        "• /leden – wie hoort bij je huis\n"
        "• /maatje – een maatje vragen of zijn\n"
        "• /verhuizen – je gaat verhuizen\n"
        "• /nazorg – contact houden na je verhuizing\n"
        "• /mijngegevens – alles wat ik over je bewaar\n"
        "• /vergeetmij – alles over jou wissen\n"
        "• /taal – Nederlands of Engels\n"
        "• /hulp – dit bericht\n\n"
        "Ik stuur je hier soms een bericht, bijvoorbeeld een herinnering.",
        "Hi! This is what I can do for you:\n\n"
        "• /rota – your tasks\n"
        "• /pause – take a step back for a while, no reason needed\n"
        "• /agenda – put something on the agenda\n"
        "• /decisions – what the house decided\n"
        "• /meeting – the next meeting\n"
        "• /mycheckins – how you have been\n"
        "• /rules – the house rules\n"
        "• /flag – report something, privately\n"
        "• /members – who belongs to your house\n"
        "• /buddy – ask for a buddy, or be one\n"
        "• /moveout – you are moving out\n"
        "• /aftercare – stay in touch after you move out\n"
        "• /mydata – everything I keep about you\n"
        "• /forgetme – delete everything about you\n"
        "• /language – Dutch or English\n"
        "• /help – this message\n\n"
        "I sometimes send you a message here, for example a reminder.",
    ),
    "help.confidant": (
        "🤝 <b>Je bent vertrouwenspersoon van {house}.</b> De vergadering heeft je gekozen.\n"
        "Wat betekent dat?\n"
        "• Doet een bewoner een /melding voor de vertrouwenspersonen? "
        "Dan krijg je die privé van mij.\n"
        "• Jij kiest of je een melding oppakt. Pak je hem op? "
        "Dan laat ik de melder weten dat jij het bent.\n"
        "• Je luistert en helpt zoeken naar een oplossing. "
        "Je beslist niets voor het huis en je vertelt niets door zonder toestemming.\n"
        "• Is het te zwaar? Dan mag je het zeggen. Vraag een andere vertrouwenspersoon "
        "of iemand van buiten het huis.",
        "🤝 <b>You are a confidant of {house}.</b> The meeting chose you.\n"
        "What does that mean?\n"
        "• When a resident sends a /flag to the confidants, I send it to you privately.\n"
        "• You choose whether to pick a report up. If you do, "
        "I tell the person who reported that it is you.\n"
        "• You listen and help look for a way out. "
        "You decide nothing for the house and you pass nothing on without permission.\n"
        "• Is it too much? Then say so. Ask another confidant or someone from outside the house.",
    ),
    "language.group": (
        "In de groep praat ik de taal van het huis: {language}. "
        "Een groepsbeheerder kan dat veranderen met /instellen.\n"
        "Je eigen taal kies je in de privéchat met /taal.",
        "In the group I speak the house's language: {language}. "
        "An admin can change that with /setup.\n"
        "Choose your own language in the private chat with /language.",
    ),
    "cmd.setup": (
        "Huisbesluiten bekijken (iedereen), de groep instellen (groepsbeheerders)",
        "House decisions (everyone), set up the group (admins)",
    ),
    "setup.only_admin": (
        "Alleen een groepsbeheerder kan de instellingen veranderen. "
        "Vraag het aan een groepsbeheerder.",
        "Only an admin of this group can change the settings. Ask an admin.",
    ),
    "setup.rights_none": (
        "ℹ️ Ik ben geen groepsbeheerder in deze groep. Dat is goed. "
        "Ik zie dan alleen opdrachten (zoals /hulp) en antwoorden op mijn berichten.\n"
        "Maak je mij groepsbeheerder? Dan kan ik ook:\n"
        "• zien wie er nieuw is in de groep\n"
        "• aanvragen om lid te worden goedkeuren (met de uitnodigingslink)\n"
        "• een /melding in de groep meteen weghalen",
        "ℹ️ I am not an admin in this group. That is fine. "
        "I then see only commands (like /help) and replies to my messages.\n"
        "If you make me an admin, I can also:\n"
        "• see who is new in the group\n"
        "• approve requests to join (with the invite link)\n"
        "• remove a /flag from the group straight away",
    ),
    "setup.rights_admin": (
        "ℹ️ Ik ben groepsbeheerder in deze groep. Ik zie wie er nieuw is, "
        "ik keur aanvragen om lid te worden goed en ik kan een /melding in de groep weghalen. "
        "Gewone berichten bewaar ik niet.",
        "ℹ️ I am an admin in this group. I see who is new, I approve requests to join "
        "and I can remove a /flag from the group. I do not keep ordinary messages.",
    ),
    "setup.invite_needs_admin": (
        "Dat lukt nog niet. Maak mij groepsbeheerder, met het recht om mensen uit te nodigen.",
        "That doesn't work yet. Make me an admin of the group, with the right to invite users.",
    ),
    "members.only_manager": (
        "Alleen de voorzitter of een groepsbeheerder kan dit.",
        "Only the chair or an admin of the group can do this.",
    ),
    "members.status_set_by_manager": (
        "Je staat in de lijst als {status}. Dat heeft de voorzitter of een groepsbeheerder "
        "zo gezet. Vraag hen om het te veranderen.",
        "You are listed as {status}. The chair or an admin set this. Ask them to change it.",
    ),
    "members.edit_note": (
        "Een rol geven of afnemen, of iemand de stem afnemen: dat is een voorstel. "
        "Een tweede bewoner bevestigt het in de groep. Heeft het huis nog geen 3 bewoners? "
        "Dan mag de voorzitter of een groepsbeheerder het meteen doen.",
        "Giving or taking a role, or taking someone's vote: that is a proposal. "
        "A second resident confirms it in the group. Does the house have fewer than "
        "3 residents? Then the chair or an admin may do it at once.",
    ),
    "members.bootstrap_note": (
        "Het huis heeft nog geen {residents} bewoners. Daarom mag de voorzitter of een "
        "groepsbeheerder dit nu nog alleen doen. Later bevestigt een tweede bewoner "
        "zo'n verandering.",
        "The house has fewer than {residents} residents. So the chair or an admin may still "
        "do this alone. Later a second resident confirms such a change.",
    ),
    "aftercare.link.how": (
        "Is dit de nazorggroep van jullie huis? Dan stuurt een groepsbeheerder: /instellen nazorg",
        "Is this your house's aftercare group? Then an admin of this group sends: /setup aftercare",
    ),
    "aftercare.link.house_group": (
        "Dit is de groep van de bewoners. De nazorggroep is een aparte groep. "
        "Stuur /instellen nazorg in die groep.",
        "This is the residents' group. The aftercare group is a separate group. "
        "Send /setup aftercare in that group.",
    ),
    "aftercare.link.not_here": (
        "Stuur /instellen nazorg in de nazorggroep zelf, niet hier.",
        "Send /setup aftercare in the aftercare group itself, not here.",
    ),
    "aftercare.link.needs_admin": (
        "Maak mij eerst groepsbeheerder van deze groep, met het recht om mensen uit te "
        "nodigen. Stuur daarna opnieuw /instellen nazorg.",
        "First make me an admin of this group, with the right to invite users. "
        "Then send /setup aftercare again.",
    ),
    "aftercare.link.only_admin": (
        "Alleen een groepsbeheerder kan dit doen.",
        "Only an admin of this group can do this.",
    ),
    "aftercare.link.no_house": (
        "Alleen de voorzitter van een huis, of een groepsbeheerder van de groep van de "
        "bewoners, kan de nazorggroep met het huis verbinden. Dat ben jij (nog) niet.",
        "Only a house's chair, or an admin of the residents' group, can connect the aftercare "
        "group to the house. That isn't you (yet).",
    ),
    "aftercare.link.done_house": (
        "🤝 {name} heeft de nazorggroep met het huis verbonden. Wie verhuist, krijgt van mij "
        "een uitnodiging voor die groep.",
        "🤝 {name} connected the aftercare group to the house. Whoever moves out gets an "
        "invitation to that group from me.",
    ),
    "aftercare.unlinked_house": (
        "De nazorggroep is niet meer met het huis verbonden.",
        "The aftercare group is no longer connected to the house.",
    ),
    "aftercare.settings.linked": ("verbonden ✅", "connected ✅"),
    "aftercare.settings.not_linked": ("nog niet verbonden", "not connected yet"),
    "aftercare.settings.how_to_link": (
        "Zo maak je een nazorggroep: maak een aparte Telegram-groep voor oud-bewoners. "
        "Zet mij erin en maak mij groepsbeheerder, met het recht om mensen uit te nodigen. "
        "Stuur dan in die groep: /instellen nazorg. Dan is de groep met het huis verbonden.",
        "How to make an aftercare group: make a separate Telegram group for former residents. "
        "Add me and make me an admin, with the right to invite users. "
        "Then send in that group: /setup aftercare. Then the group is connected to the house.",
    ),
    "aftercare.settings.only_chair": (
        "Alleen de voorzitter of een groepsbeheerder kan dit veranderen.",
        "Only the chair or an admin can change this.",
    ),
    "aftercare.mine.no_group": (
        "Er is nog geen nazorggroep. De voorzitter kan er een maken.",
        "There is no aftercare group yet. The chair can make one.",
    ),
    "aftercare.help.no_group": (
        "Er is nog geen nazorggroep. Typ /nazorg om te zien hoe je er een maakt.",
        "There is no aftercare group yet. Type /aftercare to see how to make one.",
    ),
    "aftercare.setup.is_aftercare_group": (
        "Dit is de nazorggroep van {house}, geen huis. /instellen is voor de groep van de "
        "bewoners. Wil je deze groep los van het huis maken? Stuur: /instellen nazorg ontkoppel",
        "This is the aftercare group of {house}, not a house. /setup is for the residents' "
        "group. Disconnect it from the house? Send: /setup aftercare unlink",
    ),
    # --- bezwaar tegen ----------------------------------------------------------------------
    "poll.no_objection": (
        "Je hebt (nu) geen bezwaar tegen deze stemming.",
        "You have no objection in this vote (now).",
    ),
    "poll.ask_reason": (
        "✋ Je hebt bezwaar tegen: {question}\n"
        "Wat is je reden, in één zin? Antwoord op dit bericht.",
        "✋ You objected to: {question}\nWhat is your reason, in one sentence? "
        "Reply to this message.",
    ),
    "agenda.from.objection": ("bezwaar tegen: {question}", "objection to: {question}"),
    "meeting.item.objection": (
        "Bezwaar tegen „{question}”: {text}",
        "Objection to “{question}”: {text}",
    ),
    # --- who did what, in the right order ---------------------------------------------------
    "members.role_given": ("{name} is nu <b>{role}</b>.", "{name} is now <b>{role}</b>."),
    "members.role_given_by": (
        "{name} is nu <b>{role}</b>. {actor} heeft dit veranderd.",
        "{name} is now <b>{role}</b>. {actor} changed this.",
    ),
    "poll.only_chair": (
        "Alleen de voorzitter ({chair}) kan een stemming starten.",
        "Only the chair ({chair}) can start a vote.",
    ),
    "poll.no_chair": (
        "Alleen de voorzitter kan een stemming starten. Er is nog geen voorzitter. "
        "Een groepsbeheerder kan er een kiezen met /leden.",
        "Only the chair can start a vote. There is no chair yet. "
        "An admin can choose one with /members.",
    ),
    "poll.only_chair_may": (
        "Alleen de voorzitter ({chair}) kan dit.",
        "Only the chair ({chair}) can do this.",
    ),
    "meeting.only_chair": (
        "Alleen de voorzitter ({chair}) kan dit.",
        "Only the chair ({chair}) can do this.",
    ),
    "rota.only_chair": (
        "Alleen de voorzitter ({chair}) kan taken maken.",
        "Only the chair ({chair}) can make tasks.",
    ),
    "aftercare.help.only_chair": (
        "Alleen de voorzitter kan een hulpvraag aan de nazorggroep stellen.",
        "Only the chair can ask the aftercare group for help.",
    ),
    "poll.posted": (
        "🗳 De stemming staat in de groep: {question}\n"
        "Met de knoppen hieronder kun je eraan herinneren, haar eerder sluiten of stoppen.",
        "🗳 The vote is in the group: {question}\n"
        "With the buttons below you can send a reminder, close it early or cancel it.",
    ),
    "flags.detail": (
        "📝 <b>Melding van {day}</b>\nOnderwerp: {topic}\nNaar: {route}\nNu: {state}\n\n{text}",
        "📝 <b>Report of {day}</b>\nSubject: {topic}\nTo: {route}\nNow: {state}\n\n{text}",
    ),
    "flags.notice": (
        "🤝 <b>Melding voor de vertrouwenspersonen van {house}</b>\n"
        "Van: {name}\nOnderwerp: {topic}\n\n{text}\n\n"
        "Wil jij dit oppakken? Dan laat ik {name} weten dat jij het bent.",
        "🤝 <b>Report for the confidants of {house}</b>\nFrom: {name}\nSubject: {topic}\n\n"
        "{text}\n\nWill you pick this up? Then I'll tell {name} it's you.",
    ),
    "flags.text_step": (
        "📝 Onderwerp: <b>{topic}</b>\n\n"
        "Wil je er iets over schrijven? Dat mag, het hoeft niet. Daarna kies je wie het krijgt.",
        "📝 Subject: <b>{topic}</b>\n\n"
        "Do you want to write something about it? You may, you don't have to. "
        "Then you choose who gets it.",
    ),
    "flags.topic.unsafe": ("Ik voel me niet veilig", "I don't feel safe"),
    "flags.state.saved": ("bewaard, alleen voor jou", "kept, only for you"),
    "flags.picked_for_reporter": (
        "🙋 {name} pakt je melding op ({house}) en neemt contact met je op. "
        "Je mag ook zelf een bericht sturen.",
        "🙋 {name} is picking up your report ({house}) and will get in touch with you. "
        "You may also send a message yourself.",
    ),
    "rota.announce_note": (
        "📋 De vergadering besloot dit: {note}.",
        "📋 The meeting decided this: {note}.",
    ),
    "rota.capacity_line": ("Jouw keuze: {capacity}.", "Your choice: {capacity}."),
    "poll.turnout": ("✋ Gestemd: {voted} van {eligible}.", "✋ Voted: {voted} of {eligible}."),
    "poll.result_posted": (
        "📋 Besluit {number}: {question}\n{outcome}\nGestemd: {voted} van {eligible}.",
        "📋 Decision {number}: {question}\n{outcome}\nVoted: {voted} of {eligible}.",
    ),
    # --- jargon: onthouding, notulen, reserve, ondersteuners, incheckronde ------------------
    "poll.how.yes_no": (
        "Stem voor of tegen. Wil je niet stemmen? Tik dan op Ik stem niet.",
        "Vote for, against, or abstain.",
    ),
    "poll.option.abstain": ("🤷 Ik stem niet", "🤷 Abstain"),
    "poll_form.kind.yes_no": ("👍 Voor, tegen of ik stem niet", "👍 For, against or abstain"),
    "decisions.more_hint": (
        "Zoeken: /besluiten en een woord. Een bestand voor het verslag: /besluiten exporteren.",
        "Search: /decisions and a word. A file for the minutes: /decisions export.",
    ),
    "decisions.period_unreadable": (
        "Die periode snap ik niet. Schrijf bijvoorbeeld:\n"
        "/besluiten exporteren 2026-11 (een maand)\n"
        "/besluiten exporteren 2026 (een jaar)\n"
        "/besluiten exporteren 2026-10-01 2026-11-30 (van dag tot dag)",
        "I don't understand that period. Write for example:\n"
        "/decisions export 2026-11 (a month)\n"
        "/decisions export 2026 (a year)\n"
        "/decisions export 2026-10-01 2026-11-30 (from day to day)",
    ),
    "decisions.export_caption": (
        "📋 Besluitenlijst van {period} voor het verslag. Aantal besluiten: {count}.",
        "📋 Decision log of {period} for the minutes. Number of decisions: {count}.",
    ),
    "meeting.button_minutes": ("📝 Verslag", "📝 Minutes"),
    "meeting.after": (
        "✅ Gehouden: de vergadering van {when}.\n"
        "Vink aan wat besproken is. Daarna kun je een verslag schrijven of besluiten "
        "erbij zetten.",
        "✅ Held: the meeting of {when}.\n"
        "Tick what was discussed. Then you can write minutes or add decisions.",
    ),
    "meeting.ask_minutes": (
        "📝 Typ het verslag: kort, wat is besproken en afgesproken. Antwoord op dit bericht.",
        "📝 Type the minutes: briefly, what was discussed and agreed. Reply to this message.",
    ),
    "meeting.minutes_saved": (
        "✅ Het verslag is bewaard. Iedereen ziet het met /vergadering vorige.",
        "✅ The minutes are saved. Everyone sees them with /meeting last.",
    ),
    "meeting.minutes_empty": (
        "Het verslag is leeg. Schrijf wat er is besproken.",
        "The minutes are empty. Write what was discussed.",
    ),
    "meeting.last.minutes": ("📝 Verslag:\n{minutes}", "📝 Minutes:\n{minutes}"),
    "meeting.last.no_minutes": ("📝 Nog geen verslag.", "📝 No minutes yet."),
    "rota.ask_backup": (
        "🙋 {house}: kun jij {day} invallen voor {task}, om {time}? "
        "Je bent de reserve: je doet het alleen als het nodig is. Ja of nee, allebei is goed.",
        "🙋 {house}: can you step in for {task} {day}, at {time}? You are the backup: "
        "you only do it if needed. Yes or no, both are fine.",
    ),
    "members.heading.supporter": (
        "🤝 <b>Ondersteuners</b> (ervaringswerkers en sociaal werkers)",
        "🤝 <b>Supporters</b> (peer workers and social workers)",
    ),
    "rota.residents_only": (
        "Meedoen kan voor bewoners en ondersteuners (ervaringswerkers en sociaal werkers).",
        "Residents and supporters (peer workers and social workers) can take part.",
    ),
    "checkin.question": (
        "👋 <b>Hoe gaat het met je?</b>\nTik wat past. Antwoorden hoeft niet.\n\n"
        "Dit is de incheckronde van {house}: voor de vergadering van {when} vraag ik "
        "iedereen even hoe het gaat.",
        "👋 <b>How are you?</b>\nTap what fits. You don't have to answer.\n\n"
        "This is the check-in round of {house}: before the meeting of {when} I ask everyone "
        "how they are.",
    ),
    "cmd.mycheckins": (
        "Hoe het met je ging (alleen voor jou)",
        "Your check-ins (only for you)",
    ),
    # --- inlezen, one word; Dutch command words --------------------------------------------
    "rules.only_chair": (
        "Alleen de voorzitter kan het regelboek inlezen. "
        "Daarna bevestigen de bewoners het met een besluit.",
        "Only the chair can read in the rule book. Then the residents confirm it with a decision.",
    ),
    "rules.import_in_private": (
        "Het regelboek inlezen doe je in de privéchat met mij. Typ daar /regels inlezen.",
        "You read in the rule book in your private chat with me. Type /rules import there.",
    ),
    "rules.import_cancelled": (
        "✖️ Niet opgeslagen. Je kunt een ander bestand sturen met /regels inlezen.",
        "✖️ Not saved. You can send another file with /rules import.",
    ),
    "poll.agenda_hint": (
        "Wil je iets bespreken? Zet het op de agenda: /agenda toevoegen en je onderwerp.",
        "Want to discuss something? Put it on the agenda: /agenda add and your subject.",
    ),
    # --- the house's own words (issue 17.6) ---------------------------------------------------
    "hs.name.resident_word": ("Woord voor bewoner", "Word for resident"),
    "hs.value.resident_word.bewoner": ("bewoner", "resident"),
    "hs.value.resident_word.deelnemer": ("deelnemer", "participant"),
    "hs.value.resident_word.gast": (
        "gast (wie op bezoek is, heet dan bezoeker)",
        "guest (someone visiting is then called a visitor)",
    ),
    "hs.name.peer_worker_word": ("Woord voor ervaringswerker", "Word for peer worker"),
    "hs.value.peer_worker_word.ervaringswerker": ("ervaringswerker", "peer worker"),
    "hs.value.peer_worker_word.ervaringsdeskundige": ("ervaringsdeskundige", "peer expert"),
}
