"""The secrets that servers started together share (catalogue H2: replicas must agree on what they sign)."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from bot.content.settings import load_settings

PROCESSES = 8
ROUNDS = 10


def _read_secret(data_dir: str, start: "multiprocessing.synchronize.Barrier", out: "multiprocessing.Queue[str]") -> None:
    import os

    os.environ["DATA_DIR"] = data_dir
    os.environ.pop("SESSION_SECRET", None)
    settings = load_settings()
    start.wait(timeout=30)
    out.put(settings.session_secret.decode())


def test_servers_starting_together_all_sign_sessions_with_one_whole_secret(tmp_path: Path) -> None:
    """Before 2026-12-07 a server could read the secret file while another was still writing it,
    sign with an empty secret, and every session of the widget came back 'expired' on that replica."""
    context = multiprocessing.get_context("forkserver")  # forked from a clean process, not from pytest's threads
    for round_ in range(ROUNDS):
        data_dir = tmp_path / f"round{round_}"
        start = context.Barrier(PROCESSES)
        out: multiprocessing.Queue[str] = context.Queue()
        workers = [context.Process(target=_read_secret, args=(str(data_dir), start, out)) for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        secrets_read = [out.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        assert len(set(secrets_read)) == 1, f"round {round_}: the servers read {len(set(secrets_read))} different secrets"
        assert len(secrets_read[0]) == 64
        assert sorted(p.name for p in data_dir.iterdir()) == ["session_secret"], "a draft was left behind"
        assert (data_dir / "session_secret").stat().st_mode & 0o777 == 0o600


def test_the_environment_secret_wins_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SESSION_SECRET", "from-the-deployment")
    assert load_settings().session_secret == b"from-the-deployment"
    assert not (tmp_path / "session_secret").exists()


def test_serve_hands_every_replica_the_same_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cli serve passes these to each Rasa replica and the web app, so none makes its own."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for name in ("SESSION_SECRET", "ACTION_SECRET", "LIVE_RELAY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    env = settings.rasa_environment()
    assert env["SESSION_SECRET"] == (tmp_path / "session_secret").read_text().strip()
    assert env["LIVE_RELAY_SECRET"] == (tmp_path / "live_relay_secret").read_text().strip()
    assert env["ACTION_SECRET"] == (tmp_path / "action_secret").read_text().strip()
    assert len({env["SESSION_SECRET"], env["LIVE_RELAY_SECRET"], env["ACTION_SECRET"]}) == 3
