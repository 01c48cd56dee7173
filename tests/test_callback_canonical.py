"""Callback data has one spelling: ASCII digits, no sign unless declared, no leading zeros
(issue 15). Anything else is refused, and a tap carrying it is answered as a stale button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pytest
from sqlalchemy import func, select

import bot.app  # noqa: F401 - registers every action of every handler module
from bot.callbacks import SIGNED, CallbackCodec, InvalidCallback, codec
from bot.storage.models import Choice
from tests.conftest import House
from tests.pressure_helpers import open_poll

local = CallbackCodec()


@local.register("s")
@dataclass(frozen=True)
class Shift:
    page: int
    delta: Annotated[int, SIGNED]


@pytest.mark.parametrize(
    "data",
    [
        "v|١|٢",  # Arabic-Indic digits
        "v|１|2",  # a full-width digit
        "v|01|2",  # a leading zero
        "v|1|00",
        "v|+1|2",  # a sign on an unsigned field
        "v|-1|2",
        "mm|1|-5",  # a negative members page
        "mm|1|-0",
        "mm|1|-2",  # -1 closes the picker; nothing lower is a page
        "v|1|2\n",  # a trailing line end
        "v| 1|2",
        "v|1_0|2",  # Python would read 1_0 as 10
        "lang|nl\n",
    ],
)
def test_non_canonical_data_of_the_bot_is_refused(data: str) -> None:
    with pytest.raises(InvalidCallback):
        codec.decode(data)


def test_canonical_data_is_accepted() -> None:
    assert codec.decode("v|10|2") == codec.decode("v|10|2")
    assert codec.decode("mm|1|-1") == codec.decode("mm|1|-1")  # close the picker
    assert local.decode("s|0|-5") == Shift(0, -5)
    assert local.decode("s|7|0") == Shift(7, 0)
    for data in ("s|-1|5", "s|1|--5", "s|1|-05", "s|1|-٥"):
        with pytest.raises(InvalidCallback):
            local.decode(data)


def test_a_negative_value_in_an_unsigned_field_is_not_encoded() -> None:
    with pytest.raises(ValueError):
        local.encode(Shift(-1, 0))
    assert local.encode(Shift(3, -2)) == "s|3|-2"


async def test_a_vote_in_other_digits_is_a_stale_button(house: House) -> None:
    poll_message = await open_poll(house)
    button = house.tg.all_buttons(poll_message)[0]
    assert button.callback_data is not None
    prefix, poll_id, option_id = button.callback_data.split("|")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    for data in (
        f"{prefix}|{poll_id.translate(arabic)}|{option_id.translate(arabic)}",
        f"{prefix}|0{poll_id}|{option_id}",
        f"{prefix}|{poll_id}|+{option_id}",
    ):
        tap = await house.driver.tap_data(house.bram, poll_message, data)
        assert tap.popup is not None and tap.popup_alert
        assert not tap.edits
    async with house.bot.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Choice)) == 0
