"""The action server: rasa-sdk's app, locked down (python -m actions.server).

Stock rasa-sdk binds every interface with no authentication and CORS "*",
echoes the whole tracker (the patient's words) in its 500 responses and
inflates any deflate body. Here only Rasa, holding the shared secret, may
call it; bodies are capped; errors say nothing about the request.
"""
from __future__ import annotations

import hmac
import logging
import os
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.privacy import log_privacy
from bot.content.settings import load_settings

logger = logging.getLogger(__name__)
# Frameworks the actions never use. spaCy's thinc imports TensorFlow whenever it
# is installed (Rasa needs it, in its own process): 628 MB resident here with
# it, 275 MB without, the same screens and answers (tests/test_exposure.py).
NOT_IMPORTED = ("tensorflow", "torch", "jax")


def keep_out_unused_frameworks() -> None:
    """Marks them absent, so an ``import`` of one raises ImportError, which thinc handles."""
    for name in NOT_IMPORTED:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # None in sys.modules means "not importable"
SECRET_HEADER = "X-Action-Secret"
MAX_BODY_BYTES = 5 * 1024 * 1024  # a long conversation's tracker is well under 1 MB


def build_app(secret: str) -> Sanic:
    app = create_app("actions", cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        if request.headers.get("Content-Encoding"):
            return response.json({"error": "compressed bodies are not accepted"}, status=415)
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            return response.json({"error": "unauthorised"}, status=401)
        return None

    async def hide_errors(request: Request, exception: Exception) -> HTTPResponse:
        # The type only: exception texts and request bodies carry patients' words.
        logger.error("Action server error (%s).", type(exception).__name__)
        status = getattr(exception, "status_code", 500)
        return response.json({"error": "internal error" if status >= 500 else "bad request"}, status=status)

    app.error_handler.add(Exception, hide_errors)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    log_privacy.install()  # SQLAlchemy errors of the handoff store carry patients' words
    keep_out_unused_frameworks()  # before the SDK imports the actions, and through them spaCy
    settings = load_settings()
    app = build_app(settings.action_secret)

    async def start_replay(_app: Sanic, _loop: object) -> None:
        # Lands handoffs spooled while the database or this server was down,
        # including those the chat channel spooled for it (bot.handoffs.safety_net).
        from actions import services
        services.store()

    app.register_listener(start_replay, "after_server_start")
    host = os.environ.get("ACTION_HOST", "127.0.0.1")
    logger.info("Action server on http://%s:%d", host, settings.action_port)
    app.run(host, settings.action_port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
