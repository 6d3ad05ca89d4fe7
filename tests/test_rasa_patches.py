"""The action-response check Rasa runs on every custom action keeps its verdicts with one cached validator."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot.channels.widget  # noqa: F401  (installs the patch, as Rasa does when it loads the channel)
from bot import rasa_patches


def test_the_rasa_server_uses_the_cached_check():
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("result", [
    {"events": [{"event": "slot", "name": "handoff_id", "value": "x"}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {},
])
def test_valid_responses_pass(result):
    assert rasa_patches._validate_action_result(None, result) is True


@pytest.mark.parametrize("result", [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": ["not an object"]},
])
def test_invalid_responses_fail_as_in_rasa(result):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        rasa_patches._validate_action_result(None, result)
