"""Symptom triage: thin wrapper over bot.triage, escalating at once."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import ask_consent, open_handoff, prescreen_answers, say


def _prescreen_paused(tracker: Tracker) -> bool:
    """Questions were answered but the pre-screen has no outcome yet."""
    return tracker.get_slot("prescreen_outcome") is None and any(prescreen_answers(tracker).values())


class ActionTriageSymptom(Action):
    def name(self) -> str:
        return "action_triage_symptom"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        knowledge = services.knowledge()
        result = services.triage().classify(tracker.latest_message.get("text") or "")
        # The advice comes first: for an emergency, "call your local emergency
        # number" is the first thing the patient reads.
        dispatcher.utter_message(text=knowledge.render(services.triage_advice()[result.level]))
        events: list[dict[str, Any]] = [
            SlotSet("triage_level", result.level),
            SlotSet("days_since_treatment", result.days_since_treatment),
        ]
        if result.level == "routine":
            if _prescreen_paused(tracker):
                say(dispatcher, "prescreen_resume_offer")
            dispatcher.utter_message(response="utter_anything_else")
            return events
        tracker.slots["triage_level"] = result.level
        # Created before any question, so staff see it even if the patient leaves.
        events += open_handoff(
            dispatcher, tracker, "symptom", urgency=result.level, triage_signs=result.signs,
            days_since_treatment=result.days_since_treatment,
        )
        say(dispatcher, "symptom_handoff")
        return events + ask_consent(dispatcher, tracker)
