"""A durable local spool for handoff writes made while the database is down.

A handoff must never be lost: if the database cannot take it, the operation
is written to its own file (fsynced, then renamed into place) and replayed
in order when the database is back. Replays are idempotent because each
handoff carries its id from the start.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from pathlib import Path
from typing import Any, Callable

logger = logging.getLogger(__name__)

STALE_CLAIM_SECONDS = 300.0
CLAIMED = re.compile(r"^\.(?P<name>.+\.json)\.\d+\.claimed$")


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

    def recover_claims(self, older_than: float = STALE_CLAIM_SECONDS) -> int:
        """Puts back files a replayer claimed and never finished (it was killed mid-apply).

        Applying one takes well under a second, so a claim older than
        ``older_than`` seconds belongs to a process that is gone; applying it
        again is safe because landing a handoff is idempotent (unique open key).
        """
        recovered = 0
        for claimed in sorted(self.directory.glob(".*.claimed")):
            match = CLAIMED.match(claimed.name)
            target = self.directory / match["name"] if match else None
            try:
                stale = time.time() - claimed.stat().st_ctime >= older_than
            except FileNotFoundError:
                continue
            if target is None or not stale or target.exists():
                continue
            try:
                os.replace(claimed, target)
            except FileNotFoundError:
                continue
            recovered += 1
        if recovered:
            logger.warning("Put back %d spooled handoff operation(s) left claimed by a stopped process.", recovered)
        return recovered

    def replay(self, apply: Callable[[dict[str, Any]], None], retryable: type[Exception]) -> int:
        """Applies spooled operations in order.

        A ``retryable`` error (the database is still down) stops the replay
        and leaves the operation in place. Any other error moves that one
        file to ``failed/`` for a person to look at, so one bad entry never
        blocks the handoffs behind it. A file is claimed by renaming it, so
        two processes sharing the spool never apply the same entry twice.
        """
        self.recover_claims()
        done = 0
        for path in self.pending():
            claimed = path.with_name(f".{path.name}.{os.getpid()}.claimed")
            try:
                os.replace(path, claimed)
            except FileNotFoundError:
                continue  # another process took it
            try:
                apply(json.loads(claimed.read_text(encoding="utf-8")))
            except retryable:
                os.replace(claimed, path)
                raise
            except Exception:  # noqa: BLE001 - quarantined, see docstring
                failed = self.directory / "failed"
                failed.mkdir(exist_ok=True)
                os.replace(claimed, failed / path.name)
                logger.error("Spooled handoff operation %s could not be applied; moved to %s.", path.name, failed)
                continue
            claimed.unlink()
            done += 1
        return done
