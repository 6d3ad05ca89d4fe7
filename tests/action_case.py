"""Runs one custom action on a recorded tracker and compares exactly what it did.

After nuecho/covidflow's ``ActionTestCase`` and ``ValidateActionTestCase``: a
test states the conversation so far (slots, events, the patient's last
message), runs the action as the SDK would, and asserts the exact list of
events and the exact sequence of messages, named by their template in
knowledge/ (``actions.common.say`` records it as ``message_key``). An extra
SlotSet or a message said twice fails the test, which a membership check
would let through.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.content.contract import MESSAGE_KEY


def user_event(text: str, intent: str = "inform", **parse: Any) -> dict[str, Any]:
    """A patient message as Rasa records it, with the parse the actions read."""
    parse_data = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [], **parse}
    return {"event": "user", "text": text, "timestamp": time.time(), "parse_data": parse_data, "input_channel": "rest"}


def bot_event(text: str, message_key: Optional[str] = None) -> dict[str, Any]:
    """An assistant message as the tracker keeps it, its template name in the metadata."""
    return {"event": "bot", "text": text, "timestamp": time.time(),
            "metadata": {MESSAGE_KEY: message_key} if message_key else {}}


def recorded_tracker(
    text: str = "",
    intent: str = "inform",
    slots: Optional[dict[str, Any]] = None,
    events: Optional[list[dict[str, Any]]] = None,
    sender: str = "patient-1",
    active_loop: Optional[str] = None,
    **parse: Any,
) -> Tracker:
    """The tracker an action receives: ``events`` is the history (the last message's user event by default)."""
    history = events if events is not None else [user_event(text, intent, **parse)]
    latest = next((e["parse_data"] for e in reversed(history) if e.get("event") == "user"),
                  user_event(text, intent, **parse)["parse_data"])
    loop = {"name": active_loop} if active_loop else {}
    return Tracker(sender, dict(slots or {}), latest, history, False, None, loop, "action_listen")


def message_name(message: dict[str, Any]) -> str:
    """What the patient was sent, by name: the knowledge/ template, the domain response, a widget notice, or free text."""
    if message.get(MESSAGE_KEY):
        return str(message[MESSAGE_KEY])
    if message.get("response"):
        return str(message["response"])
    if (message.get("custom") or {}).get("type"):
        return f"custom:{message['custom']['type']}"
    return "text"


@dataclass
class ActionRun:
    """The result of one action run: its events and the dispatcher's messages, in order."""

    events: list[dict[str, Any]]
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def said(self) -> list[str]:
        return [message_name(m) for m in self.messages]

    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if m.get("text")]

    def assert_events(self, expected: list[dict[str, Any]]) -> None:
        assert _comparable(self.events) == _comparable(expected)

    def assert_said(self, expected: list[str]) -> None:
        assert self.said == expected


def run_action(action: Action, tracker: Tracker, domain: Optional[DomainDict] = None) -> ActionRun:
    """Runs the action (or a form validator, whose run() includes extraction and validation) as the SDK would."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
    return ActionRun(list(events), dispatcher.messages)


def _comparable(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events without their timestamps, which the SDK sets to None or the time of the call."""
    return [{k: v for k, v in event.items() if k != "timestamp"} for event in events]
