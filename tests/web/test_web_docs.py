"""The API page in headless Chromium: Swagger UI renders from the server's own files under its strict CSP."""

from __future__ import annotations


def test_the_api_page_renders_every_operation_with_nothing_refused_or_fetched_elsewhere(page, live_server):
    refused, elsewhere = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: None if r.url.startswith(live_server) or r.url.startswith("data:")
            else elsewhere.append(r.url))
    page.goto(live_server + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/ask", "/cite", "/search", "/checks", "/chat/sessions"} <= {p.strip() for p in paths}
    assert refused == [] and elsewhere == []
