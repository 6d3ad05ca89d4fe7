"""The web app's side of the live chat in Rasa: lines into the tracker, the transcript out.

Server to server, to the replica that owns the conversation (as the chat
proxy routes it), with the shared LIVE_RELAY_SECRET; the widget channel's
/relay route refuses anything else (bot/rasa_ext/channels/live_relay.py).
"""
from __future__ import annotations

import asyncio
from typing import Any, Optional

import aiohttp

from bot.content.settings import Settings
from bot.web.chat_proxy import replica_for_conversation

TIMEOUT = aiohttp.ClientTimeout(total=10.0, connect=3.0)


class RelayFailed(RuntimeError):
    """Rasa did not take the line; the caller tells staff to try again (nothing was published)."""


class RasaRelay:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Optional[aiohttp.ClientSession] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def _session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client.closed or self._loop is not loop:
            self._client, self._loop = aiohttp.ClientSession(timeout=TIMEOUT), loop
        return self._client

    async def _post(self, conversation_id: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"{replica_for_conversation(conversation_id, self.settings.rasa_urls)}/webhooks/widget/relay"
        try:
            async with self._session().post(url, json={"conversation_id": conversation_id, **body},
                                            headers={"X-Relay-Secret": self.settings.relay_secret}) as answer:
                if answer.status != 200:
                    raise RelayFailed(f"Rasa answered {answer.status}")
                result = await answer.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RelayFailed(type(error).__name__) from error
        return result if isinstance(result, dict) else {}

    async def line(self, conversation_id: str, kind: str, text: str, name: Optional[str] = None,
                   then_ask_consent: Optional[dict[str, Any]] = None) -> None:
        body: dict[str, Any] = {"kind": kind, "text": text}
        if name:
            body["name"] = name
        if then_ask_consent:
            body["then_ask_consent"] = then_ask_consent
        await self._post(conversation_id, body)

    async def transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        result = await self._post(conversation_id, {"kind": "transcript"})
        lines = result.get("transcript")
        return lines if isinstance(lines, list) else []

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
