"""The conversation as staff read it, built from Rasa tracker events."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from bot.content.widget_protocol import LIVE_KEY, LIVE_STAFF, STAFF_KEY

MAX_ENTRIES = 200


def from_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Patient, assistant and staff lines and live-chat notices; a quick-reply click shows the button the patient saw, not its payload."""
    entries = []
    titles: dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "bot":
            for button in (event.get("data") or {}).get("buttons") or []:
                if isinstance(button, dict) and button.get("payload"):
                    titles[str(button["payload"])] = str(button.get("title") or button["payload"])
        text = event.get("text")
        if kind not in ("user", "bot") or not text:
            continue
        if kind == "user":
            text, titles = titles.get(str(text), text), {}
        stamp = event.get("timestamp")
        metadata = (event.get("metadata") or {}) if kind == "bot" else {}
        live = metadata.get(LIVE_KEY)
        entry = {
            "sender": "patient" if kind == "user" else "staff" if live == LIVE_STAFF else "notice" if live else "assistant",
            "text": str(text),
            "time": datetime.fromtimestamp(stamp, timezone.utc).isoformat() if stamp else None,
        }
        if live == LIVE_STAFF:
            entry["name"] = str(metadata.get(STAFF_KEY) or "")
        entries.append(entry)
    return entries[-MAX_ENTRIES:]
