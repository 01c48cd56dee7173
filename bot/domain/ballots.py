"""Sealed ballots of secret polls: the per-poll keys that live only in the running process.

A secret poll's ballot row says who voted (turnout, "already voted", reminders) and holds the
choice *sealed*: encrypted with AES-GCM under a key of that poll that is made in memory when the
first vote comes in and is never written anywhere (not the database, not the environment, not
a log). Every write seals again with a fresh random nonce and has the same length whatever was
chosen, so neither the bytes nor their changes say anything about the choice. The key is bound to
the ballot's row id (associated data), so a sealed choice cannot be moved to another ballot.

The running process can unseal (the live tally, a change of mind, the count at close); after
the process is gone the sealed bytes are noise. See `bot.domain.polls` for the life cycle and
README.md ("The secret-ballot promise") for what this promises.

Also held here, in memory only, for the same polls: the one-line reasons of objections in a
secret consent poll (by ballot id), until the poll closes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE = 12
WIDTH = 2  # bytes of the choice: a bit per option position (at most 16 options)
SEALED_LENGTH = NONCE + WIDTH + 16  # nonce, choice, tag


@dataclass
class SecretPoll:
    key: AESGCM
    reasons: dict[int, tuple[str, bool]] = field(
        default_factory=dict
    )  # ballot -> reason, chair only


class Keyring:
    """The keys of the open secret polls, by poll id. One per application; never persisted."""

    def __init__(self) -> None:
        self._polls: dict[int, SecretPoll] = {}

    def __contains__(self, poll_id: int) -> bool:
        return poll_id in self._polls

    def open(self, poll_id: int) -> SecretPoll:
        """The poll's key and reasons; a new random key when this process has none."""
        secret = self._polls.get(poll_id)
        if secret is None:
            secret = self._polls[poll_id] = SecretPoll(AESGCM(new_key()))
        return secret

    def drop(self, poll_id: int) -> None:
        """The poll closed (or was cancelled): its sealed ballots can never be read again."""
        self._polls.pop(poll_id, None)

    def seal(self, poll_id: int, ballot_id: int, positions: Iterable[int]) -> bytes:
        mask = 0
        for position in positions:
            mask |= 1 << position
        nonce = os.urandom(NONCE)
        plain = mask.to_bytes(WIDTH, "little")
        return nonce + self.open(poll_id).key.encrypt(nonce, plain, _bound(poll_id, ballot_id))

    def unseal(self, poll_id: int, ballot_id: int, sealed: bytes) -> set[int] | None:
        """The option positions sealed in the ballot; None when this process cannot read it
        (sealed under the key of a process that is gone)."""
        secret = self._polls.get(poll_id)
        if secret is None or len(sealed) != SEALED_LENGTH:
            return None
        try:
            plain = secret.key.decrypt(sealed[:NONCE], sealed[NONCE:], _bound(poll_id, ballot_id))
        except InvalidTag:
            return None
        mask = int.from_bytes(plain, "little")
        return {p for p in range(WIDTH * 8) if mask >> p & 1}

    def set_reason(
        self, poll_id: int, ballot_id: int, reason: str, *, chair_only: bool = False
    ) -> None:
        self.open(poll_id).reasons[ballot_id] = (reason, chair_only)

    def reason(self, poll_id: int, ballot_id: int) -> tuple[str, bool] | None:
        """The objection's reason and whether only the chair reads it out."""
        secret = self._polls.get(poll_id)
        return secret.reasons.get(ballot_id) if secret else None


def new_key() -> bytes:
    """A fresh random 256-bit key (from the operating system's random source)."""
    return AESGCM.generate_key(bit_length=256)


def _bound(poll_id: int, ballot_id: int) -> bytes:
    return f"huisbot-ballot:{poll_id}:{ballot_id}".encode()
