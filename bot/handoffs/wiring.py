"""One wiring of the handoff store: the clinic's database and spool, with the staff webhook when configured.

The action server and the spool relay (deploy/spool_relay.py) both build it
here, so they cannot drift apart on the webhook or its secret.
"""
from __future__ import annotations

from bot.content.settings import Settings
from bot.handoffs.notify import Notifier, WebhookSettings
from bot.handoffs.store import HandoffStore

MISSING_SECRET = "STAFF_WEBHOOK_URL is set without STAFF_WEBHOOK_SECRET. Fix: set a shared secret."


class WiringError(RuntimeError):
    pass


def handoff_store(settings: Settings) -> HandoffStore:
    notify = None
    if settings.webhook_url:
        if not settings.webhook_secret:
            raise WiringError(MISSING_SECRET)
        notify = Notifier(WebhookSettings(settings.webhook_url, settings.webhook_secret, settings.console_url))
    return HandoffStore(settings.database_url, settings.spool_dir, notify)
