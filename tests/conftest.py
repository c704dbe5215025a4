"""Suite-wide settings: property tests are derandomized under CI (CI=1, set by .ci/run), so a build's
result depends on the code alone; locally they explore afresh each run."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


class ManualClock:
    """A clock the test moves by hand: time is an input, so nothing waits on the real one."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)
