"""Shared set-up of the issue-15 tests (Telegram under pressure)."""

from __future__ import annotations

from bot.storage.models import MemberStatus, PrivateChat, Role
from tests.conftest import House
from tests.fake_telegram import FakeMessage
from tests.helpers import set_member


async def open_poll(house: House, question: str = "Nieuwe bank?") -> FakeMessage:
    """Bram (chair) posts a yes/no poll in the group; Anna, Bram and Carla may vote."""
    db, tg = house.bot.database, house.tg
    tg.start_bot(house.bram)
    await set_member(db, house.anna, MemberStatus.RESIDENT)
    await set_member(
        db, house.bram, MemberStatus.RESIDENT, Role.CHAIR, private_chat=PrivateChat.OPEN
    )
    await set_member(db, house.carla, MemberStatus.RESIDENT)
    reply = await house.driver.send(house.bram, f"/stemming {question}", chat=house.group)
    posted = reply.to(house.group)
    assert len(posted) == 1, reply.texts
    return posted[0]
