"""action_open_handoff: a person asked for; the record exists before any question is asked."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ask_consent, open_handoff, say
from bot.content.contract import ActionName


class ActionOpenHandoff(Action):
    """A person asked for: the record exists before any question is asked."""

    def name(self) -> str:
        return ActionName.OPEN_HANDOFF

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        events = open_handoff(dispatcher, tracker, "request")
        say(dispatcher, tracker, "person_requested")
        return events + ask_consent(dispatcher, tracker)
