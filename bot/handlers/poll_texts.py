"""The poll message's text: the question, how and who votes, the options with their counts
(and names, when the house shows them), the turnout, and the outcome once closed. Pure
rendering from a poll and its tally (`bot.domain.polls.Tally`); the buttons and the sending are
in `bot.handlers.polls`, which re-exports these names.
"""

from __future__ import annotations

from dataclasses import replace

from bot.domain import polls as domain
from bot.i18n import Html, Translator, escape
from bot.storage.models import House, Outcome, Poll, PollOption, PollState, Voters
from bot.telegram import messenger

BAR = "▓"

__all__ = [
    "BAR",
    "deadline_text",
    "option_label",
    "outcome_text",
    "poll_outcome_text",
    "poll_text",
    "winner_label",
]


def option_label(t: Translator, poll: Poll, option: PollOption) -> str:
    if option.discuss:
        return t("poll.option.discuss")
    if poll.kind in domain.FIXED_OPTIONS:
        return t(f"poll.option.{option.label}")
    return option.label


def deadline_text(t: Translator, house: House, poll: Poll) -> str:
    assert poll.deadline is not None
    return t.moment(poll.deadline, house.timezone)


def poll_text(t: Translator, house: House, poll: Poll, result: domain.Tally) -> str:
    """The poll message, a function of the poll and its tally. A secret poll shows only the
    turnout until it closes, so its message changes only when the turnout does. Open polls show
    names only if the house chose that; names are left out when they would not fit."""
    if not domain.names_shown(house):
        # Paper votes per option too: with one paper voter, "(1 op papier)" would name them.
        result = replace(result, names={}, paper_counts={})
    text = _poll_text(t, house, poll, result)
    if len(text) > messenger.MAX_TEXT and result.names:
        text = _poll_text(t, house, poll, replace(result, names={}))
        text += "\n" + t("poll.names_too_many")
    return text


def _poll_text(t: Translator, house: House, poll: Poll, result: domain.Tally) -> str:
    lines: list[str] = [t("poll.header", question=poll.question)]
    if poll.frame:
        lines.append(t("poll.frame", frame=poll.frame))
    lines.append(t(f"poll.how.{poll.kind.value}"))
    lines.append(t("poll.secret") if poll.secret else t("poll.open_vote"))
    lines.append(t(f"poll.who.{(poll.voters or Voters.RESIDENTS).value}"))
    closed = poll.state in (PollState.CLOSED, PollState.CANCELLED)
    if not closed:
        lines.append(t("poll.until", deadline=deadline_text(t, house, poll)))
    lines.append("")
    if poll.hide_results and not closed:
        lines.append(t("poll.results_hidden"))
    elif poll.secret and not closed:
        lines.append(t("poll.secret_until_close"))
    elif poll.state != PollState.CANCELLED:
        for option in poll.options:
            count = result.counts.get(option.id, 0)
            line = f"{Html(escape(option_label(t, poll, option)))} — <b>{count}</b>"
            if count:
                line += " " + BAR * min(count, 20)
            on_paper = result.paper_counts.get(option.id, 0)
            if on_paper:
                line += " " + t("paper.of_option", count=on_paper)
            names = result.names.get(option.id)
            if names:
                line += "\n    " + ", ".join(escape(n) for n in names)
            lines.append(line)
    lines.append("")
    lines.append(t("poll.turnout", voted=result.voted, eligible=result.eligible))
    lines.extend(paper_lines(t, poll, result))
    if not closed and result.missing:
        lines.append(t.plural("poll.missing", result.missing))
    if poll.state == PollState.CLOSED and poll.outcome is not None:
        lines.append("")
        lines.append(poll_outcome_text(t, poll, result))
    if poll.state == PollState.CANCELLED:
        lines.append("")
        lines.append(t("poll.cancelled", reason=poll.cancel_reason or ""))
    return "\n".join(lines)


def paper_lines(t: Translator, poll: Poll, result: domain.Tally) -> list[str]:
    """Residents without Telegram (issue 17.1): how many vote on paper, how many did."""
    lines: list[str] = []
    if result.paper:
        lines.append(t("paper.turnout", count=result.paper))
    if poll.state == PollState.OPEN and result.paper_eligible:
        lines.append(t.plural("paper.poll_line", result.paper_eligible))
    return lines


def winner_label(t: Translator, poll: Poll, result: domain.Tally) -> str | None:
    _, winner = domain.outcome_of(poll, result)
    return option_label(t, poll, winner) if winner is not None else None


def poll_outcome_text(t: Translator, poll: Poll, result: domain.Tally) -> str:
    assert poll.outcome is not None
    if poll.outcome == Outcome.DISCUSS:
        return t.plural("poll.outcome.discuss", domain.discuss_count(poll, result))
    return outcome_text(t, poll.outcome, result, winner_label(t, poll, result))


def outcome_text(t: Translator, outcome: Outcome, result: domain.Tally, winner: str | None) -> str:
    if outcome == Outcome.NO_QUORUM:
        return t("poll.outcome.no_quorum", voted=result.voted, needed=result.quorum_needed)
    if outcome == Outcome.CHOSEN:
        return t("poll.outcome.chosen", winner=winner or "")
    return t(f"poll.outcome.{outcome.value}")
