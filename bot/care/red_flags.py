"""The red-flag screen: every patient message, in every state, whatever it was classed as.

Three independent readers look for alarming signs: the clinician-reviewed sign
rules (bot.care.triage), a classifier over the letters of separately written
examples (bot.care.red_flag_detector) and one over their meaning
(bot.care.meaning_detector, English). Each can raise the level, none can lower
what the rules read. The raise check, the second detector's model fitted also
on the 11,000 messages of the triage sets already read, works both ways on an
English message (knowledge/triage.yml: raise_check): a raise of the two
detectors over expected healing or nothing stands only when it gives the
message at least a small probability, and when it is nearly sure on its own
it raises the message itself, as a fourth reader. Both thresholds were chosen
on those sets held out by split: it set aside none of the alarming messages
only the detectors caught, and it read 553 of the 593 alarming messages the
rules read lower at their level where it raised 1 of 3,371 benign ones the
others left alone (docs/safety.md).
The screen also says which language the message looks like, so an emergency
in Spanish gets the emergency line in Spanish too.

It is plain Python over a spaCy pipeline: the Rasa NLU component
(bot.rasa_ext.red_flag_gate), the actions, the chat channel's safety net and a live
chat with staff all call the same ``screen``.
"""
from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml
from spacy.language import Language

from bot.content.knowledge import load_clinic
from bot.content.translations import LANGUAGES
from bot.language.guess import ENGLISH, LanguageGuesser, load_guesser
from bot.care.meaning_detector import MeaningDetector, load_meaning_detector
from bot.care.red_flag_detector import DetectorVerdict, RedFlagDetector, load_detector
from bot.content.settings import Settings
from bot.care.triage import ALARMING, NONE, SEVERITY, Triage, load_triage

DETECTOR_SIGN = "alarming description (second detector)"
MEANING_SIGN = "alarming in meaning (third detector)"
AGREEMENT_SIGN = "alarming to the second and third detectors together"
CHECK_SIGN = "alarming like the triage sets' messages (raise check)"
# Where bot.rasa_ext.red_flag_gate puts a message's screen in Rasa's parse data, for the actions to read.
PARSE_KEY = "red_flag"
# The assistant's own NLU examples are the everyday messages the detector must stay quiet on.
NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
# The raise check's sets_dir is the project's (tests/triage_eval), wherever a clinic keeps its knowledge folder.
PROJECT = Path(__file__).resolve().parents[2]
# Where the meaning reader keeps its bank's embeddings when no clinic settings say (tools, tests).
STORE = PROJECT / "var" / "cache"


@dataclass(frozen=True)
class Screen:
    level: str  # emergency, urgent, routine, or none when no sign is stated
    signs: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    rules_level: str = NONE
    detector_level: Optional[str] = None
    detector_score: float = 0.0
    meaning_level: Optional[str] = None
    meaning_score: float = 0.0
    language: str = ENGLISH
    days_since_treatment: Optional[int] = None
    asked_about: list[str] = field(default_factory=list)
    own_body: bool = False  # the writer speaks of their own skin or body, not a general question
    check_score: Optional[float] = None  # the raise check's probability, on an English message
    check_level: Optional[str] = None  # the level the raise check reads alone, when nearly sure of an alarm
    raise_set_aside: bool = False  # a detector's raise the raise check did not confirm: the rules' level stands

    @property
    def alarming(self) -> bool:
        return self.level in ALARMING

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Screen":
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


class RedFlagScreen:
    def __init__(self, triage: Triage, detectors: dict[str, RedFlagDetector], guesser: LanguageGuesser,
                 meaning: Optional[MeaningDetector] = None, agreement: Optional[tuple[float, float]] = None,
                 improving: Iterable[str] = (), worsening: Iterable[str] = (),
                 check: Optional[RedFlagDetector] = None, check_raises_at: Optional[float] = None) -> None:
        """``detectors``: the second detector by language of the message; English for any other.

        ``meaning``: the third reader, for English messages.
        ``agreement``: (second detector, meaning reader) scores at which the two together raise a
        message that neither is sure enough of alone (knowledge/triage.yml: readers_agree).
        ``improving``, ``worsening``: phrases that, about expected healing the rules recognised, keep the two
        half-sure readers from raising it together (readers_agree).
        ``check``: the raise check (``check_for``); its ``threshold`` is the least probability that confirms a raise.
        ``check_raises_at``: the probability from which the raise check raises a message to the level it leans to.
        """
        self.triage = triage
        self.detectors = detectors
        self.guesser = guesser
        self.meaning = meaning
        self.agreement = agreement
        self.improving = _phrases(improving)
        self.worsening = _phrases(worsening)
        self.check = check
        self.check_raises_at = check_raises_at

    @property
    def detector(self) -> RedFlagDetector:
        return self.detectors[ENGLISH]

    def screen(self, text: str, dates: Optional[tuple[str, ...]] = None, today: Optional[date] = None) -> Screen:
        if not text or text.startswith("/"):  # a button payload holds no patient words
            return Screen(NONE)
        language = self.guesser.guess(text)
        found = self.triage.classify(text, today, dates, language)
        second = self.detectors.get(language, self.detector)
        verdict = second.judge(text)
        meaning = self._meaning(second, text, language)
        level, signs = found.level, list(found.signs)
        # The detectors' verdicts are kept for the figures; on a question asked before the
        # treatment (Triage.asks_ahead), or on signs the rules read as history, another person's story or asked
        # ahead, and nothing of now (TriageResult.nothing_now), they raise nothing, and the sign rules decide alone.
        ahead = self.triage.asks_ahead(text) or found.nothing_now
        for reader, sign in ((verdict, DETECTOR_SIGN), (meaning, MEANING_SIGN)):
            if not ahead and reader.level is not None and SEVERITY[reader.level] > SEVERITY[level]:
                level = reader.level
                signs.append(sign)
        # "not getting bigger, breathing ok" (split 42): a word of worsening inside one of getting better is none.
        healing_better = (found.level == "routine" and bool(self.improving.search(text))
                          and not self.worsening.search(self.improving.sub(" ", text)))
        together = None if ahead or healing_better else self._together(second, text, verdict, meaning)
        if together is not None and SEVERITY[together] > SEVERITY[level]:
            level = together
            signs.append(AGREEMENT_SIGN)
        check_score, check_level, set_aside = None, None, False
        if language == ENGLISH and self.check is not None:
            readable = second.readable(text)
            check_score = round(self.check.alarming_probability(readable), 3) if readable is not None else 0.0
            if level != found.level and found.level not in ALARMING and check_score < self.check.threshold:
                level, signs, set_aside = found.level, list(found.signs), True
            if readable is not None and self.check_raises_at is not None and check_score >= self.check_raises_at:
                check_level = self.check.lean(readable)
                if not ahead and SEVERITY[check_level] > SEVERITY[level]:
                    level = check_level
                    signs.append(CHECK_SIGN)
        return Screen(
            level=level, signs=signs, keys=list(found.keys), rules_level=found.level,
            detector_level=verdict.level, detector_score=round(verdict.score, 3),
            meaning_level=meaning.level, meaning_score=round(meaning.score, 3),
            language=language, days_since_treatment=found.days_since_treatment,
            asked_about=list(found.asked_about), own_body=self.triage.about_own_body(text, found.level),
            check_score=check_score, check_level=check_level, raise_set_aside=set_aside,
        )

    def _together(self, second: RedFlagDetector, text: str, verdict: DetectorVerdict,
                  meaning: DetectorVerdict) -> Optional[str]:
        """Neither detector sure alone, both half sure: the higher of the levels they lean to.

        Only where the message names a body part or a word of some sign: half-sure
        readers agreed on "tell me a joke, I need cheering up" and on a dripping
        kitchen tap (issue 11's validation sets), never on an alarm without one.
        """
        if (self.agreement is None or self.meaning is None or verdict.level is not None or meaning.level is not None
                or verdict.score < self.agreement[0] or meaning.score < self.agreement[1]):
            return None
        if not second.content_words(" ".join(self.triage.sign_words(text))):
            return None
        readable = second.readable(text)
        if readable is None:
            return None
        return max(second.lean(readable), self.meaning.lean(readable), key=SEVERITY.__getitem__)

    def _meaning(self, second: RedFlagDetector, text: str, language: str) -> DetectorVerdict:
        """The meaning reader's verdict on the words the second detector would score; silent on other languages."""
        if self.meaning is None or language != ENGLISH:
            return DetectorVerdict(None, 0.0)
        readable = second.readable(text)
        return self.meaning.judge(readable) if readable is not None else DetectorVerdict(None, 0.0)


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, not right after "not", "no" or "-n't" ("not growing" is no word of
    worsening, "not fading" none of getting better; split 31; "never stopped", split 33); a list that is empty
    matches nothing."""
    listed = [re.escape(phrase) for phrase in phrases]
    return re.compile(r"(?<!not )(?<!no )(?<!n't )(?<!nt )(?<!never )\b(" + "|".join(listed) + r")\b" if listed else r"(?!)",
                      re.I)


def detector_for(knowledge_dir: Path, threshold: Optional[float] = None, language: str = ENGLISH,
                 regularisation: Optional[float] = None, store: Optional[Path] = STORE) -> RedFlagDetector:
    """The second detector with the thresholds of triage.yml (``threshold`` overrides the first, for sweeps).

    Spanish has a detector of its own: trained on knowledge/es/red_flag_examples*.yml
    and the Spanish NLU examples, with its own thresholds (``second_detector.es``).
    The English one saw almost no Spanish, so any Spanish sentence looked
    unfamiliar to it, and unfamiliar read as alarming ("quién ganó el partido" scored 0.54).
    """
    data = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8"))["second_detector"]
    function_words = frozenset(str(data.get("function_words") or "").lower().split())
    minimum = int(data.get("min_content_words") or 1)
    if language != ENGLISH:
        data = data[language]
    alarming = float(data["threshold"]) if threshold is None else threshold
    strength = float(data.get("C", 10.0)) if regularisation is None else regularisation
    if language == ENGLISH:
        return load_detector(knowledge_dir, NLU_DIR, alarming, float(data["emergency_threshold"]), function_words, minimum,
                             regularisation=strength, store=store)
    paths = sorted((knowledge_dir / language).glob("red_flag_examples*.yml")) + sorted(
        knowledge_dir.glob(f"red_flag_examples_*_{language}.yml"))
    return load_detector(knowledge_dir, NLU_DIR / language, alarming, float(data["emergency_threshold"]),
                         function_words, minimum, paths, strength, store)


def detectors_for(knowledge_dir: Path, store: Optional[Path] = STORE) -> dict[str, RedFlagDetector]:
    """One second detector per language that has its own examples (English always); ``store`` keeps them fitted."""
    detectors = {ENGLISH: detector_for(knowledge_dir, store=store)}
    for language in LANGUAGES:
        if list((knowledge_dir / language).glob("red_flag_examples*.yml")):
            detectors[language] = detector_for(knowledge_dir, language=language, store=store)
    return detectors


def meaning_for(knowledge_dir: Path, threshold: Optional[float] = None, store: Path = STORE) -> MeaningDetector:
    """The third reader with the thresholds of triage.yml (``threshold`` overrides the first, for sweeps)."""
    data = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8"))["meaning_detector"]
    return load_meaning_detector(knowledge_dir, NLU_DIR, float(data["threshold"]) if threshold is None else threshold,
                                 float(data["emergency_threshold"]), float(data["C"]), store)


def check_sets(knowledge_dir: Path) -> list[Path]:
    """The triage sets the raise check learns from (triage.yml: raise_check), none when it sets none."""
    data = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8")).get("raise_check")
    if not data:
        return []
    folder = PROJECT / str(data["sets_dir"])
    return [folder / f"{name}.yml" for name in str(data["sets"]).split()]


def check_for(knowledge_dir: Path, store: Optional[Path] = STORE,
              leave_out: Iterable[Path] = ()) -> Optional[RedFlagDetector]:
    """The raise check of triage.yml (``raise_check``), or None when the file sets none.

    The second detector's model, fitted on its bank and on the triage sets listed there: sets whose first
    read is done (tests/triage_eval/README.md), never one still to be read as a test split. ``leave_out``:
    sets not to learn from, so that the check can be scored on them as on messages it never saw.
    """
    data = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8")).get("raise_check")
    if not data:
        return None
    left_out = set(leave_out)
    written = tuple(path for path in check_sets(knowledge_dir) if path not in left_out)
    missing = [path for path in written if not path.is_file()]
    if missing:
        raise ValueError(f"{knowledge_dir / 'triage.yml'}: raise_check lists {', '.join(p.name for p in missing)}, not in "
                         f"{missing[0].parent}. Fix: list only triage sets that exist there.")
    threshold = float(data["threshold"])
    return load_detector(knowledge_dir, NLU_DIR, threshold, threshold, regularisation=float(data.get("C", 10.0)),
                         store=store, written=written, min_df=int(data.get("min_df", 1)))


def load_screen(knowledge_dir: Path, expected_healing_days: Optional[int] = None, nlp: Optional[Language] = None,
                detectors: Optional[dict[str, RedFlagDetector]] = None,
                meaning: Optional[MeaningDetector] = None, check: Optional[RedFlagDetector] = None) -> RedFlagScreen:
    """``detectors``, ``meaning``, ``check``: trained earlier, so a process can train them at start-up, not on a
    patient's message."""
    rules = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8"))
    agree, raise_check = rules.get("readers_agree"), rules.get("raise_check") or {}
    return RedFlagScreen(
        load_triage(knowledge_dir, expected_healing_days, nlp),
        detectors or detectors_for(knowledge_dir),
        load_guesser(knowledge_dir),
        meaning or meaning_for(knowledge_dir),
        (float(agree["second_detector"]), float(agree["meaning_detector"])) if agree else None,
        (agree or {}).get("improving") or (), (agree or {}).get("worsening") or (),
        check or check_for(knowledge_dir),
        float(raise_check["raise_at"]) if "raise_at" in raise_check else None,
    )


def screen_for_clinic(settings: Settings, nlp: Optional[Language] = None,
                      detectors: Optional[dict[str, RedFlagDetector]] = None,
                      meaning: Optional[MeaningDetector] = None,
                      check: Optional[RedFlagDetector] = None) -> RedFlagScreen:
    """The screen for the clinic in ``settings``: its knowledge and its expected healing days."""
    clinic = load_clinic(settings.clinic_file)
    days = (clinic.get("triage") or {}).get("expected_healing_days")
    screen = load_screen(settings.knowledge_dir, days, nlp,
                         detectors or detectors_for(settings.knowledge_dir, settings.cache_dir),
                         meaning or meaning_for(settings.knowledge_dir, store=settings.cache_dir),
                         check or check_for(settings.knowledge_dir, settings.cache_dir))
    with _IN_USE_LOCK:
        _IN_USE[_clinic_key(settings)] = screen
    return screen


_IN_USE: dict[tuple[Path, Path], RedFlagScreen] = {}
_IN_USE_LOCK = threading.Lock()


def _clinic_key(settings: Settings) -> tuple[Path, Path]:
    return settings.knowledge_dir.resolve(), settings.clinic_file.resolve()


def screen_in_use(settings: Settings) -> RedFlagScreen:
    """The screen this process already built for the clinic, else a new one.

    The chat channel's safety net needs a screen only when the action server fails, on a patient's message.
    Loading a second spaCy model and the four readers then took longer than the web app waits for Rasa
    (25 s) on a slow CI machine, and an emergency got "unavailable" (CI, 2026-12-07); the Rasa gate has
    screened that very message already, so its screen is there to take.
    """
    with _IN_USE_LOCK:
        screen = _IN_USE.get(_clinic_key(settings))
    return screen if screen is not None else screen_for_clinic(settings)
