"""The names the code uses for slots are the names domain.yml declares, and the actions use no bare slot string."""
from __future__ import annotations

import ast
from pathlib import Path

import yaml

from bot.content.contract import CONTRACT_SLOTS, INTENTS, ActionName, Intent, Slot, action_names, intent_names, slot_names

PROJECT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))


def test_every_slot_constant_is_a_domain_slot_and_every_domain_slot_has_one():
    assert sorted(slot_names()) == sorted(DOMAIN["slots"])


def test_the_contract_slots_are_declared_with_the_contract_names():
    contract = (PROJECT.parent / "shared" / "CONTRACT.md").read_text(encoding="utf-8")
    for name in CONTRACT_SLOTS:
        assert f"| `{name}` |" in contract and name in DOMAIN["slots"]
    assert Slot.HANDOFF_ID == "handoff_id"


def _bare_strings_in_actions(names: set[str]) -> list[str]:
    bare = []
    for path in sorted((PROJECT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                bare.append(f"{path.name}:{node.lineno} {node.value!r}")
    return bare


def test_actions_name_slots_through_the_constants():
    """A typo in a bare "handof_id" reads None silently; a typo in Slot.HANDOF_ID is an AttributeError in the tests."""
    assert _bare_strings_in_actions(set(DOMAIN["slots"])) == []


def test_every_intent_constant_is_a_domain_intent_and_the_contract_intents_are_among_them():
    assert sorted(intent_names()) == sorted(DOMAIN["intents"])
    assert set(INTENTS) <= set(intent_names())
    assert Intent.REQUEST_HUMAN == "request_human"


def test_every_custom_action_and_form_has_a_constant_and_each_constant_is_in_the_domain():
    declared = {next(iter(a)) if isinstance(a, dict) else a for a in DOMAIN["actions"]} | set(DOMAIN["forms"])
    asks = {ActionName.ask(slot) for slot in slot_names()} & declared
    assert sorted(set(action_names()) | asks) == sorted(declared)
    assert ActionName.ask(Slot.prescreen("pregnancy")) in declared


def test_the_action_server_serves_each_domain_action_under_its_constant():
    """The names the actions register are the ones domain.yml calls; a mismatch is Rasa's "action not found" at run time."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    declared = {next(iter(a)) if isinstance(a, dict) else a for a in DOMAIN["actions"]}
    assert declared <= set(executor.actions)


def test_actions_name_intents_and_actions_through_the_constants():
    assert _bare_strings_in_actions(set(intent_names()) | set(action_names())) == []
