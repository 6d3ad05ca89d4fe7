"""Rasa's ResponseSelector, run only for messages whose intent is a retrieval intent (faq, aftercare).

The stock selector picks an answer for every message, a TensorFlow call as
costly as the intent classifier's, and nothing reads the pick unless the
intent is ``faq`` or ``aftercare``: Rasa's answer action and the confidence
gate (bot/retrieval_gate.py) both look it up under the retrieval intent.
For greetings, names, phone numbers and the like this skips the call; the
message still says which retrieval intents exist, as the stock one does.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME, RESPONSE_SELECTOR_RETRIEVAL_INTENTS
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RetrievalResponseSelector(ResponseSelector):
    def process(self, messages: list[Message]) -> list[Message]:
        retrieval_intents = set(self.all_retrieval_intents)
        asked = []
        for message in messages:
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in retrieval_intents:
                asked.append(message)
            else:
                properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
                properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.all_retrieval_intents
                message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        super().process(asked)
        return messages
