"""Builds the web app: the staff console (/console, /api) and the public site router (/, /widget).

``create_app(settings, clock)`` wires the parts together; ``clock`` is how
tests move time forward (session timeouts, lockouts, ages) without sleeping.
"""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
import yaml
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.web.console import formatting
from bot.web.console.accounts import Accounts
from bot.web.console.api import build_api_router
from bot.storage.audit import AuditLog
from bot.web.console.auth import Forbidden, Guard, NotAuthenticated, safe_next
from bot.web.console.changes import Changes
from bot.web.console.context import Console
from bot.storage.database import make_engine, migrate, system_clock
from bot.web.console.pages import build_page_router
from bot.web.console.queries import Queries, load_flag_meanings
from bot.web.console.security import SecurityHeaders, csp_nonce
from bot.web.console.sessions import IDLE_TIMEOUT, Sessions
from bot.storage.feedback import FeedbackStore
from bot.privacy.retention import scheduled_purges
from bot.content.settings import Settings
from bot.web.chat_proxy import build_chat_router
from bot.content.knowledge import ENGLISH, load_all
from bot.handoffs.live_bus import LiveBus
from bot.web.live_routes import build_live_router
from bot.web.live_service import LiveService
from bot.web.rasa_relay import RasaRelay
from bot.web.site import router as site_router

HERE = Path(__file__).resolve().parent


def clinic_zone(clinic_file: Path) -> tzinfo:
    """Times are shown in the clinic's zone (clinic.yml ``timezone``), UTC if it has none."""
    try:
        name = (yaml.safe_load(clinic_file.read_text(encoding="utf-8")) or {}).get("timezone")
        return ZoneInfo(name) if name else timezone.utc
    except (OSError, yaml.YAMLError, ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _templates(zone: tzinfo) -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True, undefined=jinja2.StrictUndefined,
    )
    environment.globals.update(
        urgency_labels=formatting.URGENCY_LABELS, reason_labels=formatting.REASON_LABELS,
        status_labels=formatting.STATUS_LABELS, status_filter_labels=formatting.STATUS_FILTER_LABELS,
        language_labels=formatting.LANGUAGE_LABELS, change_messages=formatting.CHANGE_MESSAGES,
        idle_minutes=int(IDLE_TIMEOUT.total_seconds() // 60),
    )
    environment.filters.update(
        age=formatting.format_age, when=lambda moment: formatting.format_time(moment, zone),
        label=lambda code, mapping: formatting.label(mapping, code),
    )
    return Jinja2Templates(env=environment)


def _wants_html(request: Request) -> bool:
    return request.url.path.startswith("/console")


def _install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, status: int, title: str, message: str) -> Response:
        return templates.TemplateResponse(
            request, "error.html",
            {"nonce": csp_nonce(request), "session": getattr(request.state, "session", None), "expires_in": 0,
             "title": title, "message": message},
            status_code=status,
        )

    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, _: NotAuthenticated) -> Response:
        if not _wants_html(request):
            return JSONResponse({"detail": "Not signed in."}, status_code=401)
        query = []
        if request.cookies.get(request.app.state.console.cookie_name):
            query.append("notice=expired")
        if request.method == "GET" and safe_next(request.url.path) == request.url.path:
            query.append(f"next={request.url.path}")
        return RedirectResponse("/console/login" + ("?" + "&".join(query) if query else ""), status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, _: Forbidden) -> Response:
        if not _wants_html(request):
            return JSONResponse({"detail": "Not allowed."}, status_code=403)
        return page(request, 403, "Not allowed", "You do not have access to this page, or the form had expired. "
                    "Go back, reload the page and try again.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if not _wants_html(request):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
        return page(request, error.status_code, "Page not found" if error.status_code == 404 else "Request not possible",
                    "Check the address, or go back to the queue.")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if not _wants_html(request):
            problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in error.errors()]
            return JSONResponse({"detail": problems}, status_code=422)
        return page(request, 404 if "handoff_id" in str(error.errors()) else 422, "Request not possible",
                    "Check the address, or go back to the queue.")


def _lifespan(settings: Settings, clock: Callable[[], datetime], live: LiveService) -> Callable[[Any], Any]:
    """Retention purges and the live-chat time-out sweep run beside the app and stop with it."""
    purges = scheduled_purges(settings, clock)

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        async with purges(app):
            sweeper = asyncio.create_task(live.sweep_forever())
            try:
                yield
            finally:
                sweeper.cancel()
                with suppress(asyncio.CancelledError):
                    await sweeper
                await live.bus.close()
                await live.relay.close()

    return lifespan


def create_app(settings: Settings, clock: Optional[Callable[[], datetime]] = None) -> FastAPI:
    """The app. Migrates the handoff database to the newest schema first (it fails fast if unreachable)."""
    clock = clock or system_clock
    engine = make_engine(settings.database_url)
    migrate(engine)
    zone = clinic_zone(settings.clinic_file)
    accounts = Accounts(engine, clock)
    audit = AuditLog(engine, clock)
    console = Console(
        settings=settings, clock=clock, engine=engine, accounts=accounts, sessions=Sessions(engine, clock),
        audit=audit,
        queries=Queries(engine, settings.tracker_store_url, load_flag_meanings(settings.knowledge_dir), accounts, audit, clock),
        changes=Changes(engine, audit, clock), feedback=FeedbackStore(settings.database_url), zone=zone,
    )
    contents = load_all(settings.knowledge_dir, settings.clinic_file)
    translations = {language: knowledge for language, knowledge in contents.items() if language != ENGLISH}
    live = LiveService(engine, clock, contents[ENGLISH], LiveBus(settings.live_bus_url),
                       RasaRelay(settings), audit, translations)
    app = FastAPI(
        title="Clinic assistant staff console API",
        description="Handoff queue for clinic staff. Sign in at /console/login; send the session's CSRF token "
                    "(GET /api/me) as X-CSRF-Token on every POST.",
        version="1",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
        lifespan=_lifespan(settings, clock, live),  # retention purge at start-up, then daily (docs/privacy.md)
    )
    app.state.console = console
    app.state.live = live
    templates = _templates(zone)
    guard = Guard(console)
    app.add_middleware(SecurityHeaders, hsts=settings.cookie_secure)
    _install_error_handlers(app, templates)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/console", include_in_schema=False)
    def console_root() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=308)

    app.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")
    app.include_router(build_page_router(console, guard, templates))
    app.include_router(build_api_router(console, guard))
    app.include_router(site_router)
    app.include_router(build_live_router(settings, live, guard))
    app.include_router(build_chat_router(settings, live=live))
    return app

