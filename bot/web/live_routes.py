"""HTTP routes of the live chat: the patient's under /chat/live, the staff's under /api/live.

Delivery is Server-Sent Events (docs/widget.md says why): one response that
stays open and carries each event as it happens. The patient's stream is a
POST whose body holds the signed widget session, so the token never sits in
a URL or an access log, and the Origin is checked as on every widget route.
Staff streams need the console session; staff POSTs also the CSRF token.
A new stream for the same session closes the older one, in any process.
"""
from __future__ import annotations

import json
import secrets
from typing import Any, AsyncIterator, Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from bot.content import widget_protocol as protocol
from bot.content.settings import Settings
from bot.handoffs.live_bus import STAFF_CHANNEL, Subscription, conversation_channel
from bot.handoffs.live_chat import JOINED, TAKEN
from bot.web.console.auth import Guard, client_ip
from bot.web.console.sessions import ActiveSession
from bot.web.live_service import AUDIT_PRESENCE, MAX_STAFF_CHARS, NOT_YOURS, LiveService, Refusal, chat_json, event
from bot.web.rasa_relay import RelayFailed

KEEPALIVE_SECONDS = 15.0
STREAM_IDLE_SECONDS = 120.0  # a stream with no event for this long closes; the page opens a new one if still needed
PATIENT_ROUTES = ("request", "state", "cancel", "stream")
SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


class PresenceIn(BaseModel):
    available: bool
    display_name: Optional[str] = Field(None, max_length=64)


class StaffMessageIn(BaseModel):
    text: str = Field(..., max_length=MAX_STAFF_CHARS * 2)  # the exact limit is checked after cleaning


def sse(item: dict[str, Any]) -> str:
    return f"event: {item['type']}\ndata: {json.dumps(item)}\n\n"


async def stream_events(subscription: Subscription, owner: str, nonce: str, first: list[dict[str, Any]],
                        ends: frozenset[str] = frozenset()) -> AsyncIterator[str]:
    """Events as SSE until idle, replaced by a newer stream of the same owner, or an ending event."""
    for item in first:
        yield sse(item)
    idle = 0.0
    while idle < STREAM_IDLE_SECONDS and not subscription.overflowed:
        received = await subscription.next(KEEPALIVE_SECONDS)
        if received is None:
            idle += KEEPALIVE_SECONDS
            yield ": keepalive\n\n"
            continue
        if received.get("type") == "stream":
            if received.get("owner") == owner and received.get("nonce") != nonce:
                yield sse(event("replaced"))
                return
            continue
        idle = 0.0
        yield sse(received)
        if received.get("type") in ends:
            return


def event_stream(service: LiveService, channel: str, owner: str, first: list[dict[str, Any]],
                 ends: frozenset[str], headers: dict[str, str]) -> StreamingResponse:
    """A stream of one channel's events; it announces itself so an older stream of the same owner closes."""
    nonce = secrets.token_hex(8)

    async def body() -> AsyncIterator[str]:
        async with service.bus.subscribe(channel) as subscription:
            await service.bus.publish(channel, event("stream", owner=owner, nonce=nonce))
            async for chunk in stream_events(subscription, owner, nonce, first, ends):
                yield chunk

    return StreamingResponse(body(), media_type="text/event-stream", headers={**headers, **SSE_HEADERS})


def refused(refusal: Refusal) -> JSONResponse:
    return JSONResponse({"detail": refusal.detail}, refusal.status)


CHAT_ENDS = frozenset({"left", "timed_out"})


def build_live_router(settings: Settings, service: LiveService, guard: Guard) -> APIRouter:
    router = APIRouter()

    def refuse(request: Request, problem: protocol.Problem) -> JSONResponse:
        headers = protocol.cors_headers(request.headers.get("origin"), settings.allowed_origins)
        return JSONResponse(problem.body(), problem.status, headers=headers)

    async def patient(request: Request) -> tuple[str, Optional[JSONResponse]]:
        """The conversation of a widget request with an allowed Origin and a genuine session."""
        if not protocol.origin_allowed(request.headers.get("origin"), settings.allowed_origins):
            return "", refuse(request, protocol.Problem(403, "origin", "This chat cannot be used from this site."))
        body = await request.body()
        if len(body) > protocol.MAX_BODY_BYTES:
            return "", refuse(request, protocol.Problem(413, "too_long", "Your message is too long."))
        try:
            token = json.loads(body).get("session")
        except (ValueError, AttributeError):
            token = None
        conversation_id = protocol.verify(settings.session_secret, token)
        if conversation_id is None:
            return "", refuse(request, protocol.Problem(401, "bad_session", "Your chat session has expired. Please try again."))
        return conversation_id, None

    def answer(request: Request, body: dict[str, Any], status: int = 200) -> JSONResponse:
        headers = protocol.cors_headers(request.headers.get("origin"), settings.allowed_origins)
        headers["Cache-Control"] = "no-store"
        return JSONResponse(body, status, headers=headers)

    # -- the patient ------------------------------------------------------------------------
    @router.options("/chat/live/{route}", include_in_schema=False)
    async def preflight(request: Request, route: str) -> Response:
        """A widget on another origin (CHAT_URL elsewhere) asks first, as for the other chat routes."""
        allowed = route in PATIENT_ROUTES and request.headers.get("origin") in settings.allowed_origins
        return Response(status_code=204 if allowed else 403,
                        headers=protocol.cors_headers(request.headers.get("origin"), settings.allowed_origins))

    @router.post("/chat/live/request", include_in_schema=False)
    async def request_chat(request: Request) -> Response:
        conversation_id, refused = await patient(request)
        if refused:
            return refused
        requested = await service.request(conversation_id)
        if requested.chat is None:
            return answer(request, {"status": "unavailable", "message": requested.message}, 409)
        return answer(request, {"status": requested.chat.status, "position": requested.position,
                                "minutes": requested.minutes, "message": requested.message})

    @router.post("/chat/live/state", include_in_schema=False)
    async def chat_state(request: Request) -> Response:
        conversation_id, refused = await patient(request)
        if refused:
            return refused
        return answer(request, await service.state(conversation_id))

    @router.post("/chat/live/cancel", include_in_schema=False)
    async def cancel_chat(request: Request) -> Response:
        conversation_id, refused = await patient(request)
        if refused:
            return refused
        message = await service.withdraw(conversation_id)
        return answer(request, {"cancelled": message is not None, "message": message})

    @router.post("/chat/live/stream", include_in_schema=False)
    async def patient_stream(request: Request) -> Response:
        conversation_id, refused = await patient(request)
        if refused:
            return refused
        chat = await service.current(conversation_id)
        if chat is None:
            return answer(request, {"status": "none"}, 404)
        return event_stream(service, conversation_channel(conversation_id), f"patient:{conversation_id}",
                            [event("status", status=chat.status, staff_name=chat.staff_name)], CHAT_ENDS,
                            protocol.cors_headers(request.headers.get("origin"), settings.allowed_origins))

    # -- staff ------------------------------------------------------------------------------
    @router.post("/api/live/presence", tags=["live chat"], summary="Available for live chats, or not; also a heartbeat")
    async def presence(request: Request, presence: PresenceIn,
                       session: ActiveSession = Depends(guard.staff(AUDIT_PRESENCE, change=True))) -> dict[str, Any]:
        name = (presence.display_name or "").strip() or session.staff.username.capitalize()
        return await service.set_presence(session.staff.id, name, presence.available, client_ip(request))

    @router.get("/api/live/queue", tags=["live chat"], summary="Waiting chats (urgent first, then oldest) and active ones")
    async def queue(session: ActiveSession = Depends(guard.staff("live_queue"))) -> dict[str, Any]:
        return await service.queue_for(session.staff.id)

    @router.get("/api/live/saved-replies", tags=["live chat"], summary="The clinic's saved replies (knowledge/messages.yml)")
    def saved_replies(session: ActiveSession = Depends(guard.staff("live_saved_replies"))) -> list[dict[str, str]]:
        return service.knowledge.saved_replies()

    @router.post("/api/live/heartbeat", tags=["live chat"], summary="Keeps an available staff member online")
    async def heartbeat(session: ActiveSession = Depends(guard.staff("live_heartbeat", change=True))) -> dict[str, Any]:
        return {"available": await service.heartbeat(session.staff.id)}

    @router.post("/api/live/{chat_id}/join", tags=["live chat"], summary="Take a waiting chat; 409 if someone else has it")
    async def join(request: Request, chat_id: str,
                   session: ActiveSession = Depends(guard.staff("live_join", change=True))) -> Any:
        name = await service.display_name(session.staff.id) or session.staff.username.capitalize()
        try:
            result = await service.join(chat_id, session.staff.id, name, client_ip(request))
        except RelayFailed:
            return JSONResponse({"detail": "The chat could not be joined. Try again."}, 503)
        if result.outcome == TAKEN and result.chat:
            return JSONResponse({"detail": f"{result.chat.staff_name} has already joined this chat.",
                                 "taken_by": result.chat.staff_name}, 409)
        if result.outcome != JOINED or result.chat is None:
            return JSONResponse({"detail": "This chat has ended or timed out."}, 410)
        try:
            lines = await service.transcript(result.chat, session.staff.id, client_ip(request))
        except RelayFailed:
            lines = []  # the console says so and shows the new lines
        return {"chat": chat_json(result.chat, service.now()), "transcript": lines}

    @router.get("/api/live/{chat_id}/transcript", tags=["live chat"], summary="The whole conversation of a chat you have")
    async def transcript(request: Request, chat_id: str,
                         session: ActiveSession = Depends(guard.staff("live_transcript"))) -> Any:
        chat = await service.own_active(chat_id, session.staff.id)
        if chat is None:
            return refused(NOT_YOURS)
        try:
            lines = await service.transcript(chat, session.staff.id, client_ip(request))
        except RelayFailed:
            return JSONResponse({"detail": "The conversation could not be loaded. Try again."}, 503)
        return {"chat": chat_json(chat, service.now()), "transcript": lines}

    @router.post("/api/live/{chat_id}/messages", tags=["live chat"], summary="Send the patient a message")
    async def send(request: Request, chat_id: str, message: StaffMessageIn,
                   session: ActiveSession = Depends(guard.staff("live_message", change=True))) -> Any:
        refusal = await service.send(chat_id, session.staff.id, message.text, client_ip(request))
        return refused(refusal) if refusal else {"sent": True}

    @router.post("/api/live/{chat_id}/typing", tags=["live chat"], summary="Show the patient a typing hint")
    async def typing(chat_id: str, session: ActiveSession = Depends(guard.staff("live_typing", change=True))) -> Any:
        return {"sent": await service.typing(chat_id, session.staff.id)}

    @router.post("/api/live/{chat_id}/hand-back", tags=["live chat"], summary="Hand the patient back to the assistant")
    async def hand_back(request: Request, chat_id: str,
                        session: ActiveSession = Depends(guard.staff("live_hand_back", change=True))) -> Any:
        chat = await service.finish(chat_id, session.staff.id, True, client_ip(request))
        return {"ended": True} if chat else refused(NOT_YOURS)

    @router.post("/api/live/{chat_id}/end", tags=["live chat"], summary="End the chat (the assistant resumes)")
    async def end(request: Request, chat_id: str,
                  session: ActiveSession = Depends(guard.staff("live_end", change=True))) -> Any:
        chat = await service.finish(chat_id, session.staff.id, False, client_ip(request))
        return {"ended": True} if chat else refused(NOT_YOURS)

    @router.get("/api/live/stream", tags=["live chat"], summary="Queue changes and alerts (Server-Sent Events)")
    async def staff_stream(session: ActiveSession = Depends(guard.staff("live_stream"))) -> Response:
        return event_stream(service, STAFF_CHANNEL, f"queue:{session.id}", [event("queue")], frozenset(), {})

    @router.get("/api/live/{chat_id}/stream", tags=["live chat"], summary="One chat's events for its staff member (SSE)")
    async def chat_stream(chat_id: str, session: ActiveSession = Depends(guard.staff("live_chat_stream"))) -> Response:
        chat = await service.own_active(chat_id, session.staff.id)
        if chat is None:
            return refused(NOT_YOURS)
        return event_stream(service, conversation_channel(chat.conversation_id), f"staff:{session.id}:{chat_id}",
                            [event("status", status=chat.status)], CHAT_ENDS, {})

    return router

