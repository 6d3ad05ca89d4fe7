"""No patient data in any process's log, on happy and failure paths (catalogue B1, B2).

One stack, with PostgreSQL stores, is driven through the paths where stock
code logs the patient's words (catalogue fact 5), each carrying a unique
canary as symptom text, name, phone-like text and e-mail:

- chat through the web app's /chat (the widget's way in);
- a custom action failing with a 500 that echoes the request, as rasa-sdk's
  stock error handler does (Rasa logs the answer as ``body='...'``);
- the handoff database down (handoffs and contact details go to the spool),
  then back, so the spool lands and the staff webhook, pointing at a closed
  port, fails and retries;
- tracker saves that fail: a NUL character (widget and REST channel) and a
  REST sender id longer than the events table allows (FailSafeTrackerStore
  logs SQLAlchemy's ``[parameters: ...]``);
- a REST message that makes Rasa raise (the stock channel logs ``text=``).

Then the servers' combined output (Rasa, action server, web app) must not
contain the canary, and must show that each path really ran.
"""
from __future__ import annotations

import json
import time
import uuid
from typing import Any, Optional

import pytest
import requests
import sqlalchemy as sa

from tests import http_stub
from tests.postgres import PG_URL, postgres_schema_url
from tests.servers import free_port, start
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow
ECHO = "ECHO500"  # conversations whose tracker holds this get a failing action server


class ActionRelay:
    """Forwards Rasa's action calls to the action server, except for conversations holding ECHO:
    those get a 500 whose body echoes the request, as rasa-sdk 3.6's stock error handler answers."""

    def __init__(self) -> None:
        self.upstream: Optional[str] = None
        self.echoed = 0
        relay = self

        class Handler(http_stub.StubHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.body()
                if ECHO.encode() in body:
                    relay.echoed += 1
                    self.answer(500, json.dumps({"error": "boom", "request_body": json.loads(body)}).encode())
                    return
                headers = {name: self.headers[name] for name in ("Content-Type", "X-Action-Secret") if self.headers[name]}
                try:
                    answer = requests.post(f"{relay.upstream}{self.path}", data=body, headers=headers, timeout=60)
                    self.answer(answer.status_code, answer.content)
                except requests.RequestException:
                    self.answer(502, b"{}")

        self.server, base_url = http_stub.start(Handler)
        self.url = f"{base_url}/webhook"

    def close(self) -> None:
        http_stub.stop(self.server)


@pytest.fixture
def tracker_pg():
    yield from postgres_schema_url("log privacy (tracker store)")


@pytest.fixture
def handoffs_pg():
    yield from postgres_schema_url("log privacy (handoff store)")


def _handoff_count(url: str) -> int:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM handoffs")).scalar()
    finally:
        engine.dispose()


def _wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def test_no_canary_in_any_log_on_failure_paths(model, tmp_path, tracker_pg, handoffs_pg):
    canary = f"PHICANARY-{uuid.uuid4()}"
    # Names hold no digits (the contact form would refuse it): the same uuid spelt in letters.
    name = "Alex Phicanary" + "".join(chr(ord("a") + int(digit, 16)) for digit in canary[10:].replace("-", ""))
    phone, email = f"call me on +1 212 555 0199, {canary}", f"{canary.lower()}@example.com"
    target = sa.engine.make_url(PG_URL)
    handoff_db = TcpProxy(target.port or 5432, target.host or "127.0.0.1")
    handoff_db.on()
    relay = ActionRelay()
    servers = start(tmp_path, extra_env={
        "TRACKER_STORE_URL": tracker_pg,
        "DATABASE_URL": handoff_db.url_for(handoffs_pg),
        "ACTION_ENDPOINT_URL": relay.url,
        "STAFF_WEBHOOK_URL": f"http://127.0.0.1:{free_port()}/staff-hook",
        "STAFF_WEBHOOK_SECRET": "test-webhook-secret",
        "HANDOFF_REPLAY_SECONDS": "1",
    })
    relay.upstream = servers.action_url
    origin = {"Origin": servers.web_url}
    transcript: list[tuple[str, str, list[str]]] = []  # shown when an assertion fails

    def chat(session: str, text: str) -> list[dict[str, Any]]:
        reply = requests.post(f"{servers.web_url}/chat/webhook", json={"session": session, "message": text},
                              headers=origin, timeout=90)
        assert reply.status_code == 200, reply.text
        transcript.append((session[:6], text, [m.get("text", "")[:70] for m in reply.json()["messages"]]))
        assert reply.json()["messages"], text  # never silence
        return reply.json()["messages"]

    def new_session() -> str:
        return requests.post(f"{servers.web_url}/chat/session", json={}, headers=origin, timeout=30).json()["session"]

    def rest(sender: str, message: Any) -> requests.Response:
        return requests.post(f"{servers.rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=90)

    try:
        # Happy path through the widget's way in (B1).
        session = new_session()
        for text in (f"hi, my name is {name}", "how much does it cost?", f"my email is {email}"):
            chat(session, text)

        # A custom action fails and its error answer echoes the whole tracker.
        session = new_session()
        chat(session, f"{ECHO} my skin is still red and flaky on day 3, {canary}")
        assert relay.echoed >= 1

        # Handoff database down: the handoff and the contact details wait in the spool.
        handoff_db.off()
        session = new_session()
        for text in ("can I talk to a real person please", "yes", name, phone, "mornings"):
            chat(session, text)
        session = new_session()
        assert chat(session, "my throat is swelling and I can't breathe")[0]["text"].startswith("Call your local")
        for text in ("yes", name, email, "mornings"):
            chat(session, text)
        # Seen while the servers run: the action server's log lines reach the file asynchronously, and a
        # check only after stopping them missed them once under a full-suite load.
        spooled = lambda: all(f"Database unavailable: {what}" in servers.log.read_text(errors="replace")  # noqa: E731 - a named one-line condition for _wait_for
                              for what in ("handoff", "contact"))
        assert _wait_for(spooled, 30), "\n".join(map(str, transcript))
        # Back: the spool lands, and the staff webhook (a closed port) fails and retries.
        handoff_db.on()
        assert _wait_for(lambda: _handoff_count(handoffs_pg) >= 2), "\n".join(map(str, transcript))
        assert _wait_for(lambda: "Webhook for handoff" in servers.log.read_text(errors="replace"), 30)

        # Tracker saves that fail, through the widget and the REST channel.
        chat(new_session(), f"NUL\x00 in {canary}")
        assert rest(str(uuid.uuid4()), f"NUL\x00 in {canary}").status_code == 200
        assert rest("x" * 300, f"my name is {name}").status_code == 200  # longer than events.sender_id
        # A message Rasa cannot handle: the stock REST channel logs it as text=.
        assert rest(str(uuid.uuid4()), {"symptom": canary, "phone": phone}).status_code == 200
    finally:
        servers.stop()
        relay.close()
        handoff_db.off()

    log = servers.log.read_text(errors="replace")
    # Each path really ran ...
    assert "Encountered an exception while running action" in log  # the echoing action server
    assert "Database unavailable: handoff" in log and "Database unavailable: contact" in log  # the spool
    assert "Webhook for handoff" in log
    assert "Falling back to use the 'InMemoryTrackerStore'" in log and "[parameters: hidden]" in log
    assert "REST message could not be handled" in log
    # ... and left no trace of the patient.
    hits = [line for line in log.splitlines()
            if canary[10:18] in line.lower() or name.split()[-1].lower() in line.lower()]
    assert not hits, hits[:5]
