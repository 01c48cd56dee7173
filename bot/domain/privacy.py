"""Privacy: everything the bot stores about a person (`/mydata`), and forgetting it (`/forgetme`).

Both work on the whole schema by introspection (`bot.storage.schema.load_models()`), so a table
a feature adds later is covered without a change here:

- **The person's rows**: the `people` row; every row of any table that references the person
  (`people.id`) or one of their memberships (`members.id`) through a foreign key — their
  memberships themselves included; and the rows that hang from one of those rows (a foreign key
  with ON DELETE CASCADE) when the person's row refers to them as its subject, through a column
  named `person_id` or `member_id` (e.g. the choices of their own ballot in an open poll), and
  the hanging row itself names nobody else. Rows that only name the person as who did something
  (`created_by_id`, `chair_id`, …) are theirs too, but what hangs from them (a poll's options,
  other people's votes) is not.
- **Export**: those rows as JSON, grouped by table, with every column; dates and times as ISO
  strings, enumerations as their values.
- **Export** of a row that is someone else's and only names the person (the confidant who
  picked up another person's report, a meeting's chair): its key and the naming columns only.
- **Forgetting**: first the feature hooks run (a report's messages in the confidants' chats are
  emptied); the person's names (full name, first name, last name, @username) are replaced by
  "—" in the texts of their own rows that stay (what they wrote: an agenda item, a poll they
  started) — never in other people's rows (option labels, results, housemates' words); then
  the `people` row is deleted. The database does the rest through the foreign
  keys: rows that belong to the person go with it (ON DELETE CASCADE: memberships, roles,
  check-ins, rota sign-ups, …), rows that stay for the house lose the link (ON DELETE SET NULL:
  ballots keep the turnout without the person, polls and agenda items they started stay).
  Secret votes were never linked to anyone (see `bot.domain.polls`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, String, Table, delete, insert, or_, select, update
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.storage.models import Member, Person
from bot.storage.privacy_models import Forgotten as ForgottenRow
from bot.storage.schema import load_models

PEOPLE = "people"
MEMBERS = "members"
SUBJECT_COLUMNS = ("person_id", "member_id")  # the row is about this person / membership
# The person wrote the row's texts (an agenda item they added, a poll they started).
AUTHOR_COLUMNS = ("created_by_id", "added_by_id", "asked_by_id", "proposed_by_id", "reporter_id")
REMOVED = "—"
MIN_NAME = 2  # shorter names are not searched for in texts


@dataclass(frozen=True)
class Reference:
    table: Table
    column: Column[Any]
    target: str  # the referenced table


def references(to: Iterable[str]) -> list[Reference]:
    """Every foreign-key column of the schema that points at one of the tables `to`."""
    targets = set(to)
    found: list[Reference] = []
    for table in load_models().sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            if fk.column.table.name in targets:
                found.append(Reference(table, fk.parent, fk.column.table.name))
    return found


def _rows(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    result = session.execute(select(table).where(where).order_by(*table.primary_key.columns))
    return [dict(row._mapping) for row in result]


def _ids(person: Person, member_ids: list[int]) -> dict[str, list[int]]:
    return {PEOPLE: [person.id], MEMBERS: member_ids}


def personal_rows(session: Session, person: Person) -> dict[str, list[dict[str, Any]]]:
    """Every stored row about the person, by table (see the module docstring)."""
    metadata = load_models()
    member_ids = list(session.scalars(select(Member.id).where(Member.person_id == person.id)))
    ids = _ids(person, member_ids)
    found: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}

    def keep(table: Table, rows: list[dict[str, Any]]) -> None:
        bucket = found.setdefault(table.name, {})
        for row in rows:
            bucket[tuple(row[c.name] for c in table.primary_key.columns)] = row

    people = metadata.tables[PEOPLE]
    keep(people, _rows(session, people, people.c.id == person.id))
    refs = references(ids)
    by_table: dict[str, list[Reference]] = {}
    for ref in refs:
        by_table.setdefault(ref.table.name, []).append(ref)
    subjects: dict[str, list[Any]] = {}  # table -> ids of its rows that are about the person
    for name, table_refs in by_table.items():
        table = metadata.tables[name]
        conditions = [ref.column.in_(ids[ref.target]) for ref in table_refs if ids[ref.target]]
        if not conditions:
            continue
        rows = _rows(session, table, or_(*conditions))
        keep(table, [_about(table, table_refs, ids, row) for row in rows])
        pk = list(table.primary_key.columns)
        subject_refs = [ref for ref in table_refs if ref.column.name in SUBJECT_COLUMNS]
        if len(pk) == 1 and subject_refs and name != MEMBERS:
            subjects[name] = [
                row[pk[0].name]
                for row in rows
                if any(row[ref.column.name] in ids[ref.target] for ref in subject_refs)
            ]
    # Rows hanging (ON DELETE CASCADE) from the person's own rows, naming nobody else.
    for table in metadata.sorted_tables:
        own_refs = by_table.get(table.name, [])
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            parent = fk.column.table.name
            if not subjects.get(parent) or (fk.ondelete or "").upper() != "CASCADE":
                continue
            rows = [
                row
                for row in _rows(session, table, fk.parent.in_(subjects[parent]))
                if all(
                    row[ref.column.name] is None or row[ref.column.name] in ids[ref.target]
                    for ref in own_refs
                )
            ]
            keep(table, rows)
    return {name: list(rows.values()) for name, rows in sorted(found.items()) if rows}


def owns(ref: Reference) -> bool:
    """Whether a reference makes the row the person's own: it is about them (it goes with
    them), or they wrote it. Otherwise it only names them in someone else's row (the
    confidant who picked up another person's report, a meeting's chair)."""
    ondelete = next(iter(ref.column.foreign_keys)).ondelete or ""
    return (
        ondelete.upper() == "CASCADE"
        or ref.column.name in SUBJECT_COLUMNS
        or ref.column.name in AUTHOR_COLUMNS
    )


def _about(
    table: Table, refs: list[Reference], ids: dict[str, list[int]], row: dict[str, Any]
) -> dict[str, Any]:
    """The row, or, when it is someone else's row that only names the person, its key and
    the columns that name them (never another person's text)."""
    naming = [r for r in refs if row[r.column.name] in ids[r.target]]
    if any(owns(r) for r in naming):
        return row
    keys = [c.name for c in table.primary_key.columns] + [r.column.name for r in naming]
    return {key: row[key] for key in keys}


def own_rows(session: Session, person: Person) -> dict[str, list[dict[str, Any]]]:
    """The rows that are the person's own (whole rows of `personal_rows`): where their names
    are taken out of the texts when they are forgotten."""
    metadata = load_models()
    return {
        name: [row for row in rows if set(row) == set(metadata.tables[name].columns.keys())]
        for name, rows in personal_rows(session, person).items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # a sealed secret ballot: unreadable to anyone but the bot
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def export(session: Session, clock: Clock, person: Person) -> bytes:
    """The person's rows as a JSON document (UTF-8)."""
    tables = personal_rows(session, person)
    document = {
        "exported_at": clock.now().isoformat(),
        "telegram_id": person.telegram_id,
        "tables": {
            name: [{key: _plain(value) for key, value in row.items()} for row in rows]
            for name, rows in tables.items()
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


# --- forgetting ------------------------------------------------------------------------------


def name_pattern(person: Person) -> re.Pattern[str] | None:
    """The person's names as whole words, longest first. Names as they are written (a
    resident called Wil is taken out, the word "wil" stays; in all capitals too), the
    @username in any case."""
    names = {person.display_name, person.first_name, person.last_name or ""}
    words = sorted((n.strip() for n in names if len(n.strip()) >= MIN_NAME), key=len, reverse=True)
    forms = [re.escape(form) for w in words for form in dict.fromkeys((w, w.upper()))]
    if person.username:
        forms.insert(0, "(?i:@" + re.escape(person.username) + ")")
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)")


def text_columns(table: Table) -> list[Column[Any]]:
    """Free-text columns: strings and texts (not enumerations), and JSON."""
    return [
        column
        for column in table.columns
        if (isinstance(column.type, String) and not isinstance(column.type, SqlEnum))
        or isinstance(column.type, JSON)
    ]


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(REMOVED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value


def scrub_names(session: Session, person: Person) -> int:
    """Replace the person's names in the texts they wrote or that are about them (their own
    rows, see `own_rows`) that stay after they go. Never in other people's rows: an option
    "Soep", a decision's result or a housemate's words keep a guest called Soep's name as
    typed. Returns the rows changed."""
    pattern = name_pattern(person)
    if pattern is None:
        return 0
    metadata = load_models()
    changed = 0
    for name, rows in own_rows(session, person).items():
        table = metadata.tables[name]
        columns = text_columns(table)
        if name in (PEOPLE, MEMBERS) or not columns or len(table.primary_key.columns) != 1:
            continue
        (pk,) = table.primary_key.columns
        for values in rows:
            new = {c.name: _scrub(values[c.name], pattern) for c in columns}
            new = {k: v for k, v in new.items() if v != values[k]}
            if new:
                session.execute(update(table).where(pk == values[pk.name]).values(**new))
                changed += 1
        changed += _scrub_copies(session, table, [row[pk.name] for row in rows], pattern)
    return changed


def _scrub_copies(session: Session, parent: Table, ids: list[Any], pattern: re.Pattern[str]) -> int:
    """Copies of the person's text kept in a row that refers to theirs, under the same column
    name (the decision log's `question` copies the poll's `question`). An option's `label` or
    a result is another column, and stays."""
    if not ids:
        return 0
    names = {c.name for c in text_columns(parent)}
    changed = 0
    for table in load_models().sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not parent or len(table.primary_key.columns) != 1:
                continue
            copies = [c for c in text_columns(table) if c.name in names]
            if not copies:
                continue
            (pk,) = table.primary_key.columns
            for row in session.execute(select(pk, *copies).where(fk.parent.in_(ids))).all():
                values = dict(row._mapping)
                new = {c.name: _scrub(values[c.name], pattern) for c in copies}
                new = {k: v for k, v in new.items() if v != values[k]}
                if new:
                    session.execute(update(table).where(pk == values[pk.name]).values(**new))
                    changed += 1
    return changed


def touched_tables() -> list[str]:
    """The tables a forget may delete from or write to: the person's own rows (and what hangs
    from them) and the free texts their names are taken out of. `Database.purge` rewrites
    them afterwards, so that the old versions leave the files too."""
    metadata = load_models()
    names = {PEOPLE, MEMBERS} | {ref.table.name for ref in references((PEOPLE, MEMBERS))}
    for table in metadata.sorted_tables:
        if any(fk.column.table.name in names for fk in table.foreign_keys):
            names.add(table.name)  # rows hanging from the person's rows
        if "house_id" in table.columns and text_columns(table):
            names.add(table.name)
    return sorted(names)


@dataclass(frozen=True)
class Forgotten:
    houses: int
    texts: int


def forgotten_key(telegram_id: int) -> str:
    """A one-way pseudonym of a Telegram id (see `storage/privacy_models.py`)."""
    return hashlib.sha256(f"huisbot-forgotten:{telegram_id}".encode()).hexdigest()


def kept_away(session: Session, telegram_id: int, *, on_purpose: bool) -> bool:
    """Whether to leave someone who used /forgetme unregistered: yes for an ordinary message
    in a group; acting on purpose (a command, a button, the private chat) brings them back."""
    found = session.scalars(
        select(ForgottenRow).where(ForgottenRow.key == forgotten_key(telegram_id))
    ).one_or_none()
    if found is None:
        return False
    if on_purpose:
        session.delete(found)
        return False
    return True


def forget(session: Session, clock: Clock, person: Person) -> Forgotten:
    """Delete the person and everything that belongs to them (see the module docstring)."""
    house_ids = list(session.scalars(select(Member.house_id).where(Member.person_id == person.id)))
    session.flush()  # what this unit of work changed about them, before it goes
    texts = scrub_names(session, person)
    key = forgotten_key(person.telegram_id)
    session.execute(delete(Person).where(Person.id == person.id))
    if session.scalars(select(ForgottenRow).where(ForgottenRow.key == key)).first() is None:
        session.execute(insert(ForgottenRow).values(key=key, forgotten_at=clock.now()))
    session.expunge_all()  # nothing loaded about them may be written back
    return Forgotten(houses=len(house_ids), texts=texts)
