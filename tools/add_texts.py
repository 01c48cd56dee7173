"""Add texts to both catalogs: `python tools/add_texts.py FILE.py`, where FILE defines
TEXTS = {msgid: (dutch, english)} and optionally REMOVED = [msgid, ...]. Existing ids are
replaced; order is kept; removed ids are deleted."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main(path: str) -> None:
    found = runpy.run_path(path)
    texts: dict[str, tuple[str, str]] = found["TEXTS"]
    removed: list[str] = found.get("REMOVED", [])  # ids nobody uses any more
    for index, language in enumerate(("nl", "en")):
        po = ROOT / "locales" / language / "LC_MESSAGES" / "huisbot.po"
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for msgid in removed:
            if msgid in catalog:
                catalog.delete(msgid)
        for msgid, pair in texts.items():
            text = pair[index]
            flags = ("python-brace-format",) if "{" in "".join(pair) else ()
            if msgid in catalog:
                catalog[msgid].string = text
                catalog[msgid].flags = set(flags)
            else:
                catalog.add(msgid, text, flags=flags)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=0, sort_output=False)


if __name__ == "__main__":
    main(sys.argv[1])
