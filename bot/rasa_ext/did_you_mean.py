"""Rasa component: the "Did you mean ...?" choices, and the answer to a chosen one.

Runs after the fallback gates. For a message read as ``nlu_fallback`` it
stores the plausible topics under ``did_you_mean`` in the parse data: the
fallback action offers them as buttons, the console counts them, and the
evaluation scores them. For a message that is exactly an answer's
question (a pressed topic button sends it) it files that answer as the
selector's pick, so Rasa's own answer action (``utter_faq``) answers exactly
what was pressed.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.config_component import ConfigOnlyComponent

from bot.content.knowledge import load_all
from bot.content.settings import load_settings
from bot.language.topic_choices import PARSE_KEY, chosen_topic, likely_topics, title_index


def file_chosen_topic(data: dict[str, Any], label: str) -> None:
    """Makes the parse say: this retrieval intent, this answer, for certain."""
    intent = label.split("/", 1)[0]
    pick = {"response": {"intent_response_key": label, "utter_action": f"utter_{label}", "confidence": 1.0,
                         "responses": []}, "ranking": []}
    selectors = data.setdefault("response_selector", {})
    selectors.setdefault("all_retrieval_intents", [intent])
    selectors[intent] = pick
    data["intent"] = {"name": intent, "confidence": 1.0}
    data["intent_ranking"] = [dict(data["intent"])]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DidYouMean(ConfigOnlyComponent, IntentClassifier):
    """Offers the likeliest topics instead of "please rephrase"."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"floor": 0.1, "most": 3}

    def __init__(self, config: dict[str, Any], titles: Optional[dict[str, str]] = None) -> None:
        self.floor = float(config["floor"])
        self.most = int(config["most"])
        if titles is not None:
            self.titles = title_index(titles)
            return
        settings = load_settings()
        # Every language's questions: a pressed button sends the title it showed.
        self.titles = {}
        for knowledge in load_all(settings.knowledge_dir, settings.clinic_file).values():
            answers = knowledge.answers
            self.titles.update(title_index({label: answer.title for label, answer in answers.items()}))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            chosen = chosen_topic(message.get("text") or "", self.titles)
            if chosen is not None:
                file_chosen_topic(message.data, chosen)
            elif (message.get("intent") or {}).get("name") == DEFAULT_NLU_FALLBACK_INTENT_NAME:
                message.set(PARSE_KEY, likely_topics(message.data, self.floor, self.most), add_to_output=True)
        return messages
