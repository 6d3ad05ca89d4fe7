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
from bot.web.live_service import MAX_STAFF_CHARS, AUDIT_PRESENCE, LiveService, chat_json, event
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
        chat = await service._run(service.chats.current, conversation_id)
        if chat is None:
            return answer(request, {"status": "none"})
        position = await service._run(service.chats.position, chat) if chat.status == "waiting" else 0
        return answer(request, {"status": chat.status, "position": position, "staff_name": chat.staff_name})

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
        chat = await service._run(service.chats.current, conversation_id)
        if chat is None:
            return answer(request, {"status": "none"}, 404)
        channel = conversation_channel(conversation_id)
        nonce = secrets.token_hex(8)

        async def body() -> AsyncIterator[str]:
            async with service.bus.subscribe(channel) as subscription:
                await service.bus.publish(channel, event("stream", owner=f"patient:{conversation_id}", nonce=nonce))
                status = event("status", status=chat.status, staff_name=chat.staff_name)
                async for chunk in stream_events(subscription, f"patient:{conversation_id}", nonce, [status],
                                                 frozenset({"left", "timed_out"})):
                    yield chunk

        headers = {**protocol.cors_headers(request.headers.get("origin"), settings.allowed_origins), **SSE_HEADERS}
        return StreamingResponse(body(), media_type="text/event-stream", headers=headers)

    # -- staff ------------------------------------------------------------------------------
    @router.post("/api/live/presence", tags=["live chat"], summary="Available for live chats, or not; also a heartbeat")
    async def presence(request: Request, presence: PresenceIn,
                       session: ActiveSession = Depends(guard.staff(AUDIT_PRESENCE, change=True))) -> dict[str, Any]:
        name = (presence.display_name or "").strip() or session.staff.username.capitalize()
        await service._run(service.chats.set_presence, session.staff.id, name, presence.available)
        await service._run(service.audit.record, AUDIT_PRESENCE, "on" if presence.available else "off",
                           session.staff.id, None, client_ip(request))
        return {"available": presence.available, "display_name": name,
                "online": await service._run(service.chats.available_staff)}

    @router.get("/api/live/queue", tags=["live chat"], summary="Waiting chats (urgent first, then oldest) and active ones")
    async def queue(session: ActiveSession = Depends(guard.staff("live_queue"))) -> dict[str, Any]:
        now = service.now()
        waiting = await service._run(service.chats.queue)
        active = await service._run(service.chats.active)
        return {
            "available": await service._run(service.chats.is_available, session.staff.id),
            "online": await service._run(service.chats.available_staff),
            "waiting": [chat_json(chat, now, number) for number, chat in enumerate(waiting, 1)],
            "active": [{**chat_json(chat, now), "mine": chat.staff_user_id == session.staff.id} for chat in active],
        }

    @router.get("/api/live/saved-replies", tags=["live chat"], summary="The clinic's saved replies (knowledge/messages.yml)")
    def saved_replies(session: ActiveSession = Depends(guard.staff("live_saved_replies"))) -> list[dict[str, str]]:
        return service.knowledge.saved_replies()

    @router.post("/api/live/heartbeat", tags=["live chat"], summary="Keeps an available staff member online")
    async def heartbeat(session: ActiveSession = Depends(guard.staff("live_heartbeat", change=True))) -> dict[str, Any]:
        return {"available": await service._run(service.chats.heartbeat, session.staff.id)}

    @router.post("/api/live/{chat_id}/join", tags=["live chat"], summary="Take a waiting chat; 409 if someone else has it")
    async def join(request: Request, chat_id: str,
                   session: ActiveSession = Depends(guard.staff("live_join", change=True))) -> Any:
        name = await service._run(service.chats.display_name, session.staff.id) or session.staff.username.capitalize()
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
            transcript = await service.relay.transcript(result.chat.conversation_id)
        except RelayFailed:
            transcript = []
        return {"chat": chat_json(result.chat, service.now()), "transcript": transcript}

    @router.get("/api/live/{chat_id}/transcript", tags=["live chat"], summary="The whole conversation of a chat you have")
    async def transcript(request: Request, chat_id: str,
                         session: ActiveSession = Depends(guard.staff("live_transcript"))) -> Any:
        chat = await service._run(service.chats.get, chat_id)
        if chat is None or chat.staff_user_id != session.staff.id or chat.status != "active":
            return JSONResponse({"detail": "This chat is not yours, or it has ended."}, 409)
        await service._run(service.audit.record, "live_transcript", "ok", session.staff.id, chat.handoff_id,
                           client_ip(request))
        try:
            lines = await service.relay.transcript(chat.conversation_id)
        except RelayFailed:
            return JSONResponse({"detail": "The conversation could not be loaded. Try again."}, 503)
        return {"chat": chat_json(chat, service.now()), "transcript": lines}

    @router.post("/api/live/{chat_id}/messages", tags=["live chat"], summary="Send the patient a message")
    async def send(request: Request, chat_id: str, message: StaffMessageIn,
                   session: ActiveSession = Depends(guard.staff("live_message", change=True))) -> Any:
        problem = await service.send(chat_id, session.staff.id, message.text, client_ip(request))
        if problem:
            return JSONResponse({"detail": problem}, 409 if "not yours" in problem else 422)
        return {"sent": True}

    @router.post("/api/live/{chat_id}/typing", tags=["live chat"], summary="Show the patient a typing hint")
    async def typing(chat_id: str, session: ActiveSession = Depends(guard.staff("live_typing", change=True))) -> Any:
        return {"sent": await service.typing(chat_id, session.staff.id)}

    @router.post("/api/live/{chat_id}/hand-back", tags=["live chat"], summary="Hand the patient back to the assistant")
    async def hand_back(request: Request, chat_id: str,
                        session: ActiveSession = Depends(guard.staff("live_hand_back", change=True))) -> Any:
        chat = await service.finish(chat_id, session.staff.id, True, client_ip(request))
        return {"ended": chat is not None} if chat else JSONResponse({"detail": "This chat is not yours, or it has ended."}, 409)

    @router.post("/api/live/{chat_id}/end", tags=["live chat"], summary="End the chat (the assistant resumes)")
    async def end(request: Request, chat_id: str,
                  session: ActiveSession = Depends(guard.staff("live_end", change=True))) -> Any:
        chat = await service.finish(chat_id, session.staff.id, False, client_ip(request))
        return {"ended": chat is not None} if chat else JSONResponse({"detail": "This chat is not yours, or it has ended."}, 409)

    @router.get("/api/live/stream", tags=["live chat"], summary="Queue changes and alerts (Server-Sent Events)")
    async def staff_stream(session: ActiveSession = Depends(guard.staff("live_stream"))) -> Response:
        nonce, owner = secrets.token_hex(8), f"queue:{session.id}"

        async def body() -> AsyncIterator[str]:
            async with service.bus.subscribe(STAFF_CHANNEL) as subscription:
                await service.bus.publish(STAFF_CHANNEL, event("stream", owner=owner, nonce=nonce))
                async for chunk in stream_events(subscription, owner, nonce, [event("queue")]):
                    yield chunk

        return StreamingResponse(body(), media_type="text/event-stream", headers=SSE_HEADERS)

    @router.get("/api/live/{chat_id}/stream", tags=["live chat"], summary="One chat's events for its staff member (SSE)")
    async def chat_stream(chat_id: str, session: ActiveSession = Depends(guard.staff("live_chat_stream"))) -> Response:
        chat = await service._run(service.chats.get, chat_id)
        if chat is None or chat.staff_user_id != session.staff.id or chat.status != "active":
            return JSONResponse({"detail": "This chat is not yours, or it has ended."}, 409)
        channel = conversation_channel(chat.conversation_id)
        nonce, owner = secrets.token_hex(8), f"staff:{session.id}:{chat_id}"

        async def body() -> AsyncIterator[str]:
            async with service.bus.subscribe(channel) as subscription:
                await service.bus.publish(channel, event("stream", owner=owner, nonce=nonce))
                async for chunk in stream_events(subscription, owner, nonce, [event("status", status=chat.status)],
                                                 frozenset({"left", "timed_out"})):
                    yield chunk

        return StreamingResponse(body(), media_type="text/event-stream", headers=SSE_HEADERS)

    return router

