"""The callback codec: round trips, the 64-byte limit, and tampered data."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Annotated

import pytest

import bot.app  # noqa: F401 - registers every action of every handler module
from bot.callbacks import MAX_BYTES, SIGNED, CallbackCodec, InvalidCallback, codec


class Colour(StrEnum):
    RED = "red"


local = CallbackCodec()


@local.register("t")
@dataclass(frozen=True)
class Sample:
    number: Annotated[int, SIGNED]
    word: str
    flag: bool
    colour: Colour


def test_round_trip() -> None:
    action = Sample(-42, "abc_1", True, Colour.RED)
    data = local.encode(action)
    assert data == "t|-42|abc_1|1|red"
    assert local.decode(data) == action


@pytest.mark.parametrize(
    "data",
    [
        "",
        "x|1",  # unknown prefix
        "t|1|a|1",  # a field missing
        "t|1|a|1|red|more",  # a field too many
        "t|one|a|1|red",  # not a number
        "t|1|a|2|red",  # not a flag
        "t|1|a|1|blue",  # not a colour
        "t|1|<b>|1|red",  # not a token
        "t|" + "9" * 70,  # over 64 bytes
        None,
    ],
)
def test_tampered_data_is_rejected(data: object) -> None:
    with pytest.raises(InvalidCallback):
        local.decode(data)


def test_encoding_refuses_over_64_bytes_and_odd_text() -> None:
    with pytest.raises(ValueError):
        local.encode(Sample(1, "a" * 48 + "b" * 10, True, Colour.RED))
    with pytest.raises(ValueError):
        local.encode(Sample(1, "spaces not allowed", True, Colour.RED))


def test_matcher_only_matches_its_own_action() -> None:
    match = local.matcher(Sample)
    assert match("t|1|a|0|red")
    assert not match("t|1|a|0")
    assert not match("zz|1")


def _largest(kind: object) -> object:
    if kind is int:
        return 2**63 - 1  # no action has a signed field
    if kind is bool:
        return True
    if kind is str:
        return "nl"
    assert isinstance(kind, type) and issubclass(kind, Enum)
    return max(kind, key=lambda member: len(str(member.value)))


def test_every_action_of_the_bot_fits_in_64_bytes_with_the_largest_ids() -> None:
    actions = codec.actions()
    assert len(actions) >= 8
    for cls in actions:
        hints = typing.get_type_hints(cls)
        values = {f.name: _largest(hints[f.name]) for f in dataclasses.fields(cls)}
        data = codec.encode(cls(**values))
        assert len(data.encode()) <= MAX_BYTES
        assert codec.decode(data) == cls(**values)
