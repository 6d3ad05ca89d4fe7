"""A second, independent red-flag detector: a small classifier over character n-grams.

The sign rules (bot.care.triage) see only the words somebody listed. This model was
trained on a bank of alarming and benign patient messages written apart from
the rules (knowledge/red_flag_examples.yml), reads spelling by character
n-grams, and so fails differently. It only ever raises a level: when it is
confident a message is alarming, the message is treated as such, unless the
rules read it as expected healing or nothing and the raise check does not
confirm it (bot.care.red_flags); its silence lowers nothing. The raise check is
this same model fitted also on the triage sets already read.

It is trained from the data when a process first needs it (about three
seconds on the bank and the everyday messages), so there is no model file to
keep in step with the data; the fitted models are kept in a cache directory
named by a hash of everything they were fitted on, so later starts load them.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import sklearn
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

LEVELS = ("emergency", "urgent", "benign")
# Intents of the NLU training data that never describe a current symptom: the
# everyday traffic the detector must stay quiet on. report_symptom is left out.
SYMPTOM_INTENT = "report_symptom"
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")
# E-mail addresses, links and codes mixing letters and digits: they say nothing
# about a symptom, and their random character n-grams once scored a reference
# code as alarming.
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Judged token by token: one pattern over whole runs of non-spaces backtracked quadratically, and a
# 5,000-letter message held the Rasa server for minutes.
TOKEN = re.compile(r"\S+")
LINK = re.compile(r"^https?://|^www\.", re.I)
DIGIT = re.compile(r"\d")
LETTER = re.compile(r"[a-z]", re.I)


def _not_a_word(token: str) -> bool:
    """An e-mail address, a link, or a code mixing letters and digits."""
    return "@" in token[1:-1] or bool(LINK.search(token)) or bool(DIGIT.search(token) and LETTER.search(token))


@dataclass(frozen=True)
class DetectorVerdict:
    level: Optional[str]  # "emergency", "urgent", or None when not confident
    score: float  # probability that the message is alarming (emergency or urgent)


def _features(min_df: int = 1) -> FeatureUnion:
    """``min_df``: n-grams seen in fewer messages are dropped (the raise check's 10,000 messages, red_flags.check_for)."""
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  strip_accents="unicode", lowercase=True, min_df=min_df)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                  strip_accents="unicode", lowercase=True, min_df=min_df)),
    ])


class RedFlagDetector:
    """Two small models: is the message alarming at all, and if so, emergency or urgent.

    One three-way model would give an unfamiliar message about a third to each
    class, so "hey" would read as two thirds alarming; the yes/no model is
    trained against the whole everyday traffic instead.
    """

    def __init__(self, models: "FittedModels", threshold: float, emergency_threshold: float,
                 function_words: frozenset[str] = frozenset(), min_content_words: int = 1) -> None:
        """``models``: from ``fit`` or ``fit_stored``."""
        self._function_words = function_words
        self.min_content_words = min_content_words
        self.threshold = threshold
        self.emergency_threshold = emergency_threshold
        self._alarming, self._level = models

        # Scored by hand from the fitted parts: sklearn's per-call checks cost more
        # than the arithmetic on a one-message batch, and this runs on every message.
        union = self._alarming.named_steps["features"]
        classifier = self._alarming.named_steps["classifier"]
        weights = classifier.coef_[0].tolist()
        self._parts: list[tuple[Any, dict[str, tuple[float, float]]]] = []
        start = 0
        for _, vectorizer in union.transformer_list:
            # feature -> (idf, weight), for the sublinear, l2-normalised tf-idf sklearn computes;
            # idf_ is a property that copies, so it is read once (each read per feature cost seconds)
            idf = vectorizer.idf_.tolist()
            table = {feature: (idf[index], weights[start + index]) for feature, index in vectorizer.vocabulary_.items()}
            self._parts.append((vectorizer.build_analyzer(), table))
            start += len(vectorizer.vocabulary_)
        self._intercept = float(classifier.intercept_[0])

    def alarming_probability(self, text: str) -> float:
        """The yes/no model's probability, equal to its predict_proba (tests/test_red_flag_detector.py)."""
        logit = self._intercept
        for analyzer, table in self._parts:
            counts = Counter(feature for feature in analyzer(text) if feature in table)
            values = [((1.0 + math.log(count)) * table[feature][0], table[feature][1]) for feature, count in counts.items()]
            norm = math.sqrt(sum(value * value for value, _ in values))
            if norm:
                logit += sum(value * weight for value, weight in values) / norm
        return 1.0 / (1.0 + math.exp(-logit))

    def content_words(self, text: str) -> int:
        """Words that can carry a symptom: not "in", "and", "my".

        On a message of one or two words, the l2-normalised n-grams of a
        function word decide alone: "ticket and" scored 0.96 alarming and
        "in LA" 0.93, because alarming examples join signs with "and" and
        place them "in" a body part. Each word counts once: "my face" typed
        400 times got the emergency line from the two readers together.
        """
        return len({word.lower() for word in WORD.findall(text)} - self._function_words)

    def readable(self, text: str) -> Optional[str]:
        """The words a detector may score, or None when there are too few to say anything.

        The meaning reader (bot.care.meaning_detector) takes the same words, so
        a reference code or "in LA" is silent for both.
        """
        if text.startswith("/"):
            return None
        text = TOKEN.sub(lambda token: " " if _not_a_word(token.group()) else token.group(), text)
        return text if self.content_words(text) >= self.min_content_words else None

    def judge(self, text: str) -> DetectorVerdict:
        readable = self.readable(text)
        if readable is None:
            return DetectorVerdict(None, 0.0)
        text = readable
        score = self.alarming_probability(text)
        if score < self.threshold:
            return DetectorVerdict(None, score)
        level = self.lean(text)
        if level == "emergency" and score < self.emergency_threshold:
            # Unsure it is alarming at all: urgent (a clinician today) rather than the emergency line.
            level = "urgent"
        return DetectorVerdict(level, score)

    def lean(self, text: str) -> str:
        """Emergency or urgent, whatever the score: asked only when another reader half agrees."""
        return str(self._level.predict([text])[0])


FittedModels = tuple[Pipeline, Pipeline]


def fit(examples: dict[str, list[str]], everyday: list[str], regularisation: float = 10.0,
        min_df: int = 1) -> FittedModels:
    """The yes/no model (alarming against the bank's benign and the everyday traffic) and the level model."""
    alarming = examples["emergency"] + examples["urgent"]
    benign = examples["benign"] + everyday
    is_alarming = Pipeline([
        ("features", _features(min_df)),
        ("classifier", LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)),
    ]).fit(alarming + benign, [1] * len(alarming) + [0] * len(benign))
    level = Pipeline([
        ("features", _features(min_df)),
        ("classifier", LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)),
    ]).fit(alarming, ["emergency"] * len(examples["emergency"]) + ["urgent"] * len(examples["urgent"]))
    for model in (is_alarming, level):
        for _, vectorizer in model.named_steps["features"].transformer_list:
            # The n-grams min_df dropped, kept by scikit-learn for introspection only: 20 MB for the raise check.
            vectorizer.stop_words_ = None
    return is_alarming, level


def fit_stored(examples: dict[str, list[str]], everyday: list[str], regularisation: float,
               directory: Optional[Path], min_df: int = 1) -> FittedModels:
    """``fit``, kept in ``directory`` between starts: fitting costs each server and test run about three seconds.

    The file is named by a hash of the examples, the regularisation, the
    scikit-learn version and this module's source, so changed data or code is
    fitted afresh. Only this project's processes write the directory (the
    pickle is trusted as the code is). A file that cannot be read is fitted
    again; a directory that cannot be written only costs the time.
    """
    if directory is None:
        return fit(examples, everyday, regularisation, min_df)
    source = Path(__file__).read_bytes()
    key = json.dumps([examples, everyday, regularisation, min_df, sklearn.__version__], sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(key + source).hexdigest()[:20]
    path = directory / f"red-flag-detector-{digest}.pkl"
    try:
        with path.open("rb") as handle:
            models = pickle.load(handle)
        if isinstance(models, tuple) and len(models) == 2 and all(isinstance(model, Pipeline) for model in models):
            os.utime(path)  # in use: kept by the clean-up below
            return models
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        pass
    models = fit(examples, everyday, regularisation, min_df)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / f".{path.name}.{os.getpid()}"
        with partial.open("wb") as handle:
            pickle.dump(models, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        stale = time.time() - 7 * 86400  # fitted on older data or code; another language's file stays
        for old in directory.glob("red-flag-detector-*.pkl"):
            if old != path and old.stat().st_mtime < stale:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return models


def everyday_messages(nlu_dir: Path) -> list[str]:
    """The NLU training examples of every intent but report_symptom, annotations removed.

    Only the files directly in ``data/nlu``: the thresholds in knowledge/triage.yml
    were chosen with this bank, and a bigger one lowers every score (four
    seen emergencies fell to urgent when the persona-written examples of
    ``data/nlu/written/`` were added). Growing the bank means choosing the
    thresholds again and a new triage test split (tests/triage_eval/README.md).
    """
    messages: list[str] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or ():
            intent = str(block.get("intent") or "")
            if not intent or intent.split("/")[0] == SYMPTOM_INTENT:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    messages.append(ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:]))
    return messages


def read_examples(paths: list[Path]) -> dict[str, list[str]]:
    """The bank's messages by level; expected healing (``routine``) counts as benign, not alarming."""
    examples: dict[str, list[str]] = {level: [] for level in LEVELS}
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for level, texts in (data.get("examples") or {}).items():
            if level not in (*LEVELS, "routine"):
                raise ValueError(f"{path}: unknown level '{level}'. Fix: use {', '.join(LEVELS)} or routine.")
            examples["benign" if level == "routine" else level].extend(str(text) for text in texts or ())
    missing = [level for level in LEVELS if not examples.get(level)]
    if missing:
        where = paths[0] if paths else "the red_flag_examples files"
        raise ValueError(f"{where}: no examples for {', '.join(missing)}. Fix: add messages under examples.{missing[0]}.")
    return examples


def read_written(paths: list[Path]) -> dict[str, list[str]]:
    """The messages of triage sets already read (tests/triage_eval: a text and its author's level per item), by
    level; routine and none count as benign. Only sets whose first read is done: they are validation data."""
    examples: dict[str, list[str]] = {level: [] for level in LEVELS}
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("items") or ():
            level = str(item.get("level"))
            if level not in (*LEVELS, "routine", "none") or not item.get("text"):
                raise ValueError(f"{path}: item without a text or with level '{level}'. Fix: give each item a text "
                                 "and one of emergency, urgent, routine, none.")
            examples[level if level in ("emergency", "urgent") else "benign"].append(str(item["text"]))
    return examples


def read_everyday(nlu_dir: Path) -> list[str]:
    everyday = everyday_messages(nlu_dir)
    if not everyday:
        raise ValueError(f"{nlu_dir}: no NLU examples found. Fix: point the detector at the project's data/nlu.")
    return everyday


def load_detector(knowledge_dir: Path, nlu_dir: Path, threshold: float, emergency_threshold: float,
                  function_words: frozenset[str] = frozenset(), min_content_words: int = 1,
                  paths: Optional[list[Path]] = None, regularisation: float = 10.0,
                  store: Optional[Path] = None, written: tuple[Path, ...] = (), min_df: int = 1) -> RedFlagDetector:
    """Trained on every knowledge/red_flag_examples*.yml file (each lists examples by level), or on ``paths``.

    ``store``: where the fitted models are kept between starts (``fit_stored``).
    ``written``: triage sets already read, learned from too (``read_written``; the raise check).
    """
    paths = paths if paths is not None else sorted(knowledge_dir.glob("red_flag_examples*.yml"))
    examples = read_examples(paths)
    for level, texts in read_written(list(written)).items():
        examples[level] = examples[level] + texts
    models = fit_stored(examples, read_everyday(nlu_dir), regularisation, store, min_df)
    return RedFlagDetector(models, threshold, emergency_threshold, function_words, min_content_words)
