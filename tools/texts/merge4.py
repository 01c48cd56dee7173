"""Texts of the session-4 merge: one way to type a house setting's text (branch a's, kept in
`house_texts`) now serves the mediator contact of branch k too."""

TEXTS = {
    # "quorum" is not a word for everyone (B1): say what it means
    "offline.proposed_add": (
        "📄 {actor} wil {name} toevoegen als bewoner zonder Telegram.\n"
        "{name} mag dan meestemmen: op papier, via de voorzitter. {name} telt ook mee als we "
        "kijken of er genoeg stemmen zijn.\n"
        "Klopt dit? Een andere bewoner tikt op Bevestigen. Pas dan geldt het.",
        "📄 {actor} wants to add {name} as a resident without Telegram.\n"
        "{name} may then vote: on paper, through the chair. {name} also counts when we check "
        "whether there are enough votes.\n"
        "Is this right? Another resident taps Confirm. Only then it counts.",
    ),
    "offline.proposed_remove": (
        "📄 {actor} wil {name} weghalen uit de lijst zonder Telegram.\n"
        "{name} telt dan niet meer mee als we kijken of er genoeg stemmen zijn.\n"
        "Klopt dit? Een andere bewoner tikt op Bevestigen. Pas dan geldt het.",
        "📄 {actor} wants to remove {name} from the list without Telegram.\n"
        "{name} then no longer counts when we check whether there are enough votes.\n"
        "Is this right? Another resident taps Confirm. Only then it counts.",
    ),
    "offline.added": (
        "📄 {name} staat nu in /leden, zonder Telegram. {name} stemt mee op papier, via de "
        "voorzitter. Bevestigd door {by}.",
        "📄 {name} is now in /members, without Telegram. {name} votes on paper, through the "
        "chair. Confirmed by {by}.",
    ),
    "hs.value.mediator.default": ("nog niets", "nothing yet"),
    "hs.mediator_none_now": (
        "Nog niets. Wie om een bemiddelaar vraagt, hoort dan dat de vertrouwenspersoon helpt "
        "zoeken.",
        "Nothing yet. Whoever asks for a mediator then hears that the confidant will help find "
        "one.",
    ),
}
REMOVED = [
    "hs.typed_none",
    "hs.button.typed_new",
    "hs.button.typed_none",
    "hs.ask_typed",
    "hs.typed_empty",
    "hs.typed_too_long",
]
