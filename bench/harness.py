"""What the benchmarks share: processes in their own groups, free ports, resident memory and CPU
of a process tree, deadlines, start-up probes, percentiles and the table's number format.

bench_rest.py and bench_widget.py import it (the scripts' own folder is on
sys.path when they run), so neither imports the other.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent


VENV_BIN = PROJECT / ".venv" / "bin"


RASA = str(VENV_BIN / "rasa")


PYTHON = str(VENV_BIN / "python")


MODEL = PROJECT / "models" / "clinic.tar.gz"


CONVERSATION_TURNS = 10


REQUEST_TIMEOUT = 60.0


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


def children() -> dict[int, list[int]]:
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
    tree, total, stack = children(), 0, [pid]
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


def busy_ticks() -> int:
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal: everything but idle and iowait
    return sum(fields[:8]) - fields[3] - fields[4]


def tree_ticks(pids: list[int]) -> int:
    tree, total, stack, seen = children(), 0, list(pids), set()
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
        self.t0, self.busy0, self.ours0 = time.monotonic(), busy_ticks(), tree_ticks(self.pids)

    def read(self) -> tuple[float, float]:
        wall = max(time.monotonic() - self.t0, 1e-6)
        busy = busy_ticks() - self.busy0
        ours = tree_ticks(self.pids) - self.ours0
        return ours / self.hz / wall, max(0.0, (busy - ours) / self.hz / wall)


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


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


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


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
