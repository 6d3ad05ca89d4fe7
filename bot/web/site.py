"""The demo clinic website and the chat widget's static files.

``GET /`` renders ``web/site/index.html`` with the clinic's facts from the
clinic file and embeds the widget, pointed at ``settings.chat_url``.
``GET /widget/{file}`` serves exactly the widget's two files. The page's
Content-Security-Policy allows scripts and styles from this origin only (the
widget creates no inline script or style) and network requests to this origin
and the chat server's.
"""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bot.content import knowledge
from bot.content.knowledge import DAYS
from bot.content.settings import PROJECT_DIR, load_settings

logger = logging.getLogger(__name__)

router = APIRouter()

SITE_DIR = PROJECT_DIR / "web" / "site"
WIDGET_DIR = PROJECT_DIR / "web" / "widget"
# The only files /widget/ serves, with their content types.
WIDGET_FILES = {
    "widget.js": "text/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
}
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
# scheme://host[:port] and nothing else, so the chat URL cannot add CSP directives.
ORIGIN_PATTERN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
COMMON_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(SITE_DIR)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_clinic_cache: dict[Path, tuple[int, dict[str, Any]]] = {}


def load_clinic(path: Path) -> dict[str, Any]:
    """The clinic file, checked as the assistant checks it; re-read when it changes."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    cached = _clinic_cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    clinic = knowledge.load_clinic(path)
    _clinic_cache[path] = (mtime, clinic)
    return clinic


def chat_origin(chat_url: str) -> str | None:
    """``scheme://host[:port]`` of the chat URL, or None when it is relative or unusable."""
    parts = urlsplit(chat_url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    if "@" in parts.netloc or not ORIGIN_PATTERN.match(origin):
        logger.warning("CHAT_URL %r has no usable origin; the page allows only its own origin.", chat_url)
        return None
    return origin


def content_security_policy(chat_url: str) -> str:
    origin = chat_origin(chat_url)
    connect = "'self'" + (f" {origin}" if origin else "")
    return (
        f"default-src 'self'; connect-src {connect}; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


def opening_hours(hours: Mapping[str, str]) -> list[tuple[str, str]]:
    """[('Monday', '09:00–18:00'), ..., ('Sunday', 'Closed')]."""
    return [
        (DAY_NAMES[day], "Closed" if hours[day] == "closed" else hours[day].replace("-", "–"))
        for day in DAYS
    ]


def tel_href(phone: str) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", phone)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def clinic_page() -> HTMLResponse:
    settings = load_settings()
    clinic = load_clinic(settings.clinic_file)
    html = _templates.get_template("index.html").render(
        clinic=clinic,
        hours=opening_hours(clinic["hours"]),
        phone_href=tel_href(str(clinic["phone"])),
        chat_url=settings.chat_url,
    )
    headers = {
        **COMMON_HEADERS,
        "Content-Security-Policy": content_security_policy(settings.chat_url),
        "X-Frame-Options": "DENY",
    }
    return HTMLResponse(html, headers=headers)


@router.get("/widget/{file}", include_in_schema=False)
def widget_file(file: str, request: Request) -> Response:
    media_type = WIDGET_FILES.get(file)
    if media_type is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    body = (WIDGET_DIR / file).read_bytes()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {**COMMON_HEADERS, "ETag": etag}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
