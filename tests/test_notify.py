"""The staff webhook: what is sent, how it is signed, retried and kept off the patient's path."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

from bot.handoffs.notify import SIGNATURE_HEADER, Notifier, WebhookSettings, verify
from bot.handoffs.store import HandoffRequest, HandoffStore
from tests.http_stub import StubHandler, start, stop

SECRET = "test-webhook-secret"
CONSOLE = "https://console.clinic.example/"
# Stands in for patient data a misbehaving receiver might echo back in an error page.
LEAKED = "Sarah Jones +15550109999 sarah@example.com MARKER-7f3a"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class Receiver:
    """A real HTTP endpoint that records every request it answers."""

    url: str = ""
    fail_first: int = 0
    always_fail: bool = False
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delivered(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.status == 200]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(StubHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            body = self.body()
            if state.delay:
                time.sleep(state.delay)
            with state.lock:
                failing = state.always_fail or len(state.requests) < state.fail_first
                status = 500 if failing else 200
                state.requests.append(Received(self.path, dict(self.headers.items()), body, status))
            self.answer(status, (f"error for {LEAKED}" if failing else "ok").encode(), "text/plain")

    server, base_url = start(Handler)
    state.url = f"{base_url}/hooks/handoff"
    try:
        yield state
    finally:
        stop(server)


def settings(receiver: Receiver, **overrides: object) -> WebhookSettings:
    values = {"url": receiver.url, "secret": SECRET, "console_url": CONSOLE, "first_delay": 0.01, **overrides}
    return WebhookSettings(**values)  # type: ignore[arg-type]  # built from a loose dict of test values


def test_notice_carries_only_the_handoff_summary_and_is_signed(receiver: Receiver) -> None:
    notifier = Notifier(settings(receiver))
    notifier("h-123", "urgent", "symptom", "en")
    assert notifier.wait_idle(timeout=10)

    [request] = receiver.requests
    assert request.status == 200
    assert request.path == "/hooks/handoff"
    payload = json.loads(request.body)
    assert set(payload) == {"handoff_id", "urgency", "reason", "language", "console_url"}
    assert payload == {
        "handoff_id": "h-123",
        "urgency": "urgent",
        "reason": "symptom",
        "language": "en",
        "console_url": "https://console.clinic.example/handoffs/h-123",
    }
    assert request.headers["Content-Type"] == "application/json"

    signature = request.headers[SIGNATURE_HEADER]
    assert signature.startswith("sha256=")
    assert verify(request.body, SECRET, signature)
    assert not verify(request.body, "wrong-secret", signature)
    tampered = request.body.replace(b"urgent", b"routine")
    assert tampered != request.body
    assert not verify(tampered, SECRET, signature)


def test_a_spanish_handoffs_notice_carries_its_language_code_and_still_no_patient_text(tmp_path: Path, receiver: Receiver) -> None:
    """Through the real store: the language reaches the receiver as a code, the Spanish transcript never does."""
    notifier = Notifier(settings(receiver))
    store = HandoffStore(f"sqlite:///{tmp_path}/h.db", tmp_path / "spool", notify=notifier)
    try:
        store.migrate()
        handoff_id = store.open(HandoffRequest(
            conversation_id="conv-es", reason="symptom", urgency="urgent", language="es",
            transcript=[{"sender": "patient", "text": "Me sangra la encía MARKER-es-1", "time": None}]))
        assert notifier.wait_idle(timeout=10)
    finally:
        store.engine.dispose()

    [request] = receiver.delivered()
    assert json.loads(request.body) == {
        "handoff_id": handoff_id, "urgency": "urgent", "reason": "symptom", "language": "es",
        "console_url": f"https://console.clinic.example/handoffs/{handoff_id}",
    }
    assert verify(request.body, SECRET, request.headers[SIGNATURE_HEADER])
    assert b"MARKER-es-1" not in request.body and "sangra".encode() not in request.body


def test_failed_delivery_is_retried_until_it_lands(receiver: Receiver, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    receiver.fail_first = 2
    notifier = Notifier(settings(receiver))
    notifier("h-retry", "emergency", "symptom")
    assert notifier.wait_idle(timeout=10)

    assert [r.status for r in receiver.requests] == [500, 500, 200]
    # Every attempt sends the same signed notice.
    assert len({r.body for r in receiver.requests}) == 1
    assert all(verify(r.body, SECRET, r.headers[SIGNATURE_HEADER]) for r in receiver.requests)
    assert json.loads(receiver.delivered()[0].body)["handoff_id"] == "h-retry"
    assert "gave up" not in caplog.text


def test_slow_receiver_does_not_delay_the_patient(receiver: Receiver) -> None:
    receiver.delay = 1.0
    notifier = Notifier(settings(receiver))

    started = time.monotonic()
    notifier("h-slow", "routine", "booking")
    elapsed = time.monotonic() - started
    assert elapsed < 0.2, f"the caller waited {elapsed:.2f}s for the webhook"

    assert notifier.wait_idle(timeout=10)
    [request] = receiver.delivered()
    assert json.loads(request.body)["handoff_id"] == "h-slow"


def test_gives_up_after_the_configured_attempts_without_logging_patient_data(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    receiver.always_fail = True
    notifier = Notifier(settings(receiver, attempts=3))
    notifier("h-lost", "urgent", "request")
    assert notifier.wait_idle(timeout=10)
    time.sleep(0.1)  # any stray extra attempt would show up here

    assert len(receiver.requests) == 3
    assert receiver.delivered() == []
    failures = [r for r in caplog.records if r.name == "bot.handoffs.notify" and r.levelno >= logging.ERROR]
    assert len(failures) == 1
    assert "h-lost" in failures[0].getMessage()
    assert "3 attempts" in failures[0].getMessage()
    for fragment in LEAKED.split():
        assert fragment not in caplog.text


def test_unreachable_receiver_is_retried_and_given_up(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    notifier = Notifier(
        WebhookSettings(url=f"http://127.0.0.1:{port}/x", secret=SECRET, console_url=CONSOLE, attempts=2, first_delay=0.01)
    )
    notifier("h-down", "routine", "request")
    assert notifier.wait_idle(timeout=10)
    warnings = [r for r in caplog.records if r.name == "bot.handoffs.notify" and r.levelno == logging.WARNING]
    errors = [r for r in caplog.records if r.name == "bot.handoffs.notify" and r.levelno >= logging.ERROR]
    assert len(warnings) == 2
    assert len(errors) == 1 and "h-down" in errors[0].getMessage()
