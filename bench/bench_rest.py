"""REST load benchmark: the clinic assistant against Rasa's own demo assistant.

Usage (from /work/main):
    .venv/bin/python bench/bench_rest.py [--messages 300] [--train] [--threads1]

For each assistant it starts `rasa run` on a free loopback port (ours also with
its action server and a SQLite tracker store in a temp dir; the demo made by
`rasa init --no-prompt` with its default in-memory tracker), measures start-up
time (process start until POST /webhooks/rest/webhook answers 200 with a
reply), then sends --messages messages at concurrency 1, 8 and 16 (after 20
warm-up messages per level). Each virtual user sends sequentially and starts a
new conversation (sender id) every 10 messages, as patients' chats are short. Prints per-level latency percentiles, throughput and errors, a
markdown table ours vs demo, and writes var/results/bench_rest.json.
Every process it starts is stopped at the end (process groups).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import secrets
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import requests

from harness import (  # bench/ is on sys.path: this script's own folder
    CONVERSATION_TURNS, DEMO_MESSAGES, MODEL, PROJECT, PYTHON, RASA, REQUEST_TIMEOUT, BenchError, CpuMeter, Deadline,
    Processes, base_env, fmt, free_port, percentile, post, psutil, ratio, rss_mb, run_timed, say, tail, wait_http,
)

RESULTS = PROJECT / "var" / "results" / "bench_rest.json"
LEVELS = (1, 8, 16)
WARMUP = 20

OUR_MESSAGES = [
    "how much does it cost", "does it hurt", "how long is the downtime",
    "when can i wear makeup", "hi", "thanks", "is it safe for dark skin",
    "how many sessions will i need",
]


# --------------------------------------------------------------------------- processes


# --------------------------------------------------------------------------- preparation


def copy_our_model(dest: Path, deadline: Deadline) -> Path:
    """Snapshot the model so a concurrent re-training cannot change it under the servers."""
    for attempt in range(1, 6):
        if not MODEL.exists():
            if attempt == 1:
                raise BenchError(
                    f"{MODEL} is missing. Fix: train it with `.venv/bin/python -m bot.ops.cli train` "
                    "(in /work/main), then run the benchmark again.")
        else:
            try:
                before = MODEL.stat()
                shutil.copy2(MODEL, dest)
                after = MODEL.stat()
                if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
                    with tarfile.open(dest) as archive:  # reads to the end: detects a half-written file
                        archive.getmembers()
                    return dest
            except (OSError, tarfile.TarError) as error:
                say(f"model copy attempt {attempt} failed ({error}); the model may be being rebuilt")
        deadline.check("waiting for a complete model file")
        time.sleep(30)
    raise BenchError(f"could not get a complete copy of {MODEL} (is it being rebuilt?); retry later")


# --------------------------------------------------------------------------- servers


# --------------------------------------------------------------------------- load


def drive(url: str, texts: list[str], concurrency: int, count: int, tag: str,
          deadline: Deadline) -> dict:
    """count messages spread over `concurrency` users; returns latencies and counters."""
    shares = [count // concurrency + (1 if i < count % concurrency else 0) for i in range(concurrency)]
    latencies: list[float] = []
    counters = {"errors": 0, "empty": 0, "sent": 0}
    examples: list[str] = []
    samples: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    barrier = threading.Barrier(concurrency + 1)

    def user(index: int, share: int) -> None:
        session = requests.Session()
        barrier.wait()
        for i in range(share):
            if stop.is_set() or deadline.left() <= 0:
                return
            # A realistic conversation is short: a new sender every CONVERSATION_TURNS messages.
            sender = f"{tag}-u{index}-c{i // CONVERSATION_TURNS}"
            text = texts[(index + i) % len(texts)]
            t0 = time.perf_counter()
            error, empty = None, False
            try:
                response = post(session, url, sender, text)
                if response.status_code != 200:
                    error = f"HTTP {response.status_code}"
                else:
                    body = response.json()
                    empty = not body
                    if text not in samples:
                        samples[text] = " | ".join(str(m.get("text", m))[:70] for m in body[:2]) if body else ""
            except (requests.RequestException, ValueError) as exc:
                error = type(exc).__name__
            elapsed = time.perf_counter() - t0
            with lock:
                counters["sent"] += 1
                if error:
                    counters["errors"] += 1
                    if len(examples) < 3:
                        examples.append(error)
                else:
                    latencies.append(elapsed)
                    counters["empty"] += int(empty)

    threads = [threading.Thread(target=user, args=(i, s), daemon=True) for i, s in enumerate(shares)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline.left()) + REQUEST_TIMEOUT)
    stop.set()
    wall = time.perf_counter() - started
    return {"latencies": latencies, "wall": wall, "truncated": counters["sent"] < count,
            "error_examples": examples, "samples": samples, **counters}


def run_levels(name: str, url: str, texts: list[str], messages: int, deadline: Deadline,
               pids: list[int]) -> dict:
    levels = {}
    run_id = f"{int(time.time())}"
    for concurrency in LEVELS:
        deadline.check(f"starting {name} concurrency {concurrency}")
        drive(url, texts, concurrency, WARMUP, f"warm-{name}-c{concurrency}-{run_id}", deadline)
        meter = CpuMeter(pids)
        result = drive(url, texts, concurrency, messages, f"bench-{name}-c{concurrency}-{run_id}", deadline)
        bench_cores, other_cores = meter.read()
        lat_ms = [x * 1000 for x in result["latencies"]]
        ok = len(lat_ms)
        row = {
            "concurrency": concurrency,
            "messages": result["sent"],
            "ok": ok,
            "errors": result["errors"],
            "empty_replies": result["empty"],
            "wall_s": round(result["wall"], 2),
            "throughput_msg_s": round(ok / result["wall"], 2) if result["wall"] > 0 else 0.0,
            "p50_ms": round(percentile(lat_ms, 50), 1),
            "p95_ms": round(percentile(lat_ms, 95), 1),
            "p99_ms": round(percentile(lat_ms, 99), 1),
            "mean_ms": round(statistics.fmean(lat_ms), 1) if lat_ms else float("nan"),
            "truncated_by_timeout": result["truncated"],
            "cpu_cores_bench": round(bench_cores, 2),
            "cpu_cores_other_processes": round(other_cores, 2),
        }
        if concurrency == 1:
            row["sample_replies"] = result["samples"]
        if result["error_examples"]:
            row["error_examples"] = result["error_examples"]
        levels[str(concurrency)] = row
        say(f"{name} c={concurrency:>2}: {row['ok']}/{row['messages']} ok, errors {row['errors']}, "
            f"empty {row['empty_replies']}, {row['throughput_msg_s']} msg/s, "
            f"p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms"
            + (" (TRUNCATED by timeout)" if row["truncated_by_timeout"] else "")
            + f" [CPU cores: bench {bench_cores:.2f}, other processes {other_cores:.2f}]")
        if other_cores > 0.25:
            say(f"WARNING: other processes used {other_cores:.2f} CPU cores during this level; "
                "the figures are disturbed")
    return levels


def bench_assistant(procs: Processes, name: str, model: Path, cwd: Path, texts: list[str],
                    args: argparse.Namespace, tmp: Path, deadline: Deadline) -> dict:
    env = base_env(args.threads1)
    result: dict = {"model": str(model), "model_mb": round(model.stat().st_size / 1e6, 1)}
    started_here: list[subprocess.Popen] = []
    try:
        # Ours starts as every Rasa process of the project does: through its checked patches.
        rasa = [PYTHON, "-m", "bot.rasa_ext"] if name == "ours" else [RASA]
        cmd = [*rasa, "run", "--model", str(model), "--interface", "127.0.0.1"]
        if name == "ours":
            data_dir = tmp / "ours-data"
            data_dir.mkdir(exist_ok=True)
            action_port = free_port()
            secret = secrets.token_hex(16)
            action_env = {**env, "DATA_DIR": str(data_dir), "DATABASE_URL": f"sqlite:///{data_dir}/h.db",
                          "ACTION_PORT": str(action_port), "ACTION_SECRET": secret}
            action_log = tmp / "ours-actions.log"
            say(f"ours: starting the action server on port {action_port}")
            actions = procs.start("action server", [PYTHON, "-m", "actions.server"], cwd, action_env, action_log)
            started_here.append(actions)
            result["action_server_startup_s"] = round(wait_http(
                f"http://127.0.0.1:{action_port}/health", actions, action_log, deadline,
                args.startup_timeout, None), 2)
            env = {**env, "DATA_DIR": str(data_dir), "DATABASE_URL": f"sqlite:///{data_dir}/h.db",
                   "TRACKER_STORE_URL": f"sqlite:///{data_dir}/tracker.db",
                   "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook", "ACTION_SECRET": secret}
            cmd += ["--credentials", "credentials.yml", "--endpoints", "endpoints.yml"]
        port = free_port()
        cmd += ["--port", str(port)]
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        log = tmp / f"{name}-rasa.log"
        say(f"{name}: starting rasa run on port {port}")
        deadline.check(f"starting {name}")
        server = procs.start(f"{name} rasa server", cmd, cwd, env, log)
        started_here.append(server)
        t0 = time.perf_counter()
        wait_http(url, server, log, deadline, args.startup_timeout, "hi")
        result["startup_s"] = round(time.perf_counter() - t0, 2)
        result["rss_idle_mb"] = round(rss_mb(server.pid), 1)
        say(f"{name}: ready in {result['startup_s']} s, RSS {result['rss_idle_mb']} MB")
        result["levels"] = run_levels(name, url, texts, args.messages, deadline,
                                      [p.pid for p in started_here])
        if server.poll() is not None:
            raise BenchError(f"{name} rasa server died during the load; log tail:\n{tail(log)}")
        result["rss_mb"] = round(rss_mb(server.pid), 1)
        if name == "ours":
            result["action_server_rss_mb"] = round(rss_mb(started_here[0].pid), 1)
        say(f"{name}: RSS after load {result['rss_mb']} MB")
    finally:
        for proc in reversed(started_here):
            procs.stop(proc)
    return result


# --------------------------------------------------------------------------- report


def summary_rows(ours: dict, demo: dict) -> list[tuple[str, object, object, object]]:
    rows = []
    for c in LEVELS:
        o = ours["levels"][str(c)]["throughput_msg_s"]
        d = demo["levels"][str(c)]["throughput_msg_s"]
        rows.append((f"throughput c={c} (msg/s)", o, d, ratio(o, d)))
    for c in LEVELS:
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            o, d = ours["levels"][str(c)][key], demo["levels"][str(c)][key]
            rows.append((f"{key[:3]} c={c} (ms)", o, d, ratio(o, d) if (c == 1 and key == "p50_ms") or key == "p99_ms" else None))
    for c in LEVELS:
        o, d = ours["levels"][str(c)]["errors"], demo["levels"][str(c)]["errors"]
        rows.append((f"errors c={c}", o, d, None))
    for c in LEVELS:
        o = ours["levels"][str(c)]["cpu_cores_other_processes"]
        d = demo["levels"][str(c)]["cpu_cores_other_processes"]
        rows.append((f"CPU cores used by other processes c={c}", o, d, None))
    rows.append(("RSS rasa server after load (MB)", ours["rss_mb"], demo["rss_mb"], ratio(ours["rss_mb"], demo["rss_mb"])))
    rows.append(("RSS action server after load (MB)", ours.get("action_server_rss_mb"), None, None))
    both = ours["rss_mb"] + ours["action_server_rss_mb"] if ours.get("action_server_rss_mb") is not None else None
    rows.append(("RSS all processes after load (MB)", both, demo["rss_mb"], ratio(both, demo["rss_mb"])))
    rows.append(("start-up (s)", ours["startup_s"], demo["startup_s"], ratio(ours["startup_s"], demo["startup_s"])))
    rows.append(("model size (MB)", ours["model_mb"], demo["model_mb"], ratio(ours["model_mb"], demo["model_mb"])))
    rows.append(("train time (s)", ours.get("train_s"), demo.get("train_s"), ratio(ours.get("train_s"), demo.get("train_s"))))
    return rows


def markdown(rows) -> str:
    lines = ["| metric | ours (clinic) | demo (rasa init) | ours/demo |", "|---|---:|---:|---:|"]
    for label, o, d, r in rows:
        lines.append(f"| {label} | {fmt(o)} | {fmt(d)} | {fmt(r) if r is not None else ''} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=300, help="measured messages per concurrency level")
    parser.add_argument("--train", action="store_true", help="also time a fresh training of our assistant")
    parser.add_argument("--threads1", action="store_true", help="TF intra/inter-op threads = 1 for both servers")
    parser.add_argument("--timeout", type=float, default=3600, help="overall time limit, seconds")
    parser.add_argument("--startup-timeout", type=float, default=300, help="per-server start-up limit, seconds")
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temp dir (logs, demo project)")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be >= 1")
    if not Path(RASA).exists():
        say(f"{RASA} not found: the virtualenv is missing")
        return 2

    deadline = Deadline(args.timeout)
    procs = Processes()
    tmp = Path(tempfile.mkdtemp(prefix="bench_rest_"))

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        if not MODEL.exists():
            raise BenchError(f"{MODEL} is missing. Fix: `.venv/bin/python -m bot.ops.cli train` in {PROJECT}.")
        ours: dict = {}
        demo: dict = {}
        model_copy = copy_our_model(tmp / "clinic.tar.gz", deadline)
        say(f"our model: {MODEL} ({model_copy.stat().st_size / 1e6:.1f} MB), snapshot in {tmp}")
        meter = CpuMeter([])
        time.sleep(2)
        other = meter.read()[1]
        if other > 0.25:
            say(f"WARNING: the machine is busy ({other:.2f} CPU cores used by other processes); "
                "the figures will be disturbed")

        # Baseline: Rasa's demo assistant (rasa init also trains it).
        demo_dir = tmp / "demo"
        demo_dir.mkdir()
        say("demo: rasa init --no-prompt (trains the demo model) ...")
        demo["train_s"] = round(run_timed(
            procs, "rasa init", [RASA, "init", "--no-prompt", "--init-dir", str(demo_dir)], tmp,
            {**base_env(False), "RASA_MAX_CACHE_SIZE": "0"}, tmp / "demo-init.log", deadline), 1)
        demo_models = sorted((demo_dir / "models").glob("*.tar.gz"))
        if not demo_models:
            raise BenchError(f"rasa init made no model; log tail:\n{tail(tmp / 'demo-init.log')}")
        say(f"demo: trained in {demo['train_s']} s (time of `rasa init --no-prompt`)")

        if args.train:
            say("ours: timing a fresh `rasa train` (RASA_MAX_CACHE_SIZE=0) ...")
            train_out = tmp / "train"
            ours["train_s"] = round(run_timed(
                procs, "rasa train",
                [RASA, "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
                 "--out", str(train_out), "--fixed-model-name", "bench"],
                PROJECT, {**base_env(False), "RASA_MAX_CACHE_SIZE": "0"}, tmp / "ours-train.log", deadline), 1)
            say(f"ours: trained in {ours['train_s']} s")

        ours.update(bench_assistant(procs, "ours", model_copy, PROJECT, OUR_MESSAGES, args, tmp, deadline))
        ours["model"], ours["model_mb"] = str(MODEL), round(model_copy.stat().st_size / 1e6, 1)
        demo.update(bench_assistant(procs, "demo", demo_models[-1], demo_dir, DEMO_MESSAGES, args, tmp, deadline))
        demo["model"] = "rasa init demo (" + demo_models[-1].name + ")"

        rows = summary_rows(ours, demo)
        table = markdown(rows)
        print()
        print(table)
        print()
        payload = {
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "host": {"cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()},
            "settings": {"messages_per_level": args.messages, "warmup_per_level": WARMUP, "levels": list(LEVELS),
                         "threads1": args.threads1, "train": args.train,
                         "rss_source": "psutil" if psutil else "/proc VmRSS over the process tree"},
            "ours": ours, "demo": demo,
            "ratios_ours_over_demo": {label: r for label, _, _, r in rows if r is not None},
            "markdown": table,
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(payload, indent=2) + "\n")
        say(f"results written to {RESULTS}")
        return 0
    except BenchError as error:
        say(f"FAILED: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        procs.stop_all()
        if args.keep_tmp:
            say(f"temp dir kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
