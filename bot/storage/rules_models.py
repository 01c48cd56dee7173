"""Tables of the house rules (huisregels): the rule book, proposals to change it, and each
rule's history.

- `house_rules`: one row per rule. A rule gets its number when it is adopted (imported rules
  in the order of the file); numbers are never reused, so "rule 4" keeps meaning one rule, also
  after it was dropped. DRAFT rows are an import waiting for the chair's "save".
- `rule_proposals`: the chair's proposal to add, change or drop a rule, and the poll that
  decides it. A new rule has its own row in `house_rules` (PROPOSED) from the start.
- `rule_events`: the history of a rule: imported, adopted, changed, dropped — with the decision
  of the decision log that did it (none for an import).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, _enum


class RuleState(StrEnum):
    DRAFT = "draft"  # read from an import file; saved only when the chair confirms
    PROPOSED = "proposed"  # a new rule, not decided yet
    ADOPTED = "adopted"
    DROPPED = "dropped"
    REJECTED = "rejected"  # a new rule the house did not adopt


class ProposalKind(StrEnum):
    NEW = "new"
    CHANGE = "change"
    DROP = "drop"
    CONFIRM = "confirm"  # confirm an imported rule book (its rule_id: the book's first rule)


class ProposalState(StrEnum):
    DRAFT = "draft"  # the chair is still writing it
    PROPOSED = "proposed"  # ready, no vote running
    VOTING = "voting"  # a poll decides it
    ADOPTED = "adopted"
    REJECTED = "rejected"
    DISCARDED = "discarded"


class RuleEventKind(StrEnum):
    IMPORTED = "imported"
    ADOPTED = "adopted"
    CHANGED = "changed"
    DROPPED = "dropped"


class Rule(Base):
    __tablename__ = "house_rules"
    __table_args__ = (UniqueConstraint("house_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    number: Mapped[int | None] = mapped_column(Integer, default=None)
    section: Mapped[str | None] = mapped_column(String(100), default=None)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[RuleState] = mapped_column(_enum(RuleState))
    # False for an imported rule until a decision of the residents confirms the book.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RuleProposal(Base):
    __tablename__ = "rule_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("house_rules.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ProposalKind] = mapped_column(_enum(ProposalKind))
    state: Mapped[ProposalState] = mapped_column(_enum(ProposalState))
    text: Mapped[str | None] = mapped_column(Text, default=None)  # new text (new, change)
    section: Mapped[str | None] = mapped_column(String(100), default=None)
    poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id", ondelete="SET NULL"), default=None, index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), default=None
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None] = mapped_column(default=None)


class RuleEvent(Base):
    __tablename__ = "rule_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("house_rules.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RuleEventKind] = mapped_column(_enum(RuleEventKind))
    text: Mapped[str] = mapped_column(Text)  # the rule's text after the event
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime]
