"""What the browser tests do on the clinic page (the chat widget) and in the staff console.

Selectors are the widget's documented ``data-testid``s (docs/widget.md) and,
in the console, roles and labels as a staff member reads them.
"""
from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Optional

from playwright.sync_api import Locator, Page, expect

PROJECT = Path(__file__).resolve().parents[2]
# Assistant replies take up to ~10 s on a small machine; the widget itself gives up after 15 s.
REPLY_TIMEOUT = 20_000
UI_TIMEOUT = 5_000


class ChatWidget:
    """The patient's view: the launcher and the chat panel on the clinic page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.get_by_test_id("chat-launcher")
        self.panel = page.get_by_test_id("chat-panel")
        self.log = page.get_by_test_id("chat-log")
        self.input = page.get_by_test_id("chat-input")
        self.send_button = page.get_by_test_id("chat-send")
        self.disclaimer = page.get_by_test_id("chat-disclaimer")
        self.typing = page.get_by_test_id("chat-typing")
        self.error = page.get_by_test_id("chat-error")
        self.retry = page.get_by_test_id("chat-retry")
        self.handoff_status = page.get_by_test_id("chat-handoff-status")
        self.quick_replies = page.get_by_test_id("quick-reply")
        self.patient_bubbles = page.get_by_test_id("msg-patient")
        self.assistant_bubbles = page.get_by_test_id("msg-assistant")
        # Live chat with a person (issue 13).
        self.live_offer = page.get_by_test_id("live-offer")
        self.live_status = page.get_by_test_id("chat-live-status")
        self.staff_bubbles = page.get_by_test_id("msg-staff")
        self.staff_names = page.get_by_test_id("msg-staff-name")
        self.notices = page.get_by_test_id("msg-notice")
        self.staff_typing = page.get_by_test_id("chat-staff-typing")

    def visit(self) -> "ChatWidget":
        self.page.goto("/")
        expect(self.launcher).to_be_visible(timeout=UI_TIMEOUT)
        return self

    def open(self) -> "ChatWidget":
        self.launcher.click()
        expect(self.panel).to_be_visible(timeout=UI_TIMEOUT)
        expect(self.input).to_be_focused()
        return self

    def _wait_for_reply(self, assistant_before: int) -> list[str]:
        """Waits until the typing indicator is gone, then returns the new assistant bubbles' texts."""
        expect(self.typing).to_be_hidden(timeout=REPLY_TIMEOUT)
        expect(self.error).to_have_count(0)
        count = self.assistant_bubbles.count()
        assert count > assistant_before, "the assistant did not answer"
        return [text.strip() for text in self.assistant_bubbles.all_text_contents()[assistant_before:]]

    def say(self, text: str) -> list[str]:
        """Types ``text``, clicks Send and returns what the assistant answered."""
        before = self.assistant_bubbles.count()
        self.input.fill(text)
        self.send_button.click()
        expect(self.patient_bubbles.last).to_have_text(text)
        return self._wait_for_reply(before)

    def click_reply(self, title: str) -> list[str]:
        """Clicks the quick reply ``title`` and returns what the assistant answered."""
        before = self.assistant_bubbles.count()
        self.quick_replies.filter(has_text=re.compile(f"^{re.escape(title)}$")).click()
        expect(self.patient_bubbles.last).to_have_text(title)
        return self._wait_for_reply(before)

    def reply_titles(self) -> list[str]:
        return [text.strip() for text in self.quick_replies.all_text_contents()]

    def last_text(self) -> str:
        """The text of the latest assistant bubble, without its source line or feedback buttons."""
        return self.assistant_bubbles.last.locator("p").first.text_content().strip()

    def entries(self) -> list[tuple[str, str]]:
        """The conversation as shown: (who, text) per line, top to bottom; who is patient, assistant, staff:<label> or notice."""
        return [tuple(entry) for entry in self.page.evaluate("""() => Array.from(
            document.querySelectorAll('[data-testid=chat-log] > .cw-row')).map((row) => {
              const pick = (id) => row.querySelector('[data-testid=' + id + ']');
              if (pick('msg-patient')) return ['patient', pick('msg-patient').textContent.trim()];
              if (pick('msg-notice')) return ['notice', pick('msg-notice').textContent.trim()];
              if (pick('msg-staff')) return ['staff:' + pick('msg-staff-name').textContent.trim(),
                                             pick('msg-staff').querySelector('.cw-text').textContent.trim()];
              const said = row.querySelector('[data-testid=msg-assistant] .cw-text');
              return ['assistant', said ? said.textContent.trim() : ''];
            })""")]

    def token(self) -> Optional[str]:
        return self.page.evaluate("() => window.localStorage.getItem('clinicChatSession')")

    def conversation_id(self) -> str:
        token = self.token()
        assert token, "the widget stored no session token"
        return token.split(".")[0]


def leave_contact_details(chat: ChatWidget, knowledge, name: str, phone: str, when: str) -> None:
    """Answers the assistant's questions (consent, name, phone, time) until it confirms."""
    saved_prefix = knowledge.template("handoff_saved", when="§").split("§")[0]
    answers = {
        knowledge.template("ask_contact_name"): name,
        knowledge.template("ask_contact_reach"): phone,
        knowledge.template("ask_contact_time"): when,
    }
    assert chat.last_text() == knowledge.template("ask_contact_consent")
    chat.click_reply("Yes, please contact me")
    for _ in range(6):
        last = chat.last_text()
        if last.startswith(saved_prefix):
            return
        assert last in answers, f"unexpected question from the assistant: {last!r}"
        chat.say(answers.pop(last))
    raise AssertionError(f"the assistant never confirmed; last message: {chat.last_text()!r}")


def db_rows(db: Path, sql: str, *params) -> list[tuple]:
    connection = sqlite3.connect(str(db))
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def handoffs_of(db: Path, conversation_id: str, timeout: float = 10.0) -> list[tuple]:
    """(id, reason, urgency, status) of the conversation's handoffs, waiting briefly for the first."""
    deadline = time.monotonic() + timeout
    while True:
        rows = db_rows(db, "SELECT id, reason, urgency, status FROM handoffs WHERE conversation_id = ? "
                           "ORDER BY created_at", conversation_id)
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def sign_in(page: Page, username: str, password: str, start: str = "/console/") -> None:
    """Signs in through the login form the console redirects to."""
    page.goto(start)
    expect(page).to_have_url(re.compile(r"/console/login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=UI_TIMEOUT)


def xss_flag(page: Page):
    return page.evaluate("() => window.__xss")


def inside_viewport(page: Page, locator: Locator, tolerance: float = 0.5) -> tuple[bool, dict]:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None, "element is not rendered"
    ok = (box["x"] >= -tolerance and box["y"] >= -tolerance
          and box["x"] + box["width"] <= size["width"] + tolerance
          and box["y"] + box["height"] <= size["height"] + tolerance)
    return ok, box
