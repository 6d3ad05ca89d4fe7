"""The contact form: validate_contact_form and action_save_contact (name, phone or e-mail, a time)."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import MAX_TEXT, content, open_handoff, say, when_staff_reply
from actions.form_validation import ExplainingFormValidation
from bot.content.contract import ActionName, Slot
from bot.handoffs.contact import looks_like_contact_attempt, read_name, read_reachable
from bot.handoffs.store import Contact
from bot.handoffs.transcript import from_events


class ValidateContactForm(ExplainingFormValidation):
    explanations = {Slot.CONTACT_NAME: "explain_contact_name", Slot.CONTACT_REACH: "explain_contact_reach"}

    def name(self) -> str:
        return ActionName.VALIDATE_CONTACT_FORM

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        name = read_name(str(value or ""))
        if name is None:
            say(dispatcher, tracker, "contact_name_invalid")
        return {Slot.CONTACT_NAME: name}

    def validate_contact_reach(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        region = services.knowledge().clinic["phone_region"]
        reachable = read_reachable(text, region)
        if not (reachable.phone or reachable.email):
            say(dispatcher, tracker, "contact_invalid")
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
        return ActionName.SAVE_CONTACT

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
        say(dispatcher, tracker, "handoff_saved", when=when_staff_reply(content(tracker)))
        return events + [SlotSet(Slot.CONTACT_SAVED, True)]
