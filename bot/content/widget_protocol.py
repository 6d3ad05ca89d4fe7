"""The website chat protocol, free of Rasa and Sanic so it can be unit-tested.

Stock Rasa channels trust whatever sender id a client sends (anyone who knows
or guesses it can read or post into that conversation, and a request without
one lands in a shared "default" conversation). Here the server issues the
conversation id and signs it; a client only ever holds the signed token.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from bot.content.contract import Slot

ID_BYTES = 16  # 128-bit conversation ids: not guessable, not sequential.
TOKEN = re.compile(r"^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$")
MAX_BODY_BYTES = 64 * 1024
# A bot event's metadata says who spoke in a live chat: LIVE_KEY is the kind of
# line (a staff member's message, or a notice that someone joined or left), and
# STAFF_KEY the staff member's display name.
LIVE_KEY = "live"
STAFF_KEY = "staff"
LIVE_STAFF = "staff"
LIVE_NOTICES = ("waiting", "joined", "left", "timed_out", "cancelled")
KEEP_CONTROLS = {"\n", "\t"}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _signature(secret: bytes, conversation_id: str) -> str:
    return _b64(hmac.new(secret, b"widget-session:" + conversation_id.encode(), hashlib.sha256).digest())


def issue(secret: bytes) -> str:
    conversation_id = _b64(secrets.token_bytes(ID_BYTES))
    return f"{conversation_id}.{_signature(secret, conversation_id)}"


def verify(secret: bytes, token: Any) -> Optional[str]:
    """The conversation id of a genuine token, else None (forged, malformed, not a string)."""
    if not isinstance(token, str):
        return None
    match = TOKEN.match(token)
    if not match:
        return None
    conversation_id, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(secret, conversation_id)):
        return None
    return conversation_id


def clean_text(text: str) -> str:
    """Drops NUL, control and lone-surrogate characters that break storage (PostgreSQL refuses NUL)."""
    kept = (
        char for char in text
        if char in KEEP_CONTROLS or unicodedata.category(char) not in ("Cc", "Cs")
    )
    return "".join(kept).strip()


@dataclass(frozen=True)
class Problem:
    """A refused request: HTTP status, a code for programs and words for the patient."""
    status: int
    error: str
    message: str

    def body(self) -> dict[str, str]:
        return {"error": self.error, "message": self.message}


def read_message(body: Any, max_chars: int) -> tuple[str, Optional[Problem]]:
    """The patient's text from a webhook body, or why it cannot be taken."""
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return "", Problem(400, "bad_message", "Please type a message.")
    text = clean_text(body["message"])
    if not text:
        return "", Problem(400, "empty_message", "Please type a message.")
    if len(text) > max_chars:
        return "", Problem(
            413, "too_long",
            f"Your message is longer than {max_chars:,} characters. Please shorten it and send it again.",
        )
    return text, None


def guard_payload(text: str, offered: Iterable[str]) -> str:
    """Lets a "/intent" payload through only if the assistant just offered it as a button.

    Otherwise the slashes are dropped and the words go through NLU like any
    other text, so a patient cannot type ``/intent{"slot": ...}`` to skip the
    pre-screen, set a triage level or fill a form.
    """
    if not text.startswith("/"):
        return text
    if text in set(offered):
        return text
    return text.lstrip("/").strip() or "hello"


def offered_payloads(events: list[dict[str, Any]]) -> list[str]:
    """The button payloads of the assistant's last turn."""
    payloads: list[str] = []
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            break
        if kind == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            payloads.extend(str(button.get("payload")) for button in buttons if isinstance(button, dict))
    return payloads


def shape_replies(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Joins a bot text with the custom payload Rasa sends right after it.

    Rasa's output channels send a response's ``custom`` part as a message of
    its own; the widget needs it on the answer it describes.
    """
    shaped: list[dict[str, Any]] = []
    for message in messages:
        entry = {key: message[key] for key in ("text", "buttons", "custom", "image") if message.get(key)}
        if not entry:
            continue
        if set(entry) == {"custom"} and shaped and "text" in shaped[-1] and "custom" not in shaped[-1]:
            shaped[-1]["custom"] = entry["custom"]
        else:
            shaped.append(entry)
    return shaped


def history(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as the widget shows it after a reload.

    A quick-reply click is stored as its payload ("/affirm"); the patient saw
    the button's title, so that is what comes back.
    """
    entries: list[dict[str, Any]] = []
    titles: dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "user" and event.get("text"):
            text = str(event["text"])
            entries.append({"sender": "patient", "text": titles.get(text, text)})
            titles = {}
        elif kind == "bot" and (live := live_line(event)) is not None:
            entries.append(live)
        elif kind == "bot":
            data = event.get("data") or {}
            message = {"text": event.get("text"), "buttons": data.get("buttons"), "custom": data.get("custom")}
            for reply in shape_replies([message]):
                if set(reply) == {"custom"} and entries and entries[-1]["sender"] == "assistant" \
                        and "text" in entries[-1] and "custom" not in entries[-1]:
                    entries[-1]["custom"] = reply["custom"]
                    continue
                entries.append({"sender": "assistant", **reply})
            for button in data.get("buttons") or []:
                if isinstance(button, dict) and button.get("payload"):
                    titles[str(button["payload"])] = str(button.get("title") or button["payload"])
    return entries


def conversation_language(events: list[dict[str, Any]], default: str) -> str:
    """The language slot's latest value in the events (the widget reopens a Spanish conversation in Spanish)."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == Slot.LANGUAGE and event.get("value"):
            return str(event["value"])
    return default


def live_line(event: dict[str, Any]) -> Optional[dict[str, Any]]:
    """A staff member's message or a live-chat notice, as the widget shows it; None for the assistant's own."""
    metadata = event.get("metadata") or {}
    kind = metadata.get(LIVE_KEY)
    if kind == LIVE_STAFF:
        return {"sender": "staff", "name": str(metadata.get(STAFF_KEY) or ""), "text": str(event.get("text") or "")}
    if kind in LIVE_NOTICES:
        return {"sender": "notice", "kind": kind, "text": str(event.get("text") or "")}
    return None


def handed_off(entries: list[dict[str, Any]]) -> bool:
    return any((entry.get("custom") or {}).get("type") == "handoff" for entry in entries)


def cors_headers(origin: Optional[str], allowed: Iterable[str]) -> dict[str, str]:
    """Exact-match CORS: no wildcard, no pattern (sanic-cors' prefix matching let look-alike hosts in)."""
    headers = {"Vary": "Origin"}
    if origin and origin in set(allowed):
        headers.update({
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        })
    return headers


def origin_allowed(origin: Optional[str], allowed: Iterable[str]) -> bool:
    """Browsers always send Origin on these cross-site POSTs; clients without one (curl, servers) still need a token."""
    return origin is None or origin in set(allowed)
