"""Pools the authors' files and splits them once into validation (150) and test.

Run once, when the authors had finished (issue 11 for English; issue 14 for
Spanish: ``make_split.py --out tests/nlu_eval_es tests/nlu_eval_es/author_*.yml``). Stratified by label with a
fixed seed, so the split is reproducible; it prints counts only, never a text,
so nobody reads the test split by making it.
"""
from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

VALIDATION_SIZE = 150
SEED = 11


def main(sources: list[Path], out: Path) -> None:
    items = []
    for path in sources:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["items"]:
            item = {"text": str(item["text"]), "label": item["label"], **({"also": item["also"]} if item.get("also") else {}),
                    "kinds": list(item.get("kinds") or []),
                    "author": str(item.get("author") or data.get("author")).lower()}
            items.append(item)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_label[item["label"]].append(item)
    rng = random.Random(SEED)
    share = VALIDATION_SIZE / len(items)
    validation: list[dict] = []
    remainders = []
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        exact = share * len(group)
        take = int(exact)
        validation += group[:take]
        remainders.append((exact - take, label, group[take:]))
    remainders.sort(key=lambda r: (-r[0], r[1]))
    for _, _, rest in remainders[: VALIDATION_SIZE - len(validation)]:
        validation.append(rest[0])
    chosen = {id(item) for item in validation}
    test = [item for item in items if id(item) not in chosen]
    header = ("# NLU evaluation set, {split} split: written by separate helper authors (personas in README.md)\n"
              "# who saw only shared/CONTRACT.md and shared/seed-article.md. Never train on it.\n")
    for name, split in (("validation", validation), ("test", test)):
        text = header.format(split=name) + yaml.safe_dump({"items": split}, allow_unicode=True, sort_keys=False, width=1000)
        (out / f"{name}.yml").write_text(text, encoding="utf-8")
    print("validation", len(validation), "test", len(test))
    print("validation labels", sorted(Counter(i["label"] for i in validation).values()))
    print("test labels", sorted(Counter(i["label"] for i in test).values()))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    target = Path(__file__).resolve().parent
    if arguments[:1] == ["--out"]:
        target, arguments = Path(arguments[1]).resolve(), arguments[2:]
    main([Path(p) for p in arguments], target)
