"""Proposals about a member: a role given or taken, a status that changes who votes.

A proposal is announced in the group and takes effect only when a second resident (not the
proposer, not the person it is about) confirms it with a tap. The proposer may withdraw it;
nobody confirming it within `PROPOSAL_DAYS` lets it lapse (checked when someone taps it or
proposes again about the same person).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.storage.models import Base, Member, MemberStatus, Role, SupporterKind, _enum


class ProposalState(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    OUTDATED = "outdated"  # the member's status or roles changed in the meantime


class MemberProposal(Base):
    __tablename__ = "member_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    house_id: Mapped[int] = mapped_column(ForeignKey("houses.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    # A status change (status set) or a role change (role set, `give` says which way).
    status: Mapped[MemberStatus | None] = mapped_column(_enum(MemberStatus), default=None)
    supporter_kind: Mapped[SupporterKind | None] = mapped_column(_enum(SupporterKind), default=None)
    role: Mapped[Role | None] = mapped_column(_enum(Role), default=None)
    give: Mapped[bool] = mapped_column(Boolean, default=True)
    # The member's status when it was proposed: a proposal about an older state is outdated.
    old_status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus))
    state: Mapped[ProposalState] = mapped_column(_enum(ProposalState), default=ProposalState.OPEN)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
