"""The handoff store on SQLite and on a real PostgreSQL, its spool and transcripts.

PostgreSQL: 127.0.0.1:5432, trust auth, database ``test`` (override with
HANDOFF_TEST_PG_URL). Each test gets its own schema, dropped afterwards. If the
server is unreachable the PostgreSQL cases are skipped locally and fail in CI.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.handoffs import transcript
from bot.storage.database import MIGRATIONS
from bot.storage.models import Handoff
from bot.handoffs.spool import Spool
from bot.handoffs.store import Contact, HandoffRequest, HandoffStore
from tests.postgres import sqlite_or_postgres_url

DOWN_URL = "postgresql://postgres@127.0.0.1:1/none"

NAME = "Sarah Quintrell-Oakes"
PHONE = "+15550109999"
EMAIL = "sarah.quintrell@example.com"
TIME = "weekday mornings"
MARKER = "MARKER-transcript-9c41e"


class Notices:
    """Records (handoff id, urgency, reason, language) for every staff notification."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, str]] = []
        self.lock = threading.Lock()

    def __call__(self, handoff_id: str, urgency: str, reason: str, language: str) -> None:
        with self.lock:
            self.calls.append((handoff_id, urgency, reason, language))



@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from sqlite_or_postgres_url(request.param, tmp_path / "h.db", "handoff store")


@pytest.fixture
def notices() -> Notices:
    return Notices()


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def store(db_url: str, spool_dir: Path, notices: Notices) -> Iterator[HandoffStore]:
    """A migrated store on each backend."""
    handoffs = HandoffStore(db_url, spool_dir, notify=notices)
    handoffs.migrate()
    try:
        yield handoffs
    finally:
        handoffs.engine.dispose()


def request(conversation: str = "conv-1", reason: str = "symptom", **fields: object) -> HandoffRequest:
    return HandoffRequest(conversation_id=conversation, reason=reason, **fields)  # type: ignore[arg-type]  # the tests pass loose keyword values


def count_rows(handoffs: HandoffStore) -> int:
    with handoffs.engine.connect() as connection:
        return connection.execute(sa.text("SELECT COUNT(*) FROM handoffs")).scalar_one()


def spool_files(directory: Path) -> list[Path]:
    return sorted(directory.iterdir()) if directory.exists() else []


# -- schema --------------------------------------------------------------------
def test_migrations_create_the_handoffs_table_from_empty(db_url: str, spool_dir: Path) -> None:
    handoffs = HandoffStore(db_url, spool_dir)
    try:
        assert "handoffs" not in sa.inspect(handoffs.engine).get_table_names()
        handoffs.migrate()
        inspector = sa.inspect(handoffs.engine)
        assert "handoffs" in inspector.get_table_names()
        columns = {column["name"] for column in inspector.get_columns("handoffs")}
        assert {"id", "conversation_id", "reason", "urgency", "status", "open_key", "transcript",
                "contact_name", "contact_phone", "contact_email", "contact_time"} <= columns

        handoffs.migrate()  # a second run at start-up must be harmless
        assert handoffs.open(request()) and count_rows(handoffs) == 1
        handoffs.migrate()
        assert count_rows(handoffs) == 1
    finally:
        handoffs.engine.dispose()


# -- opening and merging ---------------------------------------------------------
def test_open_records_what_staff_need(store: HandoffStore, notices: Notices) -> None:
    lines = [{"sender": "patient", "text": "my face is very swollen", "time": None},
             {"sender": "assistant", "text": "I'm passing this to the team.", "time": None}]
    handoff_id = store.open(request(
        urgency="urgent", transcript=lines, channel="web", triage_level="urgent",
        triage_signs=["swelling"], days_since_treatment=2, prescreen_flags=["pregnancy"],
    ))
    assert handoff_id

    row = store.get(handoff_id)
    assert row is not None
    assert row.conversation_id == "conv-1"
    assert row.reason == "symptom"
    assert row.urgency == "urgent"
    assert row.status == "new"
    assert row.transcript == lines
    assert row.prescreen_flags == ["pregnancy"]
    assert row.triage_signs == ["swelling"]
    assert row.triage_level == "urgent"
    assert row.days_since_treatment == 2
    assert row.channel == "web"
    assert row.language == "en"  # nobody said otherwise: the clinic's English
    assert [h.id for h in store.for_conversation("conv-1")] == [handoff_id]
    assert notices.calls == [(handoff_id, "urgent", "symptom", "en")]


def test_repeated_open_merges_into_one_handoff_and_never_lowers_urgency(store: HandoffStore, notices: Notices) -> None:
    first = store.open(request(urgency="urgent", prescreen_flags=["pregnancy"], triage_signs=["swelling"],
                               transcript=[{"sender": "patient", "text": "a", "time": None}]))
    longer = [{"sender": "patient", "text": "a", "time": None}, {"sender": "patient", "text": "b", "time": None}]
    second = store.open(request(urgency="routine", prescreen_flags=["blood_thinners"], triage_signs=["pain"],
                                transcript=longer))

    assert second == first
    assert count_rows(store) == 1
    row = store.get(first)
    assert row.urgency == "urgent"  # routine after urgent stays urgent
    assert row.prescreen_flags == ["blood_thinners", "pregnancy"]
    assert row.triage_signs == ["pain", "swelling"]
    assert row.transcript == longer

    third = store.open(request(urgency="emergency"))
    assert third == first
    assert store.get(first).urgency == "emergency"  # raising is allowed
    assert store.get(first).transcript == longer  # a shorter transcript does not erase lines
    assert count_rows(store) == 1
    assert notices.calls == [(first, "urgent", "symptom", "en")]  # staff are told once, not per merge


# -- language (issue 14) ------------------------------------------------------------
def test_a_spanish_handoff_keeps_its_language_and_the_transcript_as_typed(store: HandoffStore, notices: Notices) -> None:
    lines = [{"sender": "patient", "text": "Tengo la mejilla muy hinchada y me duele", "time": None},
             {"sender": "assistant", "text": "Paso tu mensaje al equipo ahora.", "time": None}]
    handoff_id = store.open(request(urgency="urgent", language="es", transcript=lines))
    row = store.get(handoff_id)
    assert (row.language, row.transcript) == ("es", lines)
    assert notices.calls == [(handoff_id, "urgent", "symptom", "es")]


def test_a_retry_or_repeat_keeps_the_first_language_and_a_new_handoff_takes_its_own(store: HandoffStore) -> None:
    first = store.open(request(language="es"))
    retry = request(language="en")
    retry.id = first  # the action's retry of the same handoff
    assert store.open(retry) == first
    assert store.open(request(language="en")) == first  # the same conversation and reason again
    assert store.get(first).language == "es"
    assert count_rows(store) == 1

    store.set_status(first, "resolved")
    reopened = store.open(request(language="en"))
    assert reopened != first
    assert (store.get(first).language, store.get(reopened).language) == ("es", "en")


@pytest.mark.parametrize("given, recorded", [
    ("es", "es"), ("ES", "es"), ("es-MX", "es"), ("es_ES", "es"), (" en ", "en"),
    (None, "en"), ("", "en"), ("fr", "en"), ("other", "en"), ("xx-<script>", "en"), (7, "en"),
])
def test_a_language_code_is_normalised_and_an_unknown_one_is_recorded_as_english(given: object, recorded: str) -> None:
    assert request(language=given).language == recorded


def test_an_unknown_language_code_never_stops_a_handoff(store: HandoffStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    handoff_id = store.open(request(language="klingon"))
    assert store.get(handoff_id).language == "en"
    assert "klingon" not in caplog.text and handoff_id in caplog.text  # said which handoff, not the stray value


def test_the_spool_keeps_the_language_through_an_outage(tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    down = HandoffStore(DOWN_URL, spool_dir)
    spooled = down.open(request(conversation="conv-es", urgency="urgent", language="es"))
    down.engine.dispose()
    [entry] = spool_files(spool_dir)
    assert '"language": "es"' in entry.read_text(encoding="utf-8")

    notices = Notices()
    up = HandoffStore(f"sqlite:///{tmp_path}/h.db", spool_dir, notify=notices)
    try:
        up.migrate()
        assert up.replay() == 1
        assert up.get(spooled).language == "es"
        assert notices.calls == [(spooled, "urgent", "symptom", "es")]
    finally:
        up.engine.dispose()


def test_a_handoff_spooled_before_languages_existed_replays_as_english(tmp_path: Path) -> None:
    """A spool file written by the previous release has no "language" key."""
    spool = Spool(tmp_path / "spool")
    spool.put({"op": "open", "request": {"conversation_id": "conv-old", "reason": "symptom", "urgency": "urgent",
                                         "transcript": [], "channel": "widget", "triage_level": "urgent",
                                         "triage_signs": ["fever"], "days_since_treatment": 1,
                                         "prescreen_outcome": None, "prescreen_flags": [],
                                         "booking_preference": None, "id": "00000000-0000-4000-8000-00000000000a"}})
    up = HandoffStore(f"sqlite:///{tmp_path}/h.db", tmp_path / "spool")
    try:
        up.migrate()
        assert up.replay() == 1
        assert up.get("00000000-0000-4000-8000-00000000000a").language == "en"
    finally:
        up.engine.dispose()


def test_migration_0005_upgrades_a_database_with_handoffs_and_they_read_as_english(db_url: str, spool_dir: Path) -> None:
    """A clinic's database at 0004 with handoffs in it: the upgrade adds the column and keeps every row."""
    handoffs = HandoffStore(db_url, spool_dir)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with handoffs.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
        assert "language" not in {c["name"] for c in sa.inspect(handoffs.engine).get_columns("handoffs")}
        with handoffs.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO handoffs (id, conversation_id, reason, urgency, status, open_key, triage_signs, "
                "prescreen_flags, transcript, created_at, updated_at) VALUES (:id, 'conv-old', 'symptom', 'urgent', "
                "'new', 'conv-old:symptom', '[]', '[]', :transcript, :now, :now)"),
                {"id": "00000000-0000-4000-8000-000000000001", "now": datetime.now(timezone.utc),
                 "transcript": '[{"sender": "patient", "text": "my gum is bleeding", "time": null}]'})

        handoffs.migrate()  # what start-up does

        column = next(c for c in sa.inspect(handoffs.engine).get_columns("handoffs") if c["name"] == "language")
        assert column["nullable"] is False
        old = handoffs.get("00000000-0000-4000-8000-000000000001")
        assert (old.language, old.urgency, old.transcript[0]["text"]) == ("en", "urgent", "my gum is bleeding")
        assert handoffs.open(request(conversation="conv-old", language="es")) == old.id  # merges; stays English
        assert handoffs.get(old.id).language == "en"
        fresh = handoffs.open(request(conversation="conv-new", language="es"))
        assert handoffs.get(fresh).language == "es"
        with pytest.raises(sa.exc.IntegrityError):  # NOT NULL holds in the database itself
            with handoffs.engine.begin() as connection:
                connection.execute(sa.text("UPDATE handoffs SET language = NULL"))
    finally:
        handoffs.engine.dispose()


def test_different_reason_or_conversation_gets_its_own_handoff(store: HandoffStore, notices: Notices) -> None:
    symptom = store.open(request(reason="symptom"))
    booking = store.open(request(reason="booking"))
    other = store.open(request(conversation="conv-2", reason="symptom"))
    assert len({symptom, booking, other}) == 3
    assert count_rows(store) == 3
    assert len(notices.calls) == 3


def test_parallel_opens_land_on_one_handoff(store: HandoffStore, notices: Notices) -> None:
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            handoff_id = store.open(request(conversation="conv-race", urgency="urgent"))
            with lock:
                results.append(handoff_id)
        except BaseException as error:  # noqa: BLE001 - reported below
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == threads_count
    assert len(set(results)) == 1
    assert count_rows(store) == 1
    assert store.get(results[0]) is not None
    assert spool_files(store.spool.directory) == []  # nothing fell back to the spool
    assert len(notices.calls) == 1


def test_resolved_handoff_lets_a_new_one_open(store: HandoffStore, notices: Notices) -> None:
    first = store.open(request())
    store.set_status(first, "resolved")
    resolved = store.get(first)
    assert resolved.status == "resolved" and resolved.resolved_at is not None

    second = store.open(request())
    assert second != first
    assert count_rows(store) == 2
    assert store.get(second).status == "new"
    assert store.get(first).status == "resolved"
    assert [n[0] for n in notices.calls] == [first, second]


def test_claimed_handoff_keeps_merging(store: HandoffStore) -> None:
    first = store.open(request())
    store.set_status(first, "claimed", staff="nurse.kim")
    assert store.get(first).claimed_by == "nurse.kim"
    assert store.open(request()) == first
    assert count_rows(store) == 1


def test_add_contact_stores_the_patients_details(store: HandoffStore) -> None:
    handoff_id = store.open(request(reason="request"))
    store.add_contact(handoff_id, Contact(name=NAME, phone=PHONE, email=EMAIL, time=TIME))
    row = store.get(handoff_id)
    assert (row.contact_name, row.contact_phone, row.contact_email, row.contact_time) == (NAME, PHONE, EMAIL, TIME)

    # A later partial update keeps what the patient already gave.
    store.add_contact(handoff_id, Contact(time="after 5pm"))
    row = store.get(handoff_id)
    assert (row.contact_name, row.contact_phone, row.contact_email, row.contact_time) == (NAME, PHONE, EMAIL, "after 5pm")


def test_add_contact_for_unknown_handoff_is_an_error(store: HandoffStore) -> None:
    with pytest.raises(KeyError):
        store.add_contact("no-such-handoff", Contact(name=NAME))


# -- spool: the database is down -------------------------------------------------
def test_outage_spools_writes_and_replay_lands_them_exactly_once(tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    down_notices, up_notices = Notices(), Notices()
    down = HandoffStore(DOWN_URL, spool_dir, notify=down_notices)
    wanted = request(conversation="conv-outage", urgency="urgent", prescreen_flags=["pregnancy"])

    returned = down.open(wanted)
    down.add_contact(returned, Contact(name=NAME, phone=PHONE, email=EMAIL, time=TIME))
    down.engine.dispose()

    assert returned == wanted.id  # the patient still gets a reference
    assert len(list(spool_dir.glob("*.json"))) == 2
    assert down_notices.calls == []  # staff are told once the handoff really exists

    up = HandoffStore(f"sqlite:///{tmp_path}/h.db", spool_dir, notify=up_notices)
    try:
        up.migrate()
        assert up.replay() == 2
        row = up.get(returned)
        assert row is not None
        assert (row.conversation_id, row.reason, row.urgency, row.status) == ("conv-outage", "symptom", "urgent", "new")
        assert row.prescreen_flags == ["pregnancy"]
        assert (row.contact_name, row.contact_phone, row.contact_email, row.contact_time) == (NAME, PHONE, EMAIL, TIME)
        assert spool_files(spool_dir) == []

        assert up.replay() == 0
        assert count_rows(up) == 1
        assert up_notices.calls == [(returned, "urgent", "symptom", "en")]

        # The same conversation asking again after recovery lands on the replayed handoff.
        assert up.open(request(conversation="conv-outage")) == returned
        assert count_rows(up) == 1
        assert len(up_notices.calls) == 1
    finally:
        up.engine.dispose()


def test_next_write_after_recovery_replays_the_spool(tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    notices = Notices()
    down = HandoffStore(DOWN_URL, spool_dir)
    spooled_id = down.open(request(conversation="conv-a"))
    down.engine.dispose()
    assert len(spool_files(spool_dir)) == 1

    up = HandoffStore(f"sqlite:///{tmp_path}/h.db", spool_dir, notify=notices)
    try:
        up.migrate()
        fresh_id = up.open(request(conversation="conv-b"))  # no explicit replay()
        assert up.get(spooled_id) is not None
        assert up.get(fresh_id) is not None
        assert spool_files(spool_dir) == []
        assert [n[0] for n in notices.calls] == [spooled_id, fresh_id]  # in the order patients asked
    finally:
        up.engine.dispose()


# -- transcript ----------------------------------------------------------------
def test_transcript_keeps_the_conversation_in_order() -> None:
    events = [
        {"event": "action", "name": "action_listen", "timestamp": 1700000000.0},
        {"event": "user", "text": "hi, my cheek is swollen", "timestamp": 1700000001.0},
        {"event": "slot", "name": "symptom", "value": "swelling", "timestamp": 1700000002.0},
        {"event": "bot", "text": "I'm sorry to hear that.", "timestamp": 1700000003.0},
        {"event": "user", "text": "", "timestamp": 1700000004.0},
        {"event": "bot", "text": None, "timestamp": 1700000005.0},
        {"event": "user_featurization", "text": "ignored", "timestamp": 1700000006.0},
        {"event": "user", "text": "since yesterday"},
        {"event": "bot", "text": "A clinician will call you.", "timestamp": 1700000008.0},
    ]
    entries = transcript.from_events(events)
    assert [(e["sender"], e["text"]) for e in entries] == [
        ("patient", "hi, my cheek is swollen"),
        ("assistant", "I'm sorry to hear that."),
        ("patient", "since yesterday"),
        ("assistant", "A clinician will call you."),
    ]
    assert entries[0]["time"] == "2023-11-14T22:13:21+00:00"
    assert entries[2]["time"] is None


def test_transcript_shows_the_button_the_patient_clicked_not_its_payload() -> None:
    events = [
        {"event": "bot", "text": "Any bleeding disorder?", "data": {"buttons": [
            {"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}},
        {"event": "user", "text": "/deny"},
        {"event": "bot", "text": "Thanks."},
        {"event": "user", "text": "/deny"},  # typed later, no buttons offered: shown as typed
    ]
    assert [e["text"] for e in transcript.from_events(events)] == ["Any bleeding disorder?", "No", "Thanks.", "/deny"]


def test_transcript_is_capped_to_the_latest_lines() -> None:
    events = [{"event": "user", "text": f"line {i}"} for i in range(transcript.MAX_ENTRIES + 50)]
    entries = transcript.from_events(events)
    assert len(entries) == transcript.MAX_ENTRIES
    assert entries[-1]["text"] == f"line {transcript.MAX_ENTRIES + 49}"
    assert entries[0]["text"] == "line 50"


# -- privacy ---------------------------------------------------------------------
def test_store_never_logs_patient_details(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    lines = [{"sender": "patient", "text": f"I am {NAME}, {MARKER}", "time": None}]
    contact = Contact(name=NAME, phone=PHONE, email=EMAIL, time=TIME)
    spool_dir = tmp_path / "spool"

    # Outage: open and contact go to the spool.
    down = HandoffStore(DOWN_URL, spool_dir)
    spooled = down.open(request(conversation="conv-private", transcript=lines))
    down.add_contact(spooled, contact)
    down.engine.dispose()

    # Recovery: replay, then the normal path.
    up = HandoffStore(f"sqlite:///{tmp_path}/h.db", spool_dir)
    try:
        up.migrate()
        assert up.replay() == 2
        direct = up.open(request(conversation="conv-other", transcript=lines))
        up.add_contact(direct, contact)
        up.update_transcript(direct, lines + lines)
        assert up.get(direct).contact_name == NAME
    finally:
        up.engine.dispose()

    # The ids and the outage are logged, so the check below is looking at real output.
    assert spooled in caplog.text and direct in caplog.text
    assert "spooled" in caplog.text
    logged = caplog.text + "".join(repr(record.args) for record in caplog.records)
    for secret in (NAME, "Quintrell", PHONE, "5550109999", EMAIL, TIME, MARKER):
        assert secret not in logged, f"patient data {secret!r} appeared in the logs"


def test_models_table_matches_migration(store: HandoffStore) -> None:
    """Every column the code writes exists in the migrated schema."""
    migrated = {column["name"] for column in sa.inspect(store.engine).get_columns("handoffs")}
    assert {column.name for column in Handoff.__table__.columns} == migrated


def test_contact_spooled_for_a_merged_handoff_reaches_the_open_one(tmp_path: Path) -> None:
    """An outage while a handoff is open: the spooled copy merges, its contact still lands."""
    spool_dir = tmp_path / "spool"
    url = f"sqlite:///{tmp_path}/h.db"
    up = HandoffStore(url, spool_dir)
    up.migrate()
    existing = up.open(request(conversation="conv-merge", reason="request"))
    down = HandoffStore(DOWN_URL, spool_dir)
    spooled = down.open(request(conversation="conv-merge", reason="request"))
    down.add_contact(spooled, Contact(name=NAME, phone=PHONE), conversation_id="conv-merge", reason="request")
    down.engine.dispose()
    assert spooled != existing

    assert up.replay() == 2
    row = up.get(existing)
    assert (row.contact_name, row.contact_phone) == (NAME, PHONE)
    assert count_rows(up) == 1


def test_a_bad_spool_entry_never_blocks_later_handoffs(tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    down = HandoffStore(DOWN_URL, spool_dir)
    down.add_contact("no-such-handoff", Contact(name=NAME))
    down.engine.dispose()
    up = HandoffStore(f"sqlite:///{tmp_path}/h.db", spool_dir)
    up.migrate()
    handoff_id = up.open(request(conversation="conv-after"))
    assert up.get(handoff_id) is not None
    assert list(spool_dir.glob("*.json")) == []
    assert len(list((spool_dir / "failed").glob("*.json"))) == 1  # kept for a person to look at


def test_two_processes_replaying_one_spool_land_each_entry_once(tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    down = HandoffStore(DOWN_URL, spool_dir)
    for number in range(30):
        down.open(request(conversation=f"conv-{number}"))
    down.engine.dispose()
    url = f"sqlite:///{tmp_path}/h.db"
    first, second = HandoffStore(url, spool_dir), HandoffStore(url, spool_dir)
    first.migrate()
    results: list[int] = []
    threads = [threading.Thread(target=lambda s=s: results.append(s.replay())) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 30 and count_rows(first) == 30
    assert spool_files(spool_dir) == []


def test_an_entry_left_claimed_by_a_killed_replayer_lands_later(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    path = spool.put({"op": "open", "n": 1})
    claimed = path.with_name(f".{path.name}.99999.claimed")
    os.replace(path, claimed)  # what replay() does before applying; then the process died
    applied: list[dict] = []
    assert spool.replay(applied.append, RuntimeError) == 0  # too fresh: maybe still being applied
    assert spool.recover_claims(older_than=0) == 1
    assert spool.replay(applied.append, RuntimeError) == 1
    assert applied == [{"op": "open", "n": 1}] and not list(spool.directory.glob(".*"))
