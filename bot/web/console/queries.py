"""What staff read: the queue, one handoff in full, and the questions the assistant could not answer.

Reads only; changes are in ``changes.py``. The queue carries no patient text
(minimum necessary): a row is urgency, reason, language, status, age and who
claimed it. The conversation id is never shown: it is the patient's
chat-session handle. The transcript is kept as the patient typed it, in the
handoff's language; everything structured stays in the console's English.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from bot.web.console.accounts import Accounts
from bot.storage.audit import AuditLog
from bot.storage.database import Clock, make_engine, system_clock, utc_now
from bot.storage.console_models import HandoffNote, as_utc
from bot.storage.models import URGENCIES, Handoff
from bot.care.screening import read_questions
from bot.language.topic_choices import PARSE_KEY as DID_YOU_MEAN

logger = logging.getLogger(__name__)
STATUS_FILTERS = ("open", "new", "claimed", "resolved", "all")  # open = not resolved (the default)
UNANSWERED_INTENTS = ("nlu_fallback", "out_of_scope")
UNANSWERED_SCAN_LIMIT = 20_000  # newest fallback messages looked at; plenty for a clinic, bounded for the page


@dataclass(frozen=True)
class FlagInfo:
    flag: str
    label: str
    staff_note: str
    why: str


@dataclass(frozen=True)
class QueueRow:
    id: str
    urgency: str
    reason: str
    status: str
    created_at: datetime
    age_seconds: int
    claimed_by: Optional[str]
    language: str  # the conversation's language code


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # created | claimed | note | resolved
    by: Optional[str] = None
    text: Optional[str] = None


@dataclass(frozen=True)
class TranscriptLine:
    sender: str  # patient | assistant | staff (a live chat) | notice (someone joined or left)
    text: str
    time: Optional[str]
    name: Optional[str] = None  # the staff member's display name


@dataclass(frozen=True)
class HandoffDetail:
    id: str
    channel: Optional[str]
    reason: str
    urgency: str
    language: str  # the conversation's language code: the transcript is in it
    status: str
    created_at: datetime
    age_seconds: int
    claimed_by: Optional[str]
    resolved_at: Optional[datetime]
    triage_level: Optional[str]
    triage_signs: list[str]
    days_since_treatment: Optional[int]
    prescreen_outcome: Optional[str]
    flags: list[FlagInfo]
    booking_preference: Optional[str]
    contact_name: Optional[str]
    contact_phone: Optional[str]
    contact_email: Optional[str]
    contact_time: Optional[str]
    transcript: list[TranscriptLine]
    timeline: list[TimelineEvent]


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str
    count: int
    last_seen: datetime
    # Times the assistant offered "Did you mean ...?" choices instead of only
    # asking to rephrase, and the choices it offered last (full labels).
    offered: int = 0
    choices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UnansweredReport:
    questions: list[UnansweredQuestion] = field(default_factory=list)
    available: bool = True  # False when the conversation store could not be read


def load_flag_meanings(knowledge_dir: Path) -> dict[str, FlagInfo]:
    """Label and clinician note for each pre-screen flag, from knowledge/prescreen.yml."""
    _, questions = read_questions(knowledge_dir)
    return {q.flag: FlagInfo(q.flag, q.label, q.staff_note, q.why) for q in questions}


def urgency_rank() -> sa.sql.ColumnElement:
    """0 for emergency, 1 urgent, 2 routine: the queue's first sort key."""
    column = Handoff.__table__.c.urgency
    return sa.case(*[(column == level, rank) for rank, level in enumerate(URGENCIES)], else_=len(URGENCIES))


def _transcript(value: Any) -> list[TranscriptLine]:
    lines = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict):
            continue
        sender = entry.get("sender")
        lines.append(TranscriptLine(
            sender=sender if sender in ("patient", "assistant", "staff", "notice") else "unknown",
            text=str(entry.get("text") or ""), name=str(entry["name"]) if entry.get("name") else None,
            time=str(entry["time"]) if entry.get("time") else None,
        ))
    return lines


class Queries:
    def __init__(self, engine: sa.engine.Engine, tracker_store_url: str, flags: Mapping[str, FlagInfo],
                 accounts: Accounts, audit: AuditLog, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.tracker_store_url = tracker_store_url
        self.flags = flags
        self.accounts = accounts
        self.audit = audit
        self.clock = clock
        self._tracker: Optional[sa.engine.Engine] = None

    def _age(self, created_at: datetime) -> int:
        return max(0, int((utc_now(self.clock) - as_utc(created_at)).total_seconds()))

    def queue(self, status: str = "open", reason: Optional[str] = None, language: Optional[str] = None) -> list[QueueRow]:
        """Emergencies first, then urgent, then routine; oldest first within a level."""
        table = Handoff.__table__
        query = sa.select(
            table.c.id, table.c.urgency, table.c.reason, table.c.status, table.c.created_at, table.c.claimed_by,
            table.c.language,
        ).order_by(urgency_rank(), table.c.created_at, table.c.id)
        if status == "open":
            query = query.where(table.c.status != "resolved")
        elif status != "all":
            query = query.where(table.c.status == status)
        if reason:
            query = query.where(table.c.reason == reason)
        if language:
            query = query.where(table.c.language == language)
        with self.engine.connect() as connection:
            rows = connection.execute(query).fetchall()
        return [
            QueueRow(row.id, row.urgency, row.reason, row.status, as_utc(row.created_at),
                     self._age(row.created_at), row.claimed_by, row.language)
            for row in rows
        ]

    def detail(self, handoff_id: str) -> Optional[HandoffDetail]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(Handoff.__table__).where(Handoff.__table__.c.id == handoff_id)).first()
        if row is None:
            return None
        flags = [
            self.flags.get(flag) or FlagInfo(flag, flag, "No description in knowledge/prescreen.yml.", "")
            for flag in (row.prescreen_flags or [])
        ]
        return HandoffDetail(
            id=row.id, channel=row.channel, reason=row.reason, language=row.language,
            urgency=row.urgency, status=row.status, created_at=as_utc(row.created_at),
            age_seconds=self._age(row.created_at), claimed_by=row.claimed_by,
            resolved_at=as_utc(row.resolved_at) if row.resolved_at else None,
            triage_level=row.triage_level, triage_signs=list(row.triage_signs or []),
            days_since_treatment=row.days_since_treatment, prescreen_outcome=row.prescreen_outcome,
            flags=flags, booking_preference=row.booking_preference, contact_name=row.contact_name,
            contact_phone=row.contact_phone, contact_email=row.contact_email, contact_time=row.contact_time,
            transcript=_transcript(row.transcript), timeline=self.timeline(row),
        )

    def timeline(self, handoff: sa.engine.Row) -> list[TimelineEvent]:
        """Created, claims and resolution (from the audit log, which names who), and notes."""
        changes = self.audit.for_handoff(handoff.id, ("claim", "resolve"))
        notes_table = HandoffNote.__table__
        with self.engine.connect() as connection:
            notes = connection.execute(
                sa.select(notes_table).where(notes_table.c.handoff_id == handoff.id).order_by(notes_table.c.id)
            ).fetchall()
        names = self.accounts.usernames({c.user_id for c in changes if c.user_id} | {n.user_id for n in notes})
        events = [TimelineEvent(as_utc(handoff.created_at), "created")]
        claimer: Optional[int] = None
        for change in changes:
            if change.action == "claim" and change.user_id == claimer:
                continue  # claiming one's own handoff again changes nothing
            claimer = change.user_id if change.action == "claim" else claimer
            kind = "claimed" if change.action == "claim" else "resolved"
            events.append(TimelineEvent(change.at, kind, names.get(change.user_id or 0)))
        if handoff.claimed_by and not any(c.action == "claim" for c in changes):
            events.append(TimelineEvent(as_utc(handoff.updated_at), "claimed", handoff.claimed_by))
        if handoff.resolved_at and not any(c.action == "resolve" for c in changes):
            events.append(TimelineEvent(as_utc(handoff.resolved_at), "resolved"))
        events += [TimelineEvent(as_utc(n.created_at), "note", names.get(n.user_id), n.text) for n in notes]
        order = {"created": 0, "claimed": 1, "note": 2, "resolved": 3}  # for events in the same instant
        return sorted(events, key=lambda event: (event.at, order[event.kind]))

    # -- the conversation store ----------------------------------------------------
    def _tracker_engine(self) -> Optional[sa.engine.Engine]:
        url = sa.engine.make_url(self.tracker_store_url)
        if url.drivername.startswith("sqlite") and url.database and not Path(url.database).exists():
            return None  # Rasa has not written a conversation yet; do not create an empty file
        if self._tracker is None:
            self._tracker = make_engine(self.tracker_store_url)
        return self._tracker

    def unanswered(self, limit: int = 200) -> UnansweredReport:
        """Patient messages read as ``nlu_fallback`` or ``out_of_scope``, grouped by lower-cased text, newest first."""
        try:
            engine = self._tracker_engine()
            if engine is None or not sa.inspect(engine).has_table("events"):
                return UnansweredReport()
            events = sa.table("events", sa.column("id"), sa.column("type_name"), sa.column("intent_name"),
                              sa.column("timestamp"), sa.column("data"))
            query = (
                sa.select(events.c.timestamp, events.c.data)
                .where(events.c.type_name == "user", events.c.intent_name.in_(UNANSWERED_INTENTS))
                .order_by(events.c.id.desc())
                .limit(UNANSWERED_SCAN_LIMIT)
            )
            with engine.connect() as connection:
                rows = connection.execute(query).fetchall()
        except SQLAlchemyError as error:
            logger.warning("Conversation store unreadable for the unanswered page (%s).", type(error).__name__)
            return UnansweredReport(available=False)
        groups: dict[str, _Group] = {}
        for row in rows:  # newest first
            try:
                data = json.loads(row.data or "{}")
            except ValueError:
                continue
            parse_data = data.get("parse_data") or {}
            intent = (parse_data.get("intent") or {}).get("name")
            text = " ".join(str(data.get("text") or "").split()).lower()
            if intent not in UNANSWERED_INTENTS or not text or text.startswith("/"):  # "/nlu_fallback": a button
                continue
            group = groups.setdefault(text, _Group(last=float(row.timestamp or data.get("timestamp") or 0)))
            group.count += 1
            choices = [str(label) for label in parse_data.get(DID_YOU_MEAN) or [] if isinstance(label, str)]
            if choices:
                group.offered += 1
                group.choices = group.choices or choices
        ordered = sorted(groups.items(), key=lambda item: item[1].last, reverse=True)[:limit]
        return UnansweredReport([
            UnansweredQuestion(text, group.count, datetime.fromtimestamp(group.last, tz=timezone.utc),
                               group.offered, group.choices)
            for text, group in ordered
        ])


@dataclass
class _Group:
    last: float
    count: int = 0
    offered: int = 0
    choices: list[str] = field(default_factory=list)


def handoff_state(engine: sa.engine.Engine, handoff_id: str) -> Optional[tuple[str, Optional[str]]]:
    """(status, claimed_by) after a change, for the API's answer."""
    table = Handoff.__table__
    with engine.connect() as connection:
        row = connection.execute(sa.select(table.c.status, table.c.claimed_by).where(table.c.id == handoff_id)).first()
    return (row.status, row.claimed_by) if row else None
