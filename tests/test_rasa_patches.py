"""Rasa's hot-path fixes keep Rasa's behaviour, and refuse to start on a Rasa they were not checked against."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.rasa_ext import rasa_patches

PROJECT = Path(__file__).resolve().parent.parent
rasa_patches.install()  # as python -m bot.rasa_ext does before Rasa's command line


def test_the_installed_rasa_is_the_one_the_patches_were_checked_against():
    assert rasa_patches.problems() == []


def test_a_different_rasa_version_is_refused_with_the_fix():
    found = rasa_patches.problems(version="3.6.22")
    assert found == ["Rasa 3.6.22 is installed; the patches were checked against Rasa 3.6.21"]


def test_a_changed_function_is_refused():
    """A stand-in for an upgraded Rasa: the same name, another source."""
    def run(self, inputs=None, targets=None):  # a different body than DaskGraphRunner.run
        return {}

    relied_on = dict(rasa_patches.RELIED_ON)
    name = "DaskGraphRunner.run (replaced)"
    relied_on[name] = (run, relied_on[name][1])
    found = rasa_patches.problems(relied_on=relied_on)
    assert len(found) == 1 and found[0].startswith(f"{name} changed (source fingerprint ")


def test_install_refuses_to_start_and_says_what_to_do(monkeypatch):
    monkeypatch.setattr(rasa_patches, "RASA_VERSION", "3.6.20")
    with pytest.raises(rasa_patches.RasaChanged, match="Refusing to start: Rasa 3.6.21 is installed.*Fix: install"):
        rasa_patches.check()


def test_a_channel_loaded_without_the_entry_point_stops_with_the_fix():
    """`rasa run` straight away would serve without the patches and their checks."""
    result = subprocess.run([sys.executable, "-c", "import bot.rasa_ext.channels.widget"], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "start Rasa with `python -m bot.rasa_ext ...`" in result.stderr
    started = subprocess.run([sys.executable, "-m", "bot.rasa_ext", "--version"], cwd=PROJECT,
                             capture_output=True, text=True, timeout=300)
    assert started.returncode == 0 and "3.6.21" in started.stdout.split("Rasa Version")[1].splitlines()[0], started.stderr[-2000:]


def test_the_rasa_server_uses_the_cached_check():
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("result", [
    {"events": [{"event": "slot", "name": "handoff_id", "value": "x"}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {},
])
def test_valid_responses_pass(result):
    assert rasa_patches._validate_action_result(None, result) is True


@pytest.mark.parametrize("result", [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": ["not an object"]},
])
def test_invalid_responses_fail_as_in_rasa(result):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        rasa_patches._validate_action_result(None, result)


# --------------------------------------------------------------------------- event classes

EVENT_NAMES = sorted({cls.type_name for cls in all_subclasses(Event) if getattr(cls, "type_name", None)})


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_each_event_name_resolves_to_rasas_class(name):
    assert Event.resolve_by_type(name) is rasa_patches._STOCK_RESOLVE_BY_TYPE(name)
    assert Event.resolve_by_type(name) is Event.resolve_by_type(name)  # also when remembered


def test_unknown_event_names_behave_as_in_rasa():
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    assert Event.resolve_by_type("topic") is None
    assert Event.from_parameters({"event": "action", "name": "action_listen"}) == ActionExecuted("action_listen")


# --------------------------------------------------------------------------- graph runner

class Calls(list):
    """Which node ran, in order."""


CALLS = Calls()


class Number(GraphComponent):
    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config)

    def __init__(self, config: dict) -> None:
        self.config = config

    def run(self, **values: int) -> int:
        CALLS.append(self.config["name"])
        return self.config.get("add", 0) + sum(values.values())


def node(name: str, needs: dict[str, str], **config: int) -> SchemaNode:
    return SchemaNode(needs=needs, uses=Number, constructor_name="create", fn="run", config={"name": name, **config})


SCHEMA = GraphSchema({
    "a": node("a", {"x": "start"}, add=1),
    "b": node("b", {"x": "a"}, add=10),
    "c": node("c", {"x": "a", "y": "b"}, add=100),
    "unused": node("unused", {"x": "start"}, add=1000),
})


def runner() -> DaskGraphRunner:
    return DaskGraphRunner(SCHEMA, model_storage=None, execution_context=ExecutionContext(SCHEMA, "test"))


@pytest.mark.parametrize("targets", [["c"], ["b", "c"], ["a"], ["c", "start"]])
def test_the_graph_gives_dasks_results_running_each_needed_node_once(targets):
    CALLS.clear()
    expected = rasa_patches._STOCK_RUN_GRAPH(runner(), {"start": 1}, targets)
    CALLS.clear()
    assert rasa_patches._run_graph(runner(), {"start": 1}, targets) == expected
    assert sorted(CALLS) == sorted(set(CALLS)) and "unused" not in CALLS
    assert CALLS.index("a") == 0 if "a" in CALLS else True


def test_the_graph_computes_the_right_values():
    assert rasa_patches._run_graph(runner(), {"start": 1}, ["c"]) == {"c": 100 + (1 + 1) + (1 + 1 + 10)}


def test_an_input_named_like_a_node_is_refused_as_in_rasa():
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        rasa_patches._run_graph(runner(), {"start": "a"}, ["c"])


def test_the_rasa_server_runs_graphs_without_dask():
    assert DaskGraphRunner.run is rasa_patches._run_graph
