"""Who is asking: the staff session behind a request, its role, and its CSRF token.

Every console route except the login page and ``/healthz`` depends on
``Guard.staff`` (or ``Guard.admin``); changes also pass the CSRF check. A
refusal is audited before it is raised, so denied attempts leave a trace.
"""
from __future__ import annotations

import re
from typing import Awaitable, Callable, Optional

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, APIKeyHeader
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bot.web.console.context import Console
from bot.web.console.security import same_origin, tokens_match
from bot.web.console.sessions import ABSOLUTE_TIMEOUT, ActiveSession

BACKGROUND_HEADER = "X-Background-Refresh"  # "1" on polls: they must not count as activity
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
HANDOFF_ID = re.compile(r"^[0-9a-f-]{36}$")
SAFE_NEXT = re.compile(r"^/console/[A-Za-z0-9_\-/]*$")


class NotAuthenticated(Exception):
    """No live session: HTML pages redirect to the login page, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but not allowed (a staff user on an admin page, or a failed CSRF check)."""


def client_ip(request: Request) -> Optional[str]:
    """The peer address; behind a proxy, uvicorn's --proxy-headers makes it the client's (trusted hops only)."""
    return request.client.host if request.client else None


def safe_next(value: Optional[str]) -> str:
    """Where to go after login: only paths inside the console, never another site."""
    if value and SAFE_NEXT.match(value) and "//" not in value:
        return value
    return "/console/"


def _handoff_id(request: Request) -> Optional[str]:
    value = str(request.path_params.get("handoff_id") or "").lower()
    return value if HANDOFF_ID.match(value) else None


def set_session_cookie(response: Response, console: Console, token: str) -> None:
    response.set_cookie(
        console.cookie_name, token, max_age=int(ABSOLUTE_TIMEOUT.total_seconds()), path="/",
        secure=console.settings.cookie_secure, httponly=True, samesite="strict",
    )


def clear_session_cookie(response: Response, console: Console) -> None:
    response.delete_cookie(console.cookie_name, path="/", secure=console.settings.cookie_secure,
                           httponly=True, samesite="strict")


class Guard:
    """Builds the FastAPI dependencies that admit staff to a route."""

    def __init__(self, console: Console) -> None:
        self.console = console
        # Declared so the OpenAPI document says how the API authenticates; checked in ``_resolve``.
        self.cookie_scheme = APIKeyCookie(name=console.cookie_name, auto_error=False,
                                          description="Session cookie set by POST /console/login.")
        self.csrf_scheme = APIKeyHeader(name=CSRF_HEADER, auto_error=False,
                                        description="The session's CSRF token (GET /api/me); required on every POST.")

    def staff(self, action: str, change: bool = False) -> Callable[..., Awaitable[ActiveSession]]:
        return self._dependency(action, admin=False, change=change)

    def admin(self, action: str, change: bool = False) -> Callable[..., Awaitable[ActiveSession]]:
        return self._dependency(action, admin=True, change=change)

    def _dependency(self, action: str, admin: bool, change: bool) -> Callable[..., Awaitable[ActiveSession]]:
        if change:
            async def dependency(request: Request, _cookie: Optional[str] = Depends(self.cookie_scheme),
                                 _csrf: Optional[str] = Depends(self.csrf_scheme)) -> ActiveSession:
                return await self._resolve(request, action, admin, change)
        else:
            async def dependency(request: Request,  # type: ignore[misc]  # FastAPI reads each variant's own signature
                                 _cookie: Optional[str] = Depends(self.cookie_scheme)) -> ActiveSession:
                return await self._resolve(request, action, admin, change)
        return dependency

    async def _resolve(self, request: Request, action: str, admin: bool, change: bool) -> ActiveSession:
        """Async only to read a form's CSRF field; database calls run in the threadpool, off the event loop."""
        console = self.console
        # Page refreshes and event streams (an EventSource reconnects by itself) do not keep a session alive.
        background = (request.headers.get(BACKGROUND_HEADER) == "1"
                      or request.headers.get("accept", "").startswith("text/event-stream"))
        session = await run_in_threadpool(
            console.sessions.resume, request.cookies.get(console.cookie_name), not background)
        handoff_id, ip = _handoff_id(request), client_ip(request)
        refusal: Optional[str] = None
        if session is None:
            refusal = "unauthenticated"
        elif admin and not session.staff.is_admin:
            refusal = "forbidden"
        elif change and not await self._csrf_ok(request, session):
            refusal = "csrf_rejected"
        if session is not None:
            request.state.session = session  # error pages show the signed-in navigation
        if refusal is not None:
            user_id = session.staff.id if session else None
            await run_in_threadpool(console.audit.record, action, refusal, user_id, handoff_id, ip)
            raise NotAuthenticated() if session is None else Forbidden()
        assert session is not None
        return session

    async def _csrf_ok(self, request: Request, session: ActiveSession) -> bool:
        if not same_origin(request, self.console.settings.console_url):
            return False
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        return tokens_match(session.csrf_token, given)
