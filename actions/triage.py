"""Symptom triage: thin adapter over bot.care.red_flags and bot.care.triage_advice, escalating at once."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import ask_consent, content, language_of, open_handoff, prescreen_answers, say, topic_button
from bot.care.red_flags import PARSE_KEY, Screen
from bot.care.triage import NONE
from bot.care.triage_advice import advice
from bot.content.contract import LANGUAGE_CODES, ActionName, Slot
from bot.content.knowledge import Knowledge

UNPLACED_SIGN = "symptom the assistant could not place"


def _prescreen_paused(tracker: Tracker) -> bool:
    """Questions were answered but the pre-screen has no outcome yet."""
    return tracker.get_slot(Slot.PRESCREEN_OUTCOME) is None and any(prescreen_answers(tracker).values())


def screen_of(tracker: Tracker) -> tuple[Screen, dict[str, Any]]:
    """The screen of the latest message: Rasa's NLU screened it already; screen it here if not."""
    parsed = tracker.latest_message.get(PARSE_KEY)
    if parsed:
        return Screen.from_dict(parsed), dict(parsed.get("understood") or {})
    text = tracker.latest_message.get("text") or ""
    if not text or text.startswith("/"):
        # A button payload holds no patient words: no need to load the screen (spaCy and
        # the detector's training take seconds) in the action server for it.
        return Screen(NONE), {}
    return services.screen().screen(text), {}


class ActionTriageSymptom(Action):
    def name(self) -> str:
        return ActionName.TRIAGE_SYMPTOM

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return triage_symptom(dispatcher, tracker)


def triage_symptom(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The advice for the screened level, then the handoff: also what the fallback does with an alarming message."""
    screen, understood = screen_of(tracker)
    # The advice comes first: for an emergency, "call your local emergency
    # number" is the first thing the patient reads.
    dispatcher.utter_message(
        text=advice(content(tracker), services.advice_templates(language_of(tracker)), screen.level, screen.language)
    )
    events: list[dict[str, Any]] = [SlotSet(Slot.DAYS_SINCE_TREATMENT, screen.days_since_treatment)]
    if screen.level == "routine":
        if _prescreen_paused(tracker):
            say(dispatcher, tracker, "prescreen_resume_offer")
        dispatcher.utter_message(response="utter_anything_else")
        return events + [SlotSet(Slot.TRIAGE_LEVEL, "routine")]
    if screen.level == NONE:
        # Nothing recognised: no reassurance, no level guessed; a person looks at it.
        events += open_handoff(dispatcher, tracker, "symptom", triage_signs=[UNPLACED_SIGN],
                               days_since_treatment=screen.days_since_treatment)
        return events + ask_consent(dispatcher, tracker)
    events.append(SlotSet(Slot.TRIAGE_LEVEL, screen.level))
    tracker.slots[Slot.TRIAGE_LEVEL] = screen.level
    # Created before any question, so staff see it even if the patient leaves.
    events += open_handoff(
        dispatcher, tracker, "symptom", urgency=screen.level, triage_signs=screen.signs,
        days_since_treatment=screen.days_since_treatment,
    )
    say(dispatcher, tracker, "symptom_handoff")
    if tracker.is_paused():
        # A person from the clinic has the chat and sees the alert: no questions from the assistant.
        return events
    if screen.language in LANGUAGE_CODES:  # the classifier reads the languages it is trained on; others are noise
        offer_the_rest(dispatcher, tracker, understood)
    return events + ask_consent(dispatcher, tracker)


def offer_the_rest(dispatcher: CollectingDispatcher, tracker: Tracker, understood: dict[str, Any]) -> None:
    """The message also asked something: offered as a button once the urgent part is dealt with."""
    knowledge = content(tracker)
    button = _rest_button(knowledge, understood.get("intent"), understood.get("topic"))
    if button is not None:
        dispatcher.utter_message(text=knowledge.template("also_asked", topic=button["title"]), buttons=[button])


def _rest_button(knowledge: Knowledge, intent: Optional[str], topic: Optional[str]) -> Optional[dict[str, str]]:
    return (topic_button(knowledge, topic) if topic else None) or topic_button(knowledge, intent or "")
