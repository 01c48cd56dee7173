"""The one hook a feature uses: `print_row(t, house_id, kind)` is a row with the
"🖨 Afdrukken" button, added under the feature's own view. Imports nothing of the features,
so every feature may import it."""

from __future__ import annotations

from bot.callbacks import PrintPage
from bot.i18n import Translator

AGENDA, ROTA, RULES, DECISION = "agenda", "rota", "rules", "decision"
KINDS = (AGENDA, ROTA, RULES, DECISION)


def print_row(
    t: Translator, house_id: int, kind: str, item_id: int = 0
) -> list[tuple[str, object]]:
    """`[("🖨 Afdrukken", PrintPage(...))]`: one button, a row of its own."""
    assert kind in KINDS
    return [(t("print.button"), PrintPage(house_id, kind, item_id))]
