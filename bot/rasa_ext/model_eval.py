"""Scores a trained model on held-out NLU files: the Rasa side of bot.language.nlu_eval.

    python -m bot.rasa_ext.model_eval models/clinic.tar.gz tests/nlu_eval/validation.yml --errors

bot.language.nlu_eval counts what a parse served; only this module loads a Rasa model.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from functools import lru_cache
from typing import Optional
from pathlib import Path

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.utils.log_utils import configure_structlog

from bot.language.nlu_eval import Item, Report, per_label_markdown, read_items
from bot.rasa_ext.full_label_classifier import LANGUAGE_KEY


@lru_cache(maxsize=1)
def _agent(model: Path, modified: float) -> Agent:
    """One load per model file and process: the test suite scores twenty files against the same model, and
    each load took 3 to 4 s. ``modified``: a model trained again in place is loaded again."""
    # Unconfigured, structlog prints every parsed text at debug level.
    configure_structlog(logging.WARNING)
    return Agent.load(str(model))


async def _evaluate(model: Path, items: list[Item], language: Optional[str]) -> Report:
    agent = _agent(model.resolve(), model.stat().st_mtime)
    assert agent.processor is not None
    report = Report()
    metadata = {LANGUAGE_KEY: language} if language else None
    started = time.perf_counter()
    for item in items:
        report.add(item, await agent.processor.parse_message(UserMessage(item.text, metadata=metadata)))
    report.seconds = time.perf_counter() - started
    return report


def evaluate(model: Path, *paths: Path, language: Optional[str] = None) -> Report:
    """``language``: the conversation's, as the widget channel passes it (a Spanish set is read in a
    Spanish conversation); None reads each message as a first message, by its words alone."""
    return asyncio.run(_evaluate(model, [item for path in paths for item in read_items(path)], language))



if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Held-out full-label NLU accuracy")
    parser.add_argument("model", type=Path)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--language", help="the conversation's language (en, es); default: none, as a first message")
    parser.add_argument("--markdown", type=Path, help="write the per-label table to this file")
    args = parser.parse_args()
    result = evaluate(args.model, *args.files, language=args.language)
    print(json.dumps(result.summary(), indent=2))
    if args.markdown:
        args.markdown.write_text(per_label_markdown(result) + "\n", encoding="utf-8")
    if args.errors:
        for error in result.errors:
            print(json.dumps(error))
