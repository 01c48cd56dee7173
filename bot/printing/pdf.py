"""One A4 page as a PDF (fpdf2): large type, an icon before a line where it helps.

`render(sheet)` knows nothing of the house, Telegram or the database: it lays out a `Sheet`
(title, subtitle, lines, footer) on one page. It starts with large type and makes it smaller
step by step until everything fits; when even the smallest type does not fit, it keeps the
first lines and ends with the sheet's `more` line ("There is more: /rules in the group").

The text font is DejaVu Sans when the system has it (the Docker image installs
`fonts-dejavu-core`): it has every letter and the icons. Without it the page uses the PDF's
built-in Helvetica, draws a dot instead of an icon and leaves out what Helvetica cannot write.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Fedora, Alpine
    "/usr/share/fonts/TTF",  # Arch
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"

SIZES = (26, 23, 20, 18, 16, 14, 12)  # body text, in points: the largest that fits wins
MARGIN = 16  # mm
ICON_WIDTH = 1.6  # times the body size, in points → the icon column


@dataclass(frozen=True)
class Line:
    text: str
    icon: str | None = None  # one character, drawn in a column of its own
    heading: bool = False  # a day, a section: bold, a little larger, space before
    note: bool = False  # a small grey line under the one before (where an item came from)
    bold: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    lines: list[Line]
    more: str  # the last line when not everything fits
    subtitle: str | None = None
    footer: list[str] = field(default_factory=list)
    language: str = "nl"


@dataclass(frozen=True)
class Fonts:
    regular: Path | None
    bold: Path | None

    @property
    def unicode(self) -> bool:
        return self.regular is not None


@cache
def find_fonts() -> Fonts:
    for folder in FONT_DIRS:
        regular, bold = Path(folder, REGULAR), Path(folder, BOLD)
        if regular.is_file():
            return Fonts(regular, bold if bold.is_file() else regular)
    return Fonts(None, None)


@cache
def covered(path: Path) -> frozenset[int]:
    """The characters the font can draw."""
    from fontTools.ttLib import TTFont  # fpdf2's own dependency

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def writable(text: str, fonts: Fonts) -> str:
    """`text` with what the font cannot draw left out (emoji, variation selectors), on one
    line, without double spaces."""
    if fonts.regular is not None:
        chars = covered(fonts.regular)
        kept = "".join(c for c in text if ord(c) in chars or c in "\n")
    else:
        kept = unicodedata.normalize("NFC", text).encode("latin-1", "ignore").decode("latin-1")
    return " ".join(kept.split())


@cache
def blank(fonts: Fonts) -> FPDF:
    """An empty A4 document with the fonts read in, copied for every attempt (reading the
    font files takes longer). Only measured, never written: writing trims the font it shares
    with its copies."""
    return new_document(fonts)


def new_document(fonts: Fonts) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    if fonts.regular is not None and fonts.bold is not None:
        pdf.add_font("Body", "", str(fonts.regular))
        pdf.add_font("Body", "B", str(fonts.bold))
    return pdf


class Layout:
    """One attempt at one body size."""

    def __init__(self, sheet: Sheet, fonts: Fonts, size: int, *, final: bool = False) -> None:
        self.sheet, self.fonts, self.size = sheet, fonts, size
        pdf = new_document(fonts) if final else copy.deepcopy(blank(fonts))
        self.family = "Body" if fonts.unicode else "Helvetica"
        pdf.set_title(writable(sheet.title, fonts))
        pdf.set_creator("Huisbot")
        pdf.set_lang(sheet.language)
        pdf.add_page()
        self.pdf = pdf

    def text(self, value: str, *, size: float, bold: bool = False, grey: bool = False) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "B" if bold else "", size)
        pdf.set_text_color(90 if grey else 0)
        pdf.multi_cell(
            w=0,
            h=size * 0.5,  # points to a line height in mm, with room between lines
            text=writable(value, self.fonts),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            align="L",
        )

    def line(self, line: Line) -> None:
        pdf, size = self.pdf, self.size
        if line.heading:
            pdf.ln(size * 0.25)
            self.text(line.text, size=size * 1.1, bold=True)
            return
        if line.note:
            self.text(line.text, size=size * 0.75, grey=True)
            pdf.ln(size * 0.1)
            return
        icon_width = size * ICON_WIDTH * 0.3528 if line.icon is not None else 0  # pt → mm
        top = pdf.get_y()
        if line.icon is not None:
            self.icon(line.icon, icon_width)
        pdf.set_xy(pdf.l_margin + icon_width, top)
        pdf.set_font(self.family, "B" if line.bold else "", size)
        pdf.set_text_color(0)
        pdf.multi_cell(
            w=0,
            h=size * 0.5,
            text=writable(line.text, self.fonts),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            align="L",
        )

    def icon(self, icon: str, width: float) -> None:
        pdf, size = self.pdf, self.size
        if self.fonts.unicode and writable(icon, self.fonts):
            pdf.set_font(self.family, "B", size * 1.2)  # a little larger than the text
            pdf.set_text_color(0)
            pdf.cell(w=width, h=size * 0.5, text=writable(icon, self.fonts))
            return
        radius = size * 0.06  # a dot where no icon can be drawn
        x, y = pdf.l_margin + width / 2 - radius, pdf.get_y() + size * 0.25 - radius
        pdf.set_fill_color(0)
        pdf.ellipse(x, y, radius * 2, radius * 2, style="F")

    def build(self, count: int, more: bool) -> int:
        """Lays out the first `count` lines (and the `more` line); returns the pages used."""
        sheet, size = self.sheet, self.size
        self.text(sheet.title, size=size * 1.5, bold=True)
        if sheet.subtitle:
            self.text(sheet.subtitle, size=size)
        self.pdf.ln(size * 0.3)
        for line in sheet.lines[:count]:
            self.line(line)
            if self.pdf.page_no() > 1:
                return self.pdf.page_no()  # too much already: no need to go on
        if more:
            self.pdf.ln(size * 0.2)
            self.text(sheet.more, size=size * 0.85, bold=True)
        if sheet.footer:
            self.pdf.ln(size * 0.4)
            for text in sheet.footer:
                self.text(text, size=size * 0.75, grey=True)
        return self.pdf.page_no()

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def fits(sheet: Sheet, fonts: Fonts, size: int, count: int, more: bool) -> bool:
    return Layout(sheet, fonts, size).build(count, more) == 1


def written(sheet: Sheet, fonts: Fonts, size: int, count: int, more: bool) -> bytes:
    layout = Layout(sheet, fonts, size, final=True)
    layout.build(count, more)
    return layout.output()


def render(sheet: Sheet) -> bytes:
    """The sheet on one A4 page: the largest type that holds every line, else the smallest
    type with as many lines as fit and the `more` line. (When not even the title fits, fpdf2
    goes on to a second page.)"""
    fonts = find_fonts()
    total = len(sheet.lines)
    for size in SIZES:
        if fits(sheet, fonts, size, total, more=False):
            return written(sheet, fonts, size, total, more=False)
    smallest = SIZES[-1]
    low, high = 0, total - 1  # the most lines that fit with the `more` line
    while low < high:
        middle = (low + high + 1) // 2
        if fits(sheet, fonts, smallest, middle, more=True):
            low = middle
        else:
            high = middle - 1
    return written(sheet, fonts, smallest, low, more=True)
