"""The live-chat records on SQLite and PostgreSQL: one winner per chat, the queue order, presence, time-outs."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from bot.handoffs.live_chat import GONE, JOINED, TAKEN, JoinResult, LiveChatRules, LiveChats, can_offer
from bot.storage.console_models import StaffUser
from bot.storage.database import make_engine, migrate
from bot.storage.models import Handoff
from tests.postgres import sqlite_or_postgres_url

# A Tuesday, 11:00 in New York (clinic.yml: America/New_York, tue 09:00-18:00).
OPEN_HOURS = datetime(2026, 12, 8, 16, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime = OPEN_HOURS) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.engine.Engine]:
    for url in sqlite_or_postgres_url(request.param, tmp_path / "live.db", "live chat"):
        made = make_engine(url)
        migrate(made)
        with made.begin() as connection:
            for user_id, name in ((1, "alex"), (2, "sam"), (3, "kim")):
                connection.execute(StaffUser.__table__.insert().values(
                    id=user_id, username=name, password_hash="x", role="staff", disabled=False, failed_logins=0,
                    created_at=OPEN_HOURS))
        yield made
        made.dispose()


def test_of_two_staff_joining_at_once_exactly_one_gets_the_chat_and_the_other_sees_who(engine: sa.engine.Engine) -> None:
    chats = LiveChats(engine, Clock())
    for attempt in range(5):
        chat = chats.request(f"conversation-{attempt}", None)
        results: dict[int, JoinResult] = {}
        start = threading.Barrier(2)

        def join(user_id: int, name: str, chat_id: str = chat.id, start: threading.Barrier = start,
                 results: dict[int, JoinResult] = results) -> None:
            start.wait()
            results[user_id] = chats.join(chat_id, user_id, name)

        threads = [threading.Thread(target=join, args=(1, "Alex")), threading.Thread(target=join, args=(2, "Sam"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes = sorted(result.outcome for result in results.values())
        assert outcomes == [JOINED, TAKEN]
        winner = next(result.chat for result in results.values() if result.outcome == JOINED)
        loser = next(result.chat for result in results.values() if result.outcome == TAKEN)
        assert loser.staff_name == winner.staff_name in ("Alex", "Sam")
        # A third person later is told the same; the winner joining again is harmless.
        assert chats.join(chat.id, 3, "Kim").outcome == TAKEN
        assert chats.join(chat.id, winner.staff_user_id, "again").outcome == JOINED


def test_the_queue_puts_emergencies_then_urgent_first_then_the_longest_wait(engine: sa.engine.Engine) -> None:
    clock = Clock()
    chats = LiveChats(engine, clock)
    routine_old = chats.request("a", None, "routine")
    clock.advance(seconds=10)
    urgent = chats.request("b", None, "urgent")
    clock.advance(seconds=10)
    emergency = chats.request("c", None, "emergency")
    routine_new = chats.request("d", None, "routine")
    assert [chat.id for chat in chats.queue()] == [emergency.id, urgent.id, routine_old.id, routine_new.id]
    assert chats.position(routine_old) == 3
    # Asking again (a reload, a double click) keeps the place instead of queueing twice.
    assert chats.request("a", None).id == routine_old.id and len(chats.queue()) == 4


def test_nobody_joining_in_time_times_the_chat_out_once_and_a_joined_chat_never(engine: sa.engine.Engine) -> None:
    clock = Clock()
    chats = LiveChats(engine, clock)
    rules = LiveChatRules.from_clinic({"live_chat": {"wait_limit_minutes": 3}})
    waiting = chats.request("waiting", None)
    joined = chats.request("joined", None)
    assert chats.join(joined.id, 1, "Alex").outcome == JOINED
    clock.advance(minutes=2, seconds=59)
    assert chats.expire(rules.wait_limit) == []
    clock.advance(seconds=2)
    assert [chat.id for chat in chats.expire(rules.wait_limit)] == [waiting.id]
    assert chats.expire(rules.wait_limit) == []
    assert chats.get(waiting.id).status == "timed_out" and chats.get(joined.id).status == "active"
    # Too late to join a chat that became a call-back.
    assert chats.join(waiting.id, 2, "Sam").outcome == GONE
    # The patient may ask again: a new place in the queue.
    assert chats.request("waiting", None).id != waiting.id


def test_only_the_staff_member_who_joined_can_hand_back(engine: sa.engine.Engine) -> None:
    chats = LiveChats(engine, Clock())
    chat = chats.request("c", None)
    chats.join(chat.id, 1, "Alex")
    assert chats.finish(chat.id, 2) is None
    ended = chats.finish(chat.id, 1)
    assert ended is not None and ended.status == "ended"
    assert chats.finish(chat.id, 1) is None
    assert chats.current("c") is None


def test_presence_goes_stale_without_a_heartbeat_and_a_chat_is_offered_only_in_opening_hours(
        engine: sa.engine.Engine) -> None:
    clock = Clock()
    chats = LiveChats(engine, clock)
    clinic = {"timezone": "America/New_York", "hours": {day: "09:00-18:00" for day in
                                                        ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}
    assert chats.available_staff() == 0 and not can_offer(clinic, chats, clock())
    chats.set_presence(1, "Alex", True)
    chats.set_presence(1, "Alex", True)  # a second tab
    assert chats.available_staff() == 1 and can_offer(clinic, chats, clock())
    clock.advance(minutes=2)
    assert chats.available_staff() == 0 and not chats.is_available(1)
    assert chats.heartbeat(1) and chats.available_staff() == 1
    chats.set_presence(1, "Alex", False)
    assert not chats.heartbeat(1) and chats.available_staff() == 0
    chats.set_presence(1, "Alex", True)
    assert not can_offer(clinic, chats, clock() + timedelta(hours=10))  # 21:00 in New York


def test_a_chat_whose_staff_console_went_quiet_counts_as_abandoned(engine: sa.engine.Engine) -> None:
    clock = Clock()
    chats = LiveChats(engine, clock)
    chats.set_presence(1, "Alex", True)
    chat = chats.request("c", None)
    chats.join(chat.id, 1, "Alex")
    chats.set_presence(1, "Alex", False)  # not taking new chats, still on this one
    clock.advance(seconds=60)
    assert chats.heartbeat(1) is False and chats.abandoned() == []
    clock.advance(seconds=80)
    assert [gone.id for gone in chats.abandoned()] == [chat.id]


def test_the_usual_wait_is_the_median_of_recent_chats(engine: sa.engine.Engine) -> None:
    clock = Clock()
    chats = LiveChats(engine, clock)
    assert chats.typical_wait_minutes(default=2) == 2
    for number, wait in enumerate((60, 120, 600)):
        chat = chats.request(f"c{number}", None)
        clock.advance(seconds=wait)
        chats.join(chat.id, 1, "Alex")
    assert chats.typical_wait_minutes(default=2) == 2  # median 120 s


def test_staff_see_each_chats_language_from_its_handoff(engine: sa.engine.Engine) -> None:
    """Issue 14: the live queue says which chats are in Spanish before anyone joins; no handoff reads as English."""
    with engine.begin() as connection:
        for handoff_id, language in (("h-es", "es"), ("h-en", "en")):
            connection.execute(Handoff.__table__.insert().values(
                id=handoff_id, conversation_id=f"conv-{language}", reason="request", urgency="routine", status="new",
                open_key=f"conv-{language}:request", triage_signs=[], prescreen_flags=[], transcript=[],
                language=language, created_at=OPEN_HOURS, updated_at=OPEN_HOURS))
    clock = Clock()
    chats = LiveChats(engine, clock)
    spanish = chats.request("conv-es", "h-es", "urgent")
    clock.advance(seconds=5)
    english = chats.request("conv-en", "h-en")
    clock.advance(seconds=5)
    unknown = chats.request("conv-none", None)

    assert spanish.language == "es"
    assert [(chat.id, chat.language) for chat in chats.queue()] == [
        (spanish.id, "es"), (english.id, "en"), (unknown.id, "en")]
    assert chats.current("conv-es").language == "es"
    assert chats.join(spanish.id, 1, "Alex").chat.language == "es"
    assert [(chat.id, chat.language) for chat in chats.active()] == [(spanish.id, "es")]
