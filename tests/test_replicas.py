"""Two Rasa replicas sharing PostgreSQL and Redis lose and duplicate nothing (catalogue H2).

`bot.ops.cli serve` with RASA_REPLICAS=2 and ENDPOINTS_FILE=deploy/endpoints.production.yml:
two action servers, two Rasa servers with the SQL tracker store and the
Redis lock store, and the web app routing each conversation to one replica
(bot.web.chat_proxy.replica_for, sticky: Rasa open source's Redis lock store is
not safe for one conversation served by two replicas at once, RasaHQ/rasa#9213:
sending one conversation two messages at once, one to each replica, lost one of
them in 14 of 100 tries here on 2026-11-26). 50 conversations chat at once
through the web app's /chat, as the widget does.
"""
from __future__ import annotations

import json
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import sqlalchemy as sa
import yaml
from sqlalchemy.pool import NullPool

from bot.ops import cli
from bot.web.chat_proxy import replica_for
from tests.postgres import postgres_schema_url
from tests.servers import Servers, start

ENDPOINTS = "deploy/endpoints.production.yml"
PROJECT = Path(__file__).resolve().parent.parent
REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
CONVERSATIONS = 50
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jun"]
LAST = ["Moreno", "Okafor", "Lindqvist", "Tanaka", "Haddad"]


def lock_key_prefix() -> str:
    """Rasa's RedisLockStore key for a conversation is this + its id (rasa/core/lock_store.py)."""
    prefix = (yaml.safe_load((PROJECT / ENDPOINTS).read_text()).get("lock_store") or {}).get("key_prefix")
    return f"{prefix}:lock:" if isinstance(prefix, str) and prefix.isalnum() else "lock:"


def script(index: int) -> tuple[bool, list[str]]:
    """(asks for a person, the patient's turns). Names and phones are unique per conversation."""
    if index % 2 == 0:
        name = f"{FIRST[index % 10]} {LAST[index // 10 % 5]}"
        return True, ["hi", "how much does it cost?", "can I talk to a real person please", "yes",
                      name, f"212 555 01{index:02d}", "mornings"]
    return False, ["hello", "does it hurt?", "how long is the downtime", "is it safe for dark skin", "thanks"]


@pytest.fixture(scope="module")
def tracker_url() -> Iterator[str]:
    yield from postgres_schema_url("replica tracker store")


@pytest.fixture(scope="module")
def handoffs_url() -> Iterator[str]:
    yield from postgres_schema_url("replica handoff")


@pytest.fixture(scope="module")
def redis_db() -> Iterator[tuple[Any, int, set[str]]]:
    """An empty Redis database of this test's own; the lock keys of the conversations put in the set are deleted afterwards."""
    import redis

    try:
        redis.Redis(REDIS_HOST, REDIS_PORT, socket_timeout=3).ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_HOST}:{REDIS_PORT} is unreachable ({type(error).__name__}: {error})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. CI must provide Redis for the replica test.")
        pytest.skip(message)
    candidates = list(range(2, 16))
    random.shuffle(candidates)
    for db in candidates:
        client = redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_timeout=3)
        if client.dbsize() == 0:
            break
    else:
        pytest.fail(f"no empty Redis database among 2-15 at {REDIS_HOST}:{REDIS_PORT}")
    conversation_ids: set[str] = set()
    yield client, db, conversation_ids
    for conversation_id in conversation_ids:
        client.delete(lock_key_prefix() + conversation_id)
    client.close()


@pytest.fixture(scope="module")
def two_replicas(model, tmp_path_factory, tracker_url, handoffs_url, redis_db) -> Iterator[Servers]:
    _, db, _ = redis_db
    running = start(tmp_path_factory.mktemp("replicas"), replicas=2, timeout=600, extra_env={
        "ENDPOINTS_FILE": ENDPOINTS,
        "TRACKER_STORE_URL": tracker_url,
        "DATABASE_URL": handoffs_url,
        "REDIS_HOST": REDIS_HOST, "REDIS_PORT": str(REDIS_PORT), "REDIS_DB": str(db), "REDIS_PASSWORD": "",
    })
    yield running
    running.stop()


def _events(url: str, conversation_id: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": conversation_id}
            ).fetchall()
    finally:
        engine.dispose()
    return [{"type": row[0], **json.loads(row[1])} for row in rows]


def _handoffs(url: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                sa.text("SELECT id, conversation_id, reason, contact_name FROM handoffs"))]
    finally:
        engine.dispose()


def test_replicas_refuse_to_start_without_a_redis_lock_store(monkeypatch):
    env = {"ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook", "ACTION_SECRET": "s", "TRACKER_STORE_URL": "sqlite://"}
    monkeypatch.setenv("ENDPOINTS_FILE", "endpoints.yml")
    with pytest.raises(SystemExit, match="needs a Redis lock store.*ENDPOINTS_FILE=deploy/endpoints.production.yml"):
        cli._endpoints_file(2, env)
    assert cli._endpoints_file(1, env) == "endpoints.yml"
    monkeypatch.setenv("ENDPOINTS_FILE", ENDPOINTS)
    for variable in ("REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(SystemExit, match="REDIS_DB, REDIS_HOST, REDIS_PASSWORD, REDIS_PORT, not set"):
        cli._endpoints_file(2, env)
    redis_env = {"REDIS_HOST": "h", "REDIS_PORT": "1", "REDIS_DB": "1", "REDIS_PASSWORD": ""}
    assert cli._endpoints_file(2, {**env, **redis_env}) == ENDPOINTS


@pytest.mark.slow
def test_fifty_concurrent_conversations_on_two_replicas_lose_and_duplicate_nothing(
    two_replicas, tracker_url, handoffs_url, redis_db, knowledge
):
    servers = two_replicas
    redis_client, _, to_clean = redis_db
    origin = {"Origin": servers.web_url}
    unavailable = knowledge.template("chat_unavailable")
    sessions: dict[int, str] = {}
    replies: dict[int, list[list[dict[str, Any]]]] = {}
    problems: list[str] = []
    lock_keys_seen: set[bytes] = set()
    done = threading.Event()
    prefix = lock_key_prefix()

    def watch_locks() -> None:  # proves the replicas lock in Redis, not each in its own memory
        while not done.is_set():
            lock_keys_seen.update(key for key in redis_client.keys(f"{prefix}*")
                                  if key.decode()[len(prefix):] in to_clean)
            time.sleep(0.05)

    start_together = threading.Barrier(CONVERSATIONS)

    def converse(index: int) -> None:
        http = requests.Session()
        _, turns = script(index)
        opened = http.post(f"{servers.web_url}/chat/session", json={}, headers=origin, timeout=120)
        opened.raise_for_status()
        sessions[index] = session = opened.json()["session"]
        to_clean.add(session.split(".")[0])
        replies[index] = []
        start_together.wait(timeout=300)
        for text in turns:
            response = http.post(f"{servers.web_url}/chat/webhook", json={"session": session, "message": text},
                                 headers=origin, timeout=120)
            if response.status_code != 200:
                problems.append(f"conversation {index} {text!r}: HTTP {response.status_code} {response.text[:200]}")
                replies[index].append([])
                continue
            replies[index].append(response.json()["messages"])

    watcher = threading.Thread(target=watch_locks, daemon=True)
    watcher.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(CONVERSATIONS) as pool:
            for future in [pool.submit(converse, i) for i in range(CONVERSATIONS)]:
                future.result()
    finally:
        done.set()
        watcher.join(timeout=5)
    elapsed = time.monotonic() - started
    print(f"{CONVERSATIONS} conversations, {sum(len(script(i)[1]) for i in range(CONVERSATIONS))} turns "
          f"in {elapsed:.1f} s")
    assert not problems, problems

    # Every turn got a reply, and not the "cannot reach the assistant" one.
    for index, turns in replies.items():
        for text, messages in zip(script(index)[1], turns, strict=True):
            said = " ".join(m.get("text", "") for m in messages).strip()
            assert said, f"conversation {index}: no reply to {text!r}"
            assert unavailable not in said, f"conversation {index}: fallback reply to {text!r}"

    # Both replicas served conversations (the web app's routing is a hash of the conversation id).
    conversation_ids = {index: session.split(".")[0] for index, session in sessions.items()}
    owners = {index: replica_for(json.dumps({"session": session}).encode(), servers.rasa_urls)
              for index, session in sessions.items()}
    assert set(owners.values()) == set(servers.rasa_urls), owners
    assert lock_keys_seen, "no conversation lock was ever seen in Redis: the replicas do not share the lock store"

    # The tracker store holds each conversation's messages exactly once, in order, and nothing else.
    all_texts = {text for i in range(CONVERSATIONS) for text in script(i)[1]}
    for index, conversation_id in conversation_ids.items():
        events = _events(tracker_url, conversation_id)
        user_texts = [event.get("text") for event in events if event["type"] == "user"]
        assert user_texts == script(index)[1], f"conversation {index} on {owners[index]}: {user_texts}"
        assert set(user_texts) <= all_texts

    # One handoff per conversation that asked for a person, the same id as its slot.
    rows = _handoffs(handoffs_url)
    by_conversation: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_conversation.setdefault(row["conversation_id"], []).append(row)
    for index, conversation_id in conversation_ids.items():
        asked, turns = script(index)
        found = by_conversation.get(conversation_id, [])
        if not asked:
            assert found == [], f"conversation {index}: unexpected handoff {found}"
            continue
        assert len(found) == 1, f"conversation {index}: {len(found)} handoff rows"
        [row] = found
        assert row["reason"] == "request" and row["contact_name"] == turns[4]
        slots = [e for e in _events(tracker_url, conversation_id) if e["type"] == "slot" and e["name"] == "handoff_id"]
        assert slots and slots[-1]["value"] == row["id"], f"conversation {index}: slot {slots} row {row['id']}"
    assert len(rows) == sum(script(i)[0] for i in range(CONVERSATIONS))

    # Each lock is deleted once its turn is done (the fixture removes any left over).
    leftover = [cid for cid in conversation_ids.values() if redis_client.exists(prefix + cid)]
    assert leftover == [], leftover
    log = servers.log.read_text(errors="replace")
    assert "InMemoryTrackerStore" not in log and "LockError" not in log
