"""A form validator that explains a question after the second answer it could not use.

After RasaHQ/financial-demo's ``CustomFormValidationAction``: a patient who
twice types something that is not a phone number or an e-mail address gets
the reason for the question and another way to reach the clinic, instead of
the same question a third time. The attempts are counted from the tracker's
events, so no slot has to be added or reset.
"""
from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import say

REQUESTED_SLOT = "requested_slot"  # Rasa's own slot: the question a form asked last
EXPLAIN_FROM_ATTEMPT = 2


def attempts(events: list[dict[str, Any]], slot: str) -> int:
    """Patient messages since the form first asked for ``slot`` in its current run of asking."""
    users = answered = 0
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            users += 1
        elif kind == "slot" and event.get("name") == REQUESTED_SLOT:
            if event.get("value") != slot:
                break
            answered = users  # an earlier request of the same slot: the run goes back at least to here
        elif kind == "active_loop":
            break
    return answered


class ExplainingFormValidation(FormValidationAction):
    """Subclasses map a slot to the template (knowledge/messages.yml) that says why it is asked."""

    explanations: dict[str, str] = {}

    @abstractmethod
    def name(self) -> str:
        """Abstract, so the SDK's action scan registers only the concrete forms' validators."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        events = await super().run(dispatcher, tracker, domain)
        slot = tracker.get_slot(REQUESTED_SLOT)
        template = self.explanations.get(str(slot))
        rejected = any(e.get("event") == "slot" and e.get("name") == slot and e.get("value") is None for e in events)
        if template and rejected and attempts(tracker.events, str(slot)) >= EXPLAIN_FROM_ATTEMPT:
            say(dispatcher, tracker, template)
        return events
