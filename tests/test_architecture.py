"""The layers of docs/architecture.md hold, the linters pass, and each check fails on a broken copy.

The test command runs import-linter and ruff itself (scripts/test); these
tests prove the checks can fail, as tests/test_deploy.py does for the deploy
files, and keep the rules that no tool states: only bot/rasa_ext imports
Rasa, and pyproject.toml declares what requirements.txt installs.
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomli

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RASA_PACKAGES = {"rasa", "rasa_sdk", "sanic", "tensorflow"}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def rasa_imports_outside_rasa_ext(root: Path) -> list[str]:
    """Every module of bot/ outside bot/rasa_ext that imports Rasa, Rasa SDK, Sanic or TensorFlow,
    including imports inside functions, which import-linter also sees but a reader may miss."""
    problems = []
    for path in sorted((root / "bot").rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[:2] == ("bot", "rasa_ext"):
            continue
        if found := _imported_packages(path) & RASA_PACKAGES:
            problems.append(f"{relative} imports {', '.join(sorted(found))}")
    for path in sorted((root / "actions").rglob("*.py")):
        if "rasa" in _imported_packages(path):
            problems.append(f"{path.relative_to(root)} imports rasa (the actions use rasa_sdk only)")
    return problems


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("bot", "actions", "tests"):
        shutil.copytree(PROJECT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    shutil.copy(PROJECT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, ahead of the project's editable install.
    return subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(root), "PATH": str(BIN), "LANG": "C.UTF-8"})


def ruff(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "bot", "actions", "tests"], cwd=root,
                          capture_output=True, text=True, timeout=300)


def test_only_the_rasa_extension_layer_imports_rasa():
    assert rasa_imports_outside_rasa_ext(PROJECT) == []


def test_the_layer_contracts_hold():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def mypy(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "mypy"), "--no-incremental"], cwd=root, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(root)})


def test_ruff_passes():
    result = ruff(PROJECT)
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_passes():
    result = mypy(PROJECT)
    assert result.returncode == 0 and "Success: no issues found" in result.stdout, result.stdout[-3000:]


def test_mypy_fails_on_a_broken_copy(tmp_path):
    """A wrong return type in care logic (mypy first found an Optional handoff id passed as a string in actions/)."""
    copy = _copy(tmp_path)
    target = copy / "bot" / "care" / "triage_advice.py"
    target.write_text(target.read_text(encoding="utf-8")
                      + "\n\ndef _broken(value: int) -> str:\n    return value\n", encoding="utf-8")
    result = mypy(copy)
    assert result.returncode != 0 and "triage_advice.py" in result.stdout and "[return-value]" in result.stdout, \
        result.stdout[-3000:]


@pytest.mark.parametrize("module, line, contract", [
    # content reaching up to the handoff store: an upward import
    ("bot/content/hours.py", "from bot.handoffs import spool  # noqa: F401", "Layers run downwards BROKEN"),
    # the web app importing the Rasa extensions instead of calling Rasa over HTTP
    ("bot/web/site.py", "from bot.rasa_ext import retrieval_gate  # noqa: F401", "Layers run downwards BROKEN"),
    # care logic importing Rasa
    ("bot/care/triage.py", "import rasa  # noqa: F401", "Only bot.rasa_ext imports Rasa, Sanic or TensorFlow BROKEN"),
])
def test_each_import_rule_fails_on_a_broken_copy(tmp_path, module, line, contract):
    copy = _copy(tmp_path)
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode != 0 and contract in result.stdout, result.stdout[-3000:] + result.stderr[-2000:]
    if "import rasa" in line:
        assert rasa_imports_outside_rasa_ext(copy) == ["bot/care/triage.py imports rasa"]


def test_ruff_fails_on_a_broken_copy(tmp_path):
    copy = _copy(tmp_path)
    target = copy / "bot" / "care" / "screening.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n\ndef unused():\n    return undefined_name\n", encoding="utf-8")
    result = ruff(copy)
    assert result.returncode != 0 and "F821" in result.stdout, result.stdout[-3000:]


def _declared() -> tuple[list[str], list[str]]:
    project = tomli.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"], project["optional-dependencies"]["test"]


def test_pyproject_declares_what_requirements_installs():
    runtime, test_tools = _declared()
    lines = (PROJECT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(runtime + test_tools) == sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    assert not set(runtime) & set(test_tools)


def test_the_assistant_does_not_import_a_test_tool():
    """A deployment installs the runtime list only; a test tool imported by bot/ or actions/ would fail there."""
    _, test_tools = _declared()
    modules = {"pytest", "httpx", "playwright", "axe_playwright_python", "ruff", "mypy", "importlinter"}
    assert len(test_tools) == len(modules)  # one import name per test tool: a new tool must be added here
    found = sorted(f"{path.relative_to(PROJECT)}: {name}" for folder in ("bot", "actions")
                   for path in (PROJECT / folder).rglob("*.py") for name in _imported_packages(path) & modules)
    assert found == []
