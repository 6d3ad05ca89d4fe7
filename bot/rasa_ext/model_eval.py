"""Scores a trained model on held-out NLU files: the Rasa side of bot.language.nlu_eval.

    python -m bot.rasa_ext.model_eval models/clinic.tar.gz tests/nlu_eval/validation.yml --errors

bot.language.nlu_eval counts what a parse served; only this module loads a Rasa model.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

from rasa.core.agent import Agent
from rasa.utils.log_utils import configure_structlog

from bot.language.nlu_eval import Item, Report, per_label_markdown, read_items


async def _evaluate(model: Path, items: list[Item]) -> Report:
    # Unconfigured, structlog prints every parsed text at debug level.
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    report = Report()
    started = time.perf_counter()
    for item in items:
        report.add(item, await agent.parse_message(item.text))
    report.seconds = time.perf_counter() - started
    return report


def evaluate(model: Path, *paths: Path) -> Report:
    return asyncio.run(_evaluate(model, [item for path in paths for item in read_items(path)]))



if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Held-out full-label NLU accuracy")
    parser.add_argument("model", type=Path)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--markdown", type=Path, help="write the per-label table to this file")
    args = parser.parse_args()
    result = evaluate(args.model, *args.files)
    print(json.dumps(result.summary(), indent=2))
    if args.markdown:
        args.markdown.write_text(per_label_markdown(result) + "\n", encoding="utf-8")
    if args.errors:
        for error in result.errors:
            print(json.dumps(error))
