"""The demo clinic page and the widget's static files (bot/web/site.py)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from starlette.testclient import TestClient

from bot.content.settings import load_settings
from bot.web.site import WIDGET_DIR, router

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


@pytest.fixture
def clinic() -> dict:
    return yaml.safe_load(load_settings().clinic_file.read_text(encoding="utf-8"))


def expected_csp(chat_origin: str = "") -> str:
    connect = f"'self' {chat_origin}" if chat_origin else "'self'"
    return (
        f"default-src 'self'; connect-src {connect}; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


def test_page_shows_the_clinic_and_embeds_the_widget(client, clinic):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = html.unescape(response.text)
    assert clinic["name"] in page
    assert clinic["phone"] in page
    assert "a fictional clinic for demonstration" in page
    assert "Microneedling with PRP" in page
    # Opening hours from the clinic file, e.g. Thursday's late opening and Sunday closed.
    assert clinic["hours"]["thu"].replace("-", "–") in page
    assert re.search(r"Sunday</th>\s*<td>Closed", response.text)
    settings = load_settings()
    script = re.search(r"<script\b[^>]*>", response.text, re.S).group(0)
    assert 'src="/widget/widget.js"' in script
    assert f'data-chat-url="{html.escape(settings.chat_url)}"' in script
    assert f'data-clinic-name="{html.escape(clinic["name"])}"' in script
    assert f'data-clinic-phone="{html.escape(clinic["phone"])}"' in script
    assert f'data-emergency-number="{html.escape(str(clinic["emergency_number"]))}"' in script
    assert "defer" in script
    assert '<link rel="stylesheet" href="/widget/widget.css">' in response.text


def test_page_carries_the_security_headers(client):
    response = client.get("/")
    # The widget talks to this same origin (/chat, forwarded to Rasa), so nothing else is allowed.
    assert response.headers["content-security-policy"] == expected_csp()
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_page_has_no_inline_script_or_style(client):
    page = client.get("/").text
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag
    assert re.search(r"<script\b[^>]*>\s*[^<\s]", page) is None
    assert "<style" not in page
    assert " style=" not in page
    assert re.search(r"\son[a-z]+=", page) is None


def test_csp_allows_the_configured_chat_origin(client, monkeypatch):
    monkeypatch.setenv("CHAT_URL", "https://Chat.Example.org:8443/webhooks/widget")
    response = client.get("/")
    assert response.headers["content-security-policy"] == expected_csp("https://chat.example.org:8443")
    assert 'data-chat-url="https://Chat.Example.org:8443/webhooks/widget"' in response.text


def test_a_chat_url_cannot_inject_csp_directives(client, monkeypatch):
    monkeypatch.setenv("CHAT_URL", "https://chat.example.org;script-src *")
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src *" not in csp
    assert "connect-src 'self';" in csp


def test_page_escapes_the_clinic_facts(client, monkeypatch, tmp_path, clinic):
    clinic = dict(clinic, name='Fern & "Co" <script>alert(1)</script>', fictional=True)
    path = tmp_path / "clinic.yml"
    path.write_text(yaml.safe_dump(clinic, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CLINIC_FILE", str(path))
    page = client.get("/").text
    assert "<script>alert(1)" not in page
    assert "Fern &amp; &#34;Co&#34; &lt;script&gt;" in page
    assert 'data-clinic-name="Fern &amp; &#34;Co&#34; &lt;script&gt;alert(1)&lt;/script&gt;"' in page


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("widget.js", "text/javascript; charset=utf-8"), ("widget.css", "text/css; charset=utf-8")],
)
def test_widget_files_are_served(client, name, content_type):
    response = client.get(f"/widget/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (WIDGET_DIR / name).read_bytes()
    again = client.get(f"/widget/{name}", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/widget/missing.js",
        "/widget/index.html",
        "/widget/widget.js.map",
        "/widget/WIDGET.JS",
        "/widget/",
        "/widget/..%2Fbot%2Fsettings.py",
        "/widget/..%2F..%2Fbot%2Fsettings.py",
        "/widget/%2e%2e%2fbot%2fsettings.py",
        "/widget/..%5Cbot%5Csettings.py",
        "/widget/widget.js%00",
        "/widget/%2Fetc%2Fpasswd",
        "/widget/../bot/settings.py",
        "/widget/..%2Fsite%2Findex.html",
    ],
)
def test_only_the_two_widget_files_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "load_settings" not in response.text
    assert "root:" not in response.text


def _code(path: Path) -> str:
    """The file without its comments."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"^\s*//.*$", "", text, flags=re.M)


def test_widget_never_writes_html_or_inline_styles():
    code = _code(WIDGET_DIR / "widget.js")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", ".style", "eval(",
                      "new Function", "setAttribute('style'", "cssText"):
        assert forbidden not in code, forbidden
    # Only the session token and the chosen language go to localStorage.
    assert sorted(re.findall(r"storageSet\('localStorage', ([A-Z_]+)", code)) == ["LANGUAGE_KEY", "TOKEN_KEY"]
    assert "TOKEN_KEY = 'clinicChatSession'" in code


def test_widget_carries_the_test_hooks():
    code = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    for testid in ("chat-launcher", "chat-panel", "chat-log", "chat-input", "chat-send", "chat-disclaimer",
                   "chat-typing", "chat-error", "chat-retry", "chat-handoff-status", "quick-reply",
                   "answer-source", "feedback-up", "feedback-down", "feedback-thanks", "msg-patient",
                   "msg-assistant"):
        assert f"'data-testid': '{testid}'" in code, testid
