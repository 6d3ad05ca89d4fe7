"""The conversation as staff read it, built from Rasa tracker events."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

MAX_ENTRIES = 200


def from_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    entries = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not text:
            continue
        stamp = event.get("timestamp")
        entries.append({
            "sender": "patient" if kind == "user" else "assistant",
            "text": str(text),
            "time": datetime.fromtimestamp(stamp, timezone.utc).isoformat() if stamp else None,
        })
    return entries[-MAX_ENTRIES:]
