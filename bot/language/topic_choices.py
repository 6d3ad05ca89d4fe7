"""Which topics to offer when the assistant is unsure: "Did you mean ...?".

Rasa's TwoStageFallback asks the patient to confirm the likeliest intent.
Here the likeliest *answers* are offered instead: an intent such as ``faq``
tells the patient nothing, the answer's own question does ("How much does
it cost?"). A topic's score is the probability the classifiers give it as a
whole: P(retrieval intent) x P(answer) for a faq/aftercare answer, the
intent's own probability for the other choosable intents. Topics below the
floor are not plausible; when none is, the patient is asked to rephrase.

Choosing a topic sends the answer's own question as text (it reads well in
the transcript); the pipeline recognises an answer's exact question and
answers it without guessing again (``chosen_topic``). A payload starting
with "/" would not do: Rasa's RegexMessageHandler keeps only the intent of
such a payload, and a faq answer needs its key too.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

RETRIEVAL_INTENTS = ("faq", "aftercare")
# Intents a button can usefully start; request_human is always offered as "Talk to staff".
CHOOSABLE_INTENTS = ("check_candidacy", "book_consultation")
PARSE_KEY = "did_you_mean"
ALSO_ASKED = "also_asked"  # the second question of a message that asks two (bot.rasa_ext.full_label_classifier)


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def title_index(titles: Mapping[str, str]) -> dict[str, str]:
    """Each answer's question (its title), as compared with a message, to its full label."""
    return {_plain(title): label for label, title in titles.items()}


def chosen_topic(text: str, index: Mapping[str, str]) -> Optional[str]:
    """The full label whose exact question the message is (a pressed button), else None."""
    return index.get(_plain(text))


def topic_scores(parse_data: dict[str, Any]) -> dict[str, float]:
    """Every choosable topic with its overall probability, from the classifiers' rankings."""
    intents = {r["name"]: float(r.get("confidence") or 0.0) for r in parse_data.get("intent_ranking") or []}
    scores = {name: intents[name] for name in CHOOSABLE_INTENTS if name in intents}
    retrieval = sum(intents.get(name, 0.0) for name in RETRIEVAL_INTENTS)
    selectors = parse_data.get("response_selector") or {}
    ranking: list[dict[str, Any]] = []
    for name in ("default", *RETRIEVAL_INTENTS):
        ranking = (selectors.get(name) or {}).get("ranking") or []
        if ranking:
            break
    for ranked in ranking:
        label = ranked.get("intent_response_key")
        if label and label.split("/", 1)[0] in RETRIEVAL_INTENTS:
            scores[label] = max(scores.get(label, 0.0), retrieval * float(ranked.get("confidence") or 0.0))
    return scores


def likely_topics(parse_data: dict[str, Any], floor: float, most: int = 3) -> list[str]:
    """Up to ``most`` topics at or above ``floor``, likeliest first; [] when none is plausible."""
    ranked = sorted(topic_scores(parse_data).items(), key=lambda item: (-item[1], item[0]))
    return [label for label, score in ranked[:most] if score >= floor]
