"""Finds rule phrases in patient text, with typos and negation.

Screening and triage both ask the same question of a message: which of these
clinician-written phrases does it contain, and is each one denied ("no
fever") or stated ("I take Eliquis")? The phrases live in knowledge/ YAML.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.language.pipeline import negex, nlp
from bot.language.spanish import negated_before, plain

ENGLISH = "en"

NEAR_GAP = "{0,4}"
# A negation between the two words of a "near" match ("lips aren't swollen")
# sits inside the span, where NegEx does not look.
INNER_NEGATIONS = {"not", "no", "n't", "never", "arent", "isnt", "wasnt", "werent", "dont", "didnt", "nt"}


@dataclass(frozen=True)
class Rule:
    key: str
    phrases: tuple[str, ...] = ()
    near: tuple[tuple[str, ...], ...] = ()
    fuzzy: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    key: str
    text: str
    negated: bool


@dataclass(frozen=True)
class Analysis:
    findings: tuple[Finding, ...]
    dates: tuple[str, ...]

    def stated(self) -> list[str]:
        return [f.key for f in self.findings if not f.negated]


NOTHING = Analysis((), ())


def _normalise(text: str) -> str:
    # Curly apostrophes from phone keyboards would defeat "can't" and "i'm".
    return text.replace("\u2019", "'").replace("\u2018", "'")


class PhraseFinder:
    """``language`` "es": the phrases and the text are compared without accents, and negation is
    Spanish (bot.language.spanish); any other value reads English with NegEx."""

    def __init__(self, rules: Iterable[Rule], language: str = ENGLISH) -> None:
        self.language = language
        pipeline = nlp()
        self._phrases = PhraseMatcher(pipeline.vocab, attr="LOWER")
        self._patterns = Matcher(pipeline.vocab)
        self._near = Matcher(pipeline.vocab)
        for rule in rules:
            if rule.phrases:
                self._phrases.add(rule.key, [pipeline.make_doc(self._normalise(p.lower())) for p in rule.phrases])
            if rule.fuzzy:
                self._patterns.add(rule.key, [[{"LOWER": {"FUZZY": word.lower()}}] for word in rule.fuzzy])
            if len(rule.near) == 2:
                first, second = ([w.lower() for w in group] for group in rule.near)
                self._near.add(rule.key, [
                    [{"LOWER": {"IN": a}}, {"OP": NEAR_GAP, "IS_PUNCT": False}, {"LOWER": {"IN": b}}]
                    for a, b in ((first, second), (second, first))
                ])
            elif rule.near:
                raise ValueError(f"{rule.key}: 'near' takes exactly two word groups")
        self._analyse_once = lru_cache(maxsize=256)(self._analyse)

    def analyse(self, text: str) -> Analysis:
        """What the text states or denies. A Rasa intent payload ("/affirm", a button) holds no patient words.

        One pre-screen answer is read three ways (statements, the answer, not
        sure), each asking for the same analysis: it is worked out once.
        """
        if text.startswith("/"):
            return NOTHING
        return self._analyse_once(text)

    def _analyse(self, text: str) -> Analysis:
        doc: Doc = nlp()(self._normalise(text))
        dates = tuple(ent.text for ent in doc.ents if ent.label_ in ("DATE", "TIME"))
        spans = [
            Span(doc, start, end, label=match_id)
            for matcher in (self._phrases, self._patterns, self._near) if len(matcher)
            for match_id, start, end in matcher(doc)
        ]
        near = {(start, end) for _, start, end in self._near(doc)} if len(self._near) else set()
        doc.ents = filter_spans(spans)  # type: ignore[assignment]  # spaCy's stub types Doc.ents as a one-element tuple
        if self.language != ENGLISH:
            return Analysis(tuple(Finding(ent.label_, ent.text, negated_before(ent)) for ent in doc.ents), dates)
        doc = negex()(doc)
        findings = tuple(
            Finding(ent.label_, ent.text, bool(ent._.negex) or ((ent.start, ent.end) in near and _negated_inside(ent)))
            for ent in doc.ents
        )
        return Analysis(findings, dates)

    def _normalise(self, text: str) -> str:
        return _normalise(text) if self.language == ENGLISH else plain(text)


def _negated_inside(span: Span) -> bool:
    return any(token.lower_ in INNER_NEGATIONS for token in span[1:-1])


def single_token(word: str) -> bool:
    """'near' and 'fuzzy' words are compared token by token: "can't" is two."""
    return len(nlp().make_doc(word)) == 1
