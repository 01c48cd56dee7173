"""Texts of issue 12 (part b): roles and statuses confirmed by a second resident,
self-declared residents, @username in pickers, rules proposed by any resident."""

TEXTS = {
    # --- "I live here" -------------------------------------------------------------------
    "members.declared_resident": (
        "🏠 {name} zegt: ik woon hier.\n"
        "Dat telt pas als een andere bewoner het bevestigt. Daarna mag {name} meestemmen.",
        "🏠 {name} says: I live here.\n"
        "This counts once another resident confirms it. Then {name} can vote.",
    ),
    "members.button_confirm_resident": ("✅ Klopt, woont hier", "✅ Right, lives here"),
    "members.you_are_resident": (
        "✅ Je staat nu als bewoner in de lijst van {house}. "
        "Een andere bewoner bevestigt het in de groep. Daarna mag je meestemmen.",
        "✅ You are now on the list of {house} as a resident. "
        "Another resident confirms it in the group. Then you can vote.",
    ),
    "members.resident_confirmed": (
        "✅ {name} woont hier. {actor} heeft het bevestigd. {name} mag nu meestemmen.",
        "✅ {name} lives here. {actor} confirmed it. {name} can vote now.",
    ),
    "members.your_residence_confirmed": (
        "✅ {actor} heeft bevestigd dat je in {house} woont. Je mag nu meestemmen.",
        "✅ {actor} confirmed that you live in {house}. You can vote now.",
    ),
    "members.thanks": ("Dank je! Het is verwerkt.", "Thank you! It is done."),
    "members.already_confirmed": ("Dat is al bevestigd.", "That was confirmed already."),
    "members.confirm_not_yourself": (
        "Dit gaat over jou. Een andere bewoner moet het bevestigen.",
        "This is about you. Another resident has to confirm it.",
    ),
    "members.confirm_residents_only": (
        "Alleen een bewoner kan dit bevestigen.",
        "Only a resident can confirm this.",
    ),
    "members.moved_out_cannot_redeclare": (
        "Je bent verhuisd. Daarom kun je jezelf niet weer bewoner maken. "
        "Kom je terug wonen? Dan kan de bewonersvergadering dat regelen.",
        "You moved out, so you cannot make yourself a resident again. "
        "Coming back to live here? The residents' meeting can arrange that.",
    ),
    "members.status_unconfirmed": (
        "bewoner (nog niet bevestigd)",
        "resident (not yet confirmed)",
    ),
    "poll.not_eligible_unconfirmed": (
        "Je stem telt nog niet. Een andere bewoner moet eerst bevestigen dat je hier woont.",
        "Your vote does not count yet. Another resident first has to confirm that you live here.",
    ),
    "members.unconfirmed": ("nog niet bevestigd", "not yet confirmed"),
    # --- the editor ----------------------------------------------------------------------
    "members.edit_note": (
        "Een rol geven of afnemen, of iemand de stem afnemen: dat is een voorstel. "
        "Een tweede bewoner bevestigt het in de groep. "
        "Heeft het huis nog geen 3 bewoners? "
        "Dan mag de voorzitter of een beheerder het meteen doen.",
        "Giving or taking a role, or taking someone's vote: that is a proposal. "
        "A second resident confirms it in the group. "
        "Does the house have fewer than 3 residents? Then the chair or an admin may do it at once.",
    ),
    "members.not_your_own_status": (
        "Je eigen status verander je niet zelf. Een andere bewoner of de voorzitter kan het "
        "voorstellen. Ga je verhuizen? Gebruik dan /verhuizen.",
        "You do not change your own status. Another resident or the chair can propose it. "
        "Moving out? Use /moveout.",
    ),
    "members.not_yourself_role": (
        "Je kunt jezelf geen rol geven. Een andere bewoner kan het voorstellen. "
        "Daarna bevestigt nog een bewoner het.",
        "You cannot give yourself a role. Another resident can propose it. "
        "Then one more resident confirms it.",
    ),
    "members.role_for_residents": (
        "Alleen een bewoner kan {role} zijn. {name} is {status}. "
        "Een ervaringswerker kan het alleen als het huis dat heeft besloten.",
        "Only a resident can be {role}. {name} is {status}. "
        "A peer worker can be it only if the house decided so.",
    ),
    "members.proposal_open": (
        "Er staat al een voorstel over {name} open in de groep. Wacht tot het klaar is, "
        "of trek het in.",
        "A proposal about {name} is already open in the group. Wait until it is settled, "
        "or withdraw it.",
    ),
    "members.proposal_closed": (
        "Dit voorstel is al afgehandeld.",
        "This proposal was settled already.",
    ),
    "members.confirm_not_proposer": (
        "Jij hebt dit voorgesteld. Een andere bewoner moet het bevestigen.",
        "You proposed this. Another resident has to confirm it.",
    ),
    "members.confirm_not_concerned": (
        "Dit voorstel gaat over jou. Een andere bewoner moet het bevestigen.",
        "This proposal is about you. Another resident has to confirm it.",
    ),
    "members.withdraw_only_proposer": (
        "Alleen wie het voorstelde kan het intrekken.",
        "Only the person who proposed it can withdraw it.",
    ),
    "members.bootstrap_note": (
        "Het huis heeft nog geen {residents} bewoners. Daarom mag de voorzitter of een beheerder "
        "dit nu nog alleen doen. Later bevestigt een tweede bewoner zo'n verandering.",
        "The house has fewer than {residents} residents. So the chair or an admin may still do "
        "this alone. Later a second resident confirms such a change.",
    ),
    # --- proposals -----------------------------------------------------------------------
    "members.change.role_give": ("{name} wordt <b>{role}</b>.", "{name} becomes <b>{role}</b>."),
    "members.change.role_take": (
        "{name} is geen <b>{role}</b> meer.",
        "{name} is no longer <b>{role}</b>.",
    ),
    "members.change.status": ("{name} wordt <b>{status}</b>.", "{name} becomes <b>{status}</b>."),
    "members.change.loses_vote": (
        "Dan mag {name} niet meer stemmen.",
        "Then {name} can no longer vote.",
    ),
    "members.change.gets_vote": ("Dan mag {name} weer stemmen.", "Then {name} can vote again."),
    "members.proposal": (
        "🗳️ {actor} stelt voor: {change}\n"
        "Klopt dit? Een andere bewoner tikt op Bevestigen (niet {actor} en niet {name}). "
        "Pas dan geldt het.\n"
        "Bevestigt niemand het binnen {days} dagen? Dan vervalt het voorstel.",
        "🗳️ {actor} proposes: {change}\n"
        "Is this right? Another resident taps Confirm (not {actor} and not {name}). "
        "Only then it counts.\n"
        "Nobody confirms it within {days} days? Then the proposal lapses.",
    ),
    "members.button_confirm": ("✅ Bevestigen", "✅ Confirm"),
    "members.button_withdraw": ("↩️ Intrekken", "↩️ Withdraw"),
    "members.proposed": (
        "Je voorstel staat in de groep. Een andere bewoner moet het bevestigen.",
        "Your proposal is in the group. Another resident has to confirm it.",
    ),
    "members.proposed_about_you": (
        "In {house} stelt {actor} voor: {change}\n"
        "Een andere bewoner moet het nog bevestigen. Ben je het er niet mee eens? "
        "Zeg het in de groep.",
        "In {house}, {actor} proposes: {change}\n"
        "Another resident still has to confirm it. Do you disagree? Say so in the group.",
    ),
    "members.proposal_confirmed": (
        "✅ {actor} stelde voor: {change}\n{by} heeft het bevestigd. Het geldt nu.",
        "✅ {actor} proposed: {change}\n{by} confirmed it. It counts now.",
    ),
    "members.proposal_withdrawn": (
        "↩️ {actor} stelde voor: {change}\n{actor} heeft het voorstel ingetrokken. "
        "Er verandert niets.",
        "↩️ {actor} proposed: {change}\n{actor} withdrew the proposal. Nothing changes.",
    ),
    "members.proposal_expired": (
        "⌛ {actor} stelde voor: {change}\nNiemand heeft het op tijd bevestigd. "
        "Er verandert niets.",
        "⌛ {actor} proposed: {change}\nNobody confirmed it in time. Nothing changes.",
    ),
    "members.proposal_outdated": (
        "⚠️ {actor} stelde voor: {change}\nIntussen is er iets veranderd. Er verandert niets. "
        "Stel het zo nodig opnieuw voor.",
        "⚠️ {actor} proposed: {change}\nSomething changed in the meantime. Nothing changes. "
        "Propose it again if needed.",
    ),
    "members.popup_expired": (
        "Dit voorstel is vervallen: niemand bevestigde het op tijd.",
        "This proposal lapsed: nobody confirmed it in time.",
    ),
    "members.popup_outdated": (
        "Dit voorstel klopt niet meer: er is intussen iets veranderd.",
        "This proposal no longer fits: something changed in the meantime.",
    ),
    # --- rules are the residents' ------------------------------------------------------------
    "rules.only_residents": (
        "Alleen bewoners kunnen regels voorstellen. Wil je iets veranderen? "
        "Zet het op de agenda met /agenda.",
        "Only residents can propose rules. Want to change something? "
        "Put it on the agenda with /agenda.",
    ),
    "rules.only_chair": (
        "Alleen de voorzitter kan het huisreglement inlezen. "
        "Daarna bevestigen de bewoners het met een besluit.",
        "Only the chair can import the house rules. "
        "Then the residents confirm them with a decision.",
    ),
    "rules.not_your_proposal": (
        "Dit voorstel is van iemand anders. Alleen wie het voorstelde of de voorzitter "
        "kan het in stemming brengen of intrekken.",
        "This proposal is someone else's. Only the person who proposed it or the chair "
        "can put it to a vote or drop it.",
    ),
    "rules.proposal.confirm": (
        "📜 Het ingelezen huisreglement bevestigen.",
        "📜 Confirm the imported house rules.",
    ),
    "rules.poll.confirm": (
        "Bevestigen we het ingelezen huisreglement? Lees het met /regels.",
        "Do we confirm the imported house rules? Read them with /rules.",
    ),
    "rules.announce.confirm": (
        "✅ Het huisreglement is bevestigd (besluit {decision}). Het is nu van alle bewoners.",
        "✅ The house rules are confirmed (decision {decision}). They now belong to all residents.",
    ),
    "rules.announce.imported": (
        "📜 Het huisreglement staat nu in de bot: {count} regels. "
        "Het is nog niet bevestigd. Stem hieronder of jullie het bevestigen. "
        "Typ /regels om het te lezen.",
        "📜 The house rules are now in the bot: {count} rules. "
        "They are not yet confirmed. Vote below whether you confirm them. "
        "Type /rules to read them.",
    ),
    "rules.book_unconfirmed": (
        "⚠️ <b>Nog niet bevestigd.</b> Dit huisreglement is ingelezen. "
        "De bewoners bevestigen het met één besluit.",
        "⚠️ <b>Not yet confirmed.</b> These house rules were imported. "
        "The residents confirm them with one decision.",
    ),
    "rules.rule_unconfirmed": (
        "⚠️ Nog niet bevestigd: deze regel komt uit het ingelezen huisreglement.",
        "⚠️ Not yet confirmed: this rule comes from the imported house rules.",
    ),
    "rules.button.to_agenda": ("📋 Op de agenda zetten", "📋 Put it on the agenda"),
    "rules.agenda_item": ("Een regel over: {query}", "A rule about: {query}"),
    "rules.put_on_agenda": (
        "📋 ‘{query}’ staat op de agenda van de volgende vergadering. "
        "Daar kunnen jullie erover praten.",
        "📋 ‘{query}’ is on the agenda of the next meeting. You can talk about it there.",
    ),
}
