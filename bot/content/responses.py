"""Turns the knowledge into Rasa responses, the one way content reaches Rasa.

Rasa reads responses at train time, so ``data/responses.yml`` is generated
from ``knowledge/`` before every training and checked by a test against a
fresh render: the two cannot drift apart unnoticed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import yaml

from bot.content.contract import Slot
from bot.content.knowledge import Knowledge

HEADER = (
    "# GENERATED from knowledge/ by `python -m bot.ops.cli build`: do not edit by hand.\n"
    "# Edit knowledge/*.yml (content) or the clinic file (facts), then rebuild.\n"
)


def answer_response(knowledge: Knowledge, label: str) -> dict[str, Any]:
    """An answer with its topic and sources in a custom payload for the widget."""
    answer = knowledge.answers[label]
    return {
        "text": knowledge.answer_text(label),
        "custom": {
            "type": "answer",
            "topic": label,
            "title": answer.title,
            "sources": list(answer.sources),
            "source_document": "Microneedling with PRP: Definition, Uses, and Clinical Overview",
        },
    }


def message_response(knowledge: Knowledge, name: str) -> dict[str, Any]:
    message = knowledge.messages["responses"][name]
    response: dict[str, Any] = {"text": knowledge.render(message["text"])}
    if message.get("buttons"):
        response["buttons"] = [
            {"title": button["title"], "payload": button["payload"]} for button in message["buttons"]
        ]
    return response


def language_condition(language: str) -> list[dict[str, str]]:
    """Rasa's conditional response variation: chosen while the slot ``language`` has this value."""
    return [{"type": "slot", "name": Slot.LANGUAGE, "value": language}]


def build_responses(knowledge: Knowledge, translations: Sequence[Knowledge] = ()) -> dict[str, list[dict[str, Any]]]:
    """Only what rules and stories utter; custom actions send their own texts.

    Each response has the English variation without a condition (the default)
    and one per translation with a condition on the conversation's language.
    """
    languages = [knowledge, *translations]

    def variations(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
        default, *others = responses
        return [default] + [{**response, "condition": language_condition(other.language)}
                            for response, other in zip(others, translations, strict=True)]

    responses = {f"utter_{label}": variations([answer_response(k, label) for k in languages])
                 for label in sorted(knowledge.answers)}
    for name in knowledge.messages["responses"]:
        responses[name] = variations([message_response(k, name) for k in languages])
    return responses


def render_file(knowledge: Knowledge, translations: Sequence[Knowledge] = ()) -> str:
    body = yaml.safe_dump(
        {"version": "3.1", "responses": build_responses(knowledge, translations)},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )
    return HEADER + body


def write_file(knowledge: Knowledge, path: Path, translations: Sequence[Knowledge] = ()) -> bool:
    """Writes the responses file; returns whether its content changed."""
    content = render_file(knowledge, translations)
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8")
    return True
