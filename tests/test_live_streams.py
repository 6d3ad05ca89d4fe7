"""The live-chat streams' limits, without a server: idle close, replacement, a reader left behind, no leak."""
from __future__ import annotations

import asyncio

import pytest

from bot.handoffs import live_bus
from bot.handoffs.live_bus import LiveBus
from bot.web import live_routes
from bot.web.live_service import event


async def _collect(bus: LiveBus, owner: str, nonce: str, channel: str = "c") -> list[str]:
    chunks = []
    async with bus.subscribe(channel) as subscription:
        async for chunk in live_routes.stream_events(subscription, owner, nonce, [event("status")],
                                                     frozenset({"left"})):
            chunks.append(chunk)
    return chunks


def test_a_stream_without_events_sends_keepalives_then_closes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live_routes, "KEEPALIVE_SECONDS", 0.02)
    monkeypatch.setattr(live_routes, "STREAM_IDLE_SECONDS", 0.1)
    bus = LiveBus()
    chunks = asyncio.run(_collect(bus, "patient:1", "n1"))
    assert chunks[0].startswith("event: status")
    assert chunks[1:] == [": keepalive\n\n"] * 5
    assert bus.open_streams() == 0  # nothing left behind once it closed


def test_a_newer_stream_of_the_same_owner_replaces_the_older_and_an_ending_event_closes() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        bus = LiveBus()
        older = asyncio.create_task(_collect(bus, "patient:1", "old"))
        other_owner = asyncio.create_task(_collect(bus, "patient:2", "x"))
        await asyncio.sleep(0.05)
        await bus.publish("c", event("stream", owner="patient:1", nonce="new"))
        replaced = await asyncio.wait_for(older, 2)
        await bus.publish("c", event("left", text="Alex left the chat."))
        ended = await asyncio.wait_for(other_owner, 2)
        assert bus.open_streams() == 0
        return replaced, ended

    replaced, ended = asyncio.run(scenario())
    assert replaced[-1].startswith("event: replaced")
    assert ended[-1].startswith("event: left")  # the other owner's stream was not replaced


def test_a_reader_too_far_behind_is_closed_instead_of_buffering_without_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live_bus, "QUEUE_SIZE", 3)

    async def scenario() -> tuple[bool, list[str]]:
        bus = LiveBus()
        async with bus.subscribe("c") as subscription:
            for number in range(5):
                await bus.publish("c", event("staff", text=str(number)))
            chunks = [chunk async for chunk in live_routes.stream_events(subscription, "o", "n", [])]
            return subscription.overflowed, chunks

    overflowed, chunks = asyncio.run(scenario())
    assert overflowed and chunks == []
