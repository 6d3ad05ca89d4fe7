"""The soft pre-screen form: thin wrappers over bot.care.screening."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import ask_consent, open_handoff, prescreen_answers, say, screening_of
from bot.care.red_flags import PARSE_KEY
from bot.care.triage import ALARMING
from bot.content.contract import ActionName, Intent, Slot

# Messages that are not answers: the form rejects them and a rule handles them.
NOT_ANSWERS = {Intent.EXPLAIN, Intent.STOP, Intent.REQUEST_HUMAN, Intent.REPORT_SYMPTOM, Intent.FAQ, Intent.AFTERCARE,
               Intent.BOT_CHALLENGE}


def _statement_events(tracker: Tracker, text: str) -> list[dict[str, Any]]:
    screening = screening_of(tracker)
    return [SlotSet(screening.question(flag).slot, value) for flag, value in screening.statements(text).items()]


class ActionStartPrescreen(Action):
    def name(self) -> str:
        return ActionName.START_PRESCREEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, tracker, "prescreen_intro")
        # "I'm on blood thinners, can I still do it?" already answers a question.
        return [SlotSet(Slot.PRESCREEN_OUTCOME, None), *_statement_events(tracker, tracker.latest_message.get("text") or "")]


class ValidatePrescreenForm(FormValidationAction):
    def name(self) -> str:
        return ActionName.VALIDATE_PRESCREEN_FORM

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        if (message.get(PARSE_KEY) or {}).get("level") in ALARMING:
            # "no, but my lips are swelling": the red flag goes first. The form
            # rejects the message, so the symptom rule stops it and triages.
            return []
        if intent in NOT_ANSWERS and not text.lower().startswith(("yes", "no")):
            return []
        screening = screening_of(tracker)
        answers = screening.statements(text)
        flag = screening.flag_for_slot(tracker.get_slot("requested_slot"))
        if flag and (answer := screening.read_answer(text, intent, flag)):
            answers[flag] = answer
        return [SlotSet(screening.question(f).slot, value) for f, value in answers.items()]


class ActionSubmitPrescreen(Action):
    def name(self) -> str:
        return ActionName.SUBMIT_PRESCREEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        screening = screening_of(tracker)
        outcome = screening.outcome(prescreen_answers(tracker))
        events: list[dict[str, Any]] = [SlotSet(Slot.PRESCREEN_OUTCOME, outcome.outcome), SlotSet(Slot.PRESCREEN_FLAGS, outcome.flags)]
        if not outcome.flags:
            say(dispatcher, tracker, "prescreen_no_flags")
            dispatcher.utter_message(response="utter_anything_else")
            return events
        points = "; ".join(screening.question(flag).label for flag in outcome.flags)
        say(dispatcher, tracker, "prescreen_needs_review", points=points)
        tracker.slots.update({Slot.PRESCREEN_OUTCOME: outcome.outcome, Slot.PRESCREEN_FLAGS: outcome.flags})
        events += open_handoff(dispatcher, tracker, "prescreen_review")
        return events + ask_consent(dispatcher, tracker)


class ActionStopPrescreen(Action):
    def name(self) -> str:
        return ActionName.STOP_PRESCREEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        outcome = services.screening().outcome(prescreen_answers(tracker), stopped=True)
        say(dispatcher, tracker, "prescreen_stopped")
        return [SlotSet(Slot.PRESCREEN_OUTCOME, outcome.outcome), SlotSet(Slot.PRESCREEN_FLAGS, outcome.flags),
                SlotSet("requested_slot", None)]


class ActionExplainQuestion(Action):
    """Answers "why do you ask?"; the form then asks the same question again."""

    def name(self) -> str:
        return ActionName.EXPLAIN_QUESTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        screening = screening_of(tracker)
        flag = screening.flag_for_slot(slot)
        if flag:
            dispatcher.utter_message(text=screening.question(flag).why)
        elif slot == Slot.BOOKING_PREFERENCE:
            say(dispatcher, tracker, "explain_booking")
        else:
            say(dispatcher, tracker, "explain_contact")
        return []
