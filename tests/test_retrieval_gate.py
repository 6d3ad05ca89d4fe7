"""The answer-confidence gate: an uncertain faq/aftercare answer becomes a fallback."""
from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.retrieval_gate import RetrievalConfidenceGate


def _message(intent: str, answer_confidence: float | None) -> Message:
    data = {"text": "x", "intent": {"name": intent, "confidence": 0.99}, "intent_ranking": [{"name": intent, "confidence": 0.99}]}
    if answer_confidence is not None:
        data["response_selector"] = {
            "all_retrieval_intents": ["faq", "aftercare"],
            "faq": {"response": {"confidence": answer_confidence, "intent_response_key": "faq/cost"}, "ranking": []},
        }
    return Message(data=data)


def test_confident_answer_passes():
    [message] = RetrievalConfidenceGate({"threshold": 0.5}).process([_message("faq", 0.8)])
    assert message.data["intent"]["name"] == "faq"


def test_uncertain_answer_falls_back_although_the_intent_is_certain():
    [message] = RetrievalConfidenceGate({"threshold": 0.5}).process([_message("faq", 0.3)])
    assert message.data["intent"]["name"] == "nlu_fallback"
    assert message.data["intent_ranking"][1]["name"] == "faq"


def test_other_intents_are_untouched():
    [message] = RetrievalConfidenceGate({"threshold": 0.5}).process([_message("greet", None)])
    assert message.data["intent"]["name"] == "greet"
