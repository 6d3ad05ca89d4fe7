"""Staff sign-in: accounts, passwords, lockout, session cookies and timeouts, roles, the staff CLI.

Catalogue items C1 (password storage), C2 (no default accounts, disabling
ends sessions), C3 (brute force, enumeration), C5 (cookies, fixation,
logout), C6 (automatic logoff) and the admin/staff split.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from argon2 import extract_parameters

from bot.ops import cli
from bot.web.console.accounts import AccountError, Accounts
from bot.storage.database import make_engine, migrate
from bot.storage.console_models import StaffUser
from tests.test_console import PASSWORD, Harness, console, make_harness  # noqa: F401 - fixtures

LOGIN_FAILED = "That username and password did not work."


def _set_cookie(response: Any, name: str) -> str:
    headers = [value for key, value in response.headers.multi_items() if key == "set-cookie" and value.startswith(name + "=")]
    assert len(headers) == 1, headers
    return headers[0]


# -- accounts and passwords ------------------------------------------------------------------
def test_there_are_no_default_accounts(console: Harness) -> None:
    assert console.console.accounts.list() == []
    for username, password in (("admin", "admin"), ("admin", "password"), ("staff", "staff"), ("root", "root")):
        response = console.login(username, password)
        assert response.status_code == 401 and LOGIN_FAILED in response.text


def test_password_rules_are_length_and_a_blocklist_not_composition(console: Harness) -> None:
    accounts = console.console.accounts
    too_short, common, common_capitalised, one_character, has_username = (
        "short pass", "password1234", "Qwerty123456", "a" * 20, "ivy-rose-ivy-rose-99")
    for bad in (too_short, common, common_capitalised, one_character, has_username, "x" * 257):
        with pytest.raises(AccountError):
            accounts.create("ivy", bad)
    assert accounts.list() == []
    accounts.create("ivy", "all lowercase words here")  # no digits, capitals or symbols needed
    accounts.create("jo", ("a long passphrase of sixty-four characters " * 2)[:64])
    accounts.create("kim", "naïve café crème brûlée")  # unicode passphrase
    assert {user.username for user in accounts.list()} == {"ivy", "jo", "kim"}
    assert console.login("kim", "naïve café crème brûlée").status_code == 303


def test_passwords_are_stored_as_argon2id_with_owasp_parameters(console: Harness) -> None:
    console.add_user("lee")
    with console.console.engine.connect() as connection:
        stored = connection.execute(StaffUser.__table__.select()).first().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    parameters = extract_parameters(stored)
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19456, 2, 1)


def test_usernames_are_unique_and_case_insensitive(console: Harness) -> None:
    console.add_user("Mo")
    with pytest.raises(AccountError):
        console.add_user("mo")
    assert console.login("MO").status_code == 303


# -- the session cookie -------------------------------------------------------------------
def test_login_sets_a_host_only_secure_httponly_strict_cookie(console: Harness) -> None:
    console.add_user("nia")
    response = console.login("nia")
    assert response.status_code == 303 and response.headers["location"] == "/console/"
    cookie = _set_cookie(response, "__Host-console")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "path", "samesite"} <= attributes
    assert "domain" not in attributes
    assert "Path=/" in cookie and "SameSite=strict" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43  # 256 random bits
    assert token not in response.headers["location"]
    assert console.client.get("/api/me").json()["username"] == "nia"


def test_plain_http_mode_uses_a_cookie_without_secure(tmp_path: Path) -> None:
    harness = make_harness(f"sqlite:///{tmp_path}/h.db", tmp_path, cookie_secure=False)
    try:
        harness.add_user("oli")
        response = harness.login("oli")
        cookie = _set_cookie(response, "console")
        assert "secure" not in cookie.lower() and "HttpOnly" in cookie
        assert "strict-transport-security" not in response.headers
        assert harness.client.get("/api/me").json()["username"] == "oli"
    finally:
        harness.close()


def test_a_planted_session_cookie_is_replaced_at_login(console: Harness) -> None:
    console.add_user("pat")
    console.client.cookies.set("__Host-console", "attacker-chosen-value")
    response = console.login("pat")
    issued = _set_cookie(response, "__Host-console").split(";")[0].split("=", 1)[1]
    assert issued != "attacker-chosen-value"
    attacker = console.new_client()
    attacker.cookies.set("__Host-console", "attacker-chosen-value")
    assert attacker.get("/api/me").status_code == 401


def test_signing_in_again_ends_the_previous_session(console: Harness) -> None:
    console.add_user("quinn")
    console.login("quinn")
    first = console.client.cookies.get("__Host-console")
    console.login("quinn")
    second = console.client.cookies.get("__Host-console")
    assert first != second
    old = console.new_client()
    old.cookies.set("__Host-console", first)
    assert old.get("/api/me").status_code == 401
    assert console.client.get("/api/me").status_code == 200


def test_logout_ends_the_session_on_the_server(console: Harness) -> None:
    console.add_user("ray")
    console.login("ray")
    cookie = console.client.cookies.get("__Host-console")
    queue = console.client.get("/console/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', queue.text).group(1)
    response = console.client.post("/console/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/login?notice=signed_out"
    replay = console.new_client()
    replay.cookies.set("__Host-console", cookie)
    assert replay.get("/api/me").status_code == 401
    page = replay.get("/console/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")
    assert [r.outcome for r in console.audit_rows() if r.action == "logout"] == ["ok"]


def test_logout_needs_the_csrf_token(console: Harness) -> None:
    console.add_user("sam")
    console.login("sam")
    assert console.client.post("/console/logout", data={}, follow_redirects=False).status_code == 403
    assert console.client.get("/api/me").status_code == 200  # still signed in


# -- automatic logoff --------------------------------------------------------------------
def test_an_idle_session_ends_after_15_minutes(console: Harness) -> None:
    console.add_user("tia")
    console.login("tia")
    console.clock.advance(minutes=14)
    assert console.client.get("/console/").status_code == 200  # activity resets the idle timer
    console.clock.advance(minutes=14, seconds=59)
    assert console.client.get("/api/me").status_code == 200
    console.clock.advance(minutes=15)
    assert console.client.get("/api/me").status_code == 401
    page = console.client.get("/console/", follow_redirects=False)
    assert page.headers["location"] == "/console/login?notice=expired&next=/console/"
    assert "Your session ended" in console.client.get(page.headers["location"]).text
    console.clock.advance(minutes=-30)  # the session stays ended even if the clock went back
    assert console.client.get("/api/me").status_code == 401


def test_a_session_ends_after_12_hours_however_active(console: Harness) -> None:
    console.add_user("uma")
    console.login("uma")
    for _ in range(71):  # every 10 minutes for 11 h 50 min
        console.clock.advance(minutes=10)
        assert console.client.get("/api/me").status_code == 200
    console.clock.advance(minutes=10)
    assert console.client.get("/api/me").status_code == 401


def test_background_polling_does_not_keep_an_unattended_screen_signed_in(console: Harness) -> None:
    console.add_user("val")
    console.login("val")
    poll = {"X-Background-Refresh": "1"}
    for _ in range(14 * 12):  # the queue page polling every 5 s for 14 minutes
        console.clock.advance(seconds=5)
        assert console.client.get("/api/handoffs", headers=poll).status_code == 200
    console.clock.advance(minutes=1, seconds=1)
    assert console.client.get("/api/handoffs", headers=poll).status_code == 401


def test_event_streams_reconnecting_do_not_keep_an_unattended_screen_signed_in(console: Harness) -> None:
    """The live-chat page's EventSource reconnects by itself every two minutes; that is not someone at the desk."""
    console.add_user("vic")
    console.login("vic")
    stream = {"Accept": "text/event-stream"}
    for _ in range(7):
        console.clock.advance(minutes=2)
        assert console.client.get("/api/live/queue", headers=stream).status_code == 200
    console.clock.advance(minutes=1, seconds=1)
    assert console.client.get("/api/live/queue", headers=stream).status_code == 401


def test_the_pages_tell_the_browser_when_the_session_will_end(console: Harness) -> None:
    console.add_user("wes")
    console.login("wes")
    page = console.client.get("/console/")
    assert 'data-expires-in="900"' in page.text
    assert console.client.get("/api/me").json()["expires_in_seconds"] == 900
    assert 'id="session-warning"' in page.text and "/console/static/session.js" in page.text


# -- brute force and enumeration ------------------------------------------------------------
def test_five_failed_logins_lock_the_account_for_15_minutes(console: Harness) -> None:
    console.add_user("xan")
    for _ in range(5):
        assert console.login("xan", "not the password at all").status_code == 401
    locked = console.login("xan")  # the right password, but locked
    assert locked.status_code == 401 and LOGIN_FAILED in locked.text
    console.clock.advance(minutes=14)
    assert console.login("xan").status_code == 401
    console.clock.advance(minutes=1, seconds=1)
    assert console.login("xan").status_code == 303
    outcomes = [r.outcome for r in console.audit_rows() if r.action == "login"]
    assert outcomes == ["bad_password"] * 4 + ["lockout", "locked", "locked", "ok"]


def test_a_success_resets_the_failure_count(console: Harness) -> None:
    console.add_user("yas")
    for _ in range(4):
        console.login("yas", "wrong wrong wrong")
    assert console.login("yas").status_code == 303
    for _ in range(4):
        console.login("yas", "wrong wrong wrong")
    assert console.login("yas").status_code == 303


def _normalised(text: str) -> str:
    return re.sub(r'value="[A-Za-z0-9_-]{20,}"', 'value="TOKEN"', text)


def test_unknown_user_and_wrong_password_get_the_same_answer(console: Harness) -> None:
    console.add_user("zed")
    unknown = console.login("nobody-here", "some password 123")
    wrong = console.login("zed", "some password 123")
    assert unknown.status_code == wrong.status_code == 401
    assert _normalised(unknown.text) == _normalised(wrong.text)
    assert sorted(k for k, _ in unknown.headers.multi_items()) == sorted(k for k, _ in wrong.headers.multi_items())


def test_unknown_user_costs_the_same_argon2_check_as_a_wrong_password(
        console: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every login path runs exactly one Argon2 verification with the same parameters, so
    timing does not reveal which accounts exist (counted, not timed: timings on a busy
    2-core CI machine are noise)."""
    from bot.web.console import accounts as accounts_module
    console.add_user("abe")
    console.console.accounts.disable("abe")
    console.add_user("ben")
    checked: list[str] = []
    real_verify = accounts_module._verify

    def counting_verify(password_hash: str, password: str) -> bool:
        checked.append(password_hash.split("$")[3])  # m=...,t=...,p=... of the hash checked
        return real_verify(password_hash, password)

    monkeypatch.setattr(accounts_module, "_verify", counting_verify)
    for username in ("nobody", "abe", "ben", "Not A Valid Name!"):
        checked.clear()
        console.console.accounts.authenticate(username, "some password 123")
        assert checked == ["m=19456,t=2,p=1"], username


def test_every_failed_login_is_audited(console: Harness) -> None:
    bea = console.add_user("bea")
    console.console.accounts.disable("bea")
    cal = console.add_user("cal")
    console.login("nobody", "guess guess guess")
    console.login("cal", "guess guess guess")
    console.login("bea")
    rows = [(r.action, r.user_id, r.outcome, r.source_ip) for r in console.audit_rows()]
    assert rows == [
        ("login", None, "unknown_user", "testclient"),
        ("login", cal.id, "bad_password", "testclient"),
        ("login", bea.id, "disabled", "testclient"),
    ]


def test_login_form_without_its_token_or_from_another_site_is_refused(console: Harness) -> None:
    console.add_user("dee")
    client = console.client
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/login").text).group(1)
    form = {"username": "dee", "password": PASSWORD}
    assert client.post("/console/login", data=form, follow_redirects=False).status_code == 403
    assert client.post("/console/login", data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code == 403
    cross_site = client.post("/console/login", data={**form, "csrf_token": token},
                             headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert cross_site.status_code == 403
    sandboxed = client.post("/console/login", data={**form, "csrf_token": token},
                            headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
    assert sandboxed.status_code == 403
    assert [r.outcome for r in console.audit_rows()] == ["csrf_rejected"] * 4
    assert client.get("/api/me").status_code == 401


def test_after_login_only_console_paths_are_followed(console: Harness) -> None:
    console.add_user("eli")
    for target in ("https://evil.example/", "//evil.example/console/", "/console/../x", "/api/me", "javascript:alert(1)"):
        response = console.login("eli", next_path=target, client=console.new_client())
        assert response.headers["location"] == "/console/", target


# -- roles ---------------------------------------------------------------------------------
def test_staff_cannot_open_admin_pages_and_the_attempt_is_audited(console: Harness) -> None:
    fin = console.add_user("fin")
    staff = console.new_client()
    console.login("fin", client=staff)
    page = staff.get("/console/audit")
    assert page.status_code == 403 and "Not allowed" in page.text
    assert staff.get("/api/audit").status_code == 403
    assert 'href="/console/audit"' not in staff.get("/console/").text  # not even offered
    admin = console.signed_in("gus", role="admin")
    assert admin.get("/console/audit").status_code == 200
    assert admin.get("/api/audit").status_code == 200
    denied = [(r.action, r.user_id) for r in console.audit_rows() if r.outcome == "forbidden"]
    assert denied == [("view_audit", fin.id), ("view_audit", fin.id)]


# -- the staff CLI ---------------------------------------------------------------------------
def test_cli_adds_lists_and_disables_staff_and_disabling_ends_sessions_at_once(
    console: Harness, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", console.db_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["staff", "add", "hal", "--role", "admin", "--password-stdin"]) == 0
    client = console.new_client()
    assert console.login("hal", client=client).status_code == 303
    assert client.get("/api/me").json()["role"] == "admin"

    monkeypatch.setattr("sys.stdin", io.StringIO("password1234\n"))
    assert cli.main(["staff", "add", "ike", "--password-stdin"]) == 1
    assert "most common" in capsys.readouterr().err

    assert cli.main(["staff", "list"]) == 0
    assert re.search(r"^hal\tadmin\tactive\t", capsys.readouterr().out, re.M)

    assert cli.main(["staff", "disable", "hal"]) == 0
    assert "ended 1 session" in capsys.readouterr().out
    assert client.get("/api/me").status_code == 401  # at once, not at the next timeout
    assert console.login("hal").status_code == 401

    assert cli.main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    assert [r.action for r in console.audit_rows() if r.source_ip == "cli"] == ["account_created", "account_disabled"]


def test_cli_audit_verify_fails_on_a_tampered_log(console: Harness, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    console.add_user("ada")
    console.login("ada", "wrong password here")
    console.login("ada")
    with console.console.engine.begin() as connection:  # as the schema owner: the app's own account cannot
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("UPDATE audit_log SET outcome = 'ok' WHERE id = 1")
    monkeypatch.setenv("DATABASE_URL", console.db_url)
    assert cli.main(["audit", "verify"]) == 1
    assert "rows 1" in capsys.readouterr().out


def test_accounts_work_on_a_fresh_database_without_the_app(tmp_path: Path) -> None:
    """How tests and scripts create users programmatically."""
    engine = make_engine(f"sqlite:///{tmp_path}/h.db")
    migrate(engine)
    accounts = Accounts(engine)
    staff = accounts.create("jan", PASSWORD, role="admin")
    assert staff.is_admin and accounts.authenticate("jan", PASSWORD).ok
    assert accounts.authenticate("jan", PASSWORD + "x").outcome == "bad_password"
    engine.dispose()
