"""Only custom actions may set the safety slots (catalogue A9).

A slot with a from_entity or from_text mapping can be filled by anything a
patient types, including "/intent{\\"slot\\": ...}"; the pre-screen answers,
outcome, triage level and handoff must come from the project's own logic.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.content.contract import PRESCREEN_FLAGS

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
SAFETY_SLOTS = ("prescreen_outcome", "prescreen_flags", "triage_level", "handoff_id", "handoff_reason",
                *(f"prescreen_{flag}" for flag in PRESCREEN_FLAGS))


def test_safety_slots_are_only_set_by_custom_actions():
    slots = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["slots"]
    for name in SAFETY_SLOTS:
        assert name in slots, f"{name} missing from domain.yml"
        kinds = {mapping["type"] for mapping in slots[name].get("mappings") or []}
        assert kinds == {"custom"}, f"{name} can be set by {kinds}"


def test_no_slot_is_filled_from_entities():
    """No slot at all takes a typed entity, so "/inform{...}" cannot fill anything."""
    slots = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["slots"]
    takers = [name for name, slot in slots.items()
              if any(mapping["type"] == "from_entity" for mapping in slot.get("mappings") or [])]
    assert takers == []
