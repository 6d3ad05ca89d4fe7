"""The staff console: a FastAPI app where clinic staff work the handoff queue.

``bot.web.console.app.create_app`` builds it (``bot.web.app`` serves it). Accounts
are created with ``python -m bot.ops.cli staff add NAME [--role admin]``; there
are no default accounts.

Running it:
- Over HTTPS (production) keep the default ``CONSOLE_COOKIE_SECURE=true``: the
  session cookie is ``__Host-console`` (Secure, HttpOnly, SameSite=Strict, Path=/).
- For plain-http local runs set ``CONSOLE_COOKIE_SECURE=false``: browsers drop
  Secure cookies over http, so the cookie is then named ``console`` without
  Secure (and no HSTS header is sent).
- Start uvicorn with ``--ws none`` (no websockets here; uvicorn's websocket
  loader fails on Rasa's pinned ``websockets``) and ``--no-server-header``.
- Behind a TLS proxy, set ``CONSOLE_URL`` to the public address (the CSRF
  Origin check compares against it) and uvicorn's ``--forwarded-allow-ips``
  to the proxy, so audit rows hold the client's IP rather than the proxy's.
"""
