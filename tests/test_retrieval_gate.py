"""The answer-confidence gate: an uncertain faq/aftercare answer becomes a fallback."""
from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.retrieval_gate import RetrievalConfidenceGate


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


def _single_selector_message(intent: str, key: str, confidence: float) -> Message:
    return Message(data={
        "text": "x", "intent": {"name": intent, "confidence": 0.99},
        "intent_ranking": [{"name": intent, "confidence": 0.99}],
        "response_selector": {
            "all_retrieval_intents": ["faq", "aftercare"],
            "default": {"response": {"confidence": confidence, "intent_response_key": key}, "ranking": []},
        },
    })


def test_single_selector_pick_is_filed_under_its_retrieval_intent():
    [message] = RetrievalConfidenceGate({"threshold": 0.4}).process([_single_selector_message("faq", "faq/cost", 0.9)])
    assert message.data["response_selector"]["faq"]["response"]["intent_response_key"] == "faq/cost"
    assert message.data["intent"]["name"] == "faq"


def test_single_selector_pick_from_the_other_intent_wins_and_renames_the_intent():
    [message] = RetrievalConfidenceGate({"threshold": 0.4}).process(
        [_single_selector_message("faq", "aftercare/makeup", 0.9)])
    assert message.data["intent"]["name"] == "aftercare"
    assert message.data["response_selector"]["aftercare"]["response"]["intent_response_key"] == "aftercare/makeup"


def test_single_selector_uncertain_pick_falls_back():
    [message] = RetrievalConfidenceGate({"threshold": 0.4}).process([_single_selector_message("faq", "faq/cost", 0.3)])
    assert message.data["intent"]["name"] == "nlu_fallback"
