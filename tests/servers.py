"""Starts the real Rasa server, action server and web app for end-to-end tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

PROJECT = Path(__file__).resolve().parent.parent


def texts(replies: list[dict[str, Any]]) -> str:
    """All reply texts of one turn, as the patient reads them."""
    return " ".join(reply.get("text", "") for reply in replies)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (replica i listens on first + i)."""
    for _ in range(100):
        first = free_port()
        if first + count > 65535:
            continue
        try:
            for port in range(first + 1, first + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {count} consecutive free ports")


@dataclass
class Servers:
    process: subprocess.Popen[bytes]
    rasa_url: str
    web_url: str
    action_url: str
    tracker_db: Path
    handoffs_db: Path
    log: Path
    rasa_urls: tuple[str, ...] = ()  # every replica; rasa_url is the first

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def start(data_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 240,
          replicas: int = 1) -> Servers:
    """`bot.ops.cli serve` with RASA_REPLICAS=replicas; returns once every server answers."""
    rasa_port = free_ports(2 * replicas)  # Rasa on the first half of the block, actions on the second
    action_port = rasa_port + replicas
    web_port = free_port()
    while rasa_port <= web_port < rasa_port + 2 * replicas:
        web_port = free_port()
    tracker_db = data_dir / "tracker.db"
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "WEB_PORT": str(web_port),
        "DATA_DIR": str(data_dir),
        # The fitted red-flag readers of one checkout, shared by every server a run starts
        # (each would otherwise fit and encode them again: about 35 s of two cores).
        "CACHE_DIR": str(PROJECT / "var" / "cache"),
        "TRACKER_STORE_URL": f"sqlite:///{tracker_db}",
        "DATABASE_URL": f"sqlite:///{data_dir / 'handoffs.db'}",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_REPLICAS": str(replicas),
        **(extra_env or {}),
    }
    log = data_dir / "servers.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.ops.cli", "serve"], cwd=PROJECT, env=env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    rasa_urls = tuple(f"http://127.0.0.1:{rasa_port + i}" for i in range(replicas))
    action_urls = [f"http://127.0.0.1:{action_port + i}" for i in range(replicas)]
    servers = Servers(process, rasa_urls[0], f"http://127.0.0.1:{web_port}",
                      action_urls[0], tracker_db, data_dir / "handoffs.db", log, rasa_urls)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"servers exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            rasa_up = all(requests.get(f"{url}/webhooks/rest/", timeout=2).ok for url in rasa_urls)
            actions_up = all(requests.get(f"{url}/health", timeout=2).ok for url in action_urls)
            web_up = requests.get(f"{servers.web_url}/healthz", timeout=2).ok
            if rasa_up and actions_up and web_up:
                return servers
        except requests.RequestException:
            pass
        time.sleep(1)
    servers.stop()
    raise RuntimeError(f"servers did not start in {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")
