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
- **Forgetting**: first the person's names (full name, first name, last name, @username) are
  replaced by "—" in every free-text column of the houses they belong to (decisions stay, without
  the name); then the `people` row is deleted. The database does the rest through the foreign
  keys: rows that belong to the person go with it (ON DELETE CASCADE: memberships, roles,
  check-ins, rota sign-ups, …), rows that stay for the house lose the link (ON DELETE SET NULL:
  ballots keep the turnout without the person, polls and agenda items they started stay).
  Secret votes were never linked to anyone (see `bot.domain.polls`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, String, Table, delete, or_, select, update
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.storage.models import Member, Person
from bot.storage.schema import load_models

PEOPLE = "people"
MEMBERS = "members"
SUBJECT_COLUMNS = ("person_id", "member_id")  # the row is about this person / membership
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
        keep(table, rows)
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


def scrub_names(session: Session, person: Person, house_ids: list[int]) -> int:
    """Replace the person's names in the free texts of their houses. Returns rows changed."""
    pattern = name_pattern(person)
    if pattern is None or not house_ids:
        return 0
    changed = 0
    for table in load_models().sorted_tables:
        if table.name in (PEOPLE, MEMBERS) or "house_id" not in table.columns:
            continue
        columns = text_columns(table)
        if not columns or len(table.primary_key.columns) != 1:
            continue
        (pk,) = table.primary_key.columns
        rows = session.execute(select(pk, *columns).where(table.c.house_id.in_(house_ids))).all()
        for row in rows:
            values = dict(row._mapping)
            new = {c.name: _scrub(values[c.name], pattern) for c in columns}
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


def forget(session: Session, person: Person) -> Forgotten:
    """Delete the person and everything that belongs to them (see the module docstring)."""
    house_ids = list(session.scalars(select(Member.house_id).where(Member.person_id == person.id)))
    session.flush()  # what this unit of work changed about them, before it goes
    texts = scrub_names(session, person, house_ids)
    session.execute(delete(Person).where(Person.id == person.id))
    session.expunge_all()  # nothing loaded about them may be written back
    return Forgotten(houses=len(house_ids), texts=texts)
