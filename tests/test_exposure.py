"""What is reachable from outside and how the action server is locked down (catalogue A2, A10)."""
from __future__ import annotations

import zlib
from pathlib import Path

import requests

from bot.content.settings import load_settings


def test_public_web_app_serves_only_the_page_widget_chat_and_console(servers):
    for path in ("/version", "/status", "/model", "/conversations/x/tracker", "/conversations/x/messages",
                 "/webhooks/rest/webhook", "/webhooks/widget/webhook", "/socket.io/", "/docs", "/redoc"):
        assert requests.get(servers.web_url + path, timeout=30).status_code == 404, path
    assert requests.put(servers.web_url + "/model", timeout=30).status_code in (404, 405)
    assert "Server" not in requests.get(servers.web_url + "/", timeout=30).headers


def test_rasa_http_api_is_off(servers):
    for path in ("/status", "/version", "/conversations/x/tracker", "/domain"):
        assert requests.get(servers.rasa_url + path, timeout=30).status_code in (401, 403, 404), path
    assert requests.put(servers.rasa_url + "/model", json={"model_file": "/tmp/x"}, timeout=30).status_code in (401, 403, 404, 405)


def test_action_server_refuses_callers_without_the_shared_secret(servers):
    call = {"next_action": "action_open_handoff", "sender_id": "x", "tracker": {"sender_id": "x"}, "domain": {}}
    assert requests.get(servers.action_url + "/health", timeout=30).ok  # health stays open for probes
    assert requests.get(servers.action_url + "/actions", timeout=30).status_code == 401
    assert requests.post(servers.action_url + "/webhook", json=call, timeout=30).status_code == 401
    wrong = {"X-Action-Secret": "guess"}
    assert requests.post(servers.action_url + "/webhook", json=call, headers=wrong, timeout=30).status_code == 401


def test_action_server_errors_do_not_echo_the_conversation(servers, tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(servers.tracker_db.parent))
    secret = {"X-Action-Secret": load_settings().action_secret}
    assert requests.get(servers.action_url + "/actions", headers=secret, timeout=30).ok
    marker = "PHICANARY-7f3a my private symptom"
    broken = {"next_action": "action_triage_symptom", "sender_id": "x", "version": "3.6.21",
              "tracker": marker, "domain": {}}
    reply = requests.post(servers.action_url + "/webhook", json=broken, headers=secret, timeout=30)
    assert reply.status_code >= 400
    assert marker not in reply.text and "request_body" not in reply.text
    bomb = zlib.compress(b"{" + b" " * 60_000_000 + b"}")
    reply = requests.post(servers.action_url + "/webhook", data=bomb,
                          headers={**secret, "Content-Encoding": "deflate", "Content-Type": "application/json"}, timeout=30)
    assert reply.status_code == 415
    assert marker not in servers.log.read_text(errors="replace")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def test_the_action_server_runs_without_tensorflow(servers):
    """Rasa needs TensorFlow; the actions do not, and it cost 350 MB in each action server (docs/benchmarks.md)."""
    servers.say("lean-check", "I'm on blood thinners, am I a candidate?")  # the pre-screen reads it with spaCy
    servers.say("lean-check-2", "my lips are swelling")  # triage and the red-flag screen
    actions = [pid for pid in _descendants(servers.process.pid)
               if b"actions.server" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    rasa = [pid for pid in _descendants(servers.process.pid)
            if b"bot.rasa_ext" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert actions and rasa
    for pid in actions:
        maps = Path(f"/proc/{pid}/maps").read_text()
        assert "/spacy/" in maps  # spaCy is loaded: the actions ran, and the process is inspected for real
        assert "tensorflow" not in maps, "the action server loaded TensorFlow"
    assert any("tensorflow" in Path(f"/proc/{pid}/maps").read_text() for pid in rasa)  # the check can see it
