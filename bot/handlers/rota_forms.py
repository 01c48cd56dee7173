"""Rotas, taking part and defining tasks: opting in to a task and how much one can take on
(`/rota join` buttons), and the chair's task list and task form (`/rota tasks`, `/rota new`:
buttons and the typed name, time, date and note).
"""

from __future__ import annotations

from datetime import timedelta

from bot.domain import rota_turns as turn_domain
from bot.domain import rotas as domain
from bot.domain.errors import UserError
from bot.domain.members import membership
from bot.handlers.kit import Ctx
from bot.handlers.rota_buttons import (
    FREQUENCIES,
    JoinTask,
    RotaManage,
    SetCapacity,
    TaskForm,
    TaskSet,
)
from bot.handlers.rota_reminders import Rotas
from bot.handlers.rota_views import (
    capacity_question,
    capacity_text,
    every_rows,
    form_view,
    freq_rows,
    freq_text,
    hhmm,
    house_member,
    join_view,
    once_rows,
    require_chair,
    send_overview,
    tasks_view,
    time_rows,
    today_of,
    upper_first,
    weekday_rows,
)
from bot.i18n import Html
from bot.storage.models import House, Member, PrivateChat, Prompt
from bot.storage.rota_models import (
    Frequency,
    RotaTask,
    TaskState,
)

# --- opting in -------------------------------------------------------------------------------


async def join_task(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(JoinTask)
    task = ctx.session.get(RotaTask, action.task_id)
    if task is None:
        raise UserError("button.stale")
    house, member = house_member(ctx, task.house_id)
    task = domain.task_in_house(ctx.session, house, task.id)
    joined = domain.toggle_volunteer(ctx.session, ctx.clock, house, task, member)
    name = task.name
    await rotas.replan(ctx, house)
    if joined and member is not None and not domain.capacity_said(ctx.session, member):
        await ask_capacity(ctx, house, task, member, refresh=action.refresh)
        return
    if action.refresh:
        await ctx.edit(*join_view(ctx, ctx.t, house, member, private=ctx.in_private))
    await ctx.popup(ctx.t("rota.joined_popup" if joined else "rota.left_popup", task=name))


async def ask_capacity(
    ctx: Ctx, house: House, task: RotaTask, member: Member, *, refresh: bool
) -> None:
    """The first opt-in: how much can you take on? Asked in the private chat (the tapped
    view turns into the question there); until answered, the smallest holds."""
    if ctx.in_private:
        await ctx.edit(*capacity_question(ctx.t, house, task))
        await ctx.popup(ctx.t("rota.joined_popup", task=task.name))
        return
    if refresh:
        await ctx.edit(*join_view(ctx, ctx.t, house, member, private=False))
    person = member.person
    sent = None
    if person.private_chat == PrivateChat.OPEN:
        mine = ctx.translator_for(person, house)
        sent = await ctx.send_private(person, *capacity_question(mine, house, task))
    popup = "rota.joined_popup_asked" if sent is not None else "rota.joined_popup_smallest"
    await ctx.popup(ctx.t(popup, task=task.name), alert=sent is None)


async def set_capacity(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(SetCapacity)
    house, member = house_member(ctx, action.house_id)
    row = domain.set_capacity(ctx.session, house, member, action.value)
    text = capacity_text(ctx.t, row)
    await rotas.replan(ctx, house)
    await ctx.edit(*join_view(ctx, ctx.t, house, member, private=ctx.in_private))
    await ctx.popup(ctx.t("rota.capacity_popup", capacity=Html(text)))


# --- the chair's tasks -----------------------------------------------------------------------


def chair_task(ctx: Ctx, task_id: int) -> tuple[House, Member | None, RotaTask]:
    if not ctx.in_private:
        raise UserError("button.stale")
    task = ctx.session.get(RotaTask, task_id)
    if task is None:
        raise UserError("button.stale")
    house, member = house_member(ctx, task.house_id)
    require_chair(ctx, house, member)
    return house, member, domain.task_in_house(ctx.session, house, task.id)


async def changed(rotas: Rotas, ctx: Ctx, house: House, task: RotaTask) -> None:
    """An active task changed: its coming turns are planned again. The chair sees turns
    nobody has room for in the form itself."""
    if task.state == TaskState.ACTIVE:
        domain.reset_future(ctx.session, task)
        await rotas.replan(ctx, house, tell_chair=False)


async def manage(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(RotaManage)
    if not ctx.in_private:
        raise UserError("button.stale")
    house, member = house_member(ctx, action.house_id)
    require_chair(ctx, house, member)
    settings = domain.settings_of(ctx.session, house)
    if action.item == "new":
        await rotas.prompts.ask(ctx, "rota_task_name", ctx.t("rota.ask_name"), house=house)
        await ctx.popup(ctx.t("setup.answer_below"))
        return
    if action.item == "overview":
        await send_overview(ctx, house, member)
        return
    if action.item == "thanks":
        settings.thanks = not settings.thanks
    elif action.item == "setting":  # a house setting now: the house decides it (/setup)
        raise UserError("hs.house_decides")
    elif action.item != "list":
        raise UserError("button.stale")
    await ctx.edit(*tasks_view(ctx, ctx.t, house))


async def task_form(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(TaskForm)
    house, _member, task = chair_task(ctx, action.task_id)
    t, item, now = ctx.t, action.item, ctx.clock.now()
    if item == "form":
        pass
    elif item == "freq":
        await ctx.edit(t("rota.freq_question", task=task.name), freq_rows(t, task))
        return
    elif item == "time":
        await ctx.edit(t("rota.time_question", timezone=house.timezone), time_rows(t, task))
        return
    elif item == "people":
        domain.cycle_per_turn(task)
        await changed(rotas, ctx, house, task)
    elif item == "backup":
        domain.toggle_backup(task)
        await changed(rotas, ctx, house, task)
    elif item == "note":
        await rotas.prompts.ask(
            ctx, "rota_task_note", t("rota.ask_note"), house=house, payload=str(task.id)
        )
        await ctx.popup(t("setup.answer_below"))
        return
    elif item == "save":
        domain.activate(house, now, task)
        turn_domain.notice_residents(ctx.session, ctx.clock, house)
        await rotas.replan(ctx, house)
        await announce_new(ctx, house, task)
        await ctx.edit(
            t("rota.saved", task=upper_first(task.name)),
            [[(t("button.back"), RotaManage(house.id, "list"))]],
        )
        return
    elif item == "drop":
        if task.state != TaskState.DRAFT:
            raise UserError("button.stale")
        ctx.session.delete(task)
        await ctx.edit(t("rota.dropped"))
        return
    elif item in ("pause", "resume", "remove_yes"):
        state = {
            "pause": TaskState.PAUSED,
            "resume": TaskState.ACTIVE,
            "remove_yes": TaskState.REMOVED,
        }[item]
        if task.state == state or task.state == TaskState.DRAFT:
            raise UserError("button.stale")
        name = task.name
        domain.set_task_state(ctx.session, task, state)
        await rotas.replan(ctx, house)
        rotas.arm(ctx, house, task)
        group_t = ctx.group_translator(house)
        announce = {
            TaskState.PAUSED: "rota.announce_paused",
            TaskState.ACTIVE: "rota.announce_resumed",
            TaskState.REMOVED: "rota.announce_removed",
        }[state]
        await ctx.send_group(house, group_t(announce, task=upper_first(name)))
        if state == TaskState.REMOVED:
            await ctx.edit(*tasks_view(ctx, t, house))
            return
    elif item == "remove":
        await ctx.edit(
            t("rota.remove_question", task=upper_first(task.name)),
            [
                [
                    (t("rota.button_remove_yes"), TaskForm(task.id, "remove_yes")),
                    (t("rota.button_remove_no"), TaskForm(task.id, "form")),
                ]
            ],
        )
        return
    else:
        raise UserError("button.stale")
    await ctx.edit(*form_view(ctx, t, house, task))


async def announce_new(ctx: Ctx, house: House, task: RotaTask) -> None:
    group_t = ctx.group_translator(house)
    lines = [
        group_t(
            "rota.announce_new",
            task=task.name,
            freq=Html(freq_text(group_t, task)),
            time=hhmm(task.at_minute),
        )
    ]
    if task.decision_note:
        lines.append(group_t("rota.announce_note", note=task.decision_note))
    await ctx.send_group(
        house,
        "\n".join(lines),
        [[(group_t("rota.button_join_task"), JoinTask(task.id, False))]],
    )


async def task_set(rotas: Rotas, ctx: Ctx) -> None:
    action = ctx.action(TaskSet)
    house, _member, task = chair_task(ctx, action.task_id)
    t, now, value = ctx.t, ctx.clock.now(), action.value
    if action.item == "kind":
        if not 0 <= value < len(FREQUENCIES):
            raise UserError("button.stale")
        kind = FREQUENCIES[value]
        if kind == Frequency.EVERY:
            await ctx.edit(t("rota.every_question"), every_rows(t, task))
            return
        if kind == Frequency.ONCE:
            await ctx.edit(t("rota.once_question"), once_rows(t, task))
            return
        domain.choose_frequency(house, now, task, kind)
        if kind == Frequency.WEEKDAYS:
            await changed(rotas, ctx, house, task)
            await ctx.edit(t("rota.weekdays_question"), weekday_rows(t, task))
            return
    elif action.item == "wd":
        domain.toggle_weekday(task, value)
        await changed(rotas, ctx, house, task)
        await ctx.edit(t("rota.weekdays_question"), weekday_rows(t, task))
        return
    elif action.item == "every":
        domain.set_every(house, now, task, value)
    elif action.item == "once":
        if value == -1:
            await rotas.prompts.ask(
                ctx, "rota_task_date", t("rota.ask_date"), house=house, payload=str(task.id)
            )
            await ctx.popup(t("setup.answer_below"))
            return
        if value not in (1, 2):
            raise UserError("button.stale")
        domain.set_once(house, now, task, today_of(ctx, house) + timedelta(days=value))
    elif action.item == "time":
        if value == -1:
            await rotas.prompts.ask(
                ctx, "rota_task_time", t("rota.ask_time"), house=house, payload=str(task.id)
            )
            await ctx.popup(t("setup.answer_below"))
            return
        if value not in domain.TIME_CHOICES:
            raise UserError("button.stale")
        domain.set_time(task, value)
    else:
        raise UserError("button.stale")
    await changed(rotas, ctx, house, task)
    await ctx.edit(*form_view(ctx, t, house, task))


def prompt_task(ctx: Ctx, prompt: Prompt) -> tuple[House, RotaTask]:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or ctx.person is None or not prompt.payload.isdigit():
        raise UserError("button.stale")
    member = membership(ctx.session, house, ctx.person)
    require_chair(ctx, house, member)
    return house, domain.task_in_house(ctx.session, house, int(prompt.payload))


async def answer_name(rotas: Rotas, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house = ctx.session.get(House, prompt.house_id) if prompt.house_id else None
    if house is None or ctx.person is None:
        raise UserError("button.stale")
    member = membership(ctx.session, house, ctx.person)
    require_chair(ctx, house, member)
    task = domain.new_task(ctx.session, ctx.clock, house, member, text)
    await ctx.reply(*form_view(ctx, ctx.t, house, task))


async def answer_time(rotas: Rotas, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house, task = prompt_task(ctx, prompt)
    domain.set_time(task, domain.parse_time(text))
    await changed(rotas, ctx, house, task)
    await ctx.reply(*form_view(ctx, ctx.t, house, task))


async def answer_date(rotas: Rotas, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house, task = prompt_task(ctx, prompt)
    now = ctx.clock.now()
    domain.set_once(house, now, task, domain.parse_day(house, now, text))
    await changed(rotas, ctx, house, task)
    await ctx.reply(*form_view(ctx, ctx.t, house, task))


async def answer_note(rotas: Rotas, ctx: Ctx, prompt: Prompt, text: str) -> None:
    house, task = prompt_task(ctx, prompt)
    domain.set_note(task, text)
    await ctx.reply(*form_view(ctx, ctx.t, house, task))
