"""Retention and erasure (bot/privacy/retention.py): the purge, its command and schedule, erasure in the console.

Time is injected: ``purge(settings, now)`` takes the harness clock's time, and
data is dated relative to it. The key paths run on SQLite and on PostgreSQL
(``any_console``: the tracker's ``events`` table in the handoff database);
the rest on SQLite with the tracker in its own file, as in a default install.
A canary string sits in every transcript, event and note, and the audit log
must never hold it nor a conversation id.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import re
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from bot.ops import cli

from bot.privacy import retention
from bot.web.console.app import create_app
from bot.storage.console_models import Feedback, HandoffNote
from bot.storage.models import Handoff
from bot.handoffs.store import Contact
from bot.content.settings import load_settings
from tests.test_console import (  # noqa: F401 - fixtures
    BASE_URL, Harness, any_console, any_db_url, console, create_tracker_table,
)

CANARY = "CANARY-retention-5d1e Sarah Quintrell-Oakes"
DAY = timedelta(days=1)


# -- helpers --------------------------------------------------------------------------------
def conversation(tag: str) -> str:
    return f"conv-{tag}-{uuid.uuid4().hex[:10]}"


def add_events(engine: sa.engine.Engine, sender: str, *ages: timedelta, now: datetime) -> None:
    """One patient message and one bot reply per age, both carrying the canary."""
    with engine.begin() as connection:
        for age in ages:
            stamp = (now - age).timestamp()
            for type_name, data in (
                ("user", {"event": "user", "timestamp": stamp, "text": f"{CANARY} my skin is red",
                          "parse_data": {"intent": {"name": "report_symptom"}}}),
                ("bot", {"event": "bot", "timestamp": stamp, "text": f"Thanks {CANARY}"}),
            ):
                connection.execute(
                    sa.text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                            "VALUES (:sender, :type, :ts, :intent, NULL, :data)"),
                    {"sender": sender, "type": type_name, "ts": stamp,
                     "intent": "report_symptom" if type_name == "user" else None, "data": json.dumps(data)},
                )


def event_senders(engine: sa.engine.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")).fetchall()
    return {sender: count for sender, count in rows}


def add_vote(h: Harness, conversation_id: str, age: timedelta, topic: str = "faq/cost") -> None:
    with h.console.engine.begin() as connection:
        connection.execute(Feedback.__table__.insert().values(
            topic=topic, vote="down", conversation_id=conversation_id, created_at=h.clock() - age))


def votes(h: Harness) -> set[str]:
    with h.console.engine.connect() as connection:
        return set(connection.execute(sa.select(Feedback.__table__.c.conversation_id)).scalars())


def note_count(h: Harness, handoff_id: Optional[str] = None) -> int:
    table = HandoffNote.__table__
    query = sa.select(sa.func.count()).select_from(table)
    if handoff_id:
        query = query.where(table.c.handoff_id == handoff_id)
    with h.console.engine.connect() as connection:
        return connection.execute(query).scalar_one()


def handoff_ids(h: Harness) -> set[str]:
    with h.console.engine.connect() as connection:
        return set(connection.execute(sa.select(Handoff.__table__.c.id)).scalars())


def resolve(h: Harness, handoff_id: str, ago: timedelta) -> None:
    h.store.set_status(handoff_id, "resolved")
    with h.console.engine.begin() as connection:
        connection.execute(Handoff.__table__.update().where(Handoff.__table__.c.id == handoff_id)
                           .values(resolved_at=h.clock() - ago))


def transcript() -> list[dict[str, Any]]:
    return [{"sender": "patient", "text": f"{CANARY} it hurts", "time": None},
            {"sender": "assistant", "text": "A person will call you.", "time": None}]


def assert_audit_is_clean(h: Harness, *conversation_ids: str) -> None:
    for row in h.audit_rows():
        text = repr(row)
        assert "CANARY" not in text and "Quintrell" not in text, row
        for conversation_id in conversation_ids:
            assert conversation_id not in text, row
    assert h.console.audit.verify() == []


def tracker_engine(h: Harness) -> sa.engine.Engine:
    return create_tracker_table(h.settings.tracker_store_url)


@pytest.fixture
def tracked(console: Harness) -> Iterator[tuple[Harness, sa.engine.Engine]]:
    """The SQLite console with Rasa's tracker store in its own file, as ``./scripts/run`` sets it up."""
    engine = tracker_engine(console)
    try:
        yield console, engine
    finally:
        engine.dispose()


# -- the purge ----------------------------------------------------------------------------------
def test_purge_deletes_old_conversations_and_old_resolved_handoffs_only(tracked: tuple[Harness, sa.engine.Engine]) -> None:
    h, events = tracked
    now = h.clock()
    admin = h.add_user("ada", role="admin")
    old, recent, boundary = conversation("old"), conversation("recent"), conversation("boundary")
    old_open, old_claimed, votes_only, votes_recent = (conversation("open"), conversation("claimed"),
                                                       conversation("votes"), conversation("votes-new"))
    add_events(events, old, 45 * DAY, 31 * DAY, now=now)
    add_events(events, recent, 90 * DAY, 1 * DAY, now=now)  # started long ago, but active yesterday
    add_events(events, boundary, 30 * DAY - timedelta(minutes=1), now=now)
    add_events(events, old_open, 200 * DAY, now=now)
    add_events(events, old_claimed, 60 * DAY, now=now)
    for conversation_id in (old, recent, old_open):
        add_vote(h, conversation_id, 31 * DAY)
    add_vote(h, votes_only, 45 * DAY)  # a vote whose conversation has no events left
    add_vote(h, votes_recent, 2 * DAY)

    ancient_new = h.open_handoff(old_open, age=1000 * DAY, transcript=transcript())
    claimed = h.open_handoff(old_claimed, reason="booking", age=400 * DAY)
    h.store.set_status(claimed, "claimed", staff="ada")
    resolved_old = h.open_handoff(conversation("r-old"), age=400 * DAY, transcript=transcript())
    resolved_recent = h.open_handoff(conversation("r-new"), age=370 * DAY, transcript=transcript())
    h.console.changes.add_note(resolved_old, admin, f"{CANARY} called back", "10.0.0.1")
    h.console.changes.add_note(resolved_recent, admin, f"{CANARY} called back", "10.0.0.1")
    resolve(h, resolved_old, 366 * DAY)
    resolve(h, resolved_recent, 364 * DAY)

    report = retention.purge(h.settings, now)

    assert (report.conversations, report.events, report.feedback, report.handoffs, report.notes, report.kept_open) == (
        2, 4, 2, 1, 1, 2)
    assert set(event_senders(events)) == {recent, boundary, old_open, old_claimed}
    assert votes(h) == {recent, old_open, votes_recent}
    assert handoff_ids(h) == {ancient_new, claimed, resolved_recent}
    assert note_count(h, resolved_old) == 0 and note_count(h, resolved_recent) == 1

    row = h.audit_rows()[-1]
    assert (row.action, row.user_id, row.handoff_id, row.source_ip, row.outcome) == (
        "retention_purge", None, None, "cli", "c2 h1 n1 f2 e4")
    assert row.at == now

    again = retention.purge(h.settings, now)  # nothing left to do: still audited
    assert (again.conversations, again.events, again.feedback, again.handoffs, again.notes) == (0, 0, 0, 0, 0)
    assert h.audit_rows()[-1].outcome == "c0 h0 n0 f0 e0"
    assert_audit_is_clean(h, old, recent, boundary, old_open, old_claimed, votes_only, votes_recent)


def test_open_and_claimed_handoffs_are_never_purged_however_old(tracked: tuple[Harness, sa.engine.Engine]) -> None:
    h, events = tracked
    sender = conversation("patient")
    add_events(events, sender, 800 * DAY, now=h.clock())
    fresh = h.open_handoff(sender, age=800 * DAY)
    later = h.clock() + 3000 * DAY
    report = retention.purge(h.settings, later)
    assert (report.conversations, report.handoffs, report.kept_open) == (0, 0, 1)
    assert sender in event_senders(events) and fresh in handoff_ids(h)

    resolve(h, fresh, 0 * DAY)  # resolved now: the conversation may go, the handoff stays a year
    report = retention.purge(h.settings, later - 2999 * DAY)
    assert (report.conversations, report.events, report.handoffs) == (1, 2, 0)
    assert event_senders(events) == {} and fresh in handoff_ids(h)
    assert retention.purge(h.settings, later).handoffs == 1


def test_the_policy_comes_from_the_environment_with_a_clear_message_for_bad_values(
    tracked: tuple[Harness, sa.engine.Engine], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RETENTION_CONVERSATION_DAYS", raising=False)
    monkeypatch.delenv("RETENTION_RESOLVED_HANDOFF_DAYS", raising=False)
    defaults = load_settings()
    assert (defaults.retention_conversation_days, defaults.retention_resolved_handoff_days) == (30, 365)
    monkeypatch.setenv("RETENTION_CONVERSATION_DAYS", "7")
    monkeypatch.setenv("RETENTION_RESOLVED_HANDOFF_DAYS", "90")
    assert (load_settings().retention_conversation_days, load_settings().retention_resolved_handoff_days) == (7, 90)
    for bad in ("thirty", "30d", "-1", "0", "1.5", ""):
        monkeypatch.setenv("RETENTION_CONVERSATION_DAYS", bad)
        with pytest.raises(SystemExit) as raised:
            load_settings()
        message = str(raised.value)
        assert f"RETENTION_CONVERSATION_DAYS={bad!r} is not a number of days" in message and "Fix:" in message
    monkeypatch.setenv("RETENTION_CONVERSATION_DAYS", "30")
    monkeypatch.setenv("RETENTION_RESOLVED_HANDOFF_DAYS", "a year")
    with pytest.raises(SystemExit, match="RETENTION_RESOLVED_HANDOFF_DAYS='a year' is not a number of days"):
        load_settings()

    h, events = tracked
    sender = conversation("week")
    add_events(events, sender, 8 * DAY, now=h.clock())
    handoff = h.open_handoff(conversation("q"))
    resolve(h, handoff, 91 * DAY)
    assert retention.purge(h.settings, h.clock()).conversations == 0  # 30 / 365 days
    clinic = dataclasses.replace(h.settings, retention_conversation_days=7, retention_resolved_handoff_days=90)
    report = retention.purge(clinic, h.clock())
    assert (report.conversations, report.handoffs) == (1, 1)


def test_a_missing_tracker_store_or_events_table_is_not_an_error(console: Harness) -> None:
    tracker_file = Path(console.settings.tracker_store_url.removeprefix("sqlite:///"))
    assert not tracker_file.exists()
    handoff = console.open_handoff(conversation("x"))
    resolve(console, handoff, 400 * DAY)
    add_vote(console, "conv-no-events", 40 * DAY)
    report = retention.purge(console.settings, console.clock())
    assert (report.events, report.handoffs, report.feedback, report.conversations) == (0, 1, 1, 1)
    assert not tracker_file.exists()  # not created by the purge

    sa.create_engine(console.settings.tracker_store_url).connect().close()  # the file, without Rasa's table
    assert tracker_file.exists()
    assert retention.purge(console.settings, console.clock()).events == 0
    erased = retention.erase_conversation(console.settings, "conv-no-events")
    assert erased.events == 0


def test_audit_outcomes_fit_their_column() -> None:
    assert retention.counts_outcome([("c", 3), ("h", 1), ("n", 0), ("f", 2), ("e", 40)]) == "c3 h1 n0 f2 e40"
    big = retention.counts_outcome([("c", 123456), ("h", 12345), ("n", 123456), ("f", 123456), ("e", 12345678)])
    assert len(big) <= 32 and big.startswith("c123456")
    huge = retention.counts_outcome([("c", 10**9), ("h", 10**9), ("n", 10**9), ("f", 10**9), ("e", 10**12)])
    assert len(huge) <= 32 and huge.startswith("c1000000000")


# -- the command ------------------------------------------------------------------------------
def test_the_purge_command_dry_run_changes_nothing_then_the_real_run_deletes(
    tracked: tuple[Harness, sa.engine.Engine], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    h, events = tracked
    old, kept = conversation("old"), conversation("kept")
    add_events(events, old, 40 * DAY, now=h.clock())
    add_events(events, kept, 2 * DAY, now=h.clock())
    add_vote(h, old, 40 * DAY)
    handoff = h.open_handoff(conversation("r"), transcript=transcript())
    resolve(h, handoff, 400 * DAY)
    monkeypatch.setenv("DATABASE_URL", h.settings.database_url)
    monkeypatch.setenv("TRACKER_STORE_URL", h.settings.tracker_store_url)
    for name in ("RETENTION_CONVERSATION_DAYS", "RETENTION_RESOLVED_HANDOFF_DAYS"):
        monkeypatch.delenv(name, raising=False)
    before = (event_senders(events), votes(h), handoff_ids(h), h.console.audit.count())

    assert cli.main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would delete 1 conversation(s) with 2 event(s) and 1 feedback vote(s)" in out
    assert "and 1 resolved handoff(s) with 0 note(s)" in out and "Dry run: nothing was deleted." in out
    assert (event_senders(events), votes(h), handoff_ids(h), h.console.audit.count()) == before

    assert cli.main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "Deleted 1 conversation(s) with 2 event(s)" in out and "Dry run" not in out
    assert set(event_senders(events)) == {kept} and votes(h) == set() and handoff_ids(h) == set()
    row = h.audit_rows()[-1]
    assert (row.action, row.user_id, row.source_ip, row.outcome) == ("retention_purge", None, "cli", "c1 h1 n0 f1 e2")
    assert CANARY not in out and old not in out
    assert cli.main(["audit", "verify"]) == 0
    assert_audit_is_clean(h, old, kept)


def test_the_purge_command_reports_an_unreachable_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/h.db")
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://postgres@127.0.0.1:1/none")
    assert cli.main(["purge"]) == 1
    out = capsys.readouterr().out
    assert "Purge failed (OperationalError)" in out and "TRACKER_STORE_URL" in out


# -- the key path on each database (PostgreSQL too) --------------------------------------------------
def test_purge_and_console_erasure_on_each_database(any_console: Harness) -> None:
    h = any_console
    events = sa.create_engine(h.settings.tracker_store_url)
    try:
        now = h.clock()
        old, open_old, patient, other = (conversation("old"), conversation("open"), conversation("patient"),
                                         conversation("other"))
        add_events(events, old, 31 * DAY, now=now)
        add_events(events, open_old, 31 * DAY, now=now)
        add_events(events, patient, 3 * DAY, 2 * DAY, 1 * DAY, now=now)
        add_events(events, other, 1 * DAY, now=now)
        add_vote(h, old, 31 * DAY)
        add_vote(h, patient, 1 * DAY)
        add_vote(h, patient, 1 * DAY, topic="faq/pain")
        open_handoff = h.open_handoff(open_old, age=40 * DAY)
        resolved_old = h.open_handoff(conversation("r"), age=400 * DAY)
        resolve(h, resolved_old, 366 * DAY)

        report = retention.purge(h.settings, now)
        assert (report.conversations, report.events, report.feedback, report.handoffs, report.kept_open) == (1, 2, 1, 1, 1)
        assert set(event_senders(events)) == {open_old, patient, other}
        assert handoff_ids(h) == {open_handoff}

        # The patient asks to be forgotten: an admin erases from the handoff page.
        admin_user = h.add_user("ida", role="admin")
        assert h.login("ida").status_code == 303
        target = h.open_handoff(patient, reason="symptom", urgency="urgent", transcript=transcript(),
                                contact=Contact(name=CANARY, phone="+15550100000"))
        earlier = h.open_handoff(patient, reason="booking", transcript=transcript())
        resolve(h, earlier, 10 * DAY)
        h.console.changes.add_note(target, admin_user, f"{CANARY} left a message", "10.0.0.2")
        keep = h.open_handoff(other, transcript=transcript())
        page = h.client.get(f"/console/handoffs/{target}").text
        token = re.search(r'action="/console/handoffs/[^"]+/erase">\s*<input type="hidden" name="csrf_token" '
                          r'value="([^"]+)"', page).group(1)

        unconfirmed = h.client.post(f"/console/handoffs/{target}/erase", data={"csrf_token": token, "confirm": "yes"},
                                    follow_redirects=False)
        assert unconfirmed.status_code == 303 and "done=erase_not_confirmed" in unconfirmed.headers["location"]
        assert "Nothing was erased" in h.client.get(unconfirmed.headers["location"]).text
        assert target in handoff_ids(h) and patient in event_senders(events)

        erased = h.client.post(f"/console/handoffs/{target}/erase", data={"csrf_token": token, "confirm": "ERASE"},
                               follow_redirects=False)
        assert (erased.status_code, erased.headers["location"]) == (303, "/console/erased")
        assert "Conversation erased" in h.client.get("/console/erased").text

        assert h.client.get(f"/console/handoffs/{target}").status_code == 404
        assert h.client.get(f"/api/handoffs/{target}").status_code == 404
        listed = {row["id"] for row in h.client.get("/api/handoffs?status=all").json()}
        assert listed == {open_handoff, keep}
        assert target not in h.client.get("/console/?status=all").text
        assert set(event_senders(events)) == {open_old, other}
        assert handoff_ids(h) == {open_handoff, keep} and votes(h) == set()
        assert note_count(h) == 0

        rows = [(r.action, r.user_id, r.handoff_id, r.outcome) for r in h.audit_rows()
                if r.action == "conversation_erased"]
        assert rows == [("conversation_erased", admin_user.id, target, "not_confirmed"),
                        ("conversation_erased", admin_user.id, target, "h2 n1 f2 e6")]
        assert [r.outcome for r in h.audit_rows() if r.action == "retention_purge"] == ["c1 h1 n0 f1 e2"]
        assert_audit_is_clean(h, old, open_old, patient, other)
    finally:
        events.dispose()


# -- erasure: who may, and how it shows --------------------------------------------------------
def test_only_admins_see_the_erase_form(tracked: tuple[Harness, sa.engine.Engine]) -> None:
    h, _ = tracked
    handoff = h.open_handoff(conversation("p"))
    staff = h.signed_in("sam")
    admin = h.signed_in("amy", role="admin")
    form = f'action="/console/handoffs/{handoff}/erase"'
    assert form not in staff.get(f"/console/handoffs/{handoff}").text
    page = admin.get(f"/console/handoffs/{handoff}").text
    assert form in page and 'name="confirm"' in page and 'name="csrf_token"' in page.split(form, 1)[1][:200]


def test_admins_erase_through_the_api(tracked: tuple[Harness, sa.engine.Engine]) -> None:
    h, events = tracked
    patient = conversation("api")
    add_events(events, patient, 1 * DAY, now=h.clock())
    handoff = h.open_handoff(patient, transcript=transcript())
    admin_user = h.add_user("abe", role="admin")
    client = h.new_client()
    h.login("abe", client=client)
    token = h.csrf(client)

    assert client.post(f"/api/handoffs/{handoff}/erase").status_code == 403  # no CSRF token
    assert handoff in handoff_ids(h)
    response = client.post(f"/api/handoffs/{handoff}/erase", headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert response.json() == {"events": 2, "handoffs": 1, "notes": 0, "feedback": 0}
    assert client.get(f"/api/handoffs/{handoff}").status_code == 404
    again = client.post(f"/api/handoffs/{handoff}/erase", headers={"X-CSRF-Token": token})
    assert again.status_code == 404
    rows = [(r.user_id, r.handoff_id, r.outcome) for r in h.audit_rows() if r.action == "conversation_erased"]
    assert rows == [(admin_user.id, handoff, "csrf_rejected"), (admin_user.id, handoff, "h1 n0 f0 e2"),
                    (admin_user.id, handoff, "not_found")]
    assert "/api/handoffs/{handoff_id}/erase" in client.get("/api/openapi.json").json()["paths"]
    assert_audit_is_clean(h, patient)


def test_staff_cannot_erase_and_the_attempts_are_audited(tracked: tuple[Harness, sa.engine.Engine]) -> None:
    h, events = tracked
    patient = conversation("staff")
    add_events(events, patient, 1 * DAY, now=h.clock())
    handoff = h.open_handoff(patient, transcript=transcript())
    staff_user = h.add_user("sue")
    client = h.new_client()
    h.login("sue", client=client)
    token = h.csrf(client)

    api = client.post(f"/api/handoffs/{handoff}/erase", headers={"X-CSRF-Token": token})
    assert (api.status_code, api.json()) == (403, {"detail": "Not allowed."})
    page = client.post(f"/console/handoffs/{handoff}/erase", data={"csrf_token": token, "confirm": "ERASE"},
                       follow_redirects=False)
    assert page.status_code == 403 and "Not allowed" in page.text
    assert handoff in handoff_ids(h) and patient in event_senders(events)
    denied = [(r.action, r.user_id, r.handoff_id, r.outcome) for r in h.audit_rows() if r.action == "conversation_erased"]
    assert denied == [("conversation_erased", staff_user.id, handoff, "forbidden")] * 2
    assert_audit_is_clean(h, patient)


def test_erase_conversation_deletes_everything_of_one_conversation(tracked: tuple[Harness, sa.engine.Engine]) -> None:
    h, events = tracked
    patient, bystander = conversation("p"), conversation("b")
    add_events(events, patient, 2 * DAY, 1 * DAY, now=h.clock())
    add_events(events, bystander, 1 * DAY, now=h.clock())
    add_vote(h, patient, 1 * DAY)
    add_vote(h, bystander, 1 * DAY)
    first = h.open_handoff(patient, reason="symptom")
    second = h.open_handoff(patient, reason="booking")
    other = h.open_handoff(bystander)
    report = retention.erase_conversation(h.settings, patient, source_ip="cli")
    assert dataclasses.astuple(report) == (4, 2, 0, 1)
    assert set(event_senders(events)) == {bystander} and votes(h) == {bystander}
    assert handoff_ids(h) == {other} and first not in handoff_ids(h) and second not in handoff_ids(h)
    row = h.audit_rows()[-1]
    assert (row.action, row.user_id, row.handoff_id, row.outcome) == ("conversation_erased", None, None, "h2 n0 f1 e4")


# -- the schedule -----------------------------------------------------------------------------------
def scheduled_app(h: Harness, schedule: bool) -> Any:
    settings = dataclasses.replace(h.settings, retention_schedule=schedule)
    return create_app(settings, clock=h.clock)


def wait_for(condition: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_app_purges_in_the_background_at_start_up(tracked: tuple[Harness, sa.engine.Engine],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    h, events = tracked
    old = conversation("old")
    add_events(events, old, 40 * DAY, now=h.clock())
    release = threading.Event()
    real_purge = retention.purge

    def slow_purge(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real_purge(*args, **kwargs)

    monkeypatch.setattr(retention, "purge", slow_purge)
    app = scheduled_app(h, schedule=True)
    started = time.monotonic()
    with TestClient(app, base_url=BASE_URL) as client:
        assert client.get("/healthz").status_code == 200  # start-up did not wait for the purge
        assert time.monotonic() - started < 5
        assert old in event_senders(events)
        release.set()
        assert wait_for(lambda: any(r.action == "retention_purge" for r in h.audit_rows()))
    row = [r for r in h.audit_rows() if r.action == "retention_purge"][0]
    assert (row.user_id, row.source_ip, row.outcome) == (None, "schedule", "c1 h0 n0 f0 e2")
    assert event_senders(events) == {}
    app.state.console.engine.dispose()


def test_a_failed_scheduled_purge_is_logged_without_patient_data_and_retried(
    tracked: tuple[Harness, sa.engine.Engine], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    h, _ = tracked
    calls: list[datetime] = []

    def flaky(settings: Any, now: datetime, **kwargs: Any) -> Any:
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError(f"[parameters: ('{CANARY}',)]")
        return None

    monkeypatch.setattr(retention, "purge", flaky)
    monkeypatch.setattr(retention, "SCHEDULE_INTERVAL", timedelta(seconds=0.05))
    caplog.set_level(logging.INFO, logger="bot.privacy.retention")
    app = scheduled_app(h, schedule=True)
    with TestClient(app, base_url=BASE_URL):
        assert wait_for(lambda: len(calls) >= 3)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures and "RuntimeError" in failures[0].getMessage()
    assert all("CANARY" not in r.getMessage() and not r.exc_info for r in caplog.records)
    assert calls[0] == h.clock()  # the app's clock
    app.state.console.engine.dispose()


def test_the_schedule_can_be_switched_off(tracked: tuple[Harness, sa.engine.Engine],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    h, events = tracked
    add_events(events, conversation("old"), 40 * DAY, now=h.clock())
    calls: list[Any] = []
    monkeypatch.setattr(retention, "purge", lambda *a, **k: calls.append(a))
    monkeypatch.setenv("RETENTION_SCHEDULE", "off")
    assert load_settings().retention_schedule is False
    monkeypatch.setenv("RETENTION_SCHEDULE", "on")
    assert load_settings().retention_schedule is True
    app = scheduled_app(h, schedule=False)
    with TestClient(app, base_url=BASE_URL) as client:
        assert client.get("/healthz").status_code == 200
        time.sleep(0.2)
    assert calls == [] and len(event_senders(events)) == 1
    app.state.console.engine.dispose()
