"""The conversation as staff read it, built from Rasa tracker events."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

MAX_ENTRIES = 200


def from_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Patient and assistant lines; a quick-reply click shows the button the patient saw, not its payload."""
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
        entries.append({
            "sender": "patient" if kind == "user" else "assistant",
            "text": str(text),
            "time": datetime.fromtimestamp(stamp, timezone.utc).isoformat() if stamp else None,
        })
    return entries[-MAX_ENTRIES:]
