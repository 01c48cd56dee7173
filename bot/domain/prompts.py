"""Questions the bot waits for (a reason, a report's text, a name, a date) are rows that name
a person ("Carla was asked for her report at 09:00"): they expire.

A prompt is answerable for a day (`TTL`). It is deleted when it is answered, when its subject
closes or is deleted (a poll closes, a report is sent, withdrawn or deleted: the feature calls
`drop_subject`), and otherwise by the daily clean-up (`expire`), rebuilt at start-up. Whoever
answers an expired question is told so kindly; the bot never goes silent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.storage.models import Prompt

TTL = timedelta(days=1)


def subject(kind: str, subject_id: int) -> str:
    """The subject a question is about: `poll:12`, `flag:3`."""
    return f"{kind}:{subject_id}"


def expired(prompt: Prompt, now: datetime) -> bool:
    return prompt.created_at + TTL <= now


def expire(session: Session, clock: Clock) -> int:
    """Delete every question asked more than a day ago. The number deleted."""
    result = session.execute(delete(Prompt).where(Prompt.created_at <= clock.now() - TTL))
    return int(getattr(result, "rowcount", 0) or 0)


def drop_subject(session: Session, about: str) -> None:
    """The subject closed or is gone: its questions go with it."""
    session.execute(delete(Prompt).where(Prompt.subject == about))
