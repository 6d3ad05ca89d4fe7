"""Live-chat events between web app processes: Redis pub/sub, or one process's memory.

A patient's stream and the staff member's page may be served by different web
app processes, so every event goes through Redis (which the deployment
already runs for Rasa's lock store) and comes back to every process,
including the one that published it. Each process holds one Redis
subscription and fans events out to its own open streams, so a hundred open
streams cost one Redis connection, not a hundred. Without ``LIVE_BUS_URL``
(the README's single web app) events stay in the process.

Events carry no more patient text than the stream they go to shows; they are
never logged.
"""
from __future__ import annotations

import asyncio
import json
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Optional

logger = logging.getLogger(__name__)
PREFIX = "live:"
STAFF_CHANNEL = "staff"  # queue changes and alerts for every console page
QUEUE_SIZE = 256  # events a slow stream may fall behind before it is closed


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


class Subscription:
    """One open stream's queue of events; ``overflowed`` when the reader fell too far behind."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self.overflowed = False

    def put(self, event: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True  # the stream closes; the client reconnects and reloads the history

    async def next(self, timeout: float) -> Optional[dict[str, Any]]:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except asyncio.TimeoutError:
            return None


class LiveBus:
    """Publish to a channel; subscribe a stream to channels. In-process fan-out, Redis across processes."""

    def __init__(self, redis_url: Optional[str] = None) -> None:
        self.redis_url = redis_url
        self._local: dict[str, set[Subscription]] = {}
        self._redis: Any = None
        self._reader: Optional[asyncio.Task[None]] = None
        self._ready: Optional[asyncio.Event] = None

    @property
    def shared(self) -> bool:
        return self.redis_url is not None

    def _deliver(self, channel: str, event: dict[str, Any]) -> None:
        for subscription in list(self._local.get(channel, ())):
            subscription.put(event)

    async def _start(self) -> None:
        if self._reader is not None and not self._reader.done():
            assert self._ready is not None
            await self._ready.wait()
            return
        import redis.asyncio as redis  # only when a shared bus is configured

        self._ready = asyncio.Event()
        self._redis = redis.from_url(self.redis_url, decode_responses=True)
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._ready.wait(), 5.0)

    async def _read(self) -> None:
        """The process's one subscription to every live channel; reconnects after a Redis outage."""
        assert self._ready is not None
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.psubscribe(PREFIX + "*")
                self._ready.set()
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self._deliver(message["channel"][len(PREFIX):], json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - keep serving; streams fall back to their history reload
                logger.error("Live-chat bus connection lost (%s); reconnecting.", type(error).__name__)
                await asyncio.sleep(1.0)

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        if not self.shared:
            self._deliver(channel, event)
            return
        await self._start()
        await self._redis.publish(PREFIX + channel, json.dumps(event))

    @asynccontextmanager
    async def subscribe(self, *channels: str) -> AsyncIterator[Subscription]:
        if self.shared:
            await self._start()
        subscription = Subscription()
        for channel in channels:
            self._local.setdefault(channel, set()).add(subscription)
        try:
            yield subscription
        finally:
            for channel in channels:
                listeners = self._local.get(channel)
                if listeners is not None:
                    listeners.discard(subscription)
                    if not listeners:
                        del self._local[channel]

    def open_streams(self) -> int:
        return len({id(s) for listeners in self._local.values() for s in listeners})

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing anyway
                pass
        if self._redis is not None:
            await self._redis.close()
