"""The meeting's buttons (callback data) and the texts shared by its views: the repeat rule,
the agenda lines (where each item came from, honestly), names."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import codec
from bot.domain import agenda
from bot.domain.errors import UserError
from bot.i18n import Translator
from bot.storage.meeting_models import MeetingSettings, Recurrence
from bot.storage.models import AgendaItem, AgendaSource, Member

ITEM_IDS = {
    AgendaSource.NO_QUORUM: "meeting.item.no_quorum",
    AgendaSource.TIE: "meeting.item.tie",
    AgendaSource.REVIEW: "meeting.item.review",
    AgendaSource.CONFLICT: "meeting.item.conflict",
    AgendaSource.AGREEMENT: "meeting.item.agreement",
}
NTH_IDS = {1: "meeting.nth.1", 2: "meeting.nth.2", 3: "meeting.nth.3", 4: "meeting.nth.4"}
RULE_IDS = {
    Recurrence.WEEKLY: "meeting.rule.weekly",
    Recurrence.BIWEEKLY: "meeting.rule.biweekly",
}
KIND_IDS = {
    "once": "meeting.plan.once",
    "weekly": "meeting.plan.weekly",
    "biweekly": "meeting.plan.biweekly",
    "monthly": "meeting.plan.monthly",
}
LABEL_MAX = 48


@codec.register("cmv")
@dataclass(frozen=True)
class MeetingMenu:
    """A button of the meeting view. `full`: the view was shown to a chair (with their row)."""

    house_id: int
    op: str
    full: bool


@codec.register("cpl")
@dataclass(frozen=True)
class PlanMeeting:
    """A step of planning, `step` = `<kind>.<nth>.<day>.<minute>` (see `PlanStep`); one text
    field keeps the button within 64 bytes."""

    house_id: int
    step: str


@dataclass(frozen=True)
class PlanStep:
    """Kind, then (monthly) the n-th week, the day, the time. -1: not chosen yet; -2: "type
    it". `day` is a weekday (0 = Monday) for a series and a date as yyyymmdd for a one-off."""

    house_id: int
    kind: str
    nth: int = -1
    day: int = -1
    minute: int = -1

    def button(self) -> PlanMeeting:
        return PlanMeeting(self.house_id, f"{self.kind}.{self.nth}.{self.day}.{self.minute}")

    @staticmethod
    def of(action: PlanMeeting) -> PlanStep:
        kind, *numbers = action.step.split(".")
        try:
            nth, day, minute = (int(n) for n in numbers)
        except ValueError:
            raise UserError("button.stale") from None
        return PlanStep(action.house_id, kind, nth, day, minute)


def plan_button(
    house_id: int, kind: str, nth: int = -1, day: int = -1, minute: int = -1
) -> PlanMeeting:
    return PlanStep(house_id, kind, nth, day, minute).button()


@codec.register("cst")
@dataclass(frozen=True)
class MeetingSetting:
    house_id: int
    item: str


@codec.register("cma")
@dataclass(frozen=True)
class AfterMeeting:
    """After a meeting: view, minutes, decisions, items."""

    meeting_id: int
    op: str


@codec.register("cdl")
@dataclass(frozen=True)
class LinkDecision:
    meeting_id: int
    decision_id: int


def short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def weekday_name(t: Translator, weekday: int) -> str:
    return str(t.locale.days["format"]["wide"][weekday])


def hhmm(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def rule_text(t: Translator, settings: MeetingSettings) -> str | None:
    if (
        settings.recurrence == Recurrence.NONE
        or settings.weekday is None
        or settings.minute_of_day is None
    ):
        return None
    day, at = weekday_name(t, settings.weekday), hhmm(settings.minute_of_day)
    if settings.recurrence == Recurrence.MONTHLY:
        nth = t(NTH_IDS.get(settings.nth or 1, "meeting.nth.1"))
        return t("meeting.rule.monthly", nth=nth, day=day, time=at)
    return t(RULE_IDS[settings.recurrence], day=day, time=at)


def name_of(member: Member | None) -> str | None:
    return member.person.display_name if member is not None else None


def shown_text(t: Translator, item: AgendaItem, *, chair: bool = False) -> str:
    """The item's text; an objection's reason only for the chair says just that."""
    if item.chair_only and not chair:
        return t("meeting.reason_chair_reads")
    return item.text


def item_text(t: Translator, line: agenda.Entry, *, chair: bool = False) -> str:
    item = line.item
    if item.source == AgendaSource.MEMBER:
        if line.name:
            return t("meeting.item.member_named", text=item.text, name=line.name)
        return t("meeting.item.member", text=item.text)
    if item.source == AgendaSource.OBJECTION:
        reason = shown_text(t, item, chair=chair)
        if line.poll is None:
            return t("meeting.item.objection_plain", text=reason)
        if line.name:
            return t(
                "meeting.item.objection_named",
                question=line.poll.question,
                text=reason,
                name=line.name,
            )
        return t("meeting.item.objection", question=line.poll.question, text=reason)
    if item.source == AgendaSource.DISCUSS:
        return t.plural("meeting.item.discuss", agenda.discuss_votes(line), text=item.text)
    return t(ITEM_IDS[item.source], text=item.text)


def agenda_block(t: Translator, lines: list[agenda.Entry], *, chair: bool = False) -> list[str]:
    if not lines:
        return [t("meeting.agenda.empty")]
    return [t("meeting.agenda.title")] + [
        f"{number}. {item_text(t, line, chair=chair)}" for number, line in enumerate(lines, 1)
    ]
