"""Trains the NLU of each candidate pipeline and scores it on the validation split.

Usage: python bench/compare_pipelines.py config.yml bench/pipelines/*.yml
Prints one JSON line per pipeline: train seconds, model MB and the figures of
bot.language.nlu_eval on tests/nlu_eval/validation.yml. Pipelines are chosen here,
never on the test split (tests/nlu_eval/README.md).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bot.rasa_ext.model_eval import evaluate  # noqa: E402 - after the project is put on sys.path


def train_nlu(config: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot.rasa_ext", "train", "nlu", "--config", str(config), "--nlu", "data",
         "--domain", "domain.yml", "--out", str(out), "--fixed-model-name", "nlu", "--quiet"],
        cwd=PROJECT, check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_MAX_CACHE_SIZE": "0"},
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main(configs: list[str]) -> None:
    for name in configs:
        with tempfile.TemporaryDirectory() as out:
            seconds = train_nlu(Path(name), Path(out))
            model = Path(out) / "nlu.tar.gz"
            report = evaluate(model, PROJECT / "tests" / "nlu_eval" / "validation.yml")
            row = {"pipeline": name, "train_s": round(seconds), "model_mb": round(model.stat().st_size / 1e6, 1)}
            row.update(report.summary())
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
