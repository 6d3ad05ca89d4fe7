"""A confidence gate on the answer a ResponseSelector picked.

Rasa's FallbackClassifier sees only the top intent: ``faq`` can score 0.99
while the best faq key scores 0.2 (RasaHQ/rasa#9751), and the patient would
get a confident answer to a question they did not ask. This component runs
after the ResponseSelectors and turns such a message into ``nlu_fallback``,
so the usual "please rephrase / talk to staff" rule answers instead.

With one ResponseSelector for both retrieval intents its pick is filed
under "default"; the gate files it under the retrieval intent it belongs to
(and names that intent), so Rasa's answer action, the tracker's
full_retrieval_intent_name and everything downstream see a consistent
``faq``/``faq/cost`` pair.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.config_component import ConfigOnlyComponent

logger = logging.getLogger(__name__)


def file_default_selection(parse_data: dict[str, Any]) -> None:
    """Moves the single selector's pick under its retrieval intent and aligns the intent with it."""
    selectors = parse_data.get("response_selector") or {}
    intent = parse_data.get("intent") or {}
    chosen = selectors.get("default")
    if not chosen or intent.get("name") not in selectors.get("all_retrieval_intents", []):
        return
    key = (chosen.get("response") or {}).get("intent_response_key") or ""
    retrieval_intent = key.split("/", 1)[0]
    if retrieval_intent not in selectors["all_retrieval_intents"]:
        return
    selectors[retrieval_intent] = chosen
    if retrieval_intent != intent["name"]:
        intent["name"] = retrieval_intent  # the selector saw the whole answer set: trust its pick


def selected_confidence(parse_data: dict[str, Any], retrieval_intent: str) -> float | None:
    """Confidence of the answer picked for a retrieval intent, if one was picked."""
    selectors = parse_data.get("response_selector") or {}
    selector = selectors.get(retrieval_intent) or {}
    confidence = (selector.get("response") or {}).get("confidence")
    return float(confidence) if confidence is not None else None


def should_gate(parse_data: dict[str, Any], threshold: float) -> bool:
    intent = (parse_data.get("intent") or {}).get("name")
    selectors = (parse_data.get("response_selector") or {}).get("all_retrieval_intents") or []
    if not intent or intent not in selectors:
        return False
    confidence = selected_confidence(parse_data, intent)
    return confidence is None or confidence < threshold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RetrievalConfidenceGate(ConfigOnlyComponent, IntentClassifier):
    """Falls back when the selected faq/aftercare answer is not confident enough."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.5}

    def __init__(self, config: dict[str, Any]) -> None:
        self.threshold = float(config["threshold"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            file_default_selection(message.data)
            if not should_gate(message.data, self.threshold):
                continue
            logger.debug("Selected answer below %.2f: falling back.", self.threshold)
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": self.threshold}
            message.data["intent"] = fallback
            message.data.setdefault("intent_ranking", []).insert(0, dict(fallback))
        return messages
