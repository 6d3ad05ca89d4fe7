"""Nearest-neighbour baselines the trained pipeline must beat (issue 11).

A plain lookup over the same ``data/nlu`` examples, with no gate: if the
assistant's NLU cannot beat it on the same evaluation split, the pipeline is
not earning its training time. Two lookups: TF-IDF over words and character
n-grams, and, where the installed packages carry the weights, sentence
embeddings (all-MiniLM-L6-v2 as an int8 ONNX file, no download at run time).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Protocol, Sequence

import numpy as np

from bot.content.translations import LANGUAGES
from bot.language.full_label_reader import tfidf_features, tfidf_vectorizers
from bot.language.nlu_eval import read_examples


class Baseline(Protocol):
    name: str

    def fit(self, pairs: Sequence[tuple[str, str]]) -> "Baseline": ...

    def predict(self, texts: Sequence[str]) -> list[str]: ...


def training_pairs(nlu_dir: Path, language: str = "en") -> list[tuple[str, str]]:
    """The examples the assistant reads ``language`` with: English alone (``data/nlu`` without the
    language folders), or another language with English (bot.rasa_ext.full_label_classifier)."""
    other = {nlu_dir / code for code in LANGUAGES}
    return [pair for path in sorted(nlu_dir.rglob("*.yml"))
            if language != "en" or not other.intersection(path.parents)
            for pair in read_examples(path)]


class TfidfKnn:
    """1-nearest neighbour by cosine over TF-IDF words (1-2) and character n-grams (2-5)."""

    name = "tfidf_knn"

    def __init__(self) -> None:
        self._vectorizers = tfidf_vectorizers()  # the features the assistant's own reader uses
        self._labels: list[str] = []
        self._matrix: Any = None  # a scipy sparse matrix once fitted

    def fit(self, pairs: Sequence[tuple[str, str]]) -> "TfidfKnn":
        self._labels = [label for _, label in pairs]
        self._matrix = tfidf_features(self._vectorizers, [text for text, _ in pairs], fitting=True)
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        similarity = (tfidf_features(self._vectorizers, list(texts)) @ self._matrix.T).toarray()
        return [self._labels[int(i)] for i in similarity.argmax(axis=1)]


class EmbeddingKnn:
    """1-nearest neighbour by cosine over all-MiniLM-L6-v2 sentence embeddings."""

    name = "embedding_knn"

    def __init__(self) -> None:
        from bot.language.sentence_embeddings import SentenceEncoder

        self._encoder = SentenceEncoder.shared()
        self._labels: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)

    def fit(self, pairs: Sequence[tuple[str, str]]) -> "EmbeddingKnn":
        self._labels = [label for _, label in pairs]
        self._matrix = self._encoder.encode([text for text, _ in pairs])
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        similarity = self._encoder.encode(list(texts)) @ self._matrix.T
        return [self._labels[int(i)] for i in similarity.argmax(axis=1)]


def available_baselines() -> list[Baseline]:
    baselines: list[Baseline] = [TfidfKnn()]
    embedding = _embedding_baseline()
    if embedding is not None:
        baselines.append(embedding)
    return baselines


def _embedding_baseline() -> Optional[Baseline]:
    try:
        return EmbeddingKnn()
    except ImportError:
        return None
