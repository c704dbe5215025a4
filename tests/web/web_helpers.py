"""What the browser tests do again and again: open the chat, type, press, drive a conversation over
HTTP, ask axe-core. Fixtures live in conftest.py; these are plain functions to import."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

START = datetime(2026, 11, 22, 2, tzinfo=timezone.utc)
"""When the app's clock stands during the browser tests: 10:00 in Shanghai, both measures in force."""
AXE = Path(__file__).resolve().parents[2] / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def talk(live_server: str, *texts: str) -> str:
    """A conversation driven over HTTP, for tests about what the page shows of it; returns its id."""
    with httpx.Client(base_url=live_server) as client:
        sid = client.post("/chat/sessions").json()["session_id"]
        for text in texts:
            client.post(f"/chat/sessions/{sid}/messages", json={"text": text}).raise_for_status()
    return sid


FAILED_PLATFORM_CHECK = ("/flow platform_apply", "法人", "是", "60", "是", "是", "800万", "120", "12", "8", "是", "否", "否", "确认")


def open_chat(page, live_server, session: str | None = None):
    """The chat page; with `session`, through the link that continues that conversation."""
    page.goto(live_server + "/" + (f"#s={session}" if session else ""))
    page.wait_for_selector("body[data-ready=true]")


def axe_findings(page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now, one line each."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run scripts/setup --browser")
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser itself: the page's CSP stands
    # axe checks only what is on screen, and the chat scrolls inside its own box: make room for all of it.
    size = page.viewport_size
    tallest = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map((n) => n.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], tallest + 400)})
    try:
        # target-size (WCAG 2.2, 24 px) is off by default in axe; phones are half of this chat's users.
        found = page.evaluate("() => axe.run(document, {resultTypes: ['violations'],"
                              " rules: {'target-size': {enabled: true}}})")["violations"]
    finally:
        page.set_viewport_size(size)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in found if v["impact"] in ("serious", "critical")]


def send(page, text: str) -> None:
    """Types a line in the composer and waits for the reply."""
    page.fill("#composer-input", text)
    page.press("#composer-input", "Enter")
    page.wait_for_function("() => !document.getElementById('send').disabled")


def press(page, label: str) -> None:
    page.locator("#choices button", has_text=label).first.click()
    page.wait_for_function("() => !document.getElementById('send').disabled")


def current_question(page) -> str:
    return page.locator(".prompt .question").last.inner_text()
