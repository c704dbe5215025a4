"""A turn as text: plain for logs and the CLI, Telegram-safe HTML with everything user-supplied escaped."""

from __future__ import annotations

from bot.render_text import turn_to_text

from bot_dialog_driver import Chat


def test_html_rendering_escapes_what_the_user_typed():
    chat = Chat()
    chat.says("能不能入驻创新券平台", "法人", "<b>x</b>&<i>")  # unreadable, so it is echoed back
    html = turn_to_text(chat.turn, html=True)
    assert "<i>" not in html and "&lt;b&gt;x&lt;/b&gt;&amp;&lt;i&gt;" in html
    assert "<b>（" in html  # the prompt's own emphasis survives


def test_html_rendering_quotes_clauses_in_expandable_blockquotes():
    chat = Chat()
    chat.say("第七条第（三）项是什么？")
    chat.say("能不能入驻创新券平台")
    html = turn_to_text(chat.turn, html=True)
    assert "<blockquote expandable>" in html and "法人或非法人组织" in html


def test_a_result_as_plain_text_leads_with_the_verdict():
    chat = Chat()
    chat.say("能不能入驻创新券平台")
    chat.answer_until({"org_form": "法人", "established_on": "2025-06-01", "has_fixed_premises": "是",
                       "declares_professional_team": "是", "has_service_specification": "是",
                       "has_financial_rules": "是", "declares_research_integrity": "是",
                       "operating_normally": "是", "verified_on": "还没核验"})
    chat.say("确认")
    text = chat.turn.plain_text()
    lines = text.splitlines()
    assert lines[0] == "创新券平台入驻条件自检结果"
    assert lines[1] == "结论：不符合条件"
    assert "❌ 不满足｜成立日期" in text
    assert "优先处理：" in text


def test_blocks_are_separated_by_blank_lines_for_splitting():
    chat = Chat()
    chat.says("我想申请服务平台", "法人")
    assert "\n\n" in turn_to_text(chat.turn, html=True)
