"""The four pages for the notice board, made from the house's data in plain words: the agenda
of the next meeting, the rota of the coming week, the house rules, one closed decision.

Each function reads what the feature's own view reads (the same domain functions, the same
"who may be named" rules) and returns a `Sheet`; nothing here sends or commits. Texts come
from the catalog as HTML (values escaped); `kit.plain` turns them back into what a person
reads, as for a popup.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain import agenda, rota_reading
from bot.domain import decisions as decision_domain
from bot.domain import meetings as meeting_domain
from bot.domain import rotas as rota_domain
from bot.domain import rules as rule_domain
from bot.handlers.decisions import option_label, outcome_line, source_text
from bot.handlers.kit import Work, plain  # a catalog text (HTML) as a person reads it
from bot.handlers.meetings_texts import shown_text
from bot.handlers.rota_views import backup_name, hhmm, holders_text, house_names, long_day
from bot.i18n import Translator
from bot.printing.pdf import Line, Sheet
from bot.storage.models import Decision, House, PollKind

# A task's icon, by a word in its name (Dutch and English); the first match wins.
TASK_ICONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("afwas", "vaat", "dishes", "washing up"), "☕"),
    (("kook", "koken", "cook", "eten", "maaltijd", "diner", "dinner", "meal"), "♨"),
    (("afval", "vuilnis", "container", "prullenbak", "trash", "garbage", "bins", "recycl"), "♻"),
    (("boodschap", "inkopen", "winkel", "shopping", "groceries"), "€"),
    (("deur", "sleutel", "door", "keys"), "⌂"),
    (("tuin", "plant", "bloem", "garden", "flower"), "✿"),
    (("post", "brief", "mail", "letter"), "✉"),
    (("was", "laundry"), "♒"),
    (("schoon", "poets", "dweil", "stofzuig", "wc", "badkamer", "clean", "vacuum"), "✧"),
)
TASK_ICON = "★"
RULE_ICON = "§"


def task_icon(name: str) -> str:
    words = name.casefold()
    for keys, icon in TASK_ICONS:
        if any(key in words for key in keys):
            return icon
    return TASK_ICON


def made_on(t: Translator, house: House, work: Work) -> str:
    return plain(t("print.made", date=t.day(work.clock.now(), house.timezone, "d MMMM yyyy")))


# --- the agenda ----------------------------------------------------------------------------


def agenda_sheet(work: Work, t: Translator, house: House) -> Sheet:
    entries = agenda.entries(work.session, house)
    poll_ids = [e.item.poll_id for e in entries if e.item.poll_id is not None]
    by_poll = decision_domain.by_poll(work.session, house, poll_ids)
    meeting = meeting_domain.planned(work.session, house)
    if meeting is None:
        subtitle = plain(t("print.agenda.no_date"))
    else:
        subtitle = plain(
            t(
                "print.agenda.meeting",
                day=t.day(meeting.starts_at, house.timezone),
                time=t.hour(meeting.starts_at, house.timezone),
            )
        )
    lines: list[Line] = []
    for number, entry in enumerate(entries, start=1):
        lines.append(Line(f"{number}. {shown_text(t, entry.item)}", bold=True))
        lines.append(Line(plain(source_text(t, entry, by_poll)), note=True))
    if not entries:
        lines.append(Line(plain(t("print.agenda.empty"))))
    return Sheet(
        title=plain(t("print.agenda.title", house=house.name)),
        subtitle=subtitle,
        lines=lines,
        more=plain(t("print.agenda.more")),
        footer=[plain(t("print.agenda.footer")), made_on(t, house, work)],
        language=t.language,
    )


# --- the rota --------------------------------------------------------------------------------


def rota_sheet(work: Work, t: Translator, house: House) -> Sheet:
    today = rota_domain.local_today(house, work.clock.now())
    tasks = {task.id: task for task in rota_domain.tasks_of(work.session, house)}
    turns = rota_reading.week_turns(work.session, house, today)
    book = house_names(work, house)
    lines: list[Line] = []
    current: date | None = None
    for turn in turns:
        task = tasks.get(turn.task_id)
        if task is None:
            continue
        if turn.day != current:
            current = turn.day
            day = long_day(t, turn.day)
            lines.append(Line(day[:1].upper() + day[1:], heading=True))
        names = holders_text(work, t, turn, book).replace(" ✅", "")
        backup = backup_name(work, turn, book) if task.backup else None
        params = {"time": hhmm(task.at_minute), "task": task.name, "names": names}
        text = (
            t("print.rota.line_backup", backup=backup, **params)
            if backup
            else t("print.rota.line", **params)
        )
        lines.append(Line(plain(text), icon=task_icon(task.name)))
    if not lines:
        lines.append(Line(plain(t("print.rota.empty"))))
    end = today + timedelta(days=6)
    return Sheet(
        title=plain(t("print.rota.title", house=house.name)),
        subtitle=plain(t("print.rota.week", start=long_day(t, today), end=long_day(t, end))),
        lines=lines,
        more=plain(t("print.rota.more")),
        footer=[plain(t("print.rota.footer")), made_on(t, house, work)],
        language=t.language,
    )


# --- the house rules -------------------------------------------------------------------------


def rules_sheet(work: Work, t: Translator, house: House) -> Sheet:
    rules = rule_domain.book(work.session, house)
    lines: list[Line] = []
    if rule_domain.unconfirmed(work.session, house):
        lines.append(Line(plain(t("print.rules.unconfirmed")), bold=True))
    for section, group in rule_domain.in_sections(rules):
        if section is not None:
            lines.append(Line(section, heading=True))
        for rule in group:
            lines.append(Line(f"{rule.number or 0}. {rule.text}", icon=RULE_ICON))
    if not rules:
        lines.append(Line(plain(t("print.rules.empty"))))
    return Sheet(
        title=plain(t("print.rules.title", house=house.name)),
        lines=lines,
        more=plain(t("print.rules.more")),
        footer=[plain(t("print.rules.footer")), made_on(t, house, work)],
        language=t.language,
    )


# --- one closed decision ---------------------------------------------------------------------


def decision_sheet(work: Work, t: Translator, house: House, decision: Decision) -> Sheet:
    lines: list[Line] = [Line(decision.question, bold=True)]
    if decision.frame:
        lines.append(Line(plain(t("decisions.frame", frame=decision.frame))))
    lines.append(Line(plain(outcome_line(t, decision)), icon="✔"))
    if decision.kind == PollKind.ROOM:
        lines.append(Line(plain(t("poll.how.room"))))
    else:
        for label, count in decision.results:
            option = option_label(t, decision, str(label))
            lines.append(Line(plain(t("print.decision.votes", option=option, count=int(count)))))
        lines.append(
            Line(plain(t("poll.turnout", voted=decision.turnout, eligible=decision.eligible)))
        )
        if decision.paper_turnout:  # residents without Telegram (issue 17.1)
            lines.append(Line(plain(t("paper.turnout", count=decision.paper_turnout))))
    if decision.secret:
        lines.append(Line(plain(t("decisions.secret"))))
    if decision.review_on is not None and decision.review_on > work.clock.now():
        review = t.day(decision.review_on, house.timezone, "d MMMM yyyy")
        lines.append(Line(plain(t("decisions.review_future", date=review))))
    decided = t.day(decision.decided_at, house.timezone, "EEEE d MMMM yyyy")
    return Sheet(
        title=plain(t("print.decision.title", number=decision.number)),
        subtitle=plain(t("print.decision.date", house=house.name, date=decided)),
        lines=lines,
        more=plain(t("print.decision.more", number=decision.number)),
        footer=[plain(t("print.decision.footer")), made_on(t, house, work)],
        language=t.language,
    )
