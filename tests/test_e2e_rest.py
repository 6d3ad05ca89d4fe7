"""Conversations through the REST channel against the running servers.

`rasa test` neither runs the servers nor the custom actions; this is what a
patient's browser actually talks to.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.servers import start, texts

pytestmark = pytest.mark.slow


def _user_events(tracker_db: Path, sender: str) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{tracker_db}")
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"), {"s": sender}
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_greeting_says_it_is_an_automated_assistant(servers):
    replies = servers.say(str(uuid.uuid4()), "hi")
    assert "automated assistant of Larkspur Skin Clinic" in texts(replies)


def test_faq_answer_arrives_with_topic_source_and_follow_ups(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "how much does microneedling with prp cost?")
    assert "$450" in texts(replies)
    payloads = [reply["custom"] for reply in replies if "custom" in reply]
    assert payloads and payloads[0]["topic"] == "faq/cost"
    assert "Q: What does it cost?" in payloads[0]["sources"]
    buttons = [button["payload"] for reply in replies for button in reply.get("buttons", [])]
    assert "/check_candidacy" in buttons and "/request_human" in buttons
    [event] = _user_events(servers.tracker_db, sender)
    assert event["parse_data"]["intent"]["full_retrieval_intent_name"] == "faq/cost"


def test_aftercare_answer_uses_the_clinic_protocol(servers):
    replies = servers.say(str(uuid.uuid4()), "when am i allowed to put makeup on again after my treatment")
    assert "wait 24 hours before wearing makeup" in texts(replies)


def test_request_for_a_person_gives_the_clinic_phone(servers):
    replies = servers.say(str(uuid.uuid4()), "can i speak to a real person please")
    assert "+1 555 010 0142" in texts(replies)


def test_gibberish_asks_to_rephrase_and_offers_a_person(servers):
    replies = servers.say(str(uuid.uuid4()), "zxqv plomb krr")
    assert "say it another way" in texts(replies)
    assert any(b["payload"] == "/request_human" for r in replies for b in r.get("buttons", []))


@pytest.mark.parametrize("body", [{"message": ""}, {"message": "  \x01 "}, {}], ids=["empty", "controls", "missing"])
def test_an_empty_message_is_refused_with_words_not_silence(servers, body):
    response = requests.post(f"{servers.rasa_url}/webhooks/rest/webhook", json={"sender": str(uuid.uuid4()), **body},
                             timeout=60)
    assert response.status_code == 400
    assert response.json() == {"error": "empty_message", "message": "Please type a message."}
    assert servers.say(str(uuid.uuid4()), "hi")  # and the server goes on answering


def test_out_of_scope_says_what_it_can_help_with(servers):
    replies = servers.say(str(uuid.uuid4()), "can you recommend a good pizza place nearby")
    assert "outside what I can help with" in texts(replies)


def test_conversation_survives_a_server_restart(model, tmp_path):
    """The SQLite tracker store keeps the conversation across restarts."""
    sender = str(uuid.uuid4())
    first = start(tmp_path)
    try:
        first.say(sender, "hello")
    finally:
        first.stop()
    second = start(tmp_path)
    try:
        second.say(sender, "what is prp microneedling")
    finally:
        second.stop()
    intents = [event["parse_data"]["intent"]["name"] for event in _user_events(first.tracker_db, sender)]
    assert intents[0] == "greet" and len(intents) == 2
