"""Tables of privacy.

- `forgotten`: someone used /forgetme. Only a one-way hash of their Telegram id and the moment:
  so that an ordinary message of theirs in a house's group does not register them again (they
  come back by acting on purpose: a command, a button, their private chat), which deletes the
  row. Telegram ids are numbers in a small space, so the hash is a pseudonym, not a secret:
  someone with the database and a candidate id can test it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base


class Forgotten(Base):
    __tablename__ = "forgotten"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    forgotten_at: Mapped[datetime]
