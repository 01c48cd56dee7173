"""House settings in the group: everyone sees them; changing one is a proposal (a consent poll).

`/setup` (`/instellen`) shows every member the house settings with the decision behind each
(`HouseSettings.show`). Tapping a setting shows its values; tapping a value
- while the house has fewer than three residents, by the chair or a group admin: sets it at
  once and tells the group (the bootstrap rule);
- otherwise, by a resident: posts a consent poll through the polls feature; the setting changes
  only when that poll adopts it (`decided`, a `Polls.on_close` hook), and the group hears the
  outcome either way.
A typed setting (a text the house writes, such as the mediator's contact) offers "propose a new
text" (the text is typed as an answer, `answer_text`) and "no text"; the same two paths follow.

The two button handlers are module-level functions taking the `HouseSettings` service first
(its methods are the paths they share and the poll hook); `register()` only routes, with `bind`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import codec
from bot.domain import arrivals as arrival_domain
from bot.domain import house_settings as domain
from bot.domain import meetings as meeting_domain
from bot.domain import polls as poll_domain
from bot.domain.errors import UserError
from bot.domain.text import echoed
from bot.handlers.bind import bind
from bot.handlers.kit import Button, Ctx, Deps, Work, wrap
from bot.handlers.meetings import Meetings
from bot.handlers.polls import Polls
from bot.handlers.prompts import PromptRouter
from bot.i18n import Translator
from bot.storage.house_settings_models import ChangeState
from bot.storage.models import Decision, House, MemberStatus, Poll, PollKind, Prompt

RESCHEDULES_MEETING = ("checkin_hours",)
TYPED_SHOWN = 60  # characters of a typed setting's text in the list
# What a typed setting says while the house chose no text of its own.
TYPED_DEFAULT = {"house_way": "arrival.house_way.default", "mediator": "hs.mediator_none_now"}


@codec.register("hsm")
@dataclass(frozen=True)
class HouseSettingsMenu:
    """The list of house settings (op "list"), or closing it ("done")."""

    house_id: int
    op: str


@codec.register("hsp")
@dataclass(frozen=True)
class HouseSettingPick:
    """`pick`: "3" shows the values of setting 3 (an index into the registry), "3.1" picks
    its value 1 (one text field, so that the data stays within 64 bytes)."""

    house_id: int
    pick: str

    @classmethod
    def of(cls, house_id: int, index: int, value: int = -1) -> HouseSettingPick:
        return cls(house_id, f"{index}" if value < 0 else f"{index}.{value}")

    def parts(self) -> tuple[int, int]:
        """(index, value); value -1: show the values."""
        index, dot, value = self.pick.partition(".")
        if not index.isdigit() or (dot and not value.isdigit()):
            raise UserError("button.stale")
        return int(index), int(value) if dot else -1


def value_text(
    work: Work,
    t: Translator,
    house: House,
    setting: domain.HouseSetting,
    value: str,
    *,
    full: bool = False,
) -> str:
    """A value as people read it; a typed setting's text in quotes (cut short unless `full`)."""
    if not setting.typed:
        return t(setting.value_id(value))
    row = arrival_domain.text_by_id(work.session, house, value)
    if row is None:
        return t(f"hs.value.{setting.key}.default")
    return t("hs.value.typed", text=row.text if full else echoed(row.text, TYPED_SHOWN))


def typed_now(work: Work, t: Translator, house: House, setting: domain.HouseSetting) -> str:
    """The full text a typed setting has now (the default text when the house chose none)."""
    row = arrival_domain.text_by_id(work.session, house, setting.get(work.session, house))
    return row.text if row is not None else t(TYPED_DEFAULT[setting.key])


def behind_text(work: Work, t: Translator, house: House, row: domain.Current) -> str:
    """The decision behind a setting's value: its number, a bootstrap setter, or the default."""
    if row.decision is not None:
        return t("hs.by_decision_number", number=row.decision.number)
    if row.change is not None:
        member = domain.changed_by(work.session, row.change)
        name = member.person.display_name if member is not None else "—"
        return t("hs.set_by", name=name)
    return t("hs.default")


def list_view(work: Work, t: Translator, house: House) -> tuple[str, list[list[Button]]]:
    lines: list[str] = [t("hs.title", house=house.name), t("hs.intro")]
    if domain.bootstrapping(work.session, house):
        lines.append(t("hs.bootstrap", count=domain.BOOTSTRAP_RESIDENTS))
    lines.append("")
    buttons: list[Button] = []
    for index, row in enumerate(domain.current(work.session, house)):
        setting = row.setting
        line: str = t(
            "hs.line",
            name=t(setting.name_id),
            value=value_text(work, t, house, setting, row.value),
            behind=behind_text(work, t, house, row),
        )
        if row.pending is not None:
            pending = value_text(work, t, house, setting, row.pending.value)
            line += "\n    " + t("hs.pending", value=pending)
        lines.append(line)
        buttons.append((t(setting.name_id), HouseSettingPick.of(house.id, index)))
    rows: list[list[Button]] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t("button.done"), HouseSettingsMenu(house.id, "done"))])
    return "\n".join(lines), rows


def values_view(
    work: Work, t: Translator, house: House, index: int
) -> tuple[str, list[list[Button]]]:
    setting = domain.setting_at(index)
    value = setting.get(work.session, house)
    how = "hs.how_bootstrap" if domain.bootstrapping(work.session, house) else "hs.how_proposal"
    if setting.typed:
        text = "\n".join(
            [
                t("hs.values_title", name=t(setting.name_id)),
                t("hs.text_now"),
                "",
                typed_now(work, t, house, setting),
                "",
                t(how),
            ]
        )
        rows: list[list[Button]] = [
            [(t("hs.button_new_text"), HouseSettingPick.of(house.id, index, 0))]
        ]
        rows.append([(t("button.back"), HouseSettingsMenu(house.id, "list"))])
        return text, rows
    text = "\n".join(
        [
            t("hs.values_title", name=t(setting.name_id)),
            t("hs.now", value=value_text(work, t, house, setting, value)),
            "",
            t(how),
        ]
    )
    rows = [
        [
            (
                ("✓ " if v == value else "") + value_text(work, t, house, setting, v),
                HouseSettingPick.of(house.id, index, i),
            )
        ]
        for i, v in enumerate(setting.values)
    ]
    rows.append([(t("button.back"), HouseSettingsMenu(house.id, "list"))])
    return text, rows


class HouseSettings:
    """The house settings feature: the list, the bootstrap path and the proposal path."""

    def __init__(self, deps: Deps, polls: Polls, prompts: PromptRouter) -> None:
        self.deps = deps
        self.polls = polls
        self.prompts = prompts
        self.meetings: Meetings | None = None  # set at wiring: a new check-in time reschedules

    def applied(self, work: Work, house: House, key: str) -> None:
        """A setting changed: what was scheduled by the old value follows the new one."""
        if key in RESCHEDULES_MEETING and self.meetings is not None:
            meeting = meeting_domain.planned(work.session, house)
            if meeting is not None:
                self.meetings.schedule(work, house, meeting)

    async def show(self, ctx: Ctx, house: House) -> None:
        """`/setup` for everyone: the house settings and the decision behind each."""
        await ctx.reply(*list_view(ctx, ctx.t, house))

    def house_of(self, ctx: Ctx, house_id: int) -> House:
        if ctx.house is None or ctx.house.id != house_id or not ctx.in_group:
            raise UserError("button.stale")
        return ctx.house

    async def set_directly(
        self, ctx: Ctx, house: House, setting: domain.HouseSetting, value: str
    ) -> None:
        assert ctx.person is not None
        changed = domain.set_directly(
            ctx.session, ctx.clock, house, ctx.member, setting, value, may_set_up=True
        )
        t = ctx.t
        if tapped(ctx):
            await ctx.edit(*list_view(ctx, t, house))
        if changed:
            self.applied(ctx, house, setting.key)
        if not changed:
            await ctx.popup(t("hs.already"))
            return
        await ctx.send_group(
            house,
            t(
                "hs.set_announced",
                name=ctx.person.display_name,
                setting=t(setting.name_id),
                value=value_text(ctx, t, house, setting, value, full=True),
                count=domain.BOOTSTRAP_RESIDENTS,
            ),
        )

    async def propose(
        self, ctx: Ctx, house: House, setting: domain.HouseSetting, value: str
    ) -> None:
        assert ctx.person is not None
        domain.check_proposal(ctx.session, house, ctx.member, setting, value)
        assert ctx.member is not None
        t = ctx.group_translator(house)
        current = setting.get(ctx.session, house)
        if setting.typed:  # a long text does not fit a question: it is in the announcement
            question = t("hs.question_text", setting=t(setting.name_id))
        else:
            question = t(
                "hs.question",
                setting=t(setting.name_id),
                value=value_text(ctx, t, house, setting, value),
                current=value_text(ctx, t, house, setting, current),
            )
        poll = poll_domain.new_poll(
            ctx.session, ctx.clock, house, ctx.member, question=question, kind=PollKind.CONSENT
        )
        domain.propose(ctx.session, ctx.clock, house, ctx.member, setting, value, poll)
        await ctx.send_group(
            house,
            t(
                "hs.proposed",
                name=ctx.person.display_name,
                setting=t(setting.name_id),
                value=value_text(ctx, t, house, setting, value, full=True),
            ),
        )
        await self.polls.post(ctx, house, poll, None)
        if tapped(ctx):
            await ctx.edit(*list_view(ctx, ctx.t, house))
            await ctx.popup(ctx.t("hs.proposal_posted"))

    async def decided(self, work: Work, house: House, poll: Poll, decision: Decision) -> None:
        """A poll closed: if it decided a house setting, apply it (adopted only) and tell the
        group either way."""
        change = domain.decided(work.session, work.clock, house, poll, decision)
        if change is None:
            return
        setting = domain.BY_KEY.get(change.key)
        if setting is None:
            return
        t = work.group_translator(house)
        applied = change.state == ChangeState.APPLIED
        if applied:
            self.applied(work, house, change.key)
        await work.send_group_soon(
            house,
            t(
                "hs.adopted" if applied else "hs.not_adopted",
                number=decision.number,
                setting=t(setting.name_id),
                value=value_text(work, t, house, setting, change.value),
                current=value_text(work, t, house, setting, setting.get(work.session, house)),
            ),
        )


# --- the buttons (module-level handlers, the service first) ---------------------------------------


async def menu(feature: HouseSettings, ctx: Ctx) -> None:
    action = ctx.action(HouseSettingsMenu)
    house = feature.house_of(ctx, action.house_id)
    if action.op == "list":
        await ctx.edit(*list_view(ctx, ctx.t, house))
    elif action.op == "done":
        await ctx.edit(ctx.t("hs.closed", house=house.name))
    else:
        raise UserError("button.stale")


async def pick(feature: HouseSettings, ctx: Ctx) -> None:
    action = ctx.action(HouseSettingPick)
    house = feature.house_of(ctx, action.house_id)
    index, picked = action.parts()
    if picked == -1:
        await ctx.edit(*values_view(ctx, ctx.t, house, index))
        return
    setting = domain.setting_at(index)
    if setting.typed:  # the new text is typed as an answer to the bot's question
        may_set_up = poll_domain.is_chair(ctx.member) or await ctx.is_group_admin()
        directly = domain.bootstrapping(ctx.session, house) and may_set_up
        if not directly and (ctx.member is None or ctx.member.status != MemberStatus.RESIDENT):
            raise UserError("hs.only_residents_propose")
        await feature.prompts.ask(
            ctx,
            "hs_text",
            ctx.t("hs.type_text", name=ctx.t(setting.name_id)),
            house=house,
            payload=str(index),
        )
        await ctx.popup(ctx.t("hs.type_text_popup"))
        return
    value = domain.value_at(setting, picked)
    await decide_path(feature, ctx, house, setting, value)


async def decide_path(
    feature: HouseSettings, ctx: Ctx, house: House, setting: domain.HouseSetting, value: str
) -> None:
    """Set it directly (the bootstrap rule, by the chair or a group admin) or propose it."""
    may_set_up = poll_domain.is_chair(ctx.member) or await ctx.is_group_admin()
    if domain.bootstrapping(ctx.session, house) and may_set_up:
        await feature.set_directly(ctx, house, setting, value)
    else:
        await feature.propose(ctx, house, setting, value)


async def answer_text(feature: HouseSettings, ctx: Ctx, prompt: Prompt, text: str) -> None:
    """The typed text of a typed house setting (the house's own words): proposed like a value."""
    house = ctx.house
    if house is None or house.id != prompt.house_id or not prompt.payload.isdigit():
        raise UserError("button.stale")
    setting = domain.setting_at(int(prompt.payload))
    if not setting.typed:
        raise UserError("button.stale")
    row = arrival_domain.new_text(ctx.session, ctx.clock, house, setting.key, text)
    await decide_path(feature, ctx, house, setting, str(row.id))


def tapped(ctx: Ctx) -> bool:
    """A button's update (its message is edited), not a typed answer."""
    return ctx.update.callback_query is not None


def register(app: Application, deps: Deps, polls: Polls, prompts: PromptRouter) -> HouseSettings:  # type: ignore[type-arg]
    """The settings' buttons, the typed text of a typed setting, and the poll hook that applies
    an adopted change."""
    feature = HouseSettings(deps, polls, prompts)
    prompts.on("hs_text", bind(answer_text, feature))
    polls.on_close.append(feature.decided)
    for action_type, handler in ((HouseSettingsMenu, menu), (HouseSettingPick, pick)):
        bound = wrap(deps, bind(handler, feature))
        app.add_handler(CallbackQueryHandler(bound, pattern=codec.matcher(action_type)))
    return feature
