"""Rasa's REST channel for tools and tests, without patient text in the logs.

Same name ("rest") and URL (POST /webhooks/rest/webhook) as the stock
channel, which on failure logs the message as ``text=`` at ERROR
(rasa/core/channels/rest.py). This one logs the exception type only.
The log redaction of bot.privacy.log_privacy is installed by ``python -m bot.rasa_ext``,
which starts every Rasa server of the project.
"""
from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Union

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.content.widget_protocol import Problem, clean_text
from bot.rasa_ext import rasa_patches

rasa_patches.require_installed("The REST channel")
logger = logging.getLogger(__name__)
# The stock channel passed an empty or missing message to the policy and answered with
# nothing at all (issue 11): a tool or page using it could not tell a refusal from silence.
# Other bad bodies keep the stock failure path (an error logged without the text, what was
# collected returned), which tests/test_privacy_logs.py drives.
EMPTY = Problem(400, "empty_message", "Please type a message.")


class PrivateRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("private_rest_webhook", __name__)

        @rest.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            if text is None or (isinstance(text, str) and not clean_text(text)):
                return response.json(EMPTY.body(), status=EMPTY.status)
            input_channel = self._extract_input_channel(request)
            metadata = self.get_metadata(request)
            if bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(on_new_message, text, sender_id, input_channel, metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender_id, input_channel=input_channel, metadata=metadata)
                )
            except CancelledError:
                logger.error("REST message timed out.")
            except Exception as error:  # noqa: BLE001 - as stock: answer with what was collected
                # The type only: exception texts can carry the patient's words.
                logger.error("REST message could not be handled (%s).", type(error).__name__)
            return response.json(collector.messages)

        return rest
