"""Shared fixtures: the project paths and the trained model."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.knowledge import Knowledge, load
from tests.servers import Servers, start

# Before any test module imports it: its assert_* helpers then show a diff like a test's own asserts.
pytest.register_assert_rewrite("tests.action_case")

PROJECT = Path(__file__).resolve().parent.parent
KNOWLEDGE = PROJECT / "knowledge"
MODEL = PROJECT / "models" / "clinic.tar.gz"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load(KNOWLEDGE, KNOWLEDGE / "clinic.yml")


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ for tests that break or change content."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail("No trained model at models/clinic.tar.gz. Run ./scripts/test, which trains it first.")
    return MODEL


@pytest.fixture(scope="session")
def servers(model, tmp_path_factory) -> Servers:
    """The real Rasa and action servers, started once for all end-to-end tests.

    Tests keep apart by using their own sender id.
    """
    running = start(tmp_path_factory.mktemp("servers"))
    yield running
    running.stop()
