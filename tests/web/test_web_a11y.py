"""axe-core, run in the page by headless Chromium, finds nothing serious or critical on the chat (a
question open, with its number box and clause), on a result with its folded rows and clauses open, and
on the staff page. Each run costs most of a second: three of them cover every kind of element."""

from __future__ import annotations

from web_helpers import axe_findings, open_chat, send


def test_the_chat_and_an_open_question(page, live_server):
    open_chat(page, live_server)
    send(page, "我想申请服务平台")
    send(page, "法人")
    send(page, "是")
    page.locator(".prompt details.citation summary").last.click()
    assert axe_findings(page) == []


def test_a_result_with_everything_unfolded(page, live_server, failed_check):
    open_chat(page, live_server, failed_check)
    page.evaluate("document.querySelectorAll('.result details').forEach((d) => { d.open = true; })")
    assert axe_findings(page) == []


def test_the_staff_page(page, live_server):
    page.goto(live_server + "/articles/platform/7#item-3")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#search-input", "场地面积")
    page.press("#search-input", "Enter")
    page.locator(".result-card").first.wait_for()
    assert axe_findings(page) == []
