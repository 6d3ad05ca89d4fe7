"""The second question of a message that asked two things."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import content, topic_button
from bot.language.topic_choices import ALSO_ASKED
from bot.content.contract import ActionName


class ActionAnswerAlso(Action):
    """Answers the other question too, or offers it when only one reading found it.

    Runs after every faq/aftercare answer; silent when the message asked one thing.
    """

    def name(self) -> str:
        return ActionName.ANSWER_ALSO

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        also = (tracker.latest_message or {}).get(ALSO_ASKED) or {}
        label = also.get("label")
        knowledge = content(tracker)
        button = topic_button(knowledge, label) if label else None
        if button is None:
            return []
        if also.get("confirmed") and label in knowledge.answers:
            dispatcher.utter_message(text=knowledge.template("also_answer", topic=button["title"]))
            dispatcher.utter_message(response=f"utter_{label}")
        else:
            dispatcher.utter_message(text=knowledge.template("also_asked", topic=button["title"]), buttons=[button])
        return []
