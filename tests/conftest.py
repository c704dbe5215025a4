"""Suite-wide settings: property tests are derandomized under CI (CI=1, set by .ci/run), so a build's
result depends on the code alone; locally they explore afresh each run."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
