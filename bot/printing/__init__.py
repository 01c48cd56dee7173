"""A page for the notice board: "🖨 Afdrukken" on `/agenda`, `/rooster`, `/regels` and a
closed decision sends one A4 page as a PDF, for the residents who are not on Telegram.

`pdf.py` lays out a `Sheet` on one page (fpdf2); `sheets.py` makes the four sheets from the
house's data in plain words; `buttons.py` is the one small hook a feature uses to add the
button (it imports nothing of the features); `handlers.py` answers the tap.
"""
