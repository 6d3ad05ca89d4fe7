"""The unanswered-questions page (from Rasa's tracker store) and patients' 👍/👎 (bot.storage.feedback)."""
from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.storage.database import make_engine
from bot.storage.feedback import FeedbackStore
from tests.test_console import (  # noqa: F401 - fixtures
    XSS, Harness, add_user_message, any_console, any_db_url, console, make_harness,
)

DOWN_URL = "postgresql://postgres@127.0.0.1:1/none"


def test_no_conversations_yet_shows_an_empty_list_not_an_error(console: Harness, tmp_path: Path) -> None:
    staff = console.signed_in("amy")
    assert not (tmp_path / "tracker.db").exists()
    page = staff.get("/console/unanswered")
    assert page.status_code == 200 and "No unanswered questions yet." in page.text
    assert staff.get("/api/unanswered").json() == {"available": True, "questions": [], "feedback": []}
    assert not (tmp_path / "tracker.db").exists()  # reading did not create Rasa's database

    sa.create_engine(f"sqlite:///{tmp_path}/tracker.db").connect().close()  # the file exists, the table not yet
    assert staff.get("/api/unanswered").json()["questions"] == []


def test_fallback_questions_are_grouped_by_text_newest_first(any_console: Harness) -> None:
    tracker = make_engine(any_console.settings.tracker_store_url)
    now = time.time()
    add_user_message(tracker, "p1", "Do you do LASER hair removal?", "nlu_fallback", now - 3600)
    add_user_message(tracker, "p2", "do you do laser   hair removal?", "nlu_fallback", now - 60)
    add_user_message(tracker, "p3", "What's the weather", "out_of_scope", now - 600)
    add_user_message(tracker, "p4", "how much does it cost", "faq", now - 10)  # answered: not listed
    add_user_message(tracker, "p5", XSS, "nlu_fallback", now - 7200)
    with tracker.begin() as connection:  # other event types are ignored
        connection.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                                   "VALUES ('p1', 'action', :t, NULL, 'action_listen', '{}')"), {"t": now})
    tracker.dispose()
    staff = any_console.signed_in("bob")

    report = staff.get("/api/unanswered").json()
    assert [(q["text"], q["count"]) for q in report["questions"]] == [
        ("do you do laser hair removal?", 2), ("what's the weather", 1), (XSS, 1)]
    assert report["available"] is True
    page = staff.get("/console/unanswered").text
    assert "do you do laser hair removal?" in page and "&lt;img src=x onerror=alert(1)&gt;" in page and XSS not in page


def test_did_you_mean_offers_are_counted_and_button_presses_are_not_questions(any_console: Harness) -> None:
    tracker = make_engine(any_console.settings.tracker_store_url)
    now = time.time()
    add_user_message(tracker, "p1", "is it worth the money", "nlu_fallback", now - 300, ["faq/cost", "faq/benefits"])
    add_user_message(tracker, "p2", "Is it worth the money", "nlu_fallback", now - 200, [])
    add_user_message(tracker, "p2", "/nlu_fallback", "nlu_fallback", now - 100)  # "Something else" pressed
    tracker.dispose()
    staff = any_console.signed_in("bob")
    [question] = staff.get("/api/unanswered").json()["questions"]
    assert (question["text"], question["count"], question["offered"]) == ("is it worth the money", 2, 1)
    assert question["choices"] == ["faq/cost", "faq/benefits"]
    page = staff.get("/console/unanswered").text
    assert '"Did you mean" offered' in page and "<code>faq/benefits</code>" in page


def test_an_unreachable_conversation_store_is_reported_not_a_crash(tmp_path: Path) -> None:
    harness = make_harness(f"sqlite:///{tmp_path}/h.db", tmp_path, tracker_url=DOWN_URL)
    try:
        staff = harness.signed_in("cat")
        assert staff.get("/api/unanswered").json()["available"] is False
        page = staff.get("/console/unanswered")
        assert page.status_code == 200 and "could not be read" in page.text
    finally:
        harness.close()


def test_feedback_counts_show_on_the_unanswered_page(console: Harness) -> None:
    feedback = FeedbackStore(console.db_url)
    feedback.record("faq/cost", "down", "conv-1")
    feedback.record("faq/cost", "down", "conv-2")
    feedback.record("faq/cost", "up", "conv-3")
    feedback.record("aftercare/makeup", "up", "conv-1")
    feedback.engine.dispose()
    staff = console.signed_in("dan")
    assert staff.get("/api/unanswered").json()["feedback"] == [
        {"topic": "faq/cost", "up": 1, "down": 2}, {"topic": "aftercare/makeup", "up": 1, "down": 0}]
    page = staff.get("/console/unanswered").text
    assert "<code>faq/cost</code></th><td>2</td><td>1</td>" in page


def test_feedback_store_validates_what_the_channel_sends(any_db_url: str) -> None:
    feedback = FeedbackStore(any_db_url)
    try:
        for topic, vote, conversation in (
            ("faq/cost", "meh", "c"), ("faq/nope", "up", "c"), ("greet", "up", "c"), ("faq/", "up", "c"),
            ("aftercare/cost", "up", "c"), ("faq/cost", "up", ""), ("faq/cost", "up", "c" * 256),
        ):
            with pytest.raises(ValueError):
                feedback.record(topic, vote, conversation)
        assert feedback.counts() == []
        feedback.record("aftercare/sun_protection", "down", "c1")
        feedback.record("aftercare/sun_protection", "down", "c1")  # clicking again does not count twice
        feedback.record("faq/pain", "down", "c1")
        feedback.record("faq/pain", "up", "c1")  # changing one's mind replaces the vote
        assert [(t.topic, t.up, t.down) for t in feedback.counts()] == [
            ("aftercare/sun_protection", 0, 1), ("faq/pain", 1, 0)]
    finally:
        feedback.engine.dispose()


def test_a_down_database_never_breaks_the_chat(caplog: pytest.LogCaptureFixture) -> None:
    feedback = FeedbackStore(DOWN_URL)
    caplog.set_level(logging.WARNING)
    feedback.record("faq/cost", "up", "conv-secret-id")  # no exception
    assert "Feedback for faq/cost not stored" in caplog.text
    assert "conv-secret-id" not in caplog.text
    feedback.engine.dispose()


def test_feedback_creates_its_table_on_a_fresh_database(tmp_path: Path) -> None:
    """The Rasa process may vote before the console or action server ever started."""
    url = f"sqlite:///{tmp_path}/fresh.db"
    feedback = FeedbackStore(url)
    feedback.record("faq/downtime", "up", "conv-1")
    assert [(t.topic, t.up) for t in feedback.counts()] == [("faq/downtime", 1)]
    feedback.engine.dispose()
