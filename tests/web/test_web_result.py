"""A finished self-check as people keep it: on screen (what fails first, met conditions folded,
declarations never ticked), on a phone, on paper and as a PDF."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
from web_helpers import open_chat

PAPER = {"width": 794, "height": 1123}  # A4 at 96 dpi


def last_result(page):
    """The latest result as the engine sent it, from the conversation's record."""
    return page.evaluate("""async () => {
        const id = localStorage.getItem('policy-assistant.session');
        const data = await (await fetch('/chat/sessions/' + id, {headers: {Accept: 'application/json'}})).json();
        const result = data.messages.flatMap((m) => m.turn ? m.turn.blocks : []).filter((b) => b.type === 'result').pop();
        return result;
    }""")


def squeeze(text: str) -> str:
    """Text as compared with a PDF's: no line breaks or spaces, NFKC (so the Kangxi radical ⽇ that a
    CJK font's glyph for 日 may extract as reads 日 again)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed(pdf_text: str, expected: str) -> bool:
    """Whether `expected` is in the PDF's text. The same font maps 门 and the radical ⻔ (U+2ED4, which
    NFKC leaves alone) to one glyph, so any ideograph may come back as a radical of that block."""
    pattern = "".join(f"[{ch}\u2e80-\u2eff]" if "\u4e00" <= ch <= "\u9fff" else re.escape(ch) for ch in squeeze(expected))
    return re.search(pattern, pdf_text) is not None


def test_the_result_leads_with_what_fails_and_folds_what_is_met(page, live_server, failed_check, screenshots):
    open_chat(page, live_server, failed_check)
    result = page.locator(".result.print-target")
    assert "结论：不符合条件" in result.locator(".headline").inner_text()
    shown = result.locator(".report > ol.conditions > li.condition")
    assert [b.split()[-1] for b in shown.locator(".badge").all_inner_texts()[:2]] == ["不满足", "需复核"]
    declared = result.locator("li.row-declared")
    assert declared.count() == 2 and declared.first.is_visible()
    assert all("待核实" in t and "✓" not in t for t in declared.locator(".badge").all_inner_texts())

    met = result.locator("details.met-rows")
    assert "已满足的条件 8 项" in met.locator("> summary").inner_text()
    assert not met.locator("li.row-met").first.is_visible()
    met.locator("> summary").click()
    assert met.locator("li.row-met").count() == 8 and met.locator("li.row-met").first.is_visible()

    page.set_viewport_size({"width": 1280, "height": 1200})
    result.evaluate("(node) => node.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(screenshots / "chat-self-check.png"))


def test_on_a_phone_the_result_is_compact(phone_page, live_server, failed_check, screenshots):
    open_chat(phone_page, live_server, failed_check)
    result = phone_page.locator(".result.print-target")
    screens = result.evaluate("(node) => node.getBoundingClientRect().height / innerHeight")
    assert screens < 2, f"the result is {screens:.1f} screens long"
    width = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal scrolling on a phone: {width}"
    result.evaluate("(node) => node.scrollIntoView({block: 'start'})")
    phone_page.screenshot(path=str(screenshots / "chat-phone.png"))


def test_the_printed_result_is_whole_and_without_the_chat(page, live_server, failed_check, screenshots):
    open_chat(page, live_server, failed_check)
    assert page.locator(".result .print-result").is_visible()  # the button that prints or saves a PDF
    result = last_result(page)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = squeeze("".join(p.extract_text() for p in pdf.pages))

    assert printed(text, result["headline"]) and printed(text, "检查日期：2026年11月22日")
    assert result["notices"] and all(printed(text, n) for n in result["notices"])  # the measure expires soon
    for row in (row for report in result["reports"] for row in report["rows"]):
        assert printed(text, row["condition"]) and printed(text, row["outcome_label"])
        assert not row["figure"] or printed(text, row["figure"])
        assert not row["citation"] or printed(text, row["citation"]["label"] + row["citation"]["text"])
    for chrome in ("请输入问题", "发送", "新对话", "打印", "能否入驻创新券平台"):
        assert not printed(text, chrome), chrome

    page.set_viewport_size(PAPER)
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "chat-printed.png"), full_page=True, clip={"x": 0, "y": 0, **PAPER})
