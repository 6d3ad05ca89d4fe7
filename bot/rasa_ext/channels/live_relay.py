"""Live chat inside Rasa's tracker: staff lines, pause and resume, and the red-flag screen while paused.

The tracker stays the one history of the conversation. When a staff member
joins, the web app relays a notice and Rasa's own ``ConversationPaused`` is
appended: the policy then predicts nothing for the patient's messages, which
are still parsed (the red-flag screen runs on each) and kept. Staff messages
are bot events whose metadata names the sender (bot.content.widget_protocol
LIVE_KEY/STAFF_KEY). Handing back appends ``ConversationResumed``.

An alarming sign in a paused conversation still gets the assistant's triage
at once: the emergency line comes from the assistant, whoever is in the chat.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any, Optional

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.care.red_flags import PARSE_KEY
from bot.content.contract import ALARMING, CONSENT_QUESTION, MESSAGE_KEY, ActionName, Slot
from bot.content.widget_protocol import LIVE_KEY, LIVE_NOTICES, LIVE_STAFF, STAFF_KEY, clean_text

MAX_RELAY_CHARS = 2000
# What each relayed kind does to the conversation besides the line itself.
PAUSES = {"joined"}
RESUMES = {"left"}


class RelayRefused(ValueError):
    """A relay body the channel will not apply; the message says why, for the web app's log."""


@dataclass(frozen=True)
class LiveState:
    paused: bool
    alert: Optional[str]  # the red-flag level of the latest patient message, if alarming


def relay_allowed(secret: str, presented: Optional[str]) -> bool:
    return bool(presented) and hmac.compare_digest(secret.encode(), str(presented).encode())


def events_for(body: dict[str, Any], tracker: DialogueStateTracker) -> list[Event]:
    """The tracker events one relayed line becomes."""
    kind, text = body.get("kind"), clean_text(str(body.get("text") or ""))
    name = clean_text(str(body.get("name") or ""))[:64]
    if kind != LIVE_STAFF and kind not in LIVE_NOTICES:
        raise RelayRefused("unknown kind")
    if not text or len(text) > MAX_RELAY_CHARS:
        raise RelayRefused("empty or too long")
    line = BotUttered(text, metadata={LIVE_KEY: kind, STAFF_KEY: name} if name else {LIVE_KEY: kind})
    events: list[Event] = []
    if kind in RESUMES and tracker.is_paused():
        events.append(ConversationResumed())
    events.append(line)
    if kind in PAUSES and not tracker.is_paused():
        events.append(ConversationPaused())
    consent = body.get("then_ask_consent")
    if isinstance(consent, dict) and consent.get("text") and not tracker.get_slot(Slot.CONTACT_SAVED):
        # A chat nobody joined becomes a call-back: the consent question, as actions.common.ask_consent asks it.
        buttons = [b for b in consent.get("buttons") or [] if isinstance(b, dict)]
        events += [BotUttered(str(consent["text"]), data={"buttons": buttons}, metadata={MESSAGE_KEY: CONSENT_QUESTION}),
                   SlotSet(Slot.AWAITING_CONSENT, True)]
    return events


async def relay(agent: Agent, conversation_id: str, body: dict[str, Any]) -> LiveState:
    """Appends a relayed line (and any pause or resume) to the conversation, under its lock."""
    processor = agent.processor
    assert processor is not None and agent.lock_store is not None
    async with agent.lock_store.lock(conversation_id):
        tracker = await processor.fetch_tracker_and_update_session(conversation_id)
        for event in events_for(body, tracker):
            tracker.update(event)
        await processor.save_tracker(tracker)
    return LiveState(tracker.is_paused(), None)


def state_of(tracker: DialogueStateTracker) -> LiveState:
    level = ((tracker.latest_message.parse_data if tracker.latest_message else {}) or {}).get(PARSE_KEY) or {}
    alert = level.get("level") if isinstance(level, dict) and level.get("level") in ALARMING else None
    return LiveState(tracker.is_paused(), alert)


async def triage_while_paused(agent: Agent, conversation_id: str) -> list[dict[str, Any]]:
    """Runs the triage action in a paused conversation: what the patient must read at once."""
    collector = CollectingOutputChannel()
    assert agent.lock_store is not None
    async with agent.lock_store.lock(conversation_id):
        await agent.execute_action(conversation_id, ActionName.TRIAGE_SYMPTOM, collector, None, None)
    return collector.messages
