"""Tells staff about a new handoff through a webhook, without patient data.

The body carries only the handoff id, urgency, reason, the conversation's
language code ("en", "es": so a Spanish speaker can be sent to take it) and a
console link: no clinical text and no contact details ever leave through it. It is signed
with HMAC-SHA256 so the receiver can trust it. Delivery runs on a
background thread with retries and backoff, so a slow or failing receiver
never delays the patient's reply.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable

import requests

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Clinic-Signature"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, signature: str) -> bool:
    return hmac.compare_digest(sign(body, secret), signature)


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: str
    console_url: str
    attempts: int = 6
    first_delay: float = 1.0
    timeout: float = 5.0


class Notifier:
    def __init__(self, settings: WebhookSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._queue: queue.Queue[dict[str, str]] = queue.Queue()
        self._worker = threading.Thread(target=self._run, name="handoff-webhook", daemon=True)
        self._worker.start()

    def __call__(self, handoff_id: str, urgency: str, reason: str, language: str = "en") -> None:
        self._queue.put({
            "handoff_id": handoff_id,
            "urgency": urgency,
            "reason": reason,
            "language": language,
            "console_url": f"{self.settings.console_url.rstrip('/')}/handoffs/{handoff_id}",
        })

    def wait_idle(self, timeout: float = 30) -> bool:
        """For tests and shutdown: True once every queued notice was handled."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0:
                return True
            time.sleep(0.05)
        return False

    def _run(self) -> None:
        while True:
            payload = self._queue.get()
            try:
                self._deliver(payload)
            finally:
                self._queue.task_done()

    def _deliver(self, payload: dict[str, str]) -> bool:
        body = json.dumps(payload, sort_keys=True).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, self.settings.secret)}
        delay = self.settings.first_delay
        for attempt in range(1, self.settings.attempts + 1):
            try:
                response = requests.post(self.settings.url, data=body, headers=headers, timeout=self.settings.timeout)
                if 200 <= response.status_code < 300:
                    return True
                logger.warning("Webhook for handoff %s answered %s (attempt %d).", payload["handoff_id"], response.status_code, attempt)
            except requests.RequestException as error:
                logger.warning("Webhook for handoff %s failed: %s (attempt %d).", payload["handoff_id"], type(error).__name__, attempt)
            if attempt < self.settings.attempts:
                self._sleep(delay)
                delay *= 2
        logger.error("Webhook for handoff %s gave up after %d attempts.", payload["handoff_id"], self.settings.attempts)
        return False
