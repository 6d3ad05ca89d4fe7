"""Writes knowledge/es/typo_exceptions.yml: real Spanish words the typo reader would turn into sign words.

Run after changing the Spanish sign phrases of knowledge/triage.yml, on a
machine with Debian's Spanish word list (package wspanish). The list is
data the clinic can review; the reader loads it at start-up.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bot.care.triage import load_triage
from bot.language.spanish import plain

PROJECT = Path(__file__).resolve().parents[2]
WORD_LIST = Path("/usr/share/dict/spanish")
TARGET = PROJECT / "knowledge" / "es" / "typo_exceptions.yml"


def main() -> int:
    if not WORD_LIST.exists():
        print(f"{WORD_LIST} is missing. Fix: apt install wspanish.", file=sys.stderr)
        return 1
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    header = current.split("words:", 1)[0]
    # What follows the generated list (the by_hand words and their comment) is kept as written.
    listed = current.split("words:", 1)[1].splitlines(keepends=True)[1:] if "words:" in current else []
    kept = next((i for i, line in enumerate(listed) if not line.startswith("  ")), len(listed))
    by_hand = "".join(listed[kept:])
    TARGET.write_text(header + "words: []\n", encoding="utf-8")  # judge every word afresh
    triage = load_triage(PROJECT / "knowledge")
    words = {plain(line.strip()).lower() for line in WORD_LIST.read_text(encoding="utf-8", errors="ignore").splitlines()}
    moved = sorted(w for w in words if w.isalpha() and triage.spanish_typo(w) != w)
    lines = "\n".join("  " + " ".join(moved[i:i + 12]) for i in range(0, len(moved), 12))
    TARGET.write_text(f"{header}words: >-\n{lines}\n{by_hand}", encoding="utf-8")
    print(f"{len(moved)} words written to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
