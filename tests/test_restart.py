"""Rasa killed in the middle of the pre-screen (catalogue G7).

Two answers in, every server process is killed with SIGKILL. A new stack on
the same data directory and tracker database, with the same SESSION_SECRET,
takes the patient's next answer on the same widget session: the form goes on
from the third question, asks nothing twice, keeps the answers given before
the crash, and ends in exactly one pre-screen handoff.
"""
from __future__ import annotations

import os
import secrets
import signal
from typing import Any

import pytest
import requests
import sqlalchemy as sa
import yaml

from tests.servers import PROJECT, Servers, start

pytestmark = pytest.mark.slow
QUESTIONS = [q["ask"] for q in yaml.safe_load((PROJECT / "knowledge" / "prescreen.yml").read_text())["questions"]]


def _post(servers: Servers, route: str, **body: Any) -> dict[str, Any]:
    reply = requests.post(f"{servers.web_url}/chat/{route}", json=body, headers={"Origin": servers.web_url},
                          timeout=90)
    assert reply.status_code == 200, reply.text
    return reply.json()


def _answer(servers: Servers, session: str, payload: str) -> str:
    """Sends a quick reply the assistant offered; returns the reply's text."""
    messages = _post(servers, "webhook", session=session, message=payload)["messages"]
    return " ".join(message.get("text") or "" for message in messages)


def _asked(text: str) -> list[int]:
    return [number for number, question in enumerate(QUESTIONS) if question in text]


def _offered(servers: Servers, session: str) -> list[str]:
    history = _post(servers, "history", session=session)["messages"]
    return [button["payload"] for button in history[-1].get("buttons") or []]


def test_prescreen_resumes_after_rasa_is_killed(model, tmp_path):
    env = {"SESSION_SECRET": secrets.token_hex(32)}
    first = start(tmp_path, extra_env=env)
    try:
        session = _post(first, "session")["session"]
        assert _asked(_answer(first, session, "am I a candidate?")) == [0]
        assert {"/affirm", "/deny"} <= set(_offered(first, session))
        assert _asked(_answer(first, session, "/deny")) == [1]
        assert _asked(_answer(first, session, "/affirm")) == [2]  # cold sores: a flag to review
    finally:
        os.killpg(first.process.pid, signal.SIGKILL)  # the whole group: cli, Rasa, actions, web app
        first.process.wait(timeout=30)

    second = start(tmp_path, extra_env=env)
    try:
        assert _post(second, "session", session=session) == {"session": session, "new": False}
        assert "/deny" in _offered(second, session)  # the question from before the crash is still open
        replies = [_answer(second, session, "/deny")]
        assert _asked(replies[0]) == [3]  # question 3 was answered, question 4 comes: nothing asked twice
        for _ in QUESTIONS[3:]:  # answers questions 4 to 11
            replies.append(_answer(second, session, "/deny"))
        assert "all my questions" in replies[-1] and "cold sores" in replies[-1]  # the pre-crash answer counts
        history = _post(second, "history", session=session)["messages"]
    finally:
        second.stop()

    asked = [number for entry in history if entry["sender"] == "assistant" for number in _asked(entry.get("text") or "")]
    assert asked == list(range(len(QUESTIONS)))
    engine = sa.create_engine(f"sqlite:///{second.handoffs_db}")
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT reason, prescreen_flags FROM handoffs WHERE conversation_id = :c"),
                                  {"c": session.split(".")[0]}).fetchall()
    engine.dispose()
    assert [row[0] for row in rows] == ["prescreen_review"] and "cold_sores" in rows[0][1]
