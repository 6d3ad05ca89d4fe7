"""Small helpers the actions share: conversation context, consent, timing."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from bot.handoffs.store import HandoffRequest
from bot.handoffs.live_chat import can_offer
from bot.handoffs.transcript import from_events
from bot.content.hours import is_open, next_opening
from bot.care.screening import Screening
from bot.content.knowledge import ENGLISH, Knowledge
from bot.content.contract import CONSENT_QUESTION, LANGUAGE_CODES, MESSAGE_KEY, Slot

def language_of(tracker: Tracker) -> str:
    """The conversation's language (slot ``language``); English when unset or unknown."""
    value = tracker.get_slot(Slot.LANGUAGE)
    return value if value in LANGUAGE_CODES else ENGLISH


def content(tracker: Tracker) -> Knowledge:
    """The knowledge in the conversation's language: every text an action sends comes from here."""
    return services.knowledge(language_of(tracker))


def when_staff_reply(knowledge: Knowledge) -> str:
    moment = datetime.now(timezone.utc)
    if is_open(knowledge.clinic, moment):
        return knowledge.template("when_open")
    opening = next_opening(knowledge.clinic, moment, knowledge.messages["calendar"])
    return knowledge.template("when_closed", next_opening=opening or knowledge.values["hours"])


MAX_TEXT = 200  # the longest free text (a contact time, a booking preference) kept for staff
# The consent question with a live chat offered beside the call-back (knowledge/messages.yml).
LIVE_OFFER = "live_offer"
CONSENT_QUESTIONS = (CONSENT_QUESTION, LIVE_OFFER)


def say(dispatcher: CollectingDispatcher, tracker: Tracker, name: str, **extra: str) -> None:
    """A messages.yml template in the conversation's language, tagged with its name for the channel and tests."""
    knowledge = content(tracker)
    dispatcher.utter_message(text=knowledge.template(name, **extra), buttons=knowledge.template_buttons(name),
                             **{MESSAGE_KEY: name})


def topic_button(knowledge: Knowledge, label: str) -> Optional[dict[str, str]]:
    """A button that answers one topic: a faq/aftercare answer by its own question, or a follow-up intent.

    The question is sent as typed text, which the pipeline answers without guessing (bot.language.topic_choices).
    """
    if label in knowledge.answers:
        title = knowledge.answers[label].title
        return {"title": title, "payload": title}
    for button in knowledge.messages.get("follow_up_buttons") or ():
        if button.get("payload") == f"/{label}":
            return dict(button)
    return None


def prescreen_answers(tracker: Tracker) -> dict[str, Optional[str]]:
    return {q.flag: tracker.get_slot(q.slot) for q in services.screening().questions}


def screening_of(tracker: Tracker) -> Screening:
    """The pre-screen in the conversation's language: its questions and the phrase lists that read answers."""
    return services.screening(language_of(tracker))


def handoff_request(tracker: Tracker, reason: str, urgency: str = "routine", **fields: Any) -> HandoffRequest:
    """A handoff with what staff need from this conversation so far."""
    existing = tracker.get_slot(Slot.HANDOFF_ID)
    flags = tracker.get_slot(Slot.PRESCREEN_FLAGS) or []
    if not flags and any(prescreen_answers(tracker).values()):
        flags = services.screening().outcome(prescreen_answers(tracker)).flags
    request = HandoffRequest(
        conversation_id=tracker.sender_id,
        reason=reason,
        urgency=urgency,
        transcript=from_events(tracker.events),
        channel=tracker.get_latest_input_channel(),
        language=language_of(tracker),
        prescreen_outcome=tracker.get_slot(Slot.PRESCREEN_OUTCOME),
        prescreen_flags=list(flags),
        triage_level=tracker.get_slot(Slot.TRIAGE_LEVEL),
        **fields,
    )
    if existing and tracker.get_slot(Slot.HANDOFF_REASON) == reason:
        request.id = existing  # a retry of the same handoff keeps its id
    return request


def open_handoff(
    dispatcher: CollectingDispatcher, tracker: Tracker, reason: str, urgency: str = "routine", **fields: Any
) -> list[dict[str, Any]]:
    """Opens (or finds) the handoff and tells the widget a person now has the conversation."""
    handoff_id = services.store().open(handoff_request(tracker, reason, urgency, **fields))
    dispatcher.utter_message(json_message={"type": "handoff", "reason": reason, "urgency": urgency})
    return [SlotSet(Slot.HANDOFF_ID, handoff_id), SlotSet(Slot.HANDOFF_REASON, reason)]


def ask_consent(dispatcher: CollectingDispatcher, tracker: Tracker, live: bool = True) -> list[dict[str, Any]]:
    """Contact details are asked only after consent, and only once per conversation.

    Unless ``live`` is False, a chat with a person now is offered beside the call-back when
    the clinic is open and someone is available in the console.
    """
    knowledge = content(tracker)
    if live and _live_chat_possible():
        dispatcher.utter_message(text=knowledge.template(LIVE_OFFER), buttons=knowledge.template_buttons(LIVE_OFFER),
                                 json_message={"type": "live_offer", "title": knowledge.template("live_offer_button")},
                                 **{MESSAGE_KEY: LIVE_OFFER})
        return [SlotSet(Slot.AWAITING_CONSENT, True)]
    if tracker.get_slot(Slot.CONTACT_SAVED):
        say(dispatcher, tracker, "after_handoff", when=when_staff_reply(knowledge))
        return []
    say(dispatcher, tracker, CONSENT_QUESTION)
    return [SlotSet(Slot.AWAITING_CONSENT, True)]


def _live_chat_possible() -> bool:
    try:
        return can_offer(services.knowledge().clinic, services.live_chats(), datetime.now(timezone.utc))
    except Exception:  # noqa: BLE001 - a database problem means no live chat, never no answer
        return False
