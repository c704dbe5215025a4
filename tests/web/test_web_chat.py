"""The chat page in headless Chromium, used the way a newcomer would: typing, pasting, pressing buttons,
reloading, losing the connection, starting over."""

from __future__ import annotations

import httpx

from knowledge import corpus
from knowledge.limits import MESSAGE_CHARS
from web_helpers import START, current_question, open_chat, press, send

LONG_QUESTION = (
    "您好，我们是一家成立三年多的检测服务机构，目前有二十多名固定员工，其中一半左右有中高级职称，"
    "对外提供材料检测和计量校准服务，去年技术服务收入大概六百万元，服务过的外部客户有七八十家。"
    "我们正在考虑申请建设上海市专业技术服务平台，想先弄清楚申报的基本条件。请问申请服务平台对场地面积具体有什么要求？"
    "对外服务的场地需要达到多少平方米？租用的场地算不算？如果场地分布在两个不同的园区，面积可以合并计算吗？"
    "另外对外服务的仪器设施价值总额有没有最低要求？谢谢您耐心解答，麻烦尽量引用原文条款，方便我们内部讨论时对照。我们的情况大致如此。")


def test_a_newcomer_completes_a_voucher_entry_self_check_by_typing(page, live_server):
    open_chat(page, live_server)
    send(page, "能不能入驻创新券平台")
    assert "组织形式" in current_question(page)
    assert "第 1 项 / 共 9 项" in page.locator(".prompt .progress").last.inner_text()
    for text in ["有限公司", "2023年5月", "是", "有", "是", "是的", "有", "是", "还没核验"]:
        send(page, text)
    assert page.locator(".review").last.is_visible()
    assert "2023年5月31日" in page.locator(".review").last.inner_text()  # a month said is kept as the month
    press(page, "确认，查看结果")
    result = page.locator(".result").last
    assert "结论：符合条件" in result.locator(".headline").inner_text()
    assert result.locator("li.condition").count() >= 7

    # A citation is one tap away from its verbatim text, and one more from the clipboard.
    citation = result.locator("details.citation").first
    citation.locator("summary").click()
    quoted = citation.locator("blockquote.clause-text").inner_text()
    assert quoted == corpus(START.date()).clause("voucher-4-2").text
    citation.locator("button.copy-cite").click()
    label = corpus(START.date()).clause("voucher-4-2").label
    assert page.evaluate("window.__lastCopied") == f"{label}：{quoted}"


def test_a_pasted_question_of_260_characters_is_answered_and_one_over_the_limit_is_kept(page, live_server):
    assert len(LONG_QUESTION) >= 260
    open_chat(page, live_server)
    send(page, LONG_QUESTION)
    assert page.locator(".bubble.user").last.inner_text() == LONG_QUESTION
    answer = page.locator(".bubble.answer").last
    assert "answered" in answer.get_attribute("class")
    assert "对外服务场地面积 150 平米以上" in answer.inner_text()
    assert not page.locator("#status").inner_text()

    over = "长" * (MESSAGE_CHARS + 1)  # one past the limit every layer shares, which the server tells the page
    page.fill("#composer-input", over)
    page.press("#composer-input", "Enter")
    assert page.locator("#status").inner_text() == (
        f"这段内容有 {MESSAGE_CHARS + 1} 个字，一条消息最多 {MESSAGE_CHARS} 个字，请删减后再发送。")
    assert page.input_value("#composer-input") == over
    assert page.locator(".bubble.user").count() == 1


def test_a_dropped_connection_is_said_in_chinese_and_the_text_kept(page, context, live_server):
    open_chat(page, live_server)
    context.set_offline(True)
    try:
        send(page, "第七条是什么？")
        status = page.locator("#status").inner_text()
        assert status.startswith("网络") and "Failed" not in status and "。。" not in status
        assert page.input_value("#composer-input") == "第七条是什么？"
    finally:
        context.set_offline(False)
    page.press("#composer-input", "Enter")
    page.wait_for_selector(".bubble.answer")


def test_a_reply_lost_on_the_way_back_is_fetched_again_and_the_answer_counted_once(page, live_server):
    open_chat(page, live_server)
    send(page, "能不能入驻创新券平台")
    first_question = current_question(page)
    bodies = []

    def lose_the_first_reply(route):
        bodies.append(route.request.post_data_json)
        reply = route.fetch()  # the server reads the answer and stores the turn ...
        if len(bodies) == 1:
            route.abort("connectionreset")  # ... but the reply never reaches the page
        else:
            route.fulfill(response=reply)

    page.route("**/messages", lose_the_first_reply)
    send(page, "法人")
    page.unroute("**/messages")
    assert len(bodies) == 2 and bodies[0] == bodies[1] and bodies[0]["client_message_id"]
    assert current_question(page) != first_question and not page.locator("#status").inner_text()
    sid = page.evaluate("() => localStorage.getItem('policy-assistant.session')")
    transcript = httpx.get(f"{live_server}/chat/sessions/{sid}").json()["messages"]
    assert [m["text"] for m in transcript if m["role"] == "user"].count("法人") == 1


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
    assert date_box.get_attribute("max") == START.date().isoformat()  # the app's today, not the machine's
    date_box.fill("2020-01-15")
    page.locator(".widget-date button[type=submit]").click()
    page.wait_for_function("() => !document.getElementById('send').disabled")
    assert "2020年1月15日" in page.locator(".bubble.bot").all_inner_texts()[-2]


def test_the_health_check_shows_its_sections_and_a_total_that_holds(page, live_server):
    open_chat(page, live_server)
    send(page, "帮我看看我们机构")
    assert page.locator(".prompt .progress").last.inner_text().startswith("第 1 项")  # the total is not known yet
    press(page, "尚未加入，想了解能否申请或入驻")
    first = page.locator(".prompt .progress").last.inner_text()
    assert "（第 1 部分 / 共 2 部分）" in first and "第 2 项 / 共 23 项" in first
    press(page, "法人")
    assert "第 3 项 / 共 23 项" in page.locator(".prompt .progress").last.inner_text()


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


def test_answers_are_dropped_only_after_asking_or_with_an_undo(page, live_server):
    open_chat(page, live_server)
    send(page, "能不能入驻创新券平台")
    press(page, "法人")
    press(page, "取消自检")
    press(page, "撤销")
    page.click("#new-chat")
    dialog = page.locator("dialog.sheet")
    assert "开始新对话？" in dialog.inner_text()
    dialog.locator("button", has_text="留在当前对话").click()
    assert "成立" in current_question(page)
    page.click("#new-chat")
    dialog.locator("button", has_text="开始新对话").click()
    page.wait_for_function("() => !document.querySelector('.bubble.user')")
    assert page.locator("#choices .suggestion").count() >= 2  # an idle chat suggests questions


def test_the_hotline_is_one_tap_away(page, live_server):
    open_chat(page, live_server)
    page.click("#hotline")
    assert page.locator("dialog.sheet a[href='tel:12345']").is_visible()
    page.keyboard.press("Escape")
    send(page, "启明星计划怎么申请？")  # out of scope: the answer names the hotline, as a link
    assert page.locator(".bubble.answer").last.locator("a[href='tel:12345']").count() == 1


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


def test_on_a_phone_the_answer_area_keeps_to_a_quarter_of_the_screen(phone_page, live_server):
    def dock_share() -> float:
        return phone_page.evaluate("document.querySelector('.dock').getBoundingClientRect().height / innerHeight")

    open_chat(phone_page, live_server)
    shares = {"menu": dock_share()}
    send(phone_page, "我想申请服务平台")
    press(phone_page, "法人")
    press(phone_page, "是")
    shares["number"] = dock_share()
    phone_page.fill("#composer-input", "长" * 300)  # a long paste grows the box, up to four lines
    phone_page.dispatch_event("#composer-input", "input")
    shares["pasted"] = dock_share()
    assert max(shares.values()) <= 0.26, shares
    width = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal scrolling on a phone: {width}"
