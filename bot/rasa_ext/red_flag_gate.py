"""The red-flag screen as the last step of Rasa's NLU pipeline.

The dialogue policy decides from the intent, and the intent classifier can be
wrong: "had it done an hour ago and now I have trouble breathing" was read as
a candidacy question, a typo-ridden "cant breth" as out of scope. This
component screens every message's text with bot.care.red_flags, whatever intent
was predicted, and when it finds an emergency or urgent sign it makes the
message ``report_symptom``: the symptom rules then run in every state (inside
a form, at the consent or contact questions, after a fallback). What the
classifier had understood is kept in the ``red_flag`` output, so the triage
action can offer the rest of the message afterwards ("you also asked about
...").

A message taken for a language the assistant does not speak (English and
Spanish: bot.content.contract.LANGUAGE_CODES), without a red flag, becomes
``nlu_fallback``, whose action answers with a short bilingual note.
A writer describing their own skin now ("today my face feels weird, is that
ok?") that the classifier read as a general healing question, out of scope or
not at all becomes ``report_symptom`` too: the triage action then reassures
only what it recognises as expected healing, and hands the rest to a person.

It reuses SpacyNLP's loaded model (its parser is loaded but disabled; the
screen runs it only for messages that name a sign), so it adds no second
spaCy model to the Rasa process.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.config_component import ConfigOnlyComponent

from bot.care.red_flags import PARSE_KEY, RedFlagScreen, check_for, detectors_for, meaning_for, screen_for_clinic
from bot.content.contract import LANGUAGE_CODES, Intent
from bot.content.settings import load_settings

logger = logging.getLogger(__name__)

SYMPTOM_INTENT = "report_symptom"
# Short replies a form asks for are not worth a language note: "si", "ok", a name.
FORM_ANSWER_INTENTS = frozenset({Intent.AFFIRM, Intent.DENY, Intent.STOP, Intent.INFORM})
# A writer describing their own skin now, read as one of these, is reporting a
# symptom (CONTRACT.md: "I'm peeling on day 4, is that normal?" is report_symptom).
GENERAL_READINGS = frozenset({"aftercare", "nlu_fallback", "out_of_scope"})


def understood(message: Message) -> dict[str, Optional[str]]:
    """What the classifier made of the message before the screen: intent and, for questions, the topic."""
    intent = (message.get(INTENT) or {}).get("name")
    selector = (message.get("response_selector") or {}).get(intent or "") or {}
    return {"intent": intent, "topic": (selector.get("response") or {}).get("intent_response_key")}


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False, model_from="SpacyNLP"
)
class RedFlagGate(ConfigOnlyComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP, IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # ``other_languages_fall_back``: a message in a language the assistant does not speak
        # becomes nlu_fallback (the bilingual note). False lets the classifier's reading through.
        return {"other_languages_fall_back": True}

    def __init__(self, config: dict[str, Any]) -> None:
        self._other_languages_fall_back = bool(config.get("other_languages_fall_back", True))
        self._settings = load_settings()
        # Trained now (about two seconds), not on the first patient's message.
        self._detectors = detectors_for(self._settings.knowledge_dir, self._settings.cache_dir)
        self._meaning = meaning_for(self._settings.knowledge_dir, store=self._settings.cache_dir)
        self._check = check_for(self._settings.knowledge_dir, self._settings.cache_dir)
        self._screen: Optional[RedFlagScreen] = None

    def screen(self, model: SpacyModel) -> RedFlagScreen:
        if self._screen is None:
            self._screen = screen_for_clinic(self._settings, model.model, self._detectors, self._meaning, self._check)
        return self._screen

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        screen = self.screen(model)
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            dates = tuple(
                entity["value"] for entity in message.get(ENTITIES) or () if entity.get("entity") in ("DATE", "TIME")
            )
            result = screen.screen(text, dates=dates)
            message.set(PARSE_KEY, {**result.as_dict(), "understood": understood(message)}, add_to_output=True)
            if result.alarming:
                logger.info("Red flag (%s) found by the screen: the message is handled as a symptom.", result.level)
                _set_intent(message, SYMPTOM_INTENT)
            elif (self._other_languages_fall_back and result.language not in LANGUAGE_CODES
                  and (message.get(INTENT) or {}).get("name") not in FORM_ANSWER_INTENTS):
                _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
            elif result.own_body and _general_reading(message):
                _set_intent(message, SYMPTOM_INTENT)
        return messages


def _general_reading(message: Message) -> bool:
    intent = (message.get(INTENT) or {}).get("name")
    if intent == "aftercare":
        return understood(message).get("topic") == "aftercare/normal_healing"
    return intent in GENERAL_READINGS


def _set_intent(message: Message, name: str) -> None:
    chosen = {"name": name, "confidence": 1.0}
    message.set(INTENT, chosen, add_to_output=True)
    ranking = [dict(chosen)] + [r for r in message.get(INTENT_RANKING_KEY) or () if r.get("name") != name]
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
