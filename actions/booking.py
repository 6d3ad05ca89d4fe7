"""action_submit_booking: the booking request becomes a handoff with the preferred times."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import MAX_TEXT, ask_consent, open_handoff, say
from bot.content.contract import ActionName, Slot


class ActionSubmitBooking(Action):
    def name(self) -> str:
        return ActionName.SUBMIT_BOOKING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        preference = str(tracker.get_slot(Slot.BOOKING_PREFERENCE) or "")[:MAX_TEXT]
        events = open_handoff(dispatcher, tracker, "booking", booking_preference=preference)
        say(dispatcher, tracker, "booking_received")
        return events + ask_consent(dispatcher, tracker)
