"""Lands the handoffs that a Rasa replica's chat channel spooled, when Rasa runs in its own pod.

When the action server cannot be reached, the widget channel (bot/handoffs/safety_net.py)
still answers the patient and, for an emergency or urgent symptom, writes a
handoff into the spool under DATA_DIR/spool. On one host (``python -m bot.ops.cli
serve``, deploy/compose.yaml) the action server shares that directory and lands
those files. In Kubernetes each Rasa replica has its own volume, so this small
process runs next to Rasa in the same pod (deploy/kubernetes/rasa.yaml), on the
same volume, and does what the action server's replay loop does
(actions/services.py): every HANDOFF_REPLAY_SECONDS it migrates the handoff
database and replays the spool into it, announcing new handoffs to
STAFF_WEBHOOK_URL. Replays are idempotent (bot/handoffs/spool.py).

    python deploy/spool_relay.py            # loop (the sidecar)
    python deploy/spool_relay.py --once     # one pass; exit 0 when the spool is empty
    python deploy/spool_relay.py --check    # liveness: the loop's heartbeat is recent

At start-up the relay also puts back spool files that a killed replayer left
claimed (``.NAME.PID.claimed``, bot/handoffs/spool.py renames a file before
applying it and nothing else ever renames it back): in the pod the relay is the
only process that replays this spool, so a claimed file at start-up belongs to
a process that is gone. Replaying it again is safe (idempotent). SIGTERM lets
the current pass finish before the relay exits, so a normal shutdown leaves no
claimed file behind.

The heartbeat file (RELAY_HEARTBEAT, default /tmp/spool-relay.heartbeat) is
touched after each pass, whether or not the database was reachable: a relay
that is alive but waiting for the database is healthy. --check imports nothing
but the standard library, so the probe is cheap.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

HEARTBEAT = Path(os.environ.get("RELAY_HEARTBEAT", "/tmp/spool-relay.heartbeat"))
INTERVAL = float(os.environ.get("HANDOFF_REPLAY_SECONDS", "30"))
# --check fails when the heartbeat is older than this many intervals.
STALE_AFTER_INTERVALS = 4

logger = logging.getLogger("spool_relay")


def check(now: float | None = None) -> int:
    """0 when the loop touched the heartbeat recently, else 1 (with the reason on stderr)."""
    try:
        age = (time.time() if now is None else now) - HEARTBEAT.stat().st_mtime
    except FileNotFoundError:
        print(f"No heartbeat at {HEARTBEAT} yet.", file=sys.stderr)
        return 1
    limit = STALE_AFTER_INTERVALS * INTERVAL + 30
    if age > limit:
        print(f"Heartbeat is {age:.0f} s old (limit {limit:.0f} s).", file=sys.stderr)
        return 1
    return 0


def recover_orphaned_claims(spool_dir: Path) -> int:
    """At start-up every claim is orphaned: in the pod the relay is the only replayer."""
    from bot.handoffs.spool import Spool

    return Spool(spool_dir).recover_claims(older_than=0) if spool_dir.is_dir() else 0


def build_store():  # noqa: ANN201 - HandoffStore, imported lazily so --check stays cheap
    from bot.content.settings import load_settings
    from bot.handoffs.wiring import WiringError, handoff_store

    try:
        return handoff_store(load_settings())
    except WiringError as error:
        raise SystemExit(str(error)) from None


def relay_once(store) -> int:  # noqa: ANN001 - HandoffStore
    """Lands what is spooled; returns how many operations are still waiting."""
    if store.spool.pending():
        try:
            store.migrate()  # the database may have come back empty
            landed = store.replay()
            if landed:
                logger.info("Landed %d spooled handoff operation(s).", landed)
        except Exception as error:  # noqa: BLE001 - the database is still down; next pass retries
            logger.warning("Handoff database unavailable (%s); spool kept for the next pass.", type(error).__name__)
    HEARTBEAT.parent.mkdir(parents=True, exist_ok=True)
    HEARTBEAT.touch()
    return len(store.spool.pending())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one pass; exit 1 if operations are left in the spool")
    mode.add_argument("--check", action="store_true", help="exit 0 if the loop's heartbeat is recent")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    store = build_store()
    recover_orphaned_claims(store.spool.directory)
    if args.once:
        return 1 if relay_once(store) else 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    logger.info("Relaying %s to the handoff database every %.0f s.", store.spool.directory, INTERVAL)
    while not stop.is_set():
        relay_once(store)
        stop.wait(INTERVAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
