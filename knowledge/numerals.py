"""Chinese numerals to integers, for citations (第二十三条) and typed figures (五百万, 十五个).

Hand-written rather than cn2an: cn2an also rewrites ordinary words (一般 → 1般, 第三方 → 第3方), so
it must only ever see a span that a citation or amount pattern already matched, and that span is
small enough that twenty lines cover every form people type.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
SECTIONS = {"万": 10_000, "亿": 100_000_000}
CHARS = "".join([*DIGITS, *UNITS, *SECTIONS])


def cn_to_int(text: str) -> int | None:
    """二十四 → 24, 十五 → 15, 五百万 → 5000000, 一千零五 → 1005; None if not a numeral."""
    if not text or any(ch not in CHARS for ch in text):
        return None
    total = section = digit = 0
    seen_digit = False
    for ch in text:
        if ch in DIGITS:
            digit, seen_digit = DIGITS[ch], True
        elif ch in UNITS:
            section += (digit if seen_digit else 1) * UNITS[ch]
            digit, seen_digit = 0, False
        else:
            section += digit
            total = (total + section) * SECTIONS[ch] if SECTIONS[ch] > total else total + section * SECTIONS[ch]
            section = digit = 0
            seen_digit = False
    return total + section + digit


def int_to_cn(number: int) -> str:
    """24 → 二十四 for article and item numbers (1–99), as the measures write them."""
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else names[tens]) + "十" + (names[units] if units else "")
