"""The chat page holds typing to the server's message limit, which it takes from the session it opens."""

from __future__ import annotations

from knowledge.limits import MESSAGE_CHARS


def test_the_input_box_takes_at_most_the_servers_message_limit(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert page.eval_on_selector("#composer-input", "el => el.maxLength") == MESSAGE_CHARS
    page.fill("#composer-input", "问" * (MESSAGE_CHARS + 50))
    assert len(page.input_value("#composer-input")) == MESSAGE_CHARS
