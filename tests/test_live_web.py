"""Live chat through the web app, served for real: a patient, two staff members, a stand-in Rasa.

What a patient and staff notice: the chat is offered only with someone
online, a place in line, staff lines arriving within 2 s with the staff
member's name, one winner when two join, the emergency alert reaching staff,
hand back, the time-out to a call-back, and the refusals (no session, no
CSRF token, another conversation's token, a foreign Origin).
"""
from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from bot.content import widget_protocol as protocol
from bot.content.settings import Settings, load_settings
from bot.handoffs.store import HandoffStore, HandoffRequest
from bot.web.console.app import create_app
from tests import http_stub
from tests.live_harness import PASSWORD, Patient, Staff, StubRasa, open_stream, relayed
from tests.servers import free_port
from tests.test_live_chat import Clock

DELIVERY_LIMIT = 2.0  # seconds, issue 13


@dataclasses.dataclass
class Site:
    url: str
    settings: Settings
    clock: Clock
    app: FastAPI

    def patient(self) -> Patient:
        return Patient(self.url, protocol.issue(self.settings.session_secret))

    def staff_online(self, username: str = "alex") -> Staff:
        """A staff member signed in and available for chats."""
        staff = Staff(self.url, username)
        assert staff.post("/api/live/presence", {"available": True}).status_code == 200
        return staff


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    StubRasa.lines, StubRasa.secret_seen = [], []
    StubRasa.webhook_answer = {"messages": []}
    rasa, rasa_url = http_stub.start(StubRasa)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = dataclasses.replace(
        load_settings(), database_url=f"sqlite:///{tmp_path}/handoffs.db", data_dir=tmp_path, cookie_secure=False,
        tracker_store_url=f"sqlite:///{tmp_path}/tracker.db", rasa_urls=(rasa_url,), allowed_origins=(url,),
        console_url=url, web_port=port, retention_schedule=False, live_bus_url=None,
    )
    clock = Clock()
    app = create_app(settings, clock=clock)
    for name in ("alex", "sam"):
        app.state.console.accounts.create(name, PASSWORD, "staff")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield Site(url, settings, clock, app)
    finally:
        server.should_exit = True
        thread.join(10)
        http_stub.stop(rasa)


def _conversation(patient: Patient) -> str:
    return patient.session.split(".", 1)[0]


def test_a_live_chat_from_request_to_hand_back(site: Site) -> None:
    patient, alex, sam = site.patient(), Staff(site.url, "alex"), Staff(site.url, "sam")
    conversation = _conversation(patient)
    HandoffStore(site.settings.database_url, site.settings.spool_dir).open(
        HandoffRequest(conversation_id=conversation, reason="request", urgency="routine"))

    # Nobody online: no live chat, the call-back stands.
    refused = patient.post("/chat/live/request")
    assert refused.status_code == 409 and "call" in refused.json()["message"].lower()

    assert alex.post("/api/live/presence", {"available": True, "display_name": "Alex"}).json()["online"] == 1
    waiting = patient.post("/chat/live/request")
    assert waiting.status_code == 200 and waiting.json()["position"] == 1
    assert "number 1 in line" in waiting.json()["message"]
    assert [line["kind"] for line in relayed(conversation)] == ["waiting"]

    queue_stream = Staff(site.url, "sam")
    alerts = open_stream(queue_stream.client, "GET", "/api/live/stream")
    patient_stream = patient.stream()
    assert patient_stream.status == 200
    assert patient_stream.wait_for("status")[1]["status"] == "waiting"
    [waiting_chat] = alex.client.get("/api/live/queue").json()["waiting"]

    # Alex joins first; Sam is told who has it.
    joined = alex.post(f"/api/live/{waiting_chat['id']}/join")
    assert joined.status_code == 200 and joined.json()["chat"]["staff_name"] == "Alex"
    taken = sam.post(f"/api/live/{waiting_chat['id']}/join")
    assert taken.status_code == 409 and taken.json()["taken_by"] == "Alex"
    assert patient_stream.wait_for("joined")[1]["text"] == "Alex from Larkspur Skin Clinic joined the chat."
    staff_view = open_stream(alex.client, "GET", f"/api/live/{waiting_chat['id']}/stream")
    assert staff_view.status == 200

    # Alex writes; the patient sees it, labelled, within 2 s.
    sent_at = time.monotonic()
    assert alex.post(f"/api/live/{waiting_chat['id']}/messages", {"text": "Hi, I'm Alex. How can I help?"}).status_code == 200
    arrived, line = patient_stream.wait_for("staff")
    assert line == {**line, "name": "Alex", "text": "Hi, I'm Alex. How can I help?"}
    assert arrived - sent_at < DELIVERY_LIMIT
    assert relayed(conversation, "staff")[0] == {"conversation_id": conversation, "kind": "staff", "name": "Alex",
                                                 "text": "Hi, I'm Alex. How can I help?"}
    assert set(StubRasa.secret_seen) == {site.settings.relay_secret}
    # After a reload of the console page, the chat reopens with the whole conversation.
    reopened = alex.client.get(f"/api/live/{waiting_chat['id']}/transcript").json()["transcript"]
    assert {"sender": "staff", "text": "Hi, I'm Alex. How can I help?"} in reopened
    assert sam.client.get(f"/api/live/{waiting_chat['id']}/transcript").status_code == 409
    # Sam cannot write into Alex's chat.
    assert sam.post(f"/api/live/{waiting_chat['id']}/messages", {"text": "me too"}).status_code == 409

    # The patient reports an emergency mid-chat: the assistant's reply is Rasa's, the staff view gets the alert.
    StubRasa.webhook_answer = {"messages": [{"text": "Call your local emergency number now (911)."}],
                               "live": {"paused": True, "alert": "emergency"}}
    answer = patient.client.post("/chat/webhook", json={"session": patient.session, "message": "i cant breathe"})
    assert answer.json()["messages"][0]["text"].startswith("Call your local emergency number")
    # The line reaches staff as it arrives, the alert once the red-flag screen has read it.
    assert staff_view.wait_for("patient")[1]["text"] == "i cant breathe"
    assert staff_view.wait_for("alert")[1]["level"] == "emergency"
    assert staff_view.wait_for("assistant")[1]["text"].startswith("Call your local emergency number")
    assert alerts.wait_for("alert")[1]["level"] == "emergency"

    # Hand back: the patient is told, the stream ends, the handoff keeps the live lines.
    assert alex.post(f"/api/live/{waiting_chat['id']}/hand-back").json() == {"ended": True}
    assert patient_stream.wait_for("left")[1]["text"] == "Alex left the chat. The automated assistant can help again."
    assert patient_stream.closed.wait(5)
    assert [line["kind"] for line in relayed(conversation)] == ["waiting", "joined", "staff", "left"]
    handoff = HandoffStore(site.settings.database_url, site.settings.spool_dir).for_conversation(conversation)[0]
    assert {"sender": "staff", "text": "Hi, I'm Alex. How can I help?"} in handoff.transcript
    detail = alex.client.get(f"/api/handoffs/{handoff.id}").json()
    assert any(item["kind"] == "note" and item["text"].startswith("Live chat with Alex: 1 message(s) from staff, "
                                                                  "1 from the patient; handed back")
               for item in detail["timeline"])

    # Every step audited, counted, never copied.
    audit = list(reversed(site.app.state.console.audit.latest(1000)))
    actions = [(row.action, row.outcome) for row in audit if row.action.startswith("live_")]
    for expected in [("live_presence", "on"), ("live_join", "joined"), ("live_join", "taken"), ("live_message", "ok"),
                     ("live_hand_back", "ok")]:
        assert expected in actions
    assert all("Alex. How" not in str(vars(row)) for row in audit)
    for client in (patient, alex, sam, queue_stream):
        client.close()


def test_staff_routes_refuse_without_a_session_or_a_csrf_token(site: Site) -> None:
    import httpx

    anonymous = httpx.Client(base_url=site.url)
    assert anonymous.post("/api/live/presence", json={"available": True}).status_code == 401
    assert anonymous.get("/api/live/queue").status_code == 401
    assert anonymous.get("/api/live/stream").status_code == 401
    alex = Staff(site.url, "alex")
    no_token = alex.client.post("/api/live/presence", json={"available": True}, headers={"Origin": site.url})
    assert no_token.status_code == 403
    wrong_token = alex.client.post("/api/live/presence", json={"available": True},
                                   headers={"Origin": site.url, "X-CSRF-Token": "x" * 43})
    assert wrong_token.status_code == 403
    assert alex.client.get("/api/live/queue").json()["online"] == 0  # nothing changed
    anonymous.close()
    alex.close()


def test_a_patient_reads_and_asks_only_for_their_own_conversation(site: Site) -> None:
    alex = site.staff_online()
    owner, other = site.patient(), site.patient()
    assert owner.post("/chat/live/request").status_code == 200
    # Another patient's token opens no stream of the owner's chat: it has none of its own.
    assert other.client.post("/chat/live/stream", json={"session": other.session}).status_code == 404
    forged = owner.session.split(".")[0] + "." + "A" * 43
    assert other.client.post("/chat/live/stream", json={"session": forged}).status_code == 401
    assert other.client.post("/chat/live/request", json={"session": forged}).status_code == 401
    foreign = owner.client.post("/chat/live/stream", json={"session": owner.session},
                                headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    # The relay route is Rasa's, not the public site's.
    assert owner.client.post("/chat/relay", json={}).status_code == 404
    for client in (alex, owner, other):
        client.close()


def test_a_patient_who_stops_waiting_leaves_the_queue_with_a_line_in_the_history(site: Site) -> None:
    alex = site.staff_online()
    patient = site.patient()
    conversation = _conversation(patient)
    patient.post("/chat/live/request")
    cancelled = patient.post("/chat/live/cancel").json()
    assert cancelled["cancelled"] is True and cancelled["message"].startswith("You stopped waiting for a person.")
    assert [line["kind"] for line in relayed(conversation)] == ["waiting", "cancelled"]
    assert alex.client.get("/api/live/queue").json()["waiting"] == []
    assert patient.post("/chat/live/cancel").json() == {"cancelled": False, "message": None}
    # A widget on another allowed origin may ask first; a foreign one may not.
    assert patient.client.options("/chat/live/request", headers={"Origin": site.url}).status_code == 204
    assert patient.client.options("/chat/live/request", headers={"Origin": "https://evil.example"}).status_code == 403
    for client in (alex, patient):
        client.close()


def test_a_second_stream_of_the_same_session_closes_the_first(site: Site) -> None:
    alex = site.staff_online()
    patient = site.patient()
    patient.post("/chat/live/request")
    first = patient.stream()
    first.wait_for("status")
    second = patient.stream()
    second.wait_for("status")
    assert first.wait_for("replaced")
    assert first.closed.wait(5) and not second.closed.is_set()
    for client in (alex, patient):
        client.close()


def test_nobody_joining_in_time_turns_the_chat_into_a_call_back(site: Site) -> None:
    alex = site.staff_online()
    patient = site.patient()
    conversation = _conversation(patient)
    patient.post("/chat/live/request")
    stream = patient.stream()
    stream.wait_for("status")
    site.clock.advance(minutes=3, seconds=1)  # clinic.yml live_chat.wait_limit_minutes: 3
    timed_out = stream.wait_for("timed_out", timeout=8.0)[1]
    assert "someone will contact you" in timed_out["text"]
    assert timed_out["consent"]["buttons"][0]["payload"] == "/affirm"
    [line] = relayed(conversation, "timed_out")
    assert line["then_ask_consent"]["text"].startswith("Would you like our team to contact you?")
    assert patient.post("/chat/live/state").json() == {"status": "none"}
    assert alex.client.get("/api/live/queue").json()["waiting"] == []
    audit = site.app.state.console.audit.latest(1000)
    assert any(row.action == "live_timeout" and row.outcome == "call_back" for row in audit)
    for client in (alex, patient):
        client.close()


def test_a_staff_member_whose_console_closes_mid_chat_hands_the_patient_back(site: Site) -> None:
    alex = site.staff_online()
    patient = site.patient()
    conversation = _conversation(patient)
    patient.post("/chat/live/request")
    alex.post(f"/api/live/{alex.client.get('/api/live/queue').json()['waiting'][0]['id']}/join")
    stream = patient.stream()
    stream.wait_for("status")
    site.clock.advance(seconds=80)  # no heartbeat from Alex's console for longer than the presence window
    left = stream.wait_for("left", timeout=8.0)[1]
    assert left["text"].startswith("Alex had to leave the chat. The automated assistant can help again")
    assert [line["kind"] for line in relayed(conversation)][-1] == "left"  # Rasa resumes
    audit = site.app.state.console.audit.latest(1000)
    assert any(row.action == "live_abandoned" for row in audit)
    for client in (alex, patient):
        client.close()


def test_the_wait_estimate_comes_from_recent_chats(site: Site) -> None:
    alex = site.staff_online()
    first = site.patient()
    first.post("/chat/live/request")
    site.clock.advance(minutes=2)
    assert alex.post("/api/live/heartbeat").json() == {"available": True}  # the console page's heartbeat
    chat_id = alex.client.get("/api/live/queue").json()["waiting"][0]["id"]
    alex.post(f"/api/live/{chat_id}/join")
    later = site.patient()
    # The estimate is the 2 minutes the first patient waited, not clinic.yml's default.
    assert later.post("/chat/live/request").json()["minutes"] == 2
    for client in (alex, first, later):
        client.close()


def test_only_a_genuine_session_puts_a_line_in_front_of_staff() -> None:
    """The proxy shows staff a patient's line before Rasa reads it, so it checks the session itself."""
    import json

    from bot.web.chat_proxy import _patient_message

    secret = b"k" * 32
    token = protocol.issue(secret)
    conversation = token.split(".", 1)[0]
    assert _patient_message(json.dumps({"session": token, "message": "hi"}).encode(), secret) == (conversation, "hi")
    forged = conversation + "." + "A" * 43
    assert _patient_message(json.dumps({"session": forged, "message": "hi"}).encode(), secret)[0] is None
    assert _patient_message(b"not json", secret) == (None, "")


def test_bad_input_gets_a_clear_answer_and_changes_nothing(site: Site) -> None:
    alex = site.staff_online()
    patient = site.patient()
    conversation = _conversation(patient)
    patient.post("/chat/live/request")
    chat_id = alex.client.get("/api/live/queue").json()["waiting"][0]["id"]
    assert alex.post(f"/api/live/{chat_id}/join").status_code == 200
    empty = alex.post(f"/api/live/{chat_id}/messages", {"text": "  \u0000 "})
    assert empty.status_code == 422 and empty.json()["detail"] == "The message is empty."
    long = alex.post(f"/api/live/{chat_id}/messages", {"text": "x" * 2001})
    assert long.status_code == 422 and "longer than 2000 characters" in long.json()["detail"]
    assert alex.post("/api/live/not-a-chat/messages", {"text": "hi"}).status_code == 409
    assert alex.post("/api/live/not-a-chat/join").status_code == 410
    assert relayed(conversation, "staff") == []  # nothing reached the patient's history
    # A patient request that is not JSON, or has no session, is refused plainly.
    garbled = patient.client.post("/chat/live/request", content=b"{not json", headers={"Content-Type": "application/json"})
    assert garbled.status_code == 401 and garbled.json()["error"] == "bad_session"
    assert patient.client.post("/chat/live/state", json={}).status_code == 401
    for client in (alex, patient):
        client.close()


def test_a_spanish_patient_waits_and_is_joined_in_spanish(site: Site) -> None:
    """The notices a patient reads in a live chat follow their conversation's language (the handoff's)."""
    patient, alex = site.patient(), site.staff_online()
    conversation = _conversation(patient)
    HandoffStore(site.settings.database_url, site.settings.spool_dir).open(
        HandoffRequest(conversation_id=conversation, reason="request", urgency="routine", language="es"))
    waiting = patient.post("/chat/live/request").json()
    assert "minutos" in waiting["message"] and "minutes" not in waiting["message"]
    assert relayed(conversation, "waiting")[0]["text"] == waiting["message"]
    [chat] = alex.client.get("/api/live/queue").json()["waiting"]
    assert chat["language"] == "es"
    alex.post(f"/api/live/{chat['id']}/join")
    joined = relayed(conversation, "joined")[0]["text"]
    assert joined != site.app.state.live.knowledge.template("live_joined", person="Alex")
    assert joined == site.app.state.live.content("es").template("live_joined", person="Alex")
    for client in (alex, patient):
        client.close()
