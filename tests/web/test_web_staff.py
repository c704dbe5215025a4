"""The staff page in headless Chromium: find a clause, copy its label with its text, follow deep links,
reload any address it puts in the bar; and what a browser gets for an address that does not exist."""

from __future__ import annotations

import httpx
from web_helpers import START

from knowledge import corpus

TODAY = START.date()


def open_staff(page, url: str):
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def test_staff_finds_article_7_item_3_and_copies_its_label(page, live_server, screenshots):
    open_staff(page, live_server + "/articles")
    page.fill("#search-input", "第七条第（三）项")
    page.press("#search-input", "Enter")
    card = page.locator(".result-card").first
    card.wait_for()
    clause = corpus(TODAY).clause("platform-7-3")
    assert card.locator(".title").inner_text() == clause.label

    card.locator("button.copy-full").click()
    expected = f"{clause.label}：{clause.text}"
    page.wait_for_function("(t) => window.__lastCopied === t", arg=expected)
    assert page.evaluate("navigator.clipboard.readText()") == expected  # the real clipboard, too
    assert "已复制完整引用" in page.locator("#toast").inner_text()

    page.screenshot(path=str(screenshots / "staff-articles.png"))

    card.locator("button.copy-short").click()
    assert page.evaluate("window.__lastCopied") == f"《办法》第七条第（三）项：{clause.text}"


def test_a_deep_link_scrolls_to_and_highlights_the_item(page, live_server, screenshots):
    open_staff(page, live_server + "/articles/platform/7#item-3")
    item = page.locator("#platform-7-3")
    item.wait_for()
    page.wait_for_function("() => document.getElementById('platform-7-3').classList.contains('highlight')")
    assert page.locator(".clause.highlight").count() == 1
    box = item.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    assert item.locator(".paragraph").inner_text() == corpus(TODAY).clause("platform-7-3").text
    page.screenshot(path=str(screenshots / "staff-deep-link.png"))


def test_both_measures_are_shown_article_by_article(page, live_server):
    open_staff(page, live_server + "/articles")
    page.wait_for_selector(".article-card")
    assert page.locator(".article-card").count() == 24
    page.click("#tab-voucher")
    page.wait_for_function("() => location.pathname === '/articles/voucher'")
    page.wait_for_selector("#voucher-15")
    assert page.locator(".article-card").count() == 15
    assert page.locator("#voucher-4 h3").inner_text() == "第四条（入驻基本条件）"
    page.reload()  # the address the tab left in the bar is the page, not its JSON
    page.wait_for_selector("#voucher-15")
    assert page.locator("#tab-voucher").get_attribute("aria-selected") == "true"


def test_an_unknown_address_gets_a_page_in_chinese_in_a_browser_and_json_elsewhere(page, live_server):
    for path in ("/no-such-page", "/static/nope.js", "/articles/nope"):
        response = page.goto(live_server + path)
        assert response.status == 404
        assert page.locator("h1").inner_text() == "找不到这个页面"
        assert page.locator("a[href='/']").is_visible() and page.locator("a[href='tel:12345']").is_visible()
    assert "没有这个文件：nope" in page.locator("main").inner_text()
    api = httpx.get(live_server + "/no-such-page", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.json()["message"]
    assert httpx.get(live_server + "/articles/voucher").json()["id"] == "voucher"


def test_the_table_of_contents_links_to_an_article(page, live_server):
    open_staff(page, live_server + "/articles")
    page.locator("#toc a", has_text="第二十三条").click()
    page.wait_for_function("() => location.pathname === '/articles/platform/23'")
    assert page.locator("#platform-23-whole").get_attribute("class").endswith("highlight")


def test_a_keyword_search_ranks_the_clause(page, live_server):
    open_staff(page, live_server + "/articles")
    page.fill("#search-input", "场地面积")
    page.press("#search-input", "Enter")
    page.locator(".result-card").first.wait_for()
    titles = page.locator(".result-card .title").all_inner_texts()
    assert corpus(TODAY).clause("platform-7-3").label in titles[:3]


def test_a_citation_that_does_not_exist_names_the_valid_range(page, live_server):
    open_staff(page, live_server + "/articles")
    page.fill("#search-input", "办法第三十条")
    page.press("#search-input", "Enter")
    page.wait_for_selector(".search-head")
    assert "共24条" in page.locator(".search-head").inner_text()


def test_search_input_is_shown_as_text(page, live_server):
    open_staff(page, live_server + "/articles")
    page.fill("#search-input", "<img src=x onerror=\"window.__pwned=1\">")
    page.press("#search-input", "Enter")
    page.wait_for_selector(".search-head")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#search-results img").count() == 0
