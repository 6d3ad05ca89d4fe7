"""A durable local spool for handoff writes made while the database is down.

A handoff must never be lost: if the database cannot take it, the operation
is written to its own file (fsynced, then renamed into place) and replayed
in order when the database is back. Replays are idempotent because each
handoff carries its id from the start.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from typing import Any, Callable


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)

    def put(self, operation: dict[str, Any]) -> Path:
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex}.json"
        temporary = self.directory / f".{name}.tmp"
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(operation, handle)
            handle.flush()
            os.fsync(handle.fileno())
        target = self.directory / name
        os.replace(temporary, target)
        return target

    def pending(self) -> list[Path]:
        return sorted(self.directory.glob("*.json"))

    def replay(self, apply: Callable[[dict[str, Any]], None]) -> int:
        """Applies spooled operations in order; stops at the first failure."""
        done = 0
        for path in self.pending():
            apply(json.loads(path.read_text(encoding="utf-8")))
            path.unlink()
            done += 1
        return done
