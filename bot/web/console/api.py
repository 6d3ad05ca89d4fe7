"""The JSON API under /api: the queue, one handoff, changes, unanswered questions, the audit log.

Every route needs a staff session (401 otherwise); POSTs also need the
session's CSRF token in ``X-CSRF-Token``. Every read of patient data and
every change is audited before the answer leaves.
"""
from __future__ import annotations

import uuid
from typing import Any, List, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from bot.web.console import changes as outcomes
from bot.web.console.auth import Guard, client_ip
from bot.web.console.context import Console
from bot.web.console.formatting import LANGUAGE_LABELS, REASON_LABELS, STATUS_LABELS, URGENCY_LABELS, format_age, label
from bot.web.console.queries import HandoffDetail, QueueRow, handoff_state
from bot.web.console.schemas import (
    AuditOut, ChangeOut, ContactOut, FlagOut, HandoffOut, Language, MeOut, NoteIn, Problem, QueueItem, Reason,
    Status, StatusFilter, TimelineEventOut, TopicVotesOut, TranscriptLineOut, UnansweredOut, QuestionOut, Urgency,
)
from bot.web.console.sessions import ActiveSession
from bot.privacy.retention import ERASE_ACTION, erase_handoff_conversation

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Not signed in, or the session ended."},
    403: {"model": Problem, "description": "Not allowed, or the CSRF token or Origin is wrong."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No handoff with this id."}}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": Problem, "description": "Claimed by someone else, or already resolved."}}
CHANGE_STATUS = {
    outcomes.NOT_FOUND: (404, "No handoff with this id."),
    outcomes.CLAIMED_BY_OTHER: (409, "Someone else has already claimed this handoff."),
    outcomes.ALREADY_RESOLVED: (409, "This handoff is already resolved."),
    outcomes.EMPTY_NOTE: (422, "The note is empty."),
    outcomes.NOTE_TOO_LONG: (422, f"The note is longer than {outcomes.MAX_NOTE_LENGTH} characters."),
}


class ErasureOut(BaseModel):
    """What an erasure deleted: counts only."""
    events: int
    handoffs: int
    notes: int
    feedback: int


def queue_item(row: QueueRow) -> QueueItem:
    return QueueItem(
        id=row.id, urgency=Urgency(row.urgency), urgency_label=label(URGENCY_LABELS, row.urgency), reason=row.reason,
        reason_label=label(REASON_LABELS, row.reason), language=row.language, language_label=label(LANGUAGE_LABELS, row.language),
        status=Status(row.status), status_label=label(STATUS_LABELS, row.status),
        created_at=row.created_at, age_seconds=row.age_seconds, age=format_age(row.age_seconds), claimed_by=row.claimed_by,
    )


def handoff_out(detail: HandoffDetail) -> HandoffOut:
    return HandoffOut(
        id=detail.id, channel=detail.channel, reason=detail.reason,
        reason_label=label(REASON_LABELS, detail.reason), urgency=Urgency(detail.urgency),
        language=detail.language, language_label=label(LANGUAGE_LABELS, detail.language), status=Status(detail.status),
        created_at=detail.created_at, age_seconds=detail.age_seconds, claimed_by=detail.claimed_by,
        resolved_at=detail.resolved_at, triage_level=detail.triage_level, triage_signs=detail.triage_signs,
        days_since_treatment=detail.days_since_treatment, prescreen_outcome=detail.prescreen_outcome,
        prescreen_flags=[FlagOut(**vars(flag)) for flag in detail.flags],
        booking_preference=detail.booking_preference,
        contact=ContactOut(name=detail.contact_name, phone=detail.contact_phone, email=detail.contact_email,
                           time=detail.contact_time),
        transcript=[TranscriptLineOut(**vars(line)) for line in detail.transcript],
        timeline=[TimelineEventOut(**vars(event)) for event in detail.timeline],
    )


def build_api_router(console: Console, guard: Guard) -> APIRouter:
    router = APIRouter(prefix="/api", responses=ERRORS)

    def change_answer(handoff_id: str, outcome: str) -> Any:
        if outcome in CHANGE_STATUS:
            status, detail = CHANGE_STATUS[outcome]
            return JSONResponse({"detail": detail, "outcome": outcome}, status_code=status)
        status_now, claimed_by = handoff_state(console.engine, handoff_id) or ("resolved", None)
        return ChangeOut(outcome=outcome, status=Status(status_now), claimed_by=claimed_by)

    @router.get("/handoffs", response_model=List[QueueItem], tags=["handoffs"],
                summary="The queue: emergencies first, then urgent, then routine; oldest first within a level")
    def list_handoffs(request: Request, status: StatusFilter = StatusFilter.open, reason: Optional[Reason] = None,
                      language: Optional[Language] = Query(None, description="Only handoffs in this language."),
                      session: ActiveSession = Depends(guard.staff("list_handoffs"))) -> List[QueueItem]:
        rows = console.queries.queue(status.value, reason.value if reason else None, language.value if language else None)
        console.audit.record("list_handoffs", "ok", session.staff.id, None, client_ip(request))
        return [queue_item(row) for row in rows]

    @router.get("/handoffs/{handoff_id}", response_model=HandoffOut, responses=NOT_FOUND, tags=["handoffs"],
                summary="One handoff with transcript, flags, contact and timeline")
    def get_handoff(request: Request, handoff_id: uuid.UUID,
                    session: ActiveSession = Depends(guard.staff("view_handoff"))) -> Any:
        detail = console.queries.detail(str(handoff_id))
        outcome = "ok" if detail else "not_found"
        console.audit.record("view_handoff", outcome, session.staff.id, str(handoff_id), client_ip(request))
        if detail is None:
            return JSONResponse({"detail": "No handoff with this id."}, status_code=404)
        return handoff_out(detail)

    @router.post("/handoffs/{handoff_id}/claim", response_model=ChangeOut, responses={**NOT_FOUND, **CONFLICT},
                 tags=["handoffs"], summary="Claim a new handoff")
    def claim(request: Request, handoff_id: uuid.UUID,
              session: ActiveSession = Depends(guard.staff("claim", change=True))) -> Any:
        return change_answer(str(handoff_id), console.changes.claim(str(handoff_id), session.staff, client_ip(request)))

    @router.post("/handoffs/{handoff_id}/notes", response_model=ChangeOut, responses=NOT_FOUND, tags=["handoffs"],
                 summary="Add a note to the handoff's timeline")
    def add_note(request: Request, handoff_id: uuid.UUID, note: NoteIn,
                 session: ActiveSession = Depends(guard.staff("add_note", change=True))) -> Any:
        outcome = console.changes.add_note(str(handoff_id), session.staff, note.text, client_ip(request))
        return change_answer(str(handoff_id), outcome)

    @router.post("/handoffs/{handoff_id}/resolve", response_model=ChangeOut, responses={**NOT_FOUND, **CONFLICT},
                 tags=["handoffs"], summary="Resolve the handoff")
    def resolve(request: Request, handoff_id: uuid.UUID,
                session: ActiveSession = Depends(guard.staff("resolve", change=True))) -> Any:
        return change_answer(str(handoff_id), console.changes.resolve(str(handoff_id), session.staff, client_ip(request)))

    @router.post("/handoffs/{handoff_id}/erase", response_model=ErasureOut, responses=NOT_FOUND, tags=["admin"],
                 summary="Erase the patient's conversation: its events, all its handoffs and notes, its votes (admins)")
    def erase(request: Request, handoff_id: uuid.UUID,  # admin and CSRF checked; a refusal is audited by the guard
              session: ActiveSession = Depends(guard.admin(ERASE_ACTION, change=True))) -> Any:
        report = erase_handoff_conversation(console.settings, str(handoff_id), user_id=session.staff.id,
                                            source_ip=client_ip(request), engine=console.engine, audit=console.audit)
        if report is None:
            return JSONResponse({"detail": "No handoff with this id."}, status_code=404)
        return ErasureOut(events=report.events, handoffs=report.handoffs, notes=report.notes, feedback=report.feedback)

    @router.get("/unanswered", response_model=UnansweredOut, tags=["content"],
                summary="Questions the assistant could not answer, and answer ratings")
    def unanswered(request: Request, session: ActiveSession = Depends(guard.staff("view_unanswered"))) -> UnansweredOut:
        report = console.queries.unanswered()
        votes = console.feedback.counts()
        console.audit.record("view_unanswered", "ok", session.staff.id, None, client_ip(request))
        return UnansweredOut(
            available=report.available,
            questions=[QuestionOut(**vars(question)) for question in report.questions],
            feedback=[TopicVotesOut(**vars(topic)) for topic in votes],
        )

    @router.get("/audit", response_model=List[AuditOut], tags=["admin"], summary="The audit log, newest first (admins)")
    def audit(request: Request, limit: int = Query(100, ge=1, le=500), before: Optional[int] = Query(None, ge=1),
              session: ActiveSession = Depends(guard.admin("view_audit"))) -> List[AuditOut]:
        rows = console.audit.latest(limit, before)
        names = console.accounts.usernames({row.user_id for row in rows if row.user_id})
        console.audit.record("view_audit", "ok", session.staff.id, None, client_ip(request))
        return [
            AuditOut(id=r.id, at=r.at, user_id=r.user_id, username=names.get(r.user_id or 0), action=r.action,
                     handoff_id=r.handoff_id, outcome=r.outcome, source_ip=r.source_ip)
            for r in rows
        ]

    @router.get("/me", response_model=MeOut, tags=["session"], summary="Who is signed in; keeps the session alive")
    def me(session: ActiveSession = Depends(guard.staff("me"))) -> MeOut:
        remaining = int((session.expires_at - console.clock()).total_seconds())
        return MeOut(username=session.staff.username, role=session.staff.role, csrf_token=session.csrf_token,
                     expires_at=session.expires_at, expires_in_seconds=max(0, remaining))

    return router
