"""action_accept_consent and action_decline_consent: contact details only after a yes to that question."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import CONSENT_QUESTIONS, say
from bot.content.contract import CONSENT_QUESTION, MESSAGE_KEY, ActionName, Slot


class ActionAcceptConsent(Action):
    """Consent counts only as the answer to the consent question itself.

    A "yes" to "anything else?" asked after it is not consent to be
    contacted: the question is asked again instead of starting the form.
    """

    def name(self) -> str:
        return ActionName.ACCEPT_CONSENT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if _message_key_before_last_message(tracker) not in CONSENT_QUESTIONS:
            say(dispatcher, tracker, CONSENT_QUESTION)
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
        return ActionName.DECLINE_CONSENT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, tracker, "handoff_no_contact")
        return [SlotSet(Slot.AWAITING_CONSENT, False), SlotSet(Slot.CONTACT_CONSENT, False)]
