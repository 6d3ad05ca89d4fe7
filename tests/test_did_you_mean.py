"""'Did you mean ...?' and two-question messages: the pieces, without a trained model."""
from __future__ import annotations

import asyncio
import time
from typing import Any

from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.answers import ActionAnswerAlso
from actions.fallback import ActionFallback
from bot.rasa_ext.did_you_mean import DidYouMean
from bot.language.question_split import split_questions
from bot.language.topic_choices import chosen_topic, likely_topics, title_index
from tests.test_actions import isolated_store  # noqa: F401 - autouse: handoffs in a temporary database


def _parse(intents: dict[str, float], answers: dict[str, float]) -> dict[str, Any]:
    ranking = [{"name": n, "confidence": c} for n, c in sorted(intents.items(), key=lambda i: -i[1])]
    return {
        "text": "x", "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.5}] + ranking,
        "response_selector": {"all_retrieval_intents": ["faq", "aftercare"], "default": {
            "response": {"intent_response_key": max(answers, key=answers.get), "confidence": max(answers.values())},
            "ranking": [{"intent_response_key": k, "confidence": c} for k, c in answers.items()]}},
    }


def test_the_likeliest_answers_are_offered_by_their_overall_probability():
    parse = _parse({"faq": 0.6, "aftercare": 0.1, "check_candidacy": 0.25},
                   {"faq/cost": 0.45, "faq/sessions": 0.35, "aftercare/next_session": 0.15, "faq/pain": 0.05})
    # faq/cost 0.7 x 0.45 = 0.315, faq/sessions 0.245, check_candidacy 0.25, next_session 0.105
    assert likely_topics(parse, floor=0.1) == ["faq/cost", "check_candidacy", "faq/sessions"]
    assert likely_topics(parse, floor=0.3) == ["faq/cost"]


def test_nothing_plausible_means_no_choices():
    parse = _parse({"faq": 0.2, "out_of_scope": 0.7}, {"faq/cost": 0.3, "faq/pain": 0.3})
    assert likely_topics(parse, floor=0.1) == []


TITLES = {"faq/cost": "How much does it cost?", "aftercare/makeup": "When can I wear makeup again?"}


def test_an_answers_own_question_names_it_and_other_text_does_not():
    index = title_index(TITLES)
    assert chosen_topic("How much does it cost?", index) == "faq/cost"
    assert chosen_topic("  when can i wear MAKEUP again? ", index) == "aftercare/makeup"
    assert chosen_topic("How much does it cost? And does it hurt?", index) is None


def test_the_component_stores_choices_on_a_fallback_and_answers_a_pressed_topic():
    component = DidYouMean({"floor": 0.1, "most": 3}, titles=TITLES)
    fallback = Message(data=_parse({"faq": 0.9}, {"faq/cost": 0.3, "faq/pain": 0.25}))
    pressed = Message(data={**_parse({"faq": 0.9}, {"faq/pain": 0.3}), "text": "How much does it cost?"})
    component.process([fallback, pressed])
    assert fallback.data["did_you_mean"] == ["faq/cost", "faq/pain"]
    assert pressed.data["intent"]["name"] == "faq"
    assert pressed.data["response_selector"]["faq"]["response"]["utter_action"] == "utter_faq/cost"
    assert "did_you_mean" not in pressed.data


def _tracker(text: str, parse: dict[str, Any], events: list[dict[str, Any]] | None = None) -> Tracker:
    message = {"text": text, "entities": [], **parse}
    history = events if events is not None else [{"event": "user", "text": text, "timestamp": time.time(), "parse_data": message}]
    return Tracker("patient-1", {}, message, history, False, None, {}, "action_listen")


def _run(action, track: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, track, {}))
    return dispatcher.messages


def test_a_vague_question_gets_did_you_mean_buttons_with_the_answers_own_questions():
    parse = {"intent": {"name": "nlu_fallback"}, "did_you_mean": ["faq/cost", "check_candidacy"]}
    [message] = _run(ActionFallback(), _tracker("is it worth it money wise", parse))
    knowledge = services.knowledge()
    assert message["text"].startswith("I'm not sure I understood. Did you mean")
    assert message["buttons"] == [
        {"title": knowledge.answers["faq/cost"].title, "payload": knowledge.answers["faq/cost"].title},
        {"title": "Am I a candidate?", "payload": "/check_candidacy"},
        {"title": "Something else", "payload": "/nlu_fallback"},
        {"title": "Talk to staff", "payload": "/request_human"},
    ]


def test_something_else_after_did_you_mean_is_the_second_miss_and_offers_a_person():
    vague = {"event": "user", "text": "is it worth it", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    offered = {"event": "action", "name": "action_fallback"}
    other = {"event": "user", "text": "/nlu_fallback", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    messages = _run(ActionFallback(), _tracker("/nlu_fallback", {"intent": {"name": "nlu_fallback"}},
                                               events=[vague, offered, {"event": "bot", "text": "Did you mean"}, other]))
    assert any("passed this conversation to our team" in (m.get("text") or "") for m in messages)
    [handoff] = services.store().for_conversation("patient-1")
    assert handoff.reason == "repeated_fallback"


def test_no_plausible_topic_still_asks_to_rephrase():
    [message] = _run(ActionFallback(), _tracker("blorp", {"intent": {"name": "nlu_fallback"}, "did_you_mean": []}))
    assert "say it another way" in message["text"]


def test_a_message_asking_two_things_is_split_only_where_a_question_starts():
    assert split_questions("how much is it and does it hurt") == ["how much is it", "does it hurt"]
    assert split_questions("Is it safe for dark skin? And how many sessions do I need?") == [
        "Is it safe for dark skin?", "And how many sessions do I need?"]
    assert split_questions("redness and swelling on day 2, is that normal?") == ["redness and swelling on day 2, is that normal?"]
    assert split_questions("can i wash and moisturise tonight") == ["can i wash and moisturise tonight"]


def test_a_confirmed_second_question_is_answered_and_an_unconfirmed_one_offered():
    knowledge = services.knowledge()
    answered = _run(ActionAnswerAlso(), _tracker("x", {"intent": {"name": "faq"}, "also_asked": {"label": "faq/pain", "confirmed": True}}))
    assert answered[0]["text"] == f'You also asked: "{knowledge.answers["faq/pain"].title}"'
    assert answered[1]["response"] == "utter_faq/pain"
    offered = _run(ActionAnswerAlso(), _tracker("x", {"intent": {"name": "faq"}, "also_asked": {"label": "faq/pain", "confirmed": False}}))
    title = knowledge.answers["faq/pain"].title
    assert offered[0]["buttons"] == [{"title": title, "payload": title}]
    assert _run(ActionAnswerAlso(), _tracker("x", {"intent": {"name": "faq"}})) == []
