"""A self-check is never lost: left idle past the timeout it is paused, and it resumes with every answer,
on the same browser or through the link that continues it on another device. Time is the app's clock,
moved by the test (conftest.py), never waited for."""

from __future__ import annotations

from web_helpers import current_question, open_chat, press, send


def test_a_self_check_left_idle_past_the_timeout_resumes_on_another_device_with_every_answer(
        page, browser, live_server, move_clock):
    open_chat(page, live_server)
    send(page, "能不能入驻创新券平台")
    for answer in ["法人", "2020-01-15", "是"]:
        send(page, answer)
    question = current_question(page)

    page.click("#keep-link")
    link = page.locator("dialog.sheet .link-box").input_value()
    assert link.startswith(live_server + "/#s=")  # the id rides in the fragment, which no request carries
    page.locator("dialog.sheet button", has_text="复制链接").click()
    assert page.evaluate("window.__lastCopied") == link

    move_clock(minutes=31)
    other = browser.new_context(locale="zh-CN", reduced_motion="reduce")  # another device: nothing stored
    try:
        elsewhere = other.new_page()
        elsewhere.goto(link)
        elsewhere.wait_for_selector("body[data-ready=true]")
        assert elsewhere.evaluate("location.hash") == ""  # taken out of the address bar once read
        assert "已填写的 3 项都保留着" in elsewhere.locator(".bubble.bot").all_inner_texts()[-2]
        assert current_question(elsewhere) == question
        for answer in ["是", "是", "是", "是", "是", "还没核验"]:
            send(elsewhere, answer)
        assert elsewhere.locator(".bubble", has_text="欢迎回来").count() == 1  # said once, not again on the next answer
        review = elsewhere.locator(".review").last.inner_text()
        for kept in ["法人", "2020年1月15日"]:
            assert kept in review
        press(elsewhere, "确认，查看结果")
        assert "结论：符合条件" in elsewhere.locator(".result .headline").inner_text()
    finally:
        other.close()


def test_a_link_to_a_conversation_that_is_gone_starts_a_new_one_and_says_why(page, live_server):
    open_chat(page, live_server, "AAAAAAAAAAAAAAAAAAAAAA")
    assert "这个链接对应的对话已不存在" in page.locator("#status").inner_text()
    assert page.locator("#choices button", has_text="能否入驻创新券平台").is_visible()
