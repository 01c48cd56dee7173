"""Texts of branch o: residents without Telegram (issue 17.1): /members and paper votes."""

TEXTS = {
    # --- /members ---
    "offline.heading": (
        "📄 <b>Zonder Telegram</b> (stemmen op papier)",
        "📄 <b>Without Telegram</b> (vote on paper)",
    ),
    "offline.line": ("• {name}", "• {name}"),
    "offline.line_waiting": (
        "• {name} — wacht op een tweede bewoner",
        "• {name} — waiting for a second resident",
    ),
    "offline.button_add": ("➕ Iemand zonder Telegram", "➕ Someone without Telegram"),
    "offline.button_remove": (
        "➖ Iemand zonder Telegram weghalen",
        "➖ Remove someone without Telegram",
    ),
    "offline.ask_name": (
        "📄 Hoe heet de bewoner zonder Telegram? Typ de naam als antwoord op dit bericht.",
        "📄 What is the name of the resident without Telegram? "
        "Type the name as a reply to this message.",
    ),
    "offline.proposed_add": (
        "📄 {actor} wil {name} toevoegen als bewoner zonder Telegram.\n"
        "{name} telt dan mee voor het quorum en stemt op papier, via de voorzitter.\n"
        "Klopt dit? Een andere bewoner tikt op Bevestigen. Pas dan geldt het.",
        "📄 {actor} wants to add {name} as a resident without Telegram.\n"
        "{name} then counts for the quorum and votes on paper, through the chair.\n"
        "Is this right? Another resident taps Confirm. Only then it counts.",
    ),
    "offline.proposed_remove": (
        "📄 {actor} wil {name} weghalen uit de lijst zonder Telegram.\n"
        "{name} telt dan niet meer mee voor het quorum.\n"
        "Klopt dit? Een andere bewoner tikt op Bevestigen. Pas dan geldt het.",
        "📄 {actor} wants to remove {name} from the list without Telegram.\n"
        "{name} then no longer counts for the quorum.\n"
        "Is this right? Another resident taps Confirm. Only then it counts.",
    ),
    "offline.button_confirm": ("✅ Bevestigen", "✅ Confirm"),
    "offline.button_drop": ("✖ Klopt niet", "✖ Not right"),
    "offline.added": (
        "📄 {name} staat nu in /leden, zonder Telegram. {name} telt mee voor het quorum "
        "en stemt op papier. Bevestigd door {by}.",
        "📄 {name} is now in /members, without Telegram. {name} counts for the quorum "
        "and votes on paper. Confirmed by {by}.",
    ),
    "offline.removed": (
        "📄 {name} staat niet meer in /leden. Bevestigd door {by}.",
        "📄 {name} is no longer in /members. Confirmed by {by}.",
    ),
    "offline.add_dropped": (
        "📄 {name} is niet toegevoegd. {by} tikte op: klopt niet.",
        "📄 {name} was not added. {by} tapped: not right.",
    ),
    "offline.remove_dropped": (
        "📄 {name} blijft in /leden. {by} tikte op: klopt niet.",
        "📄 {name} stays in /members. {by} tapped: not right.",
    ),
    "offline.pick_remove": (
        "📄 Wie wil je weghalen uit de lijst zonder Telegram? Een andere bewoner bevestigt het.",
        "📄 Who do you want to remove from the list without Telegram? "
        "Another resident confirms it.",
    ),
    "offline.popup_proposed": (
        "Voorgesteld. Een andere bewoner bevestigt het.",
        "Proposed. Another resident confirms it.",
    ),
    "offline.only_residents": (
        "Alleen een bewoner of de voorzitter kan dit voorstellen.",
        "Only a resident or the chair can propose this.",
    ),
    "offline.only_residents_confirm": (
        "Alleen een bewoner kan dit bevestigen.",
        "Only a resident can confirm this.",
    ),
    "offline.not_yourself": (
        "Jij stelde dit voor. Een andere bewoner bevestigt het.",
        "You proposed this. Another resident confirms it.",
    ),
    "offline.settled": ("Dit is al geregeld.", "This has been settled already."),
    "offline.exists": ("{name} staat al in de lijst.", "{name} is on the list already."),
    "offline.waiting": (
        "Over {name} loopt al een voorstel.",
        "There is a proposal about {name} already.",
    ),
    "offline.gone": (
        "Deze bewoner staat niet (meer) in de lijst.",
        "This resident is not (or no longer) on the list.",
    ),
    "offline.name_empty": ("Typ een naam.", "Type a name."),
    "offline.name_long": (
        "Die naam is te lang. Hoogstens {max} tekens.",
        "That name is too long. At most {max} characters.",
    ),
    # --- paper votes ---
    "paper.button_record": ("📄 Stem op papier invoeren", "📄 Enter a paper vote"),
    "paper.poll_line.one": (
        "📄 1 bewoner stemt op papier (zonder Telegram).",
        "📄 1 resident votes on paper (without Telegram).",
    ),
    "paper.poll_line.other": (
        "📄 {count} bewoners stemmen op papier (zonder Telegram).",
        "📄 {count} residents vote on paper (without Telegram).",
    ),
    "paper.turnout": ("📄 Daarvan op papier: {count}", "📄 Of these on paper: {count}"),
    "paper.of_option": ("({count} op papier)", "({count} on paper)"),
    "paper.who": (
        "📄 <b>{question}</b>\nVan wie is de stem op papier?",
        "📄 <b>{question}</b>\nWhose paper vote is it?",
    ),
    "paper.what": (
        "📄 <b>{question}</b>\nWat stemde {name}?",
        "📄 <b>{question}</b>\nWhat did {name} vote?",
    ),
    "paper.button_done": ("✅ Klaar", "✅ Done"),
    "paper.nobody_left": (
        "Iedereen zonder Telegram heeft al gestemd, of de stem wacht op een tweede bewoner.",
        "Everyone without Telegram has voted already, or the vote waits for a second resident.",
    ),
    "paper.recorded": (
        "📄 <b>{question}</b>\nIngevoerd: {name} stemt {choice}.\n"
        "Een andere bewoner bevestigt het in de groep. Dan telt de stem.",
        "📄 <b>{question}</b>\nEntered: {name} votes {choice}.\n"
        "Another resident confirms it in the group. Then the vote counts.",
    ),
    "paper.recorded_secret": (
        "📄 <b>{question}</b>\nIngevoerd: de stem van {name}.\n"
        "De stemming is geheim: de keuze staat nergens bij de naam.\n"
        "Een andere bewoner bevestigt het in de groep. Dan telt de stem.",
        "📄 <b>{question}</b>\nEntered: the vote of {name}.\n"
        "The poll is secret: the choice is never kept with the name.\n"
        "Another resident confirms it in the group. Then the vote counts.",
    ),
    "paper.popup_recorded": (
        "Ingevoerd. Nu bevestigt een andere bewoner het.",
        "Entered. Now another resident confirms it.",
    ),
    "paper.ask_confirm": (
        "📄 <b>{question}</b>\n{chair} voerde de stem op papier van {name} in.\n"
        "Heb jij het briefje gezien? Tik dan op Bevestigen. Dan telt de stem.",
        "📄 <b>{question}</b>\n{chair} entered the paper vote of {name}.\n"
        "Did you see the paper? Then tap Confirm. Then the vote counts.",
    ),
    "paper.ask_confirm_choice": (
        "📄 <b>{question}</b>\n{chair} voerde de stem op papier van {name} in: {choice}.\n"
        "Heb jij het briefje gezien? Tik dan op Bevestigen. Dan telt de stem.",
        "📄 <b>{question}</b>\n{chair} entered the paper vote of {name}: {choice}.\n"
        "Did you see the paper? Then tap Confirm. Then the vote counts.",
    ),
    "paper.confirmed": (
        "📄 <b>{question}</b>\nDe stem op papier van {name} telt. Bevestigd door {by}.",
        "📄 <b>{question}</b>\nThe paper vote of {name} counts. Confirmed by {by}.",
    ),
    "paper.popup_confirmed": ("Dank je. De stem telt nu.", "Thank you. The vote counts now."),
    "paper.rejected": (
        "📄 <b>{question}</b>\nDe stem op papier van {name} telt niet. "
        "{by} tikte op: klopt niet. De voorzitter kan hem opnieuw invoeren.",
        "📄 <b>{question}</b>\nThe paper vote of {name} does not count. "
        "{by} tapped: not right. The chair can enter it again.",
    ),
    "paper.rejected_closed": (
        "📄 <b>{question}</b>\nDe stem op papier van {name} telt niet. {by} tikte op: klopt niet.",
        "📄 <b>{question}</b>\nThe paper vote of {name} does not count. {by} tapped: not right.",
    ),
    "paper.lost": (
        "📄 <b>{question}</b>\nDe stem op papier van {name} is kwijt: de bot is opnieuw "
        "gestart. De voorzitter voert hem opnieuw in.",
        "📄 <b>{question}</b>\nThe paper vote of {name} is lost: the bot restarted. "
        "The chair enters it again.",
    ),
    "paper.popup_lost": (
        "Deze stem is kwijt door een herstart. De voorzitter voert hem opnieuw in.",
        "This vote was lost in a restart. The chair enters it again.",
    ),
    "paper.only_chair": (
        "Alleen de voorzitter voert stemmen op papier in.",
        "Only the chair enters paper votes.",
    ),
    "paper.already": (
        "{name} heeft al gestemd, of de stem wacht op een tweede bewoner.",
        "{name} has voted already, or the vote waits for a second resident.",
    ),
    "paper.pick_option": ("Kies een antwoord.", "Pick an answer."),
    "paper.not_yourself": (
        "Jij voerde deze stem in. Een andere bewoner bevestigt hem.",
        "You entered this vote. Another resident confirms it.",
    ),
    "paper.gone": ("Deze stem op papier is al geregeld.", "This paper vote is settled already."),
}

TEXTS["paper.lost_restart"] = (
    "📄 <b>{question}</b>\nDe bot is onverwacht gestopt. Daardoor zijn deze stemmen op papier "
    "kwijt: {names}. Wil je ze opnieuw invoeren? Tik op 📄 Stem op papier invoeren.",
    "📄 <b>{question}</b>\nThe bot stopped unexpectedly. These paper votes were lost: "
    "{names}. Please enter them again: tap 📄 Enter a paper vote.",
)
