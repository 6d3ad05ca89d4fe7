"""Handoffs to staff: open the record, then consent, then contact details."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import (CONSENT_QUESTION, MESSAGE_KEY, ask_consent, open_handoff, say, topic_button,
                            when_staff_reply)
from actions.form_validation import ExplainingFormValidation
from actions.triage import screen_of, triage_symptom
from bot.language.guess import ENGLISH
from bot.care.triage_advice import other_language_note
from bot.handoffs.contact import looks_like_contact_attempt, read_name, read_reachable
from bot.handoffs.store import Contact
from bot.handoffs.transcript import from_events
from bot.language.topic_choices import PARSE_KEY as DID_YOU_MEAN
from bot.content.contract import Slot

MAX_TEXT = 200


class ActionOpenHandoff(Action):
    """A person asked for: the record exists before any question is asked."""

    def name(self) -> str:
        return "action_open_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        events = open_handoff(dispatcher, tracker, "request")
        say(dispatcher, "request_human")
        return events + ask_consent(dispatcher, tracker)


class ActionFallback(Action):
    """Offers the likeliest topics, else asks to rephrase; the second miss in a row hands over to a person.

    Rasa's TwoStageFallback, adapted to answers: the choices are the answers'
    own questions, plus "Something else" (a second miss) and "Talk to staff".

    A miss is any turn answered by this action: NLU did not understand, or no
    rule or story knew what to do next (Rasa's core fallback). It ends by
    listening: otherwise the core fallback predicts it again and again until
    Rasa's circuit breaker trips and the conversation goes silent.
    """

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        screen, _ = screen_of(tracker)
        if screen.alarming:
            # Rasa's core fallback (no rule knew what to do next) on a message
            # naming an alarming sign: an emergency must never get "please rephrase".
            return triage_symptom(dispatcher, tracker) + [FollowupAction("action_listen")]
        if screen.language != ENGLISH:
            dispatcher.utter_message(text=other_language_note(services.knowledge(), services.advice_templates()),
                                     buttons=services.knowledge().template_buttons("please_rephrase"))
            return [FollowupAction("action_listen")]
        if _consecutive_misses(tracker.events) < 2:
            choices = (tracker.latest_message or {}).get(DID_YOU_MEAN) or []
            if choices:
                offer_topics(dispatcher, choices)
            else:
                say(dispatcher, "please_rephrase")
            return [FollowupAction("action_listen")]
        events = open_handoff(dispatcher, tracker, "repeated_fallback")
        say(dispatcher, "fallback_twice")
        return events + ask_consent(dispatcher, tracker) + [FollowupAction("action_listen")]


def offer_topics(dispatcher: CollectingDispatcher, labels: list[str]) -> None:
    """ "Did you mean ...?" with one button per topic, then the template's own buttons."""
    knowledge = services.knowledge()
    buttons = [button for button in (topic_button(knowledge, label) for label in labels) if button]
    dispatcher.utter_message(text=knowledge.template("did_you_mean"),
                             buttons=buttons + knowledge.template_buttons("did_you_mean"))


def _consecutive_misses(events: list[dict[str, Any]]) -> int:
    """Patient turns in a row, up to this one, that ended in action_fallback."""
    misses = 0
    missed = True  # the turn being answered now
    for event in reversed(events):
        if event.get("event") == "action" and event.get("name") == "action_fallback":
            missed = True
        elif event.get("event") == "user":
            if not missed:
                break
            misses += 1
            missed = False
    return misses


class ActionAcceptConsent(Action):
    """Consent counts only as the answer to the consent question itself.

    A "yes" to "anything else?" asked after it is not consent to be
    contacted: the question is asked again instead of starting the form.
    """

    def name(self) -> str:
        return "action_accept_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if _message_key_before_last_message(tracker) != CONSENT_QUESTION:
            say(dispatcher, CONSENT_QUESTION)
            return [FollowupAction("action_listen")]
        return [SlotSet(Slot.AWAITING_CONSENT, False), SlotSet(Slot.CONTACT_CONSENT, True)]


def _message_key_before_last_message(tracker: Tracker) -> Optional[str]:
    """Which message of knowledge/messages.yml the assistant said last before the patient's message
    (actions.common.say records it), so a reworded template changes nothing."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif event.get("event") == "bot" and seen_user and event.get("text"):
            return (event.get("metadata") or {}).get(MESSAGE_KEY)
    return None


class ActionDeclineConsent(Action):
    def name(self) -> str:
        return "action_decline_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, "handoff_no_contact")
        return [SlotSet(Slot.AWAITING_CONSENT, False), SlotSet(Slot.CONTACT_CONSENT, False)]


class ValidateContactForm(ExplainingFormValidation):
    explanations = {Slot.CONTACT_NAME: "explain_contact_name", Slot.CONTACT_REACH: "explain_contact_reach"}

    def name(self) -> str:
        return "validate_contact_form"

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        name = read_name(str(value or ""))
        if name is None:
            say(dispatcher, "contact_name_invalid")
        return {Slot.CONTACT_NAME: name}

    def validate_contact_reach(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        region = services.knowledge().clinic["phone_region"]
        reachable = read_reachable(text, region)
        if not (reachable.phone or reachable.email):
            say(dispatcher, "contact_invalid")
            return {Slot.CONTACT_REACH: None}
        return {Slot.CONTACT_REACH: "given", Slot.CONTACT_PHONE: reachable.phone, Slot.CONTACT_EMAIL: reachable.email}

    def validate_contact_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()[:MAX_TEXT]
        if looks_like_contact_attempt(text) and not tracker.get_slot(Slot.CONTACT_PHONE):
            reachable = read_reachable(text, services.knowledge().clinic["phone_region"])
            if reachable.phone:
                return {Slot.CONTACT_TIME: text, Slot.CONTACT_PHONE: reachable.phone}
        return {Slot.CONTACT_TIME: text or None}


class ActionSaveContact(Action):
    def name(self) -> str:
        return "action_save_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        handoff_id: Optional[str] = tracker.get_slot(Slot.HANDOFF_ID)
        events: list[dict[str, Any]] = []
        if not handoff_id:
            events = open_handoff(dispatcher, tracker, "request")
            handoff_id = str(events[0]["value"])
        store = services.store()
        store.add_contact(handoff_id, Contact(
            name=tracker.get_slot(Slot.CONTACT_NAME),
            phone=tracker.get_slot(Slot.CONTACT_PHONE),
            email=tracker.get_slot(Slot.CONTACT_EMAIL),
            time=tracker.get_slot(Slot.CONTACT_TIME),
        ), conversation_id=tracker.sender_id, reason=tracker.get_slot(Slot.HANDOFF_REASON) or "request")
        store.update_transcript(handoff_id, from_events(tracker.events))
        say(dispatcher, "handoff_saved", when=when_staff_reply())
        return events + [SlotSet(Slot.CONTACT_SAVED, True)]


class ActionSubmitBooking(Action):
    def name(self) -> str:
        return "action_submit_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        preference = str(tracker.get_slot(Slot.BOOKING_PREFERENCE) or "")[:MAX_TEXT]
        events = open_handoff(dispatcher, tracker, "booking", booking_preference=preference)
        say(dispatcher, "booking_received")
        return events + ask_consent(dispatcher, tracker)
