"""REST load benchmark: the clinic assistant against Rasa's own demo assistant.

Usage (from /work/main):
    .venv/bin/python bench/bench_rest.py [--messages 300] [--train] [--threads1]

For each assistant it starts `rasa run` on a free loopback port (ours also with
its action server and a SQLite tracker store in a temp dir; the demo made by
`rasa init --no-prompt` with its default in-memory tracker), measures start-up
time (process start until POST /webhooks/rest/webhook answers 200 with a
reply), then sends --messages messages at concurrency 1, 4 and 16 (after 20
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
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT / ".venv" / "bin"
RASA = str(VENV_BIN / "rasa")
PYTHON = str(VENV_BIN / "python")
MODEL = PROJECT / "models" / "clinic.tar.gz"
CONVERSATION_TURNS = 10
RESULTS = PROJECT / "var" / "results" / "bench_rest.json"
LEVELS = (1, 4, 16)
WARMUP = 20
REQUEST_TIMEOUT = 60.0

OUR_MESSAGES = [
    "how much does it cost", "does it hurt", "how long is the downtime",
    "when can i wear makeup", "hi", "thanks", "is it safe for dark skin",
    "how many sessions will i need",
]
DEMO_MESSAGES = ["hi", "great", "I am sad", "yes", "bye", "are you a bot?"]

try:  # psutil is optional; /proc is the fallback.
    import psutil  # type: ignore[import-untyped]  # psutil ships no type information
except ImportError:  # pragma: no cover - depends on the venv
    psutil = None


class BenchError(RuntimeError):
    pass


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self, what: str) -> None:
        if self.left() <= 0:
            raise BenchError(f"overall timeout reached while {what}")


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --------------------------------------------------------------------------- processes

class Processes:
    """Every child runs in its own session; stop_all() kills whole groups."""

    def __init__(self) -> None:
        self.items: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
        handle = open(log, "wb")
        try:
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            handle.close()
        self.items.append((name, proc))
        return proc

    def stop(self, proc: subprocess.Popen, grace: float = 15.0) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # The group may outlive its leader (e.g. worker children): always SIGKILL it.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.items = [(n, p) for n, p in self.items if p is not proc]

    def stop_all(self) -> None:
        """Stops every child, newest first; a second Ctrl-C or SIGTERM meanwhile cannot cut it short."""
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            for _, proc in list(reversed(self.items)):
                self.stop(proc)
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def rss_mb(pid: int) -> float:
    """Resident memory of pid and all its descendants, MB (1e6 bytes)."""
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs if p.is_running()) / 1e6
        except psutil.Error:
            return float("nan")
    tree, total, stack = _children(), 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(tree.get(current, []))
        try:
            with open(f"/proc/{current}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total / 1e6


def _busy_ticks() -> int:
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal: everything but idle and iowait
    return sum(fields[:8]) - fields[3] - fields[4]


def _tree_ticks(pids: list[int]) -> int:
    tree, total, stack, seen = _children(), 0, list(pids), set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(tree.get(current, []))
        try:
            with open(f"/proc/{current}/stat") as f:
                stat = f.read()
            rest = stat[stat.rindex(")") + 2:].split()
            total += int(rest[11]) + int(rest[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            pass
    return total


class CpuMeter:
    """CPU cores used during an interval by this benchmark's processes vs by everything else."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = [os.getpid(), *pids]
        self.hz = os.sysconf("SC_CLK_TCK")
        self.t0, self.busy0, self.ours0 = time.monotonic(), _busy_ticks(), _tree_ticks(self.pids)

    def read(self) -> tuple[float, float]:
        wall = max(time.monotonic() - self.t0, 1e-6)
        busy = _busy_ticks() - self.busy0
        ours = _tree_ticks(self.pids) - self.ours0
        return ours / self.hz / wall, max(0.0, (busy - ours) / self.hz / wall)


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --------------------------------------------------------------------------- preparation

def base_env(threads1: bool) -> dict[str, str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
           "PYTHONUNBUFFERED": "1"}
    if threads1:
        env["TF_INTRA_OP_PARALLELISM_THREADS"] = "1"
        env["TF_INTER_OP_PARALLELISM_THREADS"] = "1"
    return env


def run_timed(procs: Processes, name: str, cmd: list[str], cwd: Path, env: dict[str, str],
              log: Path, deadline: Deadline) -> float:
    started = time.perf_counter()
    proc = procs.start(name, cmd, cwd, env, log)
    try:
        code = proc.wait(timeout=max(1.0, deadline.left()))
    except subprocess.TimeoutExpired:
        procs.stop(proc)
        raise BenchError(f"{name} did not finish before the overall timeout; log tail:\n{tail(log)}") from None
    procs.stop(proc)
    if code != 0:
        raise BenchError(f"{name} failed with exit code {code}; log tail:\n{tail(log)}")
    return time.perf_counter() - started


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

def post(session: requests.Session, url: str, sender: str, text: str) -> requests.Response:
    return session.post(url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT)


def wait_http(url: str, proc: subprocess.Popen, log: Path, deadline: Deadline, limit: float,
              probe_text: str | None) -> float:
    """Seconds from now until url answers 200 (POSTing probe_text if given)."""
    started = time.perf_counter()
    session = requests.Session()
    n, first_empty = 0, None
    while True:
        if proc.poll() is not None:
            raise BenchError(f"server exited with code {proc.returncode} during start-up; log tail:\n{tail(log)}")
        elapsed = time.perf_counter() - started
        if elapsed > limit or deadline.left() <= 0:
            raise BenchError(f"server not ready after {elapsed:.0f} s; log tail:\n{tail(log)}")
        try:
            if probe_text is None:
                if session.get(url, timeout=5).status_code == 200:
                    return time.perf_counter() - started
            else:
                n += 1
                response = post(session, url, f"startup-probe-{n}", probe_text)
                if response.status_code == 200:
                    # A 200 with no reply can come from a server whose agent is not loaded yet.
                    if response.json():
                        return time.perf_counter() - started
                    first_empty = first_empty or time.perf_counter()
                    if time.perf_counter() - first_empty > 30:
                        return time.perf_counter() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)


# --------------------------------------------------------------------------- load

def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


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
        cmd = [RASA, "run", "--model", str(model), "--interface", "127.0.0.1"]
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

def ratio(a, b):
    try:
        return round(a / b, 2) if a is not None and b else None
    except TypeError:
        return None


def fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == value else "n/a"
    return str(value)


def summary_rows(ours: dict, demo: dict) -> list[tuple[str, object, object, object]]:
    rows = []
    for c in LEVELS:
        o = ours["levels"][str(c)]["throughput_msg_s"]
        d = demo["levels"][str(c)]["throughput_msg_s"]
        rows.append((f"throughput c={c} (msg/s)", o, d, ratio(o, d)))
    for c in LEVELS:
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            o, d = ours["levels"][str(c)][key], demo["levels"][str(c)][key]
            rows.append((f"{key[:3]} c={c} (ms)", o, d, ratio(o, d) if (c == 1 and key == "p50_ms") else None))
    for c in LEVELS:
        o, d = ours["levels"][str(c)]["errors"], demo["levels"][str(c)]["errors"]
        rows.append((f"errors c={c}", o, d, None))
    for c in LEVELS:
        o = ours["levels"][str(c)]["cpu_cores_other_processes"]
        d = demo["levels"][str(c)]["cpu_cores_other_processes"]
        rows.append((f"CPU cores used by other processes c={c}", o, d, None))
    rows.append(("RSS rasa server after load (MB)", ours["rss_mb"], demo["rss_mb"], ratio(ours["rss_mb"], demo["rss_mb"])))
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
