"""A confidence gate on the answer a ResponseSelector picked.

Rasa's FallbackClassifier sees only the top intent: ``faq`` can score 0.99
while the best faq key scores 0.2 (RasaHQ/rasa#9751), and the patient would
get a confident answer to a question they did not ask. This component runs
after the ResponseSelectors and turns such a message into ``nlu_fallback``,
so the usual "please rephrase / talk to staff" rule answers instead.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)


def selected_confidence(parse_data: dict[str, Any], retrieval_intent: str) -> float | None:
    """Confidence of the answer picked for a retrieval intent, if one was picked."""
    selectors = parse_data.get("response_selector") or {}
    selector = selectors.get(retrieval_intent) or selectors.get("default") or {}
    confidence = (selector.get("response") or {}).get("confidence")
    return float(confidence) if confidence is not None else None


def should_gate(parse_data: dict[str, Any], threshold: float) -> bool:
    intent = (parse_data.get("intent") or {}).get("name")
    selectors = (parse_data.get("response_selector") or {}).get("all_retrieval_intents") or []
    if intent not in selectors:
        return False
    confidence = selected_confidence(parse_data, intent)
    return confidence is None or confidence < threshold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RetrievalConfidenceGate(GraphComponent, IntentClassifier):
    """Falls back when the selected faq/aftercare answer is not confident enough."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.5}

    def __init__(self, config: dict[str, Any]) -> None:
        self.threshold = float(config["threshold"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RetrievalConfidenceGate":
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not should_gate(message.data, self.threshold):
                continue
            logger.debug("Selected answer below %.2f: falling back.", self.threshold)
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": self.threshold}
            message.data["intent"] = fallback
            message.data.setdefault("intent_ranking", []).insert(0, dict(fallback))
        return messages
