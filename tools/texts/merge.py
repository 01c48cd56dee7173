"""Texts for house settings that other branches added as columns (issues 12 and 14)."""

TEXTS = {
    "hs.name.peer_workers_hold_roles": (
        "Voorzitter of vertrouwenspersoon mag ook een ervaringswerker zijn",
        "Chair or confidant may also be a peer worker",
    ),
    "hs.value.peer_workers_hold_roles.no": ("nee", "no"),
    "hs.value.peer_workers_hold_roles.yes": ("ja", "yes"),
    "hs.name.secret_by_default": ("Een nieuwe stemming is geheim", "A new vote is secret"),
    "hs.value.secret_by_default.yes": ("ja", "yes"),
    "hs.value.secret_by_default.no": ("nee, open", "no, open"),
    "hs.name.open_names": (
        "Bij een open stemming staan de namen erbij",
        "An open vote shows the names",
    ),
    "hs.value.open_names.no": ("nee, alleen aantallen", "no, only numbers"),
    "hs.value.open_names.yes": ("ja", "yes"),
    "hs.name.discuss_threshold": (
        "Eerst bespreken als zoveel mensen dat kiezen",
        "Discuss first when this many choose it",
    ),
    "hs.value.discuss_threshold.2": ("2 mensen", "2 people"),
    "hs.value.discuss_threshold.3": ("3 mensen", "3 people"),
    "hs.value.discuss_threshold.0": (
        "alleen als het de meeste stemmen krijgt",
        "only when it gets the most votes",
    ),
}
