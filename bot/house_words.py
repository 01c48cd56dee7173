"""The house's own words (issue 17.6): a house may call its residents "deelnemers" or "gasten"
and its peer workers "ervaringsdeskundigen". Two house settings (`resident_word`,
`peer_worker_word`, changed by a consent poll) pick the words; `Wording` (bot/i18n.py) puts
them into every translated template before the parameters are filled, so a name or a text a
person typed is never changed.

Each choice lists, per language, the word forms of the bot's own texts and what they become.
When a house calls its residents "gasten", the bot's "gast" (someone in the group who does not
live there) becomes "bezoeker", so the two never read the same.
"""

from __future__ import annotations

import re
from functools import cached_property

Forms = dict[str, str]  # a form in the bot's texts (lower case) → the house's form


class Wording:
    """Word forms replaced in a template (whole words, case-insensitive, a capital kept), in
    one pass so that "bewoner" → "gast" and "gast" → "bezoeker" never run into each other.
    Templates whose id starts with one of `keep` are left as they are."""

    def __init__(self, forms: Forms, *, keep: tuple[str, ...] = ()) -> None:
        self.forms = {key.lower(): value for key, value in forms.items()}
        self.keep = keep
        self.done: dict[str, str] = {}  # msgid → reworded template

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        alternatives = sorted(self.forms, key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(map(re.escape, alternatives)) + r")\b", re.I)

    def _swap(self, match: re.Match[str]) -> str:
        found = match.group(0)
        word = self.forms[found.lower()]
        return word[0].upper() + word[1:] if found[0].isupper() else word

    def apply(self, msgid: str, template: str) -> str:
        if msgid.startswith(self.keep):
            return template
        done = self.done.get(msgid)
        if done is None:
            done = self.done[msgid] = self.pattern.sub(self._swap, template)
        return done


RESIDENT_WORDS: dict[str, dict[str, Forms]] = {
    "bewoner": {"nl": {}, "en": {}},
    "deelnemer": {
        "nl": {
            "bewoner": "deelnemer",
            "bewoners": "deelnemers",
            "bewonersvergadering": "deelnemersvergadering",
        },
        "en": {"resident": "participant", "residents": "participants"},
    },
    "gast": {
        "nl": {
            "bewoner": "gast",
            "bewoners": "gasten",
            "bewonersvergadering": "gastenvergadering",
            "gast": "bezoeker",
            "gasten": "bezoekers",
        },
        "en": {
            "resident": "guest",
            "residents": "guests",
            "guest": "visitor",
            "guests": "visitors",
        },
    },
}
PEER_WORKER_WORDS: dict[str, dict[str, Forms]] = {
    "ervaringswerker": {"nl": {}, "en": {}},
    "ervaringsdeskundige": {
        "nl": {
            "ervaringswerker": "ervaringsdeskundige",
            "ervaringswerkers": "ervaringsdeskundigen",
        },
        "en": {"peer worker": "peer expert", "peer workers": "peer experts"},
    },
}
DEFAULT = ("bewoner", "ervaringswerker")
# The settings that choose the words, and their values, are never reworded.
KEEP = (
    "hs.name.resident_word",
    "hs.value.resident_word.",
    "hs.name.peer_worker_word",
    "hs.value.peer_worker_word.",
)


def wording(language: str, resident_word: str, peer_worker_word: str) -> Wording | None:
    """The rewording for a house's choices in one language; None when it says the bot's own
    words (or a choice is unknown: then the bot's own words are the safe reading)."""
    forms: Forms = {}
    forms.update(RESIDENT_WORDS.get(resident_word, {}).get(language, {}))
    forms.update(PEER_WORKER_WORDS.get(peer_worker_word, {}).get(language, {}))
    return Wording(forms, keep=KEEP) if forms else None
