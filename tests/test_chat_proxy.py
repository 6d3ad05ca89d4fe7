"""The web app's /chat forwarding (bot/web/chat_proxy.py) against a stand-in Rasa: passes answers through, never silence."""
from __future__ import annotations

import json
import socket
from typing import Iterator

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from bot.web.chat_proxy import build_chat_router
from bot.content.settings import load_settings
from tests.http_stub import StubHandler, start, stop

ORIGIN = "http://127.0.0.1:8080"


class Upstream(StubHandler):
    """Echoes what reached it, or fails with the status named in the message, or with ``unavailable``'s body."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.body())
        if body.get("unavailable"):
            self.answer(503, json.dumps(body["unavailable"]).encode())
            return
        self.answer(int(body.get("fail", 200)),
                    json.dumps({"path": self.path, "origin": self.headers.get("Origin"), "got": body}).encode())


@pytest.fixture
def upstream() -> Iterator[str]:
    server, base_url = start(Upstream)
    yield base_url
    stop(server)


def client_for(monkeypatch: pytest.MonkeyPatch, rasa_url: str) -> TestClient:
    monkeypatch.setenv("RASA_URLS", rasa_url)
    app = FastAPI()
    app.include_router(build_chat_router(load_settings()))
    return TestClient(app)  # used in `with`: one event loop for all its requests, as under uvicorn


def test_a_message_reaches_the_widget_channel_and_its_answer_comes_back(monkeypatch, upstream):
    with client_for(monkeypatch, upstream) as client:
        for _ in range(2):  # the second request reuses the connection
            reply = client.post("/chat/webhook", json={"session": "s.sig", "message": "hi"}, headers={"Origin": ORIGIN})
            assert reply.status_code == 200
            assert reply.json() == {"path": "/webhooks/widget/webhook", "origin": ORIGIN,
                                    "got": {"session": "s.sig", "message": "hi"}}
            assert reply.headers["content-type"].startswith("application/json")
            assert reply.headers["cache-control"] == "no-store"


def test_refusals_of_the_channel_pass_through(monkeypatch, upstream):
    with client_for(monkeypatch, upstream) as client:
        reply = client.post("/chat/session", json={"fail": 403}, headers={"Origin": ORIGIN})
    assert reply.status_code == 403


@pytest.mark.parametrize("failure", ["down", "500"])
def test_an_unreachable_or_failing_rasa_gets_the_clinic_phone_not_silence(monkeypatch, upstream, failure, knowledge):
    if failure == "down":
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{probe.getsockname()[1]}"
        body = {"session": "s.sig", "message": "hi"}
    else:
        url, body = upstream, {"fail": 500}
    with client_for(monkeypatch, url) as client:
        reply = client.post("/chat/webhook", json=body, headers={"Origin": ORIGIN})
    assert reply.status_code == 503
    assert knowledge.clinic["phone"] in reply.json()["message"]


def test_the_channels_own_unavailable_answer_reaches_the_patient_with_its_advice(monkeypatch, upstream):
    """With the conversation database down the channel still triages: its emergency line must not be replaced."""
    channel = {"error": "unavailable", "message": "Lo siento, ahora mismo no puedo responder.",
               "messages": [{"text": "Llame ahora a su número local de emergencias (911)."}]}
    with client_for(monkeypatch, upstream) as client:
        reply = client.post("/chat/webhook", json={"unavailable": channel}, headers={"Origin": ORIGIN})
    assert reply.status_code == 503
    assert reply.json()["messages"][0]["text"].startswith("Llame ahora a su número local de emergencias")
