"""The red-flag screen on the independent triage sets (tests/triage_eval/README.md).

One hundred and seventeen authors wrote 15,227 English-set messages from the contract's sign
lists and the article alone. Fifty-eight splits were each written as an unseen
test split and read once; their first-read figures are in docs/safety.md. Each
but the eleventh (0 of 170 under-triaged, nothing changed for it) was then used
to improve the rules, and every set is now also training data of the raise
check, which is scored here held out (HeldOutCheck). Every set is read now, and
this test is a regression gate: no alarming message screened lower than its
level, a floor per level and per phrasing kind, and over-escalation of benign
messages near what was measured. The three readers are scored alone too; the
figures go to var/results/red_flags.json.
"""
from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.care.red_flags import CHECK_SIGN, check_for, check_sets, load_screen
from bot.ops.triage_eval import evaluate, read_items

PROJECT = Path(__file__).resolve().parent.parent
SETS = PROJECT / "tests" / "triage_eval"
# The English sets, every one read: the same list the raise check learns from (knowledge/triage.yml).
INDEPENDENT = check_sets(PROJECT / "knowledge")
# The raise check is scored as chosen: six checks, each fitted without one sixth of the splits (split number
# modulo 6; the first validation file is split 0, test_b and test_c split 1), each scoring its own sixth.
FOLDS = 6
# Measured over all 5,347 items after the last change: 8.2 % (151 of 1,850 benign), after split 19's and 20's
# readings of cause questions, plans and stopped bleeds (8.7 % of 1,670 before split 19; split 19 raised 16 of
# 90 at its first read, split 20 11 of 90). With split 21 (first read 24 of 90) and its readings of history long
# past, and the Spanish detector at 0.45: 7.7 % (149 of 1,940). With split 22 (first read 20 of 90): 8.2 % (167 of
# 2,030). 2026-12-06, with split 23 (first read 18 of 90) and the readings of denied lists, questions asked ahead,
# stories from another clinic, thresholds asked and history given as a form answer: 5.9 % (125 of 2,120). With
# split 24 (first read 7 of 90) and its readings of history dated by a year and of questions asked before
# booking: 5.75 % (127 of 2,210). With split 25 (first read 15 of 90) and its readings of things kept away
# ("don't want to pick up an infection") and history said the non-native way: 5.8 % (133 of 2,300). With split 26
# (first read 11 of 90) and its readings of history by school year, signs read about and swelling that cleared:
# 5.7 % (136 of 2,390). With split 27 (first read 16 of 90) and its readings of fillers, denials in Scots, things
# named like signs and history told as over: 5.8 % (144 of 2,480). With split 28 (first read 14 of 90) and its
# readings of carers' reports of now, ages and history told as over in a learner's English: 5.95 % (153 of 2,570).
# With split 29 (first read 21 of 90, the most since split 21) and its readings of history ("before 10 years",
# "last cold sore ... years ago", a blister "which cleared"), hearsay, an idiom and expected healing told as
# getting better: 6.2 % (165 of 2,660; split 29 13 of 90, the 57 earlier sets 152 of 2,570).
# With split 30 (first read 18 of 90) and its readings of replies, blood-draw habits, healed history and
# carers' reports of this clinic: 6.29 % (173 of 2,750; split 30 8 of 90).
# With split 31 (first read 12 of 90) and its readings of spreads told by places, denied worsening ("not
# growing"), things kept away and stories dated by the next sentence: 6.09 % (173 of 2,840; split 31 4 of 90).
# With split 32 (first read 18 of 90; its readings were of its six misses, then of history "all finished now",
# a sign said to be gone, words quoted and a faint at blood donation): 6.31 % (185 of 2,930; split 32 13 of 90).
# With split 33 (first read 25 of 90, the most of any first read) and its readings of sign words said of things
# ("truck engine had a seizure"), hearsay of what creams may cause, history long over and blood dots that
# stopped: 6.42 % (194 of 3,020; split 33 16 of 90). With split 34 (first read 14 of 90, 0 of 170 under) and its
# readings of animals' signs, a kitchen's temperature, questions asked ahead and capitals: 6.37 % (198 of 3,110;
# split 34 4 of 90). With split 35 (first read 16 of 90) and its readings of carers' reports, the clinic's
# discharge, bleeding said to have stopped, people never this clinic's patients and "epileptic" as a trait:
# 6.50 % (208 of 3,200; split 35 11 of 90). With split 36 (first read 12 of 90, 0 of 170 under) and its readings
# of stories from other places and history all fine since: 6.53 % (215 of 3,290; split 36 9 of 90). With split 37
# (first read 11 of 90, ten by the rules) and its readings of other people's illness told to move an appointment,
# things named beside a subject, history healed long ago and "not fever": 6.33 % (214 of 3,380; split 37 1 of 90).
# With split 38 (first read 20 of 90) and its readings of things and animals (a GPU's fan, a game character, a
# barber chair, a dog's lip), history told as healed and procedure questions: 6.37 % (221 of 3,470; split 38 7 of
# 90). With split 39 (first read 23 of 90, the most of any first read; readings of a breath that does not fill,
# names and made-up signs, history never since, and bruises getting smaller): 6.63 % (236 of 3,560; split 39 15 of
# 90, eight of them expected healing raised by the detectors). With split 40 (first read 18 of 90; readings of
# "eers", a stink of the treated skin, Scots history, the past progressive, a shelf, a Spanish faint giving blood
# and "hace 39 grados"): 6.85 % (250 of 3,650; split 40 14 of 90, nine of them by the detectors). With split 41
# (first read 17 of 90; readings of a co-worker's faint of someone "not your patient", song titles, "cricket
# fever", a passport's "seizure", a boat's bilge, Scots "sairer") and the raise check scored held out, which set
# aside 88 of the detectors' false alarms and no alarming message: 4.52 % (169 of 3,740; 257, 6.87 %, without it).
# With split 42 (first read 0 of 170 under, 19 of 90 raised, 18 by the rules; readings of other people's signs
# told to move an appointment or as over, a drama's character, a friend's "i will faint", a bleed that "quit",
# "swollen by my jawline"): 4.49 % (172 of 3,830; split 42 4 of 90). With split 43 (first read 17 of 90, 2 of 170
# under; readings of its two misses, a sauna stove and an engine's gauge): 4.80 % (188 of 3,920; split 43 15 of 90).
# With split 44 (first read 0 of 170 under, 21 of 90 raised; readings of history told as over, "not me, im fine", a
# programme on television, "see change", "a fit of the giggles") and the check raising what it is nearly sure of
# (no benign message raised by it held out): 5.06 % (203 of 4,010; split 44 15 of 90). With splits 45 to 48 (first
# reads 24, 17, 11 and 17 of 90 raised, 0, 0, 2 and 0 of 170 under) and their readings (2026-12-07, sixth session):
# 5.15 % (225 of 4,370), 0 of 8,257 under. With splits 49 and 50 (first reads 7 and 10 of 90 raised, 0 and 1 of 170
# under) and their readings: 5.23 % (238 of 4,550), 0 of 8,597 under. With split 51 (first read 10 of 90 raised, 0
# of 170 under) and its readings (seventh session): 5.15 % (239 of 4,640), 0 of 8,767 under. With splits 52 and 53
# (first reads on one code 19 and 6 of 90 raised, 4 and 1 of 170 under) and their readings: 5.12 % (247 of 4,820), 0
# of 9,107 under. With splits 54 and 55 (first reads on one code 11 and 11 of 90 raised, 1 and 1 of 170 under) and
# their readings: 5.26 % (263 of 5,000), 0 of 9,447 under. With splits 56 to 58 (first reads 8, 9 and 13 of 90 raised,
# 1, 1 and 1 of 170 under) and their readings (eighth session): 5.09 % (268 of 5,270), 0 of 9,957 under.
MAX_OVER_ESCALATION = 0.053
# Per benign kind; the worst, questions about signs, measured 18.8 % (63 of 335) with splits 19 and 20 (21.8 %
# of 284 before them), then 19.1 % (64) once a plan to book stopped setting aside a sign the writer reports
# outside a question ("I want to book my next session but my lips are swelling fast"). A sign asked about in a
# question stays raised when the writer speaks of themself or of a person: doubt goes to the higher level
# (docs/safety.md). With split 21 and history long past read as history: 18.0 % (63 of 350); with split 22: 18.5 %
# (68 of 368). 2026-12-06, after split 23's readings: hypothetical 9.8 % (38 of 389), negated 6.7 % (29 of 435),
# expected healing 6.5 % (60 of 920); with split 24: hypothetical 9.2 % (38 of 413), negated 6.4 % (29 of 454),
# expected healing 6.5 % (62 of 960); with split 25: hypothetical 8.8 % (38 of 430), negated 6.2 % (29 of 471),
# expected healing 6.8 % (68 of 1,004); with split 26: hypothetical 8.6 % (38 of 444), negated 6.1 % (30 of 491),
# expected healing 6.7 % (70 of 1,044); with split 27: hypothetical 8.5 % (39 of 460), negated 6.0 % (31 of 519),
# expected healing 6.7 % (72 of 1,071); with split 28: hypothetical 8.2 % (39 of 474), negated 5.7 % (31 of 542),
# expected healing 6.8 % (76 of 1,111); with split 29: hypothetical 9.1 % (45 of 494), negated 6.0 % (34 of 567),
# expected healing 6.8 % (78 of 1,151); with split 30: hypothetical 9.4 % (48 of 508), negated 5.8 % (35 of 604),
# expected healing 6.8 % (81 of 1,191); with split 31: hypothetical 9.1 % (48 of 525), negated 5.1 % (33 of 643),
# expected healing 6.4 % (79 of 1,232); with split 32: hypothetical 9.5 % (52 of 548), negated 5.3 % (36 of 677),
# expected healing 6.7 % (85 of 1,272); with split 33: hypothetical 9.5 % (53 of 560), negated 6.4 % (39 of 609),
# expected healing 6.5 % (85 of 1,305); with split 34: hypothetical 9.2 % (53 of 575), negated 6.4 % (40 of 624),
# expected healing 6.6 % (89 of 1,345); with split 35: hypothetical 9.0 % (53 of 590), negated 6.9 % (44 of 640),
# expected healing 7.1 % (98 of 1,385); with split 36: hypothetical 8.6 % (52 of 606), negated 6.8 % (45 of 658),
# expected healing 7.2 % (103 of 1,425); with split 37: hypothetical 8.4 % (52 of 620), negated 6.7 % (45 of 672),
# expected healing 7.1 % (104 of 1,465); with split 38: hypothetical 8.2 % (52 of 635), negated 6.7 % (46 of 686),
# expected healing 7.2 % (108 of 1,505); with split 39: hypothetical 8.2 % (53 of 648), negated 6.9 % (48 of 697),
# expected healing 7.4 % (114 of 1,545); with split 40: hypothetical 8.1 % (53 of 658), negated 6.9 % (49 of 707),
# expected healing 7.6 % (121 of 1,585); with split 41 and the held-out raise check: hypothetical 6.9 % (46 of
# 668), negated 3.9 % (34 of 868), expected healing 3.7 % (60 of 1,639); with split 42: hypothetical 6.8 % (46 of
# 677), negated 3.9 % (35 of 897), expected healing 3.6 % (60 of 1,679); with split 43: hypothetical 7.0 % (48 of
# 687), negated 4.1 % (38 of 924), expected healing 3.7 % (64 of 1,719); with split 44 and the check raising:
# hypothetical 7.0 % (49 of 696), negated 4.3 % (40 of 941), expected healing 3.7 % (66 of 1,761); with splits 45 to
# 48: hypothetical 7.0 % (52 of 738), negated 3.7 % (37 of 997), expected healing 3.5 % (64 of 1,828); with splits 49
# and 50: hypothetical 7.2 % (54 of 755), negated 3.6 % (37 of 1,018), expected healing 3.4 % (63 of 1,845); with
# split 51: hypothetical 6.9 % (53 of 763), negated 3.7 % (38 of 1,028), expected healing 3.5 % (64 of 1,855); with
# splits 52 and 53: hypothetical 6.9 % (54 of 786), negated 3.7 % (39 of 1,053), expected healing 3.4 % (64 of 1,875);
# with splits 54 and 55: hypothetical 6.8 % (55 of 803), negated 3.5 % (38 of 1,077), expected healing 3.3 % (62 of
# 1,895); with splits 56 to 58: hypothetical 6.6 % (55 of 834), negated 3.3 % (37 of 1,110), expected healing 3.2 %
# (62 of 1,925).
MAX_OVER_ESCALATION_PER_KIND = 0.075
# The detectors' false alarms the held-out raise check sets aside (HeldOutCheck): 88 of the 3,740 benign
# messages, 2026-12-07; alarming messages set aside: 0 of 7,067. With split 42: 88 of 3,830, 0 of 7,237; with
# split 43: 89 of 3,920, 0 of 7,407; with split 44: 92 of 4,010, 0 of 7,577; with splits 45 to 48: 107 of 4,370, 0
# of 8,257; with splits 49 and 50: 112 of 4,550, 0 of 8,597; with split 51: 116 of 4,640, 0 of 8,767; with splits
# 52 and 53: 127 of 4,820, 0 of 9,107 (the floor 100 -> 115); with splits 54 and 55: 135 of 5,000, 0 of 9,447; with
# splits 56 to 58: 143 of 5,270, 0 of 9,957 (the floor 115 -> 130).
MIN_FALSE_RAISES_SET_ASIDE = 130
# The everyday questions of the NLU evaluation sets (validation data of issue 11): a question screened
# urgent gets triage instead of its answer. Measured 1.9 % (49 of 2,631, test3 and test4 included) after
# questions asked before the treatment stopped counting the detectors' verdicts (Triage.asks_ahead);
# 2.8 % (46 of 1,674) before. 2026-12-06, with test5 and the risk-question reading: 1.7 % (54 of 3,137);
# with test6 and the habit, "not clear what" and risk-list readings: 1.6 % (57 of 3,602); with test7 and split
# 19's and 20's readings: 1.65 % (67 of 4,062); with test8 and test9, after split 21's readings: 1.49 % (70 of
# 4,706); after split 23's readings: 1.44 % (68 of 4,706); after split 25's to 28's: 1.42 % (67 of 4,706);
# after split 30's: 1.40 % (66 of 4,706); with the raise check and split 41's and 42's readings: 1.34 % (63).
# With the check raising on its own (2026-12-07, fifth session): 1.36 % (64; "Are there different kinds of PRP? ...
# now I'm confused", 0.90). After splits 45 to 48's readings: 1.32 % (62); after splits 49 and 50's: 1.34 % (63, the
# check, refitted, raises "Are there different kinds of PRP?" again).
NLU_SETS = [PROJECT / "tests" / "nlu_eval" / f"{name}.yml"
            for name in ("validation", "test", "test2", "old_heldout", "test3", "test4", "test5", "test6", "test7",
                         "test8", "test9")]
MAX_QUESTIONS_RAISED = 0.015


@pytest.fixture(scope="module")
def screen():
    """Built once: training the two detectors and loading the parser take about 20 s."""
    return load_screen(PROJECT / "knowledge")


def split_number(path: Path) -> int:
    if path.stem == "validation":
        return 0
    found = re.match(r"test(\d*)_", path.stem)
    assert found, path
    return int(found.group(1) or 1)


class HeldOutCheck:
    """The raise check as it scores a message of a set it did not learn from (FOLDS)."""

    def __init__(self, screen):
        self.threshold = screen.check.threshold
        self.checks = {}
        self.fold_of = {}
        for fold in range(FOLDS):
            sets = [path for path in INDEPENDENT if split_number(path) % FOLDS == fold]
            self.checks[fold] = check_for(PROJECT / "knowledge", leave_out=sets)
            for item in read_items(sets):
                self.fold_of.setdefault(screen.detector.readable(item.text), fold)

    def alarming_probability(self, text):
        return self.checks[self.fold_of[text]].alarming_probability(text)

    def lean(self, text):
        return self.checks[self.fold_of[text]].lean(text)


@pytest.fixture(scope="module")
def held_out(screen):
    """The screen with the held-out raise check: about a minute and a half to fit its six folds the first time."""
    folded = copy.copy(screen)
    folded.check = HeldOutCheck(screen)
    return folded


@pytest.fixture(scope="module")
def figures(held_out):
    result = evaluate(held_out, read_items(INDEPENDENT))
    results = PROJECT / "var" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "red_flags.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def test_the_sets_are_as_large_as_the_issue_asks():
    # each split after the first validation file is two files, a and b
    for split in (INDEPENDENT[first: first + 2] for first in range(1, len(INDEPENDENT), 2)):
        items = read_items(split)
        alarming = [i for i in items if i.level in ("emergency", "urgent")]
        # Written in Spanish: the kind says so, or the author writes Spanish (a persona named "_es"); split 54 gave
        # half of its 30 Spanish messages another kind (a temperature, a question ahead).
        spanish = [i for i in items if "spanish" in i.kinds or i.persona.endswith("_es")]
        assert len(items) >= 220 and len(alarming) >= 140 and len(items) - len(alarming) >= 80
        assert len(spanish) >= 15


def test_no_alarming_message_is_screened_lower(figures):
    assert figures["under_triaged"] == 0, figures["under"]


def test_every_level_is_caught_whole(figures):
    """A floor per level, so that a small group cannot hide inside the total."""
    for level in ("emergency", "urgent"):
        bucket = figures["per_level"][level]
        assert bucket["right"] == bucket["total"], (level, bucket)


def test_over_escalation_of_benign_messages_stays_near_what_was_measured(figures):
    assert figures["over_escalation_rate"] <= MAX_OVER_ESCALATION, figures["over"]


def test_benign_kinds_are_not_over_escalated_wholesale(figures):
    """Questions about signs and expected healing may not drift into alarms as a group."""
    for kind in ("expected_healing", "hypothetical", "negated"):
        bucket = figures["per_kind"][kind]
        wrong = bucket["total"] - bucket["right"]
        assert wrong / bucket["total"] <= MAX_OVER_ESCALATION_PER_KIND, (kind, bucket)


def test_everyday_questions_are_left_to_the_classifier(screen):
    """Questions about price, hair loss or stretch marks are answered, not triaged ("eye shadow" is makeup)."""
    result = evaluate(screen, read_items(NLU_SETS))
    assert result["benign"] > 1600 and result["alarming"] == 0
    assert result["over_escalation_rate"] <= MAX_QUESTIONS_RAISED, result["over"][:10]


def test_each_reader_catches_what_the_others_miss(figures):
    """Belt and braces: the rules, the second detector, the meaning reader and the raise check (held out) each do
    work of their own."""
    for reader in ("rules", "detector", "meaning", "check"):
        assert figures[f"alarming_caught_only_by_{reader}"] > 0, reader


def test_the_held_out_raise_check_sets_aside_no_alarm_and_many_false_ones(figures):
    """Scored as it was chosen, each message by a check that never learned its split (knowledge/triage.yml:
    raise_check): no alarming message the detectors raised is set aside, and most of their false alarms are."""
    assert figures["raises_set_aside"]["alarming"] == 0, figures["raises_set_aside"]
    assert figures["raises_set_aside"]["benign"] >= MIN_FALSE_RAISES_SET_ASIDE, figures["raises_set_aside"]


def test_the_raise_check_learns_only_from_sets_already_read():
    """A split still to be read as a test must not be learned from: its first read is recorded in the README
    (a row per file) before it joins the list."""
    readme = (SETS / "README.md").read_text(encoding="utf-8")
    assert len(INDEPENDENT) >= 117
    for path in INDEPENDENT:
        assert path.is_file() and f"| `{path.name}` |" in readme, path.name


def test_a_clinics_knowledge_folder_elsewhere_still_finds_the_sets(tmp_path):
    """A clinic's KNOWLEDGE_DIR copied anywhere (the live-chat browser test's, a deploy's): the check's sets are the
    project's. Once resolved beside the knowledge folder, the Rasa server failed to start."""
    knowledge = tmp_path / "clinic" / "knowledge"
    knowledge.mkdir(parents=True)
    (knowledge / "triage.yml").write_text((PROJECT / "knowledge" / "triage.yml").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    assert check_sets(knowledge) == INDEPENDENT and all(path.is_file() for path in check_sets(knowledge))


@pytest.mark.parametrize("text", [
    "the letters on my screen are doubled since this morning",
    "my face smells rank today, like properly bad, day 5",
    "little water balls all over my cheek and some are open and wet",
    "cant get breath, no rash",
])
def test_signs_only_the_detectors_read_stay_raised_with_the_check(screen, text):
    """Messages no sign rule reads (written here, in none of the sets): the detectors' raise is confirmed."""
    result = screen.screen(text)
    assert result.rules_level not in ("emergency", "urgent")
    assert result.alarming and not result.raise_set_aside, result


@pytest.mark.parametrize("text", [
    "day one, my face is red like I fell asleep at the beach and it stings a bit when I wash it, the puffiness is "
    "going down",
    "my skin is very sensitive today when the wind touches it, treatment was yesterday",
])
def test_expected_healing_the_detectors_took_for_an_alarm_keeps_the_rules_level(screen, text):
    """The article's expected healing, told vividly: without the check the two detectors raise it together."""
    unchecked = copy.copy(screen)
    unchecked.check = None
    assert unchecked.screen(text).alarming
    result = screen.screen(text)
    assert result.level == "routine" and result.raise_set_aside, result


class NeverAlarming:
    """A check that confirms nothing: what it may lower shows what any check may lower."""
    threshold = 0.5

    def alarming_probability(self, text):
        return 0.0


def test_the_check_never_lowers_a_sign_the_rules_read(screen):
    strict = copy.copy(screen)
    strict.check = NeverAlarming()
    assert strict.screen("the needle spots on my cheek are oozing yellow gunk today").level == "urgent"
    assert strict.screen("my lips are swelling fast and I can't breathe").level == "emergency"
    assert strict.screen("quiero saber el precio, pero me cuesta respirar desde la sesión").level == "emergency"
    # It is consulted: a raise by the detectors alone is what it sets aside.
    assert strict.screen("the letters on my screen are doubled since this morning").raise_set_aside


class SureAlarm:
    """A check nearly sure of an emergency in every message: where it may raise shows where any check may."""
    threshold = 0.2

    def alarming_probability(self, text):
        return 0.95

    def lean(self, text):
        return "emergency"


def test_a_nearly_sure_check_raises_what_no_other_reader_reads(screen):
    sure = copy.copy(screen)
    sure.check = SureAlarm()
    text = "so I was wondering what time you open on saturday"
    assert not screen.screen(text).alarming
    result = sure.screen(text)
    assert result.level == "emergency" and CHECK_SIGN in result.signs and result.check_level == "emergency"
    # Like the detectors, it raises no question asked before the treatment, and no Spanish message.
    assert not sure.screen("is it gonna hurt more on the upper lip than the forehead?").alarming
    assert not sure.screen("¿a qué hora abren el sábado?").alarming


def test_the_check_alone_reads_a_chest_pain_asked_as_a_question_for_someone(screen):
    """Split 44 (first read): no other reader alone read it as an emergency; the two detectors together did.
    Scored by a check that did not learn split 44, as at its first read."""
    text = ("If somebody chest was hurting after microneedling, what dem should do? Asking fi me, cause mine been "
            "hurting from this morning an it going down mi left arm")
    unseen = copy.copy(screen)
    unseen.check = check_for(PROJECT / "knowledge", leave_out=[SETS / "test44_a.yml", SETS / "test44_b.yml"])
    result = unseen.screen(text)
    assert result.check_level == "emergency" and result.level == "emergency", result
    assert result.rules_level == "none" and result.detector_level is None and result.meaning_level is None


@pytest.mark.parametrize("split, personas", [
    ("test6", {"metaphor", "night_panic", "minimiser", "voice", "chatty", "teen_parent", "esl", "spanish"}),
    ("test7", {"autocorrect", "emoji_teen", "care_assistant", "buried", "sensations", "timeline", "stoic_elder",
               "skincare_fan", "esl", "spanish"}),
    ("test8", {"abbrev_medic", "caps_shouter", "dyslexic", "gen_z", "literal_translator", "regional_idiom",
               "sarcastic_minimiser", "spanish", "third_person", "what_i_cannot_do", "worried_well_then_real"}),
    ("test9", {"bodybuilder", "esl_learner", "grandparent_texting", "hypochondriac_cries_wolf", "indian_english",
               "lawyer_precise", "mid_conversation", "nurse_colleague", "poet", "shift_worker_typos", "spanish"}),
    ("test10", {"gamer", "farmer", "teacher_grammar", "esl_beginner", "anxious_rambler", "minimal_words", "med_student",
                "busy_mum", "older_man_stoic", "caregiver_night", "spanish"}),
    ("test11", {"angry_customer", "beauty_influencer", "formal_clauses", "non_native_german_french_japanese",
                "pidgin_english", "retired_engineer", "self_doubter", "spanish", "storyteller", "teen_with_parent",
                "texting_abbrev"}),
    ("test12", {"athlete", "chef", "copy_paste_form", "deaf_or_hoh_writer", "emoji_heavy", "musician",
                "non_native_arabic_hindi_chinese", "office_worker_typos", "spanish", "vague_worrier", "worried_partner"}),
    ("test13", {"br_portuguese", "gamer", "malay", "polish", "side_remark", "spanglish_tx", "spanish_ar", "spanish_es",
                "spanish_mx", "spanish_pr", "tamil", "teacher", "third_person", "timeline", "yoruba", "bathroom_floor",
                "builder", "es_chile", "es_colombia", "es_cuba", "es_madrid", "es_new_mexico", "es_venezuela",
                "l1_cantonese", "l1_igbo", "l1_italian", "l1_japanese", "l1_ukrainian", "pseudo_medical",
                "refund_complaint", "toddler_mum"}),
    ("test14", {"autocorrect", "bengali_english", "bot_reply", "brazilian_portuguese_english", "finnish_english",
                "grandfather", "greek_english", "hairdresser", "hausa_english", "indonesian_english", "lowercase_emoji",
                "new_mother", "night_panic", "notes_list", "retired_nurse", "sibling", "software_developer",
                "spanglish_florida", "spanish_andalusia", "spanish_argentina", "spanish_colombia_paisa",
                "spanish_guatemala", "spanish_madrid", "spanish_mexico_norteno", "spanish_ny_spanglish", "spanish_peru",
                "spanish_puerto_rico", "swedish_english", "thai_english", "triathlete", "truck_driver", "urdu_english",
                "yoga_instructor", "zulu_english"}),
    ("test15", {"am_english", "comedian", "courier_voice", "er_nurse_sister", "es_bolivia", "es_cuba", "es_do", "es_ec",
                "es_galicia", "es_honduras", "es_texas", "es_uy", "es_valencia", "form_answerer", "gym_emoji",
                "he_english", "hu_english", "ko_english", "ne_english", "night_guard", "nl_english", "numbered_lister",
                "pensioner_voice", "ro_english", "salon_receptionist", "scots_gran", "so_english", "spanglish_ca",
                "teacher_formal", "tl_english", "twin_mom", "vi_english"}),
    ("test16", {"army", "cantonese", "colour_texture", "czech_en", "dyslexia", "es_asturias", "es_az", "es_cdmx", "es_cl",
                "es_murcia", "es_nyc", "es_paraguay", "es_peru", "es_pr", "es_venezuela", "farmer", "form_reply", "igbo",
                "japanese_en", "lecturer", "malay_en", "multi_q", "newage", "nurse_mum", "persian_en", "plumber",
                "polish", "punjabi", "son_abroad", "swahili_en", "teen", "turkish"}),
    ("test17", {"angola_pt_en", "arabic_en", "bengali_en", "booking_ps", "bride", "es_argentina", "es_bolivia",
                "es_canarias", "es_chicago_spanglish", "es_costarica", "es_extremadura", "es_florida", "es_nicaragua",
                "es_panama", "es_salvador", "finnish_en", "gamer_streamer", "grandma_one_finger", "greek_en",
                "hindi_en", "minimiser_lol", "pharm_assistant", "quote_bot", "second_person", "serbian_en",
                "sports_man", "taxi_driver", "thai_en", "timeline_dashes", "vietnamese_en", "worried_husband",
                "yoruba_en"}),
    ("test18", {"askbot", "bookkeeper", "es_and", "es_cali", "es_cuba", "es_ec", "es_guatemala", "es_la", "es_navarra",
                "es_oaxaca", "es_pr", "es_texas", "estonian_l1", "fashion_student", "fisherman", "haitian_l1",
                "health_app", "influencer", "it_en", "ko_en", "kurdish_l1", "mandarin_l1", "mother19", "porter",
                "prescreen_reply", "retired_judge", "sw_en", "swapper", "tamil_l1", "teen", "uk_en", "ur_en"}),
    ("test19", {"afrikaans_en", "burmese_en", "checkbox_reply", "college_athlete", "es_barcelona", "es_houston",
                "es_lima", "es_medellin", "es_new_jersey", "es_puebla", "es_rosario", "es_sevilla", "es_tegucigalpa",
                "es_yucatan", "florist", "georgian_en", "grandma_dictation", "icelandic_en", "khmer_en", "lifeguard",
                "lithuanian_en", "mongolian_en", "night_care_aide", "pashto_en", "polite_british_understater",
                "retired_pilot", "sinhala_en", "slovak_en", "symptom_checker_paste", "voice_memo"}),
    ("test20", {"armenian_en", "barista", "bulgarian_en", "croatian_en", "es_barranquilla", "es_bronx", "es_cartagena",
                "es_chihuahua", "es_cordoba_ar", "es_guadalajara", "es_managua", "es_salamanca", "es_valparaiso",
                "es_zaragoza", "gujarati_en", "husband_for_wife", "insurance_agent", "lao_en", "maltese_en",
                "nervous_first_timer", "one_word_lines", "paralegal_numbered", "priest", "ps_overexplainer", "rancher",
                "sarcastic_joker", "sister_writing_for_her", "tajik_en", "telugu_en", "tigrinya_en", "wolof_en",
                "yoga_no_caps"}),
    ("test23", {"belarusian_english", "cebuano_english", "chef", "cosmetology_student", "courier_voice", "cusco_spanish",
                "farmers_wife", "granada_spanish", "husband_for_wife", "insomniac_4am", "kazakh_english",
                "kinyarwanda_english", "latvian_english", "librarian", "malayalam_english", "medical_scribe",
                "mendoza_spanish", "mother_for_son", "realtor_multitasking", "retired_soldier", "san_diego_spanglish",
                "sicilian_english", "sindhi_english", "slovenian_english", "spanish_arequipa", "spanish_bilbao",
                "spanish_dallas", "spanish_puebla", "spanish_rosario", "tijuana_spanish", "twi_english", "worrier"}),
    ("test24", {"accountant_terse", "anxious_first_timer", "bus_driver_break", "crossfit_coach", "esports_teen_slang",
                "ferry_deckhand", "grandmother_tablet", "greek_english", "hausa_english", "lorry_driver_voice_to_text",
                "night_nurse_off_duty", "pharmacist_precise", "poet_lowercase", "polish_english", "portuguese_english",
                "romanian_english", "spanish_caracas", "spanish_cordoba_ar", "spanish_guadalajara", "spanish_la_paz",
                "spanish_montevideo", "spanish_quito", "spanish_san_juan_pr", "spanish_santiago_chile",
                "spanish_sevilla", "spanish_valencia", "swahili_english", "tagalog_english", "teen_daughter_for_mum",
                "turkish_english", "urdu_english", "vietnamese_english", "wedding_planner_rushed"}),
    ("test25", {"amharic_english", "bengali_english", "church_secretary_formal", "dj_after_gig", "farsi_english",
                "french_english", "gardener_plant_metaphors", "indonesian_english", "italian_english", "korean_english",
                "lighthouse_keeper", "marathon_runner_stats", "museum_guide_wordy", "nail_tech_between_clients",
                "new_dad_sleepless", "nigerian_pidgin_english", "retired_headmistress", "scaffolder_blunt",
                "single_mum_on_bus", "spanish_asuncion", "spanish_bogota", "spanish_cusco", "spanish_el_paso",
                "spanish_malaga", "spanish_managua", "spanish_miami", "spanish_santo_domingo", "spanish_tucuman",
                "spanish_zaragoza", "stand_up_comic_deadpan", "tattoo_artist", "thai_english", "ukrainian_english",
                "veterinary_nurse"}),
    ("test26", {"abuelo_cuenca", "albanian_waiter_en", "aussie_surf_coach", "bakery_owner_4am", "brooklyn_bartender",
                "camba_santa_cruz", "cork_nana", "danish_architect_en", "fiance_texting_for_her", "grad_ta_overthinker",
                "jurgen_german_tram", "kiwi_shearer", "manchester_night_baker", "marathi_engineer_en",
                "mecanico_barquisimeto", "mecanico_maracaibo", "morra_culiacan", "ohio_retired_firefighter",
                "olga_russian_chemist", "priya_marathi_dev", "profe_culiacan", "profe_valladolid", "prom_senior_slang",
                "recepcionista_valladolid", "repostera_salta", "russian_pianist_en", "ruth_luganda_carer",
                "southern_church_lady", "startup_founder_slack", "universitaria_pereira", "uzbek_courier_en",
                "wei_mandarin_phd", "yorkshire_postie"}),
    ("test27", {"admissions_officer_formal", "aussie_wedding_photog", "berlin_physio_en", "brisbane_tradie",
                "cairo_engineer_en", "choir_director_asthma", "commuter_dictation_boston", "docente_portena",
                "dog_groomer_midwest", "dublin_student_slang", "enfermera_jubilada_cadiz", "es_almeria_agricultora",
                "es_guanajuato_tendera", "es_neuquen_enfermero", "es_santa_marta_costeno", "es_santiago_rd_barbero",
                "estilista_cdmx", "ewe_ghana_en", "feriante_santiago", "glasgow_bus_mechanic", "glasgow_call_centre",
                "hanoi_nail_salon_en", "kyrgyz_cook_en", "minnesota_understater", "norwegian_dentist_en",
                "paramedic_off_duty_leeds", "quebecois_en", "retired_postmaster_florida", "runon_mom_eczema",
                "sao_paulo_dancer_en", "seoul_grad_student_en", "soccer_coach_dad", "taiwanese_student_en",
                "tia_bayamon"}),
    ("test28", {"abuela_chiloe", "abuela_merida_yucatan", "adolescente_cali", "ankara_student_en",
                "appalachian_mamaw", "baby_talk_daycare_worker", "contadora_montevideo", "da_nang_cook_en",
                "dari_son_for_mother", "embarrassed_deacon", "estudiante_la_plata", "geordie_barmaid",
                "haifa_chemist_en", "hmong_granddaughter", "hockey_mum_ottawa", "lisbon_tram_driver_en",
                "madre_zaragoza", "midnight_helpline_quoter", "minute_by_minute_retiree", "nepali_translate_app",
                "osaka_retiree_en", "panadero_valparaiso", "phonetic_speller_roofer",
                "polite_rushed_flight_attendant", "retired_bank_manager_formal", "samoan_auntie_en",
                "self_correcting_barber", "skater_teen_jayden", "tatar_app_literal", "taxista_san_pedro_sula",
                "tendero_pasto", "vendedora_leon_gto", "vet_tech_bulletpoints", "winnipeg_hockey_mom"}),
    ("test29", {"azeri_carpet_restorer_en", "basque_l1_pelota_coach", "cafetero_manizales", "cajun_crawfish_boiler",
                "cajun_crawfish_caterer", "ceuta_funcionario_aduanas", "costurera_trujillo", "faroese_salmon_farmer",
                "hawaiian_pidgin_canoe_builder", "hilo_pidgin_orchid_grower", "llandudno_bnb_landlady",
                "luxembourgish_l1_bank_clerk", "macedonian_beekeeper_en", "malabo_locutora_radio",
                "malagasy_l1_sommelier", "malagasy_vanilla_exporter_en", "malawian_tea_estate_clerk",
                "maori_l1_kapa_haka_tutor", "newfoundland_crab_plant_worker", "orfebre_toledo",
                "papiamento_l1_dive_instructor", "profesora_malabo", "quibdo_profesora_danza",
                "shona_primary_teacher_harare", "singapore_hawker_uncle", "tongan_rugby_mum", "trini_steelpan_tuner",
                "ushuaia_guia_glaciar", "uyghur_l1_noodle_chef", "viverista_mar_del_plata", "welsh_l1_harpist",
                "williamsburg_sheitel_stylist", "zacatecas_minero_jubilado"}),
    ("test30", {"almacenero_salto", "assamese_home_care_aide_en", "assyrian_jeweller_en", "balochi_art_student_en",
                "bananero_changuinola", "basotho_retired_miner_en", "bemba_office_clerk_en", "bhojpuri_tile_setter_en",
                "bosnian_port_crane_operator_en", "chuvash_railway_dispatcher_en", "cuidadora_torreon",
                "dhivehi_seaplane_dockhand_en", "estudiante_riobamba", "gagauz_tractor_driver_en", "ganadera_cantabria",
                "ilocano_bakeshop_owner_en", "javanese_batik_artist_en", "jubilada_camaguey",
                "kannada_metro_signaller_en", "karakalpak_cotton_farmer_en", "konkani_boat_mechanic_en",
                "krio_market_trader_en", "lingala_woodcarver_en", "luri_retired_schoolmaster_en",
                "odia_hospice_volunteer_en", "oficinista_temuco", "oromo_accounting_student_en", "podador_rioja",
                "recolectora_cafe_tarrazu", "rusyn_pipeline_welder_en", "sgaw_karen_data_clerk_en",
                "tejedora_huancayo", "tetum_timor_student_en", "turkmen_shepherd_en"}),
    ("test31", {"arbitra_futbol_villahermosa", "aromanian_tram_conductor_en", "arpero_luque",
                "avar_ski_lift_operator_en", "aymara_alpaca_knitter_en", "bambara_stadium_steward_en",
                "bizcochera_cayambe", "bombero_soria", "camarera_piso_ibiza", "chamorro_woodcarver_dad_en",
                "crupier_las_vegas", "fijian_kava_stall_mum_en", "fon_parcel_sorter_en", "fula_hotel_breakfast_chef_en",
                "gorani_hotel_doorman_en", "guardaparques_chiapas", "hakka_tea_shop_owner_en",
                "latgalian_basketball_scorekeeper_en", "lezgian_school_canteen_cook_en",
                "mapuche_silversmith_grandma_en", "mascarera_loiza", "meankieli_boatbuilder_grandpa_en",
                "montenegrin_water_polo_coach_en", "okinawan_sanshin_grandpa_en", "ossetian_wrestling_referee_en",
                "quechua_charango_maker_en", "sami_duodji_maker_mum_en", "samogitian_ferry_bartender_en",
                "shanghainese_tailor_grandma_en", "tamborero_cienaga", "tok_pisin_bilum_seller_en", "vinatera_tarija",
                "voro_spa_hotel_housekeeper_en", "wayuu_mochila_weaver_mum_en"}),
    ("test32", {"afar_convoy_dispatcher_en", "bernese_radio_dj_en", "biologa_marina_bluefields",
                "bislama_choir_leader_en", "cajera_banco_la_ceiba", "catequista_humahuaca",
                "cham_preschool_teacher_en", "chofer_guagua_escolar_moca", "comorian_coast_guard_en",
                "darija_customs_broker_en", "dzongkha_bank_auditor_en", "emirati_quran_teacher_en",
                "estibador_mazatlan", "gurung_gurkha_sergeant_en", "hadrami_mosque_caretaker_en",
                "harari_court_clerk_en", "isan_village_health_volunteer_en", "kabyle_geologist_en",
                "kashubian_dental_receptionist_en", "kiribati_school_librarian_en", "ladakhi_glaciologist_en",
                "locutor_tacuarembo", "maestra_rural_tachira", "mauritian_kreol_fund_analyst_en",
                "mehri_pharmacy_tech_en", "niuean_community_radio_host_en", "notaria_lleida",
                "quimica_minera_calama", "sacristana_queretaro", "seselwa_reefer_tally_clerk_en",
                "shan_temple_caretaker_en", "sidama_soil_chemist_en", "sorbian_sign_interpreter_en",
                "tunisian_actuary_en"}),
    ("test33", {"abkhaz_container_terminal_planner_en", "antiguan_sound_engineer", "ayudante_bus_juliaca",
                "bajan_luthier_formal", "belizean_kriol_basket_weaver", "bomba_bailadora_mayaguez",
                "boricua_cuatrista_ponce", "camionera_desaguadero", "chechen_freight_train_driver_en",
                "cubana_bailarina_holguin", "cubano_luthier_guantanamo", "dargin_caspian_tanker_cook_en",
                "despachadora_terminal_latacunga", "dominicano_tramoyista_la_romana",
                "dungan_dry_port_customs_clerk_en", "grenadian_marionette_maker", "guardafrenos_tren_uyuni",
                "guyanese_tassa_drummer_rambler", "jamaican_patois_lighting_tech", "kabardian_sleeper_car_attendant_en",
                "karachay_track_inspector_en", "kumyk_makhachkala_stevedore_en", "maquinista_ferrocarril_oruro",
                "marshallese_ukulele_maker", "mingrelian_poti_port_pilot_en", "nogai_steppe_coach_driver_en",
                "palauan_stage_rigger_terse", "pohnpeian_set_carpenter", "rarotongan_ura_dancer",
                "shughni_pamir_highway_trucker_en", "svan_mountain_rail_lineman_en", "talysh_lankaran_ferry_purser_en",
                "tuvaluan_pandanus_mat_weaver", "vincentian_mas_costume_maker"}),
    ("test34", {"balinese_pool_attendant_en", "battambang_banquet_server_en", "betawi_minibar_checker_en",
                "bozo_net_mender_mopti_en", "camarista_los_cabos", "cocinero_comayagua", "colono_soja_itapua",
                "dagomba_yam_farmer_slang_en", "dioula_cocoa_planter_voice_en", "dogon_shallot_terrace_farmer_en",
                "kachin_night_auditor_en", "kanuri_lake_chad_fish_smoker_en", "khmu_dishwasher_en",
                "kusaal_tree_nursery_worker_en", "lavandera_huehuetenango", "lavaplatos_saltillo",
                "madurese_office_cleaner_en", "mandinka_cashew_orchard_hand_en", "mesera_hermosillo",
                "minangkabau_line_cook_en", "mon_room_attendant_en", "mossi_shea_nut_picker_en",
                "motosierrista_rivera_uy", "pakse_pastry_cook_en", "pao_housekeeping_supervisor_en",
                "rakhine_kitchen_steward_en", "redero_delta_tigre", "serer_saloum_oyster_gatherer_en",
                "songhai_rice_grower_gao_en", "soninke_gum_arabic_tapper_en", "sundanese_laundry_folder_en",
                "tamasheq_goat_herder_en", "tambera_florida_uy", "yerbatera_misiones"}),
    ("test35", {"bitola_power_plant_operator_en", "bor_copper_miner_husband_en", "cajera_super_jerez",
                "jaffna_tamil_call_centre_agent_en", "janakpur_maithili_warehouse_picker_en",
                "kandy_sinhala_petrol_cashier_en", "kaunas_tower_crane_operator_en", "kosice_steelworks_electrician_en",
                "kosovo_lignite_miner_en", "kryvyi_rih_ore_miner_en", "larkana_sindhi_grocery_cashier_en",
                "liepaja_offshore_wind_tech_en", "liniero_epm_envigado", "lviv_solar_farm_installer_en",
                "mangalore_tulu_phone_kiosk_husband_en", "multan_saraiki_bike_courier_en", "narva_oil_shale_miner_en",
                "operador_pala_antofagasta", "perforista_rancagua_teniente", "pernik_coal_electrician_en",
                "peshawar_pashto_parcel_van_driver_en", "ploiesti_refinery_rigger_en", "pokhara_nepali_food_rider_en",
                "pune_marathi_rideshare_driver_en", "repartidor_moto_vigo", "repartidora_spanglish_atlanta",
                "reponedora_super_huelva", "srinagar_kashmiri_night_support_agent_en",
                "surat_gujarati_jewellery_shop_clerk_en", "sylheti_takeaway_courier_en", "tecnica_eolica_uribia",
                "teleoperadora_la_laguna", "topografa_carbon_cesar", "tuzla_salt_mine_foreman_en"}),
    ("test36", {"archivista_contraloria_penonome", "asmara_customs_officer_husband_en",
                "bahir_dar_geography_teacher_en", "beersheba_kindergarten_teacher_en", "bibliotecaria_maracay",
                "busan_taekwondo_master_formal", "chengdu_pingpong_coach_terse", "erdenet_archery_coach_en",
                "escribiente_registro_civil_cumana", "guangzhou_swim_coach_fasttypo", "haiphong_muaythai_trainer_en",
                "harbin_figure_skating_coach_en", "hargeisa_school_inspector_en", "hue_hiphop_dance_teacher_slang",
                "incheon_pilates_owner_husband", "irbid_maths_teacher_en", "jijiga_primary_headteacher_en",
                "kowloon_dragon_boat_steersman_rambler", "kumamoto_kendo_sensei_longwinded",
                "maestra_preescolar_david_chiriqui", "mekelle_land_registry_officer_en",
                "muscat_ministry_translator_en", "nablus_arabic_lit_teacher_en", "preparador_fisico_machala",
                "profe_marinera_chiclayo", "profe_taquirari_trinidad", "profesor_quimica_santiago_veraguas",
                "sapporo_ski_jump_coach_en", "sharjah_municipal_archivist_en", "sulaymaniyah_passport_office_clerk_en",
                "surfista_huanchaco", "tabriz_university_librarian_en", "tainan_hokkien_zumba_auntie_en",
                "voleibolista_manta"}),
    ("test37", {"abuela_costurera_choluteca", "abuela_tejedora_solola", "abuelo_cafetalero_santa_ana_sv",
                "beira_portuguese_moto_courier_for_wife_en", "bellville_afrikaans_uber_driver_en",
                "chitungwiza_shona_kombi_conductor_en", "conductora_tussam_sevilla", "cuidadora_nuera_usulutan",
                "diyarbakir_son_carer_for_mother_en", "duhok_retired_tailor_en",
                "durban_zulu_minibus_taxi_driver_en", "gaborone_setswana_combi_driver_en",
                "gqeberha_xhosa_bus_driver_en", "guaguero_las_palmas", "harare_shona_pizza_rider_en",
                "heraklion_retired_olive_presser_en", "izmir_retired_ferry_captain_en", "jubilado_maestro_escuintla",
                "konya_anneanne_carer_en", "kutaisi_retired_choir_teacher_en",
                "luanda_portuguese_candongueiro_driver_en", "maputo_portuguese_chapa_driver_en",
                "maseru_sesotho_taxi_rank_marshal_en", "odesa_tram_conductor_babusia_en",
                "poltava_retired_beekeeper_en", "repartidor_bici_malaga_por_su_madre",
                "repartidora_moto_santa_cruz_tf", "rustavi_grandpa_chess_en", "samara_retired_bookkeeper_en",
                "soweto_sesotho_scooter_rider_en", "taxista_cadiz_puerto", "thessaloniki_yiayia_en",
                "xhosa_daughter_for_taxi_owner_dad_en", "yaroslavl_babushka_carer_en"}),
    ("test38", {"aachen_med_student_brother_en", "abidjan_nail_tech_nouchi_en", "bamako_lash_tech_en",
                "barbera_laredo_pocha", "barbero_tepito", "bergen_esports_jungler_en",
                "cap_haitien_salon_owner_mom_en", "casablanca_hammam_esthetician_en", "colorista_coyoacan",
                "cosmetologa_el_paso_spanglish", "dakar_braider_wolof_en", "douala_barber_camfranglais_en",
                "estudiante_udelar_paysandu", "gamer_jopara_asuncion", "ghent_fgc_player_en",
                "groningen_law_student_en", "hermano_por_su_hermana_ciudad_del_este", "kinshasa_wig_stylist_en",
                "leipzig_vtuber_en", "libreville_makeup_artist_en", "lome_pedicurist_en", "malmo_cs_student_en",
                "manicurista_iztapalapa", "oran_barber_rai_fan_en", "oulu_physics_student_en",
                "port_au_prince_barber_kreyol_en", "reykjavik_chess_streamer_en", "streamer_pocitos_montevideo",
                "tampere_speedrunner_en", "trondheim_engineering_student_en", "tunis_brow_threader_en",
                "universitaria_encarnacion_jopara", "uppsala_twitch_streamer_en", "utrecht_minecraft_streamer_en"}),
    ("test39", {"actriz_teatro_leon_nic", "bailarina_folclorica_guanacaste", "belo_horizonte_mural_painter_en",
                "bologna_fresco_restorer_en", "brno_jazz_singer_en", "caloocan_tagalog_hospital_orderly_en",
                "cantautor_san_jose_cr", "celador_noche_gijon", "cluj_cimbalom_player_en",
                "faleolo_samoan_airport_cleaner_en", "gdansk_session_drummer_en", "iasi_theatre_actress_en",
                "klang_tamil_mall_guard_en", "krakow_puppet_theatre_actor_en", "kuantan_malay_roti_baker_en",
                "limpiadora_noche_sabadell", "logan_tongan_rest_home_cleaner_en",
                "mandaue_cebuano_pandesal_baker_en", "marimbero_masaya", "nadi_fiji_hindi_resort_guard_en",
                "napoli_opera_tenor_en", "nukualofa_tongan_night_baker_en", "ostrava_scenic_painter_en",
                "otara_samoan_forklift_son_en", "panadera_madrugada_ourense", "pasig_tagalog_bpo_janitor_en",
                "pecs_watercolour_painter_en", "pintora_primitivista_solentiname", "recife_forro_accordionist_en",
                "segurata_nocturno_barakaldo", "shah_alam_malay_office_cleaner_en", "szeged_jazz_bassist_en",
                "tampines_tamil_hospital_porter_en", "vigilante_nocturno_bata"}),
    ("test40", {"aberdeen_doric_payroll_clerk_en", "abogado_laboralista_burgos", "administrativo_diputacion_badajoz",
                "antananarivo_malagasy_lamba_tailor_en", "antsirabe_malagasy_moto_mechanic_en",
                "belfast_it_helpdesk_en", "blantyre_chichewa_tailor_for_mum_en", "bridgetown_law_receptionist_en",
                "cajera_banco_plasencia", "contable_gestoria_lavapies", "costurera_juchitan_zapoteca",
                "dar_swahili_bajaji_mechanic_en", "dublin_solicitors_receptionist_en", "dundee_bank_teller_en",
                "gateshead_claims_handler_en", "georgetown_audit_clerk_en", "gikomba_kikuyu_mitumba_trader_en",
                "kampala_luganda_boda_rider_en", "kigali_kinyarwanda_moto_rider_en",
                "lilongwe_chichewa_kabaza_rider_en", "liverpool_conveyancing_secretary_en",
                "locataria_lucas_de_galvez_por_su_mama", "lower_hutt_it_support_tech_en", "mecanico_izamal_maya",
                "mombasa_swahili_kanga_seller_en", "mototaxista_ticul_maya", "musanze_kinyarwanda_potato_trader_en",
                "nyeri_kikuyu_jua_kali_mechanic_en", "owino_luganda_tailor_for_sister_en",
                "parramatta_tax_accountant_en", "port_of_spain_bank_teller_en", "swansea_council_accounts_clerk_en",
                "tecnica_soporte_informatico_segovia", "vendedora_tlacolula_tianguis"}),
    ("test41", {"albanil_lorca_dubai_es", "centollero_porvenir_fueguino", "comilla_shuttering_carpenter_muscat_en",
                "dolakha_rebar_fixer_doha_en", "dutch_harbor_processor_line_worker_en",
                "encofrador_cartagena_murcia_es", "estibador_muelle_punta_arenas", "husavik_longliner_deckhand_en",
                "ingeniera_alicantina_obra_riad_es", "jhapa_labour_camp_cook_qatar_en",
                "kamchatka_born_bristol_bay_gillnetter_en", "kannur_camp_storekeeper_dammam_en",
                "kassala_heavy_truck_driver_jeddah_en", "keren_tower_crane_signaller_dubai_en",
                "klaksvik_pelagic_trawler_cook_en", "kodiak_seine_deckhand_en", "lerwick_harbour_pilot_boat_hand_en",
                "lofoten_skrei_cod_fisher_en", "marger_piedra_seca_soller_mallorca_es",
                "marinero_merlucero_puerto_madryn", "mariscadora_quellon_chiloe",
                "massawa_pipe_welder_ras_laffan_en", "pescador_artesanal_puerto_aysen",
                "pintor_obra_torrent_valencia_es", "scalloway_salmon_cage_hand_en", "sialkot_steel_fixer_dubai_en",
                "sohag_plasterer_riyadh_en", "stonington_maine_lobster_sternman",
                "swat_pashto_excavator_driver_riyadh_en", "thrissur_site_electrician_abu_dhabi_en",
                "tromso_harbour_crane_operator_en", "twillingate_longliner_skipper_en",
                "vestmannaeyjar_fish_factory_forewoman_en", "zarqa_site_safety_officer_kuwait_en"}),
    ("test42", {"alabama_aave_daycare_owner_mom", "ambato_ninera_queens", "appalachia_ky_coal_truck_dispatcher_dad",
                "appalachia_wv_home_health_aide_mom", "battambang_domestic_helper_kl_en",
                "cajun_houma_school_bus_driver_mom", "cajun_lafayette_shrimp_boat_dad", "chiang_mai_nanny_dubai_en",
                "cordoba_colectivero_papa", "cuenca_interna_cuidadora_murcia", "cuenca_limpiadora_hotel_palma",
                "darkhan_care_home_aide_seoul_en", "erdenet_night_cleaner_prague_en",
                "houston_tucuman_born_nanny_mom", "kampong_cham_mall_cleaner_bangkok_en", "loja_badante_genova",
                "lombok_elder_carer_taipei_en", "mandalay_live_in_helper_singapore_en",
                "mawlamyine_dementia_carer_tokyo_en", "mendoza_bodega_enologo_papa",
                "mendoza_vendimia_cosechadora_mama", "minnesota_iron_range_snowplow_dad",
                "mississippi_aave_barbershop_dad", "montreal_ndg_anglo_daycare_educator_mom",
                "navajo_chinle_sheep_rancher_mom", "nghe_an_hospital_carer_taichung_en",
                "quito_limpiadora_oficinas_madrid", "salta_empanadera_feria_mama",
                "savannakhet_housemaid_khonkaen_en", "st_paul_hmong_l1_nail_salon_mom",
                "surabaya_live_in_maid_hongkong_en", "texas_panhandle_feedlot_bookkeeper_mom",
                "thai_binh_hotel_cleaner_seoul_en", "tucuman_cosechera_limon_mama"}),
    ("test43", {"abuja_callcentre_agent_hausa", "accra_callcentre_agent_twi", "aserradero_eucalipto_torrelavega_es",
                "bamenda_callcentre_agent_pidgin", "banjul_ride_hail_driver_wolof",
                "bratsk_siberian_timber_loader_en", "buea_moto_delivery_rider",
                "caraquet_acadian_planer_mill_hand_en", "edmundston_acadian_pulp_trucker_en",
                "el_alto_conductora_radiotaxi", "el_alto_repartidor_moto_aymara",
                "freetown_keke_delivery_rider_krio", "hachero_hayedo_ezcaray_rioja_es",
                "haida_gwaii_choker_setter_en", "hearst_franco_ontarian_skidder_operator_en",
                "ibadan_food_delivery_rider", "joensuu_sawmill_log_sorter_en", "kapuskasing_sawmill_grader_en",
                "krasnoyarsk_taiga_sawmill_foreman_en", "kumasi_okada_delivery_rider",
                "kuopio_harvester_operator_en", "la_paz_operadora_callcenter", "lagos_bolt_driver_yoruba",
                "maderista_selva_irati_navarra_es", "monrovia_callcentre_agent_kpelle",
                "pasiego_motoserrista_cantabria_es", "port_harcourt_uber_driver_ijaw",
                "potosi_conductor_app_quechua", "prince_george_bc_faller_en", "serrador_aserradero_anso_aragon_es",
                "serrekunda_delivery_rider_mandinka", "sucre_agente_callcenter", "sundsvall_sawmill_saw_filer_en",
                "voru_estonian_thinning_crew_en"}),
    ("test44", {"animador_turistico_puerto_carmen_es", "belfast_theatre_porter_en",
                "bulawayo_born_care_assistant_brisbane_en", "camarera_pisos_adeje_tenerife_es",
                "cardiff_hospital_cleaner_en", "caserita_mercado_surquillo_lima_es",
                "cocinero_buffet_costa_teguise_es", "croydon_hospital_porter_en", "davao_airline_flight_attendant_en",
                "frutero_mercado_hermelinda_trujillo_es", "galway_care_home_aide_en",
                "gdansk_born_ward_cleaner_dublin_en", "gdansk_longhaul_cabin_crew_en", "glasgow_domestic_cleaner_en",
                "goan_cruise_galley_steward_en", "guia_excursiones_teide_es", "guyanese_airline_purser_layover_en",
                "iloilo_born_aged_care_aide_perth_en", "iloilo_cruise_cabin_steward_en",
                "jamaican_cruise_spa_therapist_en", "kochi_gulf_airline_cabin_crew_en",
                "kottayam_born_theatre_porter_cork_en", "lagos_born_night_porter_leeds_en",
                "melbourne_patient_transport_orderly_en", "moldovan_cruise_housekeeper_en",
                "mumbai_cruise_shore_excursion_host_en", "pampanga_cruise_galley_cook_en",
                "pescadero_terminal_chorrillos_lima_es", "recepcionista_hotel_maspalomas_es",
                "st_lucia_cruise_bartender_en", "varna_cruise_waitress_en", "vendedora_mercado_modelo_chiclayo_es",
                "vendedora_mercado_san_camilo_arequipa_es", "western_sydney_care_home_aide_en"}),
    ("test45", {"apia_faifeau_wife_en", "arecibo_defensa_civil_voluntario_es", "berbice_choir_tenor_husband_en",
                "caguas_lider_juvenil_parroquia_es", "chaguanas_soup_kitchen_aunty_en",
                "craiova_born_coventry_reach_truck_driver_en", "des_moines_forklift_night_lead_en",
                "dodge_city_beef_plant_trimmer_en", "empacadora_citricos_salto_es",
                "estibadora_deposito_asuncion_es", "georgetown_mission_van_driver_en", "higuey_diacono_jubilado_es",
                "indianapolis_parcel_hub_sorter_en", "joliet_distribution_center_picker_en",
                "kingston_church_usher_patois_en", "klaipeda_born_boston_lincs_veg_packer_en",
                "lautoka_church_flower_lady_en", "lodz_born_daventry_forklift_driver_en",
                "montacarguista_mercado_cuatro_asuncion_es", "montego_bay_food_bank_driver_en",
                "omaha_pork_line_sanitation_mom_en", "operario_frigorifico_encarnacion_es",
                "panevezys_born_corby_night_packer_en", "repositor_centro_logistico_montevideo_es",
                "san_fernando_harvest_fete_cook_en", "san_pedro_macoris_comedor_voluntaria_es",
                "santiago_rd_hermana_del_coro_es", "savaii_village_rugby_volunteer_en",
                "sioux_falls_cold_storage_loader_en", "speightstown_sunday_school_teacher_en",
                "suceava_born_peterborough_packer_en", "suva_methodist_youth_leader_en",
                "vavau_wesleyan_brass_band_en", "wroclaw_born_northampton_picker_en"}),
    ("test46", {"aceitunero_jaen_es", "atlanta_grubhub_scooter_mom_en", "bradford_mirpuri_corner_shop_uncle_en",
                "brampton_punjabi_sweet_shop_auntie_en", "brick_lane_sylheti_tandoor_chef_en",
                "bristol_cargo_bike_courier_en", "chicago_loop_cargo_bike_courier_en",
                "cochabamba_ciclista_pedidosya_es", "cordoba_cadeta_pedidosya_es", "edinburgh_cycle_courier_en",
                "fresera_moguer_huelva_es", "glasgow_pakistani_chippy_owner_en",
                "hackney_deliveroo_rider_from_rosario_en", "houston_ubereats_rider_cochabamba_en",
                "jornalera_aceituna_estepa_es", "la_paz_sopocachi_mensajero_bici_es",
                "leicester_gujarati_newsagent_en", "manchester_deliveroo_rider_en", "melbourne_cbd_bike_courier_en",
                "mississauga_biryani_caterer_en", "montreal_gujarati_depanneur_owner_en",
                "nyc_midtown_bike_messenger_en", "palermo_rappi_bicicletero_es",
                "perth_fremantle_ebike_food_rider_en", "portland_fixie_courier_en", "recolectora_fresa_lepe_es",
                "rusholme_bangladeshi_sweet_centre_cook_en", "santa_cruz_yango_repartidor_es",
                "scarborough_tamil_grocery_owner_en", "southall_cash_and_carry_son_en",
                "surrey_bc_punjabi_dhaba_cook_en", "sydney_inner_west_menulog_rider_en",
                "vancouver_goan_pastry_cook_en", "vareador_olivar_martos_es"}),
    ("test47", {"antigua_bolillo_baker_4am_en", "berlin_tour_manager_en", "cargador_pico_santa_marta_es",
                "carnicera_terminal_xela_es", "carnicero_mercado_comayaguela_es", "cebu_condo_lobby_guard_en",
                "ceiba_carniceria_cutter_en", "chimaltenango_oven_man_spanglish_en",
                "choluteca_slaughterhouse_voice_text_en", "coban_meatpacker_deboning_line_en",
                "comayagua_baker_for_his_wife_en", "escolta_maracaibo_es", "foh_sound_engineer_tour_en",
                "glasgow_club_doorman_en", "guitar_tech_arena_tour_en", "horneadora_semita_santa_tecla_es",
                "houston_mall_night_guard_en", "huehue_night_baker_numbered_en",
                "la_libertad_pastry_apprentice_teen_en", "lagos_concert_barrier_guard_en",
                "merch_stand_seller_tour_en", "nashville_tour_bus_driver_en", "olancho_ranch_butcher_stoic_en",
                "panadera_madrugada_mixco_es", "panadero_pan_frances_soyapango_es",
                "portero_discoteca_barranquilla_es", "san_pedro_sula_tortilla_dawn_en",
                "santa_ana_pan_dulce_baker_en", "stage_lighting_rigger_en", "sydney_pub_bouncer_en",
                "tecnico_sonido_gira_caracas_es", "usulutan_butcher_shop_owner_en",
                "vegas_casino_surveillance_officer_en", "vigilante_edificio_cartagena_es"}),
    ("test48", {"alajuela_zooave_cuidadora_es", "atlanta_korean_nail_salon_owner_en",
                "auckland_parcel_van_courier_en", "bangor_welsh_l1_parcel_courier_en",
                "batangas_born_wellington_mail_sorter_en", "biloxi_mobile_groomer_voice_en",
                "capetown_dog_parlour_groomer_en", "cardiff_royal_mail_postwoman_en",
                "cartera_correos_valparaiso_formal_es", "cartero_nunoa_santiago_es",
                "chitwan_born_hamilton_refuse_collector_en", "dublin_dog_groomer_en",
                "dunedin_rubbish_truck_runner_en", "fort_william_bin_lorry_driver_en", "fota_wildlife_keeper_en",
                "guayaquil_auxiliar_veterinaria_es", "heredia_asistente_veterinaria_es",
                "houma_cajun_dog_groomer_en", "houston_vietnamese_nail_salon_owner_en",
                "iloilo_born_queenstown_parcel_runner_en", "invercargill_rural_postie_en",
                "inverness_highland_postie_en", "joburg_zoo_elephant_keeper_en",
                "kathmandu_born_christchurch_courier_en", "kerry_vet_nurse_en",
                "liberia_guanacaste_peluquera_perros_es", "memphis_zoo_reptile_keeper_en",
                "peoneta_camion_basura_maipu_es", "pretoria_afrikaans_vet_nurse_en", "quito_peluquero_canino_es",
                "recolector_basura_temuco_es", "repartidora_cerro_alegre_valparaiso_es", "rhondda_bin_crew_en",
                "savannah_vet_nurse_drawl_en"}),
    ("test49", {"administrativa_chamartin_madrid_es", "alexandria_wedding_caterer_en", "beirut_achrafieh_florist_en",
                "buffalo_wedding_photog_en", "cairo_zamalek_wedding_planner_en", "cdmx_fotografo_bodas_es",
                "cdmx_organizadora_bodas_es", "dnipro_data_engineer_cork_en", "gdansk_java_contractor_dublin_en",
                "jb_motor_claims_handler_en", "jersey_shore_caterer_en", "jounieh_wedding_photographer_en",
                "jubilada_girona_maestra_es", "jubilada_telde_gran_canaria_es", "jubilado_tacoronte_tenerife_es",
                "kharkiv_qa_contractor_rotterdam_en", "kl_bangsar_conveyancing_clerk_en",
                "koeln_turkish_grill_owner_en", "krakow_devops_contractor_eindhoven_en",
                "kwun_tong_claims_adjuster_en", "melbourne_turkish_gozleme_cafe_en", "monterrey_banquetera_es",
                "monterrey_fotografa_quinceaneras_es", "oaxaca_florista_mercado_es", "oficinista_azca_madrid_es",
                "penang_audit_senior_en", "providence_wedding_planner_en", "raffles_place_litigation_clerk_en",
                "stuttgart_greek_taverna_owner_en", "sydney_greek_taverna_son_en", "toa_payoh_audit_associate_en",
                "vermont_barn_florist_en", "wan_chai_solicitors_clerk_en", "woodlands_life_claims_assessor_en"}),
    ("test50", {"albuquerque_pharmacy_cashier_en", "algarve_yoga_retreat_host_en", "bogota_auxiliar_enfermeria_es",
                "brandon_dental_receptionist_en", "brixton_brazilian_capoeira_teacher_en",
                "calgary_punjabi_bhabhi_en", "calgary_somali_son_for_hooyo_en", "cali_recepcionista_odontologia_es",
                "canggu_lowercase_yoga_teacher_en", "durban_zulu_beach_lifeguard_en",
                "ealing_japanese_pilates_instructor_en", "hackney_japanese_climbing_coach_en",
                "kona_pidgin_surf_coach_en", "la_chorrera_auxiliar_enfermeria_es", "la_paloma_profesora_yoga_es",
                "las_cruces_dental_receptionist_en", "lethbridge_pharmacy_cashier_en",
                "medellin_cajera_drogueria_es", "minneapolis_punjabi_uncle_en", "minneapolis_somali_auntie_en",
                "muizenberg_surf_school_instructor_en", "pamplona_monitor_crossfit_es", "panama_cajero_farmacia_es",
                "peniche_surf_school_monitor_en", "punta_del_este_guardavidas_es", "regina_pharmacy_cashier_en",
                "saskatoon_continuing_care_aide_en", "stockwell_brazilian_bootcamp_trainer_en",
                "tucson_nurses_aide_nights_en", "uluwatu_balinese_surf_instructor_en",
                "waikiki_lifeguard_logbook_en", "yuma_nursing_home_aide_en", "zarautz_monitora_escuela_surf_es",
                "zurriola_socorrista_donostia_es"}),
    ("test51", {"accra_keyboard_shop_attendant_en", "bangladeshi_dxb_terminal_cleaner_en",
                "cabramatta_vietnamese_ba_noi_en", "camaguey_auxiliar_control_aereo_es",
                "cardiff_sheet_music_shop_assistant_en", "doha_atc_assistant_precise_en",
                "doha_duty_free_lebanese_fragrance_en", "doha_kenyan_ramp_agent_en", "dubuque_lutheran_organist_en",
                "dxb_duty_free_filipina_cashier_en", "dxb_kerala_baggage_handler_en",
                "east_van_vietnamese_ong_ngoai_en", "filadelfia_chaco_vendedor_instrumentos_es",
                "fort_wayne_piano_teacher_en", "habana_maletero_jose_marti_es", "hialeah_rampa_mia_cubano_es",
                "hurstville_mandarin_nainai_en", "joburg_afrikaans_atc_assistant_en",
                "joburg_ortambo_baggage_eish_en", "kumasi_presby_choirmaster_en", "llandeilo_chapel_organist_en",
                "loma_plata_director_coro_menonita_es", "manchester_flight_data_assistant_en",
                "manchester_ramp_loader_our_kid_en", "manchester_t2_duty_free_till_en",
                "merthyr_male_voice_choir_conductor_en", "miami_abuela_duty_free_mia_es",
                "peoria_band_instrument_shop_tech_en", "riberalta_maestra_piano_es",
                "richmond_bc_cantonese_grandpa_en", "santa_cruz_organista_catedral_es",
                "santiago_cuba_agente_tierra_es", "srilankan_doha_terminal_cleaner_en",
                "trinidad_beni_directora_coro_es"}),
    ("test52", {"alfaro_atadora_cepas_es", "armagh_bramley_orchard_foreman_en", "baringo_log_hive_beekeeper_en",
                "barossa_cellar_hand_en", "bibliotecaria_escolar_coban_es", "bibliotecaria_tegucigalpa_es",
                "bibliotecaria_xela_es", "edinburgh_museum_conservator_en", "glasgow_library_porter_en",
                "haro_vendimiadora_es", "hawkes_bay_apple_thinner_en", "ilonggo_icu_nurse_riyadh_en",
                "kangaroo_island_beekeeper_en", "kerala_staff_nurse_leicester_en",
                "lagos_national_museum_curator_en", "lagos_unilag_library_cataloguer_en",
                "ludhiana_theatre_nurse_auckland_en", "lujan_de_cuyo_podadora_es",
                "manila_national_archives_scanner_en", "marlborough_vineyard_pruner_en",
                "muranga_avocado_orchard_picker_en", "naivasha_vineyard_sprayer_en",
                "pangasinan_home_care_nurse_chicago_en", "quezon_city_college_librarian_en",
                "riverland_citrus_picker_en", "san_rafael_acequiero_vina_es", "secretaria_colegio_la_ceiba_es",
                "secretaria_escuela_antigua_gt_es", "tipperary_cider_orchard_hand_en",
                "toronto_city_archives_clerk_en", "toronto_reference_library_page_en", "valle_de_uco_tractorista_es",
                "waikato_manuka_beekeeper_en", "wexford_apiarist_nan_en"}),
    ("test53", {"albanil_alcantarilla_murcia_es", "alexandria_phone_shop_owner_en", "alicatador_molina_segura_es",
                "alicatadora_sagunto_es", "amman_spice_shop_owner_en", "bishan_mandarin_radio_dj_en",
                "brighton_beach_russian_deli_owner_en", "brisbane_true_crime_podcaster_en",
                "chaguanas_callin_show_host_en", "contramaestre_ferry_ferrol_es", "donegal_roofer_slater_en",
                "durban_talkback_radio_host_en", "el_paso_roofer_crew_lead_en", "enugu_plumbing_contractor_en",
                "houston_pipefitter_plumber_en", "ikorodu_roofing_carpenter_en", "kano_wireman_electrician_en",
                "limerick_apprentice_plumber_en", "lubbock_master_electrician_en", "mandeville_zinc_roofer_en",
                "marinera_ferry_vigo_cies_es", "montego_bay_plumber_patois_en", "novosibirsk_fur_shop_owner_en",
                "paleta_gandia_es", "perth_breakfast_radio_dj_en", "pescantina_lonja_coruna_es",
                "port_of_spain_soca_radio_dj_en", "redera_rula_aviles_es", "soweto_kwaito_podcaster_en",
                "spanish_town_electrician_en", "subastador_rula_gijon_es", "tiong_bahru_singlish_podcaster_en",
                "waterford_sparky_en", "yeclano_encargado_obra_es"}),
    ("test54", {"anticuchera_chucuito_callao_es", "aspen_ice_rink_attendant_en", "breckenridge_lift_operator_en",
                "cargador_mercado_avelino_arequipa_es", "cevichera_mercado_callao_es", "chamonix_refuge_keeper_en",
                "cologne_kurdish_barber_en", "coronet_peak_lodge_cook_en", "estibador_terminal_pesquero_callao_es",
                "green_lanes_turkish_barber_en", "guia_aconcagua_penitentes_es", "guia_cerro_catedral_bariloche_es",
                "guia_salkantay_cusco_es", "hk_ding_ding_tram_driver_en", "hk_peak_tram_ticket_clerk_en",
                "hk_star_ferry_ticket_auntie_en", "kreuzberg_turkish_barber_en", "lisbon_cacilheiro_bilheteira_en",
                "lisbon_tram28_guarda_freio_en", "melbourne_brunswick_sicilian_nonna_en",
                "melbourne_northcote_greek_yiayia_en", "melbourne_oakleigh_greek_yiayia_en",
                "niseko_ski_patroller_en", "obihiro_speed_rink_keeper_en", "picantera_yanahuara_arequipa_es",
                "queenstown_gondola_operator_en", "recepcionista_hostel_mendoza_es",
                "sf_california_line_conductor_en", "sf_powell_hyde_gripman_en", "sheffield_kurdish_barber_en",
                "voluntaria_hostel_bariloche_es", "wellington_cable_car_driver_en",
                "wellington_days_bay_ferry_deckie_en", "zermatt_hut_warden_en"}),
    ("test55", {"algonquin_backcountry_ranger_en", "asuncion_despensera_sajonia_es", "asuncion_taxista_parada_es",
                "auburn_nsw_afghan_daughter_en", "auckland_picture_framer_en", "auckland_vinyl_signmaker_en",
                "belfast_screen_printer_en", "belfast_signwriter_nan_en", "boston_azorean_avo_en",
                "boston_mattapan_haitian_daughter_en", "bulawayo_nursery_gardener_en",
                "coquitlam_afghan_taxi_driver_en", "cordoba_almacenero_guemes_es", "cradle_mountain_track_ranger_en",
                "detroit_print_shop_owner_mom_en", "detroit_sign_fabricator_en",
                "eastwood_iranian_retired_engineer_en", "guayaquil_chofer_metrovia_es",
                "guayaquil_cocinera_colegio_es", "hobart_salamanca_market_florist_en",
                "kingston_ont_greenhouse_gardener_en", "mana_pools_wildlife_ranger_en",
                "montreal_haitian_kreyol_papa_en", "montreal_plateau_portuguese_son_en",
                "nairobi_jua_kali_sign_painter_en", "nairobi_printshop_cashier_en", "north_vancouver_iranian_mum_en",
                "penzance_harbour_florist_en", "quito_chofer_trolebus_es", "quito_cocinera_escuela_es",
                "rosario_kiosquera_echesortu_es", "rosario_taxista_nocturno_es", "santo_domingo_chofer_guagua_es",
                "st_austell_allotment_gardener_en"}),
    ("test56", {"accra_makola_kente_seamstress_en", "accra_osu_dry_cleaner_presser_en",
                "bardstown_vet_receptionist_en", "bourbon_county_stable_hand_en", "caen_born_quebec_city_expat_en",
                "camarera_hotel_getsemani_cartagena_es", "camarera_hotel_rodadero_santa_marta_es",
                "camarera_resort_playa_dorada_puerto_plata_es", "concepcion_auxiliar_farmacia_barrio_norte_es",
                "concepcion_tens_turno_noche_es", "cynthiana_farm_vet_receptionist_en",
                "dharan_born_rockdale_massage_therapist_en", "glasgow_dennistoun_kilt_tailor_en",
                "glasgow_govan_laundrette_attendant_en", "gorkha_born_wembley_massage_therapist_en",
                "honfleur_born_whitby_expat_en", "houston_alief_dry_cleaner_counter_en",
                "houston_heights_korean_alterations_seamstress_en", "isan_born_camden_town_thai_massage_en",
                "lanchero_taganga_santa_marta_es", "le_havre_born_wagga_wagga_expat_en",
                "marinero_lancha_islas_rosario_cartagena_es", "montevideo_auxiliar_enfermeria_cordon_es",
                "perth_midland_laundromat_owner_en", "perth_northbridge_suit_tailor_en",
                "phuket_born_haymarket_thai_massage_en", "rouen_born_harrogate_expat_en",
                "singapore_jb_born_hokkien_mum_en", "singapore_serangoon_tamil_son_en",
                "toronto_malvern_tamil_daughter_en", "toronto_markham_ipoh_born_grandma_en",
                "valparaiso_auxiliar_farmacia_cerro_baron_es", "valparaiso_tens_hogar_playa_ancha_es",
                "woodford_county_farrier_en"}),
    ("test57", {"burnaby_korean_bank_back_office_en", "burnley_haulage_night_dispatcher_en",
                "camarera_pisos_magaluf_es", "camarera_pisos_puerto_de_la_cruz_es",
                "capetown_bokaap_koeksister_aunty_en", "capetown_woodstock_sourdough_baker_en",
                "cardiff_canton_bara_brith_baker_en", "cardiff_splott_wedding_cake_maker_en",
                "chicago_back_of_the_yards_sausage_butcher_en", "chicago_bronzeville_pastry_chef_en",
                "dunedin_south_d_pie_baker_en", "edmonton_courier_dispatcher_en",
                "fort_mcmurray_water_truck_driver_en", "houston_bellaire_vietnamese_nail_salon_owner_en",
                "houston_nail_salon_owners_daughter_en", "ipswich_qld_parcel_van_driver_en",
                "koreatown_la_insurance_clerk_en", "lagos_apapa_container_truck_driver_en",
                "lagos_ikeja_logistics_dispatcher_en", "limpiadora_hotel_chiclana_es",
                "mackay_cane_road_train_driver_en", "oaxaca_cocinero_caldo_de_piedra_es",
                "oaxaca_memelera_central_de_abastos_es", "oaxaca_tlayudera_mercado_20_noviembre_es",
                "preston_grocery_van_driver_en", "puebla_cemitero_mercado_5_de_mayo_es",
                "puebla_chalupera_barrio_analco_es", "recepcionista_hotel_alcudia_es",
                "recepcionista_hotel_costa_adeje_es", "swansea_market_family_butcher_en",
                "sydney_bankstown_nail_salon_owners_son_en", "sydney_cabramatta_nail_salon_owner_en",
                "torrance_japanese_car_firm_planner_en", "vancouver_japanese_travel_agency_clerk_en"}),
    ("test58", {"akron_kindergarten_teacher_en", "barranquilla_mesera_el_prado_es", "bonavista_cod_trap_skipper_en",
                "boothbay_wooden_boatwright_en", "cedar_riverside_somali_hooyo_en",
                "christchurch_new_entrant_teacher_en", "christchurch_school_patrol_nana_en",
                "dayton_crossing_guard_en", "eshaness_lighthouse_volunteer_en", "filetera_boca_del_rio_es",
                "holloway_eritrean_mum_en", "jaibero_mercado_hidalgo_veracruz_es", "kadavu_reef_fisherwoman_en",
                "kampala_ntinda_p3_teacher_en", "kampala_school_cook_en", "kharkiv_night_caregiver_chicago_en",
                "krakow_home_aide_chicago_en", "lautoka_fibreglass_boatbuilder_en", "levenshulme_year2_teacher_en",
                "lodz_live_in_carer_dublin_en", "lviv_home_carer_dublin_en", "minneapolis_eritrean_son_en",
                "pescadera_o_berbes_vigo_es", "placentia_bay_lighthouse_volunteer_en", "pulpeira_mercado_vigo_es",
                "salamanca_camarero_plaza_mayor_es", "salamanca_estudiante_filologia_es",
                "vendedora_pescaderia_veracruz_es", "vinalhaven_lobsterman_en", "whalsay_pelagic_deckhand_en",
                "whitechapel_somali_daughter_en", "wythenshawe_dinner_lady_en", "zaragoza_camarera_tardeo_es",
                "zaragoza_estudiante_magisterio_es"}),
])
def test_the_last_splits_are_kept_whole(split, personas):
    """First reads of 2, 2, 5, 4, 3, 0, 2, 2, 2, 2, 2, 1, 2, 2, 0, 2, 5, 3, 1, 3, 2, 1, 2, 2, 6, 1, 0, 1, 0, 2, 2, 1, 2,
    1, 0, 2, 0 (split 44), 0 (split 45), 0 (split 46), 2 (split 47), 0 (split 48),
    0 (split 49), 1 (split 50), 0 (split 51), 4 (split 52), 1 (split 53), 1 (split 54), 1 (split 55), 1 (split 56),
    1 (split 57) and (split 58) 1 of 170 under-triaged (docs/safety.md), each before its rule changes."""
    items = read_items(sorted(SETS.glob(f"{split}_*.yml")))
    assert len(items) == 260 and sum(i.level in ("emergency", "urgent") for i in items) == 170
    assert {i.persona for i in items} == personas


EVERYDAY_REPLIES = {"validation": SETS / "everyday_replies_validation.yml", "test": SETS / "everyday_replies_test.yml"}


@pytest.mark.parametrize("split", sorted(EVERYDAY_REPLIES))
def test_everyday_replies_do_not_raise_an_alarm(screen, split):
    """Answers to the contact, pre-screen and booking questions ("at home", "in the eve", a name).

    Before the bank of everyday replies, the detector sent 7 of the 120
    validation replies to triage ("at home" and "estoy en casa" got the
    emergency line). After it: validation 0/120; the test split, read once,
    1/120 ("in LA", urgent at 0.415 against the 0.4 threshold). The
    detector's two-content-word minimum came after that read, so both splits
    are validation data now (docs/safety.md).
    """
    items = read_items([EVERYDAY_REPLIES[split]])
    assert len(items) == 120 and all(item.level == "none" for item in items)
    result = evaluate(screen, items)
    assert result["over_escalation_rate"] <= 1 / 120, result["over"]
    for kind, bucket in result["per_kind"].items():
        assert bucket["total"] - bucket["right"] <= 1, (kind, result["over"])


def test_codes_and_addresses_are_not_read_as_temperatures_or_symptoms(screen):
    """A reference code's "490f" or "b94c" once read as a fever, sending a contact answer to urgent triage."""
    for text in ("my email is phicanary-71717482-eba6-490f-8d69-002fa2cad54d@example.com",
                 "call me on +1 212 555 0199, PHICANARY-00afb94c-1d72-4956-b6b0-65a7751dbaea",
                 "booking ref 38C-101F", "ticket #39 and #104", "NUL in PHICANARY-d0d36f28-da86-4074-b4d0-e8f4b9257a13"):
        assert screen.screen(text).level == "none", text
    # A temperature the patient gives still counts, with or without a unit.
    for text in ("i have a temp of 38.6", "101F since last night", "fever 39 degrees"):
        assert screen.screen(text).alarming, text
    assert not screen.screen("my temp is 36.8, all fine").alarming


def test_the_spanish_adversarial_set_has_every_level_and_is_kept_for_its_first_read():
    """Issue 14's Spanish test: counted here, scored only once the Spanish sign lists exist (README.md)."""
    items = yaml.safe_load((SETS / "es_adversarial.yml").read_text(encoding="utf-8"))["items"]
    levels = Counter(item["level"] for item in items)
    assert len(items) >= 120 and levels["emergency"] >= 30 and levels["urgent"] >= 40 and levels["routine"] >= 30
    assert all(item["signs"] for item in items if item["level"] != "routine")


def test_saying_when_one_was_treated_before_a_question_raises_no_alarm_and_hides_none(screen):
    """Found by the live-chat browser test: "I had a treatment on Monday and I have a question" went urgent
    on the second detector alone (knowledge/red_flag_examples_openers.yml). These phrasings are not in the bank."""
    for opener in ("I got my treatment tuesday and I've got a question", "I was treated 3 days ago and I have a question",
                   "had it done on monday and have something to ask"):
        assert not screen.screen(opener).alarming, opener
    assert screen.screen("I had a treatment on Monday and I have a question, my lips are swelling up").level == "emergency"
    assert screen.screen("treated yesterday, question: my face feels hot and the redness is spreading").level == "urgent"


def test_a_question_asked_out_of_curiosity_gets_its_answer_not_triage_and_a_report_still_does(screen):
    """Split 25: "Purely out of professional curiosity … what would one do if a patient had a seizure" got the
    emergency line from the two detectors together. The rules' "nothing now" keeps them quiet; a sign of one's
    own now beside the same words is still triaged."""
    assert not screen.screen("Purely out of professional curiosity (I lead tours through the medical history wing): "
                             "what would one do if a patient had a seizure under the numbing cream? Is that ever a "
                             "genuine risk?").alarming  # split 25's own words: validation data
    assert not screen.screen("ok to go to the gym on day 4? don't want to pick up an infection").alarming
    assert screen.screen("Out of curiosity I read about seizures, and now my arm is jerking and I can't stop "
                         "it").level == "emergency"
