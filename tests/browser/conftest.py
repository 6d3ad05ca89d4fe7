"""Browser tests: Playwright (sync API) driving Debian's Chromium against the real servers.

The servers come from the session fixture ``servers`` in tests/conftest.py
(Rasa, the action server and the web app on free ports). Every test gets fresh
browser contexts, so each patient starts a new chat session, and each context
is watched: a JavaScript error on the page or any ``alert``/``confirm``/
``prompt`` dialog (the sign of injected script running) fails the test, and so
does a console error the test did not say it expects (a CSP violation, a
failed request).
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.pages import PROJECT, ChatWidget, handoffs_of, leave_contact_details

# Playwright's own browser download does not work here; Debian's Chromium does.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = PROJECT / "docs" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def chromium_path() -> str:
    """Autouse, so without a browser the tests skip (or fail in CI) before any server starts."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        message = ("No Chromium for the browser tests. Install Debian's 'chromium' package "
                   "(apt-get install chromium) or set CHROMIUM=/path/to/chromium.")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


# Package scope, not session: Playwright's sync API keeps an event loop running
# in this thread until it stops, and tests after the browser package call
# asyncio.run() (Rasa SDK actions, the NLU evaluation).
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class BrowserWatch:
    """What the pages of one test did that a user would not want: errors and dialogs."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    expected_console: list[re.Pattern[str]] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)

    def expect_console_error(self, pattern: str) -> None:
        """A console error matching ``pattern`` is part of the test (e.g. a request it makes fail)."""
        self.expected_console.append(re.compile(pattern))

    def unexpected_console_errors(self) -> list[str]:
        return [text for text in self.console_errors
                if not any(pattern.search(text) for pattern in self.expected_console)]

    def attach(self, context: BrowserContext) -> None:
        def on_console(message) -> None:
            if message.type == "error":
                where = message.location.get("url", "") if message.location else ""
                self.console_errors.append(f"{message.text} ({where})")

        def on_dialog(dialog) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {dialog.page.url if dialog.page else '?'}")
            dialog.dismiss()

        def on_web_error(error) -> None:
            page = error.page
            self.page_errors.append(f"{error.error} on {page.url if page else '?'}")

        context.on("console", on_console)
        context.on("dialog", on_dialog)
        context.on("weberror", on_web_error)
        self.contexts.append(context)

    def flush(self) -> None:
        """Lets Playwright deliver events still on their way (they arrive while the sync API waits)."""
        for context in self.contexts:
            for page in context.pages:
                if not page.is_closed():
                    page.wait_for_timeout(100)
                    return

    def problems(self) -> list[str]:
        found = [f"page error: {text}" for text in self.page_errors]
        found += [f"dialog fired (script injection?): {text}" for text in self.dialogs]
        found += [f"console error: {text}" for text in self.unexpected_console_errors()]
        return found

    def fail_on_new_problems(self) -> None:
        problems = [problem for problem in self.problems() if problem not in self.reported]
        self.reported.update(problems)
        if problems:
            pytest.fail("The browser reported problems during the test:\n  " + "\n  ".join(problems))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fails the test itself (not only its teardown) when its pages had errors or dialogs."""
    result = yield
    watch = getattr(item, "funcargs", {}).get("browser_watch")
    if isinstance(watch, BrowserWatch):
        watch.flush()
        watch.fail_on_new_problems()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """On a failure, adds the servers' log tail (500 pages only show a reference; the traceback is there)."""
    report = yield
    servers = getattr(item, "funcargs", {}).get("servers")
    if report.failed and servers is not None and getattr(servers, "log", None):
        try:
            tail = Path(servers.log).read_text(errors="replace").splitlines()[-80:]
        except OSError:
            tail = []
        if tail:
            report.sections.append(("servers.log (last 80 lines)", "\n".join(tail)))
    return report


@pytest.fixture
def browser_watch() -> Iterator[BrowserWatch]:
    watch = BrowserWatch()
    yield watch
    watch.fail_on_new_problems()  # whatever arrived while the contexts closed


@pytest.fixture
def new_context(browser: Browser, servers, browser_watch: BrowserWatch) -> Iterator[Callable[..., BrowserContext]]:
    """Opens fresh, watched contexts (no cookies, no storage) on the web app; all closed after the test."""
    contexts: list[BrowserContext] = []

    def open_context(**options) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=servers.web_url, **options)
        browser_watch.attach(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A page in a fresh 1280×800 context: a new visitor, so a new chat session."""
    return new_context().new_page()


@dataclass(frozen=True)
class StaffAccount:
    username: str
    password: str


def add_staff(servers, prefix: str, role: str) -> StaffAccount:
    """A new account on the servers' database, made with the documented CLI command."""
    account = StaffAccount(f"{prefix}-{secrets.token_hex(3)}", f"Browser suite {secrets.token_urlsafe(12)}")
    result = subprocess.run(
        [sys.executable, "-m", "bot.ops.cli", "staff", "add", account.username, "--role", role, "--password-stdin"],
        input=account.password + "\n", capture_output=True, text=True, cwd=PROJECT, timeout=120,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{servers.handoffs_db}"},
    )
    assert result.returncode == 0, f"staff add failed:\n{result.stdout}\n{result.stderr}"
    return account


@pytest.fixture(scope="session")
def staff_account(servers) -> StaffAccount:
    """One admin account for the whole session."""
    return add_staff(servers, "browser-admin", "admin")


@pytest.fixture(scope="session")
def clinic() -> dict:
    return yaml.safe_load((PROJECT / "knowledge" / "clinic.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@dataclass(frozen=True)
class PatientHandoff:
    """A routine "talk to a person" handoff a patient left through the widget, with contact details."""

    id: str
    first_message: str
    name: str
    phone: str
    when: str


@pytest.fixture(scope="package")
def patient_handoff(browser: Browser, servers, knowledge) -> PatientHandoff:
    """Made once for the staff tests, by a patient in the widget, the way test 3 does it."""
    watch = BrowserWatch()
    context = browser.new_context(base_url=servers.web_url, viewport=DESKTOP)
    watch.attach(context)
    try:
        chat = ChatWidget(context.new_page()).visit().open()
        first = "I would like to speak to someone at the clinic please"
        chat.say(first)
        leave_contact_details(chat, knowledge, "Avery Quinn", "+1 555 010 0177", "afternoons after 2")
        [(handoff_id, reason, urgency, _)] = handoffs_of(servers.handoffs_db, chat.conversation_id())
        assert (reason, urgency) == ("request", "routine")
    finally:
        context.close()
    assert not watch.problems(), watch.problems()
    return PatientHandoff(handoff_id, first, "Avery Quinn", "+1 555 010 0177", "afternoons after 2")
