"""The questions the forms ask, as custom ask actions.

The texts live in knowledge/ (prescreen.yml for the pre-screen, messages.yml
templates for contact and booking), so the clinic edits one place and Rasa
needs no duplicate responses for them.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import content, say, screening_of
from bot.content.contract import ActionName, PRESCREEN_FLAGS, Slot


class AskPrescreenQuestion(Action):
    flag = ""

    def name(self) -> str:
        return ActionName.ask(Slot.prescreen(self.flag))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=screening_of(tracker).question(self.flag).ask, buttons=content(tracker).answer_buttons())
        return []


class AskFromTemplate(Action):
    slot = ""

    def name(self) -> str:
        return ActionName.ask(self.slot)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, tracker, f"ask_{self.slot}")
        return []


# One action per question: the SDK registers the Action subclasses it finds,
# and this module keeps them referenced so they are not garbage-collected.
ASK_ACTIONS = [
    *(type(f"AskPrescreen_{flag}", (AskPrescreenQuestion,), {"flag": flag}) for flag in PRESCREEN_FLAGS),
    *(type(f"Ask_{slot}", (AskFromTemplate,), {"slot": slot})
      for slot in (Slot.CONTACT_NAME, Slot.CONTACT_REACH, Slot.CONTACT_TIME, Slot.BOOKING_PREFERENCE)),
]
