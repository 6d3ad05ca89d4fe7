"""The assistant's NLU against two nearest-neighbour baselines, on one split, in one run.

Usage: python bench/bench_nlu.py [tests/nlu_eval/test.yml] [--model models/clinic.tar.gz]

The baselines learn from the same data/nlu examples and answer with the
label of the closest one, with no gate: TF-IDF over words and character
n-grams, and all-MiniLM-L6-v2 sentence embeddings (from the installed
package). Prints a markdown table (accuracy, wrong answers, ms per message,
fit seconds) and writes var/results/bench_nlu.json. The assistant's served
accuracy counts a "Did you mean" or "please rephrase" as not answered; the
baselines always answer, so their wrong-answer rate is 1 - accuracy.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bot.ops.nlu_baselines import EmbeddingKnn, TfidfKnn, training_pairs  # noqa: E402 - after the project is put on sys.path
from bot.language.nlu_eval import read_items  # noqa: E402 - after the project is put on sys.path
from bot.rasa_ext.model_eval import evaluate  # noqa: E402 - after the project is put on sys.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", nargs="?", type=Path, default=PROJECT / "tests" / "nlu_eval" / "test.yml")
    parser.add_argument("--model", type=Path, default=PROJECT / "models" / "clinic.tar.gz")
    args = parser.parse_args()
    items = read_items(args.split)
    pairs = training_pairs(PROJECT / "data" / "nlu")
    rows = []
    report = evaluate(args.model, args.split)
    summary = report.summary()
    rows.append({"reader": "assistant (served)", "accuracy": summary["served_accuracy"],
                 "wrong": summary["wrong_answer_rate"], "ms_per_message": summary["ms_per_message"], "fit_s": None})
    for baseline in (TfidfKnn(), EmbeddingKnn()):
        started = time.perf_counter()
        baseline.fit(pairs)
        fitted = time.perf_counter() - started
        started = time.perf_counter()
        predictions = baseline.predict([item.text for item in items])
        ms = 1000 * (time.perf_counter() - started) / len(items)
        accuracy = sum(p in item.accepted for p, item in zip(predictions, items, strict=True)) / len(items)
        rows.append({"reader": baseline.name, "accuracy": round(accuracy, 4), "wrong": round(1 - accuracy, 4),
                     "ms_per_message": round(ms, 1), "fit_s": round(fitted, 1)})
    print(f"{args.split.name}: {len(items)} messages, {len(pairs)} training examples\n")
    print("| reader | accuracy | wrong answers | ms/message | fit (s) |\n|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['reader']} | {row['accuracy']:.3f} | {row['wrong']:.1%} | {row['ms_per_message']} | {row['fit_s'] or '–'} |")
    print("\nassistant:", json.dumps(summary))
    results = PROJECT / "var" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "bench_nlu.json").write_text(json.dumps({"split": str(args.split), "rows": rows, "assistant": summary},
                                                       indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
