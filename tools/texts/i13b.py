"""Texts of branch i13b (issue 13: prompts expire, access follows the present, confidants,
/forgetme hooks, nothing private in the group)."""

TEXTS = {
    "prompt.expired": (
        "Op dat bericht wacht ik niet meer op een antwoord. Begin gerust opnieuw.",
        "I'm no longer waiting for an answer to that message. Feel free to start again.",
    ),
}
TEXTS.update(
    {
        "flags.none_fits": (
            "Kies zelf wie hem krijgt. Past niemand, bijvoorbeeld omdat het over die persoon "
            "gaat? Zet hem dan anoniem op de agenda, of bewaar hem alleen voor jezelf.",
            "You choose who gets it. Nobody fits, for example because it is about that person? "
            "Then put it anonymously on the agenda, or keep it only for yourself.",
        ),
        "flags.nobody_picked": (
            "⏳ Nog niemand heeft je melding van {day} ({house}) opgepakt. Wil je een andere weg "
            "kiezen? Een andere vertrouwenspersoon, anoniem de agenda, of alleen voor jezelf.",
            "⏳ Nobody has picked up your report of {day} ({house}) yet. Do you want to choose "
            "another way? Another confidant, anonymously the agenda, or only for yourself.",
        ),
        "flags.button.reroute": ("🔀 Andere weg kiezen", "🔀 Choose another way"),
        "flags.notice_role_gone": (
            "🤝 Een melding in {house} is niet meer voor jou: je bent nu geen vertrouwenspersoon.",
            "🤝 A report in {house} is no longer for you: you are not a confidant now.",
        ),
        "flags.notice_taken_back": (
            "🤝 Een melding in {house} is teruggenomen. Je hoeft er niets mee te doen.",
            "🤝 A report in {house} was taken back. You don't need to do anything.",
        ),
    }
)
TEXTS.update(
    {
        "flags.carried": (
            "📝 Je begon in de groep een melding ({house}). Ik heb je tekst hierheen gehaald:\n\n"
            "{text}\n\nWaar gaat het over?",
            "📝 You started a report in the group ({house}). I brought your text over here:\n\n"
            "{text}\n\nWhat is it about?",
        ),
        "flags.delete_yourself": (
            "🧹 Ik kon je bericht in de groep van {house} niet weghalen. Haal het zelf weg: "
            "houd het ingedrukt (of klik er met rechts op) en kies Verwijderen.",
            "🧹 I could not remove your message from the group of {house}. Please remove it "
            "yourself: press and hold it (or right-click it) and choose Delete.",
        ),
    }
)
