"""The chat page in headless Chromium, used the way a newcomer would: typing, pressing buttons, reloading."""

from __future__ import annotations

from datetime import date

from knowledge import corpus

TODAY = date(2026, 11, 22)


def open_chat(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready=true]")


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


def test_a_newcomer_completes_a_voucher_entry_self_check_by_typing(page, live_server, screenshots):
    open_chat(page, live_server)
    send(page, "能不能入驻创新券平台")
    assert "组织形式" in current_question(page)
    for text in ["有限公司", "2023年5月", "是", "有", "是", "是的", "有", "是", "还没核验"]:
        send(page, text)
    assert page.locator(".review").last.is_visible()
    assert "2023年5月31日" in page.locator(".review").last.inner_text()  # a month said is kept as the month
    press(page, "确认，查看结果")
    result = page.locator(".result").last
    assert "结论：符合条件" in result.locator(".headline").inner_text()
    assert result.locator("table.conditions tbody tr").count() >= 7
    assert "满足" in result.locator(".badge").first.inner_text()

    # A citation is one tap away from its verbatim text.
    citation = result.locator("details.citation").first
    citation.locator("summary").click()
    quoted = citation.locator("blockquote.clause-text").inner_text()
    assert quoted == corpus(TODAY).clause("voucher-4-1").text

    page.set_viewport_size({"width": 1280, "height": 1200})
    page.evaluate("document.querySelector('.result').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "chat-self-check.png"))


def test_a_question_containing_a_script_tag_is_shown_as_text(page, live_server):
    open_chat(page, live_server)
    hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">第七条是什么？"
    send(page, hostile)
    bubble = page.locator(".bubble.user").last
    assert bubble.inner_text() == hostile
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#log script, #log img").count() == 0
    assert page.locator(".bubble.answer").last.is_visible()


def test_the_conversation_survives_a_reload(page, live_server):
    open_chat(page, live_server)
    send(page, "我想申请服务平台")
    send(page, "法人")
    send(page, "是")
    before = page.locator(".bubble").count()
    question = current_question(page)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator(".bubble").count() == before
    assert current_question(page) == question
    assert page.locator("#answer-input").is_visible()  # the number box for the open question
    page.fill("#answer-input", "60")
    page.press("#answer-input", "Enter")
    page.wait_for_function("() => !document.getElementById('send').disabled")
    assert "已记录：对外服务单位数量 60 家" in page.locator(".bubble.bot").all_inner_texts()[-2]


def test_each_prompt_type_gets_a_fitting_input(page, live_server):
    open_chat(page, live_server)
    send(page, "我想申请服务平台")
    assert page.locator("#choices button", has_text="非法人组织").is_visible()  # choice → buttons
    press(page, "法人")
    assert page.locator("#choices button", has_text="是").first.is_visible()  # yes/no → buttons
    press(page, "是")
    unit = page.locator(".widget-number .unit").inner_text()
    assert unit == "家"  # a count → number box with its unit
    page.fill("#answer-input", "60")
    page.locator(".widget-number button[type=submit]").click()
    page.wait_for_function("() => !document.getElementById('send').disabled")
    send(page, "/flow voucher_entry")  # 组织形式 carries over, so the founding date comes next
    date_box = page.locator(".widget-date input[type=date]")
    assert date_box.get_attribute("max") == page.evaluate("new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)")
    date_box.fill("2020-01-15")
    page.locator(".widget-date button[type=submit]").click()
    page.wait_for_function("() => !document.getElementById('send').disabled")
    assert "2020年1月15日" in page.locator(".bubble.bot").all_inner_texts()[-2]


def test_the_grade_picker_sends_grades_in_order(page, live_server):
    open_chat(page, live_server)
    send(page, "/flow platform_duties")
    while "绩效评估等级" not in current_question(page):
        press(page, "不知道，跳过")
    page.locator(".widget-grades .chip", has_text="良好").click()
    page.locator(".widget-grades .chip", has_text="不合格").click()
    assert page.locator(".grades-picked").inner_text() == "良好 → 不合格"
    page.locator(".widget-grades button.primary").click()
    page.wait_for_function("() => !document.getElementById('send').disabled")
    assert "良好、不合格（从早到晚）" in page.locator(".bubble.bot").all_inner_texts()[-2]


def test_the_menu_is_usable_with_the_keyboard_alone(page, live_server):
    open_chat(page, live_server)
    page.locator("#composer-input").focus()
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        label = page.evaluate("document.activeElement.textContent")
        if label == "能否入驻创新券平台":
            break
    else:
        raise AssertionError("the self-check button is not reachable by Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(".prompt")
    assert "组织形式" in current_question(page)
    # Focus moves to the answer buttons, so Enter answers without the mouse.
    assert page.evaluate("document.activeElement.textContent") == "法人"


def test_works_on_a_phone_screen(browser, live_server, screenshots):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, locale="zh-CN")
    page = ctx.new_page()
    try:
        open_chat(page, live_server)
        send(page, "能不能入驻创新券平台")
        for text in ["法人", "2022-03-01", "是", "是", "是", "否", "是", "是", "还没核验"]:
            send(page, text)
        press(page, "确认，查看结果")
        assert "结论：不符合条件" in page.locator(".result .headline").inner_text()
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"horizontal scrolling on a phone: {width}"
        page.evaluate("document.querySelector('.result').scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots / "chat-phone.png"))
    finally:
        ctx.close()
