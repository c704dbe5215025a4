"""Every API test starts with no requests counted against the rate limits, whatever ran before it."""

import pytest

from api.main import app


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    app.state.rate_limits.reset()
