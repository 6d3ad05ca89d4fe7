"""Browser-facing defences: security headers with a per-request CSP nonce, generic errors, CSRF checks.

The CSP allows scripts only from this origin or with this response's nonce,
so even if patient text slipped through unescaped it could not run (defence
in depth behind Jinja's autoescape and the JS's ``textContent``).
"""
from __future__ import annotations

import logging
import secrets
import uuid
from typing import Optional
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)
CONSOLE_PREFIXES = ("/console", "/api", "/healthz")
STATIC_PREFIX = "/console/static/"
CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
ERROR_PAGE = (
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong</title></head>"
    "<body><main><h1>Something went wrong</h1><p>Please try again. If it keeps happening, tell your "
    "administrator and quote reference {reference}.</p></main></body></html>"
)


def is_console_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in CONSOLE_PREFIXES)


def csp_nonce(request: Request) -> str:
    return request.state.csp_nonce


class SecurityHeaders:
    """ASGI middleware: headers on every console and API response, and a generic 500 for any crash.

    The public site's own pages (``/``, ``/widget/*``) keep whatever headers
    their router sets; they only get ``nosniff`` if they set none.
    """

    def __init__(self, app: ASGIApp, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        path: str = scope["path"]
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self._add(MutableHeaders(scope=message), path, nonce)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # noqa: BLE001 - every crash becomes a generic page; details go to the log only
            reference = uuid.uuid4().hex[:12]
            logger.exception("Unhandled error (reference %s) on %s %s", reference, scope.get("method"), path)
            if started:
                raise
            await self._error(send_with_headers, path, reference)

    def _add(self, headers: MutableHeaders, path: str, nonce: str) -> None:
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if not is_console_path(path):
            return
        headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if self.hsts:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not path.startswith(STATIC_PREFIX):
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"

    @staticmethod
    async def _error(send: Send, path: str, reference: str) -> None:
        if path.startswith("/api"):
            body = f'{{"detail":"Internal error","reference":"{reference}"}}'.encode()
            content_type = b"application/json"
        else:
            body = ERROR_PAGE.format(reference=reference).encode()
            content_type = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 500,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _origin(url: str) -> Optional[str]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def same_origin(request: Request, console_url: str) -> bool:
    """Whether a state-changing request comes from the console's own pages (with the CSRF token, ASVS 3.5).

    - ``Sec-Fetch-Site`` (sent by current browsers) must be ``same-origin`` when present;
    - ``Origin`` must be this site when present. "This site" is the URL the request came
      to, or CONSOLE_URL (set it to the public address when a TLS proxy sits in front);
    - ``Origin: null`` is what browsers send for same-origin form posts under
      ``Referrer-Policy: no-referrer``, so it passes only when ``Sec-Fetch-Site``
      vouches for it (a sandboxed frame or a cross-site page sends ``cross-site``).
    Non-browser clients send neither header and rely on the CSRF token alone.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin.strip() == "null":
        return site == "same-origin"
    allowed = {_origin(str(request.base_url)), _origin(console_url)}
    return origin.strip().lower().rstrip("/") in allowed


def tokens_match(expected: Optional[str], given: Optional[str]) -> bool:
    return bool(expected) and bool(given) and secrets.compare_digest(str(expected), str(given))
