"""Errors a person can fix or should know about. Translated at the edge by message id."""

from __future__ import annotations


class UserError(Exception):
    """Something the person asked cannot be done; `msgid` names the text that explains why."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
