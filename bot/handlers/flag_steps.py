"""After a report is picked up (issue 17.5): the reporter's next step, in their private chat.

The reporter's "X picks up your report" message offers the steps (`step_rows`); "my reports"
offers them again for a report that is picked up. Talking it through oneself, a mediator from
outside (the house's contact text) and the meeting (anonymous item) are one tap each, and the
confidant hears the choice. A conversation together: the reporter ticks whom to invite, the
bot asks each one privately, whoever agrees gets a private time poll, and when all answered,
only the people in the conversation hear the moment. The group never hears of any of it. The
rules are in `bot.domain.flag_steps`.
"""

from __future__ import annotations

from datetime import datetime

from bot.callbacks import FlagNextStep, TalkAgree, TalkInvite, TalkSlot
from bot.domain import flag_steps as domain
from bot.domain.errors import UserError
from bot.domain.members import present_membership
from bot.handlers import flags_care
from bot.handlers.flags_care import FlagResolve, Flags, agenda_text
from bot.handlers.kit import Button, Ctx, Work
from bot.i18n import Translator
from bot.storage.flags_models import Flag, FlagStep, FlagTalk, FlagTalkPerson
from bot.storage.models import House, Member

STEP_BUTTONS = {
    FlagStep.SELF: "flags.step.button.self",
    FlagStep.TALK: "flags.step.button.talk",
    FlagStep.MEDIATOR: "flags.step.button.mediator",
    FlagStep.MEETING: "flags.step.button.meeting",
}
DONE = -1  # TalkSlot: "that's all"
SEND = 0  # TalkInvite: send the invitations


def step_rows(t: Translator, flag: Flag) -> list[list[Button]]:
    """The next steps, then "resolved" (the reporter's message when a report is picked up)."""
    rows: list[list[Button]] = [
        [(t(label), FlagNextStep(flag.id, step.value))] for step, label in STEP_BUTTONS.items()
    ]
    rows.append([(t("flags.button.resolved"), FlagResolve(flag.id))])
    return rows


def member_by_id(work: Work, member_id: int | None) -> Member | None:
    return work.session.get(Member, member_id) if member_id is not None else None


def name_of(work: Work, member_id: int | None) -> str:
    member = member_by_id(work, member_id)
    return member.person.display_name if member is not None else "—"


def reporter_of(ctx: Ctx, flag_id: int) -> tuple[House, Member, Flag]:
    """The reporter's own report (`flags_care.reporter_of`), picked up by a confidant now."""
    house, member, flag = flags_care.reporter_of(ctx, flag_id)
    domain.picked_up(flag, member)
    return house, member, flag


async def tell_confidant(
    work: Work, house: House, flag: Flag, msgid: str, **params: object
) -> None:
    confidant = member_by_id(work, flag.picked_by_id)
    if confidant is None:
        return
    t = work.translator_for(confidant.person, house)
    reporter = name_of(work, flag.reporter_id)
    await work.send_private_soon(
        confidant.person, t(msgid, name=reporter, house=house.name, **params)
    )


# --- the reporter's choice -------------------------------------------------------------------
async def next_step(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(FlagNextStep)
    house, member, flag = reporter_of(ctx, action.flag_id)
    t = ctx.t
    confidant = name_of(ctx, flag.picked_by_id)
    back: list[Button] = [(t("flags.step.button.other"), FlagNextStep(flag.id, "menu"))]
    if action.step == "menu":
        await ctx.edit(t("flags.step.question", name=confidant), step_rows(t, flag))
        return
    try:
        step = FlagStep(action.step)
    except ValueError:
        raise UserError("button.stale") from None
    if step == FlagStep.SELF:
        domain.choose(ctx.session, flag, member, step)
        await ctx.edit(t("flags.step.self_done", name=confidant), [back])
        await tell_confidant(ctx, house, flag, "flags.step.self_for_confidant")
    elif step == FlagStep.MEDIATOR:
        domain.choose(ctx.session, flag, member, step)
        contact = domain.mediator_text(ctx.session, house)
        text = (
            t("flags.step.mediator_contact", contact=contact, name=confidant)
            if contact
            else t("flags.step.mediator_none", name=confidant)
        )
        await ctx.edit(text, [back])
        await tell_confidant(ctx, house, flag, "flags.step.mediator_for_confidant")
    elif step == FlagStep.MEETING:
        item = domain.to_meeting(
            ctx.session, ctx.clock, house, flag, member, agenda_text(ctx, house, flag)
        )
        await ctx.edit(t("flags.step.meeting_done", text=item.text), [back])
        await tell_confidant(ctx, house, flag, "flags.step.meeting_for_confidant")
    else:
        talk = domain.start_talk(ctx.session, ctx.clock, house, flag, member)
        await ctx.edit(*invite_view(ctx, house, flag, talk))


# --- a conversation together: whom to invite --------------------------------------------------
def invite_view(
    ctx: Ctx, house: House, flag: Flag, talk: FlagTalk
) -> tuple[str, list[list[Button]]]:
    t = ctx.t
    chosen = {p.member_id for p in domain.people(ctx.session, talk)}
    rows: list[list[Button]] = [
        [
            (
                ("✅ " if m.id in chosen else "▫️ ") + m.person.display_name,
                TalkInvite(flag.id, m.id),
            )
        ]
        for m in domain.invitable(ctx.session, house, flag)
    ]
    rows.append([(t("flags.talk.button.send"), TalkInvite(flag.id, SEND))])
    rows.append([(t("flags.step.button.other"), FlagNextStep(flag.id, "menu"))])
    return t("flags.talk.who", name=name_of(ctx, flag.picked_by_id)), rows


async def invite(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(TalkInvite)
    house, member, flag = reporter_of(ctx, action.flag_id)
    talk = domain.talk_of(ctx.session, flag)
    if talk is None:
        raise UserError("button.stale")
    if action.member_id != SEND:
        domain.toggle_invite(ctx.session, house, flag, member, action.member_id)
        await ctx.edit(*invite_view(ctx, house, flag, talk))
        return
    asked = domain.send_invitations(ctx.session, talk)
    reporter = member.person.display_name
    confidant = name_of(ctx, flag.picked_by_id)
    reached: list[str] = []
    for person in asked:
        other = member_by_id(ctx, person.member_id)
        if other is None:
            continue
        t = ctx.translator_for(other.person, house)
        rows: list[list[Button]] = [
            [(t("flags.talk.button.yes"), TalkAgree(talk.id, True))],
            [(t("flags.talk.button.no"), TalkAgree(talk.id, False))],
        ]
        msgid = (
            "flags.talk.invite_confidant" if other.id == flag.picked_by_id else "flags.talk.invite"
        )
        text = t(msgid, name=reporter, confidant=confidant, house=house.name)
        message = await ctx.send_private(other.person, text, rows)
        if message is None:
            person.agreed, person.answered = False, True  # cannot be reached: not in it
        else:
            person.chat_id, person.message_id = message.chat_id, message.message_id
            reached.append(other.person.display_name)
    t = ctx.t
    await ctx.edit(t("flags.talk.asked", names=t.join(reached) if reached else "—"))
    mine = domain.reporter_row(ctx.session, talk)
    await ctx.reply(*poll_view(t, house, talk, mine))
    await settle(ctx, house, talk)


# --- the invited person's answer, the time poll ---------------------------------------------
def talk_of_tap(ctx: Ctx, talk_id: int) -> tuple[House, FlagTalk, FlagTalkPerson]:
    talk = ctx.session.get(FlagTalk, talk_id)
    if talk is None or ctx.person is None:
        raise UserError("flags.talk.gone")
    house = ctx.session.get(House, talk.house_id)
    assert house is not None
    member = present_membership(ctx.session, house, ctx.person)
    talk, person = domain.talk_for(ctx.session, talk_id, member)
    return house, talk, person


def slot_label(t: Translator, house: House, moment: datetime) -> str:
    return f"{t.day(moment, house.timezone, 'EEEE d MMM')} · {t.hour(moment, house.timezone)}"


def poll_view(
    t: Translator, house: House, talk: FlagTalk, person: FlagTalkPerson
) -> tuple[str, list[list[Button]]]:
    can = {int(s) for s in person.can}
    rows: list[list[Button]] = [
        [(("✅ " if i in can else "▫️ ") + slot_label(t, house, m), TalkSlot(talk.id, i))]
        for i, m in enumerate(domain.moments(talk))
    ]
    rows.append([(t("flags.talk.button.done"), TalkSlot(talk.id, DONE))])
    return t("flags.talk.when"), rows


async def agree(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(TalkAgree)
    house, talk, person = talk_of_tap(ctx, action.talk_id)
    domain.agree(ctx.session, talk, person, action.yes)
    if action.yes:
        await ctx.edit(*poll_view(ctx.t, house, talk, person))
        return
    await ctx.edit(ctx.t("flags.talk.said_no"))
    reporter_row = domain.reporter_row(ctx.session, talk)
    reporter = member_by_id(ctx, reporter_row.member_id)
    if reporter is not None:
        t = ctx.translator_for(reporter.person, house)
        who = name_of(ctx, person.member_id)
        await ctx.send_private(reporter.person, t("flags.talk.not_joining", name=who))
    await settle(ctx, house, talk)


async def slot(flags: Flags, ctx: Ctx) -> None:
    action = ctx.action(TalkSlot)
    house, talk, person = talk_of_tap(ctx, action.talk_id)
    if action.slot != DONE:
        domain.toggle_slot(talk, person, action.slot)
        await ctx.edit(*poll_view(ctx.t, house, talk, person))
        return
    can = [slot_label(ctx.t, house, domain.moments(talk)[int(i)]) for i in person.can]
    outcome = domain.finish_slots(ctx.session, talk, person)
    await ctx.edit(ctx.t("flags.talk.thanks", moments=ctx.t.join(can) if can else "—"))
    if outcome is not None:
        await announce(ctx, house, talk, outcome)


async def settle(ctx: Ctx, house: House, talk: FlagTalk) -> None:
    outcome = domain.settle(ctx.session, talk)
    if outcome is not None:
        await announce(ctx, house, talk, outcome)


async def announce(ctx: Ctx, house: House, talk: FlagTalk, outcome: domain.Outcome) -> None:
    """Only the people in the conversation hear how it ends."""
    flag = ctx.session.get(Flag, talk.flag_id)
    assert flag is not None
    members = [m for m in (member_by_id(ctx, i) for i in outcome.members) if m is not None]
    confidant = name_of(ctx, flag.picked_by_id)
    for member in members:
        t = ctx.translator_for(member.person, house)
        if len(members) < 2:
            text = t("flags.talk.nobody", name=confidant)
            rows: list[list[Button]] = [
                [(t("flags.step.button.other"), FlagNextStep(flag.id, "menu"))]
            ]
        elif outcome.moment is None and member.id == flag.picked_by_id:
            text, rows = t("flags.talk.no_moment_confidant"), []
        elif outcome.moment is None:
            text, rows = t("flags.talk.no_moment", name=confidant), []
        else:
            names = t.join([m.person.display_name for m in members if m.id != member.id])
            text = t(
                "flags.talk.moment",
                day=t.day(outcome.moment, house.timezone),
                time=t.hour(outcome.moment, house.timezone),
                names=names,
            )
            rows = []
        await ctx.send_private(member.person, text, rows)
