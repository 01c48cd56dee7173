"""At start-up: bring the group's live messages up to date, once.

The bot coalesces the edits of a poll's message (`Polls.refresh_soon`): a pending edit lives only
in memory and a crash loses it, so the message may show an older count. And a close whose final
edit did not get out leaves a message with buttons for a poll that is over. So at start-up every
open poll's message, and that of every poll closed or cancelled in the last two days, is rendered
again, once (as background work: within the group's budget, after every update; "message is not
modified" is fine). Polls are the only live messages whose edits are deferred; the others (rota,
meeting, flag messages) are edited within their update.

Each house is done on its own: a house whose group became a supergroup while the bot was down
is followed there (`bot.telegram.live`), and a house that fails is logged by its id while the
others go on.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain import polls as poll_domain
from bot.domain.ballots import Keyring
from bot.handlers.bind import bind
from bot.handlers.kit import Deps, Work
from bot.handlers.polls import Polls, poll_text, vote_rows
from bot.storage.models import House, Poll, PollState
from bot.telegram.live import poll_moved, refresh_group_message

log = logging.getLogger(__name__)

RECENTLY_CLOSED = timedelta(days=2)


def live_polls(session: Session, house: House, since: datetime) -> list[Poll]:
    return list(
        session.scalars(
            select(Poll)
            .where(Poll.house_id == house.id, Poll.message_id.is_not(None))
            .where(
                or_(
                    Poll.state == PollState.OPEN,
                    Poll.state.in_((PollState.CLOSED, PollState.CANCELLED))
                    & (Poll.closed_at >= since),
                )
            )
            .order_by(Poll.id)
        )
    )


def refresh_house(work: Work, house: House, keys: Keyring) -> int:
    """Queue one edit of each live poll message of `house`; returns how many."""
    t = work.group_translator(house)
    since = work.clock.now() - RECENTLY_CLOSED
    queued = 0
    for poll in live_polls(work.session, house, since):
        assert poll.chat_id is not None and poll.message_id is not None
        text = poll_text(t, house, poll, poll_domain.tally(work.session, poll, keys))
        markup = work.markup(vote_rows(t, poll))
        work.later(
            partial(
                refresh_group_message,
                work.deps.db,
                work.bot,
                house.id,
                poll.chat_id,
                poll.message_id,
                text,
                markup,
                moved=poll_moved(poll.id),
            )
        )
        queued += 1
    return queued


async def refresh_live_messages(polls: Polls, work: Work) -> None:
    """The start-up hook (after the polls' own, which drops ballots nobody can read any more):
    every active house on its own (a savepoint each). `polls.keys` counts the open secret
    polls."""
    houses = work.session.scalars(select(House).where(House.active).order_by(House.id)).all()
    for house in houses:
        try:
            with work.session.begin_nested():
                refresh_house(work, house, polls.keys)
        except Exception:
            log.warning("start-up: house %s: live messages not refreshed", house.id)


def register(deps: Deps, polls: Polls) -> None:
    """The start-up hook, bound to the polls service."""
    deps.startup_hooks.append(bind(refresh_live_messages, polls))
