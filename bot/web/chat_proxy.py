"""Forwards the widget's /chat/* requests to the Rasa servers' widget channel.

The web app is the one public entry: the page, the widget and its chat share
one origin, so browsers need no CORS, and Rasa itself stays on a private
address. The channel still does every check (session, Origin, size); this
forwards, caps the body before it crosses, and answers with the clinic's
phone when Rasa cannot be reached, so the patient is never met with silence.

With several Rasa replicas (RASA_URLS) each conversation always goes to the
same one: Rasa open source's Redis lock store is not safe for one
conversation served by two replicas at once (RasaHQ/rasa#9213).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any, Optional, Protocol

import aiohttp
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from bot.content.knowledge import load
from bot.content.settings import Settings
from bot.content.widget_protocol import MAX_BODY_BYTES, Problem, cors_headers, verify

logger = logging.getLogger(__name__)
ROUTES = ("session", "webhook", "history", "feedback", "language")
# Above the widget's own 15 s so a slow answer still arrives if it waits.
TIMEOUT = aiohttp.ClientTimeout(total=25.0, connect=3.0)


def replica_for(body: bytes, replicas: tuple[str, ...]) -> str:
    """The replica that owns the conversation named in the body's session token.

    A plain hash of the conversation id: stable across web app restarts and
    replicas of the web app itself, so no routing table is needed. Requests
    without a readable session (a new session, bad JSON) may go anywhere.
    """
    if len(replicas) == 1:
        return replicas[0]
    try:
        session = json.loads(body).get("session")
    except (ValueError, AttributeError):
        session = None
    conversation_id = session.split(".", 1)[0] if isinstance(session, str) else ""
    return replica_for_conversation(conversation_id, replicas)


def replica_for_conversation(conversation_id: str, replicas: tuple[str, ...]) -> str:
    """The replica that owns this conversation (the live chat relays staff lines to it)."""
    digest = hashlib.sha256(conversation_id.encode()).digest()
    return replicas[int.from_bytes(digest[:8], "big") % len(replicas)]


class LiveHooks(Protocol):
    """What the live chat (bot.web.live_service.LiveService) is told of each patient message."""

    async def patient_first(self, conversation_id: str, text: str) -> bool: ...

    async def patient_line(self, conversation_id: str, text: str, alert: Optional[str],
                           replies: list[dict[str, Any]], shown: bool = False) -> None: ...


def _patient_message(body: bytes, secret: bytes) -> tuple[Optional[str], str]:
    """The conversation of a genuine session and the text, from a webhook body (None: not checked here)."""
    try:
        sent = json.loads(body)
    except ValueError:
        return None, ""
    if not isinstance(sent, dict):
        return None, ""
    return verify(secret, sent.get("session")), str(sent.get("message") or "")


async def _tell_live(live: LiveHooks, conversation_id: str, text: str, shown: bool, content: bytes) -> None:
    """Passes a live-chat turn on to the staff view; a failure here never costs the patient their answer."""
    try:
        answer = json.loads(content)
        state = answer.get("live") if isinstance(answer, dict) else None
        if state:
            await live.patient_line(conversation_id, text, state.get("alert"), answer.get("messages") or [], shown)
    except Exception as error:  # noqa: BLE001 - logged by type only: the text is the patient's
        logger.error("Live chat: a patient message did not reach the staff view (%s).", type(error).__name__)


def _channel_unavailable(status: int, content: bytes) -> bool:
    """The channel's own 503 (its database is down): its messages may hold emergency advice and must reach
    the patient, in their language; any other 5xx is replaced by the web app's own answer."""
    if status != 503:
        return False
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("error") == "unavailable" and isinstance(body.get("messages"), list)


def build_chat_router(settings: Settings, live: Optional[LiveHooks] = None) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    knowledge = load(settings.knowledge_dir, settings.clinic_file)
    unavailable = Problem(503, "unavailable", knowledge.template("chat_unavailable"))
    # aiohttp, not httpx: a third of the CPU per forwarded message (py-spy, widget load test).
    client: Optional[aiohttp.ClientSession] = None
    client_loop: Optional[asyncio.AbstractEventLoop] = None

    def headers_for(request: Request) -> dict[str, str]:
        headers = cors_headers(request.headers.get("origin"), settings.allowed_origins)
        headers["Cache-Control"] = "no-store"
        return headers

    @router.options("/chat/{route}")
    async def preflight(request: Request, route: str) -> Response:
        allowed = route in ROUTES and request.headers.get("origin") in settings.allowed_origins
        return Response(status_code=204 if allowed else 403, headers=headers_for(request))

    @router.post("/chat/{route}")
    async def forward(request: Request, route: str) -> Response:
        nonlocal client, client_loop
        if route not in ROUTES:
            return JSONResponse({"error": "not_found", "message": "Not found."}, 404, headers=headers_for(request))
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            problem = Problem(413, "too_long", "Your message is too long. Please shorten it.")
            return JSONResponse(problem.body(), problem.status, headers=headers_for(request))
        forwarded = {"Content-Type": request.headers.get("content-type", "application/json")}
        if request.headers.get("origin"):
            forwarded["Origin"] = request.headers["origin"]
        conversation_id, text, shown = None, "", False
        if live is not None and route == "webhook":
            # In a live chat staff see the line at once, not after Rasa's queue; only for a genuine session.
            conversation_id, text = _patient_message(body, settings.session_secret)
            if conversation_id is not None:
                try:
                    shown = await live.patient_first(conversation_id, text)
                except Exception as error:  # noqa: BLE001 - the message still goes to Rasa
                    logger.error("Live chat: could not check the conversation (%s).", type(error).__name__)
        if client is None or client.closed or client_loop is not asyncio.get_running_loop():
            client, client_loop = aiohttp.ClientSession(timeout=TIMEOUT), asyncio.get_running_loop()
        try:
            async with client.post(
                f"{replica_for(body, settings.rasa_urls)}/webhooks/widget/{route}", data=body, headers=forwarded
            ) as upstream:
                content = await upstream.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Chat server unreachable (%s).", type(error).__name__)
            return JSONResponse(unavailable.body(), unavailable.status, headers=headers_for(request))
        if upstream.status >= 500 and not _channel_unavailable(upstream.status, content):
            logger.error("Chat server answered %s.", upstream.status)
            return JSONResponse(unavailable.body(), unavailable.status, headers=headers_for(request))
        if live is not None and conversation_id is not None and upstream.status == 200 and b'"live"' in content:
            await _tell_live(live, conversation_id, text, shown, content)
        return Response(content, upstream.status, headers=headers_for(request), media_type=upstream.headers.get("Content-Type"))

    return router
