"""The staff console as a whole: what is reachable, headers, errors, OpenAPI, and the key paths on PostgreSQL.

Also holds the fixtures the other ``test_console_*`` modules import: a console
app on SQLite (``console``) or on each backend (``any_console``), with an
injectable clock, a handoff store to seed patients' handoffs, and helpers
that sign in as a browser would (login form, CSRF field, cookies).

PostgreSQL: 127.0.0.1:5432, trust auth, database ``test`` (override with
HANDOFF_TEST_PG_URL); each test gets its own schema. Unreachable: skipped
locally, a failure with CI=true.
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from starlette.testclient import TestClient

from bot.web.console.accounts import Staff
from bot.web.console.app import create_app
from bot.storage.audit import AuditRecord
from bot.web.console.context import Console
from bot.storage.models import Handoff
from bot.handoffs.store import Contact, HandoffRequest, HandoffStore
from bot.content.settings import Settings, load_settings
from tests.postgres import sqlite_or_postgres_url

PASSWORD = "mauve staple orbit 42"
BASE_URL = "https://testserver"
XSS = "<img src=x onerror=alert(1)>"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    """A clock tests move by hand; starts at the real time so handoff ages make sense."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)



def create_tracker_table(url: str) -> sa.engine.Engine:
    """The ``events`` table as Rasa's SQLTrackerStore creates it."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    sa.Table(
        "events", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )
    metadata.create_all(engine)
    return engine


def add_user_message(engine: sa.engine.Engine, sender: str, text: str, intent: str, timestamp: float,
                     did_you_mean: list[str] | None = None) -> None:
    import json

    data = {"event": "user", "timestamp": timestamp, "text": text,
            "parse_data": {"intent": {"name": intent, "confidence": 0.4}, "text": text,
                           **({"did_you_mean": did_you_mean} if did_you_mean is not None else {})}}
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                    "VALUES (:sender, 'user', :ts, :intent, NULL, :data)"),
            {"sender": sender, "ts": timestamp, "intent": intent, "data": json.dumps(data)},
        )


@dataclasses.dataclass
class Harness:
    """One console app plus what a test needs to drive it like staff would."""

    app: FastAPI
    client: TestClient
    clock: Clock
    settings: Settings
    store: HandoffStore
    db_url: str

    @property
    def console(self) -> Console:
        return self.app.state.console

    def add_user(self, username: str, role: str = "staff", password: str = PASSWORD) -> Staff:
        return self.console.accounts.create(username, password, role)

    def new_client(self) -> TestClient:
        """Another browser: its own cookie jar."""
        return TestClient(self.app, base_url=BASE_URL)

    def login(self, username: str, password: str = PASSWORD, client: Optional[TestClient] = None,
              next_path: Optional[str] = None) -> Any:
        client = client or self.client
        form_page = client.get("/console/login")
        token = TOKEN_FIELD.search(form_page.text).group(1)
        data = {"username": username, "password": password, "csrf_token": token}
        if next_path:
            data["next"] = next_path
        return client.post("/console/login", data=data, follow_redirects=False)

    def signed_in(self, username: str, role: str = "staff") -> TestClient:
        """A new browser signed in as a new account."""
        self.add_user(username, role)
        client = self.new_client()
        assert self.login(username, client=client).status_code == 303
        return client

    def csrf(self, client: Optional[TestClient] = None) -> str:
        return (client or self.client).get("/api/me").json()["csrf_token"]

    def open_handoff(self, conversation: Optional[str] = None, reason: str = "request", urgency: str = "routine",
                     age: timedelta = timedelta(minutes=5), contact: Optional[Contact] = None, **fields: Any) -> str:
        handoff_id = self.store.open(HandoffRequest(
            conversation_id=conversation or f"conv-{uuid.uuid4().hex[:8]}", reason=reason, urgency=urgency, **fields,
        ))
        if contact:
            self.store.add_contact(handoff_id, contact)
        with self.store.engine.begin() as connection:
            connection.execute(
                Handoff.__table__.update().where(Handoff.__table__.c.id == handoff_id).values(created_at=self.clock() - age)
            )
        return handoff_id

    def audit_rows(self) -> list[AuditRecord]:
        return list(reversed(self.console.audit.latest(10_000)))

    def close(self) -> None:
        self.client.close()
        self.console.engine.dispose()
        self.console.feedback.engine.dispose()
        if self.console.queries._tracker is not None:
            self.console.queries._tracker.dispose()
        self.store.engine.dispose()


def make_harness(db_url: str, tmp_path: Path, cookie_secure: bool = True, tracker_url: Optional[str] = None) -> Harness:
    settings = dataclasses.replace(
        load_settings(), database_url=db_url, data_dir=tmp_path, cookie_secure=cookie_secure,
        tracker_store_url=tracker_url or f"sqlite:///{tmp_path}/tracker.db",
    )
    clock = Clock()
    app = create_app(settings, clock=clock)
    return Harness(app, TestClient(app, base_url=BASE_URL), clock, settings, HandoffStore(db_url, tmp_path / "spool"), db_url)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Harness]:
    harness = make_harness(f"sqlite:///{tmp_path}/handoffs.db", tmp_path)
    try:
        yield harness
    finally:
        harness.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from sqlite_or_postgres_url(request.param, tmp_path / "handoffs.db", "console")


@pytest.fixture
def any_console(any_db_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The console on SQLite and on PostgreSQL; the tracker store lives in the same database."""
    tracker = create_tracker_table(any_db_url)
    harness = make_harness(any_db_url, tmp_path, tracker_url=any_db_url)
    try:
        yield harness
    finally:
        harness.close()
        tracker.dispose()


# -- what is reachable ---------------------------------------------------------------
PAGES = ["/console/", f"/console/handoffs/{uuid.uuid4()}", "/console/unanswered", "/console/audit"]
API_GETS = ["/api/handoffs", f"/api/handoffs/{uuid.uuid4()}", "/api/unanswered", "/api/audit", "/api/me"]
API_POSTS = [f"/api/handoffs/{uuid.uuid4()}/{action}" for action in ("claim", "notes", "resolve")]


def test_only_the_login_page_and_health_check_open_without_a_session(console: Harness) -> None:
    handoff_id = console.open_handoff(transcript=[{"sender": "patient", "text": "MARKER-unauth", "time": None}])
    assert console.client.get("/healthz").json() == {"status": "ok"}
    assert console.client.get("/console/login").status_code == 200

    for path in PAGES + [f"/console/handoffs/{handoff_id}"]:
        response = console.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/console/login"), path
    for path in API_GETS + [f"/api/handoffs/{handoff_id}"]:
        response = console.client.get(path)
        assert (response.status_code, response.json()) == (401, {"detail": "Not signed in."}), path
    for path in API_POSTS + [f"/api/handoffs/{handoff_id}/resolve", "/console/logout"]:
        response = console.client.post(path, json={"text": "x"}, follow_redirects=False)
        assert response.status_code in (303, 401), path
        assert "MARKER-unauth" not in response.text
    assert console.store.get(handoff_id).status == "new"


def test_a_deep_link_survives_signing_in(console: Harness) -> None:
    """Staff following a webhook link land on that handoff after signing in."""
    handoff_id = console.open_handoff()
    console.add_user("dana")
    redirect = console.client.get(f"/console/handoffs/{handoff_id}", follow_redirects=False)
    assert redirect.headers["location"] == f"/console/login?next=/console/handoffs/{handoff_id}"
    assert "Your session ended" not in console.client.get(redirect.headers["location"]).text  # no cookie, no "expired"
    response = console.login("dana", next_path=f"/console/handoffs/{handoff_id}")
    assert response.headers["location"] == f"/console/handoffs/{handoff_id}"


def test_openapi_describes_the_api_and_holds_no_data(console: Harness) -> None:
    console.open_handoff(contact=Contact(name="MARKER-openapi-name"))
    response = console.client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/api/handoffs", "/api/handoffs/{handoff_id}", "/api/handoffs/{handoff_id}/claim",
        "/api/handoffs/{handoff_id}/notes", "/api/handoffs/{handoff_id}/resolve", "/api/handoffs/{handoff_id}/erase", "/api/unanswered",
        "/api/audit", "/api/me",
        "/api/live/presence", "/api/live/queue", "/api/live/saved-replies", "/api/live/heartbeat",
        "/api/live/{chat_id}/join", "/api/live/{chat_id}/transcript", "/api/live/{chat_id}/messages",
        "/api/live/{chat_id}/typing", "/api/live/{chat_id}/hand-back", "/api/live/{chat_id}/end",
        "/api/live/stream", "/api/live/{chat_id}/stream",
    }
    schemes = document["components"]["securitySchemes"]
    assert {"in": "cookie", "name": "__Host-console"}.items() <= next(iter(
        s for s in schemes.values() if s["in"] == "cookie")).items()
    assert "401" in document["paths"]["/api/handoffs"]["get"]["responses"]
    assert "MARKER-openapi-name" not in response.text
    assert console.client.get("/docs").status_code == 404
    assert console.client.get("/redoc").status_code == 404


def test_openapi_describes_each_handoffs_language(console: Harness) -> None:
    staff = console.signed_in("ola")
    document = staff.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    for name in ("QueueItem", "HandoffOut"):
        assert {"language", "language_label"} <= set(schemas[name]["required"]), name
        assert schemas[name]["properties"]["language"]["type"] == "string"
        assert "as the patient typed it" in schemas[name]["properties"]["language"]["description"]
    [parameter] = [p for p in document["paths"]["/api/handoffs"]["get"]["parameters"] if p["name"] == "language"]
    assert parameter["in"] == "query" and not parameter.get("required")
    assert schemas["Language"]["enum"] == ["en", "es"]


# -- headers and errors ----------------------------------------------------------------
def _csp(response: Any) -> dict[str, str]:
    directives = [part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";")]
    return {name: value for name, value in directives}


def test_every_console_response_carries_the_security_headers(console: Harness) -> None:
    handoff_id = console.open_handoff()
    staff = console.signed_in("erin", role="admin")
    responses = {
        "login": console.client.get("/console/login"),
        "queue": staff.get("/console/"),
        "detail": staff.get(f"/console/handoffs/{handoff_id}"),
        "unanswered": staff.get("/console/unanswered"),
        "audit": staff.get("/console/audit"),
        "api": staff.get("/api/handoffs"),
        "api-401": console.client.get("/api/handoffs"),
        "missing": staff.get("/console/nothing-here"),
        "health": console.client.get("/healthz"),
    }
    for name, response in responses.items():
        csp = _csp(response)
        assert csp["default-src"] == "'self'", name
        assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{20,}'", csp["script-src"]), name
        assert (csp["object-src"], csp["base-uri"], csp["frame-ancestors"], csp["form-action"]) == (
            "'none'", "'none'", "'none'", "'self'"), name
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff", name
        assert response.headers["referrer-policy"] == "no-referrer", name
        assert response.headers["cache-control"] == "no-store", name
        assert "server" not in response.headers, name

    page = responses["queue"]
    nonce = _csp(page)["script-src"].split("'nonce-")[1].rstrip("'")
    scripts = re.findall(r"<script\b[^>]*>", page.text)
    assert scripts and all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in scripts)
    assert _csp(staff.get("/console/"))["script-src"] != _csp(page)["script-src"]  # a fresh nonce per response


def test_pages_have_no_inline_scripts_styles_or_event_handlers(console: Harness) -> None:
    handoff_id = console.open_handoff(prescreen_flags=["pregnancy"])
    staff = console.signed_in("fay", role="admin")
    for path in ("/console/", f"/console/handoffs/{handoff_id}", "/console/unanswered", "/console/audit"):
        html = staff.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), path
        assert not re.search(r"\sstyle\s*=", html, re.I), path
        assert "javascript:" not in html.lower(), path
    html = console.new_client().get("/console/login").text
    assert "<script" not in html and not re.search(r"\son[a-z]+\s*=", html, re.I)


def test_a_crash_shows_a_generic_message_without_details(console: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    staff = console.signed_in("gil")

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("SECRET-internal-detail /srv/app/queries.py")

    monkeypatch.setattr(console.console.queries, "queue", broken)
    for path in ("/api/handoffs", "/console/"):
        response = staff.get(path)
        assert response.status_code == 500, path
        assert "SECRET" not in response.text and "Traceback" not in response.text and "queries.py" not in response.text
        assert "reference" in response.text
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert response.headers["cache-control"] == "no-store"


# -- the key paths on both databases -------------------------------------------------------
def test_a_working_day_on_each_database(any_console: Harness) -> None:
    """Sign in, see the queue in order, read a handoff, claim, note, resolve, audit, sign out."""
    routine = any_console.open_handoff(reason="booking", urgency="routine", age=timedelta(hours=2))
    emergency = any_console.open_handoff(
        reason="symptom", urgency="emergency", age=timedelta(minutes=1), triage_level="emergency",
        triage_signs=["breathing"], transcript=[{"sender": "patient", "text": XSS, "time": None}],
    )
    urgent = any_console.open_handoff(reason="symptom", urgency="urgent", age=timedelta(minutes=30), language="es",
                                      transcript=[{"sender": "patient", "text": "Me duele mucho la muela", "time": None}])
    admin = any_console.add_user("hana", role="admin")
    assert any_console.login("hana").status_code == 303
    client = any_console.client

    assert [(row["id"], row["language"]) for row in client.get("/api/handoffs").json()] == [
        (emergency, "en"), (urgent, "es"), (routine, "en")]
    assert [row["id"] for row in client.get("/api/handoffs?language=es").json()] == [urgent]
    spanish = client.get(f"/console/handoffs/{urgent}").text
    assert '<span lang="es">Español</span>' in spanish and "Me duele mucho la muela" in spanish
    page = client.get(f"/console/handoffs/{emergency}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text and XSS not in page.text

    token = any_console.csrf()
    assert client.post(f"/api/handoffs/{emergency}/claim").status_code == 403  # no CSRF token
    claimed = client.post(f"/api/handoffs/{emergency}/claim", headers={"X-CSRF-Token": token})
    assert claimed.json() == {"outcome": "ok", "status": "claimed", "claimed_by": "hana"}
    any_console.clock.advance(minutes=3)
    assert client.post(f"/api/handoffs/{emergency}/notes", json={"text": "Called, no answer"},
                       headers={"X-CSRF-Token": token}).status_code == 200
    any_console.clock.advance(minutes=3)
    assert client.post(f"/api/handoffs/{emergency}/resolve", headers={"X-CSRF-Token": token}).json()["status"] == "resolved"
    row = any_console.store.get(emergency)
    assert (row.status, row.claimed_by, row.open_key) == ("resolved", "hana", None)
    timeline = [(e["kind"], e["by"]) for e in client.get(f"/api/handoffs/{emergency}").json()["timeline"]]
    assert timeline == [("created", None), ("claimed", "hana"), ("note", "hana"), ("resolved", "hana")]
    assert [row["id"] for row in client.get("/api/handoffs").json()] == [urgent, routine]

    actions = [(r.user_id, r.action, r.handoff_id, r.outcome) for r in any_console.audit_rows()]
    assert (admin.id, "claim", emergency, "ok") in actions and (admin.id, "resolve", emergency, "ok") in actions
    assert (admin.id, "claim", emergency, "csrf_rejected") in actions
    assert any_console.console.audit.verify() == []

    old_cookie = client.cookies.get("__Host-console")
    assert client.post("/console/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    replay = any_console.new_client()
    replay.cookies.set("__Host-console", old_cookie)
    assert replay.get("/api/me").status_code == 401
