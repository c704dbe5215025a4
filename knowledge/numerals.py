"""Numbers written the Chinese way, for citations (第二十三条) and typed figures (五百万, 1.2千万, 三万五).

One reader for the whole project. Hand-written rather than cn2an: cn2an also rewrites ordinary words
(一般 → 1般, 第三方 → 第3方), so it must only ever see a span that a citation or amount pattern
already matched, and that span is small enough that this reader covers every form people type.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "两": 2, "贰": 2, "俩": 2,
          "三": 3, "叁": 3, "仨": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7,
          "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SECTIONS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUMERAL_CHARS = "".join([*DIGITS, *SMALL_UNITS, *SECTIONS])
_TOKEN = re.compile(r"\d+(?:\.\d+)?|\.\d+|[" + NUMERAL_CHARS + "]")


def _is_single_digit(tok: str) -> bool:
    return tok in DIGITS or (tok.isdigit() and len(tok) == 1)


def read_number(span: str) -> Decimal:
    """'1.2千万' → 12000000; '三千五百万' → 35000000; '3万5' → 35000 (a trailing digit is one unit down).

    Raises ValueError when the span holds no number or digits that do not make one (12 3).
    """
    total = Decimal(0)
    section = Decimal(0)
    digit: Decimal | None = None
    last_unit = None
    tokens = _TOKEN.findall(span)
    if not tokens:
        raise ValueError("没有找到数字。")
    for tok in tokens:
        if tok[0].isdigit() or tok[0] == ".":
            if digit is not None and last_unit is None:
                raise ValueError("数字的写法看不懂。")
            digit = Decimal(tok)
            last_unit = None
        elif tok in DIGITS:
            # 一千零五: 零 holds the place, the next digit replaces it.
            digit = Decimal(DIGITS[tok])
            last_unit = None
        elif tok in SMALL_UNITS:
            section += (digit if digit is not None else Decimal(1)) * SMALL_UNITS[tok]
            digit, last_unit = None, SMALL_UNITS[tok]
        else:
            unit = SECTIONS[tok]
            section += digit if digit is not None else (Decimal(0) if section or total else Decimal(1))
            total = (total + section) * unit if unit > total else total + section * unit
            section, digit, last_unit = Decimal(0), None, unit
    if digit is not None:
        # 三万五 means 35,000 and 一百五 150: a lone trailing digit counts one unit below the last one.
        if last_unit is None and (section or total) and len(tokens) >= 2 and _is_single_digit(tokens[-1]):
            step = SMALL_UNITS.get(tokens[-2]) or SECTIONS.get(tokens[-2])
            if step and step >= 10:
                digit *= Decimal(step) / 10
        section += digit
    return total + section


def cn_to_int(text: str) -> int | None:
    """二十四 → 24, 十五 → 15, 五百万 → 5000000, 一千零五 → 1005; None if not wholly a Chinese numeral."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    try:
        value = read_number(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() else None


def int_to_cn(number: int, *, leading: bool = True) -> str:
    """24 → 二十四, 105 → 一百零五, 2023 → 二千零二十三, 10**8 → 一亿: any integer, as the measures write them.

    Article numbers in the measures stay below 100, but a caller can type any number at all, and a
    message that names the missing article must not fail on it. `leading` is False for the lower
    part of a larger number, where 10–19 are written 一十… (一万零一十五, not 一万零十五).
    """
    if number < 0:
        return "负" + int_to_cn(-number)
    for unit, name in ((100_000_000, "亿"), (10_000, "万")):
        if number >= unit:
            high, low = divmod(number, unit)
            # 一万零五: a gap of a whole place or more inside the lower part is read as 零.
            gap = "零" if 0 < low < unit // 10 else ""
            return int_to_cn(high, leading=leading) + name + (gap + int_to_cn(low, leading=False) if low else "")
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    if number < 20 and leading:  # 十五, not 一十五
        return "十" + (names[number - 10] if number > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            out += ("零" if zero and out else "") + names[digit] + unit
        zero = not digit
    return out
