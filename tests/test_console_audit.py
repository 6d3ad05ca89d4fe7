"""The audit log: one row per view and change, no patient text, a hash chain that shows tampering.

Catalogue items D1 (read and write audit), D2 (tamper evidence: the
verifier), D4 (no PHI in the trail); runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import threading
from datetime import timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.storage.audit import AuditLog
from bot.handoffs.store import Contact
from tests.test_console import Harness, any_console, any_db_url, console  # noqa: F401 - fixtures

CANARY = "CANARY-7f3e-Quintrell"


def test_each_view_and_change_leaves_one_row_naming_who_what_which_when_where(any_console: Harness) -> None:
    handoff_id = any_console.open_handoff(transcript=[{"sender": "patient", "text": "hello", "time": None}])
    staff = any_console.add_user("ava")
    admin = any_console.add_user("ben", role="admin")
    client = any_console.new_client()
    any_console.login("ava", client=client)
    token = any_console.csrf(client)
    client.get("/api/handoffs")
    client.get("/console/")
    client.get(f"/api/handoffs/{handoff_id}")
    client.get(f"/console/handoffs/{handoff_id}")
    client.post(f"/api/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": token})
    client.post(f"/api/handoffs/{handoff_id}/notes", json={"text": "called"}, headers={"X-CSRF-Token": token})
    client.post(f"/api/handoffs/{handoff_id}/resolve", headers={"X-CSRF-Token": token})
    client.get("/console/unanswered")
    client.get("/api/audit")  # denied: not an admin
    client.post("/console/logout", data={"csrf_token": token})
    client.get(f"/api/handoffs/{handoff_id}")  # after logout: refused

    rows = [(r.user_id, r.action, r.handoff_id, r.outcome) for r in any_console.audit_rows()]
    assert rows == [
        (staff.id, "login", None, "ok"),
        (staff.id, "list_handoffs", None, "ok"),
        (staff.id, "list_handoffs", None, "ok"),
        (staff.id, "view_handoff", handoff_id, "ok"),
        (staff.id, "view_handoff", handoff_id, "ok"),
        (staff.id, "claim", handoff_id, "ok"),
        (staff.id, "add_note", handoff_id, "ok"),
        (staff.id, "resolve", handoff_id, "ok"),
        (staff.id, "view_unanswered", None, "ok"),
        (staff.id, "view_audit", None, "forbidden"),
        (staff.id, "logout", None, "ok"),
        (None, "view_handoff", handoff_id, "unauthenticated"),
    ]
    stored = any_console.audit_rows()
    assert all(r.source_ip == "testclient" for r in stored)
    assert all(r.at.tzinfo == timezone.utc and abs(r.at - any_console.clock()) < timedelta(seconds=1) for r in stored)
    assert [r.id for r in stored] == list(range(1, len(stored) + 1))
    assert admin.id != staff.id


def test_the_audit_log_holds_ids_and_codes_never_patient_text(console: Harness) -> None:
    handoff_id = console.open_handoff(
        transcript=[{"sender": "patient", "text": f"I am {CANARY}", "time": None}], booking_preference=CANARY,
        contact=Contact(name=CANARY, phone="+15550109999", email="canary@example.com", time=CANARY),
    )
    client = console.signed_in("cid")
    token = console.csrf(client)
    client.get(f"/console/handoffs/{handoff_id}")
    client.post(f"/api/handoffs/{handoff_id}/notes", json={"text": f"spoke to {CANARY}"}, headers={"X-CSRF-Token": token})
    console.login(CANARY, CANARY)  # a failed login with patient-looking text as username and password

    with console.console.engine.connect() as connection:
        dump = repr(connection.execute(sa.text("SELECT * FROM audit_log")).fetchall())
    for secret in (CANARY, "Quintrell", "5550109999", "canary@example.com", "spoke to"):
        assert secret not in dump
    assert handoff_id in dump  # the check is looking at real rows


def _drop_append_only_triggers(engine: sa.engine.Engine) -> None:
    """What only the schema owner could do: the application's own statements are refused."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("DROP TRIGGER audit_log_no_change ON audit_log"))
            connection.execute(sa.text("DROP TRIGGER audit_log_no_truncate ON audit_log"))
        else:
            connection.execute(sa.text("DROP TRIGGER audit_log_no_update"))
            connection.execute(sa.text("DROP TRIGGER audit_log_no_delete"))


def test_the_database_refuses_to_change_or_delete_audit_rows(any_console: Harness) -> None:
    audit = any_console.console.audit
    audit.record("view_handoff", "forbidden", 1, None, "10.0.0.1")
    engine = any_console.console.engine
    statements = ["UPDATE audit_log SET outcome = 'ok'", "DELETE FROM audit_log"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as connection:
                connection.execute(sa.text(statement))
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT outcome FROM audit_log")).scalars().all() == ["forbidden"]
    assert audit.verify() == []


def test_verify_finds_an_edited_row_and_a_deleted_row(any_console: Harness) -> None:
    audit = any_console.console.audit
    for outcome in ("ok", "ok", "forbidden", "ok", "ok", "ok"):
        audit.record("view_handoff", outcome, 1, None, "10.0.0.1")
    assert audit.verify() == []
    engine = any_console.console.engine
    _drop_append_only_triggers(engine)

    with engine.begin() as connection:  # someone hides a refusal
        connection.execute(sa.text("UPDATE audit_log SET outcome = 'ok' WHERE id = 3"))
    assert audit.verify() == [3]

    with engine.begin() as connection:  # and also fixes that row's own hash
        connection.execute(sa.text("UPDATE audit_log SET outcome = 'forbidden' WHERE id = 3"))
    assert audit.verify() == []
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = 5"))
    assert audit.verify() == [6]

    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = 1"))
    assert audit.verify() == [2, 6]


def test_verify_catches_a_rewritten_hash(console: Harness) -> None:
    audit = console.console.audit
    for _ in range(4):
        audit.record("list_handoffs", "ok", 7)
    _drop_append_only_triggers(console.console.engine)
    with console.console.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET user_id = 8, row_hash = :h WHERE id = 2"), {"h": "f" * 64})
    assert audit.verify() == [2, 3]  # 2's own hash is wrong, and 3 no longer follows it


def test_concurrent_requests_never_fork_the_chain(any_console: Harness) -> None:
    audit = AuditLog(any_console.console.engine, any_console.clock)
    errors: list[BaseException] = []

    def work(user_id: int) -> None:
        try:
            for _ in range(10):
                audit.record("list_handoffs", "ok", user_id, None, "127.0.0.1")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert audit.count() == 80
    assert audit.verify() == []


def test_admins_read_the_log_and_check_the_chain_in_the_console(console: Harness) -> None:
    handoff_id = console.open_handoff()
    admin = console.signed_in("dot", role="admin")
    admin.get(f"/console/handoffs/{handoff_id}")
    api = admin.get("/api/audit?limit=2").json()
    assert [(row["action"], row["username"], row["handoff_id"]) for row in api] == [
        ("view_handoff", "dot", handoff_id), ("login", "dot", None)]
    older = admin.get(f"/api/audit?before={api[-1]['id']}").json()
    assert [row["id"] for row in older] == list(range(api[-1]["id"] - 1, 0, -1))

    page = admin.get("/console/audit?verify=true").text
    assert "The chain is intact" in page and "view_handoff" in page and handoff_id[:8] in page
    _drop_append_only_triggers(console.console.engine)
    with console.console.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET source_ip = '1.2.3.4' WHERE id = 1"))
    assert "The chain is broken: rows 1 " in admin.get("/console/audit?verify=true").text
