"""Texts of the session-4 merge: one way to type a house setting's text (branch a's, kept in
`house_texts`) now serves the mediator contact of branch k too."""

TEXTS = {
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
