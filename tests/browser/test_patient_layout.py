"""The chat on a phone and at 200% zoom: the whole panel on screen, the message box and Send usable."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import UI_TIMEOUT, ChatWidget, inside_viewport

# A 1280×800 window at 200% zoom shows 640×400 CSS pixels; device_scale_factor would not change the layout.
SIZES = {"phone": {"width": 375, "height": 667}, "zoom-200": {"width": 640, "height": 400}}


def assert_usable(page: Page, chat: ChatWidget) -> None:
    for name, locator in (("panel", chat.panel), ("message box", chat.input), ("Send", chat.send_button),
                          ("close button", page.get_by_test_id("chat-close"))):
        ok, box = inside_viewport(page, locator)
        assert ok, f"the {name} is not fully inside the {page.viewport_size} viewport: {box}"
    for name, locator in (("message box", chat.input), ("Send", chat.send_button)):
        box = locator.bounding_box()
        # Nothing (e.g. the launcher) covers the control's centre.
        on_top = page.evaluate(
            "([x, y]) => { const el = document.elementFromPoint(x, y); return el && el.dataset.testid; }",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert on_top == locator.get_attribute("data-testid"), f"the {name} is covered by {on_top!r}"
        assert box["height"] >= 40 or name == "message box", f"the {name} is smaller than a 40 px touch target"
    expect(chat.input).to_be_editable()
    expect(chat.send_button).to_be_enabled()


@pytest.mark.parametrize("size", list(SIZES))
def test_chat_panel_fits_and_works_on_small_screens(new_context, size, screenshot_dir):
    page = new_context(viewport=SIZES[size]).new_page()
    chat = ChatWidget(page).visit()
    ok, box = inside_viewport(page, chat.launcher)
    assert ok, f"the launcher is off screen: {box}"
    chat.open()
    expect(chat.disclaimer).to_be_visible()
    assert_usable(page, chat)

    chat.say("how long is the downtime?")
    expect(page.get_by_test_id("answer-source").first).to_be_visible(timeout=UI_TIMEOUT)
    assert_usable(page, chat)
    # The log scrolls to the newest message, which is on screen inside the panel.
    log, newest = chat.log.bounding_box(), chat.assistant_bubbles.last.bounding_box()
    assert log["y"] - 0.5 <= newest["y"] and newest["y"] + newest["height"] <= log["y"] + log["height"] + 0.5, \
        f"the newest message {newest} is scrolled out of the conversation {log}"
    ok, box = inside_viewport(page, chat.assistant_bubbles.last)
    assert ok, f"the newest message is off screen: {box}"
    if size == "phone":
        page.screenshot(path=str(screenshot_dir / "widget-phone.png"))
