"""Full-label NLU accuracy on an evaluation file, as a patient would experience it.

``faq/cost`` counts as right only when the intent is ``faq`` AND the selected
answer is ``cost``. Two accuracies are reported: *served* (after the fallback
gates, where a fallback counts as not answered) and *raw* (the classifiers'
own first choice), so the cost of the gates is visible. A fallback is split
into "Did you mean ...?" (choices offered, and whether the right one was
among them) and a plain "please rephrase", which the patient experiences
very differently.

Two file shapes are read: Rasa NLU YAML (the old held-out file) and the
issue-11 sets (``items`` with ``text``, ``label``, optional ``also`` for a
message that asks two things; either answer counts as served).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Item:
    text: str
    label: str
    also: str | None = None
    kinds: tuple[str, ...] = ()
    author: str = ""

    @property
    def accepted(self) -> set[str]:
        return {self.label, self.also} - {None}  # type: ignore[return-value]  # without None only strings are left


def read_items(path: Path) -> list[Item]:
    """Evaluation items from either file shape."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "items" in data:
        return [Item(str(i["text"]), i["label"], i.get("also"), tuple(i.get("kinds") or ()), str(i.get("author") or ""))
                for i in data["items"]]
    return [Item(text, label) for text, label in read_examples(path)]


def read_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) pairs from a Rasa YAML NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu", []):
        for line in block["examples"].splitlines():
            text = line.strip()
            if text.startswith("- "):
                pairs.append((text[2:].strip(), block["intent"]))
    return pairs


def words(text: str) -> tuple[str, ...]:
    """Lower-cased words without punctuation: "Does it hurt??" and "does it hurt" are one phrasing."""
    text = text.lower().replace("'", "").replace("\u2019", "")  # "i'm" and "im" are one phrasing
    return tuple("".join(c if c.isalnum() or c.isspace() else " " for c in text).split())


def word_edits_within(a: tuple[str, ...], b: tuple[str, ...], limit: int) -> bool:
    """Whether two word sequences are at most ``limit`` insertions, deletions or substitutions apart."""
    if abs(len(a) - len(b)) > limit or len(set(a) ^ set(b)) > 2 * limit:
        return False
    previous = list(range(len(b) + 1))
    for i, word in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


NEAR_DUPLICATE_EDITS = 2
NEAR_DUPLICATE_MIN_WORDS = 5  # any two 3-word greetings are two edits apart; shorter items must not match exactly


def near_duplicates(evaluation: list[str], training: list[str]) -> list[tuple[str, str]]:
    """(evaluation text, training text) pairs that are the same phrasing or within two word edits."""
    train_words = [(words(text), text) for text in training]
    exact: dict[tuple[str, ...], list[str]] = {}
    for w, text in train_words:
        exact.setdefault(w, []).append(text)
    found: list[tuple[str, str]] = []
    for text in evaluation:
        mine = words(text)
        if not mine:  # emoji only: compared as typed
            found += [(text, other) for _, other in train_words if other.strip() == text.strip()]
        elif mine in exact:
            found += [(text, other) for other in exact[mine]]
        elif len(mine) >= NEAR_DUPLICATE_MIN_WORDS:
            found += [(text, other) for theirs, other in train_words
                      if len(theirs) >= NEAR_DUPLICATE_MIN_WORDS - NEAR_DUPLICATE_EDITS
                      and word_edits_within(mine, theirs, NEAR_DUPLICATE_EDITS)]
    return found


def full_label(parse: dict[str, Any], intent: str) -> str:
    selectors = parse.get("response_selector") or {}
    selector = selectors.get(intent) or (selectors.get("default") if intent in selectors.get("all_retrieval_intents", []) else None)
    if selector:
        return selector["response"]["intent_response_key"]
    return intent


def served_label(parse: dict[str, Any]) -> str:
    return full_label(parse, parse["intent"]["name"])


def raw_label(parse: dict[str, Any]) -> str:
    for ranked in parse.get("intent_ranking") or [parse["intent"]]:
        if ranked["name"] != FALLBACK:
            return full_label(parse, ranked["name"])
    return FALLBACK


def choices_offered(parse: dict[str, Any]) -> list[str]:
    """The "Did you mean ...?" topics the assistant would offer for this parse."""
    return list(parse.get("did_you_mean") or [])


def also_label(parse: dict[str, Any]) -> str | None:
    """The second question of a two-question message, as the assistant read it."""
    return (parse.get("also_asked") or {}).get("label")  # bot.language.topic_choices.ALSO_ASKED


def screened_as_symptom(parse: dict[str, Any]) -> bool:
    """The red-flag screen, not the classifier, made this message a symptom report (bot.rasa_ext.red_flag_gate)."""
    understood = (parse.get("red_flag") or {}).get("understood") or {}
    return (parse.get("intent") or {}).get("name") == "report_symptom" and understood.get("intent") not in (None, "report_symptom")


@dataclass
class Report:
    total: int = 0
    served_correct: int = 0
    raw_correct: int = 0
    fallbacks: int = 0
    wrong_answers: int = 0
    offered: int = 0  # fallbacks that offered "Did you mean" choices
    offered_right: int = 0  # ... with the right topic among them
    multi: int = 0  # messages asking two things
    multi_both: int = 0  # ... where both were answered or offered
    wrong_by_screen: int = 0  # questions the red-flag screen answered with triage (the safe direction)
    per_label: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def served_accuracy(self) -> float:
        return self.served_correct / self.total

    @property
    def raw_accuracy(self) -> float:
        return self.raw_correct / self.total

    @property
    def rephrase_rate(self) -> float:
        return (self.fallbacks - self.offered) / self.total

    def add(self, item: Item, parse: dict[str, Any]) -> None:
        served, raw = served_label(parse), raw_label(parse)
        expected, accepted = item.label, item.accepted
        self.total += 1
        counts = self.per_label[expected]
        counts["support"] += 1
        offered = choices_offered(parse) if served == FALLBACK else []
        if served in accepted:
            self.served_correct += 1
            counts["served"] += 1
        elif served == FALLBACK:
            self.fallbacks += 1
            counts["fallback"] += 1
            if offered:
                self.offered += 1
                counts["offered"] += 1
                self.offered_right += bool(accepted & set(offered))
        else:
            self.wrong_answers += 1
            counts["wrong"] += 1
            self.wrong_by_screen += screened_as_symptom(parse)
        if raw in accepted:
            self.raw_correct += 1
            counts["raw"] += 1
        if item.also:
            self.multi += 1
            self.multi_both += {served, also_label(parse)} == accepted
        if served not in accepted:
            self.errors.append({"text": item.text, "expected": expected, "served": served, "raw": raw,
                                **({"offered": offered} if offered else {}),
                                **({"screened": True} if screened_as_symptom(parse) else {})})

    @property
    def wrong_by_classifier(self) -> int:
        return self.wrong_answers - self.wrong_by_screen

    def label_accuracy(self) -> dict[str, float]:
        return {label: c["served"] / c["support"] for label, c in self.per_label.items()}

    def summary(self) -> dict[str, Any]:
        return {
            "examples": self.total,
            "served_accuracy": round(self.served_accuracy, 4),
            "raw_accuracy": round(self.raw_accuracy, 4),
            "fallback_rate": round(self.fallbacks / self.total, 4),
            "did_you_mean_rate": round(self.offered / self.total, 4),
            "did_you_mean_right": round(self.offered_right / self.offered, 4) if self.offered else None,
            "rephrase_rate": round(self.rephrase_rate, 4),
            "wrong_answer_rate": round(self.wrong_answers / self.total, 4),
            "wrong_by_red_flag_screen": round(self.wrong_by_screen / self.total, 4),
            "two_questions_both": f"{self.multi_both}/{self.multi}",
            "ms_per_message": round(1000 * self.seconds / self.total, 1),
        }


def per_label_markdown(report: Report) -> str:
    lines = ["| label | support | served correct | did you mean | rephrase | wrong answer | raw correct |",
             "|---|---|---|---|---|---|---|"]
    for label in sorted(report.per_label):
        c = report.per_label[label]
        lines.append(f"| `{label}` | {c['support']} | {c['served']} | {c['offered']} | {c['fallback'] - c['offered']} "
                     f"| {c['wrong']} | {c['raw']} |")
    return "\n".join(lines)
