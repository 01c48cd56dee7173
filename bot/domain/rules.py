"""House rules (huisregels): the rule book, looking a rule up, proposals decided by a poll,
each rule's history, and importing the house's existing rule book.

- The rule book is the adopted rules, numbered, in sections. A rule gets the next free number
  when it is adopted; numbers are never reused (a dropped rule keeps its number and says so).
- Looking up: by number, or by words. Words are compared after simple normalisation (lower
  case, no accents, Dutch and English plural and diminutive endings, the Dutch vowel doubling of
  `logeren` → `logeer`), then by prefix/compound (`logeer` in `logeerregel`) and by fuzzy
  similarity (rapidfuzz) for typos, and through a short list of synonyms (`bezoek` ~ `gasten`,
  `huisdier` ~ `hond`; English words ~ their Dutch ones, so an English search finds the
  house's Dutch rules). A rule matches when at least half of the query's words
  match one of its words (or its section's); the best match comes first.
- Changing the book: any resident (or the chair) proposes a new rule, a new text for a rule,
  or dropping a rule (issue 12: the rules are the residents'); the proposer or the chair puts
  it to the house. A proposal is put to the house in a poll; when the poll's decision is ADOPTED the
  change is made and the rule's history records the decision. Any other conclusive outcome
  rejects the proposal; an inconclusive one (no quorum, tie, objection: the poll goes to the
  meeting) leaves it proposed, so the chair can put it to a vote again.
- Importing at setup: a plain text or Markdown file. Headings (`#`, or a short line ending in
  `:`) become sections; numbered (`1.`, `2)`) or bulleted (`-`, `*`, `•`) lines become rules;
  a line right under a rule continues it; other lines are skipped (and counted). The rules are
  staged as drafts, shown to the chair, and saved ("imported") on confirmation - but "not yet
  confirmed" (`Rule.confirmed`) until one decision of the residents confirms the whole book:
  saving it proposes that decision (a CONFIRM proposal, put to a consent poll).
  Only an empty rule book can be imported into.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.houses import in_house
from bot.domain.members import counts_as_resident
from bot.domain.polls import is_chair
from bot.domain.text import checked, clean
from bot.storage.models import Decision, House, Member, Outcome, Poll, PollState
from bot.storage.rules_models import (
    ProposalKind,
    ProposalState,
    Rule,
    RuleEvent,
    RuleEventKind,
    RuleProposal,
    RuleState,
)

MAX_RULE = 250  # a proposal's text; it must fit in a poll question
MAX_IMPORTED_RULE = 1000
MAX_SECTION = 60
MAX_IMPORT_RULES = 300
MAX_RESULTS = 5
MATCH = 75  # the lowest word score that counts as a match
SHORT_MATCH = 85  # the same for a word of four letters

_STOPWORDS = """
de het een en of in op te van voor met mag mogen je jij ik we wij zij ze er is zijn na bij om aan
dat die wat wie hoe niet geen als tot ook nog dan uit over mijn ons onze hier daar moet moeten kan
kunnen wel naar
the a an and or in on to of for with may can is are be at after we i you do does what how who not
no if until also my our here there must should about from it
"""
STOPWORDS = frozenset(_STOPWORDS.split())  # Dutch, then English
DIMINUTIVES = ("tjes", "pjes", "jes", "tje", "pje", "je")
# The generic second half of a Dutch compound: `logeerregel` is about `logeer`.
TAILS = ("regel", "afspraak", "verbod", "beleid")
VOWELS = "aeiou"
# Words people use for the same thing (issue 16), Dutch and English: a query word finds a rule
# that says one of the others, so `bezoek` finds the rule about `gasten` and an English
# `guests` or `dog` finds the Dutch rule text. Compared after `stem`.
_SYNONYMS = (
    "gast bezoek bezoeker visite logeren logé logee overnachten guest visitor visit",
    "huisdier dier hond kat poes pet pets animal dog dogs cat cats",
    "roken rook sigaret smoke smoking cigarette",
    "stilte rust lawaai herrie geluid muziek quiet silence noise music",
    "alcohol drank bier drinken drink beer",
    "drugs blowen wiet softdrugs weed",
    "schoonmaken schoonmaak poetsen clean cleaning",
    "afval vuilnis rubbish trash garbage waste",
    "afwas afwassen dishes",
    "keuken kitchen",
    "koelkast fridge",
    "eten koken food cook cooking",
    "douche badkamer shower bathroom",
    "sleutel key keys",
    "kamer room",
    "geweld violence",
    "nacht night",
)


# --- words -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, accents off, anything but letters and digits a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def stem(word: str) -> str:
    """A rough common form of a Dutch or English word: `huisdieren` → `huisdier`,
    `logeren` → `logeer`, `logeerregels` → `logeer`, `kamertje` → `kamer`, `guests` → `guest`,
    `parties` → `party`."""
    base = _stem(word)
    for tail in TAILS:
        if base.endswith(tail) and len(base) - len(tail) >= 3:
            return base[: -len(tail)]
    return base


def _stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    for ending in DIMINUTIVES:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    if word.endswith("ies") and len(word) >= 5:
        return word[:-3] + "y"
    if word.endswith("en") and len(word) >= 5:
        base = word[:-2]
        if base[-1] == base[-2] and base[-1] not in VOWELS:
            return base[:-1]  # katten → kat
        if base[-1] in "zv":
            return base[:-1] + ("s" if base[-1] == "z" else "f")  # huizen → huis
        if base[-1] not in VOWELS and base[-2] in "aeou" and base[-3] not in VOWELS:
            return base[:-1] + base[-2] + base[-1]  # logeren → logeer, afspraken → afspraak
        return base
    if word.endswith("s") and len(word) >= 5 and word[-2] not in "siu":
        return word[:-1]  # regels → regel, guests → guest (not huis, thuis)
    return word


def _synonym_groups() -> dict[str, tuple[str, ...]]:
    by_word: dict[str, tuple[str, ...]] = {}
    for line in _SYNONYMS:
        group = tuple(dict.fromkeys(stem(w) for w in normalise(line).split()))
        for word in group:
            by_word[word] = tuple(w for w in group if w != word)
    return by_word


def words(text: str, *, drop_stopwords: bool = True) -> list[str]:
    found = [w for w in normalise(text).split() if len(w) >= 2]
    if drop_stopwords:
        kept = [w for w in found if w not in STOPWORDS]
        found = kept or found
    return list(dict.fromkeys(stem(w) for w in found))


def word_score(query: str, word: str) -> float:
    """How well one query word matches one word of a rule, 0-100 (below MATCH: no match)."""
    if query == word:
        return 100
    if len(query) >= 3 and (word.startswith(query) or (len(query) >= 4 and query in word)):
        return 90  # part of a compound, or another ending: `huisdier` in `huisdierenbeleid`
    if len(query) < 4:
        return 0  # short words only match exactly or as the start of a word
    score = fuzz.ratio(query, word)
    if len(word) > len(query) >= 5:
        score = max(score, fuzz.partial_ratio(query, word) * 0.92)  # a typo inside a compound
    if len(query) == 4 and score < SHORT_MATCH:
        return 0  # one letter off in four is too far: `kast` is not `gast`
    return float(score)


SYNONYMS = _synonym_groups()
SYNONYM_WEIGHT = 0.95  # a rule that says the word itself comes before one with a synonym


def query_score(query: str, word: str) -> float:
    """`word_score` of the query word or, a little lower, of one of its synonyms."""
    best = word_score(query, word)
    for other in SYNONYMS.get(query, ()):
        if best >= 100 * SYNONYM_WEIGHT:
            break
        best = max(best, word_score(other, word) * SYNONYM_WEIGHT)
    return best


@dataclass(frozen=True)
class Hit:
    rule: Rule
    matched: int
    score: float


def rank(rules: Sequence[Rule], query: str) -> list[Rule]:
    """The rules that match the query's words, best first."""
    wanted = words(query)
    if not wanted:
        return []
    hits: list[Hit] = []
    for rule in rules:
        own = words(rule.text, drop_stopwords=False)
        section = words(rule.section or "", drop_stopwords=False)
        scores = []
        for q in wanted:
            best = max((query_score(q, w) for w in own), default=0.0)
            best = max(best, max((query_score(q, w) * 0.9 for w in section), default=0.0))
            scores.append(best if best >= MATCH else 0.0)
        matched = sum(1 for s in scores if s)
        if matched and matched * 2 >= len(wanted):
            hits.append(Hit(rule, matched, sum(scores)))
    hits.sort(key=lambda h: (-h.matched, -h.score, h.rule.number or 0))
    return [h.rule for h in hits]


# --- the rule book -------------------------------------------------------------------------------


def book(session: Session, house: House) -> list[Rule]:
    return list(
        session.scalars(
            select(Rule)
            .where(Rule.house_id == house.id, Rule.state == RuleState.ADOPTED)
            .order_by(Rule.number)
        ).all()
    )


def in_sections(rules: Sequence[Rule]) -> list[tuple[str | None, list[Rule]]]:
    """Rules without a section first, then each section in the order of its first rule."""
    groups: dict[str | None, list[Rule]] = {None: []}
    for rule in rules:
        groups.setdefault(rule.section, []).append(rule)
    return [(section, group) for section, group in groups.items() if group]


def section_names(session: Session, house: House) -> list[str]:
    return [s for s, _ in in_sections(book(session, house)) if s is not None]


def by_number(session: Session, house: House, number: int) -> Rule:
    rule = session.scalars(
        select(Rule).where(Rule.house_id == house.id, Rule.number == number)
    ).one_or_none()
    if rule is None:
        raise UserError("rules.no_such_rule", number=number)
    return rule


def search(session: Session, house: House, query: str) -> list[Rule]:
    return rank(book(session, house), query)[:MAX_RESULTS]


def history(session: Session, rule: Rule) -> list[tuple[RuleEvent, Decision | None]]:
    events = session.scalars(
        select(RuleEvent).where(RuleEvent.rule_id == rule.id).order_by(RuleEvent.at, RuleEvent.id)
    ).all()
    return [
        (event, session.get(Decision, event.decision_id) if event.decision_id else None)
        for event in events
    ]


def next_number(session: Session, house: House) -> int:
    last = session.scalar(select(func.max(Rule.number)).where(Rule.house_id == house.id))
    return (last or 0) + 1


def rule_in_house(session: Session, house: House | None, rule_id: int) -> Rule:
    return in_house(session, Rule, house, rule_id)


# --- proposals -----------------------------------------------------------------------------------


def check_text(text: str) -> str:
    return checked(text, limit=MAX_RULE, empty="rules.text_empty", too_long="rules.text_too_long")


def check_section(text: str) -> str:
    return checked(
        text.rstrip().rstrip(":"),
        limit=MAX_SECTION,
        empty="rules.section_empty",
        too_long="rules.section_too_long",
    )


def require_chair(member: Member | None) -> Member:
    if member is None or not is_chair(member):
        raise UserError("rules.only_chair")
    return member


def may_propose(member: Member | None) -> bool:
    """Any resident (once confirmed, if they said it themself) proposes rule changes; the chair
    too."""
    return is_chair(member) or counts_as_resident(member)


def require_proposer(member: Member | None) -> Member:
    if member is None or not may_propose(member):
        raise UserError("rules.only_residents")
    return member


def may_handle(member: Member | None, proposal: RuleProposal) -> bool:
    """Who puts a proposal to the vote or drops it: the one who made it, or the chair."""
    return is_chair(member) or (
        member is not None and may_propose(member) and proposal.proposed_by_id == member.id
    )


def unconfirmed(session: Session, house: House) -> int:
    """How many rules of the book wait for the decision that confirms an imported book."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Rule)
            .where(
                Rule.house_id == house.id,
                Rule.state == RuleState.ADOPTED,
                Rule.confirmed.is_(False),
            )
        )
        or 0
    )


def _refresh(session: Session, proposal: RuleProposal) -> RuleProposal:
    """A proposal whose poll was cancelled waits for a vote again."""
    if proposal.state == ProposalState.VOTING:
        poll = session.get(Poll, proposal.poll_id) if proposal.poll_id else None
        if poll is None or poll.state == PollState.CANCELLED:
            proposal.state, proposal.poll_id = ProposalState.PROPOSED, None
    return proposal


def _pending(session: Session, rule: Rule) -> RuleProposal | None:
    return session.scalars(
        select(RuleProposal).where(
            RuleProposal.rule_id == rule.id,
            RuleProposal.kind != ProposalKind.CONFIRM,  # about the whole book, not this rule
            RuleProposal.state.in_([ProposalState.PROPOSED, ProposalState.VOTING]),
        )
    ).first()


def propose_new(
    session: Session, clock: Clock, house: House, chair: Member | None, text: str
) -> RuleProposal:
    """A new rule, still without a section: the proposer picks one next (`set_section`). An
    earlier new rule of theirs that never got its section is thrown away."""
    chair = require_proposer(chair)
    now = clock.now()
    for unfinished in session.scalars(
        select(RuleProposal).where(
            RuleProposal.house_id == house.id,
            RuleProposal.state == ProposalState.DRAFT,
            RuleProposal.proposed_by_id == chair.id,
        )
    ).all():
        discard(session, unfinished)
    rule = Rule(
        house_id=house.id,
        text=check_text(text),
        state=RuleState.PROPOSED,
        created_at=now,
        updated_at=now,
    )
    session.add(rule)
    session.flush()
    proposal = RuleProposal(
        house_id=house.id,
        rule_id=rule.id,
        kind=ProposalKind.NEW,
        state=ProposalState.DRAFT,
        text=rule.text,
        proposed_by_id=chair.id,
        created_at=now,
    )
    session.add(proposal)
    session.flush()
    return proposal


def set_section(session: Session, proposal: RuleProposal, section: str | None) -> None:
    if proposal.state != ProposalState.DRAFT or proposal.kind != ProposalKind.NEW:
        raise UserError("button.stale")
    proposal.section = check_section(section) if section is not None else None
    rule = session.get(Rule, proposal.rule_id)
    assert rule is not None
    rule.section = proposal.section
    proposal.state = ProposalState.PROPOSED


def propose_change(
    session: Session, clock: Clock, house: House, chair: Member | None, rule: Rule, text: str
) -> RuleProposal:
    return _propose(session, clock, house, chair, rule, ProposalKind.CHANGE, check_text(text))


def propose_drop(
    session: Session, clock: Clock, house: House, chair: Member | None, rule: Rule
) -> RuleProposal:
    return _propose(session, clock, house, chair, rule, ProposalKind.DROP, None)


def _propose(
    session: Session,
    clock: Clock,
    house: House,
    chair: Member | None,
    rule: Rule,
    kind: ProposalKind,
    text: str | None,
) -> RuleProposal:
    chair = require_proposer(chair)
    if rule.house_id != house.id or rule.state != RuleState.ADOPTED:
        raise UserError("rules.not_in_book", number=rule.number or 0)
    if text is not None and text == rule.text:
        raise UserError("rules.same_text")
    pending = _pending(session, rule)
    if pending is not None and _refresh(session, pending).state == ProposalState.VOTING:
        raise UserError("rules.already_voting", number=rule.number or 0)
    if pending is not None:
        raise UserError("rules.already_proposed", number=rule.number or 0)
    proposal = RuleProposal(
        house_id=house.id,
        rule_id=rule.id,
        kind=kind,
        state=ProposalState.PROPOSED,
        text=text,
        section=rule.section,
        proposed_by_id=chair.id,
        created_at=clock.now(),
    )
    session.add(proposal)
    session.flush()
    return proposal


def proposal_in_house(session: Session, house: House | None, proposal_id: int) -> RuleProposal:
    return in_house(session, RuleProposal, house, proposal_id)


def open_proposals(session: Session, house: House) -> list[RuleProposal]:
    """Proposals waiting for a vote."""
    proposals = session.scalars(
        select(RuleProposal)
        .where(
            RuleProposal.house_id == house.id,
            RuleProposal.state.in_([ProposalState.PROPOSED, ProposalState.VOTING]),
        )
        .order_by(RuleProposal.created_at, RuleProposal.id)
    ).all()
    return [p for p in proposals if _refresh(session, p).state == ProposalState.PROPOSED]


def voting_on(proposal: RuleProposal, poll: Poll) -> None:
    if proposal.state != ProposalState.PROPOSED:
        raise UserError("button.stale")
    proposal.state = ProposalState.VOTING
    proposal.poll_id = poll.id


def discard(session: Session, proposal: RuleProposal) -> None:
    if proposal.state not in (ProposalState.DRAFT, ProposalState.PROPOSED):
        raise UserError("rules.proposal_voting")
    if proposal.kind == ProposalKind.NEW:
        rule = session.get(Rule, proposal.rule_id)
        if rule is not None:
            session.delete(rule)  # the proposal goes with it
    else:
        proposal.state = ProposalState.DISCARDED
    session.flush()


@dataclass(frozen=True)
class Change:
    """What a decided poll did to the rule book."""

    proposal: RuleProposal
    rule: Rule
    adopted: bool


def to_meeting(session: Session, poll: Poll) -> None:
    """The proposal's poll went to the meeting ("discuss first"): it is proposed again."""
    proposal = session.scalars(
        select(RuleProposal).where(
            RuleProposal.poll_id == poll.id, RuleProposal.state == ProposalState.VOTING
        )
    ).one_or_none()
    if proposal is not None:
        proposal.state, proposal.poll_id = ProposalState.PROPOSED, None


def decide(
    session: Session, clock: Clock, house: House, poll: Poll, decision: Decision
) -> Change | None:
    """Apply the decision of a poll that decided a proposal (None if it decided none)."""
    proposal = session.scalars(
        select(RuleProposal).where(
            RuleProposal.poll_id == poll.id, RuleProposal.state == ProposalState.VOTING
        )
    ).one_or_none()
    if proposal is None:
        return None
    rule = session.get(Rule, proposal.rule_id)
    assert rule is not None
    if decision.outcome in (Outcome.NO_QUORUM, Outcome.TIE, Outcome.OBJECTION):
        proposal.state, proposal.poll_id = ProposalState.PROPOSED, None  # to the meeting
        return None
    now = clock.now()
    proposal.decision_id, proposal.decided_at = decision.id, now
    if decision.outcome != Outcome.ADOPTED:
        proposal.state = ProposalState.REJECTED
        if proposal.kind == ProposalKind.NEW:
            rule.state = RuleState.REJECTED
        return Change(proposal, rule, adopted=False)
    proposal.state = ProposalState.ADOPTED
    kind = RuleEventKind.ADOPTED
    if proposal.kind == ProposalKind.CONFIRM:
        _confirm_book(session, house, decision, now)
        return Change(proposal, rule, adopted=True)
    if proposal.kind == ProposalKind.NEW:
        rule.state = RuleState.ADOPTED
        rule.number = next_number(session, house)
    elif proposal.kind == ProposalKind.CHANGE:
        assert proposal.text is not None
        rule.text = proposal.text
        kind = RuleEventKind.CHANGED
    else:
        rule.state = RuleState.DROPPED
        kind = RuleEventKind.DROPPED
    rule.updated_at = now
    session.add(
        RuleEvent(
            house_id=house.id,
            rule_id=rule.id,
            kind=kind,
            text=rule.text,
            decision_id=decision.id,
            at=now,
        )
    )
    session.flush()
    return Change(proposal, rule, adopted=True)


def _confirm_book(session: Session, house: House, decision: Decision, now: datetime) -> None:
    """The residents confirmed the imported book: every rule of it is theirs now."""
    for rule in session.scalars(
        select(Rule).where(Rule.house_id == house.id, Rule.confirmed.is_(False))
    ).all():
        rule.confirmed, rule.updated_at = True, now
        if rule.state == RuleState.ADOPTED:
            session.add(
                RuleEvent(
                    house_id=house.id,
                    rule_id=rule.id,
                    kind=RuleEventKind.ADOPTED,
                    text=rule.text,
                    decision_id=decision.id,
                    at=now,
                )
            )
    session.flush()


# --- import ---------------------------------------------------------------------------------------

HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
NUMBERED = re.compile(r"^(?:art(?:ikel)?\.?\s*)?\d{1,3}\s*[.):\-–]\s+(.+)$", re.IGNORECASE)
BULLET = re.compile(r"^[-*•–+]\s+(.+)$")
EMPHASIS = re.compile(r"(\*\*|__|`)")


@dataclass(frozen=True)
class Parsed:
    rules: list[tuple[str | None, str]]  # (section, text) in the file's order
    skipped: int  # lines that were neither a heading nor a rule


def _plain(text: str) -> str:
    return clean(EMPHASIS.sub("", text))


def parse(text: str) -> Parsed:
    rules: list[tuple[str | None, str]] = []
    section: str | None = None
    skipped = 0
    in_rule = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line or re.fullmatch(r"[-=*_#\s]{3,}", line):
            in_rule = False
            continue
        heading = HEADING.match(line)
        bold = re.fullmatch(r"(\*\*|__)(.+?)\1:?", line)
        item = None if heading or bold else NUMBERED.match(line) or BULLET.match(line)
        if item:
            body = _plain(item.group(1))
            if body:
                rules.append((section, body))
                in_rule = True
            continue
        if heading or bold or (line.endswith(":") and len(line) <= MAX_SECTION + 1):
            name = heading.group(1) if heading else bold.group(2) if bold else line
            section = _plain(name).rstrip(":").strip()[:MAX_SECTION] or None
            in_rule = False
            continue
        if in_rule and rules:
            last_section, last_text = rules[-1]
            rules[-1] = (last_section, f"{last_text} {_plain(line)}")
            continue
        skipped += 1
    for _, body in rules:
        if len(body) > MAX_IMPORTED_RULE:
            raise UserError("rules.import_rule_too_long", max=MAX_IMPORTED_RULE)
    if not rules:
        raise UserError("rules.import_nothing")
    if len(rules) > MAX_IMPORT_RULES:
        raise UserError("rules.import_too_many", max=MAX_IMPORT_RULES)
    return Parsed(rules, skipped)


def check_can_import(session: Session, house: House, member: Member | None) -> None:
    require_chair(member)
    if book(session, house):
        raise UserError("rules.import_not_empty")


def stage_import(
    session: Session, clock: Clock, house: House, member: Member | None, parsed: Parsed
) -> list[Rule]:
    """Store the file's rules as drafts (an earlier unconfirmed import is replaced)."""
    check_can_import(session, house, member)
    cancel_import(session, house)
    now = clock.now()
    drafts = []
    for section, text in parsed.rules:
        rule = Rule(
            house_id=house.id,
            section=section,
            text=text,
            state=RuleState.DRAFT,
            created_at=now,
            updated_at=now,
        )
        session.add(rule)
        drafts.append(rule)
    session.flush()
    return drafts


def staged(session: Session, house: House) -> list[Rule]:
    return list(
        session.scalars(
            select(Rule)
            .where(Rule.house_id == house.id, Rule.state == RuleState.DRAFT)
            .order_by(Rule.id)
        ).all()
    )


def confirm_import(
    session: Session, clock: Clock, house: House, member: Member | None
) -> list[Rule]:
    check_can_import(session, house, member)
    drafts = staged(session, house)
    if not drafts:
        raise UserError("button.stale")
    number = next_number(session, house)
    now = clock.now()
    for rule in drafts:
        rule.number, rule.state, rule.updated_at = number, RuleState.ADOPTED, now
        rule.confirmed = False  # until the residents' decision (`confirmation`)
        number += 1
        session.add(
            RuleEvent(
                house_id=house.id,
                rule_id=rule.id,
                kind=RuleEventKind.IMPORTED,
                text=rule.text,
                at=now,
            )
        )
    session.flush()
    session.add(
        RuleProposal(
            house_id=house.id,
            rule_id=drafts[0].id,
            kind=ProposalKind.CONFIRM,
            state=ProposalState.PROPOSED,
            proposed_by_id=member.id if member is not None else None,
            created_at=now,
        )
    )
    session.flush()
    return drafts


def confirmation(session: Session, house: House) -> RuleProposal | None:
    """The open proposal to confirm the imported book, if any."""
    return session.scalars(
        select(RuleProposal).where(
            RuleProposal.house_id == house.id,
            RuleProposal.kind == ProposalKind.CONFIRM,
            RuleProposal.state.in_([ProposalState.PROPOSED, ProposalState.VOTING]),
        )
    ).first()


def cancel_import(session: Session, house: House) -> None:
    session.execute(delete(Rule).where(Rule.house_id == house.id, Rule.state == RuleState.DRAFT))
