"""The website widget's Rasa input channel: POST /webhooks/widget/{session,webhook,history,feedback}.

A subclass of Rasa's REST channel that closes what the stock one leaves open
(docs/widget.md): the server issues and signs conversation ids, checks the
page's Origin, caps message size, filters typed "/intent" payloads, keeps
patient text out of the logs and always answers, with the clinic's phone when
the assistant produced nothing or failed. While the conversation database is
unreachable it answers 503 with the phone and does not hand the message to
Rasa, whose FailSafeTrackerStore would otherwise start a fresh conversation and
keep the new events only in memory (catalogue fact 4).
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
import sqlalchemy as sa

from bot.rasa_ext import rasa_patches
from bot.content import widget_protocol as protocol
from bot.storage.feedback import FeedbackStore
from bot.handoffs.safety_net import SafetyNet
from bot.content.settings import load_settings
from bot.rasa_ext.tracker_store import FastSQLTrackerStore
from bot.rasa_ext.channels.live_relay import RelayRefused, relay, relay_allowed, state_of, triage_while_paused
from bot.handoffs.transcript import from_events
from bot.language.guess import ENGLISH
from bot.rasa_ext.channels import language_switch
from bot.rasa_ext.full_label_classifier import LANGUAGE_KEY

rasa_patches.require_installed("The widget channel")
logger = logging.getLogger(__name__)
DEFAULT_MAX_CHARS = 1000
DATABASE_CHECK_SECONDS = 3.0


def _language(language: Optional[str]) -> dict[str, str]:
    """The conversation's language for the widget, when the channel knows it."""
    return {"language": language} if language else {}


def _inner(store: TrackerStore) -> TrackerStore:
    """The store Rasa's FailSafeTrackerStore wraps. Its private ``_tracker_store`` is
    pinned by bot.rasa_ext.rasa_patches.RELIED_ON, so a Rasa that renames it
    refuses to start instead of switching the database check off."""
    return store._tracker_store if isinstance(store, FailSafeTrackerStore) else store


def _ping(engine: sa.engine.Engine) -> None:
    """SELECT 1; once more if the first try only found a connection the outage had killed."""
    for attempt in (1, 2):
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            return
        except sa.exc.DBAPIError as error:
            if attempt == 2 or not error.connection_invalidated:
                raise


class WidgetInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> "WidgetInput":
        max_chars = int((credentials or {}).get("max_message_chars") or DEFAULT_MAX_CHARS)
        return cls(max_chars)

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        settings = load_settings()
        self.max_chars = max_chars
        self.secret = settings.session_secret
        self.relay_secret = settings.relay_secret
        self.allowed_origins = settings.allowed_origins
        self.safety_net = SafetyNet(settings)
        self.feedback = FeedbackStore(settings.database_url)
        # Its own threads: checks stuck on a hanging database must not hold up the safety net's.
        self.checks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tracker-db-check")

    def _json(self, request: Request, body: Any, status: int = 200) -> HTTPResponse:
        headers = protocol.cors_headers(request.headers.get("origin"), self.allowed_origins)
        headers["Cache-Control"] = "no-store"
        return response.json(body, status=status, headers=headers)

    def _refuse(self, request: Request, problem: protocol.Problem) -> HTTPResponse:
        return self._json(request, problem.body(), problem.status)

    def _read(self, request: Request) -> tuple[Any, Optional[protocol.Problem]]:
        """The JSON body of an allowed request, or why it is refused."""
        if not protocol.origin_allowed(request.headers.get("origin"), self.allowed_origins):
            return None, protocol.Problem(403, "origin", "This chat cannot be used from this site.")
        if len(request.body or b"") > protocol.MAX_BODY_BYTES:
            return None, protocol.Problem(413, "too_long", "Your message is too long. Please shorten it.")
        try:
            body = request.json
        except Exception:  # Sanic raises its own InvalidUsage for bad JSON.
            body = None
        if not isinstance(body, dict):
            return None, protocol.Problem(400, "bad_request", "Something went wrong. Please reload the page.")
        return body, None

    def _read_session(self, request: Request) -> tuple[dict[str, Any], str, Optional[protocol.Problem]]:
        """The body and conversation id of a request that carries a genuine session."""
        body, problem = self._read(request)
        if problem:
            return {}, "", problem
        conversation_id = protocol.verify(self.secret, body.get("session"))
        if conversation_id is None:
            return {}, "", protocol.Problem(401, "bad_session", "Your chat session has expired. Please try again.")
        return body, conversation_id, None

    async def _database_down(self, request: Request) -> bool:
        """True (and logged) when the tracker store's SQL database does not answer a time-boxed SELECT 1."""
        store = _inner(request.app.ctx.agent.tracker_store)
        if not isinstance(store, SQLTrackerStore):
            return False
        engine = store.engine
        try:
            await asyncio.wait_for(
                asyncio.get_running_loop().run_in_executor(self.checks, _ping, engine), DATABASE_CHECK_SECONDS
            )
            return False
        except Exception as error:  # noqa: BLE001 - any failure means the conversation cannot be kept
            logger.error("Conversation database unreachable (%s): the patient was asked to call, the message "
                         "was not passed on. Fix: check TRACKER_STORE_URL's database.", type(error).__name__)
            return True

    def _unavailable(self, request: Request, messages: Optional[list[dict[str, Any]]] = None,
                     language: Any = None) -> HTTPResponse:
        text = self.safety_net.unavailable_in(language_switch.reported(language))
        body = protocol.Problem(503, "unavailable", text).body()
        return self._json(request, {**body, "messages": messages or [{"text": text}]}, 503)

    async def _offered(self, request: Request, conversation_id: str) -> list[str]:
        """The button payloads the assistant offered last, read from the newest rows when the store can."""
        store = _inner(request.app.ctx.agent.tracker_store)
        if isinstance(store, FastSQLTrackerStore):
            turn = await store.last_turn(conversation_id)
            if turn is not None:
                return protocol.offered_payloads(turn)
        return protocol.offered_payloads(await self._events(request, conversation_id))

    async def _events(self, request: Request, conversation_id: str) -> list[dict[str, Any]]:
        tracker = await request.app.ctx.agent.tracker_store.retrieve(conversation_id)
        if tracker is None:
            return []
        return [event.as_dict() for event in tracker.events]

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        widget = Blueprint("widget_webhook", __name__)

        @widget.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @widget.route("/<route:(session|webhook|history|feedback|language)>", methods=["OPTIONS"])
        async def preflight(request: Request, route: str) -> HTTPResponse:
            origin = request.headers.get("origin")
            status = 204 if origin in self.allowed_origins else 403
            return response.empty(status=status, headers=protocol.cors_headers(origin, self.allowed_origins))

        @widget.route("/session", methods=["POST"])
        async def session(request: Request) -> HTTPResponse:
            body, problem = self._read(request)
            if problem:
                return self._refuse(request, problem)
            if protocol.verify(self.secret, body.get("session")):
                return self._json(request, {"session": body["session"], "new": False})
            return self._json(request, {"session": protocol.issue(self.secret), "new": True})

        @widget.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, conversation_id, problem = self._read_session(request)
            if problem:
                return self._refuse(request, problem)
            text, problem = protocol.read_message(body, self.max_chars)
            if problem:
                return self._refuse(request, problem)
            if await self._database_down(request):
                # Alarming signs still get their advice first and an urgent handoff in the spool.
                messages = await asyncio.get_running_loop().run_in_executor(
                    None, self.safety_net.replies, text, conversation_id, self.name(),
                    language_switch.reported(body.get("language")),
                )
                return self._unavailable(request, messages, body.get("language"))
            if text.startswith("/"):
                text = protocol.guard_payload(text, await self._offered(request, conversation_id))
            language = language_switch.reported(body.get("language"))
            notes: list[dict[str, Any]] = []
            wanted = language_switch.wanted_for(text, language)
            if wanted is not None:
                notes = await language_switch.switch(request.app.ctx.agent, conversation_id, wanted)
                language = wanted
            collector = CollectingOutputChannel()
            try:
                # The conversation's language reaches the NLU (bot.rasa_ext.full_label_classifier) in the metadata.
                metadata = {LANGUAGE_KEY: language} if language else None
                await on_new_message(UserMessage(text, collector, conversation_id, input_channel=self.name(),
                                                 metadata=metadata))
            except Exception as error:  # noqa: BLE001 - the patient must get an answer whatever failed.
                # The type only: exception texts can carry the patient's words.
                logger.error("Widget message could not be handled (%s).", type(error).__name__)
            messages = protocol.shape_replies(collector.messages)
            if messages and notes:
                messages = notes + messages
            if not messages:
                tracker = await request.app.ctx.agent.tracker_store.retrieve(conversation_id)
                live = state_of(tracker) if tracker is not None else None
                if live is not None and live.paused:
                    # A person has the chat: the assistant stays silent unless the message is alarming.
                    if live.alert:
                        messages = protocol.shape_replies(await triage_while_paused(request.app.ctx.agent, conversation_id))
                    return self._json(request, {"messages": notes + messages, "live": {"paused": True, "alert": live.alert},
                                                **_language(language)})
                messages = await asyncio.get_running_loop().run_in_executor(
                    None, self.safety_net.replies, text, conversation_id, self.name(), language
                )
            return self._json(request, {"messages": messages, **_language(language)})

        @widget.route("/language", methods=["POST"])
        async def choose_language(request: Request) -> HTTPResponse:
            """The patient chose a language in the widget: the conversation continues in it."""
            body, conversation_id, problem = self._read_session(request)
            if problem:
                return self._refuse(request, problem)
            language = language_switch.reported(body.get("language"))
            if language is None:
                return self._refuse(request, protocol.Problem(400, "bad_language", "This language is not available."))
            if await self._database_down(request):
                return self._unavailable(request, language=body.get("language"))
            notes = await language_switch.switch(request.app.ctx.agent, conversation_id, language)
            return self._json(request, {"language": language, "messages": notes})

        @widget.route("/history", methods=["POST"])
        async def history(request: Request) -> HTTPResponse:
            body, conversation_id, problem = self._read_session(request)
            if problem:
                return self._refuse(request, problem)
            if await self._database_down(request):  # an empty history would look like a lost conversation
                return self._unavailable(request, language=body.get("language"))
            events = await self._events(request, conversation_id)
            entries = protocol.history(events)
            return self._json(request, {"messages": entries, "handed_off": protocol.handed_off(entries),
                                        "language": protocol.conversation_language(events, ENGLISH)})

        @widget.route("/relay", methods=["POST"])
        async def relay_line(request: Request) -> HTTPResponse:
            """The web app's live-chat lines (staff messages, joined, left, timed out): server to server only."""
            if request.headers.get("origin") or not relay_allowed(self.relay_secret, request.headers.get("x-relay-secret")):
                return response.json({"error": "forbidden"}, status=403)
            try:
                body = request.json
            except Exception:  # Sanic raises its own InvalidUsage for bad JSON.
                body = None
            body = body if isinstance(body, dict) else {}
            conversation_id = str(body.get("conversation_id") or "")
            if not conversation_id:
                return response.json({"error": "bad_request"}, status=400)
            if body.get("kind") == "transcript":
                return response.json({"transcript": from_events(await self._events(request, conversation_id))})
            try:
                state = await relay(request.app.ctx.agent, conversation_id, body)
            except RelayRefused as refused:
                return response.json({"error": "bad_request", "message": str(refused)}, status=400)
            return response.json({"paused": state.paused})

        @widget.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            body, conversation_id, problem = self._read_session(request)
            if problem:
                return self._refuse(request, problem)
            topic, vote = body.get("topic"), body.get("vote")
            try:
                await asyncio.get_running_loop().run_in_executor(
                    None, self.feedback.record, str(topic), str(vote), conversation_id
                )
            except ValueError:
                return self._refuse(request, protocol.Problem(400, "bad_feedback", "That feedback could not be saved."))
            return response.empty(status=204, headers=protocol.cors_headers(request.headers.get("origin"), self.allowed_origins))

        return widget
