"""A third red-flag reader: what a message means, from its sentence embedding.

The sign rules read listed words and their typos; the second detector reads
character n-grams. Both miss a sign said in words nobody wrote down: "my
ticker is doing a skip skip thump thing", "purulent drainage from two
puncture sites", "the pian is very strong now". A sentence encoder trained on
a billion sentence pairs places those near the bank's alarming examples
although they share few letters with them (docs/safety.md measures it).

Same bank and same rule as the second detector: it only ever raises a level,
and the raise check may set its raise aside as the second detector's.
English only: the encoder (all-MiniLM-L6-v2) was trained on English, and a
Spanish message has its own detector. It is trained at start-up (a second;
encoding the bank and the everyday messages takes 12 s the first time, and
is kept in the data directory after that), so no model file can fall out of
step with the data.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.care.red_flag_detector import DetectorVerdict, read_everyday, read_examples
from bot.language.sentence_embeddings import SentenceEncoder


class MeaningDetector:
    """Is the message alarming at all, and if so emergency or urgent: two logistic regressions over one embedding."""

    def __init__(self, encoder: SentenceEncoder, examples: dict[str, list[str]], everyday: list[str],
                 threshold: float, emergency_threshold: float, regularisation: float = 4.0,
                 store: Optional[Path] = None) -> None:
        """``store``: where the bank's embeddings are kept between starts (SentenceEncoder.encode_stored)."""
        self.encoder = encoder
        self.threshold = threshold
        self.emergency_threshold = emergency_threshold
        texts = examples["emergency"] + examples["urgent"] + examples["benign"] + everyday
        vectors = encoder.encode_stored(texts, store)
        emergencies, alarms = len(examples["emergency"]), len(examples["emergency"]) + len(examples["urgent"])
        emergency, urgent, benign = vectors[:emergencies], vectors[emergencies:alarms], vectors[alarms:]
        alarming = np.vstack([emergency, urgent])
        self._alarming = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=3000).fit(
            np.vstack([alarming, benign]), np.r_[np.ones(len(alarming)), np.zeros(len(benign))])
        self._level = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=3000).fit(
            alarming, ["emergency"] * len(emergency) + ["urgent"] * len(urgent))

    def judge(self, text: str) -> DetectorVerdict:
        """``text``: what the second detector found readable (RedFlagDetector.readable)."""
        vector = self.encoder.encode([text])
        score = float(self._alarming.predict_proba(vector)[0, 1])
        if score < self.threshold:
            return DetectorVerdict(None, score)
        level = self.lean(text)
        if level == "emergency" and score < self.emergency_threshold:
            level = "urgent"  # alarming, but not sure enough for the emergency line: a clinician today
        return DetectorVerdict(level, score)

    def lean(self, text: str) -> str:
        """Emergency or urgent, whatever the score (the encoder keeps the last messages' vectors)."""
        return str(self._level.predict(self.encoder.encode([text]))[0])


def load_meaning_detector(knowledge_dir: Path, nlu_dir: Path, threshold: float, emergency_threshold: float,
                          regularisation: float = 4.0, store: Optional[Path] = None,
                          encoder: Optional[SentenceEncoder] = None) -> MeaningDetector:
    """Trained on the English bank of knowledge/red_flag_examples*.yml and the everyday NLU examples."""
    return MeaningDetector(encoder or SentenceEncoder.shared(),
                           read_examples(sorted(knowledge_dir.glob("red_flag_examples*.yml"))),
                           read_everyday(nlu_dir), threshold, emergency_threshold, regularisation, store)
