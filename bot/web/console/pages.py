"""The console's HTML pages under /console/: login, queue, one handoff, unanswered questions, audit.

Forms post back here and redirect (303) to a page that shows the result by a
fixed message code, so nothing a user typed is ever reflected from the URL.
Templates autoescape everything; patient text is only ever inserted as text.
"""
from __future__ import annotations

import secrets
import uuid
from typing import Any, Optional

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from bot.web.console import changes as outcomes
from bot.web.console.auth import Guard, clear_session_cookie, client_ip, safe_next, set_session_cookie
from bot.web.console.context import Console
from bot.web.console.formatting import STATUS_FILTER_LABELS
from bot.web.console.security import csp_nonce, same_origin, tokens_match
from bot.web.console.sessions import ActiveSession
from bot.storage.models import LANGUAGES, REASONS
from bot.privacy.retention import ERASE_ACTION, ERASE_CONFIRMATION, erase_handoff_conversation

LOGIN_FAILED = (
    "That username and password did not work. After 5 failed attempts in a row an account "
    "is locked for 15 minutes."
)
LOGIN_FORM_EXPIRED = "The sign-in form had expired. Please try again."
LOGIN_NOTICES = {
    "expired": "Your session ended. Please sign in again.",
    "signed_out": "You are signed out.",
}
DONE_CODES = {outcomes.OK: None, **{code: code for code in (
    outcomes.CLAIMED_BY_OTHER, outcomes.ALREADY_RESOLVED, outcomes.EMPTY_NOTE, outcomes.NOTE_TOO_LONG)}}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def build_page_router(console: Console, guard: Guard, templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(prefix="/console", include_in_schema=False)

    def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200,
               session: Optional[ActiveSession] = None) -> HTMLResponse:
        expires_in = int((session.expires_at - console.clock()).total_seconds()) if session else 0
        return templates.TemplateResponse(
            request, name, {"nonce": csp_nonce(request), "session": session, "expires_in": expires_in, **context},
            status_code=status_code,
        )

    def login_page(request: Request, status_code: int = 200, message: Optional[str] = None,
                   notice: Optional[str] = None, next_path: str = "/console/") -> HTMLResponse:
        """The form with a fresh pre-login CSRF token, double-submitted as a cookie."""
        token = secrets.token_urlsafe(32)
        response = render(request, "login.html", {"token": token, "message": message, "notice": notice,
                                                  "next": next_path}, status_code)
        response.set_cookie(console.login_cookie_name, token, max_age=3600, path="/",
                            secure=console.settings.cookie_secure, httponly=True, samesite="strict")
        return response

    @router.get("/login")
    def login_form(request: Request, next: Optional[str] = None, notice: Optional[str] = None) -> Any:
        return login_page(request, notice=LOGIN_NOTICES.get(notice or ""), next_path=safe_next(next))

    @router.post("/login")
    def login(request: Request, username: str = Form(""), password: str = Form(""),
              csrf_token: str = Form(""), next: str = Form("/console/")) -> Any:
        ip = client_ip(request)
        if not same_origin(request, console.settings.console_url) or not tokens_match(
            request.cookies.get(console.login_cookie_name), csrf_token
        ):
            console.audit.record("login", "csrf_rejected", None, None, ip)
            return login_page(request, 403, LOGIN_FORM_EXPIRED, next_path=safe_next(next))
        attempt = console.accounts.authenticate(username[:200], password)
        console.audit.record("login", attempt.outcome, attempt.user_id, None, ip)
        if not attempt.ok or attempt.staff is None:
            return login_page(request, 401, LOGIN_FAILED, next_path=safe_next(next))
        previous = console.sessions.resume(request.cookies.get(console.cookie_name), activity=False)
        if previous is not None:
            console.sessions.end(previous.id)  # a new id at every login: no session fixation
        token, _ = console.sessions.start(attempt.staff)
        response = _redirect(safe_next(next))
        set_session_cookie(response, console, token)
        response.delete_cookie(console.login_cookie_name, path="/", secure=console.settings.cookie_secure,
                               httponly=True, samesite="strict")
        return response

    @router.post("/logout")
    def logout(request: Request, session: ActiveSession = Depends(guard.staff("logout", change=True))) -> Any:
        console.sessions.end(session.id)
        console.audit.record("logout", "ok", session.staff.id, None, client_ip(request))
        response = _redirect("/console/login?notice=signed_out")
        clear_session_cookie(response, console)
        return response

    @router.get("/")
    def queue(request: Request, status: str = "open", reason: str = "", language: str = "",
              session: ActiveSession = Depends(guard.staff("list_handoffs"))) -> Any:
        status = status if status in STATUS_FILTER_LABELS else "open"
        reason = reason if reason in REASONS else ""
        language = language if language in LANGUAGES else ""
        rows = console.queries.queue(status, reason or None, language or None)
        console.audit.record("list_handoffs", "ok", session.staff.id, None, client_ip(request))
        return render(request, "queue.html", {"rows": rows, "status": status, "reason": reason, "reasons": REASONS,
                                              "language": language, "languages": LANGUAGES}, session=session)

    @router.get("/live")
    def live(request: Request, session: ActiveSession = Depends(guard.staff("view_live"))) -> Any:
        """The live chat page: presence, the waiting chats and one chat at a time (bot/web/live_routes.py serves its data)."""
        console.audit.record("view_live", "ok", session.staff.id, None, client_ip(request))
        return render(request, "live.html", {}, session=session)

    @router.get("/handoffs/{handoff_id}")
    def handoff(request: Request, handoff_id: uuid.UUID, done: str = "",
                session: ActiveSession = Depends(guard.staff("view_handoff"))) -> Any:
        detail = console.queries.detail(str(handoff_id))
        console.audit.record("view_handoff", "ok" if detail else "not_found", session.staff.id, str(handoff_id),
                             client_ip(request))
        if detail is None:
            return render(request, "error.html", {"title": "Handoff not found",
                                                  "message": "There is no handoff with this id."}, 404, session)
        return render(request, "handoff.html", {"h": detail, "done": done, "max_note": outcomes.MAX_NOTE_LENGTH,
                                                "erase_word": ERASE_CONFIRMATION}, session=session)

    def after_change(handoff_id: uuid.UUID, outcome: str, success_code: str) -> RedirectResponse:
        if outcome == outcomes.NOT_FOUND:
            return _redirect(f"/console/handoffs/{handoff_id}")
        return _redirect(f"/console/handoffs/{handoff_id}?done={DONE_CODES.get(outcome) or success_code}")

    @router.post("/handoffs/{handoff_id}/claim")
    def claim(request: Request, handoff_id: uuid.UUID,
              session: ActiveSession = Depends(guard.staff("claim", change=True))) -> Any:
        return after_change(handoff_id, console.changes.claim(str(handoff_id), session.staff, client_ip(request)), "claimed")

    @router.post("/handoffs/{handoff_id}/notes")
    def add_note(request: Request, handoff_id: uuid.UUID, text: str = Form(""),
                 session: ActiveSession = Depends(guard.staff("add_note", change=True))) -> Any:
        outcome = console.changes.add_note(str(handoff_id), session.staff, text, client_ip(request))
        return after_change(handoff_id, outcome, "noted")

    @router.post("/handoffs/{handoff_id}/resolve")
    def resolve(request: Request, handoff_id: uuid.UUID,
                session: ActiveSession = Depends(guard.staff("resolve", change=True))) -> Any:
        return after_change(handoff_id, console.changes.resolve(str(handoff_id), session.staff, client_ip(request)), "resolved")

    @router.post("/handoffs/{handoff_id}/erase")
    def erase(request: Request, handoff_id: uuid.UUID, confirm: str = Form(""),
              session: ActiveSession = Depends(guard.admin(ERASE_ACTION, change=True))) -> Any:
        """Admins only (a refusal is audited by the guard); the admin must type the confirmation word."""
        if confirm.strip().upper() != ERASE_CONFIRMATION:
            console.audit.record(ERASE_ACTION, "not_confirmed", session.staff.id, str(handoff_id), client_ip(request))
            return _redirect(f"/console/handoffs/{handoff_id}?done=erase_not_confirmed#erase-heading")
        report = erase_handoff_conversation(console.settings, str(handoff_id), user_id=session.staff.id,
                                            source_ip=client_ip(request), engine=console.engine, audit=console.audit)
        return _redirect("/console/erased" if report is not None else f"/console/handoffs/{handoff_id}")

    @router.get("/erased")
    def erased(request: Request, session: ActiveSession = Depends(guard.staff("view_erased"))) -> Any:
        return render(request, "error.html", {"title": "Conversation erased", "message": (
            "The patient's conversation, all its handoffs with their notes, and its answer ratings were erased. "
            "The audit log keeps a record of the erasure with counts only.")}, session=session)

    @router.get("/unanswered")
    def unanswered(request: Request, session: ActiveSession = Depends(guard.staff("view_unanswered"))) -> Any:
        report = console.queries.unanswered()
        votes = console.feedback.counts()
        console.audit.record("view_unanswered", "ok", session.staff.id, None, client_ip(request))
        return render(request, "unanswered.html", {"report": report, "votes": votes}, session=session)

    @router.get("/audit")
    def audit(request: Request, before: Optional[int] = Query(None, ge=1), verify: bool = False,
              session: ActiveSession = Depends(guard.admin("view_audit"))) -> Any:
        rows = console.audit.latest(200, before)
        names = console.accounts.usernames({row.user_id for row in rows if row.user_id})
        broken = console.audit.verify() if verify else None
        console.audit.record("view_audit", "ok", session.staff.id, None, client_ip(request))
        return render(request, "audit.html", {"rows": rows, "names": names, "broken": broken, "before": before},
                      session=session)

    return router
