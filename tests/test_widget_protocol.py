"""The website chat protocol: signed conversation ids, input limits, payload guard, replies."""
from __future__ import annotations

from bot.content import widget_protocol as protocol

SECRET = b"test-secret"


def test_issued_tokens_verify_and_are_unique():
    tokens = {protocol.issue(SECRET) for _ in range(200)}
    assert len(tokens) == 200
    ids = {protocol.verify(SECRET, token) for token in tokens}
    assert None not in ids and len(ids) == 200
    assert all(len(conversation_id) == 22 for conversation_id in ids)


def test_forged_copied_or_malformed_tokens_are_refused():
    token = protocol.issue(SECRET)
    conversation_id, signature = token.split(".")
    other_id = protocol.verify(SECRET, protocol.issue(SECRET))
    assert protocol.verify(b"another-secret", token) is None
    assert protocol.verify(SECRET, f"{other_id}.{signature}") is None  # id swapped under a valid signature
    assert protocol.verify(SECRET, conversation_id) is None  # a bare id is not a session
    for bad in (None, "", "default", 42, ["x"], token + "x", token.replace(".", "-"), "\x00" * 66):
        assert protocol.verify(SECRET, bad) is None


def test_message_limits_and_cleaning():
    assert protocol.read_message({"message": "  does it hurt?\x00 "}, 1000) == ("does it hurt?", None)
    assert protocol.read_message({"message": "x" * 1000}, 1000)[1] is None
    text, problem = protocol.read_message({"message": "x" * 1001}, 1000)
    assert problem.status == 413 and "1,000" in problem.message and text == ""
    for body in ({}, {"message": None}, {"message": 3}, {"message": ["a"]}, [], "hi"):
        assert protocol.read_message(body, 1000)[1].status == 400
    assert protocol.read_message({"message": "\x01\x02 \ud800"}, 1000)[1].error == "empty_message"
    assert protocol.clean_text("line one\nline two\t") == "line one\nline two"


def test_typed_intent_payloads_only_pass_when_offered_as_buttons():
    events = [
        {"event": "user", "text": "hi"},
        {"event": "bot", "text": "Any of these?", "data": {"buttons": [{"title": "Yes", "payload": "/affirm"}]}},
    ]
    offered = protocol.offered_payloads(events)
    assert protocol.guard_payload("/affirm", offered) == "/affirm"
    assert protocol.guard_payload('/report_symptom{"triage_level":"routine"}', offered) == \
        'report_symptom{"triage_level":"routine"}'
    assert protocol.guard_payload("/check_candidacy", offered) == "check_candidacy"
    assert protocol.guard_payload("///", offered) == "hello"
    assert protocol.offered_payloads(events + [{"event": "user", "text": "yes"}]) == []


def test_answer_payload_is_joined_to_its_text():
    replies = protocol.shape_replies([
        {"recipient_id": "x", "text": "It varies.", "buttons": [{"title": "Talk to staff", "payload": "/request_human"}]},
        {"recipient_id": "x", "custom": {"type": "answer", "topic": "faq/cost"}},
        {"recipient_id": "x", "text": "Anything else?"},
    ])
    assert replies == [
        {"text": "It varies.", "buttons": [{"title": "Talk to staff", "payload": "/request_human"}],
         "custom": {"type": "answer", "topic": "faq/cost"}},
        {"text": "Anything else?"},
    ]


def test_history_shows_button_titles_and_handoff():
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "<img src=x onerror=alert(1)>"},
        {"event": "bot", "text": "Shall I pass this on?", "data": {"buttons": [{"title": "Yes", "payload": "/affirm"}]}},
        {"event": "user", "text": "/affirm"},
        {"event": "bot", "text": "Done.", "data": {}},
        {"event": "bot", "data": {"custom": {"type": "handoff", "reason": "request"}}},
    ]
    entries = protocol.history(events)
    assert [entry["sender"] for entry in entries] == ["patient", "assistant", "patient", "assistant"]
    assert entries[0]["text"] == "<img src=x onerror=alert(1)>"
    assert entries[2]["text"] == "Yes"
    assert entries[3]["custom"]["type"] == "handoff"
    assert protocol.handed_off(entries)
    assert not protocol.handed_off(entries[:3])


def test_cors_only_for_exact_allowed_origins():
    allowed = ("https://clinic.example",)
    assert protocol.cors_headers("https://clinic.example", allowed)["Access-Control-Allow-Origin"] == "https://clinic.example"
    for origin in ("https://evil.example", "https://clinic.example.attacker.test", "null", "*", None):
        assert "Access-Control-Allow-Origin" not in protocol.cors_headers(origin, allowed)
    assert protocol.origin_allowed(None, allowed)
    assert not protocol.origin_allowed("https://clinic.example.attacker.test", allowed)


def test_each_conversation_sticks_to_one_replica_and_they_share_the_load():
    from bot.web.chat_proxy import replica_for
    import json as _json
    replicas = ("http://rasa-0:5005", "http://rasa-1:5005")
    tokens = [protocol.issue(SECRET) for _ in range(400)]
    owners = [replica_for(_json.dumps({"session": token, "message": "hi"}).encode(), replicas) for token in tokens]
    assert owners == [replica_for(_json.dumps({"session": t}).encode(), replicas) for t in tokens]  # stable
    assert 150 < owners.count(replicas[0]) < 250  # both replicas get conversations
    for body in (b"", b"not json", b"[]", _json.dumps({"session": 5}).encode()):
        assert replica_for(body, replicas) in replicas
    assert replica_for(b"anything", replicas[:1]) == replicas[0]
    # A staff line of a live chat goes to the replica that holds the patient's conversation.
    from bot.web.chat_proxy import replica_for_conversation
    assert owners == [replica_for_conversation(token.split(".")[0], replicas) for token in tokens]
