"""The patient is never met with silence when the action server cannot be reached (catalogue G1).

Rasa is pointed at a dead action endpoint; the real action server still runs
beside it, as it would once it is back, and lands what the channel spooled.
"""
from __future__ import annotations

import time

import pytest
import requests
import sqlalchemy as sa

from tests.servers import free_port, start

PHONE = "+1 555 010 0142"


@pytest.fixture(scope="module")
def no_actions(model, tmp_path_factory):
    running = start(tmp_path_factory.mktemp("no-actions"), extra_env={
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}/webhook",
        "HANDOFF_REPLAY_SECONDS": "1",
    })
    yield running
    running.stop()


def _chat(servers, text: str) -> list[dict]:
    origin = {"Origin": servers.web_url}
    session = requests.post(f"{servers.web_url}/chat/session", json={}, headers=origin, timeout=30).json()["session"]
    reply = requests.post(f"{servers.web_url}/chat/webhook", json={"session": session, "message": text},
                          headers=origin, timeout=60)
    assert reply.status_code == 200
    return reply.json()["messages"]


def _handoffs(servers) -> list[tuple[str, str]]:
    engine = sa.create_engine(f"sqlite:///{servers.handoffs_db}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text("SELECT urgency, reason FROM handoffs"))]
    except sa.exc.OperationalError:
        return []  # not created yet
    finally:
        engine.dispose()


def test_emergency_still_comes_first_and_the_handoff_lands_later(no_actions):
    messages = _chat(no_actions, "my lips are swelling and I can't breathe")
    assert messages[0]["text"].startswith("Call your local emergency number now")
    assert any(PHONE in (m.get("text") or "") for m in messages)
    deadline = time.monotonic() + 30
    while ("emergency", "symptom") not in _handoffs(no_actions) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert ("emergency", "symptom") in _handoffs(no_actions)


def test_a_request_for_a_person_gets_the_phone_not_silence(no_actions):
    messages = _chat(no_actions, "can I talk to a real person please")
    assert messages and PHONE in messages[0]["text"]
    # Questions that need no custom action are still answered as usual.
    assert _chat(no_actions, "how much does it cost?")[0]["custom"]["topic"] == "faq/cost"


def test_the_safety_net_answers_with_the_screen_rasa_built_not_a_second_one(monkeypatch, tmp_path):
    """Loading a second spaCy model and the readers on the failed message took longer than the web app waits
    for Rasa on a slow CI machine, and "my lips are swelling and I can't breathe" got "unavailable"."""
    from bot.care.red_flags import screen_for_clinic
    from bot.content.settings import load_settings
    from bot.handoffs.safety_net import SafetyNet

    monkeypatch.setenv("CACHE_DIR", str(load_settings().cache_dir))  # the readers trained for the model
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings = load_settings()
    built = screen_for_clinic(settings)
    net = SafetyNet(settings)
    replies = net.replies("my lips are swelling and I can't breathe", "c-1", "widget")
    assert net.screen() is built
    assert replies[0]["text"].startswith("Call your local emergency number now")
    assert len(net.spool.pending()) == 1
