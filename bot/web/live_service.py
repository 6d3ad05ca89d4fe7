"""What happens at each step of a live chat, whichever web app process serves it.

Each step changes the live_chats row first (the database settles races),
then writes the line into Rasa's tracker (the one history), then publishes the
event that open streams show. Staff actions are audited with counts, never
with message text.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Optional

import sqlalchemy as sa

from bot.content.contract import CONSENT_QUESTION
from bot.content.knowledge import Knowledge
from bot.content.widget_protocol import clean_text
from bot.handoffs.live_bus import STAFF_CHANNEL, LiveBus, conversation_channel
from bot.handoffs.live_chat import GONE, JOINED, JoinResult, LiveChatRules, LiveChats, LiveChatView, can_offer
from bot.storage.audit import AuditLog
from bot.storage.database import Clock, utc_now
from bot.storage.console_models import HandoffNote
from bot.storage.models import Handoff
from bot.web.rasa_relay import RasaRelay, RelayFailed

logger = logging.getLogger(__name__)
MAX_STAFF_CHARS = 2000
SWEEP_SECONDS = 5.0
# How stale this process's list of conversations in a live chat may be. A patient line of a
# conversation on the list reaches staff before Rasa has read it; one missing from it (joined
# less than this ago, in another process) reaches them once Rasa has answered.
LIVE_LIST_SECONDS = 1.0

# Audit actions (audit_log.action is 32 characters at most).
AUDIT_JOIN = "live_join"
AUDIT_MESSAGE = "live_message"
AUDIT_HAND_BACK = "live_hand_back"
AUDIT_END = "live_end"
AUDIT_TIMEOUT = "live_timeout"
AUDIT_ABANDONED = "live_abandoned"
AUDIT_PRESENCE = "live_presence"
AUDIT_TRANSCRIPT = "live_transcript"


@dataclass(frozen=True)
class Refusal:
    """Why a staff action was not done: the HTTP status and the words staff read."""

    status: int
    detail: str


NOT_YOURS = Refusal(409, "This chat is not yours, or it has ended.")


@dataclass(frozen=True)
class Requested:
    chat: Optional[LiveChatView]
    message: str
    position: int = 0
    minutes: int = 0


def chat_json(chat: LiveChatView, now: datetime, position: int = 0) -> dict[str, Any]:
    return {
        "id": chat.id, "urgency": chat.urgency, "status": chat.status, "handoff_id": chat.handoff_id,
        "requested_at": chat.requested_at.isoformat(), "wait_seconds": int((now - chat.requested_at).total_seconds()),
        "staff_name": chat.staff_name, "position": position, "language": chat.language,
    }


def event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "at": time.time(), **fields}


class LiveService:
    def __init__(self, engine: sa.engine.Engine, clock: Clock, knowledge: Knowledge, bus: LiveBus,
                 relay: RasaRelay, audit: AuditLog, translations: Optional[Mapping[str, Knowledge]] = None) -> None:
        """``translations``: the knowledge in each other language the assistant speaks, for the patient's notices."""
        self.chats = LiveChats(engine, clock)
        self.engine = engine
        self.clock = clock
        self.knowledge = knowledge
        self.translations = dict(translations or {})
        self.rules = LiveChatRules.from_clinic(knowledge.clinic)
        self.bus = bus
        self.relay = relay
        self.audit = audit
        self._live_ids: frozenset[str] = frozenset()
        self._live_checked = 0.0

    def now(self) -> datetime:
        return utc_now(self.clock)

    def content(self, language: Optional[str]) -> Knowledge:
        """What the patient reads, in their conversation's language (the handoff's; English otherwise)."""
        return self.translations.get(language or "", self.knowledge)

    async def _run(self, function: Any, *args: Any) -> Any:
        """Database work off the event loop, so open streams keep flowing while it waits."""
        return await asyncio.to_thread(function, *args)

    async def offered(self) -> bool:
        return bool(await self._run(can_offer, self.knowledge.clinic, self.chats, self.now()))

    # -- patient ----------------------------------------------------------------------------
    def _open_handoff(self, conversation_id: str) -> tuple[Optional[str], str, Optional[str]]:
        """The conversation's newest unresolved handoff (the live chat is its fast lane): id, urgency, language."""
        table = Handoff.__table__
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(table.c.id, table.c.urgency, table.c.language).where(
                table.c.conversation_id == conversation_id, table.c.status != "resolved"
            ).order_by(table.c.created_at.desc())).first()
        return (row.id, row.urgency, row.language) if row else (None, "routine", None)

    async def request(self, conversation_id: str) -> Requested:
        """A place in the queue, or why there is none (closed, nobody online): then the call-back stands."""
        existing = await self._run(self.chats.current, conversation_id)
        handoff_id, urgency, language = await self._run(self._open_handoff, conversation_id)
        content = self.content(language)
        if existing is None and not await self.offered():
            return Requested(None, content.template("live_unavailable"))
        chat = existing or await self._run(self.chats.request, conversation_id, handoff_id, urgency)
        position = await self._run(self.chats.position, chat)
        minutes = await self._run(self.chats.typical_wait_minutes, self.rules.default_wait_minutes)
        wait = content.template("wait_one_minute" if minutes == 1 else "wait_minutes", minutes=str(minutes))
        text = content.template("live_waiting", position=str(max(position, 1)), minutes=wait)
        if existing is None:
            try:
                await self.relay.line(conversation_id, "waiting", text)
            except RelayFailed:
                logger.error("Live chat: the waiting notice did not reach the conversation history.")
            await self.bus.publish(STAFF_CHANNEL, event("queue"))
        return Requested(chat, text, position, minutes)

    async def state(self, conversation_id: str) -> dict[str, Any]:
        """What the widget needs after a reload: no chat, or waiting (with the place in line), or under way."""
        chat = await self._run(self.chats.current, conversation_id)
        if chat is None:
            return {"status": "none"}
        position = await self._run(self.chats.position, chat) if chat.status == "waiting" else 0
        return {"status": chat.status, "position": position, "staff_name": chat.staff_name}

    async def current(self, conversation_id: str) -> Optional[LiveChatView]:
        return await self._run(self.chats.current, conversation_id)

    async def withdraw(self, conversation_id: str) -> Optional[str]:
        """Takes the patient out of the queue; what to tell them, or None if there was no waiting chat."""
        chat = await self._run(self.chats.current, conversation_id)
        if chat is None or chat.status != "waiting" or await self._run(self.chats.withdraw, chat.id) is None:
            return None
        text = self.content(chat.language).template("live_cancelled")
        try:
            await self.relay.line(conversation_id, "cancelled", text)
        except RelayFailed:
            logger.error("Live chat: the stop-waiting notice did not reach the conversation history.")
        await self.bus.publish(STAFF_CHANNEL, event("queue"))
        return text

    async def in_live_chat(self, conversation_id: str) -> bool:
        """Whether a person has this conversation, from a list refreshed at most every LIVE_LIST_SECONDS."""
        if time.monotonic() - self._live_checked > LIVE_LIST_SECONDS:
            self._live_checked = time.monotonic()
            self._live_ids = frozenset(await self._run(self.chats.active_conversations))
        return conversation_id in self._live_ids

    async def patient_first(self, conversation_id: str, text: str) -> bool:
        """Shows staff the patient's line as it arrives, before Rasa reads it; False if not in a live chat."""
        if not text or not await self.in_live_chat(conversation_id):
            return False
        await self.bus.publish(conversation_channel(conversation_id), event("patient", text=text, alert=None))
        return True

    async def patient_line(self, conversation_id: str, text: str, alert: Optional[str],
                           replies: list[dict[str, Any]], shown: bool = False) -> None:
        """After Rasa: the line (unless ``shown`` already), any alert and the assistant's reply reach staff."""
        chat = await self._run(self.chats.current, conversation_id)
        if chat is None:
            return
        await self._run(self.chats.count_message, chat.id, False)
        channel = conversation_channel(conversation_id)
        if not shown:
            await self.bus.publish(channel, event("patient", text=text, alert=alert))
        elif alert:
            await self.bus.publish(channel, event("alert", text=text, level=alert))
        for reply in replies:
            if reply.get("text"):
                await self.bus.publish(channel, event("assistant", text=reply["text"]))
        if alert:
            await self.bus.publish(STAFF_CHANNEL, event("alert", chat_id=chat.id, level=alert))

    # -- staff ------------------------------------------------------------------------------
    async def set_presence(self, user_id: int, name: str, available: bool, source_ip: Optional[str]) -> dict[str, Any]:
        await self._run(self.chats.set_presence, user_id, name, available)
        await self._run(self.audit.record, AUDIT_PRESENCE, "on" if available else "off", user_id, None, source_ip)
        return {"available": available, "display_name": name, "online": await self._run(self.chats.available_staff)}

    async def heartbeat(self, user_id: int) -> bool:
        return bool(await self._run(self.chats.heartbeat, user_id))

    async def display_name(self, user_id: int) -> Optional[str]:
        return await self._run(self.chats.display_name, user_id)

    async def queue_for(self, user_id: int) -> dict[str, Any]:
        """The console's live queue: waiting chats in order, chats under way (which are this person's)."""
        now = self.now()
        waiting = await self._run(self.chats.queue)
        active = await self._run(self.chats.active)
        return {
            "available": await self._run(self.chats.is_available, user_id),
            "online": await self._run(self.chats.available_staff),
            "waiting": [chat_json(chat, now, number) for number, chat in enumerate(waiting, 1)],
            "active": [{**chat_json(chat, now), "mine": chat.staff_user_id == user_id} for chat in active],
        }

    async def transcript(self, chat: LiveChatView, user_id: int, source_ip: Optional[str]) -> list[dict[str, Any]]:
        """The whole conversation so far, from Rasa's tracker; reading it is audited. Raises RelayFailed."""
        await self._run(self.audit.record, AUDIT_TRANSCRIPT, "ok", user_id, chat.handoff_id, source_ip)
        return await self.relay.transcript(chat.conversation_id)

    async def join(self, chat_id: str, user_id: int, name: str, source_ip: Optional[str]) -> JoinResult:
        result = await self._run(self.chats.join, chat_id, user_id, name)
        handoff_id = result.chat.handoff_id if result.chat else None
        await self._run(self.audit.record, AUDIT_JOIN, result.outcome, user_id, handoff_id, source_ip)
        if result.outcome != JOINED or result.chat is None or result.chat.joined_at is None:
            return result
        chat = result.chat
        text = self.content(chat.language).template("live_joined", person=chat.staff_name or name)
        await self.relay.line(chat.conversation_id, "joined", text, name=chat.staff_name or name)
        await self.bus.publish(conversation_channel(chat.conversation_id), event("joined", text=text, name=chat.staff_name))
        await self.bus.publish(STAFF_CHANNEL, event("queue"))
        return result

    async def own_active(self, chat_id: str, user_id: int) -> Optional[LiveChatView]:
        """The chat if this staff member has it now, else None."""
        chat = await self._run(self.chats.get, chat_id)
        return chat if chat and chat.status == "active" and chat.staff_user_id == user_id else None

    async def send(self, chat_id: str, user_id: int, text: str, source_ip: Optional[str]) -> Optional[Refusal]:
        """Relays a staff message; why it was not sent, or None."""
        text = clean_text(text)
        if not text:
            return Refusal(422, "The message is empty.")
        if len(text) > MAX_STAFF_CHARS:
            return Refusal(422, f"The message is longer than {MAX_STAFF_CHARS} characters.")
        chat = await self.own_active(chat_id, user_id)
        if chat is None:
            return NOT_YOURS
        try:
            await self.relay.line(chat.conversation_id, "staff", text, name=chat.staff_name)
        except RelayFailed:
            return Refusal(503, "The message could not be delivered. Try again.")
        await self._run(self.chats.count_message, chat.id, True)
        await self._run(self.audit.record, AUDIT_MESSAGE, "ok", user_id, chat.handoff_id, source_ip)
        await self.bus.publish(conversation_channel(chat.conversation_id), event("staff", text=text, name=chat.staff_name))
        return None

    async def typing(self, chat_id: str, user_id: int) -> bool:
        chat = await self.own_active(chat_id, user_id)
        if chat is None:
            return False
        await self.bus.publish(conversation_channel(chat.conversation_id), event("typing", name=chat.staff_name))
        return True

    async def finish(self, chat_id: str, user_id: int, hand_back: bool, source_ip: Optional[str]) -> Optional[LiveChatView]:
        """Hands the conversation back to the assistant (or ends the chat); the assistant resumes either way."""
        chat = await self._run(self.chats.finish, chat_id, user_id)
        await self._run(self.audit.record, AUDIT_HAND_BACK if hand_back else AUDIT_END, "ok" if chat else GONE, user_id,
                          chat.handoff_id if chat else None, source_ip)
        if chat is None:
            return None
        text = self.content(chat.language).template("live_left", person=chat.staff_name or "")
        try:
            await self.relay.line(chat.conversation_id, "left", text, name=chat.staff_name)
        except RelayFailed:
            logger.error("Live chat: the hand-back did not reach the conversation; it resumes on the next try.")
        await self.bus.publish(conversation_channel(chat.conversation_id), event("left", text=text, name=chat.staff_name))
        await self._keep_transcript(chat)
        if chat.handoff_id:
            how = "handed back to the assistant" if hand_back else "ended"
            note = (f"Live chat with {chat.staff_name}: {chat.staff_messages} message(s) from staff, "
                    f"{chat.patient_messages} from the patient; {how}.")
            await self._run(self._add_note, chat.handoff_id, user_id, note)
        return chat

    def _add_note(self, handoff_id: str, user_id: int, text: str) -> None:
        """Who handled the live chat, on the handoff's timeline (counts only, no message text)."""
        with self.engine.begin() as connection:
            connection.execute(HandoffNote.__table__.insert().values(
                handoff_id=handoff_id, user_id=user_id, text=text, created_at=self.now()))

    async def _keep_transcript(self, chat: LiveChatView) -> None:
        """The handoff record gets the conversation as it now stands, live lines included."""
        if not chat.handoff_id:
            return
        try:
            lines = await self.relay.transcript(chat.conversation_id)
        except RelayFailed:
            return
        await self._run(self._set_transcript, chat.handoff_id, lines)

    def _set_transcript(self, handoff_id: str, lines: list[dict[str, Any]]) -> None:
        table = Handoff.__table__
        with self.engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == handoff_id).values(transcript=lines))

    # -- timeouts ---------------------------------------------------------------------------
    async def sweep(self) -> int:
        """Chats nobody joined in time become call-backs: the patient is told and asked for contact consent."""
        expired = await self._run(self.chats.expire, self.rules.wait_limit)
        for chat in expired:
            content = self.content(chat.language)
            text = content.template("live_timed_out")
            consent = {"text": content.template(CONSENT_QUESTION), "buttons": content.template_buttons(CONSENT_QUESTION)}
            try:
                await self.relay.line(chat.conversation_id, "timed_out", text, then_ask_consent=consent)
            except RelayFailed:
                logger.error("Live chat: the time-out notice did not reach the conversation history.")
            await self._run(self.audit.record, AUDIT_TIMEOUT, "call_back", None, chat.handoff_id, None)
            await self.bus.publish(conversation_channel(chat.conversation_id),
                                   event("timed_out", text=text, consent=consent))
            await self._keep_transcript(chat)
        abandoned = await self._run(self.chats.abandoned)
        for chat in abandoned:
            # The staff member's console went quiet mid-chat: the patient must not sit with a silent assistant.
            if await self._run(self.chats.finish, chat.id, chat.staff_user_id) is None:
                continue
            text = self.content(chat.language).template("live_staff_gone", person=chat.staff_name or "")
            try:
                await self.relay.line(chat.conversation_id, "left", text, name=chat.staff_name)
            except RelayFailed:
                logger.error("Live chat: the hand-back of an abandoned chat did not reach the conversation.")
            await self._run(self.audit.record, AUDIT_ABANDONED, "resumed", chat.staff_user_id, chat.handoff_id, None)
            await self.bus.publish(conversation_channel(chat.conversation_id), event("left", text=text, name=chat.staff_name))
            await self._keep_transcript(chat)
        if expired or abandoned:
            await self.bus.publish(STAFF_CHANNEL, event("queue"))
        return len(expired) + len(abandoned)

    async def sweep_forever(self) -> None:
        while True:
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - the next sweep tries again
                logger.error("Live chat time-out sweep failed (%s).", type(error).__name__)
            await asyncio.sleep(SWEEP_SECONDS)
