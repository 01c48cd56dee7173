"""Sends that were decided but not yet made (the durable half of the outbox).

A job or an update that sends after its commit (`Work.post_private` / `post_group`) writes one
row here in its own transaction; the row is deleted as soon as Telegram answered. A process that
dies in between (kill -9, a crash) leaves the row behind, and the next process that becomes
active sends it at start-up. So a reminder whose job committed is never lost; it is sent twice
only when the process dies in the milliseconds between Telegram's answer and the delete.
The row holds the message text: it lives for as long as the send takes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base


class PendingSend(Base):
    __tablename__ = "pending_sends"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    markup: Mapped[str | None] = mapped_column(Text)  # the InlineKeyboardMarkup as JSON
    created_at: Mapped[datetime]
