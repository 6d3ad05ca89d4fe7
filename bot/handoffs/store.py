"""Stores handoffs with SQLAlchemy: SQLite by default, PostgreSQL by URL.

Every write either lands in the database or in the spool, so a patient who
asked for help is never lost to a database outage. The store never logs
contact details or transcripts: only ids, reasons and urgency.

A handoff keeps the language its conversation started in (issue 14): the
transcript stays as the patient typed it, and staff see the language next
to the reason. A retry, a merge or a spooled copy never changes it.
"""
from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.storage.database import make_engine, migrate
from bot.storage.models import ENGLISH, LANGUAGES, URGENCIES, Handoff
from bot.handoffs.spool import Spool

logger = logging.getLogger(__name__)
SEVERITY = {urgency: rank for rank, urgency in enumerate(reversed(URGENCIES))}  # routine 0 .. emergency 2


def now() -> datetime:
    return datetime.now(timezone.utc)


def language_code(value: object) -> Optional[str]:
    """The known language code ("en", "es") a value names, or None: "ES", "es-MX" and "es_ES" name "es"."""
    code = str(value or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LANGUAGES else None


@dataclass
class HandoffRequest:
    conversation_id: str
    reason: str
    urgency: str = "routine"
    transcript: list[dict[str, Any]] = field(default_factory=list)
    channel: Optional[str] = None
    triage_level: Optional[str] = None
    triage_signs: list[str] = field(default_factory=list)
    days_since_treatment: Optional[int] = None
    prescreen_outcome: Optional[str] = None
    prescreen_flags: list[str] = field(default_factory=list)
    booking_preference: Optional[str] = None
    language: str = ENGLISH  # the conversation's language code, one of bot.storage.models.LANGUAGES
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        """A missing or unknown language code is recorded as English, never refused: the request has no other
        validation, and a patient asking for help must never lose the handoff over a label."""
        known = language_code(self.language)
        if known is None and self.language:
            logger.warning("Handoff %s: language code not one of %s; recorded as %s.", self.id, "/".join(LANGUAGES), ENGLISH)
        self.language = known or ENGLISH


@dataclass
class Contact:
    name: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    time: Optional[str] = None


Notify = Callable[[str, str, str, str], None]  # (handoff id, urgency, reason, language code)


class HandoffStore:
    def __init__(self, url: str, spool_dir: Path, notify: Optional[Notify] = None) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.spool = Spool(spool_dir)
        self._notify = notify or (lambda *_: None)
        self._replay_lock = threading.Lock()

    def migrate(self) -> None:
        """Brings the schema to the newest Alembic revision."""
        migrate(self.engine)

    # -- writes -------------------------------------------------------------
    def open(self, request: HandoffRequest) -> str:
        """Creates the handoff, or updates the open one of that conversation and reason."""
        self.replay()
        try:
            handoff_id, created = self._upsert(request)
        except DBAPIError:
            logger.error("Database unavailable: handoff %s spooled for replay.", request.id)
            self.spool.put({"op": "open", "request": asdict(request)})
            return request.id
        if created:
            self._notify(handoff_id, request.urgency, request.reason, request.language)
        return handoff_id

    def add_contact(self, handoff_id: str, contact: Contact, conversation_id: str = "", reason: str = "") -> None:
        """Adds contact details; conversation and reason find the handoff a spooled id merged into."""
        self.replay()
        try:
            self._add_contact(handoff_id, contact, f"{conversation_id}:{reason}")
        except DBAPIError:
            logger.error("Database unavailable: contact for handoff %s spooled for replay.", handoff_id)
            self.spool.put({"op": "contact", "id": handoff_id, "open_key": f"{conversation_id}:{reason}",
                            "contact": asdict(contact)})

    def update_transcript(self, handoff_id: str, transcript: list[dict[str, Any]]) -> None:
        try:
            with self.sessions.begin() as session:
                row = session.get(Handoff, handoff_id)
                if row is not None and len(transcript) >= len(row.transcript or []):
                    row.transcript = transcript
                    row.updated_at = now()
        except DBAPIError:
            logger.warning("Database unavailable: transcript of handoff %s not updated.", handoff_id)

    def replay(self) -> int:
        """Lands spooled writes; returns how many. Safe to call at any time."""
        if not self.spool.pending() or not self._replay_lock.acquire(blocking=False):
            return 0
        try:
            return self.spool.replay(self._apply, DBAPIError)
        except DBAPIError:
            return 0
        finally:
            self._replay_lock.release()

    def _apply(self, operation: dict[str, Any]) -> None:
        if operation["op"] == "open":
            request = HandoffRequest(**operation["request"])
            handoff_id, created = self._upsert(request)
            if created:
                self._notify(handoff_id, request.urgency, request.reason, request.language)
        elif operation["op"] == "contact":
            self._add_contact(operation["id"], Contact(**operation["contact"]), operation.get("open_key", ""))

    def _upsert(self, request: HandoffRequest) -> tuple[str, bool]:
        key = f"{request.conversation_id}:{request.reason}"
        stamp = now()
        session = self.sessions()
        try:
            existing = session.get(Handoff, request.id)
            if existing is None:
                row = Handoff(
                    **{k: v for k, v in asdict(request).items()},
                    status="new", open_key=key, created_at=stamp, updated_at=stamp,
                )
                session.add(row)
                try:
                    session.commit()
                    logger.info("Handoff %s opened (reason %s, urgency %s).", row.id, row.reason, row.urgency)
                    return row.id, True
                except IntegrityError:
                    session.rollback()
                    existing = session.query(Handoff).filter_by(open_key=key).one_or_none()
                    if existing is None:
                        raise
            _merge(existing, request, stamp)
            session.commit()
            return existing.id, False
        finally:
            session.close()

    def _add_contact(self, handoff_id: str, contact: Contact, open_key: str = "") -> None:
        with self.sessions.begin() as session:
            row = session.get(Handoff, handoff_id)
            if row is None and open_key:
                # Spooled while the database was down, the handoff merged into
                # the conversation's open one under another id.
                row = session.query(Handoff).filter_by(open_key=open_key).one_or_none()
            if row is None:
                raise KeyError(handoff_id)
            for name, value in asdict(contact).items():
                if value:
                    setattr(row, f"contact_{name}", value)
            row.updated_at = now()

    # -- reads and staff changes (console) -----------------------------------
    def get(self, handoff_id: str) -> Optional[Handoff]:
        with self.sessions() as session:
            return session.get(Handoff, handoff_id)

    def for_conversation(self, conversation_id: str) -> list[Handoff]:
        with self.sessions() as session:
            return list(session.query(Handoff).filter_by(conversation_id=conversation_id).order_by(Handoff.created_at))

    def set_status(self, handoff_id: str, status: str, staff: Optional[str] = None) -> None:
        with self.sessions.begin() as session:
            row = session.get(Handoff, handoff_id)
            if row is None:
                raise KeyError(handoff_id)
            row.status = status
            row.updated_at = now()
            if status == "claimed":
                row.claimed_by = staff
            if status == "resolved":
                row.resolved_at = row.updated_at
                row.open_key = None


def _merge(row: Handoff, request: HandoffRequest, stamp: datetime) -> None:
    """A repeated request adds to the open handoff; it never lowers urgency, and it keeps the first language."""
    if SEVERITY[request.urgency] > SEVERITY[row.urgency]:
        row.urgency = request.urgency
    if len(request.transcript) > len(row.transcript or []):
        row.transcript = request.transcript
    row.prescreen_flags = sorted(set(row.prescreen_flags or []) | set(request.prescreen_flags))
    row.triage_signs = sorted(set(row.triage_signs or []) | set(request.triage_signs))
    if request.triage_level and SEVERITY[request.triage_level] >= SEVERITY.get(row.triage_level or "routine", 0):
        row.triage_level = request.triage_level
    for name in ("days_since_treatment", "prescreen_outcome", "booking_preference"):
        value = getattr(request, name)
        if value is not None:
            setattr(row, name, value)
    row.updated_at = stamp
