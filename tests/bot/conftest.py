"""Fixtures for the engine tests; the driver itself lives in bot_dialog_driver."""

from __future__ import annotations

import pytest

from bot_dialog_driver import Chat


@pytest.fixture
def chat() -> Chat:
    return Chat()
