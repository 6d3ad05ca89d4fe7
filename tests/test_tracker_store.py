"""The faster SQL tracker store keeps every conversation exactly as Rasa's own SQL store does.

Both stores share the table, so each test checks what the stock
``SQLTrackerStore`` reads back: the same events, in order, none lost and none
stored twice, on SQLite and on the machine's PostgreSQL.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.tracker_store import FastSQLTrackerStore
from tests.postgres import sqlite_or_postgres_url

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, faq]
slots:
  handoff_id:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
""")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from sqlite_or_postgres_url(request.param, tmp_path / "tracker.db", "tracker store")


def stores(url: str) -> tuple[FastSQLTrackerStore, SQLTrackerStore]:
    return FastSQLTrackerStore(DOMAIN, host=url), SQLTrackerStore(DOMAIN, host=url)


def run(coroutine):  # noqa: ANN001, ANN201 - test helper
    return asyncio.run(coroutine)


def new_conversation(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen", timestamp=1)], DOMAIN.slots)


def save_first_turn(store: SQLTrackerStore, sender: str, text: str) -> None:
    tracker = new_conversation(sender)
    turn(tracker, text, 2)
    run(store.save(tracker))


def turn(tracker: DialogueStateTracker, text: str, timestamp: float) -> None:
    """One user message and the bot's answer, as Rasa appends them."""
    tracker.update(UserUttered(text, {"name": "faq", "confidence": 0.9}, timestamp=timestamp))
    tracker.update(ActionExecuted("utter_faq", timestamp=timestamp + 0.1))
    tracker.update(ActionExecuted("action_listen", timestamp=timestamp + 0.2))


def texts(tracker: DialogueStateTracker | None) -> list[str]:
    assert tracker is not None
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def test_a_conversation_over_many_messages_is_stored_once_and_in_order(url):
    fast, stock = stores(url)
    run(fast.save(new_conversation("p1")))
    for number in range(1, 6):  # as Rasa does per message: read, append, write
        tracker = run(fast.retrieve("p1"))
        turn(tracker, f"question {number}", 10.0 * number)
        run(fast.save(tracker))

    read_back = run(stock.retrieve("p1"))
    assert texts(read_back) == [f"question {n}" for n in range(1, 6)]
    assert len(read_back.events) == 1 + 5 * 3  # nothing stored twice
    assert texts(run(fast.retrieve("p1"))) == texts(read_back)


def test_saving_the_same_tracker_twice_adds_only_the_new_events(url):
    fast, stock = stores(url)
    tracker = new_conversation("p2")
    turn(tracker, "first", 2)
    run(fast.save(tracker))
    turn(tracker, "second", 3)
    tracker.update(SlotSet("handoff_id", "h-1", timestamp=4))
    run(fast.save(tracker))
    run(fast.save(tracker))  # nothing new: nothing written

    read_back = run(stock.retrieve("p2"))
    assert texts(read_back) == ["first", "second"]
    assert read_back.get_slot("handoff_id") == "h-1"
    assert len(read_back.events) == len(tracker.events)


def test_conversations_written_by_rasas_store_read_the_same(url):
    fast, stock = stores(url)
    save_first_turn(stock, "p3", "written by the stock store")

    mine = run(fast.retrieve("p3"))
    assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in run(stock.retrieve("p3")).events]
    turn(mine, "then by the fast one", 5)
    run(fast.save(mine))
    assert texts(run(stock.retrieve("p3"))) == ["written by the stock store", "then by the fast one"]


def test_a_new_session_reads_only_its_own_events_and_keeps_the_old_ones(url):
    fast, stock = stores(url)
    save_first_turn(fast, "p4", "yesterday")

    tracker = run(fast.retrieve("p4"))
    tracker.update(ActionExecuted("action_session_start", timestamp=100))
    tracker.update(SessionStarted(timestamp=100.1))
    tracker.update(ActionExecuted("action_listen", timestamp=100.2))
    turn(tracker, "today", 101)
    run(fast.save(tracker))
    tracker = run(fast.retrieve("p4"))
    turn(tracker, "later today", 102)
    run(fast.save(tracker))

    assert texts(run(fast.retrieve("p4"))) == ["today", "later today"]
    assert texts(run(stock.retrieve_full_tracker("p4"))) == ["yesterday", "today", "later today"]
    assert texts(run(fast.retrieve_full_tracker("p4"))) == ["yesterday", "today", "later today"]


def test_a_copy_of_a_tracker_is_saved_with_rasas_own_count(url):
    fast, stock = stores(url)
    save_first_turn(fast, "p5", "one")
    copy = run(fast.retrieve("p5")).copy()  # not a tracker the store read: it must count
    turn(copy, "two", 3)
    run(fast.save(copy))
    assert texts(run(stock.retrieve("p5"))) == ["one", "two"]
    assert len(run(stock.retrieve("p5")).events) == len(copy.events)


def test_an_unknown_conversation_is_none(url):
    fast, _ = stores(url)
    assert run(fast.retrieve("nobody")) is None


def test_the_last_turn_is_what_the_assistant_offered_after_the_last_message(url):
    from bot.content.widget_protocol import offered_payloads
    from rasa.shared.core.events import BotUttered

    fast, stock = stores(url)
    tracker = new_conversation("p6")
    assert run(fast.last_turn("p6")) is None  # nothing stored yet
    turn(tracker, "first", 2)
    tracker.update(BotUttered("Old question?", {"buttons": [{"title": "Old", "payload": "/deny"}]}, timestamp=2.5))
    turn(tracker, "second", 3)
    tracker.update(BotUttered("Are you pregnant?", {"buttons": [{"title": "Yes", "payload": "/affirm"},
                                                               {"title": "Not sure", "payload": "not sure"}]},
                              timestamp=3.5))
    tracker.update(SlotSet("handoff_id", "h-2", timestamp=3.6))
    run(fast.save(tracker))

    turn_events = run(fast.last_turn("p6"))
    assert turn_events[0]["event"] == "user" and turn_events[0]["text"] == "second"
    full = [event.as_dict() for event in run(stock.retrieve("p6")).events]
    assert offered_payloads(turn_events) == offered_payloads(full) == ["/affirm", "not sure"]


def test_a_last_turn_longer_than_the_rows_read_falls_back_to_the_whole_conversation(url):
    from bot.rasa_ext.tracker_store import LAST_TURN_ROWS
    from rasa.shared.core.events import BotUttered

    fast, _ = stores(url)
    tracker = new_conversation("p7")
    turn(tracker, "hello", 2)
    for number in range(LAST_TURN_ROWS):
        tracker.update(BotUttered(f"line {number}", timestamp=3 + number))
    run(fast.save(tracker))
    assert run(fast.last_turn("p7")) is None


def test_rows_have_the_columns_rasas_store_writes(url):
    import sqlalchemy as sa
    from rasa.shared.core.events import BotUttered

    fast, stock = stores(url)
    for store, sender in ((stock, "by-stock"), (fast, "by-fast")):
        tracker = new_conversation(sender)
        turn(tracker, "how much is it", 2)
        tracker.update(BotUttered("It varies.", {"custom": {"topic": "faq/cost"}}, timestamp=2.15))
        tracker.update(SlotSet("handoff_id", "h-3", timestamp=2.3))
        run(store.save(tracker))
    columns = "type_name, timestamp, intent_name, action_name, data"
    with stock.engine.connect() as connection:
        rows = {sender: connection.execute(sa.text(f"SELECT {columns} FROM events WHERE sender_id = :s ORDER BY id"),
                                           {"s": sender}).fetchall()
                for sender in ("by-stock", "by-fast")}
    assert [tuple(r) for r in rows["by-fast"]] == [tuple(r) for r in rows["by-stock"]]
    assert [r[0] for r in rows["by-fast"]] == ["action", "user", "action", "action", "bot", "slot"]
