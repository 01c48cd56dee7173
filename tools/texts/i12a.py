"""Texts of i12a (issue 12: house settings as decisions, poll floors, admission)."""

from __future__ import annotations

# Ids that are no longer used (the old "Stemmen" menu, the one "supporters vote" switch, the
# chair's direct retention setting of reports): `tools/add_texts.py` removes them.
REMOVED = [
    "setup.button_votes",
    "setup.votes",
    "setup.votes.chair",
    "setup.votes.anyone",
    "setup.votes.yes",
    "setup.votes.no",
    "setup.votes.days.one",
    "setup.votes.days.other",
    "setup.votes.quorum_0",
    "setup.votes.quorum_33",
    "setup.votes.quorum_50",
    "setup.votes.quorum_67",
    "setup.votes.quorum_100",
    "setup.votes.reminders_24_1",
    "setup.votes.reminders_1",
    "setup.votes.reminders_none",
    "setup.votes.button_starter",
    "setup.votes.button_supporters",
    "setup.votes.button_days",
    "setup.votes.button_quorum",
    "setup.votes.button_reminders",
    "setup.votes.now_anyone",
    "setup.votes.now_chair",
    "setup.votes.now_supporters",
    "setup.votes.now_residents",
    "poll_form.voters.residents",
    "poll_form.voters.with_supporters",
    "poll_form.button_residents",
    "poll_form.button_with_supporters",
    "flags.keep_announced",
    "hs.frame",
]

WEEKS = {"1": ("1 week", "1 week")}
WEEKS.update({str(n): (f"{n} weken", f"{n} weeks") for n in (2, 4, 8, 12, 26)})

TEXTS = {
    # --- /setup: the technical part and the door to the house settings -------------------------
    "cmd.setup": (
        "Huisbesluiten bekijken (iedereen), de groep instellen (beheerders)",
        "House decisions (everyone), set up the group (admins)",
    ),
    "rota.overview_off": (
        "Het huis heeft dit overzicht niet aangezet. Dat beslist het huis samen: "
        "kijk bij /instellen in de groep.",
        "The house has not turned this overview on. The house decides that together: "
        "look at /setup in the group.",
    ),
    "setup.button_house_settings": ("🏠 Huisbesluiten", "🏠 House decisions"),
    # --- the list of house settings ------------------------------------------------------------
    "hs.title": ("<b>🏠 Huisbesluiten van {house}</b>", "<b>🏠 House decisions of {house}</b>"),
    "hs.intro": (
        "Dit beslist het huis samen. Wil je iets veranderen? Tik erop. "
        "Dan stemmen de bewoners erover.",
        "The house decides these together. Want to change one? Tap it. "
        "Then the residents vote on it.",
    ),
    "hs.bootstrap": (
        "ℹ️ Het huis heeft nog minder dan {count} bewoners. Tot die tijd mag de voorzitter of "
        "een groepsbeheerder dit zelf instellen. De groep hoort elke verandering.",
        "ℹ️ The house has fewer than {count} residents yet. Until then the chair or a group "
        "admin may set these directly. The group hears every change.",
    ),
    "hs.line": ("• {name}: <b>{value}</b> — {behind}", "• {name}: <b>{value}</b> — {behind}"),
    "hs.pending": (
        "🗳 Er loopt een stemming: {value}",
        "🗳 A vote is running: {value}",
    ),
    "hs.by_decision_number": ("besluit {number}", "decision {number}"),
    "hs.set_by": ("ingesteld door {name} (start)", "set by {name} (start)"),
    "hs.default": ("standaard", "default"),
    "hs.values_title": ("<b>{name}</b>", "<b>{name}</b>"),
    "hs.now": ("Nu: {value}", "Now: {value}"),
    "hs.how_bootstrap": (
        "Het huis heeft nog minder dan 3 bewoners. De voorzitter of een groepsbeheerder mag "
        "dit nu zelf kiezen. Een bewoner kan ook een stemming starten.",
        "The house has fewer than 3 residents yet. The chair or a group admin may choose "
        "this now. A resident can also start a vote.",
    ),
    "hs.how_proposal": (
        "Kies wat je voorstelt. Dan stemmen de bewoners erover (akkoord / kan ermee leven / "
        "bezwaar). Het verandert pas als het besluit is aangenomen.",
        "Choose what you propose. Then the residents vote on it (agree / can live with it / "
        "objection). It changes only when the decision is adopted.",
    ),
    "hs.closed": ("Huisbesluiten van {house}: gesloten.", "House decisions of {house}: closed."),
    "hs.already": ("Zo staat het al.", "It is set like that already."),
    "hs.set_announced": (
        "⚙️ {name} heeft ingesteld: {setting}: <b>{value}</b>.\n"
        "Het huis heeft nog minder dan {count} bewoners. Daarna beslissen de bewoners dit samen.",
        "⚙️ {name} set: {setting}: <b>{value}</b>.\n"
        "The house has fewer than {count} residents yet. After that the residents decide "
        "this together.",
    ),
    "hs.question": (
        "Voorstel: {setting}: {value} (nu: {current})",
        "Proposal: {setting}: {value} (now: {current})",
    ),
    "hs.proposed": (
        "🗳 {name} stelt voor: {setting}: <b>{value}</b>. De bewoners stemmen erover. "
        "Het verandert pas als het besluit is aangenomen.",
        "🗳 {name} proposes: {setting}: <b>{value}</b>. The residents vote on it. "
        "It changes only when the decision is adopted.",
    ),
    "hs.proposal_posted": (
        "✅ Je voorstel staat in de groep.",
        "✅ Your proposal is in the group.",
    ),
    "hs.adopted": (
        "✅ Besluit {number}: {setting} is nu <b>{value}</b>.",
        "✅ Decision {number}: {setting} is now <b>{value}</b>.",
    ),
    "hs.not_adopted": (
        "Besluit {number}: het voorstel ({value}) is niet aangenomen. "
        "{setting} blijft <b>{current}</b>.",
        "Decision {number}: the proposal ({value}) was not adopted. "
        "{setting} stays <b>{current}</b>.",
    ),
    "hs.by_decision": (
        "Dit beslist het huis samen. Wil je het veranderen? Dan stemmen de bewoners erover: "
        "tik op de instelling bij /instellen.",
        "The house decides this together. Want to change it? Then the residents vote on it: "
        "tap the setting in /setup.",
    ),
    "hs.bootstrap_only_setup": (
        "Alleen de voorzitter of een groepsbeheerder mag dit nu zelf instellen.",
        "Only the chair or a group admin may set this directly now.",
    ),
    "hs.only_residents_propose": (
        "Dit beslist het huis samen. Alleen bewoners kunnen een verandering voorstellen. "
        "Praat erover met een bewoner, of zet het op de agenda.",
        "The house decides this together. Only residents can propose a change. "
        "Talk about it with a resident, or put it on the agenda.",
    ),
    "hs.already_voting": (
        "Hierover loopt al een stemming. Wacht tot die klaar is.",
        "A vote about this is running already. Wait until it is done.",
    ),
    "hs.house_decides": (
        "Dit beslist het huis nu samen. Kijk bij /instellen in de groep. "
        "Daar kun je een verandering voorstellen.",
        "The house decides this together now. Look at /setup in the group. "
        "There you can propose a change.",
    ),
    # names of the settings
    "hs.name.peer_workers_vote": ("Ervaringswerkers stemmen mee", "Peer workers vote"),
    "hs.name.social_workers_vote": ("Sociaal werkers stemmen mee", "Social workers vote"),
    "hs.name.starters": ("Wie start een stemming", "Who starts a vote"),
    "hs.name.quorum": ("Genoeg stemmen (quorum), minstens", "Enough votes (quorum), at least"),
    "hs.name.min_poll_hours": ("Een stemming duurt minstens", "A vote lasts at least"),
    "hs.name.poll_days": ("Een stemming duurt standaard", "A vote lasts by default"),
    "hs.name.reminders": ("Herinneringen", "Reminders"),
    "hs.name.checkin_hours": ("Incheckronde", "Check-in round"),
    "hs.name.checkin_keep_weeks": ("Check-in-notities bewaren", "Keep check-in notes"),
    "hs.name.flag_keep_weeks": ("Afgeronde meldingen bewaren", "Keep resolved reports"),
    "hs.name.rota_overview": (
        "Voorzitter ziet het rooster per persoon",
        "Chair sees the rota per person",
    ),
    "hs.name.admission": ("Nieuwe mensen in de groep", "New people in the group"),
    # values
    "hs.value.peer_workers_vote.no": ("nee", "no"),
    "hs.value.peer_workers_vote.yes": ("ja", "yes"),
    "hs.value.social_workers_vote.no": ("nee", "no"),
    "hs.value.social_workers_vote.yes": ("ja", "yes"),
    "hs.value.starters.chair": ("de voorzitter", "the chair"),
    "hs.value.starters.anyone": ("iedereen die hier woont", "everyone who lives here"),
    "hs.value.quorum.0": ("geen minimum", "no minimum"),
    "hs.value.quorum.33": ("een derde", "a third"),
    "hs.value.quorum.50": ("de helft", "half"),
    "hs.value.quorum.67": ("twee derde", "two thirds"),
    "hs.value.quorum.100": ("iedereen", "everyone"),
    "hs.value.min_poll_hours.1": ("1 uur", "1 hour"),
    "hs.value.min_poll_hours.24": ("1 dag", "1 day"),
    "hs.value.min_poll_hours.72": ("3 dagen", "3 days"),
    "hs.value.poll_days.1": ("1 dag", "1 day"),
    "hs.value.poll_days.3": ("3 dagen", "3 days"),
    "hs.value.poll_days.7": ("7 dagen", "7 days"),
    "hs.value.reminders.24_1": (
        "een dag en een uur van tevoren",
        "a day and an hour before",
    ),
    "hs.value.reminders.1": ("een uur van tevoren", "an hour before"),
    "hs.value.reminders.none": ("geen", "none"),
    "hs.value.checkin_hours.3": ("3 uur voor de vergadering", "3 hours before the meeting"),
    "hs.value.checkin_hours.6": ("6 uur voor de vergadering", "6 hours before the meeting"),
    "hs.value.checkin_hours.2": ("2 uur voor de vergadering", "2 hours before the meeting"),
    "hs.value.checkin_hours.0": ("geen incheckronde", "no check-in round"),
    **{f"hs.value.checkin_keep_weeks.{n}": WEEKS[str(n)] for n in (8, 4, 12, 26)},
    **{f"hs.value.flag_keep_weeks.{n}": WEEKS[str(n)] for n in (1, 2, 4, 8, 12)},
    "hs.value.rota_overview.no": ("nee", "no"),
    "hs.value.rota_overview.yes": ("ja", "yes"),
    "hs.value.admission.at_once": (
        "via de link van het huis: meteen erin",
        "through the house's link: in at once",
    ),
    "hs.value.admission.two_welcomes": (
        "via de link van het huis: na 'Welkom' van twee bewoners",
        "through the house's link: after 'Welkom' from two residents",
    ),
    # --- who votes, on every poll and decision -------------------------------------------------
    "poll.who.residents": ("👥 Wie stemt: bewoners", "👥 Who votes: residents"),
    "poll.who.with_peer_workers": (
        "👥 Wie stemt: bewoners en ervaringswerkers",
        "👥 Who votes: residents and peer workers",
    ),
    "poll.who.with_social_workers": (
        "👥 Wie stemt: bewoners en sociaal werkers",
        "👥 Who votes: residents and social workers",
    ),
    "poll.who.with_supporters": (
        "👥 Wie stemt: bewoners, ervaringswerkers en sociaal werkers",
        "👥 Who votes: residents, peer workers and social workers",
    ),
    "poll_form.voters": ("{who} ({count})", "{who} ({count})"),
    "poll_form.who.residents": ("👥 Alleen bewoners", "👥 Residents only"),
    "poll_form.who.with_peer_workers": (
        "👥 Bewoners + ervaringswerkers",
        "👥 Residents + peer workers",
    ),
    "poll_form.who.with_social_workers": (
        "👥 Bewoners + sociaal werkers",
        "👥 Residents + social workers",
    ),
    "poll_form.who.with_supporters": (
        "👥 Bewoners + ondersteuners",
        "👥 Residents + supporters",
    ),
    "poll_form.shortest": (
        "Het huis heeft besloten: een stemming duurt minstens {hours} uur.",
        "The house decided: a vote lasts at least {hours} hours.",
    ),
    "poll_form.quorum_floor": (
        "Het huis heeft besloten hoeveel stemmen minstens nodig zijn: {floor}. "
        "Meer mag, minder niet.",
        "The house decided how many votes are needed at least: {floor}. More is fine, less is not.",
    ),
    "poll.weaker_voters": (
        "Het huis heeft besloten wie er stemt. Eén stemming kan dat niet ruimer maken.",
        "The house decided who votes. One vote cannot make that wider.",
    ),
    "poll.weaker_quorum": (
        "Het huis heeft besloten: minstens {percent}% moet stemmen. "
        "Je mag meer vragen, niet minder.",
        "The house decided: at least {percent}% must vote. You may ask for more, not less.",
    ),
    "poll.too_short": (
        "Het huis heeft besloten: een stemming duurt minstens {hours} uur. Kies een later moment.",
        "The house decided: a vote lasts at least {hours} hours. Choose a later moment.",
    ),
    # --- admission -----------------------------------------------------------------------------
    "admission.waiting": (
        "👋 {name} wil in de groep komen (via de link van het huis).\n"
        "Als {needed} bewoners op <b>Welkom</b> tikken, laat ik {name} toe.",
        "👋 {name} wants to join the group (through the house's link).\n"
        "When {needed} residents tap <b>Welkom</b>, I let {name} in.",
    ),
    "admission.welcomed_so_far": ("Welkom gezegd: {names}", "Said welcome: {names}"),
    "admission.button": ("👋 Welkom", "👋 Welkom"),
    "admission.wait_private": (
        "Hoi! Leuk dat je naar {house} wilt komen. 👋\n"
        "Twee bewoners heten je eerst welkom in de groep. Daarna kun je erin. "
        "Telegram laat het je weten.\n"
        "Tik hieronder op <b>Start</b>. Dan kan ik je hier ook berichten sturen.",
        "Hi! Nice that you want to come to {house}. 👋\n"
        "Two residents first welcome you in the group. Then you can join. "
        "Telegram will let you know.\n"
        "Tap <b>Start</b> below. Then I can send you messages here too.",
    ),
    "admission.thanks": ("Dank je! 👋", "Thank you! 👋"),
    "admission.approved": (
        "👋 Welkom, {name}! {names} hebben je welkom geheten. Je bent nu in de groep.",
        "👋 Welcome, {name}! {names} welcomed you. You are in the group now.",
    ),
    "admission.done": ("Deze persoon is al in de groep.", "This person is in the group already."),
    "admission.only_residents": (
        "Alleen bewoners zeggen welkom. Zo beslissen de bewoners wie erin komt.",
        "Only residents say welcome. That way the residents decide who comes in.",
    ),
    "admission.not_yourself": (
        "Je kunt jezelf geen welkom heten.",
        "You cannot welcome yourself.",
    ),
    "admission.already_welcomed": (
        "Je hebt al welkom gezegd. Nu nog een andere bewoner.",
        "You said welcome already. Now another resident.",
    ),
}
