"""How much of each input the assistant reads: one number per input, imported by every layer.

The page, the API schemas, the dialog engine and the store all take their limits from here, so a
message the page lets through is never refused by the API, and one the API accepts is never cut by
the store. The numbers fit a public hotline: the longest question in four written question sets is
96 characters, so 500 leaves room for a pasted paragraph while keeping the cost of a turn flat.
"""

from __future__ import annotations

from datetime import date

QUESTION_CHARS = 500
"""A hotline question (/ask) and a chat message, which may itself be a question."""
MESSAGE_CHARS = QUESTION_CHARS
CITATION_CHARS = 100
"""A citation string (/cite): a measure's full title in 《》 and 第十二条第（三）项 is about 35."""
SEARCH_QUERY_CHARS = 200
SEARCH_RESULTS = 50

LARGEST_FIGURE = 10**12
"""No count, amount (万元), area or score an organisation reports comes near this; larger is a typo."""
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)
"""Dates outside these are typos (0 read as 1970-01-01, 9999-12-31), and date arithmetic on them fails."""
ISO_DAY = r"^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
"""The pattern of a date an input accepts: ISO, within the years above (whole years, so no ge/le besides)."""
assert (EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()) == ("1900-01-01", "2099-12-31"), "update ISO_DAY"

_SPACE = "\t-\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NON_BLANK = f"[^{_SPACE}]"
"""Pattern of a text input that must hold more than spaces. The class is spelt out rather than \\S,
which Python, Rust (pydantic) and Hypothesis (schemathesis) each read a little differently."""
