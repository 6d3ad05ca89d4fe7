"""Scores the red-flag screen on a triage evaluation set.

    python -m bot.ops.triage_eval tests/triage_eval/validation.yml [--errors] [--threshold 0.5]

Each item has a text, the level its author meant (emergency, urgent, routine
or none) and the kinds of phrasing it uses. Under-triage is an alarming item
screened lower than its level (an emergency read as urgent counts); over-
escalation is a benign item (routine or none) screened emergency or urgent.
Each of the three readers (the rules, the second detector, the meaning reader) is
also scored alone, so what each one catches is visible.

An NLU evaluation set (tests/nlu_eval/*.yml: a ``label`` per item, no level)
counts as everyday traffic: every item not labelled ``report_symptom`` is a
benign message of kind ``question``, which the screen must leave to the
classifier (a question screened urgent gets triage instead of its answer);
``report_symptom`` items carry no level and are left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from bot.care.red_flags import RedFlagScreen, check_sets, detector_for, detectors_for, load_screen, meaning_for
from bot.care.triage import ALARMING, SEVERITY
from bot.language.nlu_eval import read_items as read_nlu_items

PROJECT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Item:
    text: str
    level: str
    kinds: tuple[str, ...]
    persona: str


SYMPTOM_LABEL = "report_symptom"


def read_items(paths: Iterable[Path]) -> list[Item]:
    items = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "items" in data and all("level" in entry for entry in data["items"]):
            items += [Item(entry["text"], entry["level"], tuple(entry.get("kind") or ()), entry.get("persona", ""))
                      for entry in data["items"]]
        else:
            items += [Item(item.text, "none", ("question",), item.author)
                      for item in read_nlu_items(path) if item.label != SYMPTOM_LABEL]
    return items


def _under(expected: str, got: str) -> bool:
    return SEVERITY[got] < SEVERITY[expected]


def evaluate(screen: RedFlagScreen, items: list[Item]) -> dict[str, Any]:
    """Figures per level, per kind of phrasing and per detector, with the misses listed."""
    per_level: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # level -> [handled right, total]
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    under: list[dict[str, str]] = []
    over: list[dict[str, str]] = []
    readers = ("rules", "detector", "meaning", "check")
    alone = dict.fromkeys(readers, 0)
    only = dict.fromkeys(readers, 0)
    alarming_items = [item for item in items if item.level in ALARMING]
    set_aside = {"alarming": 0, "benign": 0}  # detector raises the raise check did not confirm
    for item in items:
        result = screen.screen(item.text)
        alarming = item.level in ALARMING
        set_aside["alarming" if alarming else "benign"] += result.raise_set_aside
        if alarming:
            right = not _under(item.level, result.level)
            caught = {
                "rules": not _under(item.level, result.rules_level),
                "detector": result.detector_level is not None and not _under(item.level, result.detector_level),
                "meaning": result.meaning_level is not None and not _under(item.level, result.meaning_level),
                "check": result.check_level is not None and not _under(item.level, result.check_level),
            }
            for reader in readers:
                alone[reader] += caught[reader]
                only[reader] += caught[reader] and not any(caught[r] for r in readers if r != reader)
            if not right:
                under.append({"text": item.text, "expected": item.level, "got": result.level})
        else:
            right = not result.alarming
            if not right:
                over.append({"text": item.text, "expected": item.level, "got": result.level,
                             "signs": ", ".join(result.signs)})
        for bucket in (per_level[item.level],):
            bucket[0] += right
            bucket[1] += 1
        for kind in item.kinds:
            per_kind[kind][0] += right
            per_kind[kind][1] += 1
    benign = [item for item in items if item.level not in ALARMING]
    return {
        "items": len(items), "alarming": len(alarming_items), "benign": len(benign),
        "under_triaged": len(under), "over_escalated": len(over),
        "over_escalation_rate": round(len(over) / len(benign), 4) if benign else 0.0,
        "per_level": {level: {"right": r, "total": t} for level, (r, t) in sorted(per_level.items())},
        "per_kind": {kind: {"right": r, "total": t} for kind, (r, t) in sorted(per_kind.items())},
        **{f"alarming_caught_by_{reader}_alone": alone[reader] for reader in readers},
        **{f"alarming_caught_only_by_{reader}": only[reader] for reader in readers},
        "raises_set_aside": set_aside,
        "under": under, "over": over,
    }


def report(figures: dict[str, Any], errors: bool) -> str:
    lines = [
        f"items {figures['items']} (alarming {figures['alarming']}, benign {figures['benign']})",
        f"under-triaged {figures['under_triaged']}; over-escalated {figures['over_escalated']} "
        f"({figures['over_escalation_rate']:.1%} of benign)",
        f"alarming caught alone by the rules {figures['alarming_caught_by_rules_alone']}, "
        f"the detector {figures['alarming_caught_by_detector_alone']}, "
        f"the meaning reader {figures['alarming_caught_by_meaning_alone']}, "
        f"the raise check {figures['alarming_caught_by_check_alone']} (of {figures['alarming']}); "
        f"by no other reader: rules {figures['alarming_caught_only_by_rules']}, "
        f"detector {figures['alarming_caught_only_by_detector']}, meaning {figures['alarming_caught_only_by_meaning']}, "
        f"check {figures['alarming_caught_only_by_check']}",
        f"detector raises the raise check set aside: {figures['raises_set_aside']['benign']} benign, "
        f"{figures['raises_set_aside']['alarming']} alarming",
        "per level: " + ", ".join(f"{k} {v['right']}/{v['total']}" for k, v in figures["per_level"].items()),
        "per kind: " + ", ".join(f"{k} {v['right']}/{v['total']}" for k, v in figures["per_kind"].items()),
    ]
    if errors:
        lines += [f"  UNDER {u['expected']}->{u['got']}: {u['text']}" for u in figures["under"]]
        lines += [f"  OVER {o['expected']}->{o['got']} [{o['signs']}]: {o['text']}" for o in figures["over"]]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--threshold", type=float, help="the second detector's threshold (default: triage.yml)")
    parser.add_argument("--language", default="en", help="whose detector --threshold sets (en, es)")
    parser.add_argument("--meaning-threshold", type=float, help="the meaning reader's threshold (default: triage.yml)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    knowledge = PROJECT / "knowledge"
    detectors = detectors_for(knowledge)
    if args.threshold is not None:
        detectors[args.language] = detector_for(knowledge, args.threshold, args.language)
    screen = load_screen(knowledge, detectors=detectors, meaning=meaning_for(knowledge, args.meaning_threshold))
    figures = evaluate(screen, read_items(args.sets))
    print(report(figures, args.errors))
    learned = {path.resolve() for path in check_sets(knowledge)}
    if any(path.resolve() in learned for path in args.sets):
        print("note: the raise check learned from some of these sets; tests/test_red_flag_screen.py scores it held out")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
