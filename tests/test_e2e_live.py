"""Live chat inside the real Rasa: paused while a person has the chat, red flags still triaged, resumed on hand back.

The web app's relay (bot/web/rasa_relay.py) is played by the test, with the
secret Rasa reads from the shared DATA_DIR; the patient talks through the
public widget routes as the widget does.
"""
from __future__ import annotations

import requests

from tests.test_e2e_widget import _origin, _say, _session


def _relay(servers, body: dict, secret: str | None = None, **headers: str) -> requests.Response:
    secret = secret if secret is not None else (servers.tracker_db.parent / "live_relay_secret").read_text().strip()
    return requests.post(f"{servers.rasa_url}/webhooks/widget/relay", json=body, timeout=30,
                         headers={"X-Relay-Secret": secret, **headers})


def _history(servers, session: str) -> list[dict]:
    return requests.post(f"{servers.web_url}/chat/history", json={"session": session}, headers=_origin(servers),
                         timeout=30).json()["messages"]


def test_the_assistant_is_silent_while_a_person_chats_but_never_about_an_emergency(servers):
    session = _session(servers)
    conversation = session.split(".", 1)[0]
    assert _say(servers, session, "hello").json()["messages"]
    joined = _relay(servers, {"conversation_id": conversation, "kind": "joined", "name": "Alex",
                              "text": "Alex from Larkspur Skin Clinic joined the chat."})
    assert joined.json() == {"paused": True}

    quiet = _say(servers, session, "how much does it cost?").json()
    assert quiet == {"messages": [], "live": {"paused": True, "alert": None}}

    emergency = _say(servers, session, "my lips are swelling and i cant breathe").json()
    assert emergency["live"] == {"paused": True, "alert": "emergency"}
    texts = [message.get("text", "") for message in emergency["messages"]]
    assert texts[0].startswith("Call your local emergency number")
    assert not any("contact you" in text for text in texts)  # the person in the chat handles the rest

    assert _relay(servers, {"conversation_id": conversation, "kind": "staff", "name": "Alex",
                            "text": "I'm here. Have you called 911?"}).status_code == 200
    left = _relay(servers, {"conversation_id": conversation, "kind": "left", "name": "Alex",
                            "text": "Alex left the chat. The automated assistant can help again."})
    assert left.json() == {"paused": False}
    back = _say(servers, session, "how long is the downtime?").json()
    assert back["messages"] and "live" not in back

    history = _history(servers, session)
    assert {"sender": "staff", "name": "Alex", "text": "I'm here. Have you called 911?"} in history
    assert [entry["kind"] for entry in history if entry["sender"] == "notice"] == ["joined", "left"]
    assert [entry["text"] for entry in history if entry["sender"] == "patient"][1] == "how much does it cost?"
    transcript = _relay(servers, {"conversation_id": conversation, "kind": "transcript"}).json()["transcript"]
    assert any(line["sender"] == "staff" and line.get("name") == "Alex" for line in transcript)


def test_the_relay_takes_nothing_without_the_secret_or_from_a_browser(servers):
    conversation = _session(servers).split(".", 1)[0]
    body = {"conversation_id": conversation, "kind": "staff", "name": "Mallory", "text": "hi"}
    assert _relay(servers, body, secret="wrong").status_code == 403
    assert _relay(servers, body, Origin=servers.web_url).status_code == 403
    assert _relay(servers, {**body, "kind": "assistant"}).status_code == 400
    assert _relay(servers, {**body, "text": "x" * 2001}).status_code == 400
    # The public site does not forward to it.
    assert requests.post(f"{servers.web_url}/chat/relay", json=body, timeout=30).status_code == 404
