"""The project's NLU components in the trained model: answers picked only for questions, entities kept."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest


@pytest.fixture(scope="module")
def parse(model):  # noqa: ANN001, ANN201 - returns a function
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))

    def parse_text(text: str) -> dict[str, Any]:
        return asyncio.run(agent.parse_message(text))

    parse_text.agent = agent
    return parse_text


@pytest.mark.parametrize("text, key", [
    ("how much does microneedling with prp cost", "faq/cost"),
    ("when can i put makeup back on after the treatment", "aftercare/makeup"),
])
def test_questions_get_an_answer_filed_under_their_retrieval_intent(parse, text, key):
    result = parse(text)
    intent = key.split("/")[0]
    assert result["intent"]["name"] == intent
    assert result["response_selector"][intent]["response"]["intent_response_key"] == key


@pytest.mark.parametrize("text, intent", [("hi there", "greet"), ("thanks a lot", "thank")])
def test_other_messages_get_no_answer_but_still_name_the_retrieval_intents(parse, text, intent):
    result = parse(text)
    assert result["intent"]["name"] == intent
    selector = result["response_selector"]
    assert sorted(selector["all_retrieval_intents"]) == ["aftercare", "faq"]
    assert "faq" not in selector and "aftercare" not in selector  # nothing for utter_faq to answer
    assert "full_retrieval_intent_name" not in result["intent"]


def test_a_pressed_did_you_mean_button_is_answered_without_guessing(parse):
    from actions import services

    title = services.knowledge().answers["faq/longevity"].title
    result = parse(title)
    assert result["intent"]["name"] == "faq"
    assert result["response_selector"]["faq"]["response"]["utter_action"] == "utter_faq/longevity"
    assert result["intent"]["full_retrieval_intent_name"] == "faq/longevity"


def test_a_message_asking_two_things_names_the_second(parse):
    result = parse("how much does a session cost and does it hurt a lot?")
    assert result["response_selector"]["faq"]["response"]["intent_response_key"] == "faq/cost"
    assert result["also_asked"]["label"] == "faq/pain"


def test_dates_are_found_in_the_original_text_and_names_are_not_kept(parse):
    """Names were extracted once and read by nothing; in Spanish, "cuánto cuesta" came out as a PERSON."""
    for _ in range(2):  # the first message also switches NER off in spaCy's shared, lower-cased pass
        entities = {(e["entity"], e["value"]) for e in parse("My name is Chloe Lindqvist, could I come next Tuesday?")["entities"]}
        assert entities == {("DATE", "next Tuesday")}
    assert parse("cuánto cuesta una sesión?")["entities"] == []


def test_spacys_shared_pass_no_longer_runs_ner(parse):
    parse("hello")
    spacy_nodes = [node for node in _graph_nodes(parse.agent) if type(node).__name__ == "SpacyNLP"]
    assert spacy_nodes, "SpacyNLP not found in the model"
    nlp = spacy_nodes[0].provide().model
    assert "ner" not in nlp.pipe_names and "ner" in nlp.component_names


def _graph_nodes(agent: Any) -> list[Any]:
    runner = agent.processor.graph_runner
    return [graph_node._component for graph_node in runner._instantiated_nodes.values()
            if getattr(graph_node, "_component", None) is not None]


@pytest.mark.parametrize("payload", ["/affirm", "/request_human", "/check_candidacy", '/inform{"DATE": "tomorrow"}',
                                     "/no_such_intent", "/affirm{not json"])
def test_button_payloads_parse_as_rasa_parses_them_without_the_pipeline(parse, payload):
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa_ext import rasa_patches

    processor = parse.agent.processor
    tracker = DialogueStateTracker.from_events("payloads", [])
    stock = rasa_patches._STOCK_PARSE_WITH_GRAPH(processor, UserMessage(payload), tracker)
    runs = []
    real_run = processor.graph_runner.run
    processor.graph_runner.run = lambda *args, **kwargs: runs.append(1) or real_run(*args, **kwargs)
    try:
        fast = rasa_patches._parse_message_with_graph(processor, UserMessage(payload), tracker)
    finally:
        processor.graph_runner.run = real_run
    assert fast == stock
    known = stock["intent"]["name"] == payload[1:].split("{")[0]  # Rasa unpacked it (a malformed rest is dropped)
    assert runs == ([] if known else [1])  # the pipeline runs only for what Rasa would not unpack
