"""Live chats for bench_widget.py --live N: N patients each chatting with a staff member during the widget load.

One staff account signs in to the console, goes available, joins every chat
and keeps a stream open per chat; each patient keeps the widget's stream open.
Every ~2 s per chat the staff member sends a line and the patient sends one
back through /chat/webhook (Rasa records it, silent while paused). The delay
from sending to the line arriving on the other side's stream is measured; a
line not seen within LOST_AFTER seconds counts as lost.
"""
from __future__ import annotations

import asyncio
import json
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any, Optional

import aiohttp

LOST_AFTER = 10.0
INTERVAL = 2.0
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class LiveStats:
    to_patient: list[float] = field(default_factory=list)
    to_staff: list[float] = field(default_factory=list)
    # Round trips of /chat/live/state: the least a long-polling client would pay again for every line.
    poll: list[float] = field(default_factory=list)
    sent: int = 0
    lost: int = 0
    errors: list[str] = field(default_factory=list)
    pending: dict[str, float] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors.append(what)

    def arrived(self, text: str, bucket: list[float]) -> None:
        sent = self.pending.pop(text, None)
        if sent is not None:
            bucket.append(time.perf_counter() - sent)


async def _events(response: aiohttp.ClientResponse):
    kind = None
    async for raw in response.content:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: ") and kind:
            yield json.loads(line[6:])


async def _read(http: aiohttp.ClientSession, method: str, url: str, stats: LiveStats, bucket: list[float],
                kind: str, stop: asyncio.Event, **kwargs: Any) -> None:
    """Keeps one stream open (reopening it after an idle close) and marks each ``kind`` line as arrived."""
    while not stop.is_set():
        try:
            async with http.request(method, url, timeout=aiohttp.ClientTimeout(total=None, sock_read=180), **kwargs) as answer:
                if answer.status != 200:
                    stats.error(f"stream HTTP {answer.status}")
                    return
                # Read on after ``stop`` too: lines sent just before it still count until the reader is cancelled.
                async for item in _events(answer):
                    if item.get("type") == kind:
                        stats.arrived(str(item.get("text")), bucket)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            if not stop.is_set():
                stats.error(f"stream {type(error).__name__}")
                await asyncio.sleep(0.5)


class StaffConsole:
    def __init__(self, http: aiohttp.ClientSession, web_url: str) -> None:
        self.http, self.web_url, self.csrf = http, web_url, ""

    async def sign_in(self, username: str, password: str) -> None:
        async with self.http.get(f"{self.web_url}/console/login") as page:
            match = TOKEN_FIELD.search(await page.text())
        assert match, "no login form"
        async with self.http.post(f"{self.web_url}/console/login", allow_redirects=False,
                                  data={"username": username, "password": password, "csrf_token": match.group(1)},
                                  headers={"Origin": self.web_url}) as answer:
            assert answer.status == 303, f"login HTTP {answer.status}"
        async with self.http.get(f"{self.web_url}/api/me") as me:
            self.csrf = (await me.json())["csrf_token"]

    async def post(self, path: str, body: Optional[dict[str, Any]] = None) -> tuple[int, Any]:
        async with self.http.post(f"{self.web_url}{path}", json=body or {},
                                  headers={"X-CSRF-Token": self.csrf, "Origin": self.web_url}) as answer:
            return answer.status, await answer.json(content_type=None)


async def run(web_url: str, chats: int, username: str, password: str, stop: asyncio.Event, stats: LiveStats) -> None:
    """Opens ``chats`` live chats, then exchanges lines both ways until ``stop``; hands every chat back."""
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout,
                                     cookie_jar=aiohttp.CookieJar(unsafe=True)) as staff_http, \
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as patient_http:
        staff = StaffConsole(staff_http, web_url)
        await staff.sign_in(username, password)
        await staff.post("/api/live/presence", {"available": True, "display_name": "Bench"})
        origin = {"Origin": web_url}
        sessions = []
        for _ in range(chats):
            async with patient_http.post(f"{web_url}/chat/session", json={}, headers=origin) as answer:
                session = (await answer.json())["session"]
            async with patient_http.post(f"{web_url}/chat/live/request", json={"session": session}, headers=origin) as answer:
                if answer.status != 200:
                    stats.error(f"request HTTP {answer.status}")
                    continue
            sessions.append(session)
        readers = []
        chat_ids = []
        async with staff_http.get(f"{web_url}/api/live/queue") as answer:
            waiting = (await answer.json())["waiting"]
        for chat in waiting:
            status, _ = await staff.post(f"/api/live/{chat['id']}/join")
            if status != 200:
                stats.error(f"join HTTP {status}")
                continue
            chat_ids.append(chat["id"])
            readers.append(asyncio.create_task(_read(staff_http, "GET", f"{web_url}/api/live/{chat['id']}/stream",
                                                     stats, stats.to_staff, "patient", stop)))
        for session in sessions:
            readers.append(asyncio.create_task(_read(patient_http, "POST", f"{web_url}/chat/live/stream", stats,
                                                     stats.to_patient, "staff", stop, json={"session": session},
                                                     headers=origin)))
        await asyncio.sleep(1.0)  # the streams are open before the first line

        async def converse(number: int, chat_id: str, session: str) -> None:
            turn = 0
            await asyncio.sleep(random.uniform(0, INTERVAL))
            while not stop.is_set():
                line = f"staff {number}.{turn}"
                stats.pending[line] = time.perf_counter()
                stats.sent += 1
                status, _ = await staff.post(f"/api/live/{chat_id}/messages", {"text": line})
                if status != 200:
                    stats.error(f"staff message HTTP {status}")
                await asyncio.sleep(INTERVAL / 2)
                line = f"patient {number}.{turn}"
                stats.pending[line] = time.perf_counter()
                stats.sent += 1
                try:
                    async with patient_http.post(f"{web_url}/chat/webhook", json={"session": session, "message": line},
                                                 headers=origin) as answer:
                        if answer.status != 200:
                            stats.error(f"patient message HTTP {answer.status}")
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    stats.error(f"patient message {type(error).__name__}")
                started = time.perf_counter()
                try:
                    async with patient_http.post(f"{web_url}/chat/live/state", json={"session": session},
                                                 headers=origin) as answer:
                        await answer.read()
                        stats.poll.append(time.perf_counter() - started)
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    stats.error(f"state {type(error).__name__}")
                await asyncio.sleep(INTERVAL / 2)
                turn += 1

        heartbeat = asyncio.create_task(_heartbeat(staff, stop))
        # Joined in queue order; the queue lists the chats in the order they were asked for.
        await asyncio.gather(*(converse(n, chat_id, session) for n, (chat_id, session)
                               in enumerate(zip(chat_ids, sessions, strict=False))))
        await asyncio.sleep(LOST_AFTER)
        stats.lost = len(stats.pending)
        stats.errors.extend(f"lost: {line}" for line in list(stats.pending)[:5])
        for chat_id in chat_ids:
            await staff.post(f"/api/live/{chat_id}/hand-back")
        for task in (*readers, heartbeat):
            task.cancel()
        await asyncio.gather(*readers, heartbeat, return_exceptions=True)


async def _heartbeat(staff: StaffConsole, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(30)
        await staff.post("/api/live/heartbeat")
