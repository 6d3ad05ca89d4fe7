"""Which signs a message states, and the triage level they make.

Under-triage is the hazard that matters: a missed emergency can harm, an
over-cautious "call us" costs a phone call. So the highest level among the
stated signs wins, and a sign is set aside only when a negation governs that
very sign in the dependency parse ("no fever", "lips aren't swollen") or the
sign is only asked about ("can it cause a fever?", "what if I get a fever?").
A hedge elsewhere in the sentence ("never had this before, my lips are
swelling") governs nothing and cancels nothing.

Phone typos of sign words are read by edit distance (bot.language.typos), a
temperature written as a number counts as fever above the contract's
threshold, and Spanish phrases are matched beside the English ones. The signs
are clinic data in knowledge/triage.yml.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable, Optional

import dateparser
import yaml
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from bot.care.negation import answered_no, kept_sign_denied, negated
from bot.care.sign_context import (FIRST_PERSON, OWN_EXPERIENCE, QUESTIONS_AHEAD, WORD, asking_ahead, general_only,
                                   not_a_sign, only_asked, risk_question, treated_diagnosis)
from bot.care.sign_clause import BODY_NOUNS, said_of_a_thing
from bot.care.sign_history import (appointment_for_another, for_another, history_elsewhere, long_past, never_here,
                                   over_long_ago, recent, story_elsewhere, writer_not_the_one)
from bot.content.contract import ALARMING, TRIAGE_LEVELS
from bot.language.number_words import spelled_numbers
from bot.language.pipeline import model_words
from bot.language.spanish import (date_phrases, day_number, faint_elsewhere, negated_before, not_ours, only_asked_about,
                                  plain)
from bot.language.spanish import long_past as spanish_long_past  # beside sign_history's English long_past
from bot.language.typos import TypoReader

NONE = "none"  # no sign stated: the caller decides whether that is a question or an unplaced symptom
SEVERITY = {NONE: -1, "routine": 0, "urgent": 1, "emergency": 2}
NEAR_GAP = "{0,4}"
SPANISH_NEAR_GAP = "{0,3}"
# Punctuation a near sign may span: a dash or colon joins a field to its value in a pasted
# list ("lower lip - got massive", triage split 14); a comma or full stop ends the thought.
GAP_PUNCTUATION = ["-", "–", "—", ":"]
# "yes. the lips. swelling more" (split 38): a form answered in fragments of a word or three, one sign told
# across them. Only in such a message is a full stop read as a gap: in sentences it ends what a word is said of.
FRAGMENT_ENDS = [".", ";"]
FRAGMENT_WORDS, FRAGMENT_MESSAGE_WORDS = 3, 12
# "my face is very swelled, it goes fast" (split 15): for the signs marked comma_continues in
# knowledge/triage.yml, a comma then a word carrying the same thing on; not for all ("bleeding, it
# had stopped" is not bleeding that won't stop).
CONTINUING = ["it", "its", "it's", "and", "they", "they're", "theyre", "still"]
DAY_NUMBER = re.compile(r"\bday\s*(\d{1,2})\b", re.I)
TODAY_WORDS = ("today", "this morning", "this afternoon", "this evening", "earlier", "tonight", "hoy", "esta manana",
               "esta tarde")
YESTERDAY_WORDS = ("yesterday", "last night", "ayer")
# "my lower lip, which was treated this morning, has become swollen": the two words of a near sign
# as subject and complement of one verb, however far apart.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
COMPLEMENTS = frozenset({"acomp", "attr", "oprd", "xcomp"})
HYPHENATED_ISH = re.compile(r"(?<=[^\W\d_])-ish\b", re.I)
# "grey-blue", "angio-oedema": a hyphen between two words is read as a space, in the phrases and in the
# message alike, so a phrase matches however the compound is written (split 21).
# "can't really catch my breath", "cannot quite swallow" (split 27): the sign phrase holds the negation, not
# the filler; "not really swollen" stays denied without it.
FILLERS = frozenset({"really", "quite", "properly", "fully", "totally", "even", "exactly"})
FILLED_NEGATIONS = frozenset({"n't", "cant", "cannot", "couldnt", "not"})
HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
OWN_BODY_QUESTION_OPENERS = frozenset({"can", "could", "will", "would", "should", "when", "how", "what", "which",
                                       "do", "does", "where", "why"})
# Pain asked about, in a question, before the treatment ("is very painful? I have low tolerance") is the
# question faq/pain answers: nobody has post-treatment pain before being treated. Other
# signs in such a question are still read (issue 11's validation sets).
PAIN_AHEAD = frozenset({"severe_or_worsening_pain"})
# "now yes, I have one on the lip, where was treatment two days ago": a thing the writer has now on the treated
# skin, named only by a pronoun (the sign knowledge/triage.yml marks ``unnamed``).
UNNAMED_NOW = re.compile(
    r"\b(now|today|this morning|tonight)\b[^.?!]{0,30}?\b(i have|i've got|ive got|i got|there is|there's|theres|i see)"
    r" (one|two|some|them|it|a few|another) (on|in|at|near|by) (my |the )?"
    r"(lip|lips|cheek|cheeks|chin|forehead|nose|face|mouth|skin|jaw|neck|temple|scalp)\b"
    r"|\b(i have|i've got|ive got|i got|there is|there's) (one|two|some|them|it|a few|another) (now|today) (on|in|at|near|by) "
    r"(my |the )?(lip|lips|cheek|cheeks|chin|forehead|nose|face|mouth|skin|jaw|neck|temple|scalp)\b", re.I)
TREATED_PLACE = re.compile(r"\bwhere (was |were |the |they |you |i )?(had |did |do )?(the |my )?(treatment|treated|needled|done|it)"
                           r"|\btreated (area|skin|spot|part|zone)|\b(after|since) (the|my) (treatment|session|procedure)\b", re.I)
# Not "just asking" or "just curious": beside a described symptom those are hedges, and a hedge cancels nothing.
FEELING_WORDS = frozenset({"feel", "feels", "feeling", "felt"})
TEMPERATURE = re.compile(
    r"(?<![\w.,@#/+-])(\d{2,3}(?:[.,]\d{1,2})?)\s*(°|º|degrees?|deg|grados?)?\s*(celsius|centigrade|fahrenheit|c|f)?(?![\w@/-])",
    re.I,
)
# The degree and unit after a number written in words ("a hundred and one point five degrees").
UNIT_AFTER = re.compile(r"\s*(°|º|degrees?|deg|grados?)?\s*(celsius|centigrade|fahrenheit|c|f)?(?![\w@/-])", re.I)
TEMPERATURE_WORDS = re.compile(r"\b(temp|temps|temperature|fever|feverish|thermometers?|temperatura|fiebre|grados|degrees|"
                               r"term[oó]metro|calentura)\b", re.I)
# A number said as a reading just taken, with no unit nor word of temperature (split 25's answers to "any fever?").
MEASURED = re.compile(r"\b(on the dot|took it|taken it|checked it|measured( it)?|y pico)\b", re.I)
# A whole message that is only a number, perhaps with "yes" before it or "now" after it: "Yes, thirty-nine."
# (split 30) answers the bot's question about fever, which the screen, reading each message alone, does not see.
REPLY_BEFORE = re.compile(r"^\W*((yes|yeah|yep|yup|ya|yh|si|sí|it'?s|its|it is|it was|was|about|around|roughly|like|still"
                          r"|now|hmm|um|uh|ok)\W*){0,3}$", re.I)
REPLY_AFTER = re.compile(r"^\W*((ish|or so|now|still|this morning|last night|earlier|today|tonight|i think|maybe)\W*){0,2}$",
                         re.I)
RUNNING = re.compile(r"\brunning (a |at |about |around )?$", re.I)
# "its 39 degree in Darwin today haha so hot" (split 30): the weather, not a body.
WEATHER_AFTER = re.compile(r"^\s*(°|º|degrees?|deg|grados?)?\s*(?i:c|f|celsius|fahrenheit)?\s*"
                           # "38 degrees forecast tomorrow and I'm on the bike all day" (split 46), "38 degrees out
                           # here in Mackay today" (split 57)
                           r"(in [A-Z][a-z]+|(?i:outside|out there|out here|in the shade|weather|heat ?wave|forecast"
                           # "It was 108°F up on the roof today" (split 53)
                           r"|(up )?on the roof|(up )?in the (attic|loft)))")
# "aquí en Ticul hace 39 grados" (split 40): Spanish says the weather with "hace".
# "Acá en la bodega estamos a 38 grados a la siesta, un horno" (split 42): the place's heat, not a fever.
PLACE_BEFORE = re.compile(r"\bhace( como| unos| mas de)? $|\b(estamos|estabamos|estaban|estaba) a( unos| como| mas de)? $"
                          r"|\b(kitchen|room|oven|office|house|flat|apartment|shop|bakery|bus|car|weather|forecast|outside|greenhouse"
                          r"|yoga|studio"  # "we teach hot yoga at 40°C" (split 50)
                          r"|factory|warehouse|field|sun|heat|water|pool|sea|sauna|fridge|freezer"
                          # "my okada engine dey overheat, the gauge reach 110 degrees" (split 43)
                          r"|gauge|engine|motor|thermostat"
                          # "Fermenter 4 hit 38 degrees overnight" (split 52)
                          r"|fermenter|fermenters|tank|vat|kiln"
                          # "CAB THERMOMETER SAID 39 TODAY" (split 48): a vehicle's or a room's thermometer
                          r"|(cab|car|truck|van|lorry|bus|cabin|room|oven|fridge|freezer|pool|outdoor|outside) thermometer)\b"
                          r" (is|was|were|'s|feels?|felt|gets?|got|hit|reached|reach|reaches|shows?|showed|reads?|said|says|at)"
                          r"( like| about| around| over| nearly| almost)? $", re.I)
# "Yes. Lips first, now under chin also. Fast." (split 31, a reply to "is the swelling getting bigger?"): a
# swelling told by the places it reaches, one after the other, and how fast; no word of swelling needed.
SPREAD_FAST = re.compile(
    r"\b(?P<first>lips?|tongue|throat|face|eyes?|eyelids?)\b[^.?!]{0,20}\b(first|at first|started|began)\b[^?!]{0,30}"
    r"\bnow\b[^?!]{0,25}\b(chin|neck|throat|cheeks?|face|eyes?|chest|ears?|jaw|tongue|lips?)\b", re.I)
# "since like 10 mins. lips first, now the whole left side of face, e still dey spread" (split 43): minutes, or a
# spread that goes on.
SPEED = re.compile(r"\b(fast|quick|quickly|rapidly|by the minute|every minute)\b"
                   r"|\bsince (like |about |only )?(\d+|a few|few|ten|five|fifteen|twenty|thirty) ?(mins?|minutes)\b"
                   r"|\b(still|keeps?) (dey |is |are )?spread(ing|s)?\b", re.I)
# "the swelling moves from the cheeks to the lips and throat within an hour" (split 47): a swelling said to reach the
# lips, tongue, throat or eyes, however fast.
SWELLING_REACHES = re.compile(
    r"\b(swelling|swollen|swell|swells|swelled|puffiness|puffy)\b[^.?!]{0,20}\b(moves?|moving|moved|spreads?|spreading"
    r"|spread|going|gone|went|goes|travels?|travell?ed|travell?ing|reach(es|ed|ing)?|got|gets|getting|creeping|crept)\b"
    r"[^.?!]{0,30}?\b(to|into|onto|down to|up to) (the |my |her |his |their )?(?P<place>lips?|tongue|throat|eyes?|eyelids?)\b",
    re.I)
SPREAD_SIGNS = {"lip": "lip_tongue_throat_swelling", "lips": "lip_tongue_throat_swelling",
                "tongue": "lip_tongue_throat_swelling", "throat": "lip_tongue_throat_swelling"}
SPREAD_OTHER_SIGN = "face_swelling_fast"  # the face, the eyes
# Expected healing told as having reached a place beyond the treated face: "yes redness. now on neck too. was only
# cheeks" (split 37). Read as the sign spreading, whatever words the spread is told in.
AWAY = r"(neck|chest|ears?|shoulders?|arms?|hands?|back|scalp|body|collarbones?|decolletage|cleavage)"
SPREAD_BY_PLACE = re.compile(
    r"\bnow\b[^.?!]{0,20}\b" + AWAY + r"\b[^.?!]{0,12}\b(too|also|as well)\b"
    r"|\b(was|were) (only|just)\b[^.?!]{0,15}\b(cheeks?|forehead|nose|chin|face|jaw)\b[^?!]{0,40}\bnow\b[^.?!]{0,20}\b" + AWAY
    + r"|\bnow\b[^.?!]{0,20}\b" + AWAY + r"\b[^?!]{0,40}\b(was|were) (only|just)\b", re.I)
SPREAD_BY_PLACE_SIGNS = {"redness": "spreading_hot_redness", "swelling": "getting_worse", "itch": "getting_worse"}
# "pain is like an 8/10": a pain score of 7 or more out of 10 is severe pain.
PAIN_SCORE = re.compile(r"\b(10|[0-9])\s*(?:/|out of|of|de)\s*10\b", re.I)
PAIN_WORDS = re.compile(r"\b(pain|painful|hurts?|hurting|sore|ache|aching|throbbing|dolor|duele)\b", re.I)
# "Pain level: if stubbing your toe is a 2, I'm at a solid 9" (split 15): once the message names a pain
# scale, a bare 7 to 10 said as where one is counts like "9/10"; not a day, a time or a dose.
PAIN_SCALE = re.compile(r"\b(pain (?:level|scale|score)|level of pain|on a scale|scale of|escala)\b", re.I)
PAIN_ON_SCALE = re.compile(
    # "Pain score log: day 1 = 2, ... day 4 = 8" (split 32): a score after "=".
    r"(?:\b(?:at|is|im|i'm|i am|a|an|solid|like|about|around|easily|estoy en|un|una)\s+|\):\s*|^\s*pain\w*\s*:\s*|=\s*)"
    r"(10|[7-9])(?![\d:/°%]|[.,]\d)"
    r"(?!\s*(?:am|pm|days?|hours?|hrs?|h|mins?|minutes?|weeks?|mg|ml|degrees?|dias?|horas?)\b)", re.I)
SEVERE_PAIN_SCORE = 7
PAIN_TRAITS = frozenset({"threshold", "tolerance", "tolerence", "tollerance"})
NOT_TEMPERATURE_AFTER = re.compile(r"^\s*(years?|yrs?|yo|y/o|days?|hours?|hrs?|minutes?|mins?|%|dollars?|\$|sessions?|weeks?|mg|ml"
                                   r"|people|persons|times|euros?|pounds?|quid|bucks|pesos|units)", re.I)


@dataclass(frozen=True)
class Sign:
    key: str
    level: str
    label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    sign: Sign
    text: str
    negated: bool = False
    hypothetical: bool = False
    sentence: str = ""  # the sentence the sign was found in
    history: bool = False  # set aside as long past (long_past)
    named: bool = False  # the words of a sign as a name or made up (not_a_sign)

    @property
    def stated(self) -> bool:
        return not self.negated and not self.hypothetical


@dataclass(frozen=True)
class TriageResult:
    level: str
    signs: list[str] = field(default_factory=list)
    days_since_treatment: Optional[int] = None
    keys: list[str] = field(default_factory=list)
    asked_about: list[str] = field(default_factory=list)  # signs only asked about or denied
    # Every sign found is history long past or another person's story, or denied, or only asked about by a
    # writer asking ahead of any treatment (ASKING_AHEAD), and the message says nothing of now: the detectors,
    # which read the same words without their tense or their question, are not asked (RedFlagScreen).
    nothing_now: bool = False

    @property
    def alarming(self) -> bool:
        return self.level in ALARMING


# The words that deny what follows them in a sign's ``apart`` reading ("it not stop", "won't stop").
APART_NEGATIONS = r"not|no|never|won'?t|wont|doesn'?t|didn'?t|don'?t|can'?t|cannot"
BRUISE_HUES = frozenset({"blue", "bluish", "blueish", "purple", "purplish"})
BRUISE_HUE_REACH = 20  # tokens back: the sentence before, in phone typing
FLAKES = frozenset({"flakes", "flake", "flaky", "flaking"})


def days_since_treatment(text: str, dates: Iterable[str], today: date) -> Optional[int]:
    """'day 4', 'two days ago', 'on Monday' -> whole days; None when not said.

    "worse today, had it done Monday": the treatment is the earliest time
    mentioned, so the largest number of days wins.
    """
    if match := DAY_NUMBER.search(text):
        return int(match.group(1))
    if (spanish_day := day_number(text)) is not None:
        return spanish_day
    dates = [*dates, *date_phrases(text)]
    found = [days for phrase in dates if (days := _days_ago(phrase, today)) is not None]
    return max(found, default=None)


def _days_ago(phrase: str, today: date) -> Optional[int]:
    lowered = phrase.lower()
    if "anteayer" in lowered:  # holds "ayer"
        return 2
    if any(word in lowered for word in TODAY_WORDS):
        return 0
    if any(word in lowered for word in YESTERDAY_WORDS):
        return 1
    cleaned = re.sub(r"^(on|since|last)\s+(?=(mon|tue|wed|thu|fri|sat|sun))", "", lowered)
    parsed = dateparser.parse(
        cleaned,
        languages=["en", "es"],
        settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime.combine(today, time(12))},
    )
    if parsed and parsed.date() <= today:
        return (today - parsed.date()).days
    return None


def _not_a_body(after: str, before: str = "") -> bool:
    """"39 years", "101 people", "39 degree in Darwin": what follows the number says it is no body temperature;
    "the pastry kitchen was like 40 degrees": what comes before it does (split 34)."""
    return bool(NOT_TEMPERATURE_AFTER.match(after) or WEATHER_AFTER.match(after) or PLACE_BEFORE.search(before))


def _said_as_reading(text: str, start: int, end: int) -> bool:
    """The number is the whole reply ("Yes, thirty-nine.", split 30), or follows "running" ("running a hundred and
    one lol", split 31)."""
    return bool(REPLY_BEFORE.match(text[:start]) and REPLY_AFTER.match(text[end:])) or bool(RUNNING.search(text[:start]))


@dataclass(frozen=True)
class TemperatureRule:
    sign: str
    celsius: float
    fahrenheit: float
    # Fever medicines (knowledge/triage.yml): beside one, a number a body can have is a reading
    # ("a hundred and one last night, down to a hundred now after the Tylenol", split 29).
    medicines: frozenset[str] = frozenset()

    def readings(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_fever) for each number the text gives as a body temperature, in digits or in words."""
        found = []
        for match in TEMPERATURE.finditer(text):
            if _not_a_body(text[match.end(1):], text[:match.start()]):
                continue
            digits = match.group(1)
            fever = self._fever(float(digits.replace(",", ".")), "." in digits or "," in digits,
                                match.group(2), (match.group(3) or "").lower(), text,
                                _said_as_reading(text, match.start(), match.end()))
            if fever is not None:
                found.append((match.start(), match.end(), fever))
        # "a hundred and one point five", "treinta y nueve y medio": dictated or written as spoken.
        for number in spelled_numbers(text):
            unit = UNIT_AFTER.match(text[number.end:])
            if unit is None or _not_a_body(text[number.end:], text[:number.start]):
                continue
            fever = self._fever(number.value, number.decimal, unit.group(1), (unit.group(2) or "").lower(), text,
                                _said_as_reading(text, number.start, number.end))
            if fever is not None:
                end = number.end + (unit.end() if unit.group(1) or unit.group(2) else 0)
                found.append((number.start, end, fever))
        return found

    def _fever(self, value: float, decimal: bool, degree: Optional[str], unit: str, text: str,
               reply: bool = False) -> Optional[bool]:
        """Whether a number is a fever; None when it is not a body temperature."""
        # "yes, 100.8 last time I checked": a decimal in a body-temperature range is one.
        # "yeah 38 on the dot, took it twice": a whole number said as a reading taken, in the same range.
        in_range = 37.5 <= value <= 42.5 or 99.5 <= value <= 108
        likely = in_range and (decimal or bool(MEASURED.search(text)) or self._medicine_named(text) or reply)
        if not (degree or unit or likely) and not TEMPERATURE_WORDS.search(text):
            return None
        # Only a value a body can have is a temperature, with or without a unit:
        # "490f" in a reference code or "94c" in a colour code is not a fever.
        if unit in ("c", "celsius", "centigrade", "") and 34 <= value <= 45:
            return value >= self.celsius
        if unit in ("f", "fahrenheit", "") and 93 <= value <= 113:
            return value >= self.fahrenheit
        return None

    def _medicine_named(self, text: str) -> bool:
        return bool(self.medicines.intersection(re.findall(r"[a-záéíóúñ]+", text.lower())))


class Triage:
    """Reads the signs a message states. Built once per process over one spaCy pipeline.

    ``nlp`` is any pipeline of the en_core_web_sm model with its parser loaded
    (enabled or not): Rasa's SpacyNLP keeps the parser disabled, and the
    parse is run here only for messages that name a sign at all.
    """

    def __init__(self, nlp: Language, signs: dict[str, Sign], phrases: dict[str, list[str]],
                 near: dict[str, list[tuple[list[str], list[str]]]], spanish: dict[str, list[str]],
                 temperature: TemperatureRule, expected_healing_days: Optional[int] = None,
                 known_words: Iterable[str] = (), negation_kept: Iterable[str] = (),
                 body_words: Iterable[str] = (), spanish_known: Iterable[str] = (),
                 spanish_exceptions: Iterable[str] = (), sound_alike: Optional[dict[str, str]] = None,
                 not_signs: Iterable[str] = (), history_elsewhere: Iterable[str] = (),
                 comma_continues: Iterable[str] = (), colour_of: Optional[dict[str, list[str]]] = None,
                 unnamed: Optional[str] = None, things: Iterable[str] = (),
                 other_sense: Optional[dict[str, tuple[list[str], list[str]]]] = None,
                 near_gaps: Optional[dict[str, int]] = None,
                 apart: Optional[dict[str, re.Pattern[str]]] = None,
                 spanish_near: Optional[dict[str, list[tuple[list[str], list[str]]]]] = None) -> None:
        """``near``, ``spanish_near``: two word groups per sign, matched within a few words of each other; the
        Spanish ones are not English sign words, so the English typo reader never corrects a word to them."""
        self._nlp = nlp
        self.signs = signs
        self._temperature = temperature
        self._expected_healing_days = expected_healing_days
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._spanish = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._near = Matcher(nlp.vocab)
        self._near_fragments = Matcher(nlp.vocab)  # read across a full stop, in a message of fragments only
        self._not_signs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._not_signs.add("not_sign", [nlp.make_doc(HYPHEN.sub(" ", text)) for text in not_signs])
        self._history_elsewhere = frozenset(history_elsewhere)
        self._colour_of = {key: frozenset(words) for key, words in (colour_of or {}).items()}
        self._unnamed = signs[unnamed] if unnamed else None
        self._things = frozenset(things)
        self._apart = dict(apart or {})
        self._other_sense = {key: (frozenset(words), frozenset(when)) for key, (words, when) in (other_sense or {}).items()}
        vocabulary: set[str] = set()
        for key, texts in phrases.items():
            self._phrases.add(key, [nlp.make_doc(HYPHEN.sub(" ", text)) for text in texts])
            vocabulary.update(word for text in texts for word in text.split())
        spanish_vocabulary: set[str] = set()
        for key, texts in spanish.items():
            self._spanish.add(key, [nlp.make_doc(HYPHEN.sub(" ", text)) for text in texts])
            spanish_vocabulary.update(word for text in texts for word in text.split())
        continuing = frozenset(comma_continues)
        self._near_groups = {key: [(frozenset(first), frozenset(second)) for first, second in pairs]
                             for key, pairs in near.items()}
        readings = [(key, pairs, True) for key, pairs in near.items()]
        readings += [(key, pairs, False) for key, pairs in (spanish_near or {}).items()]
        for key, pairs, english in readings:
            # Spanish pairs a word or three apart: "Boca Chica y un chin hinchada" is a beach, then a swelling.
            wide = (near_gaps or {}).get(key) if english else None
            gap: dict[str, Any] = {"OP": f"{{0,{wide}}}" if wide else NEAR_GAP if english else SPANISH_NEAR_GAP,
                                   "IS_PUNCT": False}
            patterns: list[list[dict[str, Any]]] = []
            for first, second in pairs:
                for a, b in ((first, second), (second, first)):
                    patterns.append([{"LOWER": {"IN": a}}, gap, {"LOWER": {"IN": b}}])
                    patterns.append([{"LOWER": {"IN": a}}, gap, {"ORTH": {"IN": GAP_PUNCTUATION}}, gap,
                                     {"LOWER": {"IN": b}}])
                    if key in continuing:
                        patterns.append([{"LOWER": {"IN": a}}, gap, {"ORTH": ","}, {"LOWER": {"IN": CONTINUING}},
                                         gap, {"LOWER": {"IN": b}}])
            self._near.add(key, patterns)
            words = [word for first, second in pairs for word in first + second]
            if not english:
                spanish_vocabulary.update(words)
                continue
            vocabulary.update(words)
            # The first word ends its fragment and the second opens the next, a word between at most: "lips
            # fine. cheeks swelling" is two things said of two places.
            self._near_fragments.add(key, [[{"LOWER": {"IN": a}}, {"ORTH": {"IN": FRAGMENT_ENDS}},
                                            {"OP": "?", "IS_PUNCT": False}, {"LOWER": {"IN": b}}]
                                           for first, second in pairs for a, b in ((first, second), (second, first))])
        # The model's own words (as shipped, not the StringStore, which learns every typo it
        # has seen) and the article's are real words, never typos.
        # Spanish words the clinic's own Spanish content uses are never typos, even in a message
        # read as English ("el dolor is like 9 de 10": "dolor" is not "color"); a Spanish message
        # is read through the Spanish sign words too.
        unknown = sorted(word for word in (sound_alike or {}).values() if word not in vocabulary)
        if unknown:
            raise ValueError(f"sound_alike reads words as {unknown}, which no sign uses. Fix: map to a sign word.")
        self._typos = TypoReader(vocabulary, [*model_words(), *known_words, *spanish_known], sound_alike)
        self._spanish_typos = TypoReader(vocabulary | spanish_vocabulary,
                                         [*model_words(), *known_words, *spanish_known, *spanish_exceptions],
                                         diminutives=True)
        self.spanish_typo = self._spanish_typos.correct
        self._negation_kept = frozenset(negation_kept)
        self._body_words = frozenset(body_words)
        self._sign_words = self._typos.vocabulary | self._body_words
        # The words a denied list may name ("negative for fever, chills or discharge"): sign words, not body parts.
        self._list_words = frozenset(self._typos.vocabulary - self._body_words)
        self._pain_sign = "severe_or_worsening_pain"

    def classify(self, text: str, today: Optional[date] = None, dates: Optional[tuple[str, ...]] = None,
                 language: str = "en") -> TriageResult:
        """``language``: the message's (bot.language.guess). In a Spanish message the English
        parse means nothing, so every sign found, English words included, is read the Spanish way."""
        if text.startswith("/"):  # a button payload holds no patient words
            return TriageResult(NONE)
        doc = self._read(plain(text), language)
        findings = self._findings(doc)
        if language != "es":
            findings += self._linked(doc, {span.label_ for span, _ in findings})
        if not findings:
            if dates is None and "ner" in self._nlp.component_names:
                dates = tuple(e.text for e in self._nlp.get_pipe("ner")(doc).ents if e.label_ in ("DATE", "TIME"))
            days = days_since_treatment(text, dates or (), today or date.today())
            if self._unnamed is not None and UNNAMED_NOW.search(plain(text)) and (TREATED_PLACE.search(text) or days is not None):
                sign = self._unnamed
                return TriageResult(sign.level, [sign.label], days, keys=[sign.key])
            # No sign word at all, and history long over: the detectors, which read no tense, are not asked.
            return TriageResult(NONE, days_since_treatment=days, nothing_now=over_long_ago(text))
        doc = self._parse(doc)
        kept = findings if language == "es" else [(span, kind) for span, kind in findings
                                                   if not said_of_a_thing(span, self._things)]
        # Every sign said of a thing or an animal ("my goat have fever and pus on leg"): nothing of the writer's
        # now, so the detectors, which read no subject, are not asked either.
        said_of_things, findings = bool(findings) and not kept, kept
        words = set(WORD.findall(doc.text.lower()))
        body = (self._body_words - FEELING_WORDS) & words  # "in case he feels faint" is about him
        self_report = bool(FIRST_PERSON & words) and bool(body or OWN_EXPERIENCE.search(doc.text))
        judged = [self._judge(span, "spanish" if language == "es" else kind, self_report) for span, kind in findings]
        if self.asks_ahead(text):
            judged = [replace(f, hypothetical=True) if f.sign.key in PAIN_AHEAD and "?" in f.sentence else f
                      for f in judged]
        stated = [f for f in judged if f.stated]
        level = max((f.sign.level for f in stated), key=SEVERITY.__getitem__, default=NONE)
        if dates is None:
            dates = tuple(ent.text for ent in doc.ents if ent.label_ in ("DATE", "TIME"))
        days = days_since_treatment(text, dates, today or date.today())
        signs = _unique(f.sign.label for f in sorted(stated, key=lambda f: -SEVERITY[f.sign.level]))
        if (level == "routine" and days is not None and self._expected_healing_days is not None
                and days > self._expected_healing_days):
            level = "urgent"
            signs.append("lasting longer than the clinic expects")
        return TriageResult(
            level, signs, days,
            keys=_unique(f.sign.key for f in stated),
            asked_about=_unique(f.sign.label for f in judged if not f.stated and f.sign.label not in signs),
            nothing_now=said_of_things or (bool(judged) and all(f.named for f in judged)) or (
                not stated and any(f.history for f in judged) and (never_here(text) or appointment_for_another(text)
                                                               or writer_not_the_one(text))) or (
                not stated and not recent(text) and (
                (any(f.history for f in judged) and all(f.history or f.negated for f in judged))
                or over_long_ago(text)
                or ((asking_ahead(text) or general_only(text)) and all(f.hypothetical or f.negated for f in judged)))),
        )

    def asks_ahead(self, text: str) -> bool:
        """A question about the treatment's benefit or pain, from someone who has not had it (QUESTIONS_AHEAD)."""
        readings = ((QUESTIONS_AHEAD["en"], text), (QUESTIONS_AHEAD["es"], plain(text).lower()))
        return any(question.search(read) and not treated.search(read) for (question, treated), read in readings)

    def sign_words(self, text: str) -> list[str]:
        """The words of ``text``, typos read, that a sign phrase or a body part uses ("my", "face", "swollen")."""
        words = WORD.findall(plain(text).lower())
        return [word for word in words if word in self._sign_words or self._typos.correct(word) in self._sign_words]

    def about_own_body(self, text: str, level: str) -> bool:
        """"today my face feels kind of weird": the writer describes their own skin or body now.

        Such a message is a symptom report even when the classifier took it
        for a general question or did not understand it, and a symptom no
        sign matches is never reassured. A question that starts "can / when
        / how ..." is a question, not a report.
        """
        words = WORD.findall(plain(text).lower())
        if not words or words[0] in OWN_BODY_QUESTION_OPENERS or not FIRST_PERSON.intersection(words):
            return False
        return bool(self._body_words.intersection(words)) or level != NONE

    def _read(self, text: str, language: str = "en") -> Doc:
        """The message's tokens, with sign words read through their typos ("grey-ish" as "greyish"), and
        without a filler after a negation ("can't really catch my breath" as "can't catch my breath")."""
        if text.isupper():  # "MY BROTHER PASSED OUT AT HIS TATTOO" (split 34): the parser reads capitals as names
            text = text.lower()
        doc = self._nlp.make_doc(HYPHEN.sub(" ", HYPHENATED_ISH.sub("ish", text)))
        typos = self._spanish_typos if language == "es" else self._typos
        kept = [token for token in doc
                if not (token.lower_ in FILLERS and token.i > 0 and doc[token.i - 1].lower_ in FILLED_NEGATIONS)]
        words = [typos.correct(token.text) for token in kept]
        if words == [token.text for token in doc]:
            return doc
        return Doc(self._nlp.vocab, words=words, spaces=[bool(token.whitespace_) for token in kept])

    def _findings(self, doc: Doc) -> list[tuple[Span, str]]:
        spans: list[tuple[Span, str]] = []
        matchers: list[tuple[Any, str]] = [(self._phrases, "phrase"), (self._near, "near"), (self._spanish, "spanish")]
        if _fragments(doc.text):
            matchers.append((self._near_fragments, "near"))
        for matcher, kind in matchers:
            english = {(s.start, s.end, s.label_) for s, _ in spans}
            # "pus" and "herpes" are Spanish too: the English reading (and its parse) wins.
            spans.extend((Span(doc, start, end, label=key), kind) for key, start, end in matcher(doc)
                         if (start, end, self._nlp.vocab.strings[key]) not in english)
        spans = self._without_false_friends(doc, spans)
        if PAIN_WORDS.search(doc.text):
            for match in PAIN_SCORE.finditer(doc.text):
                span = doc.char_span(match.start(), match.end(), label=self._pain_sign, alignment_mode="expand")
                if span is not None and int(match.group(1)) >= SEVERE_PAIN_SCORE:
                    spans.append((span, "phrase"))
            if PAIN_SCALE.search(doc.text):
                for match in PAIN_ON_SCALE.finditer(doc.text):
                    span = doc.char_span(match.start(1), match.end(1), label=self._pain_sign, alignment_mode="expand")
                    if span is not None:
                        spans.append((span, "phrase"))
        spread = SPREAD_FAST.search(doc.text)
        if spread is not None and SPEED.search(doc.text):
            key = SPREAD_SIGNS.get(spread.group("first").lower(), SPREAD_OTHER_SIGN)
            span = doc.char_span(spread.start("first"), spread.end("first"), label=key, alignment_mode="expand")
            if span is not None:
                spans.append((span, "phrase"))
        # A sign's two words told further apart than its near reading reaches, in one clause (knowledge: ``apart``).
        for key, pattern in self._apart.items():
            for match in pattern.finditer(doc.text):
                span = doc.char_span(match.start(1), match.end(1), label=key, alignment_mode="expand")
                if span is not None:
                    spans.append((span, "phrase"))
        reaches = SWELLING_REACHES.search(doc.text)
        if reaches is not None:
            place = reaches.group("place").lower()
            key = SPREAD_SIGNS.get(place, SPREAD_SIGNS.get(place.rstrip("s"), SPREAD_OTHER_SIGN))
            span = doc.char_span(reaches.start("place"), reaches.end("place"), label=key, alignment_mode="expand")
            if span is not None:
                spans.append((span, "phrase"))
        away = SPREAD_BY_PLACE.search(doc.text)
        if away is not None:
            spans += [(Span(doc, span.start, span.end, label=SPREAD_BY_PLACE_SIGNS[span.label_]), kind)
                      for span, kind in list(spans) if span.label_ in SPREAD_BY_PLACE_SIGNS]
        for start, end, is_fever in self._temperature.readings(doc.text):
            span = doc.char_span(start, end, label=self._temperature.sign, alignment_mode="expand")
            if span is not None and is_fever:
                spans.append((span, "phrase"))
            elif span is not None:
                # A measured normal temperature outweighs the bare word "temperature" next to it.
                spans = [(s, es) for s, es in spans if not (s.label_ == self._temperature.sign and "temp" in s.text.lower())]
        return spans

    def _without_false_friends(self, doc: Doc, spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """"eye shadow", "see a change", "tiger stripes": words of a sign inside a phrase that means something else.

        "my pain threshold is terrible" (issue 11's test7 and test8) is a trait, not pain now.
        """
        covered = [(start, end) for _, start, end in self._not_signs(doc)]
        return [(span, kind) for span, kind in spans
                if not any(start <= span.start and span.end <= end for start, end in covered)
                and not (span.label_ == self._pain_sign and PAIN_TRAITS.intersection(t.lower_ for t in span))
                and not self._colour_of_other(span) and not self._other_sense_of(span)]

    def _other_sense_of(self, span: Span) -> bool:
        """"One of my hives has a foul smell and the brood is sunken" (split 52): a sign word the message's other words
        give another sense (knowledge/triage.yml: a sign's ``other_sense``)."""
        sense = self._other_sense.get(span.label_)
        if sense is None or not all(token.lower_ in sense[0] for token in span):
            return False
        return any(token.lower_ in sense[1] for token in span.doc)

    def _colour_of_other(self, span: Span) -> bool:
        """"a small blue bruise": the sign's colour word belongs to a thing the sign's ``colour_of`` names."""
        words = self._colour_of.get(span.label_)
        if not words:
            return False
        around = span.doc[span.start: min(span.end + 1, len(span.doc))]
        if any(token.lower_ in words for token in around):
            return True
        # "Bruise has come up on my cheek where they injected the PRP. Day 2. Bluish, not really sore." (splits 48,
        # 52, 53): a bare blue or purple told after a bruise is the bruise's colour; grey, white or pale never is.
        before = span.doc[max(0, span.start - BRUISE_HUE_REACH): span.start]
        return (len(span) == 1 and span[0].lower_ in BRUISE_HUES
                and any(token.lower_ in words and token.lower_ not in FLAKES for token in before))

    def _linked(self, doc: Doc, found: set[str]) -> list[tuple[Span, str]]:
        """Near signs whose two words are linked in the parse, not within a few words of each other.

        Parsed only when a message holds a word of each group of a sign not found yet.
        """
        words = {token.lower_ for token in doc}
        # Where a negation is the sign itself ("bleeding won't stop"), "the bleeding stopped" is linked too: skipped.
        candidates = [(key, first, second) for key, groups in self._near_groups.items()
                      if key not in found and key not in self._negation_kept
                      for first, second in groups if words & first and words & second]
        if not candidates:
            return []
        doc = self._parse(doc)
        spans: list[tuple[Span, str]] = []
        for key, first, second in candidates:
            for a in (token for token in doc if token.lower_ in first):
                linked = next((b for b in doc if b.lower_ in second and b.i != a.i and _linked(a, b)), None)
                if linked is not None:
                    spans.append((Span(doc, linked.i, linked.i + 1, label=key), "phrase"))
                    break
        return self._without_false_friends(doc, spans)

    def _parse(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc
        for name in ("tok2vec", "tagger", "attribute_ruler", "parser", "ner"):
            if name in self._nlp.component_names:
                doc = self._nlp.get_pipe(name)(doc)
        return doc

    def _judge(self, span: Span, kind: str, self_report: bool) -> Finding:
        sign = self.signs[span.label_]
        sentence = span.sent.text
        if not_a_sign(span):
            return Finding(sign, span.text, hypothetical=True, sentence=sentence, named=True)
        if treated_diagnosis(span) or (sign.level != "emergency" and risk_question(span)):
            return Finding(sign, span.text, hypothetical=True, sentence=sentence)
        if kind == "spanish":
            history = spanish_long_past(span) or not_ours(span, sign.level == "emergency")
            return Finding(sign, span.text, sentence=sentence, negated=negated_before(span) or answered_no(span),
                           hypothetical=history or only_asked_about(span, sign.level == "emergency")
                           or (sign.key in self._history_elsewhere and faint_elsewhere(span)),
                           history=history)
        inner = kind == "near" and sign.key not in self._negation_kept  # "bleeding is not stopping" is the sign
        if kind == "near" and sign.key in self._negation_kept and kept_sign_denied(span):
            return Finding(sign, span.text, negated=True, sentence=sentence)
        history = long_past(span) or story_elsewhere(span) or for_another(span)
        hypothetical = (history or only_asked(span, sign.level, self_report, sign.key == self._temperature.sign)
                        or (sign.key in self._history_elsewhere and history_elsewhere(span)))
        return Finding(sign, span.text, negated=negated(span, inner, self._list_words), hypothetical=hypothetical,
                       sentence=sentence,
                       history=history)


def _fragments(text: str) -> bool:
    """A message of two or more fragments of at most three words each, split by full stops ("lips. swelling. fast")."""
    parts = [WORD.findall(part.lower()) for part in re.split(r"[.;]+", text)]
    parts = [words for words in parts if words]
    return (len(parts) >= 2 and all(len(words) <= FRAGMENT_WORDS for words in parts)
            and sum(len(words) for words in parts) <= FRAGMENT_MESSAGE_WORDS)


def _linked(a: Any, b: Any) -> bool:
    """One word governs the other, or they are the subject and the complement of one verb."""
    if a.head.i == b.i or b.head.i == a.i:
        return True
    return a.head.i == b.head.i and a.dep_ in SUBJECTS and b.dep_ in COMPLEMENTS


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def load_triage(knowledge_dir: Path, expected_healing_days: Optional[int] = None,
                nlp: Optional[Language] = None) -> Triage:
    if nlp is None:
        from bot.language.pipeline import nlp as default_nlp
        nlp = default_nlp()
    path = knowledge_dir / "triage.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = set(data.get("sources") or {})
    signs: dict[str, Sign] = {}
    phrases: dict[str, list[str]] = {}
    near: dict[str, list[tuple[list[str], list[str]]]] = {}
    spanish_near: dict[str, list[tuple[list[str], list[str]]]] = {}
    spanish: dict[str, list[str]] = {}
    negation_kept: list[str] = []
    for level, body in data["levels"].items():
        if level not in TRIAGE_LEVELS:
            raise ValueError(f"{path}: unknown level '{level}'. Fix: use {', '.join(TRIAGE_LEVELS)}.")
        for entry in body["signs"]:
            key = entry["key"]
            if key in signs:
                raise ValueError(f"{path}: sign '{key}' appears twice. Fix: give each sign its own key.")
            cited = tuple(entry.get("source") or ())
            if not cited or not set(cited) <= sources:
                raise ValueError(f"{path}: sign '{key}' cites {list(cited)}. Fix: cite keys of 'sources'.")
            signs[key] = Sign(key, level, entry["label"], cited)
            phrases[key] = [plain(p.lower()) for p in entry.get("phrases") or ()]
            spanish[key] = [plain(p.lower()) for p in entry.get("es") or ()]
            pairs = [entry["near"]] if entry.get("near") else []
            pairs += list(entry.get("more_near") or ())
            for groups in pairs + list(entry.get("es_near") or ()):
                if len(groups) != 2:
                    raise ValueError(f"{path}: sign '{key}': 'near' takes exactly two word groups.")
                for word in (w for group in groups for w in group):
                    if not isinstance(word, str):
                        raise ValueError(f"{path}: sign '{key}': near word {word!r} is not text. Fix: quote it.")
                    if len(nlp.make_doc(word)) != 1:
                        raise ValueError(f"{path}: sign '{key}': near word '{word}' is several tokens. Fix: use a phrase.")
            if pairs:
                near[key] = [([w.lower() for w in first], [w.lower() for w in second]) for first, second in pairs]
            if entry.get("es_near"):
                spanish_near[key] = [([plain(w.lower()) for w in first], [plain(w.lower()) for w in second])
                                     for first, second in entry["es_near"]]
            if entry.get("negation_is_part"):
                negation_kept.append(key)
    rule = data["temperature"]
    if rule["sign"] not in signs:
        raise ValueError(f"{path}: temperature.sign '{rule['sign']}' is not a sign key.")
    missing = sorted({*SPREAD_SIGNS.values(), SPREAD_OTHER_SIGN, *SPREAD_BY_PLACE_SIGNS, *SPREAD_BY_PLACE_SIGNS.values()}
                     - set(signs))
    if missing:
        raise ValueError(f"{path}: no sign {missing[0]!r}, which a sign told by its places is read as or from "
                         "(bot/care/triage.py, SPREAD_SIGNS, SPREAD_BY_PLACE_SIGNS). Fix: restore the key or change them.")
    temperature = TemperatureRule(rule["sign"], float(rule["celsius"]), float(rule["fahrenheit"]),
                                  frozenset(str(rule.get("medicines") or "").lower().split()))
    article = knowledge_dir / "seed-article.md"
    known = re.findall(r"[a-z]+", article.read_text(encoding="utf-8").lower()) if article.exists() else []
    known += str(data.get("real_words") or "").lower().split()
    body_words = str(data.get("body_words") or "").split()
    # The clinic's own Spanish texts (not the detector's examples, which carry patients' typos),
    # and real Spanish words next to a sign word (knowledge/es/typo_exceptions.yml).
    # spaCy's Spanish stop words too: "pues" is not "puss", "toda" is not "today".
    spanish_known = [word for name in ("faq.yml", "aftercare.yml", "messages.yml", "prescreen.yml", "triage_advice.yml")
                     if (knowledge_dir / "es" / name).exists()
                     for word in re.findall(r"[a-z]+", plain((knowledge_dir / "es" / name).read_text(encoding="utf-8")).lower())]
    spanish_known += sorted(plain(word) for word in SPANISH_STOP_WORDS)
    exceptions = knowledge_dir / "es" / "typo_exceptions.yml"
    listed = (yaml.safe_load(exceptions.read_text(encoding="utf-8")) or {}) if exceptions.exists() else {}
    spanish_exceptions = [*str(listed.get("words") or "").split(), *str(listed.get("by_hand") or "").split()]
    sound_alike = {str(k).lower(): str(v).lower() for k, v in (data.get("sound_alike") or {}).items()}
    not_signs = [plain(str(text).lower()) for text in data.get("not_signs") or ()]
    history_elsewhere = [key for level in data["levels"].values() for entry in level["signs"]
                         if entry.get("history_elsewhere") for key in [entry["key"]]]
    comma_continues = [entry["key"] for level in data["levels"].values() for entry in level["signs"]
                       if entry.get("comma_continues")]
    colour_of = {entry["key"]: [str(word).lower() for word in entry["colour_of"]]
                 for level in data["levels"].values() for entry in level["signs"] if entry.get("colour_of")}
    unnamed = next((entry["key"] for level in data["levels"].values() for entry in level["signs"] if entry.get("unnamed")),
                   None)
    other_sense = {entry["key"]: ([str(w).lower() for w in entry["other_sense"]["words"]],
                                  [str(w).lower() for w in entry["other_sense"]["when"]])
                   for level in data["levels"].values() for entry in level["signs"] if entry.get("other_sense")}
    near_gaps = {entry["key"]: int(entry["near_gap"]) for level in data["levels"].values() for entry in level["signs"]
                 if entry.get("near_gap")}
    apart = {}
    for entry in (entry for level in data["levels"].values() for entry in level["signs"] if entry.get("apart")):
        rule = entry["apart"]
        if not isinstance(rule, dict) or not rule.get("first") or not rule.get("then") or not str(rule.get("within", "")).isdigit():
            raise ValueError(f"{path}: sign '{entry['key']}': 'apart' needs 'first' and 'then' word lists and 'within', "
                             "a number of characters. Fix: see the bleeding sign's.")
        apart[entry["key"]] = _apart_pattern(rule)
    things = str(data.get("things") or "").lower().split()
    # A body word among the things would silence every sign said of it ("my face is swelling").
    bodies = sorted(set(things) & (set(word.lower() for word in body_words) | BODY_NOUNS))
    if bodies:
        raise ValueError(f"{path}: 'things' lists {bodies}, which a patient's body is called. Fix: remove them.")
    return Triage(nlp, signs, phrases, near, spanish, temperature, expected_healing_days, known, negation_kept,
                  body_words, spanish_known, spanish_exceptions, sound_alike, not_signs, history_elsewhere,
                  comma_continues, colour_of, unnamed, things, spanish_near=spanish_near, other_sense=other_sense,
                  near_gaps=near_gaps, apart=apart)


def _apart_pattern(rule: dict[str, Any]) -> re.Pattern[str]:
    """The first words, not followed by a word beginning with one of ``unless`` ("blood thinners"), then a denied
    word of ``then`` within ``within`` characters of the same clause."""
    first = "|".join(re.escape(str(word)) for word in rule["first"])
    unless = "|".join(re.escape(str(word)) for word in rule.get("unless") or ())
    then = "|".join(re.escape(str(word)) for word in rule["then"])
    guard = f"(?! ({unless}))" if unless else ""
    return re.compile(rf"\b({first})\b{guard}[^.?!,;]{{0,{int(rule['within'])}}}?\b({APART_NEGATIONS}) ({then})\b", re.I)


# Advice already written in Spanish and English for an English conversation: not translated.
BILINGUAL_ADVICE = frozenset({"emergency_es", "urgent_es", "urgent_closed_es", "after_hours_line_es",
                              "after_hours_none_es", "other_language"})


def load_advice(knowledge_dir: Path, language: str = "en") -> dict[str, str]:
    """The advice templates of knowledge/triage.yml, by name (one loader for every caller).

    Another language's advice (knowledge/<language>/triage_advice.yml) replaces
    the English one name by name; it must translate every English template but
    the bilingual ones, with the same placeholders, or it is refused here.
    """
    data = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8"))
    advice = dict(data["advice"])
    if language == "en":
        return advice
    path = knowledge_dir / language / "triage_advice.yml"
    translated = dict(yaml.safe_load(path.read_text(encoding="utf-8"))["advice"])
    expected = set(advice) - BILINGUAL_ADVICE
    if set(translated) != expected:
        raise ValueError(f"{path}: advice must translate exactly {sorted(expected)}; "
                         f"missing {sorted(expected - set(translated))}, extra {sorted(set(translated) - expected)}.")
    for name, text in translated.items():
        if _fields(text) != _fields(advice[name]):
            raise ValueError(f"{path}: advice.{name} must use the placeholders of knowledge/triage.yml: "
                             f"{sorted(_fields(advice[name]))}.")
    return {**advice, **translated}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
