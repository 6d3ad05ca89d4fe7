"""What the live-chat tests share: a stand-in Rasa for the relay, a staff browser, a patient, an SSE reader.

The web app runs for real (uvicorn, real HTTP): the streams are long-lived
responses, which only a real server delivers event by event.
"""
from __future__ import annotations

import json
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Optional

import httpx

from tests.http_stub import StubHandler

PASSWORD = "mauve staple orbit 42"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class StubRasa(StubHandler):
    """Rasa's widget channel as the web app meets it: /relay records each line, /webhook answers as configured."""

    lines: list[dict[str, Any]] = []
    secret_seen: list[str] = []
    webhook_answer: dict[str, Any] = {"messages": []}

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.body() or b"{}")
        if self.path == "/webhooks/widget/relay":
            type(self).secret_seen.append(self.headers.get("X-Relay-Secret") or "")
            if body.get("kind") == "transcript":
                lines = [{"sender": "staff" if line["kind"] == "staff" else "notice", "text": line["text"]}
                         for line in type(self).lines if line.get("conversation_id") == body["conversation_id"]]
                self.answer(200, json.dumps({"transcript": lines}).encode())
                return
            type(self).lines.append(body)
            self.answer(200, b'{"paused": true}')
        elif self.path == "/webhooks/widget/webhook":
            self.answer(200, json.dumps(type(self).webhook_answer).encode())
        else:
            self.answer(404, b"{}")


def relayed(conversation_id: str, kind: Optional[str] = None) -> list[dict[str, Any]]:
    return [line for line in StubRasa.lines
            if line.get("conversation_id") == conversation_id and (kind is None or line.get("kind") == kind)]


@dataclass
class Stream:
    """Reads one SSE response in a thread; ``wait_for`` returns the first event of a type, with its arrival time."""

    events: "queue.Queue[tuple[float, dict[str, Any]]]" = field(default_factory=queue.Queue)
    seen: list[dict[str, Any]] = field(default_factory=list)
    status: int = 0
    closed: threading.Event = field(default_factory=threading.Event)

    def wait_for(self, kind: str, timeout: float = 5.0) -> tuple[float, dict[str, Any]]:
        for item in self.seen:
            if item["type"] == kind:
                return 0.0, item
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                arrived, item = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(item)
            if item["type"] == kind:
                return arrived, item
        raise AssertionError(f"no {kind!r} event within {timeout} s; saw {[i['type'] for i in self.seen]}")


def open_stream(client: httpx.Client, method: str, url: str, **kwargs: Any) -> Stream:
    stream = Stream()
    ready = threading.Event()

    def read() -> None:
        try:
            with client.stream(method, url, timeout=httpx.Timeout(10.0, read=60.0), **kwargs) as response:
                stream.status = response.status_code
                ready.set()
                kind = None
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: ") and kind:
                        stream.events.put((time.monotonic(), json.loads(line[6:])))
        except httpx.HTTPError:
            pass
        finally:
            ready.set()
            stream.closed.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(10)
    return stream


class Staff:
    """A staff member's browser on the console: signed in, with the session's CSRF token."""

    def __init__(self, base_url: str, username: str) -> None:
        self.base_url = base_url
        self.client = httpx.Client(base_url=base_url, timeout=10.0)
        page = self.client.get("/console/login")
        match = TOKEN_FIELD.search(page.text)
        assert match, "no login form"
        token = match.group(1)
        answer = self.client.post("/console/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                                  headers={"Origin": base_url}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        self.csrf = self.client.get("/api/me").json()["csrf_token"]

    def post(self, path: str, body: Optional[dict[str, Any]] = None) -> httpx.Response:
        return self.client.post(path, json=body or {}, headers={"X-CSRF-Token": self.csrf, "Origin": self.base_url})

    def close(self) -> None:
        self.client.close()


class Patient:
    def __init__(self, base_url: str, session: str) -> None:
        self.base_url = base_url
        self.session = session
        self.client = httpx.Client(base_url=base_url, timeout=10.0, headers={"Origin": base_url})

    def post(self, path: str, **extra: Any) -> httpx.Response:
        return self.client.post(path, json={"session": self.session, **extra})

    def stream(self) -> Stream:
        return open_stream(self.client, "POST", "/chat/live/stream", json={"session": self.session})

    def close(self) -> None:
        self.client.close()
