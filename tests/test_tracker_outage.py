"""The conversation database going away is loud, never a silent reset (catalogue fact 4, G5).

Stock Rasa's FailSafeTrackerStore gives a patient a fresh tracker mid-form
when a read fails and keeps new events in memory only when a write fails.
Here ``serve`` refuses to start without the database, and the widget channel
answers 503 with the clinic's phone while it is unreachable, without passing
the message on, so the conversation resumes where it was once it is back.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

import pytest
import requests
import sqlalchemy as sa
import yaml

from bot.ops import cli
from tests.postgres import PG_URL, postgres_schema_url
from tests.servers import PROJECT, free_port, start
from tests.tcp_proxy import TcpProxy

PHONE = "+1 555 010 0142"
QUESTIONS = [q["ask"] for q in yaml.safe_load((PROJECT / "knowledge" / "prescreen.yml").read_text())["questions"]]


def test_serve_refuses_to_start_without_its_conversation_database(tmp_path):
    url = f"postgresql://clinic:s3cret-pw@127.0.0.1:{free_port()}/clinic"
    with pytest.raises(SystemExit) as stopped:
        cli.check_tracker_store(url)
    message = str(stopped.value.code)
    assert "TRACKER_STORE_URL=postgresql://clinic:***@127.0.0.1" in message and "Fix:" in message
    assert "s3cret-pw" not in message
    cli.check_tracker_store(f"sqlite:///{tmp_path / 'tracker.db'}")  # answers: no exit

    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot.ops.cli", "serve"], cwd=PROJECT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "TRACKER_STORE_URL": url, "DATA_DIR": str(tmp_path), "RASA_PORT": str(free_port()),
             "ACTION_PORT": str(free_port()), "WEB_PORT": str(free_port())},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "TRACKER_STORE_URL" in result.stderr and "Nothing was started" in result.stderr
    assert "Starting:" not in result.stdout
    assert time.monotonic() - started < 60


@pytest.fixture
def tracker_pg():
    yield from postgres_schema_url("tracker store outage")


def _texts(messages: list[dict[str, Any]]) -> str:
    return " ".join(message.get("text") or "" for message in messages)


@pytest.mark.slow
def test_widget_waits_for_the_database_and_the_prescreen_resumes(model, tmp_path, tracker_pg):
    target = sa.engine.make_url(PG_URL)
    proxy = TcpProxy(target.port or 5432, target.host or "127.0.0.1")
    proxy.on()
    servers = start(tmp_path, extra_env={"TRACKER_STORE_URL": proxy.url_for(tracker_pg)})
    origin = {"Origin": servers.web_url}

    def post(route: str, **body: Any) -> requests.Response:
        return requests.post(f"{servers.web_url}/chat/{route}", json=body, headers=origin, timeout=60)

    canary = f"PHICANARY-{uuid.uuid4()}"
    try:
        session = post("session").json()["session"]
        assert QUESTIONS[0] in _texts(post("webhook", session=session, message="am I a candidate?").json()["messages"])
        assert QUESTIONS[1] in _texts(post("webhook", session=session, message="/deny").json()["messages"])

        proxy.off()
        for message in ("/deny", f"my cheek is swollen and red, {canary}"):
            down = post("webhook", session=session, message=message)
            assert down.status_code == 503 and PHONE in down.json()["message"]
        assert post("history", session=session).status_code == 503  # not an empty, "lost" conversation

        proxy.on()
        reply = post("webhook", session=session, message="/deny")
        assert reply.status_code == 200
        text = _texts(reply.json()["messages"])
        assert QUESTIONS[2] in text and QUESTIONS[0] not in text and QUESTIONS[1] not in text
        history = post("history", session=session).json()["messages"]
        asked = [entry["text"] for entry in history if entry["sender"] == "assistant" and entry.get("text") in QUESTIONS]
        assert asked == QUESTIONS[:3]
    finally:
        servers.stop()
        proxy.off()

    engine = sa.create_engine(tracker_pg)
    with engine.connect() as connection:
        users = [json.loads(row[0])["text"] for row in connection.execute(sa.text(
            "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
            {"s": session.split(".")[0]})]
    engine.dispose()
    assert users == ["am I a candidate?", "/deny", "/deny"]  # nothing from the outage, nothing lost
    log = servers.log.read_text(errors="replace")
    assert "Conversation database unreachable" in log
    assert "InMemoryTrackerStore" not in log  # the FailSafe fallback never ran
    assert canary not in log
