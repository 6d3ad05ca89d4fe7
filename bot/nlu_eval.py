"""Full-label NLU accuracy on a held-out file, as a patient would experience it.

``faq/cost`` counts as right only when the intent is ``faq`` AND the selected
answer is ``cost``. Two accuracies are reported: *served* (after the fallback
gates, where a fallback counts as not answered) and *raw* (the classifiers'
own first choice), so the cost of the gates is visible.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FALLBACK = "nlu_fallback"


def read_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) pairs from a Rasa YAML NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu", []):
        for line in block["examples"].splitlines():
            text = line.strip()
            if text.startswith("- "):
                pairs.append((text[2:].strip(), block["intent"]))
    return pairs


def full_label(parse: dict[str, Any], intent: str) -> str:
    selectors = parse.get("response_selector") or {}
    selector = selectors.get(intent) or (selectors.get("default") if intent in selectors.get("all_retrieval_intents", []) else None)
    if selector:
        return selector["response"]["intent_response_key"]
    return intent


def served_label(parse: dict[str, Any]) -> str:
    return full_label(parse, parse["intent"]["name"])


def raw_label(parse: dict[str, Any]) -> str:
    for ranked in parse.get("intent_ranking") or [parse["intent"]]:
        if ranked["name"] != FALLBACK:
            return full_label(parse, ranked["name"])
    return FALLBACK


@dataclass
class Report:
    total: int = 0
    served_correct: int = 0
    raw_correct: int = 0
    fallbacks: int = 0
    wrong_answers: int = 0
    per_label: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def served_accuracy(self) -> float:
        return self.served_correct / self.total

    @property
    def raw_accuracy(self) -> float:
        return self.raw_correct / self.total

    def add(self, text: str, expected: str, parse: dict[str, Any]) -> None:
        served, raw = served_label(parse), raw_label(parse)
        self.total += 1
        counts = self.per_label[expected]
        counts["support"] += 1
        if served == expected:
            self.served_correct += 1
            counts["served"] += 1
        elif served == FALLBACK:
            self.fallbacks += 1
            counts["fallback"] += 1
        else:
            self.wrong_answers += 1
            counts["wrong"] += 1
        if raw == expected:
            self.raw_correct += 1
            counts["raw"] += 1
        if served != expected:
            self.errors.append({"text": text, "expected": expected, "served": served, "raw": raw})

    def summary(self) -> dict[str, Any]:
        return {
            "examples": self.total,
            "served_accuracy": round(self.served_accuracy, 4),
            "raw_accuracy": round(self.raw_accuracy, 4),
            "fallback_rate": round(self.fallbacks / self.total, 4),
            "wrong_answer_rate": round(self.wrong_answers / self.total, 4),
            "ms_per_message": round(1000 * self.seconds / self.total, 1),
        }


async def _evaluate(model: Path, examples: list[tuple[str, str]]) -> Report:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Unconfigured, structlog prints every parsed text at debug level.
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    report = Report()
    started = time.perf_counter()
    for text, expected in examples:
        report.add(text, expected, await agent.parse_message(text))
    report.seconds = time.perf_counter() - started
    return report


def evaluate(model: Path, heldout: Path) -> Report:
    return asyncio.run(_evaluate(model, read_examples(heldout)))


def per_label_markdown(report: Report) -> str:
    lines = ["| label | support | served correct | fallback | wrong answer | raw correct |", "|---|---|---|---|---|---|"]
    for label in sorted(report.per_label):
        c = report.per_label[label]
        lines.append(f"| `{label}` | {c['support']} | {c['served']} | {c['fallback']} | {c['wrong']} | {c['raw']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Held-out full-label NLU accuracy")
    parser.add_argument("model", type=Path)
    parser.add_argument("heldout", type=Path)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--markdown", type=Path, help="write the per-label table to this file")
    args = parser.parse_args()
    result = evaluate(args.model, args.heldout)
    print(json.dumps(result.summary(), indent=2))
    if args.markdown:
        args.markdown.write_text(per_label_markdown(result) + "\n", encoding="utf-8")
    if args.errors:
        for error in result.errors:
            print(json.dumps(error))
