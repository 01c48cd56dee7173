"""/forgetme forgets, and only that: the reporter's report leaves the confidants' chats (a hook
per feature), names are taken only out of the person's own texts (a guest called "Soep" does
not blank the option "Soep", nor other people's words), a forgotten voter stays in turnout and
counts alike (anonymously), a later ordinary group message does not register them again, and a
confidant's /mydata holds only what is about them."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import polls as poll_domain
from bot.handlers.flags import FlagPick, FlagSend
from bot.handlers.privacy import ForgetMe
from bot.storage.models import AgendaItem, Person, Poll, PollOption
from tests import audit_helpers
from tests.audit_helpers import World, WorldFactory, button, decoded, post_poll
from tests.test_privacy_flags import give_role, route_view

pytestmark = pytest.mark.asyncio(loop_scope="module")
shared_bot = audit_helpers.shared_bot
new_world = audit_helpers.new_world


async def forgets(world: World, who: str) -> None:
    asked = (await world.private(who, world.cmd("forgetme", "vergeetmij"))).last
    yes = next(a for a in decoded(asked) if isinstance(a, ForgetMe) and a.yes)
    await world.tap(who, asked, yes)


async def known(world: World, who: str) -> bool:
    telegram_id = world.user(who).id
    return await world.db(
        lambda s: (
            s.scalars(select(Person).where(Person.telegram_id == telegram_id)).first() is not None
        )
    )


async def test_a_reporters_forgetme_empties_the_confidants_messages(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    await give_role(world, "sam")
    menu = await route_view(world)
    sent = await world.tap("rik", menu, button(menu, FlagSend, member_id=world.members["sam"]))
    notice = sent.to(world.user("sam"))[0]
    assert "Rik" in notice.text
    await forgets(world, "rik")
    assert "Rik" not in notice.text and notice.buttons == []
    world.assert_sound()


async def test_names_go_only_from_the_persons_own_texts(new_world: WorldFactory) -> None:
    world = await new_world()
    tg = world.bot.tg
    soep = tg.add_user("Soep", username="soepie")
    world.users["soep"] = soep
    world.boog.members[soep.id] = soep
    tg.start_bot(soep)
    add = world.cmd("agenda", "agenda") + (" add" if world.language == "en" else " toevoegen")
    await world.group("soep", f"{add} Soep wil praten over de afwas")
    await world.group("rik", f"{add} Met Soep praten")
    poll_id, _ = await post_poll(world, "Wat eten we? | Soep | Pasta")
    await forgets(world, "soep")
    house_id = world.boog_id

    def texts(session: Session) -> tuple[list[str], list[str]]:
        items = session.scalars(select(AgendaItem.text).where(AgendaItem.house_id == house_id))
        options = session.scalars(select(PollOption.label).where(PollOption.poll_id == poll_id))
        return sorted(items), sorted(options)

    items, options = await world.db(texts)
    assert "Soep" in options  # an option label is nobody's name
    assert "Met Soep praten" in items  # Rik's words stay
    assert "— wil praten over de afwas" in items  # Soep's own text loses her name
    world.assert_sound()


async def test_a_forgotten_voter_counts_in_turnout_and_counts_alike(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    poll_id, message = await post_poll(world)
    votes = decoded(message)
    await world.tap("anna", message, votes[0])
    await world.tap("rik", message, votes[1])
    await forgets(world, "anna")

    def tally(session: Session) -> tuple[int, int]:
        poll = session.get(Poll, poll_id)
        assert poll is not None
        result = poll_domain.tally(session, poll, world.bot.app.bot_data["polls"].keys)
        return result.voted, sum(result.counts.values())

    voted, counted = await world.db(tally)
    assert voted == counted == 2  # kept in both, anonymously
    world.assert_sound()


async def test_after_forgetme_an_ordinary_message_does_not_register_again(
    new_world: WorldFactory,
) -> None:
    world = await new_world()
    world.bot.tg.set_bot_admin(world.boog)  # the bot sees every message in the group
    await forgets(world, "gert")
    assert not await known(world, "gert")
    await world.group("gert", "Hallo allemaal")
    assert not await known(world, "gert")  # not listed as "Gasten • Gert" again
    await world.group("gert", world.cmd("help", "hulp"))  # on purpose: a command
    assert await known(world, "gert")
    world.assert_sound()


async def test_a_confidants_mydata_holds_no_one_elses_report(new_world: WorldFactory) -> None:
    world = await new_world()
    await give_role(world, "sam")
    menu = await route_view(world)
    flag_id = button(menu, FlagSend, member_id=world.members["sam"]).flag_id
    secret = "Geheime tekst over de buurman"

    def with_text(session: Session) -> None:
        from bot.storage.flags_models import Flag

        flag = session.get(Flag, flag_id)
        assert flag is not None
        flag.text = secret

    await world.db(with_text)
    sent = await world.tap("rik", menu, button(menu, FlagSend, member_id=world.members["sam"]))
    await world.tap("sam", sent.to(world.user("sam"))[0], FlagPick(flag_id))
    document = (await world.private("sam", world.cmd("mydata", "mijngegevens"))).last
    assert document.file is not None
    content = document.file.content.decode()
    assert secret not in content and '"picked_by_id"' in content
    world.assert_sound()
