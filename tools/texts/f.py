"""Texts of issue 17.2 (branch f): a page for the notice board (bot/printing)."""

TEXTS = {
    "print.button": ("🖨 Afdrukken", "🖨 Print"),
    "print.making": (
        "🖨 Even geduld: ik maak de pagina.",
        "🖨 One moment: I'm making the page.",
    ),
    "print.caption": (
        "🖨 Een pagina voor het prikbord (A4). Print hem en hang hem op.",
        "🖨 A page for the notice board (A4). Print it and put it up.",
    ),
    "print.made": ("Gemaakt op {date} door Huisbot.", "Made on {date} by Huisbot."),
    # --- the agenda ---
    "print.agenda.title": ("Agenda van {house}", "Agenda of {house}"),
    "print.agenda.meeting": (
        "Vergadering: {day}, om {time} uur",
        "Meeting: {day}, at {time}",
    ),
    "print.agenda.no_date": (
        "De datum van de vergadering volgt nog.",
        "The date of the meeting will follow.",
    ),
    "print.agenda.empty": (
        "Er staat nog niets op de agenda.",
        "There is nothing on the agenda yet.",
    ),
    "print.agenda.footer": (
        "Wil je iets bespreken? Zet het op de agenda: typ /agenda toevoegen in de groep. "
        "Geen Telegram? Zeg het tegen de voorzitter.",
        "Would you like to talk about something? Put it on the agenda: type /agenda add in "
        "the group. No Telegram? Tell the chair.",
    ),
    "print.agenda.more": (
        "Er zijn nog meer punten. Kijk in de groep: /agenda",
        "There are more items. See the group: /agenda",
    ),
    # --- the rota ---
    "print.rota.title": ("Rooster van {house}", "Rota of {house}"),
    "print.rota.week": ("Van {start} tot en met {end}", "From {start} to {end}"),
    "print.rota.line": ("{time}  {task}: {names}", "{time}  {task}: {names}"),
    "print.rota.line_backup": (
        "{time}  {task}: {names} (reserve: {backup})",
        "{time}  {task}: {names} (backup: {backup})",
    ),
    "print.rota.empty": (
        "Deze week staat er niets op het rooster.",
        "There is nothing on the rota this week.",
    ),
    "print.rota.footer": (
        "Kun je een keer niet? Zeg het op tijd. Dan zoeken we samen iemand. "
        "Geen Telegram? Zeg het tegen de voorzitter.",
        "Can't do it one time? Say so in time. Then we look for someone together. "
        "No Telegram? Tell the chair.",
    ),
    "print.rota.more": (
        "Er staat nog meer op het rooster. Kijk in de groep: /rooster",
        "There is more on the rota. See the group: /rota",
    ),
    # --- the house rules ---
    "print.rules.title": ("Huisregels van {house}", "House rules of {house}"),
    "print.rules.unconfirmed": (
        "Nog niet bevestigd. De bewoners bevestigen deze regels met één besluit.",
        "Not confirmed yet. The residents confirm these rules with one decision.",
    ),
    "print.rules.empty": ("Er zijn nog geen huisregels.", "There are no house rules yet."),
    "print.rules.footer": (
        "De bewonersvergadering maakt en verandert de regels. Een idee? Zet het op de agenda.",
        "The residents' meeting makes and changes the rules. An idea? Put it on the agenda.",
    ),
    "print.rules.more": (
        "Er zijn nog meer regels. Kijk in de groep: /regels",
        "There are more rules. See the group: /rules",
    ),
    # --- one decision ---
    "print.decision.title": ("Besluit {number}", "Decision {number}"),
    "print.decision.date": ("{house} · besloten op {date}", "{house} · decided on {date}"),
    "print.decision.votes": ("{option}: {count}", "{option}: {count}"),
    "print.decision.footer": (
        "Vragen over dit besluit? Zet het op de agenda of vraag het aan de voorzitter.",
        "Questions about this decision? Put it on the agenda or ask the chair.",
    ),
    "print.decision.more": (
        "Meer: typ /besluiten {number} in de groep.",
        "More: type /decisions {number} in the group.",
    ),
    # --- file names (no spaces) ---
    "print.file.agenda": ("agenda", "agenda"),
    "print.file.rota": ("rooster", "rota"),
    "print.file.rules": ("huisregels", "house-rules"),
    "print.file.decision": ("besluit-{number}", "decision-{number}"),
}
