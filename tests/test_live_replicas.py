"""Live chat across two web app processes: events through Redis pub/sub, state in PostgreSQL.

The staff member is served by one process and the patient by the other, as
behind a load balancer; every line must still arrive within 2 s. Rasa is the
stand-in of tests/live_harness.py (tests/test_e2e_live.py covers the real one).
Needs PostgreSQL and Redis: skipped on a machine without them, failed with CI=true.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests
import yaml

from bot.content import widget_protocol as protocol
from bot.storage.database import make_engine, system_clock
from bot.web.console.accounts import Accounts
from tests import http_stub
from tests.live_harness import PASSWORD, Patient, Staff, StubRasa, open_stream, relayed
from tests.postgres import postgres_schema_url
from tests.servers import free_port

PROJECT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SESSION_SECRET = "s" * 64


@pytest.fixture(scope="module")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_URL} is unreachable ({type(error).__name__})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. CI must provide Redis for the live-chat replica test.")
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    yield from postgres_schema_url("live chat replicas")


@pytest.fixture(scope="module")
def two_web_apps(tmp_path_factory: pytest.TempPathFactory, redis_url: str, database_url: str) -> Iterator[list[str]]:
    StubRasa.lines, StubRasa.secret_seen, StubRasa.webhook_answer = [], [], {"messages": []}
    rasa, rasa_url = http_stub.start(StubRasa)
    data = tmp_path_factory.mktemp("live-replicas")
    knowledge = data / "knowledge"
    subprocess.run(["cp", "-r", str(PROJECT / "knowledge"), str(knowledge)], check=True)
    clinic = yaml.safe_load((knowledge / "clinic.yml").read_text(encoding="utf-8"))
    clinic["hours"] = {day: "00:00-23:59" for day in clinic["hours"]}  # open whenever the test runs
    (knowledge / "clinic.yml").write_text(yaml.safe_dump(clinic, allow_unicode=True), encoding="utf-8")
    ports = [free_port(), free_port()]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_STORE_URL": f"sqlite:///{data / 'tracker.db'}",
           "DATA_DIR": str(data), "KNOWLEDGE_DIR": str(knowledge), "CLINIC_FILE": str(knowledge / "clinic.yml"),
           "LIVE_BUS_URL": redis_url, "RASA_URLS": rasa_url, "ALLOWED_ORIGINS": ",".join(urls),
           "SESSION_SECRET": SESSION_SECRET, "LIVE_RELAY_SECRET": "r" * 64, "CONSOLE_COOKIE_SECURE": "false",
           "RETENTION_SCHEDULE": "off"}
    processes = []
    log = (data / "web.log").open("wb")
    for port in ports:
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "bot.web.app:app", "--host", "127.0.0.1", "--port", str(port),
             "--ws", "none", "--log-level", "warning", "--timeout-graceful-shutdown", "2"],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # one after the other: the first migrates the database
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            pytest.fail(f"web app did not start:\n{(data / 'web.log').read_text(errors='replace')[-2000:]}")
    engine = make_engine(database_url)
    for name in ("alex", "sam"):
        Accounts(engine, system_clock).create(name, PASSWORD, "staff")
    engine.dispose()
    try:
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(15)
        log.close()
        http_stub.stop(rasa)


def test_staff_on_one_process_and_the_patient_on_the_other_hear_each_other_within_2_s(two_web_apps: list[str]) -> None:
    staff_site, patient_site = two_web_apps
    alex, sam = Staff(staff_site, "alex"), Staff(patient_site, "sam")
    assert alex.post("/api/live/presence", {"available": True, "display_name": "Alex"}).status_code == 200
    patient = Patient(patient_site, protocol.issue(SESSION_SECRET.encode()))
    conversation = patient.session.split(".", 1)[0]
    queue_on_staff_process = open_stream(alex.client, "GET", "/api/live/stream")
    queue_on_staff_process.wait_for("queue")
    assert patient.post("/chat/live/request").json()["position"] == 1
    arrived, _ = queue_on_staff_process.wait_for("queue")  # the request, published by the other process
    patient_stream = patient.stream()
    patient_stream.wait_for("status")

    chat_id = alex.client.get("/api/live/queue").json()["waiting"][0]["id"]
    # Both processes race for the same chat: one winner, in PostgreSQL.
    first, second = alex.post(f"/api/live/{chat_id}/join"), sam.post(f"/api/live/{chat_id}/join")
    assert (first.status_code, second.status_code) == (200, 409)
    assert patient_stream.wait_for("joined")[1]["name"] == "Alex"
    staff_view = open_stream(alex.client, "GET", f"/api/live/{chat_id}/stream")
    staff_view.wait_for("status")

    delays = []
    for number in range(5):
        sent = time.monotonic()
        assert alex.post(f"/api/live/{chat_id}/messages", {"text": f"line {number}"}).status_code == 200
        while True:
            arrived, line = patient_stream.wait_for("staff")
            patient_stream.seen.remove(line)
            if line["text"] == f"line {number}":
                break
        delays.append(arrived - sent)
    assert max(delays) < 2.0, delays

    StubRasa.webhook_answer = {"messages": [], "live": {"paused": True, "alert": None}}
    sent = time.monotonic()
    patient.client.post("/chat/webhook", json={"session": patient.session, "message": "thanks, one more question"})
    arrived, line = staff_view.wait_for("patient")
    assert line["text"] == "thanks, one more question" and arrived - sent < 2.0
    assert [line["kind"] for line in relayed(conversation)][:2] == ["waiting", "joined"]
    for client in (alex, sam, patient):
        client.close()
