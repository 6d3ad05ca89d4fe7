"""Load test through the widget channel: 64 concurrent patients, 1 and 2 Rasa replicas, vs the `rasa init` demo.

Usage (from /work/main):
    .venv/bin/python bench/bench_widget.py [--messages 1200] [--users 64] [--only demo,one,two]
    .venv/bin/python bench/bench_widget.py --only one,two --py-spy /path/to/py-spy   # where each server's time goes

Runs, in one go and on this machine:

- demo: Rasa's own `rasa init --no-prompt` assistant, one `rasa run` process,
  REST channel, in-memory tracker (started as bench/bench_rest.py does, with
  its helpers); 64 virtual users, a new conversation every 10 messages.
- one / two: the clinic assistant as `python -m bot.ops.cli serve` starts it with
  RASA_REPLICAS=1 and 2 and ENDPOINTS_FILE=deploy/endpoints.production.yml: PostgreSQL
  tracker store and handoff database (a throw-away schema, dropped at the
  end), Redis lock store (an empty Redis database; our lock keys are deleted
  at the end), one action server per replica, and the web app forwarding
  /chat to the replicas with sticky routing. The load goes through the web
  app's /chat/session and /chat/webhook with an Origin header, as the widget
  on the clinic page sends it. Each virtual user chats one realistic
  conversation after another, in turn:
    FAQ        greeting, four questions, thanks (6 turns)
    pre-screen greeting, the "Am I a candidate?" button, every question
               answered with the buttons' payloads (No, one "Not sure"), thanks
    handoff    greeting, a question, the "Talk to staff" button, consent
               button, name, phone, the "Mornings" button (7 turns)

Every configuration gets the same load generator (asyncio + aiohttp, one
process, on the same 2 cores as the servers), `--warmup` unmeasured messages,
then `--messages` measured ones. Prints p50/p95/p99 latency, messages/s,
errors (HTTP errors, timeouts, empty replies, the "assistant unavailable"
fallback) and unexpected replies (a scripted button not offered), the RSS of
each server process, the CPU cores each part used during the measured load
(load generator, web app, Rasa, action servers, PostgreSQL, Redis, the rest of
the machine), and the ratio of the 2-replica throughput to the demo's.
Writes var/results/bench_widget.json. Every process it starts is stopped at
the end.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import aiohttp
import requests
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

import harness  # bench/ is on sys.path: this script's own folder
import live_load

PROJECT = harness.PROJECT
RESULTS = PROJECT / "var" / "results" / "bench_widget.json"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_HOST = os.environ.get("BENCH_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6379"))
REQUEST_TIMEOUT = 60.0
LIVE_SETUP_SECONDS = 8.0
LIVE_STAFF = ("bench-staff", "bench staff password 42")
ENDPOINTS = "deploy/endpoints.production.yml"
say = harness.say

FAQ = ["how much does it cost?", "does it hurt?", "how long is the downtime?", "is it safe for dark skin?",
       "how many sessions will I need?", "when can I wear makeup again?", "what results can I expect?"]
NAMES = ["Ana Moreno", "Ben Okafor", "Chloe Lindqvist", "Dev Tanaka", "Elif Haddad", "Farah Novak", "Gus Ito"]


# --------------------------------------------------------------------------- conversations

@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    unexpected: int = 0
    sessions: int = 0
    conversations: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.examples) < 5:
            self.examples.append(what)


class Budget:
    """Messages left to send in this phase, and the phase's time limit."""

    def __init__(self, messages: int, seconds: float) -> None:
        self.left, self.end = messages, time.monotonic() + seconds

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() > self.end:
            return False
        self.left -= 1
        return True


class Widget:
    """One patient's chat through the web app's /chat, as web/widget.js sends it."""

    def __init__(self, http: aiohttp.ClientSession, web_url: str, stats: Stats, budget: Budget,
                 unavailable: str, ids: set[str]) -> None:
        self.http, self.web_url, self.stats, self.budget = http, web_url, stats, budget
        self.unavailable, self.ids = unavailable, ids
        self.headers = {"Origin": web_url}
        self.session = ""
        self.buttons: list[dict[str, Any]] = []
        self.last_text = ""

    async def open(self) -> bool:
        try:
            async with self.http.post(f"{self.web_url}/chat/session", json={}, headers=self.headers) as response:
                body = await response.json(content_type=None)
                if response.status != 200:
                    self.stats.error(f"session HTTP {response.status}")
                    return False
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            self.stats.error(f"session {type(error).__name__}")
            return False
        self.session = body["session"]
        self.ids.add(self.session.split(".")[0])
        self.stats.sessions += 1
        return True

    async def send(self, text: str) -> bool:
        """One measured turn; False when the budget is spent or the turn failed."""
        if not self.budget.take():
            return False
        started = time.perf_counter()
        try:
            async with self.http.post(f"{self.web_url}/chat/webhook", json={"session": self.session, "message": text},
                                      headers=self.headers) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            self.stats.error(f"{type(error).__name__}")
            return False
        elapsed = time.perf_counter() - started
        messages = body.get("messages") if isinstance(body, dict) else None
        said = " ".join(m.get("text", "") for m in messages or [])
        if status != 200:
            self.stats.error(f"HTTP {status}")
            return False
        if not said.strip():
            self.stats.error("empty reply")
            return False
        if self.unavailable in said:
            self.stats.error("'assistant unavailable' fallback")
            return False
        self.stats.latencies.append(elapsed)
        self.buttons = [b for m in messages for b in (m.get("buttons") or [])]
        self.last_text = said
        return True

    async def click(self, titles: "str | tuple[str, ...]") -> bool:
        """Sends the payload of the offered button with this title, or one of these (its text if not offered)."""
        wanted = (titles,) if isinstance(titles, str) else titles
        for button in self.buttons:
            if any(button.get("title", "").lower().startswith(title.lower()) for title in wanted):
                return await self.send(str(button["payload"]))
        self.stats.unexpected += 1
        return await self.send(wanted[0])


async def faq(chat: Widget, n: int) -> None:
    turns = ["hi", *(FAQ[(n + k) % len(FAQ)] for k in range(4)), "thanks"]
    for text in turns:
        if not await chat.send(text):
            return


async def prescreen(chat: Widget, n: int) -> None:
    if not await chat.send("hello") or not await chat.click("Am I a candidate"):
        return
    for question in range(14):
        titles = {b.get("title") for b in chat.buttons}
        if not {"Yes", "No"} <= titles:
            break
        if not await chat.click("Not sure" if question == n % 5 else "No"):
            return
    else:
        chat.stats.unexpected += 1
    await chat.send("thanks")


async def handoff(chat: Widget, n: int) -> None:
    steps = [("text", "hi"), ("text", FAQ[n % len(FAQ)]), ("click", "Talk to staff"),
             # The consent question, or the live-chat offer when someone is online (--live).
             ("click", ("Yes, please contact me", "Have someone call me back")), ("text", NAMES[n % len(NAMES)]),
             ("text", f"212 555 {1000 + n % 9000:04d}"), ("click", "Mornings")]
    for kind, value in steps:
        if not await (chat.send(value) if kind == "text" else chat.click(value)):
            return


CONVERSATIONS = (("faq", faq), ("prescreen", prescreen), ("handoff", handoff))


async def widget_user(index: int, http: aiohttp.ClientSession, web_url: str, stats: Stats, budget: Budget,
                      unavailable: str, ids: set[str]) -> None:
    n = 0
    while budget.left > 0 and time.monotonic() < budget.end:
        name, conversation = CONVERSATIONS[(index + n) % len(CONVERSATIONS)]
        chat = Widget(http, web_url, stats, budget, unavailable, ids)
        if await chat.open():
            stats.conversations[name] = stats.conversations.get(name, 0) + 1
            await conversation(chat, index * 1000 + n)
        else:
            await asyncio.sleep(0.5)
        n += 1


async def rest_user(index: int, http: aiohttp.ClientSession, url: str, stats: Stats, budget: Budget,
                    tag: str) -> None:
    """The demo's load, as bench_rest drives it: a new sender every CONVERSATION_TURNS messages."""
    i = 0
    while budget.take():
        sender = f"{tag}-u{index}-c{i // harness.CONVERSATION_TURNS}"
        text = harness.DEMO_MESSAGES[(index + i) % len(harness.DEMO_MESSAGES)]
        i += 1
        started = time.perf_counter()
        try:
            async with http.post(url, json={"sender": sender, "message": text}) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            stats.error(type(error).__name__)
            continue
        if status != 200:
            stats.error(f"HTTP {status}")
        elif not body:
            stats.error("empty reply")
        else:
            stats.latencies.append(time.perf_counter() - started)


async def _drive(users: int, messages: int, seconds: float, make_user, beside=None) -> tuple[Stats, float]:
    """The load; ``beside(stop)`` (the live chats) runs alongside it and is told to stop when the load ends."""
    stats, budget = Stats(), Budget(messages, seconds)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    stop = asyncio.Event()
    companion = asyncio.create_task(beside(stop)) if beside else None
    if companion is not None:
        await asyncio.sleep(LIVE_SETUP_SECONDS)  # the chats are joined and their streams open before the load
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as http:
        started = time.perf_counter()
        await asyncio.gather(*(make_user(i, http, stats, budget) for i in range(users)))
        wall = time.perf_counter() - started
    stop.set()
    if companion is not None:
        await companion
    return stats, wall


def drive(users: int, messages: int, seconds: float, make_user, beside=None) -> tuple[Stats, float]:
    return asyncio.run(_drive(users, messages, seconds, make_user, beside))


# --------------------------------------------------------------------------- measuring

def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _own_ticks() -> int:
    """This process's CPU ticks only (harness.tree_ticks would add the servers it started)."""
    times = os.times()
    return round((times.user + times.system) * os.sysconf("SC_CLK_TCK"))


def machine_pids(name: str) -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and _comm(int(p)) == name]


class Parts:
    """CPU cores used by each part of the stack over an interval (/proc ticks)."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = {**groups, "postgres (all clients)": machine_pids("postgres"),
                       "redis (all clients)": machine_pids("redis-server")}
        self.hz = os.sysconf("SC_CLK_TCK")
        self.t0, self.busy0, self.own0 = time.monotonic(), harness.busy_ticks(), _own_ticks()
        self.ticks0 = {name: harness.tree_ticks(pids) for name, pids in self.groups.items()}

    def read(self) -> dict[str, float]:
        wall = max(time.monotonic() - self.t0, 1e-6)
        cores = {"load generator": (_own_ticks() - self.own0) / self.hz / wall}
        cores.update({name: (harness.tree_ticks(pids) - self.ticks0[name]) / self.hz / wall
                      for name, pids in self.groups.items()})
        busy = (harness.busy_ticks() - self.busy0) / self.hz / wall
        cores["rest of the machine"] = max(0.0, busy - sum(cores.values()))
        return {name: round(value, 2) for name, value in cores.items()}


def summary(name: str, stats: Stats, wall: float, cores: dict[str, float]) -> dict:
    lat = [x * 1000 for x in stats.latencies]
    row = {
        "messages_ok": len(lat), "errors": stats.errors, "unexpected_replies": stats.unexpected,
        "sessions": stats.sessions, "conversations": stats.conversations, "wall_s": round(wall, 1),
        "throughput_msg_s": round(len(lat) / wall, 2) if wall else 0.0,
        "p50_ms": round(harness.percentile(lat, 50), 1), "p95_ms": round(harness.percentile(lat, 95), 1),
        "p99_ms": round(harness.percentile(lat, 99), 1),
        "mean_ms": round(statistics.fmean(lat), 1) if lat else float("nan"),
        "cpu_cores": cores,
    }
    if stats.examples:
        row["error_examples"] = stats.examples
    say(f"{name}: {row['messages_ok']} ok, errors {row['errors']}, unexpected {row['unexpected_replies']}, "
        f"{row['throughput_msg_s']} msg/s, p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms")
    say(f"{name}: CPU cores " + ", ".join(f"{k} {v}" for k, v in cores.items()))
    if cores.get("rest of the machine", 0) > 0.25:
        say(f"WARNING: other processes used {cores['rest of the machine']} CPU cores: the figures are disturbed")
    return row


# --------------------------------------------------------------------------- the stores

class Stores:
    """A PostgreSQL schema and an empty Redis database, both for this run only."""

    def __init__(self) -> None:
        import redis

        self.admin = sa.create_engine(PG_URL, poolclass=NullPool, connect_args={"connect_timeout": 3})
        self.schemas: list[str] = []
        try:
            with self.admin.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.DBAPIError as error:
            raise harness.BenchError(f"PostgreSQL at {PG_URL} is unreachable ({type(error.orig).__name__}). "
                                  "Fix: start it, or set BENCH_PG_URL.") from None
        try:
            redis.Redis(REDIS_HOST, REDIS_PORT, socket_timeout=3).ping()
        except redis.RedisError as error:
            raise harness.BenchError(f"Redis at {REDIS_HOST}:{REDIS_PORT} is unreachable ({error}). "
                                  "Fix: start it, or set BENCH_REDIS_HOST/BENCH_REDIS_PORT.") from None
        for db in random.sample(range(2, 16), 14):
            self.redis = redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_timeout=3)
            if self.redis.dbsize() == 0:
                self.redis_db = db
                break
        else:
            raise harness.BenchError("no empty Redis database among 2-15")
        self.ids: set[str] = set()

    def schema_url(self) -> str:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        separator = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"

    def drop(self) -> None:
        for schema in self.schemas:
            try:
                with self.admin.begin() as connection:
                    connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            except sa.exc.DBAPIError as error:
                say(f"could not drop schema {schema}: {type(error.orig).__name__}")
        import yaml

        prefix = (yaml.safe_load((PROJECT / ENDPOINTS).read_text()).get("lock_store") or {}).get("key_prefix")
        prefix = f"{prefix}:lock:" if isinstance(prefix, str) and prefix.isalnum() else "lock:"
        for conversation_id in self.ids:
            self.redis.delete(prefix + conversation_id)
        self.admin.dispose()


# --------------------------------------------------------------------------- configurations

def bench_demo(procs: harness.Processes, args, tmp: Path, deadline: harness.Deadline) -> dict:
    demo_dir = tmp / "demo"
    demo_dir.mkdir()
    say("demo: rasa init --no-prompt (trains the demo model) ...")
    train_s = harness.run_timed(procs, "rasa init", [harness.RASA, "init", "--no-prompt", "--init-dir", str(demo_dir)],
                             tmp, {**harness.base_env(False), "RASA_MAX_CACHE_SIZE": "0"}, tmp / "demo-init.log", deadline)
    models = sorted((demo_dir / "models").glob("*.tar.gz"))
    if not models:
        raise harness.BenchError(f"rasa init made no model; log tail:\n{harness.tail(tmp / 'demo-init.log')}")
    port = harness.free_port()
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    log = tmp / "demo-rasa.log"
    server = procs.start("demo rasa server", [harness.RASA, "run", "--model", str(models[-1]), "--interface",
                                              "127.0.0.1", "--port", str(port)], demo_dir, harness.base_env(False), log)
    try:
        startup = harness.wait_http(url, server, log, deadline, args.startup_timeout, "hi")
        say(f"demo: trained in {train_s:.0f} s, ready in {startup:.0f} s; {args.users} users over REST")
        tag = f"bench-{int(time.time())}"
        drive(args.users, args.warmup, args.phase_timeout,
              lambda i, http, stats, budget: rest_user(i, http, url, stats, budget, f"warm-{tag}"))
        parts = Parts({"rasa (demo)": [server.pid]})
        stats, wall = drive(args.users, args.messages, args.phase_timeout,
                            lambda i, http, stats, budget: rest_user(i, http, url, stats, budget, tag))
        row = summary("demo", stats, wall, parts.read())
        if server.poll() is not None:
            raise harness.BenchError(f"the demo server died during the load; log tail:\n{harness.tail(log)}")
        row["rss_mb"] = {"rasa (demo)": round(harness.rss_mb(server.pid), 1)}
        row["startup_s"], row["train_s"] = round(startup, 1), round(train_s, 1)
        return row
    finally:
        procs.stop(server)


def _children_by_role(root: int) -> dict[str, list[int]]:
    tree, roles, stack = harness.children(), {"web app": [], "rasa": [], "action server": []}, [root]
    while stack:
        pid = stack.pop()
        command = _cmdline(pid)
        if "actions.server" in command:
            roles["action server"].append(pid)
        elif "rasa run" in command or "bot.rasa_ext run" in command:
            roles["rasa"].append(pid)
        elif "uvicorn" in command:
            roles["web app"].append(pid)
        else:
            stack.extend(tree.get(pid, []))
    return roles


def bench_ours(replicas: int, procs: harness.Processes, stores: Stores, args, tmp: Path,
               deadline: harness.Deadline, unavailable: str) -> dict:
    name = f"ours, {replicas} replica{'s' if replicas > 1 else ''}"
    data_dir = tmp / f"ours-{replicas}"
    data_dir.mkdir()
    block = harness.free_port()
    while any(_port_taken(p) for p in range(block, block + 2 * replicas + 1)) or block + 2 * replicas + 1 > 65535:
        block = harness.free_port()
    rasa_port, action_port, web_port = block, block + replicas, block + 2 * replicas
    url = stores.schema_url()
    env = {**harness.base_env(False), "RASA_REPLICAS": str(replicas), "ENDPOINTS_FILE": ENDPOINTS,
           "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "WEB_PORT": str(web_port),
           "DATA_DIR": str(data_dir), "TRACKER_STORE_URL": url, "DATABASE_URL": url,
           "REDIS_HOST": REDIS_HOST, "REDIS_PORT": str(REDIS_PORT), "REDIS_DB": str(stores.redis_db), "REDIS_PASSWORD": "",
           "RETENTION_SCHEDULE": "off"}
    if args.live:
        env.update(_live_env(data_dir))
    log = tmp / f"ours-{replicas}.log"
    say(f"{name}: python -m bot.ops.cli serve (RASA_REPLICAS={replicas}, {ENDPOINTS}, PostgreSQL, "
        f"Redis db {stores.redis_db})")
    started = time.perf_counter()
    serve = procs.start(name, [harness.PYTHON, "-m", "bot.ops.cli", "serve"], PROJECT, env, log)
    web_url = f"http://127.0.0.1:{web_port}"
    try:
        checks = [f"http://127.0.0.1:{rasa_port + i}/webhooks/rest/" for i in range(replicas)]
        checks += [f"http://127.0.0.1:{action_port + i}/health" for i in range(replicas)]
        checks.append(f"{web_url}/healthz")
        while True:
            if serve.poll() is not None:
                raise harness.BenchError(f"{name} exited during start-up; log tail:\n{harness.tail(log)}")
            if time.perf_counter() - started > args.startup_timeout:
                raise harness.BenchError(f"{name} not ready after {args.startup_timeout:.0f} s; log tail:\n{harness.tail(log)}")
            deadline.check(f"starting {name}")
            try:
                if all(requests.get(check, timeout=3).ok for check in checks):
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        startup = time.perf_counter() - started
        say(f"{name}: ready in {startup:.0f} s; {args.users} users through {web_url}/chat")

        def user(i, http, stats, budget):
            return widget_user(i, http, web_url, stats, budget, unavailable, stores.ids)

        drive(args.users, args.warmup, args.phase_timeout, user)
        live_stats = live_load.LiveStats()
        beside = None
        if args.live:
            _add_staff(url)

            def beside(stop):
                return live_load.run(web_url, args.live, *LIVE_STAFF, stop, live_stats)
        roles = _children_by_role(serve.pid)
        profiles = start_profiles(procs, args.py_spy, roles, args.profile_seconds, tmp,
                                  f"{replicas}") if args.py_spy else []
        parts = Parts({f"{role} (x{len(pids)})": pids for role, pids in roles.items()})
        stats, wall = drive(args.users, args.messages, args.phase_timeout, user, beside)
        row = summary(name, stats, wall, parts.read())
        if args.live:
            row["live"] = live_summary(name, args.live, live_stats)
        if profiles:
            row["profile_percent"] = finish_profiles(procs, profiles, name)
        if serve.poll() is not None:
            raise harness.BenchError(f"{name} stopped during the load; log tail:\n{harness.tail(log)}")
        row["rss_mb"] = {f"{role} {i}": round(harness.rss_mb(pid), 1)
                         for role, pids in roles.items() for i, pid in enumerate(pids)}
        say(f"{name}: RSS MB " + ", ".join(f"{k} {v}" for k, v in row["rss_mb"].items()))
        row["startup_s"] = round(startup, 1)
        row["log_problems"] = [line for line in log.read_text(errors="replace").splitlines()
                               if "InMemoryTrackerStore" in line or "LockError" in line][:5]
        return row
    finally:
        procs.stop(serve)


def _live_env(data_dir: Path) -> dict[str, str]:
    """A clinic open around the clock (the bench must not depend on the hour) and plain-http console cookies."""
    import yaml

    knowledge = data_dir / "knowledge"
    shutil.copytree(PROJECT / "knowledge", knowledge)
    clinic = yaml.safe_load((knowledge / "clinic.yml").read_text(encoding="utf-8"))
    clinic["hours"] = {day: "00:00-23:59" for day in clinic["hours"]}
    (knowledge / "clinic.yml").write_text(yaml.safe_dump(clinic, allow_unicode=True), encoding="utf-8")
    return {"KNOWLEDGE_DIR": str(knowledge), "CLINIC_FILE": str(knowledge / "clinic.yml"), "CONSOLE_COOKIE_SECURE": "false"}


def _add_staff(database_url: str) -> None:
    sys.path.insert(0, str(PROJECT))
    from bot.storage.database import make_engine, system_clock
    from bot.web.console.accounts import Accounts

    engine = make_engine(database_url)
    try:
        Accounts(engine, system_clock).create(LIVE_STAFF[0], LIVE_STAFF[1], "staff")
    finally:
        engine.dispose()


def live_summary(name: str, chats: int, stats: live_load.LiveStats) -> dict:
    to_patient = [x * 1000 for x in stats.to_patient]
    to_staff = [x * 1000 for x in stats.to_staff]
    both = to_patient + to_staff
    failures = [e for e in stats.errors if not e.startswith("lost: ")]
    row = {"chats": chats, "lines_sent": stats.sent, "lines_delivered": len(both), "lost": stats.lost,
           "errors": len(failures), "error_examples": stats.errors[:10]}
    poll = [x * 1000 for x in stats.poll]
    for label, values in (("delivery", both), ("staff_to_patient", to_patient), ("patient_to_staff", to_staff),
                          ("poll_request", poll)):
        row[label] = {f"p{q}_ms": round(harness.percentile(values, q), 1) for q in (50, 95, 99)}
    say(f"{name}: {chats} live chats, {stats.sent} lines, {len(both)} delivered, lost {stats.lost}, "
        f"errors {row['errors']}; delivery p50 {row['delivery']['p50_ms']} ms, p95 {row['delivery']['p95_ms']} ms, "
        f"p99 {row['delivery']['p99_ms']} ms (target p95 < 1000 ms)")
    return row


def _port_taken(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


# --------------------------------------------------------------------------- profiling (optional)

# Where a sampled Rasa stack is charged: the leaf-most frame whose file matches, walking up.
CATEGORIES = (
    ("NLU (spaCy, sentence embeddings, full-label reader, red-flag screen, gate)",
     ("rasa/nlu/", "/spacy/", "/thinc/", "/onnxruntime/", "/tokenizers/", "/sklearn/", "bot/language/", "bot/care/",
      "bot/rasa_ext/retrieval_gate", "bot/rasa_ext/spacy_entities", "bot/rasa_ext/full_label_classifier",
      "bot/rasa_ext/sentence_featurizer", "bot/rasa_ext/red_flag_gate", "bot/rasa_ext/did_you_mean")),
    ("dialogue policies (TED, rules, memoization)", ("rasa/core/policies/",)),
    ("tracker store (SQL: load, deserialise, save)", ("tracker_store.py",)),
    ("lock store (Redis)", ("lock_store.py",)),
    ("calling the action server", ("rasa/core/actions/action.py", "rasa/utils/endpoints.py")),
    ("widget channel", ("bot/rasa_ext/channels/widget.py", "bot/content/widget_protocol.py")),
    ("tracker and event handling", ("rasa/shared/core/trackers.py", "rasa/shared/core/events.py",
                                    "rasa/shared/core/domain.py", "rasa/shared/core/slots.py")),
    ("processor and graph glue", ("rasa/core/processor.py", "rasa/engine/", "rasa/core/agent.py")),
    ("HTTP server and event loop", ("sanic/", "asyncio/", "aiohttp/", "uvloop", "httptools")),
)


# Leaf frames of threads waiting, not working (py-spy's idle detection misses some).
IDLE = ("_worker (concurrent/futures/thread.py:81)", "wait (threading.py", "select (selectors.py", "_wait_for_tstate_lock")


def profile_summary(collapsed: Path) -> dict[str, float]:
    """Share of samples per category, from py-spy's raw (collapsed) output."""
    counts: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, number = line.rpartition(" ")
        if not number.isdigit():
            continue
        frames = stack.split(";")
        if any(wait in frames[-1] for wait in IDLE):
            continue
        category = "other"
        for frame in reversed(frames):
            match = next((name for name, patterns in CATEGORIES if any(p in frame for p in patterns)), None)
            if match:
                category = match
                break
        counts[category] = counts.get(category, 0) + int(number)
        total += int(number)
    return {name: round(100 * n / total, 1) for name, n in sorted(counts.items(), key=lambda kv: -kv[1])} if total else {}


def start_profiles(procs: harness.Processes, py_spy: str, roles: dict[str, list[int]], seconds: float, tmp: Path,
                   tag: str) -> list[tuple[str, subprocess.Popen, Path]]:
    started = []
    for role, pids in roles.items():
        for i, pid in enumerate(pids):
            label = f"{role} {i}"
            out = tmp / f"profile-{tag}-{label.replace(' ', '-')}.txt"
            proc = procs.start(f"py-spy {pid}", [py_spy, "record", "--pid", str(pid), "--duration", str(int(seconds)),
                                                 "--rate", "50", "--format", "raw", "--output", str(out)],
                               PROJECT, dict(os.environ), tmp / f"py-spy-{tag}-{label.replace(' ', '-')}.log")
            started.append((label, proc, out))
    return started


def finish_profiles(procs: harness.Processes, started: list[tuple[str, subprocess.Popen, Path]], name: str) -> dict:
    shares = {}
    for label, proc, out in started:
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pass
        procs.stop(proc)
        if out.exists():
            kept = RESULTS.parent / out.name
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(out, kept)
            shares[label] = profile_summary(out)
            say(f"{name}: {label} profile (% of samples, stacks in {kept}): "
                + ", ".join(f"{k} {v}" for k, v in shares[label].items()))
    return shares


# --------------------------------------------------------------------------- report

def markdown(results: dict) -> str:
    columns = [key for key in ("demo", "one", "two") if key in results]
    titles = {"demo": "demo `rasa init` (1 process, REST)", "one": "ours, 1 replica (widget)",
              "two": "ours, 2 replicas (widget)"}
    lines = ["| metric | " + " | ".join(titles[c] for c in columns) + " |", "|---|" + "---:|" * len(columns)]

    def line(label: str, value) -> None:
        lines.append(f"| {label} | " + " | ".join(harness.fmt(value(results[c])) for c in columns) + " |")

    line("throughput (msg/s)", lambda r: r["throughput_msg_s"])
    line("p50 / p95 / p99 (ms)", lambda r: f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f} / {r['p99_ms']:.0f}")
    line("messages ok / errors", lambda r: f"{r['messages_ok']} / {r['errors']}")
    line("unexpected replies", lambda r: r["unexpected_replies"])
    line("RSS after load (MB)", lambda r: " + ".join(f"{v:.0f}" for v in r["rss_mb"].values())
         + (f" = {sum(r['rss_mb'].values()):.0f}" if len(r["rss_mb"]) > 1 else ""))
    line("start-up (s)", lambda r: r["startup_s"])
    if any("live" in results[c] for c in columns):
        def live(r, key):
            return key(r["live"]) if "live" in r else ""
        line("live chats: lines sent / delivered / lost / errors",
             lambda r: live(r, lambda x: f"{x['lines_sent']} / {x['lines_delivered']} / {x['lost']} / {x['errors']}"))
        for label, key in (("both ways", "delivery"), ("staff to patient", "staff_to_patient"),
                           ("patient to staff", "patient_to_staff"), ("one poll request (long polling)", "poll_request")):
            line(f"live delivery {label} p50 / p95 / p99 (ms)", lambda r, k=key: live(
                r, lambda x: f"{x[k]['p50_ms']:.0f} / {x[k]['p95_ms']:.0f} / {x[k]['p99_ms']:.0f}"))
    for part in sorted({p for c in columns for p in results[c]["cpu_cores"]}):
        line(f"CPU cores: {part}", lambda r, p=part: r["cpu_cores"].get(p, ""))
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=64, help="concurrent conversations")
    parser.add_argument("--messages", type=int, default=1200, help="measured messages per configuration")
    parser.add_argument("--warmup", type=int, default=128, help="unmeasured messages first")
    parser.add_argument("--only", default="demo,one,two", help="configurations to run: demo, one, two")
    parser.add_argument("--phase-timeout", type=float, default=240, help="time limit of one load phase, seconds")
    parser.add_argument("--startup-timeout", type=float, default=300, help="per-configuration start-up limit, seconds")
    parser.add_argument("--timeout", type=float, default=1800, help="overall time limit, seconds")
    parser.add_argument("--py-spy", metavar="PATH", help="py-spy binary: sample each server process (Rasa, actions, web app) during the "
                        "measured load (perturbs the figures; use for a separate run)")
    parser.add_argument("--live", type=int, default=0, metavar="N",
                        help="also run N live chats (a staff member replying) during the measured load of ours")
    parser.add_argument("--profile-seconds", type=float, default=30, help="how long to sample, seconds")
    args = parser.parse_args(argv)
    wanted = [part.strip() for part in args.only.split(",") if part.strip()]
    if not set(wanted) <= {"demo", "one", "two"} or not wanted:
        parser.error("--only takes demo, one and/or two")
    if not harness.MODEL.exists():
        say(f"{harness.MODEL} is missing. Fix: `.venv/bin/python -m bot.ops.cli train` in {PROJECT}.")
        return 2

    from bot.content.knowledge import load
    from bot.content.settings import load_settings

    settings = load_settings()
    unavailable = load(settings.knowledge_dir, settings.clinic_file).template("chat_unavailable")
    deadline = harness.Deadline(args.timeout)
    procs = harness.Processes()
    tmp = Path(tempfile.mkdtemp(prefix="bench_widget_"))
    stores: Optional[Stores] = None

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    results: dict[str, dict] = {}
    began = time.monotonic()
    try:
        meter = harness.CpuMeter([])
        time.sleep(3)
        idle_other = round(meter.read()[1], 2)
        say(f"before the run, other processes used {idle_other} CPU cores")
        if "demo" in wanted:
            results["demo"] = bench_demo(procs, args, tmp, deadline)
        if {"one", "two"} & set(wanted):
            stores = Stores()
            for key, replicas in (("one", 1), ("two", 2)):
                if key in wanted:
                    results[key] = bench_ours(replicas, procs, stores, args, tmp, deadline, unavailable)
        table = markdown(results)
        print()
        print(table)
        ratio = None
        if "demo" in results and "two" in results:
            ratio = harness.ratio(results["two"]["throughput_msg_s"], results["demo"]["throughput_msg_s"])
            met = ratio is not None and ratio >= 1.8 and results["two"]["errors"] == 0
            print(f"\nours (2 replicas) / demo throughput: {ratio} (target >= 1.8 with zero errors: "
                  f"{'met' if met else 'NOT met'})")
        if "one" in results and "two" in results:
            print(f"ours 2 replicas / 1 replica throughput: "
                  f"{harness.ratio(results['two']['throughput_msg_s'], results['one']['throughput_msg_s'])}")
        print()
        payload = {
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "duration_s": round(time.monotonic() - began),
            "host": {"cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()},
            "settings": {"users": args.users, "messages": args.messages, "warmup": args.warmup,
                         "profiled": bool(args.py_spy)},
            "other_processes_cores_before": idle_other,
            "results": results, "two_replicas_over_demo": ratio, "markdown": table,
        }
        results_file = RESULTS.with_name("bench_widget_profiled.json") if args.py_spy else RESULTS
        results_file.parent.mkdir(parents=True, exist_ok=True)
        results_file.write_text(json.dumps(payload, indent=2) + "\n")
        say(f"results written to {results_file} ({payload['duration_s']} s)")
        return 0
    except harness.BenchError as error:
        say(f"FAILED: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        procs.stop_all()
        if stores is not None:
            stores.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
