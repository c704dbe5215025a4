"""Telegram's limits without a network: message splitting, keyboards, callback data, token redaction."""

from __future__ import annotations

import html
import logging
import re

import pytest
from tg_standin import BadHtml, parse_telegram_html, utf16

from bot.models import Choice
from bot.telegram.config import MissingSetting, TelegramConfig, webhook_enabled
from bot.telegram.logs import REDACTED, protect
from bot.telegram.render import (CHUNK_LIMIT, callback_data, keyboard_layout, parse_callback_data, split_html,
                                 utf16_len)


def _visible(pieces: list[str]) -> str:
    return "".join(parse_telegram_html(p) for p in pieces)


def test_a_short_message_is_sent_whole():
    assert split_html("<b>标题</b>\n正文 &amp; 更多") == ["<b>标题</b>\n正文 &amp; 更多"]
    assert split_html("\n\n") == []


def test_a_long_reply_is_cut_between_blocks_and_every_piece_is_valid_html():
    blocks = [f"<b>第{n}段</b>\n" + html.escape(f"条款 {n} <内容> & 说明。" * 25) for n in range(12)]
    text = "\n\n".join(blocks)
    pieces = split_html(text, 1000)
    assert len(pieces) > 3
    for piece in pieces:
        assert utf16_len(piece) <= 1000
        parse_telegram_html(piece)  # raises if a tag or an entity was cut
        assert piece.startswith("<b>第"), "each piece starts at a block boundary"
    assert _visible(pieces).replace("\n", "") == parse_telegram_html(text).replace("\n", "")


def test_a_quoted_clause_longer_than_a_message_is_cut_at_its_lines_with_its_tags_reopened():
    clause = "\n".join(f"（{n}）依托单位应当按规定报送年度报告 & 材料" for n in range(400))
    text = "<b>原文</b>\n<blockquote expandable>" + html.escape(clause) + "</blockquote>\n结尾"
    pieces = split_html(text)
    assert len(pieces) >= 3
    for piece in pieces:
        assert utf16_len(piece) <= CHUNK_LIMIT
        parse_telegram_html(piece)
    assert all(p.count("<blockquote expandable>") == p.count("</blockquote>") for p in pieces)
    assert pieces[1].startswith("<blockquote expandable>")
    assert _visible(pieces).replace("\n", "") == parse_telegram_html(text).replace("\n", "")


def test_a_single_endless_line_is_cut_without_breaking_an_entity():
    text = "&amp;" * 3000 + "字" * 3000
    pieces = split_html(text, 700)
    for piece in pieces:
        assert utf16_len(piece) <= 700
        parse_telegram_html(piece)
    assert _visible(pieces) == "&" * 3000 + "字" * 3000


def test_emoji_outside_the_bmp_count_twice():
    assert utf16_len("😀") == 2
    pieces = split_html("😀" * 3000, 4096)
    assert all(utf16(p) <= 4096 for p in pieces) and "".join(pieces) == "😀" * 3000


def test_the_stand_in_refuses_what_telegram_refuses():
    for bad in ("<b>x", "a < b", "x & y", "<script>x</script>", "<b><i>x</b></i>",
                "<blockquote><blockquote>x</blockquote></blockquote>"):
        with pytest.raises(BadHtml):
            parse_telegram_html(bad)


def test_answer_buttons_come_first_and_navigation_last():
    choices = [Choice(label="是", value="是", style="primary"), Choice(label="否", value="否", style="primary"),
               Choice(label="不知道，跳过", value="跳过", style="nav"), Choice(label="上一步", value="上一步", style="nav"),
               Choice(label="取消自检", value="取消", style="danger")]
    assert keyboard_layout(choices) == [[0, 1], [2, 3], [4]]
    menu = [Choice(label=label, value=f"/flow {n}") for n, label in enumerate(["能否申请服务平台", "能否入驻创新券平台"])]
    assert keyboard_layout(menu) == [[0], [1]], "long labels get a row each"


def test_callback_data_is_a_short_position_whatever_the_value():
    long_value = "其他（个体工商户、自然人等）" * 5
    assert len(long_value.encode()) > 64
    data = callback_data(41)
    assert len(data.encode()) <= 64 and parse_callback_data(data) == 41
    for forged in (None, "", "k:", "k:-1", "k:1x", "/flow health", "k:99999"):
        assert parse_callback_data(forged) is None


def test_the_token_is_redacted_from_messages_arguments_and_tracebacks(caplog):
    token = "987654321:SECRET_token-that-must-not-leak"
    protect(token)
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("telegram.ext.Application")
    log.debug("POST https://api.telegram.org/bot%s/getMe", token)
    try:
        raise RuntimeError(f"The token `{token}` was rejected by the server.")
    except RuntimeError:
        logging.getLogger("some.other.module").exception("failed")
    assert token not in caplog.text
    assert REDACTED in caplog.text
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING


def test_settings_come_from_the_environment_and_the_token_is_never_in_their_repr():
    config = TelegramConfig.from_env({"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
                                      "ASSISTANT_DB": "/tmp/x.db", "ASSISTANT_IDLE_MINUTES": "0"})
    assert "1:abc" not in repr(config)
    assert config.api_file_url == "http://127.0.0.1:9/file/bot"
    assert config.db == "/tmp/x.db" and config.idle_timeout is None
    with pytest.raises(MissingSetting, match="TELEGRAM_BOT_TOKEN"):
        TelegramConfig.from_env({})
    with pytest.raises(MissingSetting, match="TELEGRAM_WEBHOOK_SECRET"):
        TelegramConfig.from_env({"TELEGRAM_BOT_TOKEN": "1:abc"}, need_secret=True)
    assert not webhook_enabled({"TELEGRAM_BOT_TOKEN": "1:abc"})
    assert webhook_enabled({"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "s"})
    assert re.search("未设置", str(MissingSetting("未设置")))


@pytest.mark.parametrize("flow,first", [("platform_apply", None), ("health", "以上都是")])
def test_a_result_is_one_message_of_at_most_a_thousand_characters(flow, first):
    """Every figure skipped gives the longest list of open conditions a result can have."""
    from datetime import datetime, timezone

    from bot import Engine
    from bot.models import ResultBlock
    from bot.render_text import result_to_text
    from bot.telegram.render import turn_html

    now = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)
    engine = Engine()
    state, turn = engine.handle(engine.new_state(now), f"/flow {flow}", now)
    if first:
        state, turn = engine.handle(state, first, now)
    while state.mode == "asking":
        state, turn = engine.handle(state, "跳过", now)
    state, turn = engine.handle(state, "确认", now)
    result = next(b for b in turn.blocks if isinstance(b, ResultBlock))
    message = turn_html(turn)
    assert utf16_len(message) <= 1000 and len(split_html(message)) == 1
    assert result.headline in parse_telegram_html(message) and "查看完整结果" in message
    assert utf16_len(result_to_text(result, html=True)) > 2000, "the full table is what the button shows"
